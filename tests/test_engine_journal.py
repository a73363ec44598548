"""`Game` keeps what every action made happen as it acts (its journal): `story` and `recent` need no replay."""

from __future__ import annotations

import random

from tabletop.deck import load_deck
from tabletop.engine import Game, Note, Roll, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.engine.rulings import overridable_rolls, override_roll
from tabletop.present.text import describe

from ui_helpers import DEFAULT_DECK


def long_game(deck, n: int) -> Game:
    """A legal game of ``n`` actions: the facilitator's notes before the first draw (the human seat moves next)."""
    game = Game(deck, Setup({"us": SeatConfig("human"), "dprk": SeatConfig("bot")}, 7))
    for i in range(n):
        game.act(Note(f"note {i}"))
    return game


def replayed_story(game: Game):
    fresh = Game(game.deck, game.setup)
    return [(action, fresh.act(action)) for action in game.log]


def test_the_journal_is_what_a_replay_gives():
    deck = load_deck(DEFAULT_DECK)
    rng = random.Random(5)
    game = Game(deck, Setup({"us": SeatConfig("bot"), "dprk": SeatConfig("bot")}, 11))
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
        roll = rng.random()
        if roll < 0.1 and game.applied:
            game.undo(rng.randint(1, min(3, len(game.applied))), "again")
        elif roll < 0.15:
            game.act(Note("a remark"))
        elif roll < 0.2 and isinstance(action, Roll) and (rolls := overridable_rolls(game)):
            override_roll(game, rolls[-1], "the dice fell off the table", row=0)
    assert any(a.TYPE == "undo" for a in game.log) and any(a.TYPE == "override" for a in game.log)
    assert game.story() == replayed_story(game)
    # The steps still in force, as the facilitator's undo list shows them, are those of a replay of `applied`.
    fresh = Game(deck, game.setup)
    expected = [(i, action, fresh.act(action)) for i, action in enumerate(game.applied)]
    assert game.recent(12) == expected[-12:]
    assert game.recent(10**6) == expected


def test_story_and_recent_apply_no_rule(count_apply):
    game = long_game(load_deck(DEFAULT_DECK), 2000)
    count_apply[0] = 0
    story = game.story()
    recent = game.recent(12)
    assert count_apply[0] == 0
    assert len(story) == 2000 and story[-1][0] == Note("note 1999")
    assert [i for i, _, _ in recent] == list(range(1988, 2000))
    assert describe(game.deck, recent[-1][2]) == describe(game.deck, story[-1][1])
    assert "note 1999" in describe(game.deck, recent[-1][2])[0]


def test_the_journal_is_kept_from_changes_to_what_act_returns():
    game = Game(load_deck(DEFAULT_DECK), Setup({"us": SeatConfig("bot"), "dprk": SeatConfig("bot")}, 1))
    happened = game.act(Note("one"))
    happened.append("something else")
    assert game.story() == replayed_story(game)
