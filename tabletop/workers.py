"""Worker processes that end with their parent, however the parent ends.

A `ProcessPoolExecutor` worker blocks reading its task queue; when its parent
is killed, nothing tells it so, and it lives on, holding the parent's output
open. `watch_parent` (called first thing in a worker's initializer) makes it
end when its parent does:

- on Linux, the kernel sends it SIGKILL when the parent dies
  (``prctl(PR_SET_PDEATHSIG)``);
- everywhere, a daemon thread checks every `POLL` seconds that the parent is
  still there, and ends the worker at once (``os._exit``) when it is not.

The parent itself ends its pool on SIGTERM and SIGINT with `stop_pool`.
Nothing here imports a user-interface library.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor

#: Seconds between two checks that the parent is alive (the fallback to PR_SET_PDEATHSIG).
POLL = 0.25
#: Exit code of a worker that ended because its parent was gone.
ORPHANED = 70

_PR_SET_PDEATHSIG = 1


def watch_parent(parent_pid: int) -> None:
    """In a worker process: end this process when the process ``parent_pid`` ends.

    Also lets the parent decide about interruptions: SIGINT (Ctrl-C reaches the
    whole process group) is ignored, SIGTERM ends the worker at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    direct = os.name == "posix" and os.getppid() == parent_pid  # not so under a fork server
    if direct and sys.platform.startswith("linux"):
        _pdeathsig(signal.SIGKILL)
    if _parent_gone(parent_pid, direct):  # it may have died before the line above
        os._exit(ORPHANED)
    threading.Thread(target=_watch, args=(parent_pid, direct), name="watch-parent", daemon=True).start()


def _pdeathsig(sig: int) -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False  # the watching thread is enough


def _watch(parent_pid: int, direct: bool) -> None:
    event = threading.Event()
    while not event.wait(POLL):
        if _parent_gone(parent_pid, direct):
            os._exit(ORPHANED)


def _parent_gone(parent_pid: int, direct: bool) -> bool:
    if direct:
        return os.getppid() != parent_pid  # an orphan is adopted by another process
    if os.name == "posix":
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    parent = multiprocessing.parent_process()
    return parent is not None and not parent.is_alive()


def stop_pool(pool: ProcessPoolExecutor, grace: float = 2.0) -> None:
    """End ``pool`` now: cancel what has not started, terminate the workers (kill those that linger)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(grace)
        if p.is_alive():
            p.kill()
            p.join(grace)
