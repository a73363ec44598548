"""The footer's keys are built once as a screen opens: as the screen's on_mount leaves them, not before."""

from __future__ import annotations

from textual.widgets._footer import FooterKey
from ui_helpers import SMALL, make_app, open_table

from tabletop.ui.screens.table import TableScreen
from tabletop.ui.widgets.footer import Footer


async def test_the_table_builds_its_footer_once_with_the_keys_after_its_first_step(monkeypatch):
    builds: list[tuple[str, ...]] = []
    recompose = Footer.recompose

    async def counted(self):
        await recompose(self)
        builds.append(tuple(str(key.description) for key in self.query(FooterKey)))

    monkeypatch.setattr(Footer, "recompose", counted)
    app = make_app(seats={"port": "human", "isle": "bot"})  # the instant pace: the table draws the event at once
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_table(app, pilot)
        assert screen.decision().person and screen.decision().phase == "offer"  # the first step was made
        shown = tuple(str(key.description) for key in screen.query_one(Footer).query(FooterKey))
        assert "Card details" in shown  # a card of the hand is highlighted
        assert builds == [shown]  # built once, with these keys: not with the keys before the first step, then again


async def test_the_footer_follows_a_dialog_and_comes_back():
    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL) as pilot:
        await open_table(app, pilot)
        footer = app.screen.query_one(Footer)
        before = [str(key.description) for key in footer.query(FooterKey)]
        await pilot.press("i")  # the highlighted card in full: a dialog over the table
        await pilot.pause()
        assert not isinstance(app.screen, TableScreen)
        during = [str(key.description) for key in footer.query(FooterKey)]
        assert during != before and "Card details" not in during
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        assert [str(key.description) for key in footer.query(FooterKey)] == before
