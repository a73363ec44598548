"""Saves: the round trip, strict refusals that never touch the file, the deck's hash, autosave."""

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from tabletop.deck import load_deck
from tabletop.engine import Adjust, Game, Note, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.engine.rulings import overridable_rolls, override_roll
from tabletop.engine.save import (MAX_SAVE_BYTES, Autosaver, SaveError, check_overwritable, dump_save, latest_save,
                                  load_save, resume, save_dict, save_game, saves_dir)

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
    assert sum(a.TYPE == "undo" for a in game.log) == 2 and game.state.phase != "over"
    path = tmp_path / "game.json"
    save_game(game, path)
    save = load_save(path)
    assert save.log == tuple(game.log) and save.setup == game.setup
    assert save.deck.id == "small" and save.deck.sha256 == DECK.origin.sha256
    assert Path(save.deck.path) == (DECKS / "small.toml").resolve()
    again = resume(save)
    assert again.log == game.log and again.applied == game.applied
    assert again.state == game.state and again.states == game.states
    # and it plays on exactly as the original would
    for g in (game, again):
        while (action := automatic_action(g.state)) is not None:
            g.act(action)
    assert again.state == game.state and again.state.phase == "over"


def test_the_file_is_json_with_the_documented_keys_one_action_per_line(tmp_path):
    game = bot_game(5)
    text = dump_save(game, saved_at="2026-01-31T18:00:00+00:00")
    data = json.loads(text)
    assert data == save_dict(game, "2026-01-31T18:00:00+00:00")
    assert list(data) == ["format", "version", "deck", "setup", "log", "saved_at", "tabletop"]
    assert data["format"] == "tabletop-save" and data["version"] == 1
    assert set(data["deck"]) == {"id", "title", "sha256", "path"}
    assert data["setup"] == game.setup.to_dict()
    assert '\n    {"type": "play", "seat": "port", "card": ' in text
    assert len(text.splitlines()) == 10 + len(game.log)
    empty = json.loads(dump_save(Game(DECK, Setup(BOTS, 1))))
    assert empty["log"] == []


# --------------------------------------------------------------------------
# Refusals: a clear message, the file untouched
# --------------------------------------------------------------------------


def good_text() -> str:
    return dump_save(ruled_game(), saved_at="2026-01-31T18:00:00+00:00")


def edited(change) -> bytes:
    data = json.loads(good_text())
    change(data)
    return json.dumps(data).encode()


CORRUPT = {
    "truncated": (lambda: good_text().encode()[:-40], "the save is cut short"),
    "random bytes": (lambda: bytes(range(256)) * 8, "not UTF-8 text"),
    "garbage text": (lambda: b"{\"format\": \"tabletop-save\", oops}", "not valid JSON at line 1, column 29: Expecting property name"),
    "empty": (lambda: b"", "the file is empty"),
    "foreign json": (lambda: b'{"name": "my-project", "version": "1.0.0"}', "not a tabletop save (it is JSON, but an object"),
    "foreign list": (lambda: b"[1, 2, 3]", "not a tabletop save (it is JSON, but a list)"),
    "future version": (lambda: edited(lambda d: d.update(version=2)),
                       "made by a newer tabletop: version 2, this one reads 1"),
    "version as text": (lambda: edited(lambda d: d.update(version="1")), 'expected an integer "version", found "1"'),
    "missing keys": (lambda: edited(lambda d: (d.pop("log"), d.pop("setup"))), "missing keys 'setup', 'log'"),
    "unknown key": (lambda: edited(lambda d: d.update(extra=1)), "unexpected key 'extra'"),
    "deck not an object": (lambda: edited(lambda d: d.update(deck="small")), "deck: expected an object, found a string"),
    "bad hash": (lambda: edited(lambda d: d["deck"].update(sha256="abc")), "deck.sha256: expected 64 lowercase hex"),
    "seed as text": (lambda: edited(lambda d: d["setup"].update(seed="7")), 'setup.seed: expected an integer, found "7"'),
    "seed as bool": (lambda: edited(lambda d: d["setup"].update(seed=True)), "setup.seed: expected an integer, found true"),
    "bad seat kind": (lambda: edited(lambda d: d["setup"]["seats"]["port"].update(kind="robot")),
                      'setup.seats.port.kind: expected "human" or "bot", found "robot"'),
    "zero rounds": (lambda: edited(lambda d: d["setup"].update(rounds=0)), "setup.rounds: expected null or a whole number"),
    "log not a list": (lambda: edited(lambda d: d.update(log={})), "log: expected a list of actions, found an object"),
    "unknown action": (lambda: edited(lambda d: d["log"].insert(2, {"type": "cheat"})),
                       "log entry 3: expected an action type, one of draw, play"),
    "action with a wrong key": (lambda: edited(lambda d: d["log"][1].update(cards="aid")),
                                "log entry 2: unexpected key(s) cards in a 'play' action"),
    "action with a wrong type": (lambda: edited(lambda d: d["log"].append({"type": "undo", "n": "2", "reason": ""})),
                                 "log entry 19: bad 'undo' action"),
    "action with a bool": (lambda: edited(lambda d: d["log"].append({"type": "undo", "n": True, "reason": ""})),
                           "log entry 19: n: expected a string or a whole number, found true"),
    "bad date": (lambda: edited(lambda d: d.update(saved_at="yesterday")), "saved_at: expected a date and time"),
    "duplicate key": (lambda: good_text().replace('"version": 1,', '"version": 1, "version": 1,').encode(),
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
    path = folder / "game.json"
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
        save_game(bot_game(3), path)
    with pytest.raises(SaveError, match="refusing to overwrite"):
        Autosaver(bot_game(3), path)
    untouched(path, data)


def test_a_missing_file_a_folder_and_a_huge_file_are_refused(tmp_path):
    with pytest.raises(SaveError, match="no such save file"):
        load_save(tmp_path / "nope.json")
    with pytest.raises(SaveError, match="is a folder"):
        load_save(tmp_path)
    with pytest.raises(SaveError, match="is a folder; give a file name"):
        save_game(bot_game(1), tmp_path)
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.truncate(MAX_SAVE_BYTES + 1)  # sparse: costs nothing
    with pytest.raises(SaveError, match="too large for a save"):
        load_save(big)


def test_an_illegal_action_in_the_log_names_the_entry_and_why(tmp_path):
    def change(d):
        d["log"][1] = {"type": "play", "seat": "port", "card": "summit"}  # not in hand, not allowed yet

    data = edited(change)
    path = plant(tmp_path, data)
    save = load_save(path)  # well-formed: only the replay can tell
    with pytest.raises(SaveError) as refused:
        resume(save)
    message = str(refused.value)
    assert message.startswith(f"{path}: log entry 2 of 18 cannot be replayed "
                              '({"type": "play", "seat": "port", "card": "summit"}): ')
    assert "is not legal in the offer phase" in message
    untouched(path, data)


def test_an_undo_of_too_much_is_refused_at_its_entry(tmp_path):
    data = edited(lambda d: d["log"].insert(1, {"type": "undo", "n": 5, "reason": ""}))
    path = plant(tmp_path, data)
    with pytest.raises(SaveError, match=r"log entry 2 of 19 cannot be replayed .*expected to undo 1 to 1 actions, found 5"):
        resume(load_save(path))
    untouched(path, data)


def test_a_setup_that_does_not_fit_the_deck_is_refused(tmp_path):
    data = edited(lambda d: d["setup"]["seats"].update(moon={"kind": "bot", "style": None}))
    path = plant(tmp_path, data)
    with pytest.raises(SaveError, match="the saved setup does not fit the deck 'small': expected a configuration"):
        resume(load_save(path))
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
        resume(save)
    message = str(refused.value)
    assert "the deck has changed since this game was saved" in message
    assert f"sha256 {save.deck.sha256[:12]}… when saved" in message
    assert message.endswith("pass --allow-changed-deck to replay anyway")
    again = resume(save, allow_changed_deck=True)
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
        resume(save)
    assert resume(save, moved).state == game.state  # same bytes elsewhere: same hash, accepted
    with pytest.raises(SaveError, match="no deck file at"):
        resume(save, tmp_path / "none.toml")


def test_another_deck_is_a_changed_deck(tmp_path):
    path = tmp_path / "game.json"
    save_game(bot_game(6), path)
    with pytest.raises(SaveError, match=r"deck id 'small' when saved, 'minimal' now"):
        resume(load_save(path), DECKS / "minimal.toml")


# --------------------------------------------------------------------------
# Autosave
# --------------------------------------------------------------------------


def test_the_autosaver_saves_after_every_action_undo_and_ruling(tmp_path):
    game = Game(DECK, Setup(BOTS, 7))
    saver = Autosaver(game, tmp_path / "auto.json")
    assert load_save(saver.path).log == ()
    for _ in range(5):
        saver.act(automatic_action(game.state))
        assert load_save(saver.path).log == tuple(game.log)
    saver.undo(1, "again")
    assert load_save(saver.path).log[-1].TYPE == "undo"
    game.act(automatic_action(game.state))  # straight on the game: saved all the same
    override_roll(game, overridable_rolls(game)[0], "a ruling", row=0)
    assert load_save(saver.path).log == tuple(game.log)
    assert resume(load_save(saver.path)).state == game.state
    saver.close()
    game.act(Note("after closing"))
    assert load_save(saver.path).log == tuple(game.log[:-1])


def test_an_illegal_action_is_not_saved(tmp_path):
    game = Game(DECK, Setup(BOTS, 7))
    saver = Autosaver(game, tmp_path / "auto.json")
    before = saver.path.read_bytes()
    with pytest.raises(ValueError):
        game.undo(1)
    assert saver.path.read_bytes() == before


def test_new_autosaves_are_named_by_deck_start_and_seed_and_never_collide(data_dir):
    started = datetime(2026, 3, 1, 18, 30, 5)
    first = Autosaver.new(Game(DECK, Setup(BOTS, 7)), started=started)
    second = Autosaver.new(Game(DECK, Setup(BOTS, 7)), started=started)
    assert first.path == saves_dir() / "small-20260301-183005-seed7.json"
    assert second.path == saves_dir() / "small-20260301-183005-seed7-2.json"
    assert saves_dir() == data_dir / "saves"
    assert latest_save() == second.path
    assert json.loads((saves_dir() / "last.json").read_text())["path"] == str(second.path)


def test_a_new_autosave_that_cannot_be_written_leaves_no_file(data_dir):
    deck = load_deck(DECKS / "small.toml")
    bare = type(deck)(**{a.name: getattr(deck, a.name) for a in deck.__attrs_attrs__ if a.name != "origin"})
    with pytest.raises(SaveError, match="this deck was not loaded from a file"):
        Autosaver.new(Game(bare, Setup(BOTS, 7)))
    assert list(saves_dir().iterdir()) == []


def test_the_latest_save_falls_back_to_the_newest_file(data_dir):
    with pytest.raises(SaveError, match="no saved game in"):
        latest_save()
    a = Autosaver.new(Game(DECK, Setup(BOTS, 1)), started=datetime(2026, 1, 1))
    b = Autosaver.new(Game(DECK, Setup(BOTS, 2)), started=datetime(2026, 1, 2))
    os.utime(a.path, (OLD + 10, OLD + 10))
    os.utime(b.path, (OLD, OLD))
    (saves_dir() / "last.json").write_text("{broken")
    assert latest_save() == a.path
    a.path.unlink()
    assert latest_save() == b.path


def test_a_tabletop_save_may_be_overwritten_a_write_failure_is_reported(tmp_path):
    path = tmp_path / "game.json"
    save_game(bot_game(3), path)
    check_overwritable(path)
    save_game(bot_game(5), path)
    assert len(load_save(path).log) == 5
    problems = []
    game = bot_game(2)
    saver = Autosaver(game, tmp_path / "sub" / "auto.json", on_error=problems.append)
    (tmp_path / "sub").rename(tmp_path / "kept")
    (tmp_path / "sub").write_text("a file where the save's folder was")  # every write now fails
    game.act(automatic_action(game.state))
    game.act(automatic_action(game.state))
    assert len(game.log) == 4  # the game goes on
    assert len(problems) == 2 and all(str(p).startswith(f"{saver.path}: cannot write the save: ") for p in problems)
    assert len(load_save(tmp_path / "kept" / "auto.json").log) == 2  # the last good save stays
    with pytest.raises(SaveError, match="cannot write the save"):
        Autosaver(bot_game(1), tmp_path / "sub" / "other.json")
