"""Secrets on one projected screen: the private view (`tabletop private`), the hand-off that blanks the projector,
the motive slip, and how a motive scores.

The private view follows a live game's save as another process plays it (here: the same process, through the
autosave the game really uses), shows only what its seat may know, and never writes to the save.
"""

from __future__ import annotations

import asyncio
import os
import re
from datetime import datetime
from pathlib import Path

import pytest
from secrecy_helpers import bot_game
from test_ui_play import settle
from ui_helpers import REPO, SMALL, TEST_DECK, WIDE, make_app, screen_text

from tabletop.cli import main
from tabletop.deck import load_deck
from tabletop.engine import Game, SeatConfig, Setup
from tabletop.engine.decisions import decide
from tabletop.engine.scoring import known_motive, motive_scoring
from tabletop.engine.views import view
from tabletop.present.private import private_picture, scoring_lines, secret_of, slip_text
from tabletop.saves import Autosaver
from tabletop.saves.follow import Follower
from tabletop.ui.private import PrivateApp
from tabletop.ui.screens.modals import HandOffScreen
from tabletop.ui.screens.table import TableScreen

HIDDEN_DECK = REPO / "tests" / "decks" / "hidden.toml"
CUBA = REPO / "decks" / "cuba-1962.toml"
CLOCK = datetime(2026, 11, 29, 12, 0, 0)


def flat(text: str) -> str:
    """The screen's text with the hand-off box's wrapped lines joined."""
    return re.sub(r" ║ ║ +", " ", text)


def hot_seat(deck_path: Path = TEST_DECK, seed: int = 7) -> Game:
    return Game(load_deck(deck_path), Setup({"port": SeatConfig("human"), "isle": SeatConfig("human")}, seed))


def step(game: Game) -> None:
    """One move: the table's step, or the first card (or motive) the person to move may choose."""
    decision = decide(game.state)
    game.act(decision.action or decision.choices[0].action)


def steps(game: Game, n: int) -> None:
    for _ in range(n):
        if game.state.phase != "over":
            step(game)


def other_motive_words(deck, motive_id: str) -> list[str]:
    """Words only the other motives' cards say (their names and texts), to look for where they must not be."""
    return [w for m in deck.motives if m.id != motive_id for w in (m.label.upper(), m.text.strip().split(".")[0])]


async def wait_for(pilot, test, what: str) -> None:
    for _ in range(200):
        await pilot.pause()
        if test():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"the private view never showed {what}")


# -- how a motive scores ---------------------------------------------------------------------------------


def test_each_motive_says_how_it_scores_in_words_and_numbers():
    deck = load_deck(TEST_DECK)
    assert scoring_lines(deck, "isle", "stall") == [
        "+6 if the game ended as Arms race or Stalemate: Stalling worked: the island is armed."]
    assert scoring_lines(deck, "isle", "cheat") == ["+4 if Send aid played before: The cheat took the aid."]
    assert scoring_lines(deck, "isle", "honest") == ["+4 if the game ended as A deal or A thaw: An honest deal."]
    hidden = load_deck(HIDDEN_DECK)  # a rule for the seat whatever the motive comes after the motive's own
    assert scoring_lines(hidden, "isle", "cheat")[-1] == \
        "+1 for each point of Hidden guns at the end: A point for each hidden gun. (whatever the motive)"


def test_a_motive_test_is_decided_at_any_depth():
    deck = load_deck(CUBA)
    seat = deck.seat_by_role("respond").id
    rule = next(r for r in deck.scoring if r.seat == seat and r.reason.startswith("Soviet troops defeated"))
    assert known_motive(rule.when, "defend-cuba") is False  # "not (motive = defend-cuba)" cannot hold
    left = known_motive(rule.when, "berlin")
    assert left is not False and left is not True and "motive" not in repr(left).replace("motive=()", "")
    lines = scoring_lines(deck, seat, "berlin")
    assert "-3 if the game ended as Cuba occupied: Soviet troops defeated and the missiles lost." in lines
    assert not any("a hidden condition" in line for m in deck.motives for line in scoring_lines(deck, seat, m.id))
    # A rule per tally from the start says both ways; every rule of the seat that can hold with the motive is there.
    assert any("for each point Missile readiness rose since the start (-1 for each point it fell)" in line
               for line in scoring_lines(deck, seat, "missile-power"))
    for m in deck.motives:
        kept = {id(r.rule) for r in motive_scoring(deck, seat, m.id)}
        for r in deck.scoring:
            if r.seat == seat and id(r) not in kept:
                assert known_motive(r.when, m.id) is False


# -- the private view follows a live game -------------------------------------------------------------------


async def test_the_private_view_follows_the_live_save_and_never_writes_it(tmp_path):
    game = hot_seat()
    saver = Autosaver.create(game, tmp_path / "game.jsonl", pointer=False)  # locked: the game holds it
    follower = Follower(saver.path, load_deck)
    follower.first()
    app = PrivateApp(follower, "isle", poll=0.02, clock=lambda: CLOCK)
    motive = game.deck.motive(game.state.motive)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "The island only" in text and motive.label.upper() in text and "Round 1 of 4" in text
        assert "How this motive scores at the end:" in text
        steps(game, 4)  # the draw, the offer, the response, the odds: appended to the save line by line
        offer = game.deck.option(game.state.offer).title
        await wait_for(pilot, lambda: f"Offer: {offer}" in screen_text(app), "the offer")
        before = saver.path.read_bytes()
        steps(game, 40)
        assert game.state.round > 1
        await wait_for(pilot, lambda: f"Round {game.state.round} of 4" in screen_text(app), "the new round")
        assert saver.path.read_bytes().startswith(before)  # the save only grew, as the game wrote it
        # Nothing the view did wrote to the file: the bytes are exactly what the game's autosave wrote.
        written = saver.path.read_bytes()
        stamp = os.stat(saver.path).st_mtime_ns
        await asyncio.sleep(0.2)
        await pilot.pause()
        assert saver.path.read_bytes() == written and os.stat(saver.path).st_mtime_ns == stamp
    assert saver.sync().saved  # the game's save is still its own: locked, written, nothing changed under it
    saver.close()


async def test_a_half_written_or_unreadable_save_keeps_the_last_good_state(tmp_path):
    game = hot_seat()
    saver = Autosaver.create(game, tmp_path / "game.jsonl", pointer=False)
    steps(game, 3)
    saver.close()
    good = saver.path.read_bytes()
    follower = Follower(saver.path, load_deck)
    follower.first()
    app = PrivateApp(follower, "isle", poll=0.02, clock=lambda: CLOCK)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        offer = game.deck.option(game.state.offer).title
        assert f"Offer: {offer}" in screen_text(app)
        with saver.path.open("ab") as f:  # a line being written: not a whole action yet
            f.write(b'{"type": "pl')
        await asyncio.sleep(0.1)
        await pilot.pause()
        assert f"Offer: {offer}" in screen_text(app) and "Note:" not in screen_text(app)
        saver.path.write_bytes(b"this is not a save\n")  # replaced by something else
        await wait_for(pilot, lambda: "Note:" in screen_text(app), "a note")
        text = screen_text(app)
        assert "showing the game as last read" in text and f"Offer: {offer}" in text
        saver.path.unlink()  # gone for a moment
        await wait_for(pilot, lambda: "no such save file" in screen_text(app), "that the file is gone")
        steps(game, 1)
        saver.path.write_bytes(good)  # back: the view reads it again
        await wait_for(pilot, lambda: "Note:" not in screen_text(app), "the save again")
        assert f"Offer: {offer}" in screen_text(app)


async def test_h_hides_the_secret_from_someone_looking(tmp_path):
    game = hot_seat()
    saver = Autosaver.create(game, tmp_path / "game.jsonl", pointer=False)
    follower = Follower(saver.path, load_deck)
    follower.first()
    motive = game.deck.motive(game.state.motive)
    async with PrivateApp(follower, "isle", poll=0.02, clock=lambda: CLOCK).run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert motive.label.upper() in screen_text(pilot.app)
        await pilot.press("h")
        assert motive.label.upper() not in screen_text(pilot.app) and "Hidden. Press H" in screen_text(pilot.app)
        await pilot.press("h")
        assert motive.label.upper() in screen_text(pilot.app)
    saver.close()


def test_the_private_view_of_one_seat_holds_nothing_of_the_other_seats_secret():
    """Every string of the port city's private picture, at every step of a game: no motive, no hidden tally."""
    deck = load_deck(HIDDEN_DECK)
    for seed in range(1, 9):
        game = bot_game(deck, seed)
        motive = deck.motive(game.state.motive)
        secret_words = [motive.label, motive.text.strip().split(".")[0], *(line for line in scoring_lines(
            deck, "isle", motive.id))]
        replay = Game(deck, game.setup)
        for action in game.log:
            if replay.state.phase == "over":
                break
            picture = private_picture(replay, "port")
            words = " ".join([picture.status, *picture.table, *picture.cards, *picture.log,
                              *picture.secret.scoring, *picture.secret.tallies])
            assert picture.secret.motive is None and not picture.secret.tallies
            for secret in secret_words:
                assert secret not in words, (seed, secret)
            assert not re.search(r"Hidden guns:? *[-+]?\d", words), words
            island = private_picture(replay, "isle")  # the island's own view does know it
            assert island.secret.motive == motive
            assert any(line.startswith("Hidden guns:") for line in island.secret.tallies)
            replay.act(action)


@pytest.mark.parametrize("deck_path", [TEST_DECK, HIDDEN_DECK, CUBA], ids=["small", "hidden", "cuba"])
def test_no_seats_private_view_says_what_is_hidden_from_it(deck_path):
    """Every seat's private picture at every step of bot games: the motive only for the seat that holds it, and no
    value of a tally hidden from the seat (on any line: the table, the cards, the log, its secret)."""
    deck = load_deck(deck_path)
    respond = deck.seat_by_role("respond").id
    for seed in (2, 5, 9):
        game = Game(deck, Setup({s.id: SeatConfig("bot") for s in deck.seats}, seed))
        motive = deck.motive(game.state.motive)
        while game.state.phase != "over":
            for seat in deck.seats:
                picture = private_picture(game, seat.id)
                words = "\n".join([picture.status, *picture.table, *picture.cards, *picture.log,
                                   *picture.secret.scoring, *picture.secret.tallies])
                if seat.id == respond:
                    assert picture.secret.motive == motive
                else:
                    assert picture.secret.motive is None
                    assert motive.text.strip() not in words and motive.label.upper() not in words
                for t in deck.tallies:
                    if seat.id in t.hidden_from:
                        assert not re.search(re.escape(t.label) + r":? *[-+]?\d", words), (seed, seat.id, t.id)
            step(game)


# -- refusals of the command ------------------------------------------------------------------------------


def test_private_refuses_an_unknown_seat_naming_the_decks_seats(tmp_path, capsys):
    game = hot_seat()
    Autosaver.create(game, tmp_path / "game.jsonl", pointer=False).close()
    assert main(["private", "--seat", "nobody", str(tmp_path / "game.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "no seat 'nobody'" in err and "port (The port city), isle (The island)" in err


def test_private_refuses_a_file_that_is_not_a_save(tmp_path, capsys):
    other = tmp_path / "notes.txt"
    other.write_text("hello\n")
    assert main(["private", "--seat", "isle", str(other)]) == 1
    err = capsys.readouterr().err
    assert "notes.txt: not a tabletop save" in err and "Traceback" not in err
    assert other.read_text() == "hello\n"
    assert main(["private", "--seat", "isle", str(tmp_path / "missing.jsonl")]) == 1
    assert "no such save file" in capsys.readouterr().err


def test_private_without_a_save_says_where_it_looked(capsys):
    assert main(["private", "--seat", "isle"]) == 1
    assert "no saved game in" in capsys.readouterr().err


def test_private_follows_the_game_resume_would_continue_by_default(tmp_path, capsys):
    game = hot_seat(seed=5)
    saver = Autosaver.new(game)  # in the data folder, pointed to as the last game
    steps(game, 2)
    assert main(["private", "--seat", "isle", "--slip", "-"]) == 0
    assert game.deck.motive(game.state.motive).label.upper() in capsys.readouterr().out
    saver.close()


def test_private_needs_a_terminal_and_says_what_to_do_instead(tmp_path, capsys):
    game = hot_seat()
    Autosaver.create(game, tmp_path / "game.jsonl", pointer=False).close()
    assert main(["private", "--seat", "isle", str(tmp_path / "game.jsonl")]) == 1  # pytest's stdin is no terminal
    assert "`--slip -` prints" in capsys.readouterr().err


# -- the motive slip -----------------------------------------------------------------------------------------


def test_the_slip_carries_the_seats_secret_and_nothing_of_anothers(tmp_path, capsys):
    deck = load_deck(HIDDEN_DECK)
    game = hot_seat(HIDDEN_DECK, seed=3)
    saver = Autosaver.create(game, tmp_path / "game.jsonl", pointer=False)
    steps(game, 12)
    saver.sync()
    motive = deck.motive(game.state.motive)
    isle_slip, port_slip = tmp_path / "isle.txt", tmp_path / "port.txt"
    assert main(["private", "--seat", "isle", str(saver.path), "--slip", str(isle_slip)]) == 0
    assert main(["private", "--seat", "port", str(saver.path), "--slip", str(port_slip)]) == 0
    assert f"written to: {isle_slip}" in capsys.readouterr().out
    isle, port = isle_slip.read_text(), port_slip.read_text()
    guns = game.state.tallies["guns"]
    assert isle.startswith("tabletop: motive slip\n")
    assert "for The island only" in isle and motive.label.upper() in isle and motive.text.strip() in isle
    assert all(f"• {line}" in isle for line in scoring_lines(deck, "isle", motive.id))
    assert f"Hidden guns: {guns}/9 now" in isle
    assert "for The port city only" in port and "Nothing is secret to this seat now." in port
    for m in deck.motives:
        assert m.label.upper() not in port and m.text.strip() not in port
        if m.id != motive.id:
            assert m.text.strip() not in isle
    assert "Hidden guns" not in port
    saver.close()


def test_the_slip_is_plain_text_even_from_a_hostile_deck():
    deck = load_deck(REPO / "tests" / "decks" / "hostile.toml")
    seat = deck.seat_by_role("respond").id
    game = Game(deck, Setup({s.id: SeatConfig("human") for s in deck.seats}, 7))
    secret = secret_of(view(game.state, seat))
    text = slip_text(secret, deck.deck.title, seed=7, round_=1, rounds=4)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    assert secret.motive is not None


def test_the_slip_never_replaces_a_file_without_force_and_never_the_save(tmp_path, capsys):
    game = hot_seat()
    saver = Autosaver.create(game, tmp_path / "game.jsonl", pointer=False)
    saver.close()
    mine = tmp_path / "mine.txt"
    mine.write_text("my notes\n")
    assert main(["private", "--seat", "isle", str(saver.path), "--slip", str(mine)]) == 1
    assert "already exists" in capsys.readouterr().err and mine.read_text() == "my notes\n"
    assert main(["private", "--seat", "isle", str(saver.path), "--slip", str(mine), "--force"]) == 0
    assert mine.read_text().startswith("tabletop: motive slip")
    saved = saver.path.read_bytes()
    assert main(["private", "--seat", "isle", str(saver.path), "--slip", str(saver.path), "--force"]) == 1
    assert "is the save of this game" in capsys.readouterr().err and saver.path.read_bytes() == saved
    assert main(["private", "--seat", "isle", str(saver.path), "--slip", str(tmp_path)]) == 1  # a folder
    assert "Traceback" not in capsys.readouterr().err


# -- the hand-off on the shared screen ----------------------------------------------------------------------------


async def test_the_hand_off_blanks_the_projector_first_and_the_screen_after():
    app = make_app(seats={"port": "human", "isle": "human"}, seed=11)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        hand_off = app.screen
        assert isinstance(hand_off, HandOffScreen)
        motive = hand_off.motive
        assert motive is not None
        first = flat(screen_text(app))
        assert "blank the projector" in first and "tabletop private --seat isle" in first
        assert motive.label.upper() not in first and "How this motive scores" not in first
        await pilot.press("w")  # no slip before the secret is up
        await pilot.pause()
        assert "Slip" not in screen_text(app)
        await pilot.press("enter")
        shown = flat(screen_text(app))
        assert motive.label.upper() in shown and "How this motive scores" in shown
        await pilot.press("escape")  # hides it: a blank screen before the table, whatever key is pressed
        blank = flat(screen_text(app))
        assert isinstance(app.screen, HandOffScreen) and "Hidden" in blank
        assert motive.label.upper() not in blank and "turn the projector on again" in blank
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, TableScreen)
        assert motive.label.upper() not in screen_text(app)


async def test_w_writes_a_slip_next_to_the_save_and_never_over_anything():
    app = make_app(seats={"port": "human", "isle": "human"}, seed=11)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        hand_off = app.screen
        await pilot.press("enter", "w")
        save = app.autosaver.path
        first = save.with_name(f"{save.stem}-isle-slip.txt")
        await wait_for(pilot, lambda: "Slip written to" in screen_text(app), "the slip written")
        assert first.is_file() and hand_off.motive.label.upper() in first.read_text()
        await pilot.press("w")
        second = save.with_name(f"{save.stem}-isle-slip-2.txt")
        await wait_for(pilot, second.is_file, "a second slip")
        assert first.read_text() == second.read_text()


async def test_w_says_not_written_when_the_slip_cannot_be_written(monkeypatch):
    app = make_app(seats={"port": "human", "isle": "human"}, seed=11)

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tabletop.files.write_file", refuse)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "w")
        await wait_for(pilot, lambda: "Slip NOT written: No space left on device" in screen_text(app), "the failure")
        assert "Slip written" not in screen_text(app)


@pytest.mark.parametrize("deck", [TEST_DECK, HIDDEN_DECK], ids=["motive", "motive-and-hidden-tally"])
async def test_no_hand_off_when_the_seat_is_alone_at_the_screen(deck):
    app = make_app(deck, seats={"port": "bot:hawk", "isle": "human"}, seed=5)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HandOffScreen)
        motive = app.screen.motive
        text = flat(screen_text(app))
        assert motive.label.upper() in text and "How this motive scores" in text  # shown at once
        assert "blank the projector" not in text and "look away" not in text
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, TableScreen)
        await pilot.press("m")  # still reachable with M, shown at once again
        await pilot.pause()
        assert isinstance(app.screen, HandOffScreen) and motive.label.upper() in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)


# -- how it looks ------------------------------------------------------------------------------------------------

SIZES = pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "140x45"])


@pytest.fixture
def private_game(tmp_path):
    """A hot-seat game of the hidden-tally deck in round 2, saved (the save closed)."""
    game = hot_seat(HIDDEN_DECK, seed=7)
    saver = Autosaver.create(game, tmp_path / "harbour.jsonl", pointer=False)
    while game.state.round < 2 or game.state.phase != "response":
        step(game)
    saver.close()
    return saver.path


@SIZES
def test_private_view_look(snap_compare, size, private_game):
    follower = Follower(private_game, load_deck)
    follower.first()
    app = PrivateApp(follower, "isle", poll=60, clock=lambda: CLOCK)
    assert snap_compare(app, terminal_size=size)


@SIZES
def test_hand_off_secret_look(snap_compare, size):
    """The secret step of the hand-off: the motive card with how it scores."""
    async def revealed(pilot):
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(seats={"port": "human", "isle": "human"}, seed=7), terminal_size=size,
                        run_before=revealed)


async def test_the_private_view_shows_a_hostile_decks_text_literally(tmp_path):
    from test_plain_text_ui import HOSTILE, assert_shows, click_links

    deck = load_deck(HOSTILE)
    respond = deck.seat_by_role("respond")
    game = Game(deck, Setup({s.id: SeatConfig("human") for s in deck.seats}, 7))
    saver = Autosaver.create(game, tmp_path / "game.jsonl", pointer=False)
    steps(game, 3)
    saver.close()
    saved = saver.path.read_bytes()
    follower = Follower(saver.path, load_deck)
    follower.first()
    app = PrivateApp(follower, respond.id, poll=60, clock=lambda: CLOCK)
    motive = deck.motive(game.state.motive)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert_shows(app, f"{respond.label} only", motive.label.upper(), motive.text.strip(),
                     deck.option(game.state.offer).title)
        await click_links(pilot, app)
        assert app.is_running
    assert saver.path.read_bytes() == saved and list(tmp_path.iterdir()) == [saver.path]  # nothing written
