import itertools
from fractions import Fraction
from pathlib import Path

import pytest
from attrs import evolve

from tabletop.deck import load_deck
from tabletop.deck.model import Clause, Policy
from tabletop.engine.actions import Guess, IllegalAction, Play
from tabletop.engine.bots import automatic_action, bot_action, bot_rng, explain
from tabletop.engine.game import Game
from tabletop.engine.rng import Rng
from tabletop.engine.rules import apply, legal_actions, new_game, to_move
from tabletop.engine.state import SeatConfig, Setup

DECK = load_deck(Path(__file__).parent / "decks" / "small.toml")


def state(deck=DECK, port=SeatConfig("bot"), **changes):  # noqa: B008 - a frozen value, never changed
    return evolve(new_game(deck, {"port": port, "isle": SeatConfig("bot")}, 1), **changes)


def weights(choices):
    return {c.action.card: c.weight for c in choices}


def test_the_respond_bot_follows_its_motive():
    s = state(motive="stall", phase="response", offer="aid")
    choices = explain(s, "isle")
    assert weights(choices) == {"accept": 0, "delay": 4}
    assert [c.chance for c in choices] == [0, 1]
    assert choices[0].reasons == ("-1 A deal ends the game.",)
    cheat = explain(evolve(s, motive="cheat"), "isle")
    assert weights(cheat) == {"accept": 4, "delay": 1} and [c.chance for c in cheat] == [Fraction(4, 5), Fraction(1, 5)]
    # "Wait out the pressure" only holds when the offer is pressure.
    assert weights(explain(evolve(s, motive="cheat", offer="blockade"), "isle")) == {"accept": 1, "delay": 3}


def test_the_offer_bot_follows_its_style_first_style_by_default():
    s = state(phase="offer", hand=("aid", "blockade", "inspect"))
    assert weights(explain(s, "port")) == {"aid": 0, "blockade": 5, "inspect": 5}
    assert weights(explain(state(port=SeatConfig("bot", "hawk"), phase="offer", hand=s.hand), "port")) == weights(explain(s, "port"))
    dove = state(port=SeatConfig("bot", "dove"), phase="offer", hand=("aid", "summit", "blockade"),
                 tallies={"trust": 5, "arms": 2})
    choices = explain(dove, "port")
    assert weights(choices) == {"aid": 5, "summit": 8, "blockade": 1}
    assert choices[1].reasons == ("+4 Build trust.", "+3 The time is ripe.")
    assert sum(c.chance for c in choices) == 1


def test_without_styles_every_card_is_alike_and_all_zero_is_uniform():
    bare = evolve(DECK, seats=tuple(evolve(s, styles=()) for s in DECK.seats))
    s = state(deck=bare, phase="offer", hand=("aid", "blockade", "inspect"))
    assert [c.chance for c in explain(s, "port")] == [Fraction(1, 3)] * 3
    sulky = evolve(DECK.motives[0], policy=(Policy(weight=-5, tag=("yes", "delay")),))
    s = state(deck=evolve(DECK, motives=(sulky,) + DECK.motives[1:]), motive=sulky.id, phase="response", offer="aid")
    assert [c.weight for c in explain(s, "isle")] == [-4, -4]
    assert [c.chance for c in explain(s, "isle")] == [Fraction(1, 2)] * 2


def test_the_offer_bot_does_not_see_the_motive():
    peek = Policy(weight=50, card=("aid",), when=(Clause(motive=("stall", "cheat", "honest")),))
    seats = tuple(evolve(s, styles=(evolve(s.styles[0], policy=(peek,)),)) if s.role == "offer" else s for s in DECK.seats)
    s = state(deck=evolve(DECK, seats=seats), phase="offer", hand=("aid", "blockade"))
    assert weights(explain(s, "port")) == {"aid": 1, "blockade": 1}


def test_a_weightless_card_is_never_chosen():
    for seed in range(40):
        s = state(motive="stall", phase="response", offer="aid", seed=seed)
        assert bot_action(s, "isle") == Play("isle", "delay")


def test_bot_choice_is_pure_and_depends_on_seed_and_round_not_on_bookkeeping():
    s = state(phase="offer", hand=("blockade", "inspect", "aid"))
    assert bot_action(s, "port") == bot_action(s, "port") and s == state(phase="offer", hand=s.hand)
    picks = {bot_action(evolve(s, seed=k), "port").card for k in range(30)}
    assert picks == {"blockade", "inspect"}
    assert {bot_action(evolve(s, round=k), "port").card for k in range(1, 31)} == {"blockade", "inspect"}
    # Notes, undone steps and refused actions change the step count: never the bot's move.
    assert {bot_action(evolve(s, step=k), "port") for k in range(30)} == {bot_action(s, "port")}


def test_each_seat_and_phase_has_its_own_draw():
    s = state(phase="offer", hand=("blockade", "inspect", "aid"))
    draws = {bot_rng(evolve(s, phase=phase), seat).next64() for phase in ("offer", "response") for seat in ("port", "isle")}
    assert len(draws) == 4 and bot_rng(s, "port").next64() != Rng(s.seed).next64()


def test_table_steps_and_wrong_seats():
    s = state()
    assert bot_action(s, "table") == legal_actions(s)[0]
    with pytest.raises(IllegalAction, match="not to move"):
        explain(s, "port")


def test_the_respond_seat_leaves_evidence_of_its_motive():
    s = state(phase="response", offer="aid")
    after, _ = apply(s, Play("isle", "delay"))
    # delay's chance under each motive: stall 4/4, cheat 1/5, honest 1/6
    assert after.likelihood == {"stall": 1, "cheat": Fraction(1, 5), "honest": Fraction(1, 6)}
    again, _ = apply(evolve(after, phase="response", offer="blockade"), Play("isle", "accept"))
    assert again.likelihood == {"stall": 0, "cheat": Fraction(1, 5) * Fraction(1, 4), "honest": Fraction(1, 6) * Fraction(5, 6)}


@pytest.mark.parametrize("likelihood, guess", [
    ({"stall": Fraction(1, 10), "cheat": Fraction(1, 5), "honest": Fraction(1, 2)}, "honest"),  # 2/10, 4/10, 5/10
    ({"stall": Fraction(1, 10), "cheat": Fraction(1, 5), "honest": Fraction(1, 3)}, "cheat"),  # weight 1 vs 2
    ({"stall": Fraction(1, 5), "cheat": Fraction(1, 5), "honest": Fraction(1, 5)}, "stall"),  # tie: deck order
    ({"stall": 0, "cheat": 0, "honest": 0}, "stall"),  # nothing fits: the draw weights decide
])
def test_the_guess_names_the_most_probable_motive(likelihood, guess):
    s = state(phase="guess", ending="stalemate", likelihood=likelihood)
    assert bot_action(s, "port") == Guess("port", guess)
    assert sum(c.chance for c in explain(s, "port")) == 1


@pytest.mark.parametrize("rule", ["name", "brier"])
def test_the_bots_guess_is_the_likeliest_of_explain_and_its_spread_their_chances(rule):
    """`bot_action` guesses without making a `Choice` per motive: it must agree with `explain` (the likeliest, the
    first on a tie; a spread of its chances in whole percents), whatever the likelihoods."""
    from tabletop.engine.bots import percents

    deck = evolve(DECK, deck=evolve(DECK.deck, guess_rule=rule))
    values = [Fraction(0), Fraction(1, 7), Fraction(1, 5), Fraction(2, 7), Fraction(1, 2), Fraction(1)]
    for likelihood in itertools.product(values, repeat=3):
        s = state(deck, phase="guess", ending="stalemate", likelihood=dict(zip(("stall", "cheat", "honest"), likelihood, strict=True)))
        choices = explain(s, "port")
        best = max(choices, key=lambda c: c.chance)
        guess = bot_action(s, "port")
        if rule == "name":
            assert guess == best.action
        else:
            spread = dict(zip((c.action.motive for c in choices), percents([c.chance for c in choices]), strict=True))
            assert dict(guess.spread) == spread and sum(spread.values()) == 100
            assert spread[guess.motive] == max(spread.values())
            assert guess.motive == next(m for m, n in spread.items() if n == max(spread.values()))


def play(seed, seats):
    game = Game(DECK, Setup(seats, seed))
    while (mover := to_move(game.state)) is not None:
        game.act(bot_action(game.state, mover))
    return game


def test_bot_games_are_identical_for_a_seed():
    seats = {"port": SeatConfig("bot", "dove"), "isle": SeatConfig("bot")}
    assert play(5, seats).log == play(5, seats).log
    assert len({tuple(play(k, seats).log) for k in range(6)}) > 1


def test_the_guess_beats_chance():
    seats = {"port": SeatConfig("bot"), "isle": SeatConfig("bot")}
    games = [play(k, seats).state for k in range(60)]
    right = sum(s.guess == s.motive for s in games)
    assert right > 60 * 0.4 + 5  # always guessing the likeliest draw would be right 40% of the time


@pytest.mark.parametrize("name", ["korea-2018", "cuba-1962"])
def test_the_bots_quick_choice_weighs_as_explain_says(name):
    """`bot_action` weighs in whole numbers without building reasons, on the whole state as the seat's view reads it
    (without making the view); `explain` shows the same weights, read on the view. (Cuba hides a tally from the
    offer seat, so its bot's quick choice must leave the policies on it aside as its view does.)"""
    from tabletop.engine import Game, SeatConfig, Setup
    from tabletop.engine.bots import automatic_action, bot_rng, explain
    from tabletop.engine.policy import floored
    from tabletop.engine.rules import to_move

    deck = load_deck(Path(__file__).parent.parent / "decks" / f"{name}.toml")
    offer, respond = deck.seat_by_role("offer"), deck.seat_by_role("respond")
    checked = 0
    for seed in range(30):
        style = offer.styles[seed % len(offer.styles)].id
        game = Game(deck, Setup({offer.id: SeatConfig("bot", style), respond.id: SeatConfig("bot")}, seed))
        while (action := automatic_action(game.state)) is not None:
            state, mover = game.state, to_move(game.state)
            if mover != "table" and state.phase in ("offer", "response"):
                choices = explain(state, mover)
                expected = choices[bot_rng(state, mover).pick(floored([c.weight for c in choices]))].action
                assert action == expected
                checked += 1
            game.act(action)
    assert checked > 200


@pytest.mark.parametrize("name", ["small", "hidden", "secret", "korea-2018", "cuba-1962"])
def test_the_likelihood_kept_is_each_motives_chance_of_the_response(name):
    """The rules keep each motive's likelihood with weights remembered by situation (`compiled.Evidence`); each
    response must still multiply it by the chance that the motive's policy (as the room may read it: without the
    policies on a hidden tally) plays that card there, worked out here directly."""
    from tabletop.engine.compiled import compiled
    from tabletop.engine.policy import compiled_weights, floored
    from tabletop.engine.rules import playable_responses

    here = Path(__file__).parent
    deck = load_deck(here / "decks" / f"{name}.toml" if (here / "decks" / f"{name}.toml").is_file()
                     else here.parent / "decks" / f"{name}.toml")
    cd = compiled(deck)
    offer, respond = deck.seat_by_role("offer"), deck.seat_by_role("respond")
    styles = [st.id for st in offer.styles] or [None]
    checked = 0
    for seed in range(40):
        game = Game(deck, Setup({offer.id: SeatConfig("bot", styles[seed % len(styles)]),
                                 respond.id: SeatConfig("bot")}, seed))
        while (action := automatic_action(game.state)) is not None:
            state = game.state
            game.act(action)
            if state.phase == "response" and isinstance(action, Play):
                cards = playable_responses(state)
                expected = {}
                for m in deck.motives:
                    kept = floored(compiled_weights(state, cd.policies(cd.known_policies(m.policy, cd.secret[None])),
                                                    cards, m.id))
                    share = Fraction(kept[[c.id for c in cards].index(action.card)], sum(kept))
                    expected[m.id] = state.likelihood[m.id] * share
                assert game.state.likelihood == expected
                checked += 1
    assert checked > 100


def test_the_likelihood_reads_a_clause_on_the_motive_as_each_motive():
    """A policy whose condition names a motive holds in the likelihood of that motive only: the same condition in
    two motives' policies is read once for each (`compiled.Evidence` must not share it between them), here with a
    tally in the same clause, so that whether it holds changes during a game."""
    from tabletop.engine.compiled import compiled
    from tabletop.engine.policy import compiled_weights, floored
    from tabletop.engine.rules import playable_responses

    named = DECK.motives[1].id
    when = (Clause(motive=(named,), tally="trust", at_least=4),)
    motives = tuple(evolve(m, policy=m.policy + (Policy(weight=6, card=("accept",), when=when),)) for m in DECK.motives)
    deck = evolve(DECK, motives=motives)
    cd = compiled(deck)
    seen = set()
    for trust in (1, 5, 2, 6):
        s = state(deck=deck, phase="response", offer="aid", tallies={**DECK_START, "trust": trust})
        after, _ = apply(s, Play("isle", "accept"))
        cards = playable_responses(s)
        shares = {}
        for m in deck.motives:
            kept = floored(compiled_weights(s, cd.policies(m.policy), cards, m.id))
            shares[m.id] = Fraction(kept[[c.id for c in cards].index("accept")], sum(kept))
        assert after.likelihood == {m: s.likelihood[m] * shares[m] for m in shares}
        seen.add(shares[named])
    assert len(seen) == 2  # the clause held for the named motive at trust 5 and 6, not at 1 and 2


DECK_START = {t.id: t.start for t in DECK.tallies}
