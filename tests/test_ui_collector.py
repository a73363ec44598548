"""The cycle collector while the app builds its first screen (issue 8, benchmarks/startup.py): paused from the app's
mount to the first screen's first frame, on again after it, and left as the caller had it."""

from __future__ import annotations

import gc

import pytest
from ui_helpers import SMALL, make_app

from tabletop.ui.screens.table import TableScreen


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


async def test_the_collector_is_paused_while_the_table_is_built_and_on_again_once_it_is_drawn(monkeypatch,
                                                                                            collector_on):
    seen: list[bool] = []
    on_mount = TableScreen.on_mount

    def mounting(self) -> None:
        seen.append(gc.isenabled())
        on_mount(self)

    monkeypatch.setattr(TableScreen, "on_mount", mounting)
    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL) as pilot:
        while not isinstance(app.screen, TableScreen):
            await pilot.pause()
        await pilot.pause()
        assert seen == [False]  # off while the table was being built
        assert gc.isenabled()  # on once it has been drawn
    assert gc.isenabled()


async def test_the_collector_is_on_again_when_the_app_closes_before_its_first_frame(monkeypatch, collector_on):
    from tabletop.ui.app import TabletopApp

    monkeypatch.setattr(TabletopApp, "call_after_refresh", lambda self, callback: True)  # no first frame comes
    app = make_app()
    async with app.run_test(size=SMALL):
        assert not gc.isenabled()
    assert gc.isenabled()  # on again as the app closed


async def test_a_collector_the_caller_turned_off_stays_off():
    was = gc.isenabled()
    gc.disable()
    try:
        app = make_app(seats={"port": "human", "isle": "bot"})
        async with app.run_test(size=SMALL) as pilot:
            while not isinstance(app.screen, TableScreen):
                await pilot.pause()
            await pilot.pause()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
