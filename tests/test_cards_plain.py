"""Cards' prices in plain text: one set of words for the hand, the palette and the headless prompts; headless
prompts show the odds before each roll, the cards that cannot be played and why, and `?` explains the prompt;
`tabletop --help` lists play first, `play --help` names the bundled deck's seats, simulate explains "dist"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.balance.simulate import OUTCOME_DISTANCE, format_table, simulate
from tabletop.cli import main
from tabletop.deck import load_deck
from tabletop.engine import Game, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.engine.decisions import decide, menu
from tabletop.engine.views import next_roll, view
from tabletop.paths import default_deck
from tabletop.present.play import run_headless
from tabletop.present.text import card_facts, card_line, odds_lines

REPO = Path(__file__).resolve().parent.parent
PRICED = REPO / "tests" / "decks" / "priced.toml"
SEED = 27  # the port city's first hand: Call a summit (Trust 4 of the 5 it needs) and two Send aid


@pytest.fixture(scope="module")
def deck():
    return load_deck(PRICED)


def first_offer(deck):
    game = Game(deck, Setup({"port": SeatConfig("human"), "isle": SeatConfig("bot")}, SEED))
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
    return game


def test_card_facts_say_price_conditions_and_why_not(deck):
    items = {i.card: i for i in decide(first_offer(deck).state).menu}
    assert card_facts(deck, items["summit"]) == [
        ("If played", "Trust +2"), ("Conditions", "only while Trust at least 5; once a game"),
        ("Cannot be played now", "only while Trust at least 5")]
    assert card_facts(deck, items["aid"]) == [
        ("If played", "Trust +1 · rolls: The League +1"),
        ("Conditions", "at most 3 times a game; Arms -1 more while Arms at most 2 (not now)")]
    assert items["aid"].copies == 2 and items["summit"].copies == 1


def test_an_extra_effect_that_holds_now_is_in_the_price_and_says_so(deck):
    game = first_offer(deck)
    from attrs import evolve

    state = evolve(game.state, tallies={**game.state.tallies, "arms": 2})
    aid = next(i for i in menu(state) if i.card == "aid")
    assert card_line(deck, aid) == ("If played: Trust +1 · Arms -1 · rolls: The League +1. Conditions: at most 3 "
                                    "times a game; Arms -1 more while Arms at most 2 (it does now).")


def play_headless(deck, answers: list[str], seats=None) -> list[str]:
    out: list[str] = []
    feed = iter(answers)

    def ask(prompt: str) -> str:
        out.append(prompt)
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    seats = seats or {"port": SeatConfig("human"), "isle": SeatConfig("bot")}
    run_headless(deck, seats, SEED, out=out.append, ask=ask)
    return out


def test_headless_prompts_say_what_the_hand_says_and_list_what_cannot_be_played(deck):
    out = play_headless(deck, [])
    items = {i.card: i for i in decide(first_offer(deck).state).menu}
    assert "  Hand: Call a summit, Send aid ×2" in out
    assert f"  1. Send aid ×2 — Ships of grain. [{card_line(deck, items['aid'])}]" in out
    assert f"  -  Call a summit — Leaders meet. [{card_line(deck, items['summit'])}]" in out
    assert "Cannot be played now: only while Trust at least 5." in card_line(deck, items["summit"])


def test_question_mark_explains_the_prompt_and_asks_again(deck):
    out = play_headless(deck, ["?", "x"])
    at = out.index("The port city> ")
    explained = out[at + 1:]
    assert explained[0].startswith("The port city offers one option card from its hand this round. Its price is shown")
    assert "Type a number from 1 to 1 and press Enter to choose." not in explained  # one card: said so
    assert "Type 1 and press Enter." in explained
    assert explained.count("The port city> ") == 2  # asked again after the help, and after the bad answer
    assert "Please type a number from 1 to 1, or ? for help." in explained


def test_headless_shows_the_odds_before_every_roll(deck):
    out = play_headless(deck, [], seats={"port": SeatConfig("bot", "hawk"), "isle": SeatConfig("bot")})
    rolled = re.compile(r"^(The League|The trader) rolls (\S+): ")
    rolls = [i for i, line in enumerate(out) if rolled.match(line)]
    assert len(rolls) >= 3  # this seed: a short game (the hawk blockades)
    assert len([line for line in out if line.startswith("Next: ")]) == len(rolls)
    for i in rolls:
        head = max(j for j in range(i) if out[j].startswith("Next: "))
        actor, dice = rolled.match(out[i]).groups()
        assert out[head].startswith(f"Next: {actor} rolls {dice}") and out[head].endswith("The odds:")
        assert all("%" in line for line in out[head + 1:head + 3])  # each row with its chance
        assert not any(rolled.match(line) for line in out[head + 1:i])  # the odds of this roll, not another's


def test_odds_lines_are_the_engines_odds(deck):
    game = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, SEED))
    while (odds := next_roll(view(game.state, None))) is None:
        game.act(automatic_action(game.state))
    lines = odds_lines(deck, odds)
    assert len([line for line in lines if "%" in line]) == len(odds.rows)
    total = sum(p for _, p in odds.rows)
    assert total == 1


def test_help_lists_play_first(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    commands = [m.group(1) for line in out.splitlines() if (m := re.match(r"^    (\w+)  ", line))]
    assert commands[:6] == ["play", "resume", "private", "serve", "replay", "report"]


def test_play_help_names_the_bundled_decks_seats_and_styles(capsys):
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    bundled = load_deck(default_deck())
    for seat in bundled.seats:
        assert f"{seat.id} ({seat.label}" in out
        for style in seat.styles:
            assert style.id in out
    assert "Seats of the bundled deck" in out and "e.g. --seats " in out


def test_simulate_explains_dist_in_words_a_facilitator_can_act_on(deck):
    text = format_table(simulate(deck, 12, seed=3, counterfactual=False), deck)
    reading = " ".join(line.strip() for line in text.splitlines() if "dist" in line.lower())
    assert "Reading dist: does playing the card change how games end?" in reading
    assert f"Above {OUTCOME_DISTANCE:.2f}" in " ".join(text.split())
    assert "soften its effects or make it cost more" in " ".join(text.split())
