"""The negotiation clock at the table: the countdown shows while people decide, pauses (its own key and the game
clock's P), extends, skips, rings once at 0 and then waits: nothing is decided for anyone. Time is the test's
(`TabletopApp.monotonic`): nothing here sleeps to let a clock run."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_helpers import SMALL, TEST_DECK, WIDE, make_app, screen_text

from tabletop.clock import OFF, parse_clock
from tabletop.config import Config
from tabletop.engine.state import ActorConfig, SeatConfig, Setup
from tabletop.ui.app import TabletopApp
from tabletop.ui.screens.modals import HandOffScreen, StanceScreen
from tabletop.ui.screens.table import TableScreen
from tabletop.ui.widgets.clock import TIME_IS_UP, ClockView

STANCES = Path(__file__).resolve().parent / "decks" / "stances.toml"


class FakeTime:
    def __init__(self) -> None:
        self.t = 5000.0

    def __call__(self) -> float:
        return self.t


def clock_app(seats=None, clock="offer=90,response=60,stance=30", **kwargs) -> tuple[TabletopApp, FakeTime]:
    app = make_app(seats=seats or {"port": "human", "isle": "bot"}, seed=7,
                   clock=parse_clock(clock) if isinstance(clock, str) else clock, **kwargs)
    now = FakeTime()
    app.monotonic = now
    app.bells = 0

    def bell() -> None:
        app.bells += 1

    app.bell = bell
    return app, now


def table_of(app) -> TableScreen:
    return next(s for s in app.screen_stack if isinstance(s, TableScreen))


def digits(app) -> str:
    return str(app.screen.query_one(".clock-digits").value)


def footer_keys(app) -> set[str]:
    return {b.id for _, b, enabled, _ in app.screen.active_bindings.values() if enabled and b.id}


async def to_the_offer(pilot) -> TableScreen:
    for _ in range(50):
        await pilot.pause()
        table = table_of(pilot.app)
        if table.decision().person:
            return table
    raise AssertionError("no decision for people came")


async def test_the_countdown_shows_while_people_choose_and_runs_on_the_apps_time():
    app, now = clock_app()
    async with app.run_test(size=SMALL) as pilot:
        table = await to_the_offer(pilot)
        view = table.query_one("#clock", ClockView)
        assert view.display and digits(app) == "1:30"
        text = screen_text(app)
        assert "Negotiation clock: the offer" in text and "1:30 left to decide" in text
        assert {"clock.pause", "clock.extend", "clock.skip"} <= footer_keys(app)
        now.t += 31
        table.clock.tick()
        await pilot.pause()
        assert digits(app) == "0:59" and "0:59 left to decide" in screen_text(app)


async def test_its_own_pause_and_the_game_clocks_pause_both_stop_it():
    app, now = clock_app()
    async with app.run_test(size=SMALL) as pilot:
        table = await to_the_offer(pilot)
        await pilot.press("t")
        now.t += 500
        table.clock.tick()
        await pilot.pause()
        assert digits(app) == "1:30" and "PAUSED t goes on" in screen_text(app)
        await pilot.press("t")
        now.t += 10
        table.clock.tick()
        await pilot.pause()
        assert digits(app) == "1:20"
        await pilot.press("p")  # the game clock's pause holds the countdown too
        now.t += 500
        table.clock.tick()
        await pilot.pause()
        assert digits(app) == "1:20" and "PAUSED p goes on" in screen_text(app)
        await pilot.press("p")
        now.t += 20
        table.clock.tick()
        await pilot.pause()
        assert digits(app) == "1:00"


async def test_extend_adds_a_minute_and_skip_puts_the_clock_away_for_this_decision():
    app, now = clock_app()
    async with app.run_test(size=SMALL) as pilot:
        table = await to_the_offer(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert digits(app) == "2:30"
        await pilot.press("x")
        await pilot.pause()
        assert not table.query_one("#clock", ClockView).display
        assert "Negotiation clock" not in screen_text(app)
        assert not {"clock.pause", "clock.extend", "clock.skip"} & footer_keys(app)
        now.t += 1000
        table.clock.tick()
        await pilot.pause()
        assert app.bells == 0  # a skipped clock never rings


async def test_at_zero_it_rings_once_says_so_and_waits_nothing_is_decided():
    app, now = clock_app()
    async with app.run_test(size=WIDE) as pilot:
        table = await to_the_offer(pilot)
        state, actions = table.game.state, len(table.game.log)
        decision = table.decision()
        now.t += 90
        table.clock.tick()
        table.clock.tick()
        await pilot.pause(0.6)  # the clock's own timer ticks too, on the test's frozen time
        table.clock.tick()
        await pilot.pause()
        assert app.bells == 1
        assert digits(app) == "0:00" and TIME_IS_UP in screen_text(app)
        # nothing was chosen: the same state, the same decision pending, the hand still offered
        assert table.game.state is state and state.step == table.game.state.step and len(table.game.log) == actions
        assert table.decision().phase == decision.phase == "offer" and table.decision().mover == decision.mover
        assert table.query_one("#choices").display
        await pilot.press("e")  # more time after time was up: a minute from now, and the bell again at its end
        await pilot.pause()
        assert digits(app) == "1:00" and TIME_IS_UP not in screen_text(app)
        now.t += 60
        table.clock.tick()
        assert app.bells == 2


async def test_each_decision_has_its_own_countdown_and_none_while_no_person_decides():
    app, now = clock_app(seats={"port": "human", "isle": "human"}, secrets_elsewhere=True)
    async with app.run_test(size=WIDE) as pilot:
        table = await to_the_offer(pilot)
        assert table.decision().phase == "offer" and digits(app) == "1:30"
        now.t += 100
        table.clock.tick()
        await pilot.press("enter")  # the offer: the response's discussion starts afresh
        for _ in range(5):
            await pilot.pause()
        assert table.decision().phase == "response" and table.decision().person
        assert digits(app) == "1:00" and "Negotiation clock: the response" in screen_text(app)
        table.paused = True  # the game clock stopped after the response: the table's steps wait, with no countdown
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        assert not table.decision().person
        assert not table.query_one("#clock", ClockView).display  # the table's steps: no clock
        table.action_pause()  # on to the next round's offer: a countdown of its own
        for _ in range(30):
            await pilot.pause()
            if table.decision().person:
                break
        assert table.decision().phase == "offer" and table.game.state.round == 2
        assert digits(app) == "1:30" and table.clock.countdown.key[0] == 2


async def test_the_command_palette_offers_the_clock_only_while_it_runs():
    app, _ = clock_app()
    async with app.run_test(size=SMALL) as pilot:
        table = await to_the_offer(pilot)
        names = [name for name, _, _ in table.palette_commands()]
        assert {"Pause the negotiation clock", "Negotiation clock: 1 more minute",
                "No negotiation clock for this decision"} <= set(names)
        dict((n, c) for n, _, c in table.palette_commands())["Pause the negotiation clock"]()
        await pilot.pause()
        assert "Restart the negotiation clock" in [name for name, _, _ in table.palette_commands()]
        table.action_clock_skip()
        assert not [n for n, _, _ in table.palette_commands() if "negotiation clock" in n.lower()]


async def test_a_teams_stance_has_its_clock_in_the_dialog():
    setup = Setup({"a": SeatConfig("bot"), "b": SeatConfig("bot")}, 3, None, {"neighbour": ActorConfig("team")})
    app = TabletopApp(STANCES, setup=setup, seed=3, config=Config(), pace="instant", clock=parse_clock("stance=45"))
    now = FakeTime()
    app.monotonic = now
    async with app.run_test(size=WIDE) as pilot:
        for _ in range(300):
            await pilot.pause()
            if isinstance(app.screen, StanceScreen):
                break
            # the team's secret objective is handed off first; then the table goes on to its stance
            await pilot.press("enter" if isinstance(app.screen, HandOffScreen) else "space")
        assert isinstance(app.screen, StanceScreen)
        assert digits(app) == "0:45" and "Negotiation clock: the stance" in screen_text(app)
        await pilot.press("e")  # the facilitator's keys work in the dialog
        now.t += 5
        table_of(app).clock.tick()
        await pilot.pause()
        assert digits(app) == "1:40"
        await pilot.press("x")
        await pilot.pause()
        assert not app.screen.query_one("#stance-clock", ClockView).display
        assert isinstance(app.screen, StanceScreen)  # still the team's to choose


async def test_a_teams_stance_clock_starts_when_its_stance_beat_shows_not_while_the_beat_before_is_read():
    """At the room's pace the beat before a team's stance (the response, another's roll) is held for the room to
    read: the team's countdown starts once its own stance beat is on the stage, with its whole time."""
    setup = Setup({"a": SeatConfig("bot"), "b": SeatConfig("bot")}, 3, None, {"neighbour": ActorConfig("team")})
    app = TabletopApp(STANCES, setup=setup, seed=3, config=Config(), pace="room", clock=parse_clock("stance=45"))
    now = FakeTime()
    app.monotonic = now
    async with app.run_test(size=WIDE) as pilot:
        table = None
        for _ in range(300):
            await pilot.pause()
            if isinstance(app.screen, HandOffScreen):
                await pilot.press("enter")
                continue
            table = table_of(app)
            decision = table.decision()
            if decision.person and decision.phase == "reactions" and isinstance(app.screen, TableScreen):
                break
            await pilot.press("space")
        assert table is not None and table.decision().mover == "neighbour"
        assert table._stance_due()  # the beat before it still on the stage, held for the room
        assert table.clock is not None and table.clock.countdown is None
        assert not table.query_one("#clock", ClockView).display
        now.t += 40  # the room reads the beat before (here without Space)
        table.clock.tick()
        await pilot.press("space")  # the stance beat: the odds under each stance, for the room
        await pilot.pause()
        assert not table._stance_due() and table.stage().scene.kind == "stance"
        assert table.query_one("#clock", ClockView).display and digits(app) == "0:45"
        now.t += 10
        table.clock.tick()
        await pilot.press("space")  # the dialog: the same countdown, running since the stance beat
        await pilot.pause()
        assert isinstance(app.screen, StanceScreen) and digits(app) == "0:35"


def clocked_deck(tmp_path) -> Path:
    path = tmp_path / "clocked.toml"
    path.write_text("[clock]\noffer = 120\nresponse = 60\n\n" + TEST_DECK.read_text(encoding="utf-8"),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("seats, chosen, config, times", [
    ({"port": "human", "isle": "human"}, None, None, {"offer": 120, "response": 60, "stance": 0}),  # a seminar
    ({"port": "human", "isle": "bot"}, None, None, {"offer": 0, "response": 0, "stance": 0}),  # solo: off
    ({"port": "human", "isle": "bot"}, "deck", None, {"offer": 120, "response": 60, "stance": 0}),
    ({"port": "human", "isle": "human"}, "off", None, {"offer": 0, "response": 0, "stance": 0}),
    ({"port": "human", "isle": "human"}, None, OFF, {"offer": 0, "response": 0, "stance": 0}),  # config.toml
    ({"port": "human", "isle": "human"}, "offer=10", OFF, {"offer": 10, "response": 60, "stance": 0}),  # chosen wins
])
def test_which_clock_a_game_gets(tmp_path, seats, chosen, config, times):
    from tabletop.deck import load_deck
    from tabletop.engine import Game

    deck = clocked_deck(tmp_path)
    app = make_app(deck, seats=seats, clock=parse_clock(chosen) if chosen else None, config=Config(clock=config))
    loaded = load_deck(deck)
    game = Game(loaded, Setup({k: SeatConfig(v) for k, v in seats.items()}, 7))
    assert app.clock_times_for(game) == times


async def test_a_game_without_a_clock_has_no_countdown_nor_its_keys():
    app = make_app(seats={"port": "human", "isle": "human"}, secrets_elsewhere=True)
    async with app.run_test(size=SMALL) as pilot:
        table = await to_the_offer(pilot)
        assert table.clock is None and not table.query(ClockView)
        assert not {"clock.pause", "clock.extend", "clock.skip"} & footer_keys(app)
        assert not table.check_action("clock_pause", ())


async def test_the_clock_is_not_in_the_save(tmp_path):
    """Two games with the same seed and moves, one with a clock and one without, save the same lines."""
    saves = []
    for clock in ("offer=90,response=60", OFF):
        path = tmp_path / f"game-{len(saves)}.jsonl"
        app, now = clock_app(clock=clock, save_path=path)
        async with app.run_test(size=SMALL) as pilot:
            table = await to_the_offer(pilot)
            now.t += 500
            if table.clock is not None:
                table.clock.tick()
            await pilot.press("enter")
            for _ in range(10):
                await pilot.pause()
        saves.append([line for line in path.read_text(encoding="utf-8").splitlines()[1:]])
    assert saves[0] == saves[1] and len(saves[0]) > 2


async def test_the_setup_screen_chooses_the_clock(tmp_path, monkeypatch):
    from textual.widgets import Select

    monkeypatch.setattr("tabletop.ui.screens.setup.bundled_decks", lambda: [])
    app = make_app(clocked_deck(tmp_path), pace=None, secrets_elsewhere=True)
    app.monotonic = FakeTime()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#clock", Select)
        options = [(str(label), value) for label, value in select._options]
        assert options == [("Default: the deck's with 2+ teams, off solo", "default"),
                           ("Deck's: 2:00 / 1:00 / off (offer / response / stance)", "deck"), ("Off", "off")]
        assert select.value == "default" and "Negotiation clock" in screen_text(app)
        select.value = "off"  # a hot-seat game (both seats people by default) with the clock off
        app.screen.query_one("#pace", Select).value = "instant"
        await pilot.press("f5")
        table = await to_the_offer(pilot)
        assert app.clock_choice == OFF and table.clock is None


async def test_the_setup_screen_keeps_a_clock_chosen_on_the_command_line(tmp_path, monkeypatch):
    from textual.widgets import Select

    monkeypatch.setattr("tabletop.ui.screens.setup.bundled_decks", lambda: [])
    app = make_app(clocked_deck(tmp_path), pace=None, clock=parse_clock("offer=10"), secrets_elsewhere=True)
    app.monotonic = FakeTime()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        select = app.screen.query_one("#clock", Select)
        assert select.value == "chosen"
        assert ("Chosen: 0:10 / 1:00 / off", "chosen") in [(str(label), value) for label, value in select._options]
        app.screen.query_one("#pace", Select).value = "instant"
        await pilot.press("f5")
        table = await to_the_offer(pilot)
        assert table.clock is not None and digits(app) == "0:10"


async def test_the_facilitators_panel_tells_the_countdown():
    app, now = clock_app()
    async with app.run_test(size=WIDE) as pilot:
        await to_the_offer(pilot)
        now.t += 30
        await pilot.press("f")
        await pilot.pause()
        text = screen_text(app)
        assert "Negotiation clock (the offer): 1:00 left, running. At the table: t hold · e +1 min · x skip" in text
        await pilot.click("#clock-toggle")  # the panel's pause of the game clock holds the countdown too
        await pilot.press("escape")
        await pilot.pause()
        now.t += 300
        table_of(app).clock.tick()
        await pilot.pause()
        assert table_of(app).paused and digits(app) == "1:00" and "PAUSED" in screen_text(app)


# -- how it looks: a frozen clock (the test's time stands still), at 80x24 and a wide size ---------------------

SIZES = pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "140x45"])


def frozen_at(seconds_gone: float, *keys: str):
    async def run_before(pilot) -> None:
        table = await to_the_offer(pilot)
        pilot.app.monotonic.t += seconds_gone
        for key in keys:
            await pilot.press(key)
        table.clock.tick()
        await pilot.pause()
        pilot.app.screen.set_focus(None)
        await pilot.pause()

    return run_before


@SIZES
def test_snapshot_the_countdown(snap_compare, size):
    app, _ = clock_app()
    assert snap_compare(app, terminal_size=size, run_before=frozen_at(31))


@SIZES
def test_snapshot_time_is_up(snap_compare, size):
    app, _ = clock_app()
    assert snap_compare(app, terminal_size=size, run_before=frozen_at(95))


@SIZES
def test_snapshot_the_countdown_in_the_room_view_on_the_projector_theme(snap_compare, size):
    app, _ = clock_app(config=Config(theme="projector (high contrast)"))
    assert snap_compare(app, terminal_size=size, run_before=frozen_at(12, "r", "t"))


async def test_help_tells_the_decks_clock_and_its_keys():
    from ui_helpers import BUNDLED_DECK

    from tabletop.ui.screens.help import HelpScreen

    app = make_app(BUNDLED_DECK, seats={"us": "human", "dprk": "bot"}, seed=7)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(b) for b in app.screen.blocks)
        assert "offer 3:00 / response 2:00 / stance 1:00" in text and "never decides for anyone" in text
        keys = dict(app.help_keys())["At the table"]
        assert ("t", "Hold clock") in keys and ("e", "+1 min") in keys and ("x", "Skip clock") in keys


@SIZES
def test_snapshot_the_stance_dialog_with_its_countdown(snap_compare, size):
    setup = Setup({"a": SeatConfig("bot"), "b": SeatConfig("bot")}, 3, None, {"neighbour": ActorConfig("team")})
    app = TabletopApp(STANCES, setup=setup, seed=3, config=Config(), pace="instant", clock=parse_clock("stance=45"))
    app.monotonic = FakeTime()

    async def run_before(pilot) -> None:
        for _ in range(300):
            await pilot.pause()
            if isinstance(pilot.app.screen, StanceScreen):
                break
            # the team's secret objective is handed off first; then the table goes on to its stance
            await pilot.press("enter" if isinstance(app.screen, HandOffScreen) else "space")
        pilot.app.monotonic.t += 20
        table_of(pilot.app).clock.tick()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
