"""Random games with random legal moves and facilitator actions: the engine's invariants."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profiles import examples

from tabletop.deck import load_deck
from tabletop.engine.actions import Adjust, IllegalAction, Note, Override, Undo, action_from_dict
from tabletop.engine.bots import bot_action
from tabletop.engine.game import Game
from tabletop.engine.rules import to_move
from tabletop.engine.state import PHASES, SeatConfig, Setup
from tabletop.paths import default_deck

SMALL = Path(__file__).parent / "decks" / "small.toml"
DECKS = [
    pytest.param(SMALL, id="small"),
    pytest.param(default_deck(), id="default",
                 marks=pytest.mark.skipif(not default_deck().exists(), reason="the default deck is not there yet")),
]
_loaded = {}


def deck_at(path):
    if path not in _loaded:
        _loaded[path] = load_deck(path)
    return _loaded[path]


def random_action(game, pick):
    """A legal move for whoever is to move, or (one time in three) a facilitator action that may be refused."""
    deck, state = game.deck, game.state
    kind, arg = pick % 12, pick // 12
    if kind == 0:
        tally = deck.tallies[arg % len(deck.tallies)]
        return Adjust(tally.id, arg % 9 - 4, "random adjustment")
    if kind == 1 or (kind == 4 and state.last_roll is not None):
        return Override(total=arg % 40 - 10, reason="random total") if arg % 2 else Override(row=arg % 4, reason="random row")
    if kind == 2:
        return Note(f"note {arg}")
    if kind == 3:
        return Undo(1 + arg % 4, "random undo")
    legal = game.legal()
    return legal[arg % len(legal)] if legal else Note("the game is over")


def check_invariants(game):
    state, deck = game.state, game.deck
    assert state.phase in PHASES
    for t in deck.tallies:
        assert t.min <= state.tallies[t.id] <= t.max
    standing = {c.id: c for c in deck.options if c.standing}  # held besides the hand's size, never drawn
    assert len([i for i in state.hand if i not in standing]) <= deck.seat_by_role("offer").hand
    assert standing.keys().isdisjoint(state.pile) and standing.keys().isdisjoint(state.discard)
    assert all(i in state.hand for i, c in standing.items() if not (c.once or c.limit or c.until_round))
    assert (state.phase == "over") == (not game.legal())
    assert 1 <= state.round <= state.rounds


@pytest.mark.parametrize("path", DECKS)
@settings(max_examples=examples(0.4), suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**64 - 1), rounds=st.none() | st.integers(1, 6),
       style=st.integers(0, 3), picks=st.lists(st.integers(0, 2**20), min_size=10, max_size=150), back=st.integers(0, 40))
def test_random_games_keep_the_rules(path, seed, rounds, style, picks, back):
    deck = deck_at(path)
    offer, respond = deck.seat_by_role("offer"), deck.seat_by_role("respond")
    styles = [None] + [s.id for s in offer.styles]
    seats = {offer.id: SeatConfig("bot", styles[style % len(styles)]), respond.id: SeatConfig("human")}
    setup = Setup(seats, seed, rounds)
    game = Game(deck, setup)
    for pick in picks:
        action = random_action(game, pick)
        try:
            game.act(action)
        except IllegalAction:
            assert action.seat == "facilitator", f"a legal action was refused: {action}"
        check_invariants(game)

    # Every game ends: from anywhere, the bots and the table finish within the remaining rounds' steps.
    state = game.state
    bound = (state.rounds - state.round + 1) * (4 + len(deck.actors)) + 1
    for _ in range(bound):
        if (mover := to_move(game.state)) is None:
            break
        game.act(bot_action(game.state, mover))
        check_invariants(game)
    assert game.state.phase == "over"
    assert set(game.state.scores) == {s.id for s in deck.seats}

    # The log, through JSON, replays to an equal state.
    log = [action_from_dict(d) for d in json.loads(json.dumps([a.to_dict() for a in game.log]))]
    assert Game.replay(deck, Setup.from_dict(json.loads(json.dumps(setup.to_dict()))), log).state == game.state

    # Undoing and playing the same actions again gives an equal state (same dice).
    final, n = game.state, min(back, len(game.applied))
    if n:
        redo = game.applied[-n:]
        game.undo(n, "property")
        for action in redo:
            game.act(action)
        assert game.state == final
