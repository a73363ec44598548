"""The table's stage (one beat at a time, never stale), the room pace presets and the room view."""

from __future__ import annotations

import argparse

from ui_helpers import SMALL, WIDE, make_app, screen_text

from tabletop.commands import play as play_command
from tabletop.config import Config, load_config
from tabletop.engine.actions import Override
from tabletop.pace import PACES, hold
from tabletop.present import stage as st
from tabletop.ui.screens.table import TableScreen

BOTS = {"port": "bot", "isle": "bot"}


async def table_of(pilot) -> TableScreen:
    for _ in range(20):
        await pilot.pause()
        for screen in pilot.app.screen_stack:  # under a hand-off too
            if isinstance(screen, TableScreen):
                return screen
    raise AssertionError(f"no table: {pilot.app.screen_stack!r}")


async def step(pilot, table: TableScreen) -> st.Scene:
    """Space, and the beat it brought."""
    await pilot.press("space")
    await pilot.pause()
    scene = table.stage().scene
    assert scene is not None
    return scene


async def test_the_room_pace_holds_each_beat_until_space():
    app = make_app(seats=BOTS, pace="room")
    async with app.run_test(size=SMALL) as pilot:
        table = await table_of(pilot)
        assert table.pace == "room" and table.stage().scene.kind == st.START
        await pilot.pause(0.3)
        assert table.game.log == [] and table._timer is not None  # held: nothing moved, a step is waiting
        assert (await step(pilot, table)).kind == st.EVENT
        assert len(table.game.log) == 1
        await pilot.pause(0.3)
        assert len(table.game.log) == 1 and table.stage().scene.kind == st.EVENT  # the event holds too
        assert (await step(pilot, table)).kind == st.OFFER


async def test_the_instant_pace_does_not_wait():
    app = make_app(seats=BOTS, pace="instant")
    async with app.run_test(size=SMALL) as pilot:
        for _ in range(400):
            await pilot.pause()
            if type(app.screen).__name__ == "DebriefScreen":
                break
        assert type(app.screen).__name__ == "DebriefScreen"  # a whole game, no key pressed
        assert app.game is not None and app.game.state.phase == "over"
    assert all(hold("instant", beat) == 0 for beat in PACES["room"])


async def test_the_pace_comes_from_the_command_line_then_the_config_then_the_seats():
    async def pace_of(**kwargs) -> str:
        app = make_app(**kwargs)
        async with app.run_test(size=SMALL) as pilot:
            table = await table_of(pilot)
            return table.pace

    assert await pace_of(seats=BOTS, pace=None) == "brisk"
    assert await pace_of(seats={"port": "human", "isle": "human"}, pace=None) == "room"  # hot-seat: the room's pace
    assert await pace_of(seats={"port": "human", "isle": "human"}, pace=None, config=Config(pace="instant")) == "instant"
    assert await pace_of(seats=BOTS, pace="room", config=Config(pace="instant")) == "room"


def test_pace_options_on_the_command_line():
    parser = argparse.ArgumentParser()
    play_command.add_arguments(parser)
    assert play_command.pace_of(parser.parse_args(["--pace", "room"])) == "room"
    assert play_command.pace_of(parser.parse_args([])) is None
    assert play_command.pace_of(parser.parse_args(["--no-animation"])) == "instant"  # the old flag: an alias
    assert parser.parse_args(["--room-view"]).room_view is True


def test_the_config_names_a_pace_and_the_room_view(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('pace = "room"\nroom_view = true\n')
    config = load_config(path)
    assert (config.pace, config.room_view, config.problems) == ("room", True, ())
    path.write_text('pace = "fast"\nroom_view = "yes"\n')
    config = load_config(path)
    assert config.pace is None and config.room_view is None
    assert config.problems == (f"{path}: pace: expected one of room, brisk, instant, found 'fast'; ignored",
                               f"{path}: room_view: expected true or false, found str; ignored")


async def test_the_setup_screen_chooses_the_pace():
    app = make_app(pace=None)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.screen.query_one("#pace").value = "instant"
        await pilot.press("f5")
        table = await table_of(pilot)
        assert table.pace == "instant"


async def test_the_stage_shows_every_beat_of_a_round_in_turn():
    app = make_app(seats=BOTS, pace="room")
    async with app.run_test(size=SMALL) as pilot:
        table = await table_of(pilot)
        await pilot.press("p")  # paused: only Space moves
        kinds = [st.START]
        for _ in range(8):
            kinds.append((await step(pilot, table)).kind)
        assert kinds == [st.START, st.EVENT, st.OFFER, st.RESPONSE, st.ODDS, st.ROLL, st.ODDS, st.ROLL, st.CLOSE]
        close = table.stage().scene
        assert close.round == 1 and "What moved this round" in screen_text(app)
        assert "ROUND 1 OF 4 CLOSED" in screen_text(app)  # not the round's last roll beside the new tallies
        event = await step(pilot, table)
        assert event.kind == st.EVENT and event.round == 2
        # On to the ending: a banner that says so.
        for _ in range(60):
            if table.stage().scene.kind == st.ENDING:
                break
            await step(pilot, table)
        assert table.stage().scene.kind == st.ENDING
        text = screen_text(app)
        assert "THE END" in text and "GAME OVER" in text


async def test_a_roll_keeps_its_odds_beside_the_row_that_came_up():
    app = make_app(seats=BOTS, pace="room")
    async with app.run_test(size=SMALL) as pilot:
        table = await table_of(pilot)
        await pilot.press("p")
        for _ in range(4):
            await step(pilot, table)
        odds = table.stage().scene
        assert odds.kind == st.ODDS
        roll = await step(pilot, table)
        assert roll.kind == st.ROLL and roll.odds == odds.odds  # the odds the room saw before the dice fell
        text = screen_text(app)
        row, chance = roll.odds.rows[roll.rolled.row]
        assert "◀ RESULT" in text and f"{float(chance) * 100:3.0f}%".strip() in text


async def test_the_stage_is_never_stale_after_an_undo_or_an_override():
    app = make_app(seats=BOTS, pace="room")
    async with app.run_test(size=WIDE) as pilot:
        table = await table_of(pilot)
        await pilot.press("p")
        for _ in range(5):
            await step(pilot, table)
        roll = table.stage().scene
        assert roll.kind == st.ROLL
        game = table.game
        # An override: the stage shows the ruling, with the new result, not the roll as it fell.
        target = 0 if roll.rolled.row else 1
        table._ruled(game.act(Override("the dice fell off the table", row=target)))
        await pilot.pause()
        ruling = table.stage().scene
        assert ruling.kind == st.RULING and "overridden" in ruling.head
        assert game.deck.actor(roll.rolled.actor).reactions[target].label in ruling.head
        # An undo: the stage goes back to the last beat still in force (the response), not the roll taken back.
        table._ruled(game.undo(2, "back to the response"))
        await pilot.pause()
        assert table.paused and table.stage().scene.kind == st.RESPONSE
        assert st.latest(game) == table.stage().scene
        # Space shows the odds of the roll again before it is made.
        assert (await step(pilot, table)).kind == st.ODDS


async def test_the_room_view_folds_the_log_away_and_enlarges_the_stage():
    app = make_app(seats=BOTS, pace="room")
    async with app.run_test(size=SMALL) as pilot:
        table = await table_of(pilot)
        log = table.query_one("#log")
        assert log.display and not table.has_class("-room")
        await pilot.press("r")
        await pilot.pause()
        assert table.has_class("-room") and not log.display and table.stage().big
        await pilot.press("r")
        await pilot.pause()
        assert not table.has_class("-room") and log.display and not table.stage().big
        room = next(callback for name, _, callback in table.palette_commands() if name == "Room view")
        room()  # the command palette offers it too
        await pilot.pause()
        assert table.has_class("-room") and "Leave the room view" in [name for name, _, _ in table.palette_commands()]


async def test_the_room_view_from_the_config():
    app = make_app(seats=BOTS, pace="room", config=Config(room_view=True))
    async with app.run_test(size=SMALL) as pilot:
        table = await table_of(pilot)
        assert table.has_class("-room") and table.stage().big


async def test_the_header_names_the_scenario_and_six_tallies_fit_at_80x24():
    from ui_helpers import REPO

    app = make_app(REPO / "decks" / "cuba-1962.toml", seats={"us": "bot", "ussr": "bot"}, pace="room")
    async with app.run_test(size=SMALL) as pilot:
        table = await table_of(pilot)
        await pilot.pause()
        text = screen_text(app)
        assert app.deck is not None and app.deck.deck.title in text
        board = table.query_one("#tallies")
        assert len(app.deck.tallies) == 6
        assert board.max_scroll_y == 0  # every tally in view, none scrolled away
        for t in app.deck.tallies:
            assert (t.short or t.label) in text or t.label in text


async def test_every_number_is_explained():
    app = make_app(seats=BOTS, pace="room")
    async with app.run_test(size=WIDE) as pilot:
        table = await table_of(pilot)
        assert "▲▼ this round" in screen_text(app)  # the legend of the change
        card = table.query_one("#tally-trust")
        assert "since this round began" in str(card.tooltip)
        assert "round 0" in screen_text(app)  # the history's round marks


async def test_a_high_contrast_theme_for_projectors_is_offered():
    app = make_app(seats=BOTS, pace="room", config=Config(theme="projector (high contrast)"))
    async with app.run_test(size=SMALL) as pilot:
        await table_of(pilot)
        assert app.theme == "projector (high contrast)" and app.config.problems == ()
        theme = app.get_theme("projector (high contrast)")
        assert theme is not None and (theme.foreground, theme.background) == ("#000000", "#FFFFFF")
