"""The full-screen game tells the truth about its save: one banner while it is not saved, a quit dialog that
says so, saving elsewhere, a resumed save locked against a second writer, exports that replace nothing."""

from __future__ import annotations

import errno
import os

from tabletop import files
from tabletop.saves import load_save
from tabletop.ui.screens.modals import ConfirmQuitScreen, ReplaceSaveScreen, SaveElsewhereScreen
from tabletop.ui.screens.table import TableScreen
from tabletop.ui.widgets.save_banner import SaveBanner

from test_ui_play import play_to_the_end, settle
from ui_helpers import SMALL, make_app, screen_text


def failing_disk(monkeypatch):
    """tabletop's writes fail with ENOSPC while ``state['on']``."""
    state = {"on": False}
    real = files.write_all

    def write_all(fd, data, offset):
        if state["on"]:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data, offset)

    monkeypatch.setattr(files, "write_all", write_all)
    return state


async def wait_saved(pilot, app, saved: bool) -> None:
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        if app.save_status is not None and app.save_status.saved == saved:
            return
    raise AssertionError(f"the save status never became saved={saved}: {app.save_status}")


async def test_a_full_disk_shows_one_banner_the_quit_dialog_says_so_and_saving_elsewhere_fixes_it(
        monkeypatch, tmp_path):
    disk = failing_disk(monkeypatch)
    app = make_app(seats={"us": "human", "dprk": "bot"}, seed=3)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot, app)
        table = app.screen
        assert isinstance(table, TableScreen)
        banner = table.query_one(SaveBanner)
        assert not banner.display  # saved: nothing to say
        disk["on"] = True
        for _ in range(3):  # three offers and everything in between, all unsaved
            await pilot.press("enter")
            await settle(pilot, app)
        await wait_saved(pilot, app, False)
        assert banner.display and len(table.query(SaveBanner)) == 1
        text = screen_text(app)
        assert "NOT SAVED" in text and "No space left on device" in text and "S saves the game to another" in text
        assert len(app._notifications) == 0  # one banner, not a toast per move
        behind = app.save_status.behind
        assert behind > 10 and len(load_save(app.autosaver.path).log) == len(table.game.log) - behind
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)
        text = screen_text(app)
        assert "NOT SAVED" in text and "It is saved" not in text and "Save to… (S)" in text
        await pilot.press("s")  # save elsewhere, from the quit dialog
        await pilot.pause()
        assert isinstance(app.screen, SaveElsewhereScreen)
        app.screen.query_one("#elsewhere-path").value = str(tmp_path / "rescued.jsonl")
        disk["on"] = False
        await pilot.press("enter")
        await wait_saved(pilot, app, True)
        assert isinstance(app.screen, ConfirmQuitScreen)
        text = str(app.screen.query_one("#quit-text").content)
        assert f"It is saved: {tmp_path / 'rescued.jsonl'}" in text and "NOT SAVED" not in text
        await pilot.press("n")
        await pilot.pause()
        assert not banner.display
        game = table.game
        await pilot.press("enter")
        await settle(pilot, app)
        await wait_saved(pilot, app, True)
        assert load_save(tmp_path / "rescued.jsonl").log == tuple(game.log)  # and it goes on saving there
    assert app.final_status.saved and app.final_status.path == tmp_path / "rescued.jsonl"


async def test_quitting_while_unsaved_is_not_called_saved(monkeypatch):
    disk = failing_disk(monkeypatch)
    app = make_app(seats={"us": "human", "dprk": "bot"}, seed=3)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        disk["on"] = True
        await pilot.press("enter")
        await settle(pilot, app)
        await wait_saved(pilot, app, False)
        await pilot.press("q")
        await pilot.pause()
        assert "Quit anyway (Y)" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    assert app.final_status is not None and not app.final_status.saved and app.final_status.behind > 0


async def test_play_save_onto_another_games_save_asks_first(tmp_path):
    other = tmp_path / "other.jsonl"
    first = make_app(seats={"us": "bot:hawk", "dprk": "bot"}, seed=5, save_path=other)
    async with first.run_test(size=SMALL) as pilot:
        await pilot.pause()
    before = other.read_bytes()
    app = make_app(seats={"us": "human", "dprk": "bot"}, seed=9, save_path=other)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReplaceSaveScreen)
        assert "already holds another game" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert other.read_bytes() == before
    again = make_app(seats={"us": "human", "dprk": "bot"}, seed=9, save_path=other)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, again)
        assert isinstance(again.screen, TableScreen)
    assert load_save(other).setup.seed == 9


async def test_a_save_open_elsewhere_cannot_be_resumed_from_setup(tmp_path):
    app = make_app(seats={"us": "human", "dprk": "bot"}, seed=4)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        path = app.autosaver.path
        second = make_app(seed=4)
        async with second.run_test(size=SMALL, notifications=True) as pilot2:
            for _ in range(50):
                await pilot2.pause()
                await second.workers.wait_for_complete()
                if second.screen.resumable:
                    break
            assert second.screen.resumable == path
            await pilot2.press("f6")
            await pilot2.pause()
            assert not isinstance(second.screen, TableScreen)
            messages = [n.message for n in second._notifications]
            assert any("one game has one writer" in m and f"this very process ({os.getpid()})" in m for m in messages)


async def test_export_never_replaces_the_save_or_a_file_it_did_not_write(tmp_path):
    save = tmp_path / "game.md"  # a save with a report's name
    app = make_app(seats={"us": "bot:hawk", "dprk": "bot"}, seed=5, save_path=save)
    notes = tmp_path / "game-report.md"
    notes.write_text("my own notes\n")
    async with app.run_test(size=SMALL) as pilot:
        await play_to_the_end(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("e")  # again: replaces its own report, nothing else
        await pilot.pause()
    assert load_save(save).log  # still the save
    assert notes.read_text() == "my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["game-report-2.md", "game-report.md", "game.md"]
    assert (tmp_path / "game-report-2.md").read_text().startswith("<!-- tabletop: after-action report -->\n# After")
