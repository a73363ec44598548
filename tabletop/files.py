"""Files written without losing anyone's work, and read without ever blocking.

The rules every file tabletop writes follows:

- a file appears whole or not at all: it is written and synced under no name
  (Linux's ``O_TMPFILE``) or under a temporary name, then linked or renamed into
  place; a temporary name left by a killed process is removed the next time
  that folder is written (`sweep`);
- a file is replaced only when the caller has decided it may be (a report over
  a report, a save over the same game's save, or ``--force``), and never when it
  is a folder, a device, a FIFO or a socket;
- a symlink is written through to its target, and a replaced file keeps its
  permissions;
- a path is looked at before it is opened, and opened without blocking, so a
  FIFO or a device named as a save or a report is refused at once.

Nothing here knows what a save or a report is: see `tabletop.saves.store` and
`tabletop.saves.outputs`.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

TMP_SUFFIX = ".tmp"
_FLAGS_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_FLAGS_NOCTTY = getattr(os, "O_NOCTTY", 0)
_FLAGS_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class FileRefused(OSError):
    """A path tabletop will not read or write; the message says why, for a person to read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words: ``a folder``, ``a FIFO (named pipe)`` ..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a file" if stat.S_ISREG(mode) else "not a regular file"


def regular_or_absent(path: Path | str) -> os.stat_result | None:
    """The status of the regular file at ``path`` (through symlinks), None if nothing is there.

    `FileRefused` for a folder, a device, a FIFO, a socket or a symlink that points nowhere.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileRefused(f"{path} is a symbolic link to a file that does not exist") from None
        return None
    except NotADirectoryError:
        return None
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(f"{path} is {kind_of(st.st_mode)}, not a file")
    return st


def open_regular(path: Path | str, flags: int = os.O_RDONLY) -> int:
    """A file descriptor on the regular file at ``path``, opened without blocking; `FileRefused` otherwise.

    The kind is checked before opening (a FIFO is never opened, so nothing can
    block) and again on the open descriptor (nothing swapped in between).
    """
    if regular_or_absent(path) is None:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    fd = os.open(path, flags | _FLAGS_NONBLOCK | _FLAGS_NOCTTY | _FLAGS_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileRefused(f"{path} is {kind_of(mode)}, not a file")
        if _FLAGS_NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path | str, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path`` (so a caller sees that it is too large)."""
    fd = open_regular(path)
    try:
        return read_fd(fd, limit)
    finally:
        os.close(fd)


def read_fd(fd: int, limit: int, offset: int = 0) -> bytes:
    """At most ``limit + 1`` bytes from ``offset`` of an open file."""
    chunks, size = [], 0
    while size <= limit:
        chunk = os.pread(fd, min(1 << 20, limit + 1 - size), offset + size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def write_all(fd: int, data: bytes, offset: int) -> None:
    """Write all of ``data`` at ``offset`` (a short write, as when the disk fills, raises OSError)."""
    view = memoryview(data)
    while view:
        n = os.pwrite(fd, view, offset)
        if n <= 0:  # pragma: no cover - pwrite raises rather than returning 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view, offset = view[n:], offset + n


def sync_folder(folder: Path | str) -> None:
    """Make a rename or link in ``folder`` durable (best effort: not every system can)."""
    try:
        fd = os.open(folder, os.O_RDONLY | _FLAGS_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def target_of(path: Path | str) -> Path:
    """Where writing ``path`` really writes: symlinks followed, made absolute."""
    return Path(os.path.realpath(path))


def _tmp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}{TMP_SUFFIX}")


_unnamed_ok = True  # False once linking an unnamed file has failed here (some sandboxes cannot)
_LINK_CANNOT = (errno.EXDEV, errno.ENOENT, errno.EPERM, errno.EACCES, errno.EOPNOTSUPP, errno.EINVAL)


def _new_unnamed(folder: Path) -> int | None:
    """A file with no name yet in ``folder`` (Linux ``O_TMPFILE``), or None where that is not possible."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not (_unnamed_ok and flag and os.path.isdir("/proc/self/fd")):
        return None
    try:
        return os.open(folder, flag | os.O_RDWR | _FLAGS_CLOEXEC, 0o666)
    except OSError as e:
        if e.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None  # the file system cannot: fall back to a temporary name
        raise


def _link_unnamed(fd: int, path: Path) -> bool:
    """Give the unnamed file ``fd`` the name ``path``; False where the system cannot link it (then never again)."""
    global _unnamed_ok
    try:
        os.link(f"/proc/self/fd/{fd}", path)
    except OSError as e:
        if e.errno in _LINK_CANNOT:
            _unnamed_ok = False
            return False
        raise
    return True


def _write_synced(fd: int, data: bytes, mode: int | None, before) -> None:
    write_all(fd, data, 0)
    if mode is not None:
        os.fchmod(fd, mode)
    os.fsync(fd)
    if before is not None:
        before(fd)


def create(path: Path | str, data: bytes, *, before_link=None) -> int:
    """Create the file ``path`` holding ``data``, whole or not at all, and return a descriptor on it (read-write).

    Never replaces anything: `FileExistsError` if ``path`` exists. ``before_link(fd)``
    runs on the written, synced file before it gets its name (to lock it, say).
    The new file's permissions follow the umask, as any new file's.
    """
    path = Path(path)
    folder = path.parent
    sweep(folder)
    fd = _new_unnamed(folder)
    if fd is not None:
        try:
            _write_synced(fd, data, None, before_link)
            linked = _link_unnamed(fd, path)
        except BaseException:
            os.close(fd)
            raise
        if linked:
            sync_folder(folder)
            return fd
        os.close(fd)
    # A temporary name, for as short a time as possible: a process killed in between leaves it behind (swept by
    # the next write in this folder). The file is synced once it has its name.
    tmp = _tmp_path(path)
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _FLAGS_CLOEXEC, 0o666)
    try:
        try:
            write_all(fd, data, 0)
            if before_link is not None:
                before_link(fd)
            os.link(tmp, path)
        finally:
            os.unlink(tmp)
        try:
            os.fsync(fd)
        except OSError:
            os.unlink(path)  # ours, made an instant ago: nothing half-made stays
            raise
    except BaseException:
        os.close(fd)
        raise
    sync_folder(folder)
    return fd


def replace(path: Path | str, data: bytes, *, before_rename=None) -> int:
    """Replace the regular file at ``path`` (or create it) with ``data``, atomically; a descriptor on the new file.

    A symlink is written through to its target; the file keeps its permissions.
    ``before_rename(fd)`` runs on the written file before it takes the old one's
    place. The caller has decided that the old file may go.
    """
    target = target_of(path)
    old = regular_or_absent(target)
    mode = stat.S_IMODE(old.st_mode) if old is not None else None
    folder = target.parent
    sweep(folder)
    tmp = _tmp_path(target)
    fd = _new_unnamed(folder)
    try:
        if fd is not None:
            _write_synced(fd, data, mode, before_rename)
            if not _link_unnamed(fd, tmp):  # a name for an instant: rename needs one
                os.close(fd)
                fd = None
        if fd is None:
            fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | _FLAGS_CLOEXEC, 0o666)
            _write_synced(fd, data, mode, before_rename)
        os.replace(tmp, target)
    except BaseException:
        if fd is not None:
            os.close(fd)
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    sync_folder(folder)
    return fd


def write_file(path: Path | str, text: str, *, replace_existing: bool) -> Path:
    """Write ``text`` to ``path``: created new, or (``replace_existing``) replacing a regular file there.

    Returns the path really written (a symlink's target). `FileExistsError` when
    something is there and ``replace_existing`` is False.
    """
    data = text.encode("utf-8")
    if replace_existing:
        fd = replace(path, data)
    else:
        if regular_or_absent(path) is not None:
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        fd = create(path, data)
    os.close(fd)
    return target_of(path)


def sweep(folder: Path | str) -> None:
    """Remove the temporary files that tabletop processes which no longer run left in ``folder``."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not (name.startswith(".") and name.endswith(TMP_SUFFIX)):
            continue
        parts = name[1:-len(TMP_SUFFIX)].rsplit(".", 2)
        if len(parts) != 3 or not parts[1].isdigit() or len(parts[2]) != 8:
            continue
        if _alive(int(parts[1])):
            continue
        try:
            os.unlink(os.path.join(folder, name))
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its file alone
    return True


def user_folder(variable: str, kind: str) -> Path:
    """One of tabletop's folders of this user (``kind``: "data", "cache" or "config"): ``$variable`` if it is set,
    else the platform's user folder of that kind (platformdirs, imported only then)."""
    override = os.environ.get(variable)
    if override:
        return Path(override)
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")("tabletop", appauthor=False))
