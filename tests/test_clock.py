"""The negotiation clock off the screen: the deck's ``[clock]`` table, the one parser of ``--clock`` and config.toml,
how the times are chosen, and the countdown on a time source the test moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.clock import (
    DECK,
    OFF,
    ClockChoice,
    Countdown,
    clock_from_config,
    clock_times,
    deck_times,
    mmss,
    parse_clock,
    times_words,
)
from tabletop.config import load_config
from tabletop.deck import DeckError, load_deck
from tabletop.deck.model import Clock
from tabletop.engine import Game
from tabletop.engine.bots import automatic_action
from tabletop.engine.state import SeatConfig, Setup

REPO = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent

# -- the deck ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["korea-2018", "cuba-1962"])
def test_the_bundled_decks_give_a_seminar_pace(name):
    deck = load_deck(REPO / "decks" / f"{name}.toml")
    times = deck_times(deck.clock)
    assert times == {"offer": 180, "response": 120, "stance": 60}
    assert times_words(times) == "offer 3:00 / response 2:00 / stance 1:00"


def test_a_deck_without_a_clock_has_none():
    deck = load_deck(HERE / "decks" / "small.toml")
    assert deck.clock is None
    assert deck_times(deck.clock) == {"offer": 0, "response": 0, "stance": 0}
    assert times_words(deck_times(deck.clock)) == "off"


def test_a_clock_table_may_leave_phases_out(tmp_path):
    text = (HERE / "decks" / "minimal.toml").read_text(encoding="utf-8")
    path = tmp_path / "deck.toml"
    path.write_text("[clock]\nresponse = 90\n\n" + text, encoding="utf-8")
    assert load_deck(path).clock == Clock(offer=0, response=90, stance=0)


def test_a_hostile_clock_is_refused_with_file_line_key_expected_and_found():
    with pytest.raises(DeckError) as caught:
        load_deck(HERE / "decks" / "broken" / "negotiation_clock.toml")
    lines = str(caught.value).splitlines()
    assert any(line.endswith("negotiation_clock.toml:10:1: clock.offer: expected an integer from 0 to 3600, found -30")
               for line in lines), lines
    assert any("clock.response: expected an integer from 0 to 3600, found 5400" in line for line in lines)
    assert any("clock.stance: expected an integer, found a string ('one minute')" in line for line in lines)
    assert any("unknown key 'respons' (did you mean 'response'?)" in line for line in lines)


def test_the_schema_knows_the_clock():
    from tabletop.deck.schema import generate

    schema = generate()
    assert schema["properties"]["clock"]["allOf"] == [{"$ref": "#/definitions/Clock"}]
    offer = schema["definitions"]["Clock"]["properties"]["offer"]
    assert (offer["minimum"], offer["maximum"], offer["default"]) == (0, 3600, 0)


@pytest.mark.parametrize("name", ["korea-2018", "cuba-1962"])
def test_the_clock_changes_no_game(name):
    """The same game, seed and bots, on the deck with its clock and on the deck without: the same actions."""
    import attrs

    deck = load_deck(REPO / "decks" / f"{name}.toml")
    without = attrs.evolve(deck, clock=None)
    assert deck.clock is not None

    def played(d):
        game = Game(d, Setup({s.id: SeatConfig("bot") for s in d.seats}, 11))
        while (action := automatic_action(game.state)) is not None:
            game.act(action)
        return game.log

    assert played(deck) == played(without)


# -- the one parser ---------------------------------------------------------------------------------------------


def test_off_and_deck():
    assert parse_clock("off") == OFF and parse_clock(" deck ") == DECK


def test_times_in_seconds_or_minutes():
    choice = parse_clock("offer=120, response=1:30,stance=0")
    assert choice == ClockChoice("deck", {"offer": 120, "response": 90, "stance": 0})
    assert choice.text() == "offer=120,response=90,stance=0"
    assert parse_clock(choice.text()) == choice


@pytest.mark.parametrize("text, words", [
    ("offer=-5", "offer: expected a number of seconds from 0 to 3600 (or m:ss), found '-5'"),
    ("offer=3601", "offer: expected a number of seconds from 0 to 3600, found 3601"),
    ("offer=soon", "offer: expected a number of seconds from 0 to 3600 (or m:ss), found 'soon'"),
    ("offer=1:5", "found '1:5'"),
    ("bid=60", "expected a phase, one of offer, response, stance, found 'bid'"),
    ("offer=60,offer=90", "offer: given twice"),
    ("on", "expected off, deck, or PHASE=SECONDS"),
    ("", "expected off, deck, or PHASE=SECONDS"),
])
def test_bad_clocks_say_what_was_expected_and_found(text, words):
    with pytest.raises(ValueError) as caught:
        parse_clock(text)
    assert words in str(caught.value)


def test_config_takes_a_string_a_boolean_or_a_table():
    assert clock_from_config(False) == OFF
    assert clock_from_config(True) == DECK
    assert clock_from_config("offer=60") == ClockChoice("deck", {"offer": 60})
    assert clock_from_config({"offer": 60, "stance": 30}) == ClockChoice("deck", {"offer": 60, "stance": 30})
    for bad in (3, {"offer": -1}, {"offer": "x"}, {"other": 1}, [60]):
        with pytest.raises(ValueError):
            clock_from_config(bad)


def test_config_toml_reads_the_clock(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('clock = "off"\n', encoding="utf-8")
    assert load_config(path).clock == OFF
    path.write_text("[clock]\noffer = 90\nresponse = 45\n", encoding="utf-8")
    config = load_config(path)
    assert config.clock == ClockChoice("deck", {"offer": 90, "response": 45}) and not config.problems
    path.write_text("clock = 7\n", encoding="utf-8")
    config = load_config(path)
    assert config.clock is None
    assert config.problems == (f"{path}: clock: expected off, deck, or PHASE=SECONDS,... with PHASE one of offer, "
                               "response, stance (e.g. offer=180,response=120), true, false or a table of phase = "
                               "seconds, found int; ignored",)
    path.write_text("[clock]\noffer = 99999\n", encoding="utf-8")
    config = load_config(path)
    assert config.clock is None
    assert config.problems == (f"{path}: clock: offer: expected a number of seconds from 0 to 3600, found 99999; "
                               "ignored",)


def test_which_times_a_game_gets():
    deck_clock = Clock(offer=180, response=120, stance=60)
    deck = {"offer": 180, "response": 120, "stance": 60}
    none = {"offer": 0, "response": 0, "stance": 0}
    assert clock_times(deck_clock, None, seminar=True) == deck
    assert clock_times(deck_clock, None, seminar=False) == none  # a solo game: no clock unless chosen
    assert clock_times(deck_clock, DECK, seminar=False) == deck
    assert clock_times(deck_clock, OFF, seminar=True) == none
    assert clock_times(deck_clock, parse_clock("offer=10,stance=0"), seminar=True) == {
        "offer": 10, "response": 120, "stance": 0}
    assert clock_times(None, parse_clock("offer=10"), seminar=True) == {"offer": 10, "response": 0, "stance": 0}


def test_mmss_rounds_up_so_zero_means_time_is_up():
    assert [mmss(s) for s in (0, 0.2, 59.5, 60, 61, 125, 3600)] == ["0:00", "0:01", "1:00", "1:00", "1:01",
                                                                    "2:05", "60:00"]


# -- the countdown ----------------------------------------------------------------------------------------------


class FakeTime:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_a_countdown_runs_down_and_rings_once():
    now = FakeTime()
    c = Countdown(90, now)
    now.t += 30
    assert c.remaining() == 60 and not c.due_bell()
    now.t += 60
    assert c.remaining() == 0
    assert c.due_bell() and not c.due_bell()  # once
    now.t += 100
    assert c.remaining() == 0 and not c.due_bell()


def test_holds_pause_it_until_every_hold_is_off():
    now = FakeTime()
    c = Countdown(60, now)
    now.t += 10
    c.hold("facilitator")
    c.hold("game")
    now.t += 500
    assert c.remaining() == 50 and not c.running
    c.hold("facilitator", False)
    now.t += 500
    assert c.remaining() == 50  # the game clock still holds it
    c.hold("game", False)
    now.t += 5
    assert c.remaining() == 45 and c.running


def test_extend_adds_time_and_after_time_is_up_counts_from_now():
    now = FakeTime()
    c = Countdown(60, now)
    now.t += 20
    c.extend(60)
    assert c.remaining() == 100
    now.t += 200
    assert c.due_bell()
    c.extend(60)
    assert c.remaining() == 60 and not c.rung
    now.t += 60
    assert c.due_bell()  # it rings again when the extra time is up


def test_a_skipped_countdown_never_rings():
    now = FakeTime()
    c = Countdown(5, now)
    c.skip()
    now.t += 10
    assert not c.due_bell()


# -- the command line -------------------------------------------------------------------------------------------


def test_play_refuses_a_bad_clock_as_it_refuses_other_options(capsys):
    from tabletop.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["play", "--headless", "--clock", "offer=-1"])
    assert exited.value.code == 2
    assert ("argument --clock: offer: expected a number of seconds from 0 to 3600 (or m:ss), found '-1'"
            in capsys.readouterr().err)


@pytest.mark.parametrize("command", ["play", "resume", "serve"])
def test_play_resume_and_serve_take_the_clock(command):
    from tabletop.cli import build_parser

    args = build_parser().parse_args([command, "--clock", "offer=2:00,stance=0"])
    assert args.clock == ClockChoice("deck", {"offer": 120, "stance": 0})
    assert build_parser().parse_args([command]).clock is None


def test_serve_gives_the_clock_on_to_the_table_it_serves():
    from tabletop.cli import build_parser
    from tabletop.commands.serve import view_args

    args = build_parser().parse_args(["serve", "--clock", "offer=90,response=1:00"])
    assert view_args(args) == ["--clock", "offer=90,response=60"]
    assert view_args(build_parser().parse_args(["serve", "--clock", "off"])) == ["--clock", "off"]
