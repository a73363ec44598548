"""Every kind of deck error, with the exact message a facilitator sees.

Each ``tests/decks/broken/NAME.toml`` has a ``NAME.expected`` beside it: the exact
lines `tabletop check NAME.toml` prints (run from that folder). To review a change
of wording, regenerate them with ``python tests/test_deck_errors.py`` and read the diff.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.deck import DeckError, inspect_deck, load_deck
from tabletop.deck.load import MAX_FILE_BYTES, MAX_INCLUDE_DEPTH

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "decks" / "broken"
CASES = sorted(p.stem for p in BROKEN.glob("*.expected"))
MINIMAL = (HERE / "decks" / "minimal.toml").read_text(encoding="utf-8")


def check_output(name: str) -> tuple[int, str]:
    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(BROKEN)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["check", f"{name}.toml"])
    finally:
        os.chdir(cwd)
    return code, err.getvalue()


def test_the_corpus_covers_every_kind_of_error():
    assert len(CASES) >= 14


@pytest.mark.parametrize("name", CASES)
def test_broken_deck_gives_the_exact_messages(name):
    code, out = check_output(name)
    assert code == 1
    assert out == (BROKEN / f"{name}.expected").read_text(encoding="utf-8")


def test_ten_mistakes_give_ten_messages():
    code, out = check_output("ten_mistakes")
    lines = out.splitlines()
    assert code == 1 and lines[-1] == "ten_mistakes.toml: 10 errors"
    assert len(lines) == 11
    for line in lines[:-1]:
        file, row, col, rest = line.split(":", 3)
        assert file == "ten_mistakes.toml" and int(row) > 0 and int(col) > 0, line
        assert ("expected" in rest and "found" in rest) or "unknown key" in rest or "missing key" in rest, line


def test_load_deck_raises_with_every_problem():
    with pytest.raises(DeckError) as e:
        load_deck(BROKEN / "ten_mistakes.toml")
    assert len(e.value.problems) == 10
    assert "10 errors in deck" in str(e.value)


def write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    return [p.message for p in inspect_deck(path).errors]


def test_file_too_large(tmp_path):
    path = write(tmp_path, "big.toml", MINIMAL + "\n# " + "x" * MAX_FILE_BYTES + "\n")
    [msg] = messages(path)
    assert msg.startswith(f"expected a file of at most {MAX_FILE_BYTES:,} bytes, found {MAX_FILE_BYTES + 1020:,} bytes")


def test_include_depth_is_bounded(tmp_path):
    for i in range(MAX_INCLUDE_DEPTH + 2):
        write(tmp_path, f"part{i}.toml", f'include = ["part{i + 1}.toml"]\n')
    write(tmp_path, f"part{MAX_INCLUDE_DEPTH + 2}.toml", "")
    path = write(tmp_path, "main.toml", 'include = ["part0.toml"]\n' + MINIMAL)
    assert messages(path) == [f"expected includes at most {MAX_INCLUDE_DEPTH} deep, found deeper nesting at 'part8.toml'"]


@pytest.mark.parametrize(
    "include, expected",
    [("/etc/passwd", "expected a path relative to the deck's folder, found an absolute path '/etc/passwd'"),
     ("notes.txt", "expected a .toml file, found 'notes.txt'"),
     ("missing.toml", "expected a deck file, found nothing at "),
     ("sub/../../escape.toml", "which leads outside it")],
)
def test_bad_includes(tmp_path, include, expected):
    write(tmp_path, "notes.txt", "")
    path = write(tmp_path, "deck/main.toml", f"include = [{include!r}]\n" + MINIMAL)
    [msg] = messages(path)
    assert expected in msg


def test_include_through_symlink_leaving_the_folder_is_refused(tmp_path):
    write(tmp_path, "outside.toml", "")
    (tmp_path / "deck").mkdir()
    (tmp_path / "deck" / "link.toml").symlink_to(tmp_path / "outside.toml")
    path = write(tmp_path, "deck/main.toml", 'include = ["link.toml"]\n' + MINIMAL)
    [msg] = messages(path)
    assert "leads outside it" in msg


def test_included_files_merge_and_report_their_own_lines(tmp_path):
    write(tmp_path, "more.toml", '[[events]]\nid = "storm"\ntitle = "Storm"\ntext = "Rain."\neffects = { trsut = 1 }\n')
    path = write(tmp_path, "main.toml", 'include = ["more.toml"]\n' + MINIMAL)
    [problem] = inspect_deck(path).errors
    assert str(problem).endswith("more.toml:5:13: events[0].effects.trsut: expected a tally id as the key of an effect, "
                                 "found 'trsut' (did you mean 'trust'?); known: trust")
    write(tmp_path, "more.toml", '[[events]]\nid = "storm"\ntitle = "Storm"\ntext = "Rain."\neffects = { trust = 1 }\n')
    deck = load_deck(path)
    assert [e.id for e in deck.events] == ["storm"]
    assert len(deck.origin.files) == 2


def test_included_file_may_not_redefine_the_deck_table(tmp_path):
    write(tmp_path, "more.toml", '[deck]\nid = "x"\n')
    path = write(tmp_path, "main.toml", 'include = ["more.toml"]\n' + MINIMAL)
    [msg] = messages(path)
    assert "only the main deck file has a [deck] table" in msg


def test_invalid_utf8(tmp_path):
    path = tmp_path / "bin.toml"
    path.write_bytes(b"[deck]\nid = \"\xff\"\n")
    assert messages(path) == ["expected UTF-8 text, found an invalid byte at offset 13"]


def test_hash_changes_with_content(tmp_path):
    a = load_deck(write(tmp_path, "a.toml", MINIMAL)).origin.sha256
    b = load_deck(write(tmp_path, "a.toml", MINIMAL.replace("Talk", "Chat"))).origin.sha256
    assert a != b


def test_check_exit_codes(tmp_path, capsys):
    good = write(tmp_path, "good.toml", MINIMAL.replace("hand = 2", "hand = 1"))
    assert main(["check", str(good)]) == 0
    out = capsys.readouterr().out
    assert "ok" in out and "Reaction tables" in out and "5/12" in out  # 2d6 rows 2-6 and 7-12
    with pytest.raises(SystemExit) as e:
        main(["check"])
    assert e.value.code == 2


def test_lint_warnings_do_not_fail(tmp_path, capsys):
    text = MINIMAL.replace("hand = 2", "hand = 1") + (
        '\n[[tallies]]\nid = "idle"\nlabel = "Idle"\n'
        '\n[[options]]\nid = "never"\ntitle = "Never"\ntext = "x"\nrequires = [{ tally = "trust", at_least = 9 }]\n'
    )
    text = text.replace('{ min = 7, max = 12, label = "Pleased"', '{ min = 7, max = 11, label = "Pleased"')
    text = text.replace('effects = { trust = 1 } },\n]', 'effects = { trust = 1 } },\n  { min = 12, max = 12, label = "Moot" },\n'
                                                           '  { min = 13, max = 20, label = "Beyond" },\n]')
    path = write(tmp_path, "lint.toml", text)
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: this card can never be played: it requires that trust is at least 9, but trust never exceeds 5" in out
    assert "warning: nothing changes tally 'idle'" in out
    assert "warning: no roll can reach this row: 2d6 with every modifier gives 2 to 12, the row needs 13 to 20" in out


def regenerate() -> None:  # pragma: no cover - a tool for reviewing wording changes
    for toml in sorted(BROKEN.glob("*.toml")):
        if toml.stem in CASES or "--all" in sys.argv:
            (BROKEN / f"{toml.stem}.expected").write_text(check_output(toml.stem)[1], encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    regenerate()


def test_ending_clauses_outside_scoring_are_flagged(tmp_path):
    text = MINIMAL.replace("hand = 2", "hand = 1").replace(
        'effects = { trust = 1 }\n\n[[responses]]',
        'effects = { trust = 1 }\nmodifiers = [{ value = 1, reason = "r", when = [{ ending = "peace" }] }]\n\n[[responses]]')
    text = text.replace('when = [{ tally = "trust", at_least = 5 }]', 'when = [{ tally = "trust", at_least = 5 }, { ending = "time" }]')
    path = write(tmp_path, "endings.toml", text)
    warnings = [str(p) for p in inspect_deck(path).warnings]
    assert any("options[0].modifiers[0].when[0].ending" in w for w in warnings)
    assert any("endings[0].when[1].ending" in w for w in warnings)
