"""Saves made before version 3 replay exactly, and are written as version 3 once played on.

``tests/saves/v2`` holds 40 saves made by tabletop at commit d9ee100 (save version 2, whose bots drew from a
generator keyed on the step count), with every kind of ruling, and the fingerprint of the state after each of
their actions as that version computed it (`tests/saves/make_v2_saves.py`). Bot moves are in the log, and the
dice come from the state's own generator, so the new bot keying does not change what an old log replays to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tabletop.deck import load_deck
from tabletop.engine import Game
from tabletop.engine.bots import automatic_action
from tabletop.saves import Autosaver, SaveError, load_save, resume
from tabletop.saves.format import VERSION
from tabletop.saves.store import replay_save

OLD = Path(__file__).parent / "saves" / "v2"
sys.path.insert(0, str(OLD.parent))
from fingerprint import fingerprint  # noqa: E402

STATES = json.loads((OLD / "states.json").read_text())
DECKS = {name: load_deck(OLD / name) for name in ("small.toml", "korea-2018.toml")}


def deck_of(save):
    return DECKS[Path(save.deck.path).name]


@pytest.mark.parametrize("name", sorted(STATES))
def test_an_old_save_replays_to_exactly_the_states_it_had(name):
    save = load_save(OLD / name)
    assert save.version == 2
    fresh = Game(deck_of(save), save.setup)
    prints = []
    for action in save.log:
        fresh.act(action)
        prints.append(fingerprint(fresh.state))
    assert prints == STATES[name]
    assert replay_save(save, deck_of(save)).state == fresh.state


def test_the_old_saves_hold_every_kind_of_ruling():
    kinds = {a.TYPE for name in STATES for a in load_save(OLD / name).log}
    assert {"note", "adjust", "undo", "override", "draw", "play", "roll", "close", "guess"} <= kinds


def test_an_old_save_is_written_as_the_current_version_when_played_on(tmp_path):
    name = next(n for n in sorted(STATES) if load_save(OLD / n).log[-1].TYPE != "guess")
    path = tmp_path / name
    path.write_bytes((OLD / name).read_bytes())
    saver, save = Autosaver.open(path)
    game = resume(save, load_deck, OLD / Path(save.deck.path).name)
    assert saver.attach(game).saved
    assert load_save(path).version == VERSION == 3  # rewritten whole at once, before anything new is played
    action = automatic_action(game.state) or game.legal()[0]
    game.act(action)
    saver.close()
    again = load_save(path)
    assert again.version == 3 and again.log == tuple(game.log)
    assert replay_save(again, deck_of(save)).state == game.state


def test_an_old_seed_out_of_bounds_is_read_as_the_seed_of_the_same_game(tmp_path):
    name = sorted(STATES)[1]
    lines = (OLD / name).read_text().splitlines(keepends=True)
    head = json.loads(lines[0])
    seed = head["setup"]["seed"]
    head["setup"]["seed"] = seed - 2**64  # the generator held 64 bits: the same game, by another name
    path = tmp_path / name
    path.write_text(json.dumps(head) + "\n" + "".join(lines[1:]))
    save = load_save(path)
    assert save.setup.seed == seed
    fresh = Game(deck_of(save), save.setup)
    prints = []
    for action in save.log:
        fresh.act(action)
        prints.append(fingerprint(fresh.state))
    assert prints == STATES[name]
    head["version"] = 3  # a version 3 save holds only seeds in bounds
    path.write_text(json.dumps(head) + "\n" + "".join(lines[1:]))
    with pytest.raises(SaveError, match=r"setup.seed: expected a seed from 0 to 18446744073709551615, found -"):
        load_save(path)
