"""Saves: the round trip, strict refusals that never touch the file, the deck's hash, autosave."""

import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tabletop import files
from tabletop.deck import load_deck
from tabletop.engine import Adjust, Game, Note, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.engine.rulings import overridable_rolls, override_roll
from tabletop.saves import Autosaver, SaveError, latest_save, load_save, resume, save_game, saves_dir, store
from tabletop.saves.format import MAX_SAVE_BYTES
from tabletop.saves.store import existing_save

DECKS = Path(__file__).parent / "decks"
DECK = load_deck(DECKS / "small.toml")
BOTS = {"port": SeatConfig("bot", "dove"), "isle": SeatConfig("bot")}
OLD = 1_000_000_000  # an mtime in 2001: any write would move it


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def bot_game(steps: int, seed: int = 7, deck=DECK, seats=BOTS) -> Game:
    game = Game(deck, Setup(seats, seed))
    for _ in range(steps):
        action = automatic_action(game.state)
        if action is None:
            break
        game.act(action)
    return game


def ruled_game() -> Game:
    """A bot game part way, with a note, an adjustment, an override of an earlier roll and an undo in its log."""
    game = bot_game(4)  # draw, offer, response, first roll
    game.act(Note("The room argues about the League."))
    game.act(automatic_action(game.state))  # second roll
    override_roll(game, overridable_rolls(game)[-1], "the League would not panic", total=12)
    game.act(Adjust("arms", 1, "a smuggling report"))
    game.undo(1, "the report was false")
    for _ in range(6):
        game.act(automatic_action(game.state))
    return game


# --------------------------------------------------------------------------
# Round trip
# --------------------------------------------------------------------------


def test_a_game_part_way_round_trips_with_its_undo_entries(tmp_path):
    game = ruled_game()
    assert sum(a.TYPE == "undo" for a in game.log) == 1 and game.state.phase != "over"
    assert any(a.TYPE == "override" and a.actor == "league" for a in game.log)  # one entry, reaching back
    path = tmp_path / "game.json"
    save_game(game, path)
    save = load_save(path)
    assert save.log == tuple(game.log) and save.setup == game.setup
    assert save.deck.id == "small" and save.deck.sha256 == DECK.origin.sha256
    assert Path(save.deck.path) == (DECKS / "small.toml").resolve()
    again = resume(save, load_deck)
    assert again.log == game.log and again.applied == game.applied
    assert again.state == game.state and again.states == game.states
    # and it plays on exactly as the original would
    for g in (game, again):
        while (action := automatic_action(g.state)) is not None:
            g.act(action)
    assert again.state == game.state and again.state.phase == "over"


def test_the_file_is_a_header_line_then_one_line_per_action(tmp_path):
    game = bot_game(5)
    path = save_game(game, tmp_path / "game.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    assert list(head) == ["format", "version", "deck", "setup", "started_at", "tabletop"]
    assert head["format"] == "tabletop-save" and head["version"] == 3
    assert set(head["deck"]) == {"id", "title", "sha256", "path"}
    assert head["setup"] == game.setup.to_dict()
    assert [json.loads(line) for line in lines[1:]] == [a.to_dict() for a in game.log]
    assert path.read_bytes().endswith(b"\n")
    empty = save_game(Game(DECK, Setup(BOTS, 1)), tmp_path / "empty.jsonl")
    assert len(empty.read_text().splitlines()) == 1 and load_save(empty).log == ()


# --------------------------------------------------------------------------
# Refusals: a clear message, the file untouched
# --------------------------------------------------------------------------


def good_text() -> str:
    return (GOOD_DIR / "good.jsonl").read_text(encoding="utf-8")


GOOD_DIR = Path(__file__).parent / "decks"  # replaced per test by the fixture below


@pytest.fixture(autouse=True)
def _good_save(tmp_path_factory):
    global GOOD_DIR
    GOOD_DIR = tmp_path_factory.mktemp("good")
    save_game(ruled_game(), GOOD_DIR / "good.jsonl")


def edited(change) -> bytes:
    """The good save with its header changed by ``change(header)``."""
    head, rest = good_text().split("\n", 1)
    data = json.loads(head)
    change(data)
    return (json.dumps(data) + "\n" + rest).encode()


def with_lines(change) -> bytes:
    """The good save with its action lines changed by ``change(list of dicts)``."""
    head, *lines = good_text().splitlines()
    actions = [json.loads(line) for line in lines]
    change(actions)
    return (head + "\n" + "".join(json.dumps(a) + "\n" for a in actions)).encode()


CORRUPT = {
    "header cut short": (lambda: good_text().encode()[:40], "the save is cut short"),
    "random bytes": (lambda: bytes(range(256)) * 8, "not UTF-8 text"),
    "garbage text": (lambda: b"{\"format\": \"tabletop-save\", oops}", "not valid JSON at line 1, column 29: Expecting property name"),
    "empty": (lambda: b"", "the file is empty"),
    "foreign json": (lambda: b'{"name": "my-project", "version": "1.0.0"}', "not a tabletop save (it is JSON, but an object"),
    "foreign list": (lambda: b"[1, 2, 3]", "not a tabletop save (it is JSON, but a list)"),
    "future version": (lambda: edited(lambda d: d.update(version=4)),
                       "made by a newer tabletop: version 4, this one reads up to 3"),
    "version as text": (lambda: edited(lambda d: d.update(version="2")), 'expected an integer "version", found "2"'),
    "missing keys": (lambda: edited(lambda d: (d.pop("started_at"), d.pop("setup"))),
                     "line 1: missing keys 'setup', 'started_at'"),
    "unknown key": (lambda: edited(lambda d: d.update(extra=1)), "line 1: unexpected key 'extra'"),
    "deck not an object": (lambda: edited(lambda d: d.update(deck="small")), "deck: expected an object, found a string"),
    "bad hash": (lambda: edited(lambda d: d["deck"].update(sha256="abc")), "deck.sha256: expected 64 lowercase hex"),
    "seed as text": (lambda: edited(lambda d: d["setup"].update(seed="7")), 'setup.seed: expected an integer, found "7"'),
    "seed as bool": (lambda: edited(lambda d: d["setup"].update(seed=True)), "setup.seed: expected an integer, found true"),
    "bad seat kind": (lambda: edited(lambda d: d["setup"]["seats"]["port"].update(kind="robot")),
                      'setup.seats.port.kind: expected "human" or "bot", found "robot"'),
    "zero rounds": (lambda: edited(lambda d: d["setup"].update(rounds=0)), "setup.rounds: expected null or a whole number"),
    "bad date": (lambda: edited(lambda d: d.update(started_at="yesterday")), "started_at: expected a date and time"),
    "a line not JSON": (lambda: good_text().replace('{"type": "draw"}', "{draw}", 1).encode(),
                        "line 2: not valid JSON at column 2"),
    "unknown action": (lambda: with_lines(lambda a: a.insert(2, {"type": "cheat"})),
                       "line 4: expected an action type, one of draw, play"),
    "action with a wrong key": (lambda: with_lines(lambda a: a[1].update(cards="aid")),
                                "line 3: unexpected key(s) cards in a 'play' action"),
    "action with a wrong type": (lambda: with_lines(lambda a: a.append({"type": "undo", "n": "2", "reason": ""})),
                                 "line 17: bad 'undo' action"),
    "action with a bool": (lambda: with_lines(lambda a: a.append({"type": "undo", "n": True, "reason": ""})),
                           "line 17: n: expected a string or a whole number, found true"),
    "an empty line": (lambda: good_text().replace("\n", "\n\n", 3).encode(), "line 2: not valid JSON"),
    "duplicate key": (lambda: good_text().replace('"version": 3,', '"version": 3, "version": 3,').encode(),
                      "the key 'version' appears twice"),
    "NaN": (lambda: good_text().replace('"seed": 7', '"seed": NaN').encode(), "NaN is not a number a save can hold"),
}


def untouched(path: Path, data: bytes) -> None:
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == OLD * 10**9
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left beside it


def plant(tmp_path: Path, data: bytes) -> Path:
    folder = tmp_path / "saves"
    folder.mkdir()
    path = folder / "game.jsonl"
    path.write_bytes(data)
    os.utime(path, (OLD, OLD))
    return path


@pytest.mark.parametrize("kind", list(CORRUPT))
def test_each_kind_of_bad_file_is_refused_with_its_message_and_left_alone(tmp_path, kind):
    make, words = CORRUPT[kind]
    data = make()
    path = plant(tmp_path, data)
    with pytest.raises(SaveError) as refused:
        load_save(path)
    message = str(refused.value)
    assert message.startswith(f"{path}: ") and words in message, message
    assert "Traceback" not in message and "\n" not in message
    # and it is never overwritten by a save either
    with pytest.raises(SaveError, match=f"refusing to overwrite {path}: it is not a tabletop save"):
        existing_save(path)
    with pytest.raises(SaveError, match="already exists"):
        Autosaver.create(bot_game(3), path)
    with pytest.raises(SaveError):
        Autosaver.open(path)
    untouched(path, data)


def test_a_missing_file_a_folder_and_a_huge_file_are_refused(tmp_path):
    with pytest.raises(SaveError, match="no such save file"):
        load_save(tmp_path / "nope.json")
    with pytest.raises(SaveError, match="is a folder"):
        load_save(tmp_path)
    with pytest.raises(SaveError, match="is a folder, not a file"):
        existing_save(tmp_path)
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(MAX_SAVE_BYTES + 1)  # sparse: costs nothing
    with pytest.raises(SaveError, match="too large for a save"):
        load_save(big)


def test_an_illegal_action_in_the_log_names_the_entry_and_why(tmp_path):
    def change(actions):
        actions[1] = {"type": "play", "seat": "port", "card": "summit"}  # not in hand, not allowed yet

    data = with_lines(change)
    path = plant(tmp_path, data)
    save = load_save(path)  # well-formed: only the replay can tell
    with pytest.raises(SaveError) as refused:
        resume(save, load_deck)
    message = str(refused.value)
    assert message.startswith(f"{path}: log entry 2 of 15 cannot be replayed "
                              '({"type": "play", "seat": "port", "card": "summit"}): ')
    assert "is not legal in the offer phase" in message
    untouched(path, data)


def test_an_undo_of_too_much_is_refused_at_its_entry(tmp_path):
    data = with_lines(lambda a: a.insert(1, {"type": "undo", "n": 5, "reason": ""}))
    path = plant(tmp_path, data)
    with pytest.raises(SaveError, match=r"log entry 2 of 16 cannot be replayed .*expected to undo 1 to 1 actions, found 5"):
        resume(load_save(path), load_deck)
    untouched(path, data)


def test_a_setup_that_does_not_fit_the_deck_is_refused(tmp_path):
    data = edited(lambda d: d["setup"]["seats"].update(moon={"kind": "bot", "style": None}))
    path = plant(tmp_path, data)
    with pytest.raises(SaveError, match="the saved setup does not fit the deck 'small': unknown seat 'moon'"):
        resume(load_save(path), load_deck)
    untouched(path, data)


def test_a_number_of_rounds_out_of_the_decks_bounds_is_refused_with_the_engines_words(tmp_path):
    data = edited(lambda d: d["setup"].update(rounds=150))  # an older tabletop took any number of rounds
    path = plant(tmp_path, data)
    with pytest.raises(SaveError, match="does not fit the deck 'small': expected from 1 to 100 rounds, found 150"):
        resume(load_save(path), load_deck)
    untouched(path, data)


# --------------------------------------------------------------------------
# The deck: by hash, found again, or refused
# --------------------------------------------------------------------------


@pytest.fixture
def own_deck(tmp_path):
    path = tmp_path / "deck" / "small.toml"
    path.parent.mkdir()
    shutil.copy(DECKS / "small.toml", path)
    return path


def test_a_changed_deck_is_refused_unless_allowed(tmp_path, own_deck):
    game = ruled_game()
    game = Game.replay(load_deck(own_deck), game.setup, game.log)
    path = tmp_path / "saves" / "game.json"
    save_game(game, path)
    os.utime(path, (OLD, OLD))
    data = path.read_bytes()
    own_deck.write_text(own_deck.read_text().replace('title = "Send aid"', 'title = "Send more aid"'))
    save = load_save(path)
    with pytest.raises(SaveError) as refused:
        resume(save, load_deck)
    message = str(refused.value)
    assert "the deck has changed since this game was saved" in message
    assert f"sha256 {save.deck.sha256[:12]}… when saved" in message
    assert message.endswith("pass --allow-changed-deck to replay anyway")
    again = resume(save, load_deck, allow_changed_deck=True)
    assert again.log == game.log and again.state.tallies == game.state.tallies
    assert again.deck.option("aid").title == "Send more aid"
    untouched(path, data)


def test_a_missing_deck_says_so_and_suggests_deck(tmp_path, own_deck):
    game = Game.replay(load_deck(own_deck), Setup(BOTS, 7), bot_game(6).log)
    path = tmp_path / "game.json"
    save_game(game, path)
    moved = tmp_path / "elsewhere" / "small.toml"  # the hash covers the file's name, not its folder
    moved.parent.mkdir()
    own_deck.rename(moved)
    save = load_save(path)
    with pytest.raises(SaveError, match=r"the deck this game was played with is missing: .*small.toml; "
                                        r"pass --deck PATH to use a copy of it"):
        resume(save, load_deck)
    assert resume(save, load_deck, moved).state == game.state  # same bytes elsewhere: same hash, accepted
    with pytest.raises(SaveError, match="no deck file at"):
        resume(save, load_deck, tmp_path / "none.toml")


def test_another_deck_is_a_changed_deck(tmp_path):
    path = tmp_path / "game.json"
    save_game(bot_game(6), path)
    with pytest.raises(SaveError, match=r"deck id 'small' when saved, 'minimal' now"):
        resume(load_save(path), load_deck, DECKS / "minimal.toml")


# --------------------------------------------------------------------------
# Autosave
# --------------------------------------------------------------------------


def test_the_autosaver_appends_each_action_undo_and_ruling(tmp_path):
    game = Game(DECK, Setup(BOTS, 7))
    saver = Autosaver.create(game, tmp_path / "auto.jsonl")
    assert load_save(saver.path).log == ()
    before = saver.path.read_bytes()
    for _ in range(5):
        game.act(automatic_action(game.state))
        now = saver.path.read_bytes()
        assert now.startswith(before) and now.count(b"\n") == before.count(b"\n") + 1  # one line appended
        assert load_save(saver.path).log == tuple(game.log)
        before = now
    game.undo(1, "again")
    assert load_save(saver.path).log[-1].TYPE == "undo"
    game.act(automatic_action(game.state))
    override_roll(game, overridable_rolls(game)[0], "a ruling", row=0)
    assert load_save(saver.path).log == tuple(game.log)
    assert resume(load_save(saver.path), load_deck).state == game.state
    assert saver.close().saved
    game.act(Note("after closing"))
    assert load_save(saver.path).log == tuple(game.log[:-1])


def test_an_illegal_action_is_not_saved(tmp_path):
    game = Game(DECK, Setup(BOTS, 7))
    saver = Autosaver.create(game, tmp_path / "auto.jsonl")
    before = saver.path.read_bytes()
    with pytest.raises(ValueError):
        game.undo(1)
    assert saver.path.read_bytes() == before
    saver.close()


def test_new_autosaves_are_named_by_deck_start_and_seed_and_never_collide(data_dir):
    started = datetime(2026, 3, 1, 18, 30, 5)
    first = Autosaver.new(Game(DECK, Setup(BOTS, 7)), started=started)
    second = Autosaver.new(Game(DECK, Setup(BOTS, 7)), started=started)
    assert first.path == saves_dir() / "small-20260301-183005-seed7.jsonl"
    assert second.path == saves_dir() / "small-20260301-183005-seed7-2.jsonl"
    assert saves_dir() == data_dir / "saves"
    assert latest_save() == second.path
    assert json.loads((saves_dir() / "last.json").read_text())["path"] == str(second.path)
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o666 & ~_umask()  # as any new file, not 0600
    first.close(), second.close()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_new_autosave_that_cannot_be_written_leaves_no_file(data_dir):
    deck = load_deck(DECKS / "small.toml")
    bare = type(deck)(**{a.name: getattr(deck, a.name) for a in deck.__attrs_attrs__ if a.init and a.name != "origin"})
    with pytest.raises(SaveError, match="this deck was not loaded from a file"):
        Autosaver.new(Game(bare, Setup(BOTS, 7)))
    assert list(saves_dir().iterdir()) == []


def test_the_latest_save_falls_back_to_the_newest_file(data_dir):
    with pytest.raises(SaveError, match="no saved game in"):
        latest_save()
    a = Autosaver.new(Game(DECK, Setup(BOTS, 1)), started=datetime(2026, 1, 1))
    b = Autosaver.new(Game(DECK, Setup(BOTS, 2)), started=datetime(2026, 1, 2))
    a.close(), b.close()
    os.utime(a.path, (OLD + 10, OLD + 10))
    os.utime(b.path, (OLD, OLD))
    (saves_dir() / "last.json").write_text("{broken")
    assert latest_save() == a.path
    a.path.unlink()
    assert latest_save() == b.path


# --------------------------------------------------------------------------
# A crash while writing: the last line cut short
# --------------------------------------------------------------------------


def test_a_last_line_cut_short_is_left_out_and_mended_when_played_on(tmp_path):
    game = bot_game(9)
    path = save_game(game, tmp_path / "game.jsonl")
    whole = path.read_bytes()
    path.write_bytes(whole[:-7])  # a crash in the middle of the last append
    save = load_save(path)
    assert save.log == tuple(game.log[:-1]) and "cut short and is left out" in save.tail
    saver, save = Autosaver.open(path)
    again = resume(save, load_deck)
    saver.attach(again)  # mends the file: the broken bytes go, the game goes on from the last whole action
    assert path.read_bytes() == whole[: whole.rstrip(b"\n").rfind(b"\n") + 1]
    again.act(automatic_action(again.state))
    assert load_save(path).log == tuple(again.log) and load_save(path).tail is None
    saver.close()


def test_a_last_line_without_its_line_end_keeps_its_action(tmp_path):
    game = bot_game(9)
    path = save_game(game, tmp_path / "game.jsonl")
    path.write_bytes(path.read_bytes()[:-1])
    save = load_save(path)
    assert save.log == tuple(game.log) and save.on_disk == len(game.log) - 1 and "is kept" in save.tail
    saver, save = Autosaver.open(path)
    saver.attach(resume(save, load_deck))
    assert path.read_bytes().endswith(b"}\n") and load_save(path).tail is None
    assert load_save(path).log == tuple(game.log)
    saver.close()


# --------------------------------------------------------------------------
# A failed write is never hidden, and catches up when it can
# --------------------------------------------------------------------------


class Faults:
    """Makes tabletop's file writes fail with ``errno`` while ``on`` (after writing ``partial`` bytes)."""

    def __init__(self, monkeypatch, code=errno.ENOSPC, partial=0):
        self.on, self.code, self.partial = False, code, partial
        real = files.write_all

        def write_all(fd, data, offset):
            if self.on:
                if self.partial:
                    real(fd, data[: self.partial], offset)
                raise OSError(self.code, os.strerror(self.code))
            real(fd, data, offset)

        monkeypatch.setattr(files, "write_all", write_all)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EIO])
def test_a_failing_disk_is_reported_once_retried_and_caught_up(tmp_path, monkeypatch, code):
    faults = Faults(monkeypatch, code, partial=5)
    game = bot_game(3)
    saver = Autosaver.create(game, tmp_path / "game.jsonl")
    seen = []
    saver.on_status = seen.append
    faults.on = True
    for _ in range(4):
        game.act(automatic_action(game.state))
        on_disk = load_save(saver.path)
        assert on_disk.log == tuple(game.log[:3]) and on_disk.tail is None  # cut back: no broken line left
    status = saver.status
    assert not status.saved and status.behind == 4 and os.strerror(code) in status.error
    assert status.words().startswith(f"NOT SAVED: the last 4 actions are not in {saver.path}")
    assert len(seen) == 1 and not seen[0].saved  # said once, not per move
    faults.on = False
    game.act(automatic_action(game.state))  # the next action writes everything missing
    assert load_save(saver.path).log == tuple(game.log) and saver.status.saved
    assert len(seen) == 2 and seen[1].saved
    saver.close()


def test_save_elsewhere_writes_the_whole_game_and_keeps_saving_there(tmp_path, monkeypatch):
    faults = Faults(monkeypatch)
    game = bot_game(3)
    saver = Autosaver.create(game, tmp_path / "full" / "game.jsonl")
    faults.on = True
    game.act(automatic_action(game.state))
    assert not saver.status.saved
    with pytest.raises(SaveError, match="cannot write the save"):
        saver.move_to(tmp_path / "other.jsonl")  # still failing: nothing claimed
    assert not (tmp_path / "other.jsonl").exists() and not saver.status.saved
    faults.on = False
    with pytest.raises(SaveError, match="already exists"):
        saver.move_to(tmp_path / "full" / "game.jsonl")
    status = saver.move_to(tmp_path / "other.jsonl")
    assert status.saved and status.path == tmp_path / "other.jsonl"
    game.act(automatic_action(game.state))
    assert load_save(tmp_path / "other.jsonl").log == tuple(game.log)
    assert len(load_save(tmp_path / "full" / "game.jsonl").log) == 3  # the old file stays as it was
    saver.close()


# --------------------------------------------------------------------------
# One writer per game
# --------------------------------------------------------------------------


def test_a_save_open_in_one_autosaver_is_refused_to_another(tmp_path):
    game = bot_game(3)
    saver = Autosaver.create(game, tmp_path / "game.jsonl")
    link = tmp_path / "link.jsonl"
    link.symlink_to(saver.path)
    for path in (saver.path, link):
        with pytest.raises(SaveError, match=r"is open in this very process \(\d+\): one game has one writer"):
            Autosaver.open(path)
        with pytest.raises(SaveError, match="one game has one writer"):
            Autosaver.create(bot_game(1), path, replace=True)
    assert load_save(link).log == tuple(game.log)  # reading takes no lock
    saver.close()
    other, save = Autosaver.open(link)  # free again once closed
    other.close()


def test_a_save_open_in_another_process_names_it(tmp_path):
    path = save_game(bot_game(3), tmp_path / "game.jsonl")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDWR); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(SaveError) as refused:
            Autosaver.open(path)
        assert f"is open in process {holder.pid} ({sys.executable} -c " in str(refused.value)
    finally:
        holder.kill()
        holder.wait()
    Autosaver.open(path)[0].close()  # the lock goes with the process


# --------------------------------------------------------------------------
# Special files, symlinks, permissions, older saves
# --------------------------------------------------------------------------


def test_a_fifo_or_a_device_is_refused_at_once_never_opened(tmp_path):
    fifo = tmp_path / "save.jsonl"
    os.mkfifo(fifo)
    for attempt in (lambda p: load_save(p), lambda p: Autosaver.open(p), lambda p: existing_save(p),
                    lambda p: Autosaver.create(bot_game(1), p, replace=True)):
        for path, words in ((fifo, "a FIFO (named pipe)"), (Path("/dev/null"), "a device")):
            with pytest.raises(SaveError, match=re.escape(words)):
                attempt(path)  # a FIFO would block this test for ever if it were opened


def test_a_symlinked_save_is_played_on_through_the_link(tmp_path):
    real = save_game(bot_game(3), tmp_path / "real" / "game.jsonl")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    saver, save = Autosaver.open(link)
    game = resume(save, load_deck)
    saver.attach(game)
    game.act(automatic_action(game.state))
    saver.close()
    assert link.is_symlink() and load_save(real).log == tuple(game.log)


V1 = """{
  "format": "tabletop-save",
  "version": 1,
  "deck": %s,
  "setup": %s,
  "log": [
%s
  ],
  "saved_at": "2026-01-31T18:00:00+00:00",
  "tabletop": "0.1.0"
}
"""


def v1_text(game: Game) -> str:
    head = json.loads(save_game(game, GOOD_DIR / "v1-source.jsonl").read_text().splitlines()[0])
    return V1 % (json.dumps(head["deck"]), json.dumps(head["setup"]),
                 ",\n".join(f"    {json.dumps(a.to_dict())}" for a in game.log))


def test_a_version_1_save_is_read_and_rewritten_in_place_when_played_on(tmp_path):
    game = bot_game(6)
    real = tmp_path / "real" / "old.json"
    real.parent.mkdir()
    real.write_text(v1_text(game))
    real.chmod(0o640)
    link = tmp_path / "old-link.json"
    link.symlink_to(real)
    save = load_save(link)
    assert save.version == 1 and save.log == tuple(game.log) and save.saved_at == "2026-01-31T18:00:00+00:00"
    saver, save = Autosaver.open(link)
    again = resume(save, load_deck)
    assert saver.attach(again).saved
    again.act(automatic_action(again.state))
    saver.close()
    now = load_save(real)
    assert now.version == 3 and now.log == tuple(again.log)
    assert link.is_symlink() and stat.S_IMODE(real.stat().st_mode) == 0o640  # through the link, mode kept
    assert [p.name for p in real.parent.iterdir()] == ["old.json"]  # no temporary file left


def test_replacing_another_games_save_keeps_its_permissions(tmp_path):
    path = save_game(bot_game(3), tmp_path / "game.jsonl")
    path.chmod(0o600)
    Autosaver.create(bot_game(5), path, replace=True).close()
    assert len(load_save(path).log) == 5 and stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(SaveError, match="already exists"):
        Autosaver.create(bot_game(1), path)  # never without saying so


# --------------------------------------------------------------------------
# The game a plain `resume` continues
# --------------------------------------------------------------------------


def test_resume_lists_the_unfinished_games_when_the_last_one_is_over(data_dir):
    done = bot_game(500)
    assert done.state.phase == "over"
    unfinished = [bot_game(5, seed=s) for s in (2, 3)]
    paths = []
    for i, g in enumerate(unfinished):
        saver = Autosaver.new(g, started=datetime(2026, 1, 1 + i))
        saver.close()
        os.utime(saver.path, (OLD + i, OLD + i))
        paths.append(saver.path)
    finished = Autosaver.new(done, started=datetime(2026, 2, 1))
    finished.close()
    assert store.save_to_resume(load_deck) == (None, [store.summarize(p, load_deck) for p in paths[::-1]])
    listed = store.save_to_resume(load_deck)[1]
    assert [s.over for s in listed] == [False, False] and "round 1 of 4, 5 actions" in listed[0].line()
    store.write_pointer(paths[0])
    assert store.save_to_resume(load_deck)[0].path == paths[0]  # the last one is unfinished: that one
    for p in paths:
        p.unlink()
    store.write_pointer(finished.path)
    last, waiting = store.save_to_resume(load_deck)
    assert last.path == finished.path and last.over and waiting == []  # over, and nothing else waits


# --------------------------------------------------------------------------
# What a tester found: a byte order mark, a save deleted or replaced mid-game, a game that moves on while
# the whole save is being written, a save too large to read back
# --------------------------------------------------------------------------


def test_a_save_with_a_byte_order_mark_is_played_on_without_damage(tmp_path):
    game = bot_game(9)
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + save_game(game, tmp_path / "plain.jsonl").read_bytes())
    for _ in range(2):
        saver, save = Autosaver.open(path)
        again = resume(save, load_deck)
        saver.attach(again)
        again.act(automatic_action(again.state))
        assert saver.close().saved
    assert path.read_bytes().startswith(b"\xef\xbb\xbf{")
    assert load_save(path).log == tuple(again.log) and len(again.log) == len(game.log) + 2


def test_a_save_deleted_mid_game_is_written_again_whole(tmp_path):
    game = bot_game(3)
    saver = Autosaver.create(game, tmp_path / "game.jsonl")
    saver.path.unlink()  # someone tidies the saves folder
    game.act(automatic_action(game.state))
    assert saver.status.saved and load_save(saver.path).log == tuple(game.log)
    game.act(automatic_action(game.state))
    assert load_save(saver.path).log == tuple(game.log)
    saver.close()


def test_a_save_replaced_by_another_file_mid_game_is_not_written_over_and_not_called_saved(tmp_path):
    game = bot_game(3)
    saver = Autosaver.create(game, tmp_path / "game.jsonl")
    saver.path.rename(tmp_path / "moved.jsonl")
    saver.path.write_text("somebody's notes\n")
    game.act(automatic_action(game.state))
    status = saver.status
    assert not status.saved and "another file has taken its place" in status.error
    assert saver.path.read_text() == "somebody's notes\n"
    status = saver.move_to(tmp_path / "rescued.jsonl")
    assert status.saved and load_save(tmp_path / "rescued.jsonl").log == tuple(game.log)
    saver.close()


def test_actions_made_while_the_whole_save_is_written_elsewhere_are_not_counted_as_written(tmp_path, monkeypatch):
    game = bot_game(3)
    saver = Autosaver.create(game, tmp_path / "game.jsonl")
    saver.sync_each_action = False  # as in the full-screen game: a worker writes
    real_fsync = os.fsync

    def slow_fsync(fd):  # the game moves on while the new file is being synced (a slow USB stick)
        if len(game.log) < 6:
            game.act(automatic_action(game.state))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", slow_fsync)
    status = saver.move_to(tmp_path / "stick.jsonl")
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert len(game.log) == 6 and status.on_disk == 3 and not status.saved  # honest: three are still to write
    assert saver.sync().saved
    assert load_save(tmp_path / "stick.jsonl").log == tuple(game.log)
    assert resume(load_save(tmp_path / "stick.jsonl"), load_deck).state == game.state
    saver.close()


def test_a_save_that_would_grow_past_what_can_be_read_back_is_not_written_or_called_saved(tmp_path, monkeypatch):
    from tabletop.saves import autosave

    monkeypatch.setattr(autosave, "MAX_SAVE_BYTES", 4000)
    game = bot_game(3)
    saver = Autosaver.create(game, tmp_path / "game.jsonl")
    game.act(Note("x" * 5000))
    status = saver.status
    assert not status.saved and "more than tabletop reads back" in status.error
    assert load_save(saver.path).log == tuple(game.log[:-1])
    saver.close()


def test_an_action_whose_type_is_not_a_word_is_refused_not_a_crash(tmp_path):
    """Found by mypy: a list as an action's type made a TypeError that escaped the save reader."""
    from tabletop.engine.actions import action_from_dict

    with pytest.raises(ValueError):
        action_from_dict({"type": ["draw"]})
    path = save_game(bot_game(2), tmp_path / "game.jsonl")
    path.write_text(path.read_text() + '{"type": ["draw"]}\n')
    with pytest.raises(SaveError, match="line 4: expected an action type"):
        load_save(path)
