"""Where the table's focus goes as it opens: to the hand once the first step has dealt it, never first to the tallies
(each move of the focus restyles and redraws what it leaves and what it reaches); with no hand on the table, where
Textual's auto focus puts it (the first widget that takes focus: the tallies)."""

from __future__ import annotations

from textual.screen import Screen
from ui_helpers import SMALL, make_app, open_table

from tabletop.ui.screens.table import TableScreen


def _record_focus(monkeypatch) -> list[tuple[str, str | None]]:
    moves: list[tuple[str, str | None]] = []
    set_focus = Screen.set_focus

    def recorded(self, widget, *args, **kwargs):
        if isinstance(self, TableScreen):
            moves.append((type(widget).__name__, getattr(widget, "id", None)))
        return set_focus(self, widget, *args, **kwargs)

    monkeypatch.setattr(Screen, "set_focus", recorded)
    return moves


async def test_the_hand_takes_the_focus_at_once_when_the_first_step_deals_it(monkeypatch):
    moves = _record_focus(monkeypatch)
    app = make_app(seats={"port": "human", "isle": "bot"})  # the instant pace: the first step is made as it mounts
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_table(app, pilot)
        assert screen.decision().person and screen.decision().phase == "offer"  # a hand to choose from
        assert screen.focused is not None and screen.focused.id == "choices"
        assert moves == [("Hand", "choices")]  # straight there: the tallies were never focused on the way


async def test_with_no_hand_yet_the_focus_goes_where_textuals_auto_focus_put_it(monkeypatch):
    moves = _record_focus(monkeypatch)
    app = make_app(seats={"port": "human", "isle": "bot"}, pace="room")  # the first step waits: no hand yet
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_table(app, pilot)
        assert not screen.query_one("#choices").display  # the event is still to be drawn
        assert screen.focused is not None and screen.focused.id == "tallies"  # the first widget that takes focus
        assert moves == [("TallyBoard", "tallies")]
        await pilot.press("space")  # the event now; then the hand
        while not screen.query_one("#choices").display:
            await pilot.press("space")
        await pilot.pause()
        assert screen.focused is not None and screen.focused.id == "choices"
        assert moves[-1] == ("Hand", "choices")
