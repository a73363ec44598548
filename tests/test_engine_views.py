"""What each seat may know (`view`): the hidden motive only for its own seat and after the game, and nothing
shown to the offering seat (its view, the odds, the modifiers' reasons, the menus' words, the log) carries it.

``tests/decks/secret.toml`` has modifiers and a response card that read the motive; every word of theirs, and
every motive's text, holds the marker ``MOTIVE-``. A game's strings are collected as the offering seat is shown
them and searched for it; and the offering seat's view is compared across every motive the state could hide.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from attrs import evolve
from secrecy_helpers import bot_game, strings

from tabletop.deck import load_deck
from tabletop.engine import Game, Play, SeatConfig, Setup, odds
from tabletop.engine.bots import automatic_action, explain
from tabletop.engine.decisions import decide
from tabletop.engine.state import TABLE
from tabletop.engine.views import HIDDEN_REASON, roll_odds, view
from tabletop.present.play import run_headless
from tabletop.present.report import report_markdown
from tabletop.present.text import describe

SECRET = Path(__file__).parent / "decks" / "secret.toml"
MARK = "MOTIVE-"


@pytest.fixture(scope="module")
def deck():
    return load_deck(SECRET)


def shown_to_offer_seat(state) -> list[str]:
    """Every string the engine gives the offering seat (and the room) about ``state``."""
    out = strings(view(state, "port")) + strings(view(state, None))
    out += [s for actor in state.deck.actors for s in strings(roll_odds(view(state, None), actor.id))]
    decision = decide(state)
    if decision.phase == "guess":  # every motive alike, none marked
        assert [item.card for item in decision.menu] == [m.id for m in state.deck.motives]
        out += [s for item in decision.menu for s in (item.why_not, *strings(item.effects), *strings(item.shifts))]
    elif decision.mover in ("port", TABLE, None):
        out += strings(decision.menu)
    else:  # the responding seat's menu is on the shared screen too: its words may not name the motive
        out += [s for item in decision.menu for s in (item.why_not, *strings(item.shifts))]
    return out


def test_the_motive_is_in_its_own_seats_view_and_in_every_view_after_the_game(deck):
    game = bot_game(deck, 3)
    first, last = game.states[0], game.state
    assert view(first, "isle").motive == first.motive is not None
    assert view(first, "port").motive is None and view(first, None).motive is None
    assert not any(hasattr(view(first, "isle"), secret) for secret in ("rng", "seed", "last_roll"))
    assert view(first, "isle").pile == len(first.pile)  # the pile's size, not its order
    assert last.phase == "over"
    assert view(last, "port").motive == view(last, None).motive == last.motive
    with pytest.raises(ValueError):
        view(first, "nobody")


@pytest.mark.parametrize("seed", range(12))
def test_the_offer_seats_view_is_the_same_whatever_the_hidden_motive(deck, seed):
    game = bot_game(deck, seed)
    motives = [m.id for m in deck.motives]
    compared = 0
    for state in game.states[:-1]:
        assert state.phase != "over"
        mine = view(state, "port")
        for motive in motives:
            other = evolve(state, motive=motive)
            assert view(other, "port") == mine and view(other, None) == view(state, None)
            for actor in deck.actors:
                assert roll_odds(view(other, None), actor.id) == roll_odds(view(state, None), actor.id)
            if state.phase in ("offer", "guess"):  # the offering seat's own decisions and its bot's reasons
                assert decide(other).menu == decide(state).menu
                assert explain(other, "port") == explain(state, "port")
            compared += 1
    assert compared > 20


@pytest.mark.parametrize("seed", range(12))
def test_nothing_shown_to_the_offer_seat_carries_the_motive(deck, seed):
    game = bot_game(deck, seed)
    seen: list[str] = []
    for state in game.states[:-1]:
        seen += shown_to_offer_seat(state)
    for action, happened in game.story():
        if action.TYPE != "guess":  # the guess reveals the motive to all
            seen += describe(deck, happened)
    shown = [s for s in seen if MARK in s]
    assert not shown, shown[:5]
    assert HIDDEN_REASON in seen  # the secret modifiers were there, and said so
    # The log with the motive revealed (the debrief, a finished game's report) does give the reasons.
    revealed = [line for _, happened in game.story() for line in describe(deck, happened, reveal=True)]
    assert any("MOTIVE-LEAK" in line for line in revealed)


def test_the_odds_count_only_what_the_seat_knows(deck):
    game = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 0))
    while game.state.phase != "reactions":
        game.act(automatic_action(game.state))
    state = evolve(game.state, motive="stall")
    room = roll_odds(view(state, None), "league")
    own = roll_odds(view(state, "isle"), "league")
    # The room: the +2 that only a stalling island gets may apply or not; the odds leave it out.
    assert [(m.value, m.reason, m.secret) for m in room.possible] == [(2, HIDDEN_REASON, True)]
    assert all(not m.secret for m in room.modifiers)
    # The responding seat knows its motive: its odds are the rules' own, with the reason.
    assert own.possible == ()
    assert [m.reason for m in own.modifiers if m.secret] == ["MOTIVE-LEAK: the stalling island worries the League."]
    assert list(own.rows) == odds(state, "league")
    assert own.total == room.total + 2
    # A secret modifier that applies whatever the motive is counted, with its reason still hidden.
    trader = roll_odds(view(state, None), "trader")
    assert (1, HIDDEN_REASON) in [(m.value, m.reason) for m in trader.modifiers]
    assert [(m.value, m.reason) for m in trader.possible if m.source == "actor"] == [(-1, HIDDEN_REASON)]
    blockade = roll_odds(view(evolve(state, offer="blockade"), None), "trader")
    assert (1, HIDDEN_REASON, "offer") in [(m.value, m.reason, m.source) for m in blockade.possible]


def test_the_report_of_an_unfinished_game_keeps_the_reasons_hidden(deck):
    game = bot_game(deck, 5)
    unfinished = Game.replay(deck, game.setup, game.log[:-1])
    assert MARK not in report_markdown(unfinished)
    assert "MOTIVE-LEAK" in report_markdown(game)


def test_headless_play_shows_the_offering_people_no_secret(deck):
    lines: list[str] = []
    answers = iter(["1"] * 200)
    run_headless(deck, {"port": SeatConfig("human"), "isle": SeatConfig("bot")}, 4, out=lines.append,
                 ask=lambda prompt: next(answers))
    reveal = next(i for i, line in enumerate(lines) if "guesses the hidden motive" in line)
    assert not [line for line in lines[:reveal] if MARK in line]
    assert any(HIDDEN_REASON in line for line in lines[:reveal])
    assert any("MOTIVE-TEXT" in line for line in lines[reveal:])  # the reveal


def test_headless_play_shows_the_responding_people_their_motive_on_request(deck):
    lines: list[str] = []
    answers = iter(["0"] + ["1"] * 200)
    game = run_headless(deck, {"port": SeatConfig("bot"), "isle": SeatConfig("human")}, 4, out=lines.append,
                        ask=lambda prompt: next(answers))
    motive = deck.motive(game.state.motive)
    assert f"Hidden motive: {motive.label} — {motive.text}" in lines
    from tabletop.present.private import scoring_lines

    scores = [line.removeprefix("  scores: ") for line in lines if line.startswith("  scores: ")]
    assert scores and scores == scoring_lines(deck, "isle", motive.id)  # how that motive scores, and only that


def test_the_bots_read_their_own_views(deck, monkeypatch):
    """`explain` weighs on the seat's view; `bot_action` reads the state as that view would hold it (the motive and
    the hidden tallies as the view keeps them, asked of `views` for its own seat), and chooses as `explain` weighs
    (test_engine_bots, test_hidden_tallies)."""
    import tabletop.engine.bots as bots

    asked = []
    # bot_action asks views once for what decides a seat's policies (its seat, whether the game is over, its style,
    # the motive, the deck) and keeps the answer: start from none kept, so that these games ask
    monkeypatch.setattr(bots, "_FOLLOWED", {})
    for name in ("view", "knows_motive", "hidden_tallies"):
        real = getattr(bots, name)
        monkeypatch.setattr(bots, name, lambda state, seat, real=real: asked.append(seat) or real(state, seat))
    game = bot_game(deck, 2)
    assert set(asked) == {"port", "isle"}
    # The responding bot follows its own motive: with another motive, it weighs the responses otherwise.
    state = next(s for s in game.states if s.phase == "response" and s.offer is not None)
    weights = {m.id: [c.weight for c in explain(evolve(state, motive=m.id), "isle")] for m in deck.motives}
    assert len({tuple(w) for w in weights.values()}) > 1
    assert all(isinstance(c.action, Play) for c in explain(state, "isle"))
