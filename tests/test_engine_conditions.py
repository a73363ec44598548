from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st
from profiles import examples

from tabletop.deck import load_deck
from tabletop.deck.model import Clause
from tabletop.engine.conditions import check_of, clause_holds, holds
from tabletop.engine.rules import new_game
from tabletop.engine.state import RoundRecord, SeatConfig

DECK = load_deck(Path(__file__).parent / "decks" / "small.toml")
SEATS = {"port": SeatConfig("bot"), "isle": SeatConfig("bot")}


@pytest.fixture
def state():
    s = new_game(DECK, SEATS, seed=1)
    return evolve(s, motive="cheat", round=3, tallies={"trust": 5, "arms": 2}, events=("parade",), offer="aid",
                  response="delay", played=("blockade", "accept", "aid", "delay"), phase="reactions",
                  history=(RoundRecord(1, ("storm",), "blockade", "accept", {"trust": 4, "arms": 2}),
                           RoundRecord(2, ("storm",), "inspect", "rearm", {"trust": 4, "arms": 2})))


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
    fresh = evolve(state, events=(), offer=None, response=None, round=1, history=())
    for clause in (Clause(offer_tag=("carrot",)), Clause(event=("parade",)), Clause(previous_offer_tag=("pressure",)),
                   Clause(response=("delay",))):
        assert not clause_holds(clause, fresh)


def test_condition_needs_every_clause(state):
    assert holds((), state)
    assert holds((Clause(tally="trust", at_least=5), Clause(event=("parade",))), state)
    assert not holds((Clause(tally="trust", at_least=5), Clause(event=("storm",))), state)


# -- compiled conditions: a condition holds exactly when each of its keys holds alone ------------------------

_KEYS = {
    "tally": st.sampled_from([{"tally": "trust", "at_least": 5}, {"tally": "trust", "at_most": 4},
                              {"tally": "arms", "at_least": 1, "at_most": 3}]),
    "round": st.sampled_from([{"round_at_least": 3}, {"round_at_most": 2}]),
    "motive": st.sampled_from([("cheat",), ("stall", "honest")]).map(lambda v: {"motive": v}),
    "offer": st.sampled_from([{"offer": ("aid",)}, {"offer_tag": ("pressure",)}]),
    "response": st.sampled_from([{"response": ("delay",)}, {"response_tag": ("yes",)}]),
    "previous": st.sampled_from([{"previous_offer_tag": ("verify",)}, {"previous_response_tag": ("yes",)}]),
    "event": st.sampled_from([("parade",), ("festival", "storm")]).map(lambda v: {"event": v}),
    "played": st.sampled_from([("blockade",), ("summit",)]).map(lambda v: {"played": v}),
}
_clause_keys = st.lists(st.sampled_from(sorted(_KEYS)), min_size=1, max_size=5, unique=True).flatmap(
    lambda keys: st.tuples(*(_KEYS[k] for k in keys)))


@settings(max_examples=examples(1.0))
@given(st.lists(_clause_keys, min_size=1, max_size=3), st.sampled_from([None, "cheat", "honest"]))
def test_a_compiled_condition_holds_when_each_key_holds_alone(clauses, motive_given):
    s = new_game(DECK, SEATS, seed=1)
    s = evolve(s, motive="cheat", round=3, tallies={"trust": 5, "arms": 2}, events=("parade",), offer="aid",
               response="delay", played=("blockade", "accept", "aid", "delay"), phase="reactions",
               history=(RoundRecord(2, ("storm",), "inspect", "rearm", {"trust": 4, "arms": 2}),))
    condition = tuple(Clause(**{k: v for part in parts for k, v in part.items()}) for parts in clauses)
    alone = [Clause(**part) for parts in clauses for part in parts]
    expected = all(clause_holds(c, s) for c in alone)
    assert holds(condition, s) is expected
    assert holds(condition, s) is expected  # the second read uses the compiled function
    read_as = all(clause_holds(c, s, motive_given) for c in alone)
    assert holds(condition, s, motive_given) is read_as


def test_equal_conditions_are_compiled_apart_and_once():
    a = (Clause(tally="trust", at_least=5),)
    b = (Clause(tally="trust", at_least=5),)
    assert check_of(a) is check_of(a)
    assert check_of(a) is not check_of(b)
    assert check_of(()) is None


# -- any, all, not; history clauses ----------------------------------------------------------------------------

def C(**keys):
    return Clause(**keys)


@pytest.mark.parametrize("clause, expected", [
    (C(any=(C(offer=("blockade",)), C(tally="trust", at_least=5))), True),   # the second choice holds
    (C(any=(C(offer=("blockade",)), C(tally="trust", at_least=6))), False),  # neither
    (C(all=(C(offer=("aid",)), C(tally="trust", at_least=5))), True),
    (C(all=(C(offer=("aid",)), C(tally="trust", at_least=6))), False),
    (C(not_=(C(offer=("blockade",)),)), True),
    (C(not_=(C(offer=("aid",)),)), False),
    (C(not_=(C(offer=("aid",)), C(tally="trust", at_least=6))), True),  # not (both): the second fails
    (C(any=(C(all=(C(offer=("blockade",)), C(round_at_least=1))), C(not_=(C(event=("storm",)),)))), True),
    (C(tally="trust", at_least=5, not_=(C(motive=("cheat",)),)), False),  # keys of one clause: all must hold
    (C(drawn=("storm",)), True),          # drawn in round 1 or 2: any round counts, not only this one
    (C(drawn=("festival",)), False),
    (C(drawn=("storm",), times=2), True),
    (C(drawn=("storm",), times=3), False),
    (C(played=("aid", "delay"), times=2), True),   # aid once and delay once: two plays of the cards named
    (C(played=("aid", "delay"), times=3), False),
    (C(played=("blockade",), times=1), True),
])
def test_logic_and_history_clauses(state, clause, expected):
    s = evolve(state, drawn=("storm", "storm", "parade"))
    assert clause_holds(clause, s) is expected
    assert holds((clause,), s) is expected


def test_for_rounds_needs_the_closes_of_the_last_rounds_and_now(state):
    # trust was 4 at the close of rounds 1 and 2, and is 5 now
    assert holds((C(tally="trust", at_least=4, for_rounds=2),), state)
    assert not holds((C(tally="trust", at_least=4, for_rounds=3),), state)  # only two rounds have closed
    assert not holds((C(tally="trust", at_least=5, for_rounds=1),), state)  # 4 at the last close
    assert not holds((C(tally="trust", at_most=4, for_rounds=2),), state)   # held at the closes, not now
    two_running = evolve(state, history=state.history + (RoundRecord(3, ("parade",), "aid", "delay", {"trust": 5, "arms": 2}),))
    assert holds((C(tally="trust", at_least=5, for_rounds=1),), two_running)
    assert not holds((C(tally="trust", at_least=5, for_rounds=2),), two_running)


def test_a_motive_clause_at_any_depth_is_a_secret():
    from tabletop.deck.model import reads_motive

    assert reads_motive((C(any=(C(round_at_least=2), C(all=(C(not_=(C(motive=("cheat",)),)),)))),))
    assert not reads_motive((C(any=(C(round_at_least=2), C(not_=(C(offer=("aid",)),)))),))


def test_logic_and_history_in_words():
    from tabletop.engine.words import condition_words

    words = condition_words(DECK, (C(any=(C(offer=("aid",)), C(not_=(C(tally="trust", at_least=5),)))),
                                   C(played=("aid",), times=2), C(tally="arms", at_least=3, for_rounds=2)))
    aid = DECK.option("aid").title
    assert words == (f"(the offer is {aid} or not (Trust at least 5)) and {aid} played at least 2 times and "
                     "Arms at least 3 (at the close of each of the last 2 rounds, and now)")
    assert condition_words(DECK, (C(any=(C(motive=("cheat",)), C(round_at_least=2))),)) == \
        "(a hidden condition or round 2 or later)"


def test_a_deck_written_with_logic_and_history_loads_and_plays(tmp_path):
    """The TOML keys (``not`` included) reach the model, and bot games read them to the end."""
    from tabletop.balance.simulate import simulate

    text = (Path(__file__).parent / "decks" / "minimal.toml").read_text(encoding="utf-8")
    text = text.replace('text = "Side B agrees."\n', 'text = "Side B agrees."\n'
                        'requires = [{ not = [{ played = "agree", times = 2 }] }]\n\n'
                        '[[responses]]\nid = "stall"\ntitle = "Stall"\ntext = "Side B waits."\n'
                        'requires = [{ any = [{ round_at_least = 2 }, { all = [{ offer = "talk" }, '
                        '{ tally = "trust", at_most = 2 }] }] }]\n')
    text = text.replace('when = [{ tally = "trust", at_least = 5 }]',
                        'when = [{ any = [{ tally = "trust", at_least = 5 }, { tally = "trust", at_least = 4, for_rounds = 2 }] }]')
    path = tmp_path / "logic.toml"
    path.write_text(text, encoding="utf-8")
    deck = load_deck(path)
    agree = deck.response("agree").requires[0]
    assert agree.not_ == (Clause(played=("agree",), times=2),)
    assert deck.ending("peace").when[0].any[1] == Clause(tally="trust", at_least=4, for_rounds=2)
    from tabletop.engine.bots import automatic_action
    from tabletop.engine.rules import apply, to_move

    agreed, endings = [], set()
    for seed in range(60):
        game = new_game(deck, {"a": SeatConfig("bot"), "b": SeatConfig("bot")}, seed=seed, rounds=6)
        while to_move(game) is not None:
            game, _ = apply(game, automatic_action(game))
        agreed.append(game.played.count("agree"))
        endings.add(game.ending)
    assert max(agreed) == 2  # refused once it has been played twice, and reached
    assert "peace" in endings
    assert simulate(deck, 100, seed=3).games == 100
