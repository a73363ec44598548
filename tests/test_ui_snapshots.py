"""How the screens look, at 80x24 and 140x45, with a fixed seed and no animation.

Update after an intended change of look with ``pytest tests/test_ui_snapshots.py --snapshot-update``
and review the SVGs in ``tests/__snapshots__``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import REPO, SMALL, TEST_DECK, WIDE, debrief_app, finished_game, make_app, open_debrief

from tabletop.engine.bots import automatic_action
from tabletop.ui.screens.table import TableScreen

SIZES = pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "140x45"])


async def settle(pilot) -> None:
    app = pilot.app
    for _ in range(400):
        await pilot.pause()
        screen = app.screen
        if not (isinstance(screen, TableScreen) and not screen.paused and automatic_action(screen.game.state)):
            break
    app.screen.set_focus(None)  # no blinking cursor, no focus highlight that depends on timing


@SIZES
def test_setup(snap_compare, size, monkeypatch):
    # The tests' deck offered as if bundled: the list shows its title, not where this checkout happens to be.
    monkeypatch.setattr("tabletop.ui.screens.setup.bundled_decks", lambda: [TEST_DECK])
    assert snap_compare(make_app(seed=1234, pace=None), terminal_size=size, run_before=settle)


@SIZES
def test_table_offer(snap_compare, size):
    assert snap_compare(make_app(seats={"port": "human", "isle": "bot"}, seed=7), terminal_size=size, run_before=settle)


@SIZES
def test_roll_odds_then_result(snap_compare, size):
    async def to_a_roll(pilot):
        await settle(pilot)
        await pilot.press("p", "enter", "space", "space", "space")  # pause, offer, response, odds, first roll
        await pilot.pause()
        await pilot.press("space")  # the odds of the second roll
        await settle(pilot)

    assert snap_compare(make_app(seats={"port": "human", "isle": "bot"}, seed=7), terminal_size=size,
                        run_before=to_a_roll)


@SIZES
def test_hand_off(snap_compare, size):
    assert snap_compare(make_app(seats={"port": "human", "isle": "human"}, seed=7), terminal_size=size,
                        run_before=settle)


@SIZES
def test_debrief(snap_compare, size):
    async def to_the_end(pilot):
        await settle(pilot)  # bots play the whole game

    assert snap_compare(make_app(seats={"port": "bot:dove", "isle": "bot"}, seed=7), terminal_size=size,
                        run_before=to_the_end)


@SIZES
@pytest.mark.parametrize("tab", ["tab-outcome", "tab-tallies", "tab-timeline", "tab-cards"])
def test_debrief_tab(snap_compare, size, tab):
    """Each debrief tab of a game played to its end through the engine (bots, fixed seed), not through the screen."""
    game = finished_game(seed=7, seats={"port": "bot:dove", "isle": "bot"})

    async def to_the_tab(pilot):
        await open_debrief(pilot, game)
        pilot.app.screen.query_one("#debrief-tabs").active = tab
        for _ in range(5):
            await pilot.pause()

    assert snap_compare(debrief_app(game), terminal_size=size, run_before=to_the_tab)


@SIZES
def test_deck_errors(snap_compare, size, monkeypatch):
    monkeypatch.chdir(REPO / "tests" / "decks" / "broken")  # paths on screen as typed, not this machine's
    assert snap_compare(make_app(Path("ten_mistakes.toml")), terminal_size=size, run_before=settle)


HIDDEN_DECK = REPO / "tests" / "decks" / "hidden.toml"


@SIZES
def test_hidden_tally_at_the_table(snap_compare, size):
    """A tally hidden from the port city: "?" on the board, in the log and the prices; a modifier that reads it is
    "a hidden condition" that may apply, left out of the odds."""
    async def to_the_odds(pilot):
        await settle(pilot)
        await pilot.press("p", "enter", "space", "space")  # pause, offer, response, the odds of the League's roll
        await settle(pilot)

    assert snap_compare(make_app(HIDDEN_DECK, seats={"port": "human", "isle": "bot"}, seed=7), terminal_size=size,
                        run_before=to_the_odds)


@SIZES
def test_hidden_tally_on_the_hand_off(snap_compare, size):
    """The island's hand-off: its motive, and the tally only it knows, with its history."""
    async def revealed(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(HIDDEN_DECK, seats={"port": "human", "isle": "human"}, seed=7), terminal_size=size,
                        run_before=revealed)


def to_beat(kind: str, room: bool = False):
    """Pause a bot game at the room pace, and step with Space to the first beat of ``kind`` on the stage."""
    async def run_before(pilot) -> None:
        await pilot.pause()
        table = pilot.app.screen
        assert isinstance(table, TableScreen)
        await pilot.press("p")
        if room:
            await pilot.press("r")
        for _ in range(60):
            await pilot.pause()
            if table.stage().scene.kind == kind:
                break
            await pilot.press("space")
        assert table.stage().scene.kind == kind
        await pilot.pause()
        pilot.app.screen.set_focus(None)

    return run_before


@SIZES
@pytest.mark.parametrize("beat", ["start", "event", "offer", "response", "odds", "roll", "close", "ending"])
def test_the_stage_at_each_beat(snap_compare, size, beat):
    assert snap_compare(make_app(seats={"port": "bot", "isle": "bot"}, seed=7, pace="room"), terminal_size=size,
                        run_before=to_beat(beat))


@SIZES
@pytest.mark.parametrize("beat", ["roll", "ending"])
def test_the_room_view(snap_compare, size, beat):
    assert snap_compare(make_app(seats={"port": "bot", "isle": "bot"}, seed=7, pace="room"), terminal_size=size,
                        run_before=to_beat(beat, room=True))
