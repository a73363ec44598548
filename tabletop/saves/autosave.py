"""The autosave: a game's save kept in step with its log, one appended line per action, honest about failures.

An `Autosaver` holds its save open and locked (`tabletop.saves.lock`) while the
game is open: a second tabletop cannot write the same game. Each `sync` appends
the actions not yet on disk in one write and syncs the file, so an action costs
one line, never a rewrite of the whole save. A write that fails (a full disk, a
folder made read-only) is cut back to the last whole line and recorded in
`status`: nothing pretends the game is saved, and the next `sync` tries again
with everything still missing. `move_to` writes the whole game to another file
and carries on there ("save elsewhere").

`sync` may run on a worker thread (the full-screen game writes off its event
loop): it is serialised by a lock, and each call writes whatever is missing at
that moment, so the last write always catches up.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from attrs import frozen

from .. import files
from ..engine.actions import Action
from ..engine.game import Game
from ..engine.happenings import Happening
from ..engine.state import TABLE
from ..records import Record
from .format import MAX_SAVE_BYTES, VERSION, SaveError, SaveFile, action_lines, header_line, now_iso
from .lock import Locked, lock, unlock
from .store import autosave_name, deck_ref, read_open_save, saves_dir, write_pointer

_fdatasync = getattr(os, "fdatasync", os.fsync)


@frozen(repr=False, eq=False)
class SaveStatus(Record):
    """Whether the game on disk is the game played: ``on_disk`` of ``played`` actions, and the last failure."""

    path: Path
    on_disk: int
    played: int
    error: str | None = None

    @property
    def saved(self) -> bool:
        return self.error is None and self.on_disk >= self.played

    @property
    def behind(self) -> int:
        return max(0, self.played - self.on_disk)

    def words(self) -> str:
        """One sentence for a person: saved where, or what is missing and why."""
        if self.saved:
            return f"Saved: {self.path}"
        n = self.behind
        missing = f"the last {n} action{'s' if n != 1 else ''} {'are' if n != 1 else 'is'}" if n else "the game is"
        return f"NOT SAVED: {missing} not in {self.path}" + (f": {self.error}" if self.error else "")


def _why(e: OSError) -> str:
    return str(e) if isinstance(e, files.FileRefused) else (e.strerror or str(e))


class Autosaver:
    """Keeps ``game``'s save at ``path`` up to date. Make one with `create`, `new` or `open`, never directly."""

    def __init__(self, path: Path, fd: int, on_disk: int, end: int, started_at: str):
        self.path = path
        self._fd: int | None = fd
        self._on_disk = on_disk
        self._end = end  # bytes of whole lines: where the next line goes
        self._cut = True  # bytes past _end may exist (a cut-short line or write): truncate before writing
        self._error: str | None = None
        self._started_at = started_at
        self._opened: SaveFile | None = None  # the save `open` read, until `attach`
        self._rewrite = False  # the whole file must be written again (an older version, or another deck) at the next sync
        self._lock = threading.Lock()
        self._said_saved = True  # what the last status given to on_status said (a change is said once)
        self.game: Game | None = None
        #: Called with the new status whenever being saved starts or stops (from the thread that synced).
        self.on_status: Callable[[SaveStatus], object] | None = None
        #: Sync after every action of the game, in the thread that made it; off when a worker syncs instead.
        self.sync_each_action = True

    # -- making one -------------------------------------------------------------

    @classmethod
    def create(cls, game: Game, path: Path | str, *, replace: bool = False, pointer: bool = True,
               started_at: str | None = None, sync_each_action: bool = True) -> Autosaver:
        """Save ``game`` to ``path``, a new file; with ``replace``, the file there (a save of another game, say,
        that the person chose to replace) is replaced. `SaveError` if it cannot be; nothing is left half-made.
        ``sync_each_action``: as the attribute, set before the saver follows the game (made on a worker, for a
        game that goes on in another thread)."""
        path = Path(path).absolute()
        started = started_at or now_iso()
        count = len(game.log)  # the game may go on while this is written (a worker saving elsewhere): no more
        data = _whole_save(game, started, count)
        old_fd = None
        try:
            if files.regular_or_absent(path) is not None and not replace:
                raise FileExistsError(path)
            if replace and files.regular_or_absent(path) is not None:
                old_fd = files.open_regular(path, os.O_RDWR)
                lock(old_fd, str(path))  # not while another tabletop plays it
                fd = files.replace(path, data, before_rename=lambda fd: lock(fd, str(path)))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = files.create(path, data, before_link=lambda fd: lock(fd, str(path)))
        except Locked as e:
            raise SaveError(str(e)) from None
        except FileExistsError:
            raise SaveError(f"{path} already exists; choose a new file name") from None
        except files.FileRefused as e:
            raise SaveError(f"cannot write the save there: {e}; choose a new file name") from None
        except OSError as e:
            raise SaveError(f"cannot write the save {path}: {_why(e)}") from None
        finally:
            if old_fd is not None:
                os.close(old_fd)
        saver = cls(path, fd, count, len(data), started)
        saver._cut = False
        saver.sync_each_action = sync_each_action
        saver._follow(game)
        if pointer:
            write_pointer(path)
        return saver

    @classmethod
    def new(cls, game: Game, directory: Path | None = None, *, started: datetime | None = None,
            sync_each_action: bool = True) -> Autosaver:
        """An autosaver writing to a new file in ``directory`` (default `saves_dir`), never an existing one.
        ``sync_each_action`` as for `create`."""
        directory = directory or saves_dir()
        name = autosave_name(game.deck, game.setup.seed, started or datetime.now())
        stem, suffix = name.rsplit(".", 1)
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise SaveError(f"cannot create a save in {directory}: {_why(e)}") from None
        for n in range(1, 1000):
            path = directory / (name if n == 1 else f"{stem}-{n}.{suffix}")
            if os.path.lexists(path):
                continue
            try:
                return cls.create(game, path, sync_each_action=sync_each_action)
            except SaveError:
                if os.path.lexists(path):
                    continue  # taken between the look and the write
                raise
        raise SaveError(f"cannot create a save in {directory}: too many saves named {name}")

    @classmethod
    def open(cls, path: Path | str) -> tuple[Autosaver, SaveFile]:
        """Open the save at ``path`` to play it on: locked, read, checked (`SaveError` otherwise), not yet written.

        Replay the returned `SaveFile` into a game, then `attach` it; or `close`
        to let the save go untouched.
        """
        path = Path(path).absolute()
        try:
            fd = files.open_regular(path, os.O_RDWR)
        except FileNotFoundError:
            raise SaveError(f"{path}: no such save file") from None
        except files.FileRefused as e:
            raise SaveError(f"{e}; a save is a file") from None
        except OSError as e:
            raise SaveError(f"{path}: cannot open the save to play on: {_why(e)}") from None
        try:
            lock(fd, str(path))
            save = read_open_save(fd, path)
        except Locked as e:
            os.close(fd)
            raise SaveError(str(e)) from None
        except BaseException:
            os.close(fd)
            raise
        saver = cls(path, fd, save.on_disk, save.end, save.started_at)
        saver._opened = save
        return saver, save

    def attach(self, game: Game, *, sync: bool = True) -> SaveStatus:
        """Follow ``game`` (replayed from the save `open` read) and, unless told not to, bring the file up to
        date now (an older version's save is rewritten, a line cut short by a crash mended).

        A save of an older version (`tabletop.saves.format`), or one replayed against another deck (moved, or
        changed and allowed), is written again whole, as the current version with the deck used."""
        opened, self._opened = self._opened, None
        if opened is not None and (opened.version < VERSION or opened.deck != deck_ref(game.deck)):
            self._rewrite = True
        self._follow(game)
        write_pointer(self.path)
        return self.sync() if sync else self.status

    def _follow(self, game: Game) -> None:
        self.game = game
        game.listeners.append(self._after)

    # -- keeping it up to date --------------------------------------------------

    def _after(self, game: Game, action: Action, happened: list[Happening]) -> None:
        if self.sync_each_action:
            self.sync()

    def _decided(self, action: Action) -> bool:
        """Whether a person decided ``action`` (a seat played by people, or the facilitator).

        Table steps and bots' moves follow from the seed and the decisions before
        them, so they are written without waiting for the disk: if power fails
        before they reach it, `resume` makes them again, the same.
        """
        if action.seat == TABLE:
            return False
        config = self.game.setup.seats.get(action.seat) if self.game is not None else None
        return config is None or config.kind == "human"

    @property
    def status(self) -> SaveStatus:
        played = len(self.game.log) if self.game is not None else self._on_disk
        return SaveStatus(self.path, self._on_disk, played, self._error)

    def sync(self) -> SaveStatus:
        """Write every action not yet on disk (thread-safe); the status after, also given to ``on_status``."""
        with self._lock:
            self._write()
            after = self.status
            changed = after.saved != self._said_saved
            self._said_saved = after.saved
        if changed and self.on_status is not None:
            self.on_status(after)
        return after

    def _write(self) -> None:
        game, fd = self.game, self._fd
        if game is None or fd is None:
            return
        played = len(game.log)
        if self._rewrite:
            self._rewrite_whole(game)
            return
        try:
            self._check_still_there(fd)
            if self._cut:  # a line cut short (by a crash, or a failed write): back to the last whole line
                os.ftruncate(fd, self._end)
                self._cut = False
            if played <= self._on_disk:
                self._error = None
                return
            actions = game.log[self._on_disk:played]
            data = action_lines(actions)
            if self._end + len(data) > MAX_SAVE_BYTES:
                raise OSError(errno.EFBIG, f"the save would pass {MAX_SAVE_BYTES // (1024 * 1024)} MiB, more than "
                                           "tabletop reads back (a very long note?)")
            files.write_all(fd, data, self._end)
            if any(self._decided(a) for a in actions):
                _fdatasync(fd)  # a person's decision or a ruling reaches the disk before anything else happens
        except _Gone as e:
            self._error = str(e)
            if e.missing:  # deleted or moved away: put the whole game back where it was
                self._rewrite_whole(game)
            return
        except OSError as e:
            self._error = _why(e)
            self._cut = True
            try:  # cut back to the last whole line now (a full disk still allows this)
                os.ftruncate(fd, self._end)
                self._cut = False
            except OSError:
                pass
            return
        self._end += len(data)
        self._on_disk = played
        self._error = None

    def _check_still_there(self, fd: int) -> None:
        """`_Gone` unless ``path`` still names the open file (someone may have deleted, moved or replaced it)."""
        mine = os.fstat(fd)
        try:
            there = os.stat(self.path)
        except FileNotFoundError:
            raise _Gone("the file was deleted or moved away while the game was open", missing=True) from None
        if (there.st_dev, there.st_ino) != (mine.st_dev, mine.st_ino):
            raise _Gone("another file has taken its place; tabletop will not write over it", missing=False)

    def _rewrite_whole(self, game: Game) -> None:
        """The whole save written again in its place (keeping its permissions; a new file if it was deleted),
        locked before it takes the old one's place."""
        old = self._fd
        count = len(game.log)  # the game may go on meanwhile: what comes after is appended next time
        data = _whole_save(game, self._started_at, count)
        try:
            if os.path.lexists(self.path):
                fd = files.replace(self.path, data, before_rename=lambda fd: lock(fd, str(self.path)))
            else:
                fd = files.create(self.path, data, before_link=lambda fd: lock(fd, str(self.path)))
        except FileExistsError:
            self._error = "another file has taken its place; tabletop will not write over it"
            return
        except OSError as e:
            self._error = _why(e)
            return
        self._fd, self._end, self._on_disk, self._error = fd, len(data), count, None
        self._rewrite, self._cut = False, False
        if old is not None:
            os.close(old)

    def move_to(self, path: Path | str) -> SaveStatus:
        """Save the whole game to ``path`` (a new file) and keep saving there; `SaveError` if it cannot be."""
        if self.game is None:
            raise SaveError("no game to save")
        with self._lock:
            new = Autosaver.create(self.game, path, started_at=self._started_at, pointer=False)
            self.game.listeners.remove(new._after)
            old = self._fd
            self.path, self._fd, self._on_disk, self._end = new.path, new._fd, new._on_disk, new._end
            self._error, self._cut, self._rewrite = None, False, False
            new._fd = None
            if old is not None:
                unlock(old)
                os.close(old)
        write_pointer(self.path)
        status = self.status
        if not self._said_saved and self.on_status is not None:
            self.on_status(status)
        self._said_saved = True
        return status

    def close(self) -> SaveStatus:
        """Write what is missing, stop following the game, and let the save go (its lock too)."""
        status = self.sync()
        with self._lock:
            if self.game is not None and self._after in self.game.listeners:
                self.game.listeners.remove(self._after)
            if self._fd is not None:
                unlock(self._fd)
                os.close(self._fd)
                self._fd = None
        return status

    def __del__(self) -> None:  # a forgotten autosaver must not hold a descriptor (and the lock) forever
        fd = getattr(self, "_fd", None)
        if fd is not None:
            try:
                os.close(fd)
            except OSError:
                pass


class _Gone(OSError):
    """The save's path no longer names the file being written."""

    def __init__(self, message: str, *, missing: bool):
        super().__init__(message)
        self.missing = missing

    def __str__(self) -> str:
        return self.args[0]


def _whole_save(game: Game, started_at: str, count: int) -> bytes:
    """The bytes of a whole save of ``game``'s first ``count`` actions."""
    return header_line(deck_ref(game.deck), game.setup, started_at, _version()) + action_lines(game.log[:count])


def _version() -> str:
    from .. import __version__

    return __version__


def save_game(game: Game, path: Path | str, *, replace: bool = False) -> Path:
    """Write ``game``'s whole save to ``path`` once: a new file, or with ``replace`` over a save already there."""
    saver = Autosaver.create(game, path, replace=replace, pointer=False)
    saver.close()
    return saver.path
