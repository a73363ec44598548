"""The table renders what the engine answers: the room's view (no secret on the shared screen) and one
decision per state, asked once, for the choices, the palette and the automatic steps."""

from __future__ import annotations

from pathlib import Path

from test_ui_play import play_to_the_end, settle
from ui_helpers import WIDE, log_text, make_app, screen_text

import tabletop.ui.screens.table as table_module
from tabletop.engine.views import HIDDEN_REASON
from tabletop.ui.screens.debrief import DebriefScreen
from tabletop.ui.screens.table import TableScreen

SECRET = Path(__file__).parent / "decks" / "secret.toml"


async def test_the_table_shows_no_reason_that_reads_the_motive_until_the_debrief():
    app = make_app(SECRET, seats={"port": "human", "isle": "bot"}, seed=4)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        assert isinstance(table, TableScreen)
        await pilot.press("p")  # paused: every odds and every result stays on screen until Space
        shown = []
        for _ in range(400):
            if table.game.state.phase in ("guess", "over"):
                break
            text = screen_text(app) + " " + log_text(table)
            assert "MOTIVE-" not in text
            shown.append(text)
            await pilot.press("enter" if table.decision().person else "space")
            await pilot.pause()
        assert table.game.state.phase == "guess"
        assert any("May also apply" in text and HIDDEN_REASON in text for text in shown)  # the odds before a roll
        assert any("rolled" in text and HIDDEN_REASON in text for text in shown)  # a result
        await pilot.press("p")
        await play_to_the_end(pilot, app)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        await pilot.press("t", "t")  # the timeline's tab
        await pilot.pause()
        assert "MOTIVE-LEAK" in log_text(debrief, "#timeline")  # once the game is over, the reasons are told


async def test_the_table_asks_the_engine_once_per_state(monkeypatch):
    asked = []
    real = table_module.decide
    monkeypatch.setattr(table_module, "decide", lambda state: asked.append(state) or real(state))
    app = make_app(SECRET, seats={"port": "human", "isle": "bot"}, seed=4)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        await pilot.press("enter")
        await settle(pilot, app)
        table.palette_commands()
        table.render_state()
        assert table.game.state.phase == "offer" and table.game.state.round == 2
        assert len(asked) == len({id(state) for state in asked})
        assert {id(state) for state in asked} <= {id(state) for state in table.game.states}
        assert len(asked) == len(table.game.states)  # every state on the way, each once
