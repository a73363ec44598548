from pathlib import Path

import pytest
from attrs import evolve

from tabletop.deck import load_deck
from tabletop.deck.model import Clause
from tabletop.engine.conditions import clause_holds, holds
from tabletop.engine.rules import new_game
from tabletop.engine.state import RoundRecord, SeatConfig

DECK = load_deck(Path(__file__).parent / "decks" / "small.toml")
SEATS = {"port": SeatConfig("bot"), "isle": SeatConfig("bot")}


@pytest.fixture
def state():
    s = new_game(DECK, SEATS, seed=1)
    return evolve(s, motive="cheat", round=3, tallies={"trust": 5, "arms": 2}, event="parade", offer="aid",
                  response="delay", played=("blockade", "accept", "aid", "delay"), phase="reactions",
                  history=(RoundRecord(1, "storm", "blockade", "accept", {"trust": 4, "arms": 2}),
                           RoundRecord(2, "storm", "inspect", "rearm", {"trust": 4, "arms": 2})))


@pytest.mark.parametrize("clause, expected", [
    (Clause(tally="trust", at_least=5), True),
    (Clause(tally="trust", at_least=6), False),
    (Clause(tally="trust", at_most=5), True),
    (Clause(tally="trust", at_most=4), False),
    (Clause(tally="trust", at_least=5, at_most=5), True),
    (Clause(round_at_least=3), True),
    (Clause(round_at_least=4), False),
    (Clause(round_at_most=3), True),
    (Clause(round_at_most=2), False),
    (Clause(motive=("stall", "cheat")), True),
    (Clause(motive=("honest",)), False),
    (Clause(offer=("aid",)), True),
    (Clause(offer=("blockade",)), False),  # played before, but not this round
    (Clause(offer_tag=("carrot",)), True),
    (Clause(offer_tag=("pressure",)), False),
    (Clause(response=("delay",)), True),
    (Clause(response=("accept",)), False),
    (Clause(response_tag=("delay",)), True),
    (Clause(response_tag=("no",)), False),
    (Clause(previous_offer_tag=("verify",)), True),  # round 2's offer, not round 1's
    (Clause(previous_offer_tag=("carrot",)), False),
    (Clause(previous_response_tag=("no",)), True),
    (Clause(previous_response_tag=("yes",)), False),
    (Clause(event=("parade", "storm")), True),
    (Clause(event=("festival",)), False),
    (Clause(played=("blockade",)), True),
    (Clause(played=("rearm", "summit")), False),
    (Clause(ending=("stalemate",)), False),  # no ending before the game is over
    (Clause(tally="trust", at_least=5, offer=("aid",), motive=("cheat",)), True),
    (Clause(tally="trust", at_least=5, offer=("blockade",)), False),  # every key must hold
])
def test_clause(state, clause, expected):
    assert clause_holds(clause, state) is expected


def test_ending_holds_once_the_game_is_over(state):
    ended = evolve(state, ending="stalemate", phase="guess")
    assert not clause_holds(Clause(ending=("stalemate",)), ended)
    over = evolve(ended, phase="over")
    assert clause_holds(Clause(ending=("stalemate",)), over)
    assert not clause_holds(Clause(ending=("deal",)), over)


def test_nothing_played_this_round_matches_no_card_test(state):
    fresh = evolve(state, event=None, offer=None, response=None, round=1, history=())
    for clause in (Clause(offer_tag=("carrot",)), Clause(event=("parade",)), Clause(previous_offer_tag=("pressure",)),
                   Clause(response=("delay",))):
        assert not clause_holds(clause, fresh)


def test_condition_needs_every_clause(state):
    assert holds((), state)
    assert holds((Clause(tally="trust", at_least=5), Clause(event=("parade",))), state)
    assert not holds((Clause(tally="trust", at_least=5), Clause(event=("storm",))), state)
