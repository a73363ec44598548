"""The engine answers the interface's questions (`decide`): who moves now, a person or an automatic step, and the
menu of that decision with each choice's effects, the rolls it shifts and why a card cannot be played; and
`beats` groups what happened, each roll with its effects."""

from __future__ import annotations

from pathlib import Path

import pytest
from attrs import evolve

import tabletop.engine.bots as bots
from tabletop.deck import load_deck
from tabletop.engine import CloseRound, Draw, Game, Guess, Pass, Play, SeatConfig, Setup, apply
from tabletop.engine import happenings as h
from tabletop.engine.bots import automatic_action, bot_action
from tabletop.engine.decisions import Effect, Shift, decide
from tabletop.engine.rules import legal_actions
from tabletop.engine.state import TABLE

SMALL = Path(__file__).parent / "decks" / "small.toml"


@pytest.fixture(scope="module")
def deck():
    return load_deck(SMALL)


def at_offer(deck, port="human", isle="bot", seed=1):
    game = Game(deck, Setup({"port": SeatConfig(port), "isle": SeatConfig(isle)}, seed))
    game.act(Draw())
    return game


def test_the_table_steps_and_the_end(deck):
    game = Game(deck, Setup({"port": SeatConfig("human"), "isle": SeatConfig("bot")}, 1))
    first = decide(game.state)
    assert (first.mover, first.by, first.action, first.menu, first.person) == (TABLE, TABLE, Draw(), (), False)
    over = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 1))
    while (action := automatic_action(over.state)) is not None:
        assert decide(over.state).action == action
        over.act(action)
    end = decide(over.state)
    assert (end.phase, end.mover, end.by, end.action, end.menu) == ("over", None, None, None, ())


def test_a_person_chooses_from_the_hand_with_each_cards_price(deck):
    game = at_offer(deck)
    state = evolve(game.state, hand=("aid", "blockade", "aid"), tallies={"trust": 4, "arms": 2})
    decision = decide(state)
    assert decision.person and decision.mover == "port" and decision.action is None
    aid, blockade = decision.menu
    assert (aid.key, aid.kind, aid.action, aid.card, aid.title, aid.copies) == (
        "play:aid", "play", Play("port", "aid"), "aid", "Send aid", 2)
    assert aid.effects == (Effect("trust", 1, 4, 5, "Trust +1"),)
    assert aid.shifts == (Shift("league", 1, "The League likes generosity.", "", False),)
    # A modifier for every actor shifts each of their rolls.
    assert [(s.actor, s.value) for s in blockade.shifts] == [("league", -1), ("trader", -1)]
    assert decision.choices == (aid, blockade)
    assert [item.action for item in decision.choices] == legal_actions(state)


def test_a_card_that_cannot_be_played_says_why_and_pass_comes_when_nothing_can(deck):
    game = at_offer(deck)
    state = evolve(game.state, hand=("summit", "aid"), tallies={"trust": 4, "arms": 2})
    summit, aid = decide(state).menu
    assert not summit.playable and summit.action is None and summit.why_not == "only while Trust at least 5"
    assert aid.playable and aid.why_not == ""
    stuck = decide(evolve(state, hand=("summit",)))
    assert [item.key for item in stuck.menu] == ["play:summit", "pass"]
    assert [item.action for item in stuck.choices] == [Pass("port")] == legal_actions(evolve(state, hand=("summit",)))
    # Effects that a bound would cut short say what the tally would become.
    high = decide(evolve(state, tallies={"trust": 10, "arms": 2}))
    assert high.menu[1].effects == (Effect("trust", 1, 10, 10, "Trust +1"),)


def test_the_response_menu_lists_every_response_and_the_guess_every_motive(deck):
    game = at_offer(deck, port="bot", isle="human")
    game.act(decide(game.state).action)
    decision = decide(game.state)
    assert decision.person and decision.mover == "isle" and decision.phase == "response"
    assert [item.card for item in decision.menu] == [c.id for c in deck.responses]
    rearm = next(item for item in decision.menu if item.card == "rearm")
    assert rearm.why_not == "only while last round's offer was tagged pressure" and not rearm.playable
    accept = next(item for item in decision.menu if item.card == "accept")
    assert accept.shifts == (Shift("league", 2, "A yes reassures the League.", "the offer is tagged carrot", False),)
    guess = decide(evolve(game.state, phase="guess"))
    assert [item.action for item in guess.menu] == [Guess("port", m.id) for m in deck.motives]
    assert [item.title for item in guess.menu] == [m.label for m in deck.motives]


def test_a_bots_decision_is_made_once_and_is_the_bots(deck, monkeypatch):
    game = at_offer(deck, port="bot")
    calls = []
    real = bots.rng_pick
    monkeypatch.setattr(bots, "rng_pick", lambda state, seat, kept: calls.append(seat) or real(state, seat, kept))
    decision = decide(game.state)
    assert calls == ["port"]  # the bot weighed its cards and drew once
    assert decision.by == "bot" and decision.action == bot_action(game.state, "port")
    assert decision.action in [item.action for item in decision.choices]


def test_beats_group_each_roll_with_its_effects():
    roll = h.Rolled("league", "2d6", (1, 1), 2, (), 2, 0, "Alarmed")
    trust = h.TallyChanged("trust", -1, 4, 3, "actor", "league")
    arms = h.TallyChanged("arms", 1, 2, 3, "actor", "league")
    adjust = h.TallyChanged("arms", 1, 3, 4, "adjust", "", "a ruling")
    note = h.Noted("hm")
    assert h.beats([roll, trust, arms, adjust, note]) == [h.Beat(roll, (trust, arms)), h.Beat(adjust), h.Beat(note)]
    assert h.beats([trust]) == [h.Beat(trust)]


def test_beats_of_a_whole_game_keep_every_happening_in_order(deck):
    game = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 8))
    while (action := automatic_action(game.state)) is not None:
        happened = game.act(action)
        grouped = h.beats(happened)
        assert [x for b in grouped for x in (b.happening, *b.changes)] == happened
        if isinstance(action, CloseRound):
            assert all(not b.changes for b in grouped)
    state, happened = apply(game.states[0], Draw())
    assert h.beats(happened)[0].happening == h.RoundStarted(1, state.rounds)
