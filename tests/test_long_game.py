"""A long game (100,000 actions) opens on the recent part of its log, without playing the game again;
earlier lines come on demand. No wall time is measured here (see benchmarks/long_game.py): what is
counted is work — how often the rules are applied, how many lines reach the log."""

from __future__ import annotations

from test_engine_journal import long_game
from test_ui_play import settle
from ui_helpers import BUNDLED_DECK, WIDE, log_text, make_app

from tabletop.present.text import describe
from tabletop.ui.screens.debrief import DebriefScreen
from tabletop.ui.screens.facilitator import FacilitatorScreen
from tabletop.ui.screens.table import TableScreen
from tabletop.ui.widgets.story import StoryLog

ACTIONS = 100_000


async def test_a_100000_action_game_opens_on_its_recent_log(count_apply):
    from tabletop.deck import load_deck

    game = long_game(load_deck(BUNDLED_DECK), ACTIONS)
    count_apply[0] = 0
    app = make_app(game=game)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        assert isinstance(table, TableScreen)
        # Nothing was played again: only the table's own steps up to the human seat's offer.
        assert count_apply[0] < 20
        log = table.query_one("#log", StoryLog)
        shown = len(log.lines)
        assert shown < 2 * StoryLog.RECENT
        hidden = log.first
        assert ACTIONS - StoryLog.RECENT <= hidden < ACTIONS
        text = log_text(table)
        assert f"⋯ {hidden:,} earlier steps not shown: press l to show more" in text
        assert f"note {ACTIONS - 1}" in text and "note 0 " not in text
        assert "l Earlier log" in _footer(table)
        # L shows a page more, above.
        await pilot.press("l")
        await pilot.pause()
        assert hidden - StoryLog.PAGE <= log.first < hidden
        assert len(log.lines) >= shown + StoryLog.PAGE - 1
        assert f"note {hidden - 1}" in log_text(table)
        # The facilitator's undo list does not replay the game either.
        count_apply[0] = 0
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        assert count_apply[0] == 0


async def test_earlier_lines_page_in_until_the_start(monkeypatch):
    monkeypatch.setattr(StoryLog, "RECENT", 4)
    monkeypatch.setattr(StoryLog, "PAGE", 5)
    app = make_app(seats={"port": "bot:hawk", "isle": "bot"}, seed=21)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        timeline = debrief.query_one("#timeline", StoryLog)
        said: dict[str, str] = {}  # the timeline tells each modifier reason once a round (`describe`'s ``said``)
        everything = [line for _, happened in debrief.game.story()
                      for line in describe(debrief.game.deck, happened, said=said)]
        assert len(everything) > 15 and timeline.first > 0
        await pilot.press("t", "t")  # the timeline's tab: lines are drawn once it is shown
        await pilot.pause()
        assert "earlier steps not shown: press l to show more" in log_text(debrief, "#timeline")
        assert "l Earlier timeline" in _footer(debrief)
        for _ in range(10):
            if not timeline.first:
                break
            await pilot.press("l")
            await pilot.pause()
        assert timeline.first == 0
        assert debrief.query_one("#debrief-tabs").active == "tab-timeline"
        text = log_text(debrief, "#timeline")
        assert "earlier steps" not in text and text == log_text_of(everything)
        await pilot.pause()
        assert "Earlier timeline" not in _footer(debrief)


def _footer(screen) -> str:
    return " ".join(f"{b.binding.key} {b.binding.description}" for b in screen.active_bindings.values()
                    if b.enabled and b.binding.show)


def log_text_of(lines: list[str]) -> str:
    import re

    return re.sub(r"\s+", " ", " ".join(lines))
