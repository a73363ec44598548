"""Facilitator rulings that reach back: overriding an earlier roll of the round, undoing the last decision."""

from pathlib import Path

import pytest

from tabletop.deck import load_deck
from tabletop.engine import Game, Note, Play, Roll, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.engine.happenings import Overridden, Undone
from tabletop.engine.rulings import overridable_rolls, override_roll, steps_since_decision

DECK = load_deck(Path(__file__).parent / "decks" / "small.toml")


def human_game(seed: int = 3) -> Game:
    return Game(DECK, Setup({s.id: SeatConfig("human") for s in DECK.seats}, seed))


def advance(game: Game) -> None:
    """Make table steps until a seat must decide."""
    while (action := automatic_action(game.state)) is not None:
        game.act(action)


def play_first(game: Game) -> None:
    game.act(game.legal()[0])
    advance(game)


def test_rolls_since_the_last_decision_are_overridable_most_recent_first():
    game = human_game()
    advance(game)
    assert overridable_rolls(game) == []  # only the event was drawn
    play_first(game)  # offer
    play_first(game)  # response, then every roll and the next round's draw
    rolls = overridable_rolls(game)
    assert [r.actor for r in rolls] == [a.id for a in reversed(DECK.actors)]
    assert {r.round for r in rolls} == {1}
    assert all(isinstance(game.applied[r.index], Roll) for r in rolls)


def test_override_of_an_earlier_roll_keeps_the_dice_and_replays_the_table_steps():
    game = human_game()
    advance(game)
    play_first(game)
    play_first(game)
    game.act(Note("a remark after the rolls"))
    first = overridable_rolls(game)[-1]
    faces_before = [game.states[i + 1].last_roll.faces for i in (r.index for r in overridable_rolls(game))]
    steps = len(game.applied)
    table = DECK.actor(first.actor).reactions
    target = len(table) - 1 if game.states[first.index + 1].last_roll.row != len(table) - 1 else 0
    happened = override_roll(game, first, "the facilitator rules otherwise", row=target)
    assert any(isinstance(h, Undone) for h in happened) and any(isinstance(h, Overridden) for h in happened)
    assert len(game.applied) == steps + 1  # the same steps again, plus the override
    assert any(isinstance(a, Note) for a in game.applied)  # the ruling made after the rolls is kept
    again = overridable_rolls(game)
    assert [game.states[i + 1].last_roll.faces for i in (r.index for r in again)] == faces_before
    assert Game.replay(DECK, game.setup, game.log).state == game.state


def test_a_roll_before_a_decision_cannot_be_overridden():
    game = human_game()
    advance(game)
    play_first(game)
    play_first(game)
    old = overridable_rolls(game)[0]
    play_first(game)  # the next round's offer
    assert overridable_rolls(game) == []
    with pytest.raises(ValueError, match="can no longer be overridden"):
        override_roll(game, old, "too late", total=2)


def test_steps_since_decision_undoes_back_to_the_person():
    game = human_game()
    advance(game)
    play_first(game)
    n = steps_since_decision(game)
    assert isinstance(game.applied[-n], Play)
    game.undo(n, "take back the offer")
    assert game.state.phase == "offer"


def test_story_pairs_every_logged_action_with_what_it_did():
    game = human_game()
    advance(game)
    play_first(game)
    game.undo(1, "again")
    story = game.story()
    assert [a for a, _ in story] == game.log
    assert isinstance(story[-1][1][0], Undone)
