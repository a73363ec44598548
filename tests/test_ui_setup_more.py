"""The setup screen: a finished game is offered for its debrief (never to resume), N in the debrief keeps the
seats just used, bot styles say what they do, Start fits at 80x24, the focused field stands out in any theme."""

from __future__ import annotations

from ui_helpers import SMALL, WIDE, make_app, screen_text

from tabletop.config import Config
from tabletop.ui.screens.debrief import DebriefScreen
from tabletop.ui.screens.setup import SetupScreen, seat_choices


async def wait_for(pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("never happened")


async def finish_a_bot_game() -> None:
    """A whole game between bots on the table, saved (the debrief comes up at its end)."""
    app = make_app(seats={"port": "bot:dove", "isle": "bot"}, seed=7)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), 2000)


async def test_a_finished_game_is_offered_for_its_debrief_not_to_resume():
    await finish_a_bot_game()
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        await wait_for(pilot, lambda: setup.resumable is not None)
        await pilot.pause()  # the button's new label drawn (the worker may have offered it before the first look)
        text = screen_text(app)
        assert "Debrief (F6): Harbour talks, seed 7: over" in text
        assert "Resume (F6)" not in text
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))


async def test_n_in_the_debrief_keeps_the_seats_just_used():
    app = make_app(seats={"port": "bot:dove", "isle": "bot"}, seed=7)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), 2000)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        setup = app.screen
        assert setup.query_one("#seat-port").value == "bot:dove"
        assert setup.query_one("#seat-isle").value == "bot"
        chosen = setup.setup()
        assert chosen is not None and chosen.seats["port"].style == "dove" and chosen.seats["isle"].kind == "bot"


def test_bot_styles_carry_their_deck_description():
    from ui_helpers import TEST_DECK

    from tabletop.deck import load_deck

    labels = [str(label) for label, _ in seat_choices(load_deck(TEST_DECK), "port")]
    assert "Bot: Hawk — Pressure first." in labels
    assert "Bot: Dove" in labels  # no description: the label alone


async def test_at_80x24_the_start_button_is_on_screen_without_scrolling():
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        start = app.screen.query_one("#start")
        footer_top = SMALL[1] - 1
        assert start.region.height and start.region.bottom <= footer_top
        assert "Start (F5)" in screen_text(app)


async def test_the_focused_field_stands_out_in_the_light_theme():
    app = make_app(config=Config(theme="textual-light"))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        setup = app.screen
        seed = setup.query_one("#seed")
        rounds = setup.query_one("#rounds")
        seed.focus()
        await pilot.pause()
        focused, other = seed.rich_style, rounds.rich_style
        assert focused.bold and not other.bold  # not by colour alone
        assert focused.bgcolor != other.bgcolor
        seat = setup.query_one(".seat-select")
        seat.focus()
        await pilot.pause()
        current = seat.query_one("SelectCurrent")
        assert current.rich_style.bold
