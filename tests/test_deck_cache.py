"""The cache of parsed deck files (`tabletop.deck.cache`): a hit gives the deck a parse gives, and nothing in the
cache folder (a changed file, a corrupt, huge, hostile or misplaced entry, a folder that cannot be written) changes
what a deck is or stops it loading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import tabletop.deck.load as load_module
from tabletop.deck import DeckError, load_deck
from tabletop.deck import cache as deck_cache_module
from tabletop.deck.cache import MAX_ENTRIES, MAX_ENTRY_BYTES, TAG, entry_path, parsed
from tabletop.paths import cache_dir, deck_cache, default_deck, open_deck

SMALL = Path(__file__).parent / "decks" / "small.toml"


def copy_deck(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "deck" / "small.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(SMALL.read_text(encoding="utf-8") if text is None else text, encoding="utf-8")
    return path


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def test_the_cache_is_the_tests_own_folder_never_the_users(tmp_path):
    assert cache_dir() == Path(os.environ["TABLETOP_CACHE_DIR"])
    assert deck_cache() == cache_dir() / "parsed-decks"
    assert not deck_cache().exists()  # each test starts with an empty one


def test_a_hit_gives_the_deck_a_parse_gives_without_parsing(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    first = load_deck(default_deck(), folder)
    [entry] = entries(folder)
    assert entry == entry_path(folder, default_deck().read_bytes())
    assert json.loads(entry.read_text(encoding="utf-8"))["data"] == tomllib.loads(default_deck().read_text("utf-8"))
    monkeypatch.setattr(load_module, "_parse", lambda text: pytest.fail("parsed, not read from the cache"))
    again = load_deck(default_deck(), folder)
    monkeypatch.undo()
    parsed_now = load_deck(default_deck())  # no cache at all
    assert again == first == parsed_now
    assert again.origin.sha256 == parsed_now.origin.sha256 and again.origin.files == parsed_now.origin.files


def test_open_deck_keeps_the_file_in_the_cache_folder():
    deck = open_deck(SMALL)
    assert entries(deck_cache()) == [entry_path(deck_cache(), SMALL.read_bytes())]
    assert open_deck(SMALL) == deck == load_deck(SMALL)


def test_types_come_back_exactly(tmp_path):
    text = 'a = 1\nb = 1.0\nc = true\nd = -0.0\ne = [1, 2.5, "x"]\n[f]\ng = { h = 3 }\n'
    raw = text.encode()
    data = parsed(tmp_path, raw, text, tomllib.loads)
    again = parsed(tmp_path, raw, text, lambda t: pytest.fail("parsed again"))
    assert again == data
    assert [type(again[k]) for k in "abcd"] == [int, float, bool, float]
    assert str(again["d"]) == "-0.0" and type(again["e"][1]) is float and again["f"]["g"]["h"] == 3


@pytest.mark.parametrize("text", [
    "when = 2018-06-12\n",  # dates and times do not come back from JSON
    "when = 07:32:00\n",
    "when = 1979-05-27T07:32:00Z\n",
    "x = [1, { y = 1979-05-27 }]\n",
    "x = nan\n",  # nor do TOML's nan and inf (JSON has no such numbers)
    "x = -inf\n",
])
def test_data_that_json_cannot_give_back_is_never_kept(tmp_path, text):
    data = parsed(tmp_path, text.encode(), text, tomllib.loads)
    assert str(data) == str(tomllib.loads(text))
    assert entries(tmp_path) == []


def test_a_deck_file_with_a_date_is_parsed_every_time_and_its_error_names_the_line(tmp_path):
    text = SMALL.read_text(encoding="utf-8").replace('source = "Written for tabletop\'s tests"', "source = 2018-06-12")
    path = copy_deck(tmp_path, text)
    folder = tmp_path / "cache"
    messages = []
    for _ in range(2):
        with pytest.raises(DeckError) as e:
            load_deck(path, folder)
        messages.append(str(e.value))
    assert entries(folder) == []
    assert messages[0] == messages[1]
    assert f"{path}:5:" in messages[0] and "deck.source" in messages[0]


def test_a_deck_error_read_from_the_cache_names_file_line_and_key_as_a_parse_does(tmp_path, monkeypatch):
    path = copy_deck(tmp_path, SMALL.read_text(encoding="utf-8").replace("rounds = 4", 'rounds = "four"'))
    folder = tmp_path / "cache"
    with pytest.raises(DeckError) as parsed_error:
        load_deck(path, folder)
    assert len(entries(folder)) == 1  # the file is valid TOML: its data is kept
    monkeypatch.setattr(load_module, "_parse", lambda text: pytest.fail("parsed, not read from the cache"))
    with pytest.raises(DeckError) as cached_error:
        load_deck(path, folder)
    assert str(cached_error.value) == str(parsed_error.value)
    assert f"{path}:6:" in str(cached_error.value) and "deck.rounds" in str(cached_error.value)


def test_a_syntax_error_is_reported_as_before_and_not_kept(tmp_path):
    path = copy_deck(tmp_path, SMALL.read_text(encoding="utf-8").replace("rounds = 4", "rounds = = 4"))
    folder = tmp_path / "cache"
    with pytest.raises(DeckError) as e:
        load_deck(path, folder)
    assert f"{path}:6:" in str(e.value) and "expected valid TOML, found a syntax error" in str(e.value)
    assert entries(folder) == []


def test_a_changed_file_misses(tmp_path):
    path = copy_deck(tmp_path)
    folder = tmp_path / "cache"
    assert load_deck(path, folder).deck.title == "Harbour talks"
    path.write_text(SMALL.read_text(encoding="utf-8").replace("Harbour talks", "Harbour talks, again"), "utf-8")
    changed = load_deck(path, folder)
    assert changed.deck.title == "Harbour talks, again"
    assert changed == load_deck(path) and len(entries(folder)) == 2


def test_an_included_file_is_kept_and_its_change_misses(tmp_path):
    deck = tmp_path / "deck"
    deck.mkdir()
    text = SMALL.read_text(encoding="utf-8")
    cut = text.index("[[events]]")
    (deck / "main.toml").write_text('include = ["events.toml"]\n' + text[:cut], encoding="utf-8")
    (deck / "events.toml").write_text(text[cut:], encoding="utf-8")
    folder = tmp_path / "cache"
    first = load_deck(deck / "main.toml", folder)
    assert len(entries(folder)) == 2 and first == load_deck(deck / "main.toml")
    (deck / "events.toml").write_text(text[cut:].replace("[[events]]", "# edited\n[[events]]", 1), encoding="utf-8")
    changed = load_deck(deck / "main.toml", folder)
    assert changed.origin.sha256 != first.origin.sha256 and len(entries(folder)) == 3


def good_entry(path: Path, folder: Path) -> dict:
    load_deck(path, folder)
    return json.loads(entry_path(folder, path.read_bytes()).read_text(encoding="utf-8"))


def hostile_entries(path: Path, other: Path, folder: Path) -> dict[str, bytes]:
    """What could be found in the place of ``path``'s entry: all well-formed JSON unless named otherwise."""
    good = good_entry(path, folder)
    theirs = good_entry(other, folder)
    text = json.dumps(good).encode()
    assert b'"rounds": 4,' in text

    def entry(**changes) -> bytes:
        return json.dumps({**good, **changes}).encode()

    return {
        "empty": b"",
        "not JSON": b"{not json",
        "truncated": text[:1000],
        "not UTF-8": b'{"format": "\xff"}',
        "a list": b"[1, 2, 3]",
        "keys missing": json.dumps({"data": good["data"]}).encode(),
        "a key more": entry(extra=1),
        "another format": entry(format="cpython-2.7.0-f0"),
        "another file's sha256": entry(sha256="0" * 64),
        "another size": entry(size=good["size"] + 1),
        "size as text": entry(size=str(good["size"])),
        "size as a float": entry(size=float(good["size"])),
        "data a list": entry(data=[good["data"]]),
        "data null": entry(data=None),
        "a null inside": entry(data={**good["data"], "deck": {**good["data"]["deck"], "rounds": None}}),
        "NaN inside": entry(data={**good["data"], "deck": {**good["data"]["deck"], "rounds": float("nan")}}),
        "infinity inside": text.replace(b'"rounds": 4,', b'"rounds": 1e999,', 1),
        "an integer too long": text.replace(b'"rounds": 4,', b'"rounds": ' + b"9" * 5000 + b",", 1),
        "nested too deep": text.replace(b'"rounds": 4,', b'"rounds": ' + b"[" * 100_000 + b"]" * 100_000 + b",", 1),
        "too large": entry(data={**good["data"], "padding": "x" * MAX_ENTRY_BYTES}),
        "another file's entry": json.dumps(theirs).encode(),  # well-formed, for another file: its sha256 says so
        "another file's data, its size": entry(data=theirs["data"], size=theirs["size"]),
        "another file's data, its sha256": entry(data=theirs["data"], sha256=theirs["sha256"]),
    }


def test_a_corrupt_or_hostile_entry_is_ignored_and_replaced(tmp_path):
    path = copy_deck(tmp_path)
    other = tmp_path / "other.toml"
    other.write_text(SMALL.read_text(encoding="utf-8").replace("Harbour talks", "Another harbour"), "utf-8")
    folder = tmp_path / "cache"
    expected = load_deck(path)
    place = entry_path(folder, path.read_bytes())
    good = good_entry(path, folder)
    for name, body in hostile_entries(path, other, folder).items():
        place.write_bytes(body)
        deck = load_deck(path, folder)
        assert deck == expected, name
        assert deck.deck.title == "Harbour talks", name
        assert json.loads(place.read_text(encoding="utf-8")) == good, name  # replaced by a good entry (or was one)


def _forged(folder):
    """A file's text, its entry's place and the entry parsing made, where an entry with other data now is."""
    text = "a = 1\n"
    parsed(folder, text.encode(), text, tomllib.loads)
    place = entry_path(folder, text.encode())
    good = json.loads(place.read_text(encoding="utf-8"))
    place.write_text(json.dumps({**good, "data": {"a": 2}}), encoding="utf-8")
    return text, place, good


def test_an_entry_writable_by_others_is_ignored(tmp_path):
    if not hasattr(os, "geteuid"):
        pytest.skip("no owners and modes here")
    text, place, good = _forged(tmp_path)
    place.chmod(0o666)  # anyone could have written it
    assert parsed(tmp_path, text.encode(), text, tomllib.loads) == {"a": 1}
    assert json.loads(place.read_text(encoding="utf-8")) == good and place.stat().st_mode & 0o022 == 0  # replaced


def test_an_entry_owned_by_another_user_is_ignored(tmp_path):
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("giving a file to another user takes root")
    text, place, good = _forged(tmp_path)
    os.chown(place, 65534, 65534)
    assert parsed(tmp_path, text.encode(), text, tomllib.loads) == {"a": 1}
    assert place.stat().st_uid == 0


def test_a_forged_entry_can_give_only_what_a_toml_file_could_and_the_decks_checks_judge_it(tmp_path):
    """An entry of the right file, Python and size, of our own, of TOML's shape, whose data is not the file's:
    made on purpose (the key is the SHA-256 of the file's bytes: no other file's entry matches). It is data like
    any deck's: checked as a deck, reported as a deck's errors, never run and never a crash."""
    path = copy_deck(tmp_path)
    folder = tmp_path / "cache"
    good = good_entry(path, folder)
    place = entry_path(folder, path.read_bytes())
    forged = {"deck": {"id": ["x"], "rounds": True}, "cards": "many", "include": [1, {"a": 1.5}], "?": {"": []}}
    place.write_text(json.dumps({**good, "data": forged}), encoding="utf-8")
    with pytest.raises(DeckError) as e:
        load_deck(path, folder)
    assert f"{path}:" in str(e.value) and "deck.id" in str(e.value) and "Traceback" not in str(e.value)


def test_a_fifo_in_the_entrys_place_does_not_hang_the_start(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    path = copy_deck(tmp_path)
    folder = tmp_path / "cache"
    folder.mkdir()
    place = entry_path(folder, path.read_bytes())
    os.mkfifo(place)
    assert load_deck(path, folder) == load_deck(path)  # read with no writer: it would block for ever


def test_an_entry_that_is_a_folder_or_unreadable_is_ignored(tmp_path):
    path = copy_deck(tmp_path)
    folder = tmp_path / "cache"
    place = entry_path(folder, path.read_bytes())
    place.mkdir(parents=True)
    assert load_deck(path, folder) == load_deck(path)
    assert place.is_dir()  # could not be replaced: nothing more happened


def test_a_cache_folder_that_cannot_be_written_still_loads(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert load_deck(SMALL, blocker / "decks") == load_deck(SMALL)
    assert load_deck(SMALL, blocker) == load_deck(SMALL)  # the folder itself a file
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_write_that_fails_half_way_leaves_nothing_behind(tmp_path, monkeypatch):
    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(deck_cache_module.os, "replace", fail)
    assert load_deck(SMALL, tmp_path) == load_deck(SMALL)
    assert list(tmp_path.iterdir()) == []


def test_the_folder_keeps_the_newest_entries(tmp_path):
    for n in range(MAX_ENTRIES + 5):
        text = f"n = {n}\n"
        parsed(tmp_path, text.encode(), text, tomllib.loads)
        os.utime(entry_path(tmp_path, text.encode()), (1_000_000 + n, 1_000_000 + n))  # in order, whatever the clock
    kept = entries(tmp_path)
    assert len(kept) == MAX_ENTRIES
    assert {json.loads(p.read_text(encoding="utf-8"))["data"]["n"] for p in kept} == set(range(5, MAX_ENTRIES + 5))


def test_a_hit_counts_as_recent_use(tmp_path):
    text = "n = 0\n"
    parsed(tmp_path, text.encode(), text, tomllib.loads)
    place = entry_path(tmp_path, text.encode())
    os.utime(place, (1_000_000, 1_000_000))
    parsed(tmp_path, text.encode(), text, lambda t: pytest.fail("parsed again"))
    assert place.stat().st_mtime > 1_000_000


def test_entries_name_the_python_that_parsed_them(tmp_path):
    parsed(tmp_path, b"a = 1\n", "a = 1\n", tomllib.loads)
    [entry] = entries(tmp_path)
    assert entry.name.endswith(f".{TAG}.json") and TAG.startswith(sys.implementation.name)
    assert f"{sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro}" in TAG


START = """
import sys
from tabletop.paths import default_deck, open_deck
open_deck(default_deck())
print("tomllib" in sys.modules)
"""


def test_a_deck_read_from_the_cache_never_loads_the_toml_parser():
    runs = [subprocess.run([sys.executable, "-c", START], capture_output=True, text=True, timeout=60)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert [r.stdout.strip() for r in runs] == ["True", "False"]  # parsed the first time, read from the cache then


@pytest.mark.parametrize("data", [
    {"a": (1, 2)},  # a tuple comes back a list
    {1: "one"},  # a number as a key comes back a string
    {"a": {"b": [1, {"c": (3,)}]}},
])
def test_only_data_that_comes_back_from_json_exactly_is_kept(tmp_path, data):
    """TOML gives none of these; the cache keeps what its parser gives only if JSON gives it back, types and all."""
    assert parsed(tmp_path, b"x", "x", lambda text: data) == data
    assert entries(tmp_path) == []


def test_the_folder_keeps_no_more_than_its_entries_and_removes_nothing_else(tmp_path):
    """Only entries and temporary files of the cache are removed: a folder named by mistake loses nothing."""
    others = [tmp_path / "notes.json", tmp_path / ("0" * 64 + ".json"), tmp_path / ".hidden.tmp", tmp_path / "deck.toml"]
    for n, path in enumerate(others):
        path.write_text("mine", encoding="utf-8")
        os.utime(path, (1_000 + n, 1_000 + n))  # older than every entry
    for n in range(MAX_ENTRIES + 3):
        text = f"n = {n}\n"
        parsed(tmp_path, text.encode(), text, tomllib.loads)
    left_over = tmp_path / ".tabletop-deck-abc123.tmp"  # a write stopped half-way, long ago
    left_over.write_text("{", encoding="utf-8")
    os.utime(left_over, (2_000, 2_000))
    parsed(tmp_path, b"n = -1\n", "n = -1\n", tomllib.loads)
    assert all(path.read_text(encoding="utf-8") == "mine" for path in others)
    assert len([p for p in entries(tmp_path) if p.name.count(".") > 1]) == MAX_ENTRIES and not left_over.exists()
