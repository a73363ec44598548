"""The full-screen game tells the truth about its save: one banner while it is not saved, a quit dialog that
says so, saving elsewhere, a resumed save locked against a second writer, exports that replace nothing."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

from test_ui_play import play_to_the_end, settle
from ui_helpers import SMALL, make_app, open_table, screen_text

from tabletop import files
from tabletop.saves import load_save
from tabletop.ui.app import TabletopApp
from tabletop.ui.screens.modals import ConfirmQuitScreen, ReplaceSaveScreen, SaveElsewhereScreen
from tabletop.ui.screens.table import TableScreen
from tabletop.ui.widgets.save_banner import SaveBanner


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
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=3)
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
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=3)
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
    first = make_app(seats={"port": "bot:hawk", "isle": "bot"}, seed=5, save_path=other)
    async with first.run_test(size=SMALL) as pilot:
        await pilot.pause()
    before = other.read_bytes()
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=9, save_path=other)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReplaceSaveScreen)
        assert "already holds another game" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert other.read_bytes() == before
    again = make_app(seats={"port": "human", "isle": "bot"}, seed=9, save_path=other)
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot, again)
        assert isinstance(again.screen, TableScreen)
    assert load_save(other).setup.seed == 9


async def test_a_save_open_elsewhere_cannot_be_resumed_from_setup(tmp_path):
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=4)
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
    app = make_app(seats={"port": "bot:hawk", "isle": "bot"}, seed=5, save_path=save)
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


async def test_save_elsewhere_keeps_asking_until_a_path_works_and_the_table_waits_meanwhile(monkeypatch, tmp_path):
    disk = failing_disk(monkeypatch)
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=3)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        table = app.screen
        table.pace = "brisk"  # steps paced as in a room, so that there is time to open the dialog between them
        disk["on"] = True
        await pilot.press("enter")  # the offer; the bot and the table follow, one paced step at a time
        await wait_saved(pilot, app, False)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SaveElsewhereScreen)
        steps = len(table.game.log)
        await pilot.pause(2.5)  # longer than any step's pause
        taken = tmp_path / "taken.txt"
        taken.write_text("mine\n")
        for refused, words in ((taken, "already exists"), (tmp_path, "is a folder")):
            dialog.query_one("#elsewhere-path").value = str(refused)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is dialog and words in str(dialog.query_one("#elsewhere-error").content)
        assert len(table.game.log) == steps  # the table waited while the dialog was up
        disk["on"] = False
        dialog.query_one("#elsewhere-path").value = str(tmp_path / "new.jsonl")
        await pilot.press("enter")
        await wait_saved(pilot, app, True)
        assert app.screen is table and taken.read_text() == "mine\n"
        table.pace = "instant"
        table.next_step()
        await settle(pilot, app)
        assert len(table.game.log) > steps  # and goes on once it is gone


async def test_no_save_file_at_the_start_is_retried_after_every_move_and_an_unsaved_quit_says_so(monkeypatch, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be\n")
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(blocker / "data"))
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=3)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot, app)
        await wait_saved(pilot, app, False)
        assert app.autosaver is None and "NOT SAVED" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, app)
        await wait_saved(pilot, app, False)
        assert app.autosaver is None and app.save_status.behind == len(app.screen.game.log)
        said = [n for n in app._notifications if n.title == "No autosave"]
        assert len(said) == 1 and str(blocker) in said[0].message  # said once, however often it is retried
        blocker.unlink()  # the folder can be made now
        await pilot.press("enter")
        await settle(pilot, app)
        await wait_saved(pilot, app, True)
        assert app.autosaver is not None and load_save(app.autosaver.path).log == tuple(app.screen.game.log)
    assert app.final_status.saved

    blocker = tmp_path / "blocker-2"
    blocker.write_text("again\n")
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(blocker / "data"))
    never = make_app(seats={"port": "human", "isle": "bot"}, seed=4)
    async with never.run_test(size=SMALL) as pilot:
        await settle(pilot, never)
        await pilot.press("enter")
        await settle(pilot, never)
    assert never.final_status is not None and not never.final_status.saved and never.final_status.played > 0


async def test_another_games_save_held_elsewhere_is_not_offered_for_replacing(tmp_path):
    from ui_helpers import TEST_DECK

    from tabletop.deck import load_deck
    from tabletop.engine import Game, SeatConfig, Setup
    from tabletop.saves import Autosaver as Saver

    other = tmp_path / "other.jsonl"
    holder = Saver.create(Game(load_deck(TEST_DECK), Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 1)),
                          other)
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=9, save_path=other)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, ReplaceSaveScreen)
        assert any("one game has one writer" in n.message for n in app._notifications)
    holder.close()
    assert load_save(other).setup.seed == 1


async def test_the_palettes_screenshot_is_a_new_file_in_the_data_folder_and_said_saved_only_once_it_is(tmp_path):
    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await settle(pilot, app)
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Screenshot")
        command.callback()
        command.callback()  # a second one never replaces the first
        await app.workers.wait_for_complete()
        await pilot.pause()
        shots = sorted((Path(os.environ["TABLETOP_DATA_DIR"]) / "screenshots").iterdir())
        assert [p.suffix for p in shots] == [".svg", ".svg"] and shots[0].name != shots[1].name
        assert all(p.read_text(encoding="utf-8").startswith("<svg") for p in shots)
        said = [n.message for n in app._notifications]
        assert sum(m.startswith("Screenshot saved: ") for m in said) == 2

        blocked = tmp_path / "not-a-folder"
        blocked.write_text("a file where the folder would be")
        app.action_screenshot(path=str(blocked))
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Screenshot NOT saved: ") for m in said)
        assert sum(m.startswith("Screenshot saved: ") for m in said) == 2


def held_saves(monkeypatch) -> tuple[list[str], threading.Event]:
    """A new save is made only once the event returned is set (a slow disk, as slow as the test needs); and the
    names of the threads that made one."""
    from tabletop.saves import Autosaver

    made: list[str] = []
    go = threading.Event()
    real = Autosaver.new.__func__

    def new(cls, *args, **kwargs):
        made.append(threading.current_thread().name)
        assert go.wait(30), "the test never let the save be made"
        return real(cls, *args, **kwargs)

    monkeypatch.setattr(Autosaver, "new", classmethod(new))
    return made, go


def recorded_syncs(monkeypatch, hold: threading.Event | None = None) -> list[str]:
    """The names of the threads that write a save (`Autosaver.sync`), in order; with ``hold``, a worker's write waits
    until it is set."""
    from tabletop.saves import Autosaver

    synced: list[str] = []
    sync = Autosaver.sync

    def recorded(self):
        synced.append(threading.current_thread().name)
        if hold is not None and threading.current_thread() is not threading.main_thread():
            assert hold.wait(30), "the test never let the save be written"
        return sync(self)

    monkeypatch.setattr(Autosaver, "sync", recorded)
    return synced


def saves_in(data: Path) -> list[Path]:
    return sorted((data / "saves").glob("*.jsonl"))


async def test_a_new_games_save_is_made_once_off_the_event_loop_and_the_table_does_not_wait_for_it(monkeypatch, tmp_path):
    made, go = held_saves(monkeypatch)
    synced = recorded_syncs(monkeypatch)
    data = Path(os.environ["TABLETOP_DATA_DIR"])
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=3)
    async with app.run_test(size=SMALL) as pilot:
        table = await open_table(app, pilot)
        await pilot.press("enter")  # an offer, the bot's answer and the rolls: each asks for the save meanwhile
        await settle(pilot, app)
        assert len(table.game.log) > 5
        assert app.autosaver is None and app.save_status is None  # being made: not said to be saved
        assert not table.query_one(SaveBanner).display
        go.set()
        await wait_saved(pilot, app, True)
        assert made == [made[0]] and made[0] != threading.main_thread().name  # one save, made on a worker
        assert synced and threading.main_thread().name not in synced  # and written by workers only
        assert saves_in(data) == [app.autosaver.path]
        assert load_save(app.autosaver.path).log == tuple(table.game.log)
    assert app.final_status.saved and saves_in(data) == [app.final_status.path]


async def test_moves_made_while_a_new_save_is_first_written_are_written_by_workers(monkeypatch):
    """Between the save's making (on a worker, where it starts following the game) and the table taking it up, the
    moves made are written by workers too, never on the event loop."""
    go = threading.Event()
    synced = recorded_syncs(monkeypatch, hold=go)  # a slow disk: the table waits to take the save up
    data = Path(os.environ["TABLETOP_DATA_DIR"])
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=3)
    async with app.run_test(size=SMALL) as pilot:
        table = await open_table(app, pilot)
        for _ in range(200):
            if synced:  # made, and being written for the first time
                break
            await pilot.pause(0.05)
        assert synced and app.autosaver is None
        await pilot.press("enter")  # moves, made while that first write goes on
        await settle(pilot, app)
        go.set()
        await wait_saved(pilot, app, True)
        assert threading.main_thread().name not in synced
        assert saves_in(data) == [app.autosaver.path]
        assert load_save(app.autosaver.path).log == tuple(table.game.log)
    assert app.final_status.saved and saves_in(data) == [app.final_status.path]


async def test_quitting_while_the_save_is_still_being_made_waits_for_it_and_says_it_is_saved(monkeypatch):
    made, go = held_saves(monkeypatch)
    data = Path(os.environ["TABLETOP_DATA_DIR"])
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=3)
    async with app.run_test(size=SMALL) as pilot:
        table = await open_table(app, pilot)
        await pilot.press("enter")
        await settle(pilot, app)
        game = table.game
        assert app.autosaver is None and made  # a worker is making it
        threading.Timer(0.3, go.set).start()  # the disk answers while the app is closing
        app.exit()
    assert len(made) == 1 and app.final_status is not None and app.final_status.saved
    assert saves_in(data) == [app.final_status.path] and load_save(app.final_status.path).log == tuple(game.log)


async def test_a_save_not_yet_begun_when_the_app_closes_is_made_by_the_close(monkeypatch):
    data = Path(os.environ["TABLETOP_DATA_DIR"])
    monkeypatch.setattr(TabletopApp, "autosave", lambda self: None)  # no worker ever gets to it
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=3)
    async with app.run_test(size=SMALL) as pilot:
        await open_table(app, pilot)
        assert app.autosaver is None
    assert app.final_status is not None and app.final_status.saved
    assert saves_in(data) == [app.final_status.path] and load_save(app.final_status.path).log == tuple(app.game.log)
