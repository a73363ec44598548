"""Hidden tallies (``hidden_from``): a tally known only to the seats it is not hidden from, until the game is over.

``tests/decks/hidden.toml`` hides "Hidden guns" from the port city (the offering seat) and reads it everywhere a
deck may: where it leaks (a modifier, an effect on a tally everyone sees, the port city's own style) and where it
cannot (the island's policy, its drift, an ending, scoring). Every reason that reads it carries the marker
``GUNS-``. A game's strings are collected as the port city and the room are shown them and searched for the
marker and for any number written after the tally's label; and the port city's view, menus and bot are compared
across every value the hidden tally could have.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest
from attrs import evolve
from secrecy_helpers import bot_game, strings

from tabletop.deck import load_deck
from tabletop.engine import Game, SeatConfig, Setup
from tabletop.engine.bots import automatic_action, bot_action, explain
from tabletop.engine.decisions import decide, menu
from tabletop.engine.state import TABLE, tally_history
from tabletop.engine.views import HIDDEN_REASON, knowing, roll_odds, view
from tabletop.present.play import run_headless
from tabletop.present.report import report_markdown
from tabletop.present.text import describe, price, tallies_line

HIDDEN = Path(__file__).parent / "decks" / "hidden.toml"
MARK = "GUNS-"
#: The hidden tally's label followed by a number or a change: its value, written out.
VALUE = re.compile(r"Hidden guns:? *[-+]?\d|Hidden guns[^,;\n]*→")


@pytest.fixture(scope="module")
def deck():
    return load_deck(HIDDEN)


def shown_to_port(state) -> list[str]:
    """Every string the engine and the plain-text words give the port city and the room about ``state``."""
    deck = state.deck
    out = []
    for seat in ("port", None):
        seen = view(state, seat)
        out += [tallies_line(deck, seen.tallies)]
        out += [s for actor in deck.actors for s in strings(roll_odds(seen, actor.id))]
        items = menu(state, seat)
        out += [s for item in items for s in (item.why_not, price(deck, item), *strings(item.effects),
                                               *strings(item.shifts))]
    if decide(state).mover == "port":
        out += [r for choice in explain(state, "port") for r in choice.reasons]
    return out


def test_the_view_of_a_seat_it_is_hidden_from_holds_no_value_of_it(deck):
    game = bot_game(deck, 1)
    for state in game.states[:-1]:
        for seat in ("port", None):
            seen = view(state, seat)
            assert "guns" not in seen.tallies and seen.hidden == {"guns"}
            assert all("guns" not in r.tallies for r in seen.history)
            assert "guns" not in tally_history(seen)
            assert not seen.knows.motive or seat == "isle"
        own = view(state, "isle")
        assert own.tallies == state.tallies and own.hidden == frozenset() and own.history == state.history
    last = game.state
    assert last.phase == "over"
    assert view(last, "port").tallies == view(last, None).tallies == last.tallies  # the debrief reveals it
    assert tally_history(view(last, None)) == tally_history(last)


@pytest.mark.parametrize("seed", range(10))
def test_what_the_port_city_is_shown_is_the_same_whatever_the_hidden_value(deck, seed):
    game = bot_game(deck, seed)
    compared = 0
    for state in game.states[:-1]:
        mine = view(state, "port")
        for guns in range(0, 10, 2):
            other = evolve(state, tallies={**state.tallies, "guns": guns},
                           history=tuple(evolve(r, tallies={**r.tallies, "guns": guns}) for r in state.history))
            assert view(other, "port") == mine and view(other, None) == view(state, None)
            for actor in deck.actors:
                assert roll_odds(view(other, None), actor.id) == roll_odds(view(state, None), actor.id)
            assert menu(other, "port") == menu(state, "port") and menu(other, None) == menu(state, None)
            if decide(state).mover == "port":  # its bot cannot read it either
                assert explain(other, "port") == explain(state, "port")
                assert bot_action(other, "port") == bot_action(state, "port")
            compared += 1
    assert compared > 20


@pytest.mark.parametrize("seed", range(10))
def test_no_string_shown_to_the_port_city_carries_the_hidden_tally(deck, seed):
    game = bot_game(deck, seed)
    seen: list[str] = []
    for state in game.states[:-1]:
        seen += shown_to_port(state)
    port = knowing(deck, "port")
    for action, happened in game.story():
        if action.TYPE != "guess":  # the guess ends the game: the debrief reveals all
            seen += describe(deck, happened) + describe(deck, happened, knows=port)
    leaks = [s for s in seen if MARK in s or VALUE.search(s)]
    assert not leaks, leaks[:5]
    assert any("Hidden guns ? (hidden)" in s for s in seen)  # the tally was there, and said so
    # The island knows it: its log has the changes and the reasons.
    isle = [line for _, happened in game.story() for line in describe(deck, happened, knows=knowing(deck, "isle"))]
    assert any(VALUE.search(line) for line in isle)
    assert any(MARK in line for line in isle)
    # Once the game is over, everything is told (the debrief's timeline, a finished game's report).
    revealed = [line for _, happened in game.story() for line in describe(deck, happened, reveal=True)]
    assert any(VALUE.search(line) for line in revealed) and any(MARK in line for line in revealed)


def test_a_price_that_reads_a_hidden_tally_says_so_without_a_number(deck):
    game = Game(deck, Setup({"port": SeatConfig("human"), "isle": SeatConfig("bot")}, 0))
    state = evolve(game.state, phase="offer", hand=("inspect", "aid", "blockade"),
                   tallies={**game.state.tallies, "guns": 5})
    room = {item.card: item for item in menu(state)}
    assert price(deck, room["inspect"]) == "Trust ? (depends on a hidden tally) · Arms -1 · Hidden guns ? (hidden)"
    assert [e.hidden for e in room["inspect"].effects] == [True, False, True]
    assert price(deck, room["aid"]) == "Trust +1 · rolls: The League +1"
    isle = {item.card: item for item in menu(state, "isle")}  # the island knows: the numbers, as the rules have them
    assert price(deck, isle["inspect"]) == "Trust -1 · Arms -1 · Hidden guns -2"


def test_a_modifier_on_a_hidden_tally_may_apply_and_keeps_its_reason(deck):
    game = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 0))
    while game.state.phase != "reactions":
        game.act(automatic_action(game.state))
    state = evolve(game.state, tallies={**game.state.tallies, "guns": 6})
    room = roll_odds(view(state, None), "league")
    assert [(m.value, m.reason) for m in room.possible] == [(-1, HIDDEN_REASON)]
    own = roll_odds(view(state, "isle"), "league")
    assert own.possible == () and (-1, "GUNS- The League's spies count the hidden guns.") in [
        (m.value, m.reason) for m in own.modifiers]


def test_the_bots_never_read_a_tally_hidden_from_their_seat(deck):
    game = Game(deck, Setup({"port": SeatConfig("bot", "dove"), "isle": SeatConfig("bot")}, 0))
    state = evolve(game.state, phase="offer", hand=("inspect", "aid", "blockade"),
                   tallies={**game.state.tallies, "guns": 8})
    # The dove's policy on the guns never holds for the port city's bot: every reason it gives is another.
    reasons = [r for choice in explain(state, "port") for r in choice.reasons]
    assert reasons and not any(MARK in r for r in reasons)
    # The island knows its guns: its cheating bot reads them.
    answer = evolve(state, phase="response", offer="blockade", motive="cheat",
                    history=(), tallies={**state.tallies, "guns": 1})
    prior = evolve(answer, round=2, history=(attrs.evolve(game.state.history[0], round=1) if game.state.history
                                             else _record(deck, "blockade"),))
    weights = {c.action.card: c.weight for c in explain(prior, "isle")}
    assert weights["rearm"] == 1 + 5  # GUNS- few guns yet: dig more


def _record(deck, offer):
    from tabletop.engine.state import RoundRecord
    return RoundRecord(1, None, offer, "delay", {t.id: t.start for t in deck.tallies})


def test_the_evidence_of_the_motive_never_reads_a_hidden_tally(deck):
    """The likelihood of the responses seen (the offering bot's guess, the belief track) is public: a motive's
    policy that reads a hidden tally counts as not applying, whatever the tally's value."""
    game = bot_game(deck, 4)
    for state in game.states[:-1]:
        if state.phase == "response":
            follow = [s for s in game.states if s.step == state.step + 1][0]
            for guns in (0, 9):
                other = evolve(state, tallies={**state.tallies, "guns": guns})
                from tabletop.engine.rules import apply
                after, _ = apply(other, game.log[state.step])
                assert after.likelihood == follow.likelihood


def test_headless_play_shows_the_hidden_tally_only_to_the_seat_that_knows_it(deck):
    lines: list[str] = []
    answers = iter(["1"] * 300)
    run_headless(deck, {"port": SeatConfig("human"), "isle": SeatConfig("bot")}, 2, out=lines.append,
                 ask=lambda prompt: next(answers))
    end = next(i for i, line in enumerate(lines) if "guesses the hidden motive" in line)
    assert not [line for line in lines[:end] if MARK in line or VALUE.search(line)]
    assert any("Hidden guns ? (hidden)" in line for line in lines[:end])
    lines = []
    answers = iter(["0"] + ["1"] * 300)
    run_headless(deck, {"port": SeatConfig("bot"), "isle": SeatConfig("human")}, 2, out=lines.append,
                 ask=lambda prompt: next(answers))
    assert any(line.startswith("Hidden guns: ") and line.endswith("(hidden from The port city)") for line in lines), lines[:30]


def test_the_report_reveals_the_hidden_tally_only_once_the_game_is_over(deck):
    game = bot_game(deck, 5)
    unfinished = Game.replay(deck, game.setup, game.log[:-1])
    hidden = report_markdown(unfinished)
    assert MARK not in hidden and not VALUE.search(hidden)
    assert "Hidden guns" in hidden and "hidden" in hidden
    told = report_markdown(game)
    assert "| Hidden guns" in told or "Hidden guns |" in told
    assert VALUE.search(told) or re.search(r"\| *\d+ *\|", told)


def test_a_seat_that_is_not_to_move_is_refused_nothing_it_knows(deck):
    """The hand-off: the responding seat's own view holds the tally, with its history, all game long."""
    game = bot_game(deck, 6)
    mid = game.states[len(game.states) // 2]
    own = view(mid, "isle")
    assert own.tallies["guns"] == mid.tallies["guns"]
    assert tally_history(own)["guns"] == tally_history(mid)["guns"]
    assert decide(mid).mover in ("port", "isle", TABLE)


# --------------------------------------------------------------------------
# The deck: checks and warnings
# --------------------------------------------------------------------------

GUIDE = (Path(__file__).parent.parent / "docs" / "decks.md").read_text(encoding="utf-8")
MINIMAL = (Path(__file__).parent / "decks" / "minimal.toml").read_text(encoding="utf-8")


def test_the_hidden_tallies_leaks_are_warned_of_and_their_safe_uses_are_not(deck):
    from tabletop.deck import inspect_deck

    found = inspect_deck(HIDDEN)
    assert found.errors == []
    assert [".".join(map(str, w.path)) + ": " + w.message for w in found.warnings] == [
        "seats.0.styles.1.policy.2.when.0.tally: this bot style reads 'guns', which its seat cannot know: it never "
        "applies",
        "actors.0.modifiers.2.when.0.tally: this reads 'guns', hidden from The port city: the odds and every roll "
        "show whether this modifier applies, which gives the tally away",
        "options.2.extra_effects.0.when.0.tally: this reads 'guns', hidden from The port city: the change to a tally "
        "they see gives it away",
    ]  # not: the island's policy, the drift of the hidden tally itself, the ending, the scoring


def test_the_guide_quotes_the_hidden_tally_warnings_exactly(tmp_path):
    from tabletop.deck import inspect_deck

    text = MINIMAL.replace('label = "Side A"', 'label = "Coastal Republic"').replace('''[[seats]]
id = "a"''', '''[[tallies]]
id = "armed"
label = "Armed boats"
hidden_from = ["a"]

[[seats]]
id = "a"''', 1).replace('''role = "offer"
hand = 2''', '''role = "offer"
hand = 2
styles = [{ id = "wary", label = "Wary", policy = [{ weight = 2, card = "talk", when = [{ tally = "armed", at_least = 3 }] }] }]''')
    text = text.replace('''[[actors]]
id = "neighbour"''', '''[[actors]]
id = "neighbour"
modifiers = [{ value = 1, reason = "Few guns.", when = [{ tally = "armed", at_least = 3 }] }]''')
    path = tmp_path / "deck.toml"
    path.write_text(text, encoding="utf-8")
    found = inspect_deck(path)
    assert found.errors == [], found.errors
    printed = {w.message for w in found.warnings}
    for message in ("this reads 'armed', hidden from Coastal Republic: the odds and every roll show whether this "
                    "modifier applies, which gives the tally away",
                    "this bot style reads 'armed', which its seat cannot know: it never applies"):
        assert message in printed, printed
        assert f"| `{message}` |" in GUIDE


def test_replay_resume_and_report_of_a_save_keep_the_tally_hidden_until_the_end(deck, tmp_path, capsys, monkeypatch):
    """The commands that read a save: a game not over shows the hidden tally as hidden; a finished one reveals it
    (the facilitator's adjustment of it too)."""
    import io
    import sys

    from tabletop.cli import main
    from tabletop.engine import Adjust
    from tabletop.saves import Autosaver

    path = tmp_path / "game.jsonl"
    game = Game(deck, Setup({"port": SeatConfig("bot", "hawk"), "isle": SeatConfig("bot")}, 3))
    saver = Autosaver.create(game, path, pointer=False)
    while game.state.round < 3:
        game.act(automatic_action(game.state))
    game.act(Adjust("guns", 1, "A ruling on the hidden guns"))
    saver.close()
    for command in (["replay", str(path)], ["report", str(path)]):
        assert main(command) == 0
        out, _ = capsys.readouterr()
        assert "Hidden guns ? (hidden)" in out
        assert not VALUE.search(out) and MARK not in out, out
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    main(["resume", str(path), "--headless"])
    out, _ = capsys.readouterr()
    assert "Hidden guns ? (hidden)" in out and not VALUE.search(out) and MARK not in out
    finished = tmp_path / "finished.jsonl"
    Autosaver.create(bot_game(deck, 3), finished, pointer=False).close()
    assert main(["replay", str(finished)]) == 0
    out, _ = capsys.readouterr()
    assert VALUE.search(out) and MARK in out


def test_a_condition_on_a_hidden_tally_is_worded_as_hidden(deck):
    from tabletop.deck.model import Clause
    from tabletop.engine.words import condition_words

    when = (Clause(tally="guns", at_least=3), Clause(any=(Clause(tally="trust", at_most=2), Clause(tally="guns", at_most=1))))
    assert condition_words(deck, when) == "Hidden guns at least 3 and (Trust at most 2 or Hidden guns at most 1)"
    assert condition_words(deck, when, frozenset({"guns"})) == (
        f"{HIDDEN_REASON} and (Trust at most 2 or {HIDDEN_REASON})")


def test_a_tally_hidden_from_both_seats_is_known_to_nobody_until_the_debrief(tmp_path):
    text = HIDDEN.read_text(encoding="utf-8").replace('hidden_from = ["port"]', 'hidden_from = ["port", "isle"]')
    path = tmp_path / "both.toml"
    path.write_text(text, encoding="utf-8")
    both = load_deck(path)
    game = bot_game(both, 2)
    for state in game.states[:-1]:
        for seat in ("port", "isle", None):
            assert "guns" not in view(state, seat).tallies
    mid = game.states[len(game.states) // 2]
    from tabletop.present.text import secret_lines
    assert not [line for line in secret_lines(mid, "isle") if line.startswith("Hidden guns")]
    assert view(game.state, None).tallies["guns"] == game.state.tallies["guns"]


@pytest.mark.parametrize("seed", range(6))
def test_the_stage_shows_the_room_nothing_of_the_hidden_tally(deck, seed):
    from tabletop.present import stage

    game = Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, seed))
    seen: list[str] = [s for s in strings(stage.latest(game))]
    while (action := automatic_action(game.state)) is not None and action.TYPE != "guess":
        happened = game.act(action)
        scenes = stage.scenes_after(game, action, happened) + [stage.latest(game)]
        odds = stage.odds_scene(game)
        seen += [s for scene in [*scenes, *([odds] if odds else [])] for s in strings(scene)]
    leaks = [s for s in seen if MARK in s or VALUE.search(s)]
    assert not leaks, leaks[:5]
    assert any("Hidden guns ? (hidden)" in s for s in seen)  # the close of a round names it, as hidden


def test_the_bots_quick_choice_never_reads_a_tally_hidden_from_its_seat(deck):
    """`bot_action` reads the whole state, not a view (it is quicker): the dove style's policy on the hidden guns
    must still never hold for the port city's bot, so its move is the one `explain` (on its view) weighs, whatever
    the guns."""
    from tabletop.engine.bots import bot_rng
    from tabletop.engine.policy import floored

    states = [s for seed in range(8) for s in bot_game(deck, seed, port=SeatConfig("bot", "dove")).states[:-1]]
    compared = 0
    for state in states:
        if decide(state).mover != "port" or state.phase != "offer":
            continue
        moves = set()
        for guns in (0, 3, 6, 9):
            other = evolve(state, tallies={**state.tallies, "guns": guns})
            choices = explain(other, "port")
            if len(choices) > 1:
                moves.add(choices[bot_rng(other, "port").pick(floored([c.weight for c in choices]))].action)
            moves.add(bot_action(other, "port"))
        assert len(moves) == 1
        compared += 1
    assert compared > 20
