"""The second bundled deck, the Cuban missile crisis: it checks, it balances, and it plays, headless and on screen.

The point of this deck is to prove that the format is general, so these tests hold it to what the guide
promises any deck: no errors, every ending reachable by the bots, the same figures however many processes
simulate it, and a table that opens at 80x24.
"""

from __future__ import annotations

import re

import pytest
from ui_helpers import REPO, SMALL, make_app, screen_text

from tabletop.balance.simulate import simulate
from tabletop.deck import load_deck
from tabletop.deck.load import inspect_deck
from tabletop.engine.state import SeatConfig
from tabletop.present.play import run_headless
from tabletop.ui.screens.table import TableScreen

CUBA = REPO / "decks" / "cuba-1962.toml"
GAMES = 300


@pytest.fixture(scope="module")
def deck():
    return load_deck(CUBA)


@pytest.fixture(scope="module")
def result(deck):
    return simulate(deck, GAMES, seed=1962)


def test_the_deck_checks_without_errors_or_warnings():
    inspection = inspect_deck(CUBA)
    assert inspection.errors == []
    assert [str(w) for w in inspection.warnings] == []


def test_the_korea_deck_stays_the_default():
    assert (REPO / "decks" / "default.txt").read_text(encoding="utf-8").strip() == "korea-2018.toml"


def test_it_is_a_different_crisis(deck):
    korea = load_deck(REPO / "decks" / "korea-2018.toml")
    assert deck.deck.id != korea.deck.id
    assert {s.id for s in deck.seats} == {"us", "ussr"}
    assert not {t.id for t in deck.tallies} & {t.id for t in korea.tallies}
    assert not {m.id for m in deck.motives} & {m.id for m in korea.motives}
    assert not {a.id for a in deck.actors} & {a.id for a in korea.actors}


def test_every_ending_and_motive_has_prompts_and_the_deck_a_lesson(deck):
    assert deck.deck.lesson
    assert all(e.prompts for e in deck.endings)
    assert all(m.prompts for m in deck.motives)


def test_every_short_label_fits(deck):
    assert all(0 < len(t.short) <= 12 for t in deck.tallies)


def test_bot_games_reach_every_ending(deck, result):
    assert result.games == GAMES
    reached = {ending for ending, n in result.ending_counts.items() if n}
    assert reached == {e.id for e in deck.endings}


def test_the_motive_is_readable_but_not_trivially(result):
    # The offer seat's bot guesses better than always naming the likeliest motive, but far from always.
    assert result.guess_baseline + 0.1 < result.guess_accuracy < 0.75


def test_no_card_is_left_unplayed(result):
    assert result.never_played_options == [] and result.never_played_responses == []
    assert result.never_drawn_events == [] and result.never_hit_rows == {}


def test_one_or_two_processes_give_the_same_figures(deck, result):
    assert simulate(deck, GAMES, seed=1962, jobs=2).to_json() == result.to_json()


def test_a_headless_bot_game_plays_to_the_end(deck):
    out: list[str] = []

    def ask(prompt: str) -> str:
        raise AssertionError(f"a bot game asked a person: {prompt!r}")

    game = run_headless(deck, {"us": SeatConfig("bot", "measured"), "ussr": SeatConfig("bot")}, 3, out=out.append,
                        ask=ask)
    assert game.state.phase == "over"
    text = "\n".join(out)
    assert "Ending: " in text and "The hidden motive was " in text and "Final scores: " in text


async def test_the_table_opens_at_80x24():
    app = make_app(CUBA, seats={"us": "human", "ussr": "bot"}, seed=3)
    async with app.run_test(size=SMALL) as pilot:
        for _ in range(50):
            await pilot.pause()
            if isinstance(app.screen, TableScreen) and app.screen.game.state.phase == "offer":
                break
        assert isinstance(app.screen, TableScreen)
        assert "United States: choose an option card" in str(app.screen.query_one("#prompt").content)
        text = screen_text(app)
        for short in ("Missiles", "Escalation", "Credibility", "Back chan.", "NATO"):
            assert short in text
        assert re.search(r"Warheads( in Cuba)? \? hidden", text)  # the sixth tally, hidden from the United States
        assert not re.search(r"Warheads[a-z ]*:? *\d", text)


def test_the_warheads_are_hidden_from_washington_and_revealed_at_the_end(deck):
    assert deck.tally("warheads").hidden_from == ("us",)
    assert deck.tally("warheads").source is not None and deck.tally("warheads").note
    out: list[str] = []
    answers = iter(["1"] * 300)
    run_headless(deck, {"us": SeatConfig("human"), "ussr": SeatConfig("bot")}, 4, out=out.append,
                 ask=lambda prompt: next(answers))
    end = next(i for i, line in enumerate(out) if "The hidden motive was" in line)
    before = "\n".join(out[:end])
    assert "Warheads in Cuba ? (hidden)" in before
    assert not re.search(r"Warheads in Cuba:? *[-+]?\d", before)
