"""One writer per game: an advisory lock on the save file itself, held while the game is open.

The lock is ``flock`` on the open save (a lock belongs to the file, so two
paths or symlinks to one save meet at the same lock), taken without waiting.
The kernel drops it when the process ends, however it ends, so a crash leaves
no stale lock and no file behind. Reading a save (replay, report) takes no lock.

Where the system tells (Linux's ``/proc/locks``), the refusal names the process
that holds the game. Where ``flock`` does not exist (Windows), games are not
locked.
"""

from __future__ import annotations

import os

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class Locked(OSError):
    """The save is open in another process; the message names it where the system can tell."""

    def __init__(self, message: str, pid: int | None):
        super().__init__(message)
        self.message = message
        self.pid = pid

    def __str__(self) -> str:
        return self.message


def lock(fd: int, path: str) -> None:
    """Lock the open save ``fd`` for this process, or raise `Locked` naming who holds it."""
    if fcntl is None:  # pragma: no cover
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        pid = holder(fd)
        who = describe_process(pid) if pid else "another tabletop"
        raise Locked(f"{path} is open in {who}: one game has one writer. Close it there first, or read it "
                     f"without playing: `tabletop replay` or `tabletop report`", pid) from None


def check_free(path) -> None:
    """Nothing, if no process holds the save at ``path``; `Locked` naming the one that does."""
    from ..files import open_regular

    try:
        fd = open_regular(path)
    except OSError:
        return  # nothing there to hold
    try:
        lock(fd, str(path))
        unlock(fd)
    finally:
        os.close(fd)


def unlock(fd: int) -> None:
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass


def holder(fd: int) -> int | None:
    """The process holding a ``flock`` on this file, from ``/proc/locks`` (Linux); None where unknown."""
    st = os.fstat(fd)
    wanted = (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as f:
            lines = f.read(1 << 20).splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if "->" in fields or len(fields) < 6 or fields[1] != "FLOCK":
            continue  # waiting requests are marked '->'; only flock locks are ours
        try:
            major, minor, inode = fields[5].split(":")
            if (int(major, 16), int(minor, 16), int(inode)) == wanted:
                return int(fields[4])
        except ValueError:
            continue
    return None


def describe_process(pid: int) -> str:
    """``process 1234 (tabletop play ...)`` as far as the system tells."""
    if pid == os.getpid():
        return f"this very process ({pid})"
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = [a.decode("utf-8", "replace") for a in f.read(4096).split(b"\0") if a]
    except OSError:
        argv = []
    command = " ".join(_short(a) for a in argv[:8])
    return f"process {pid}" + (f" ({command})" if command else "")


def _short(arg: str) -> str:
    arg = "".join(c if c.isprintable() else "?" for c in arg)
    return arg if len(arg) <= 60 else arg[:57] + "..."
