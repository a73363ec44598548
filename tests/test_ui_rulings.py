"""Rulings that cannot hurt a room: undo says what it takes back and asks before taking back more than one step,
redo says what it puts back, the override's log line says what happened, an event can be drawn by name at the
start of the next round, and the game clock pauses where everyone can see it."""

from __future__ import annotations

from test_ui_play import settle
from ui_helpers import WIDE, log_text, make_app, screen_text

from tabletop.engine.rulings import steps_since_decision
from tabletop.present.text import undo_words
from tabletop.ui.screens.facilitator import ConfirmUndoScreen, FacilitatorScreen
from tabletop.ui.screens.table import TableScreen


async def open_panel(pilot, app, tab: str) -> FacilitatorScreen:
    await pilot.press("f")
    await pilot.pause()
    panel = app.screen
    assert isinstance(panel, FacilitatorScreen)
    panel.query_one("#facilitator-tabs").active = tab
    await pilot.pause()
    return panel


def words(panel: FacilitatorScreen) -> str:
    return str(panel.query_one("#undo-words").render())


async def test_undo_marks_the_latest_step_counts_what_it_takes_back_asks_and_can_be_redone():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=5)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        game = table.game
        await pilot.press("enter")  # offer; the bot responds and every actor rolls
        await settle(pilot, app)
        applied = list(game.applied)
        panel = await open_panel(pilot, app, "tab-undo")
        undo = panel.query_one("#undo-list")
        # The latest step is highlighted, marked, and an undo takes back that one alone.
        assert undo.highlighted == 0
        assert "(latest)" in str(undo.get_option_at_index(0).prompt)
        assert words(panel).startswith(undo_words(game.deck, applied[-1:]))
        assert words(panel).startswith("Undo 1 step: takes back ")
        # Back to the offer: the count and the words follow the highlight, each step taken back is marked.
        n = steps_since_decision(game)
        assert n > 2
        undo.highlighted = n - 1
        await pilot.pause()
        assert words(panel).startswith(f"Undo {n} steps: takes back ")
        assert "The port city's offer" in words(panel) or "both seats' moves" in words(panel)
        marked = [str(undo.get_option_at_index(i).prompt).startswith("↶") for i in range(undo.option_count)]
        assert marked == [i < n for i in range(undo.option_count)]
        # More than one step: it asks first; N takes nothing back.
        await pilot.click("#undo-apply")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmUndoScreen)
        assert f"Undo {n} steps" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is panel and list(game.applied) == applied
        # Y takes them back; the table pauses so the room can look.
        await pilot.click("#undo-apply")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.screen is table and table.paused
        assert list(game.applied) == applied[:-n] and game.state.phase == "offer"
        # The redo offers to put back the same count, in words, and Ctrl+Y puts them back as they were.
        panel = await open_panel(pilot, app, "tab-undo")
        redo = panel.query_one("#redo-apply")
        assert not redo.disabled and str(redo.label).startswith(f"Redo {n} steps: puts back ")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert list(game.applied) == applied
        assert f"redoes the last undo: {n} actions put back" in log_text(table)


async def test_one_step_is_undone_without_a_question():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=5)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        game = app.screen.game
        before = len(game.applied)
        await open_panel(pilot, app, "tab-undo")
        await pilot.click("#undo-apply")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen) and len(game.applied) == before - 1


async def test_the_override_line_in_the_log_says_what_the_roll_was_what_it_became_and_why():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=5)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        game = table.game
        await pilot.press("enter")
        await settle(pilot, app)
        panel = await open_panel(pilot, app, "tab-override")
        roll = panel.rolls[0]
        record = game.states[roll.last + 1].last_roll
        actor = game.deck.actor(roll.actor)
        target = 0 if record.row else len(actor.reactions) - 1
        panel.query_one("#override-row").value = target
        panel.query_one("#override-reason").value = "the dice fell off the table"
        await pilot.click("#override-apply")
        await settle(pilot, app)
        row = actor.reactions[target]
        assert (f"{actor.label}'s roll overridden: {record.total} {actor.reactions[record.row].label} → "
                f"{row.min}–{row.max} {row.label}, because the dice fell off the table") in log_text(table)


async def test_an_event_is_drawn_by_name_at_the_start_of_the_next_round_and_the_panel_says_why_not_now():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=5)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        game = table.game
        assert game.state.phase == "offer" and game.state.round == 1
        panel = await open_panel(pilot, app, "tab-inject")
        refused = str(panel.query_one("#inject-refused").render())
        assert refused.startswith("Not now: an event can be drawn by name only at the start of a round")
        assert "offer phase" in refused
        assert not panel.query("#inject-apply")
        await pilot.click("#inject-hold")
        await pilot.pause()
        assert app.screen is table
        await pilot.press("enter")  # the offer; the round plays out and the table stops before round 2's draw
        await settle(pilot, app)
        panel = app.screen
        assert isinstance(panel, FacilitatorScreen)
        assert panel.query_one("#facilitator-tabs").active == "tab-inject"
        assert game.state.phase == "inject" and game.state.round == 2 and table.paused
        assert "PAUSED" in str(panel.query_one("#clock-state").render())
        event = game.deck.events[-1]
        panel.query_one("#inject-event").value = event.id
        panel.query_one("#inject-reason").value = "to test the room"
        await pilot.click("#inject-apply")
        await pilot.pause()
        assert game.state.round == 2 and game.state.events == (event.id,)
        assert f"Event, drawn by the facilitator (to test the room): {event.title}" in log_text(table)


async def test_the_panel_pauses_the_game_clock_and_the_table_shows_it_in_words():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=5)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        assert isinstance(table, TableScreen)
        panel = await open_panel(pilot, app, "tab-note")
        assert "RUNNING" in str(panel.query_one("#clock-state").render())
        await pilot.click("#clock-toggle")
        await pilot.pause()
        assert "PAUSED" in str(panel.query_one("#clock-state").render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # the offer: the bot's response would come by itself, but the clock is stopped
        for _ in range(20):
            await pilot.pause()
        assert table.paused and table.game.state.phase == "response"  # nothing moves while paused
        text = screen_text(app)
        assert "PAUSED (P to go on)" in text and "the game clock is stopped" in text  # status line and header
        await pilot.press("p")
        await pilot.pause()
        assert "PAUSED" not in screen_text(app)
