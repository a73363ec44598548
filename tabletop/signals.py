"""Signals that end a command on the command line: raised as `Terminated` in the main thread, so that the
command stops its workers or closes its save on the way out and says how it left things.

(The full-screen game ends through Textual's own exit path instead: see `tabletop.ui.launch`.)
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

#: The signals a command turns into `Terminated`: kill's default, and the terminal closing.
ENDING = (signal.SIGTERM, signal.SIGHUP) if hasattr(signal, "SIGHUP") else (signal.SIGTERM,)


class Terminated(BaseException):
    """A signal asked the command to end (``signum``); the exit code is 128 + it, as a shell shows."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def code(self) -> int:
        return 128 + self.signum

    @property
    def words(self) -> str:
        return "Terminated" if self.signum == signal.SIGTERM else "Hung up"


@contextmanager
def ending_raises() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise `Terminated` in the main thread (a process forked inside the
    block, before it sets its own handlers, just ends). Outside the main thread, nothing is changed."""
    owner = os.getpid()

    def handler(signum, frame) -> None:
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Terminated(signum)

    previous = {}
    try:
        for signum in ENDING:
            if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup: leave it ignored
                previous[signum] = signal.signal(signum, handler)
    except ValueError:  # not the main thread: not ours to handle
        pass
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
