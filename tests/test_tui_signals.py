"""SIGTERM (and SIGINT) on the full-screen game: it leaves through the app's normal exit path, in a real
pseudo-terminal. The terminal is given back (alternate screen left, mouse reporting off, cursor shown),
the game stays saved, and the exit code says which signal ended it. Every wait is bounded; none of them
measures how fast anything is.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tabletop.saves import load_save

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

BOUND = 60  # seconds: a bound on waiting, never a measure of speed
ALT_ON, ALT_OFF = b"\x1b[?1049h", b"\x1b[?1049l"
#: What must follow the last ALT_OFF: cursor shown, mouse reporting off (all of its modes).
RESTORED = [b"\x1b[?25h", b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l"]
#: Modes the app turns on, which must not be on again after the end.
TURNED_ON = [ALT_ON, b"\x1b[?25l", b"\x1b[?1000h", b"\x1b[?1003h", b"\x1b[?1006h"]


def _read(master: int, out: bytearray, until: bytes | None) -> bool:
    """Read into ``out`` until ``until`` appears (True) or end of file (False); fails after BOUND seconds."""
    deadline = time.monotonic() + BOUND
    while until is None or until not in out:
        left = deadline - time.monotonic()
        assert left > 0, f"waited {BOUND} s for {until!r}; got {bytes(out[-300:])!r}"
        ready, _, _ = select.select([master], [], [], left)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every end of the terminal's other side is closed
                return False
            if not chunk:
                return False
            out += chunk
    return True


def _play_and_signal(tmp_path: Path, sig: int) -> tuple[int, bytes, Path]:
    save = tmp_path / "game.jsonl"
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("TABLETOP_NO_ANIMATION", None)  # table steps keep pausing: the game is still going on when signalled
    # As if in the foreground of a terminal: SIGINT not ignored, whatever the test runner inherited.
    launch = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
              "from tabletop.cli import main; sys.exit(main())")
    proc = subprocess.Popen([sys.executable, "-c", launch, "play", "--seats", "us=bot,dprk=bot", "--seed", "1",
                             "--save", str(save)],
                            stdin=slave, stdout=slave, stderr=slave, env=env, cwd=tmp_path, start_new_session=True)
    os.close(slave)
    out = bytearray()
    try:
        assert _read(master, out, b"Round 1"), bytes(out)  # the table's first frame
        proc.send_signal(sig)
        _read(master, out, None)
        code = proc.wait(timeout=BOUND)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return code, bytes(out), save


def _assert_terminal_restored(out: bytes) -> None:
    assert ALT_ON in out
    end = out.rindex(ALT_OFF)
    assert end > out.rindex(ALT_ON)
    after = out[end:]
    for sequence in RESTORED:
        assert sequence in after, sequence
    for sequence in TURNED_ON:
        assert sequence not in after, sequence
    # Nothing but plain words (the exit message) after the terminal is given back.
    assert b"\x1b" not in after[after.rindex(b"\x1b[?1006l") + len(b"\x1b[?1006l"):]


def test_sigterm_restores_the_terminal_and_exits_143(tmp_path):
    code, out, save = _play_and_signal(tmp_path, signal.SIGTERM)
    assert code == 143
    _assert_terminal_restored(out)
    assert b"Terminated.\r\nGame saved: " in out  # said only when every action played is on disk
    assert load_save(save).setup.seed == 1


def test_sigint_restores_the_terminal_and_exits_130(tmp_path):
    code, out, save = _play_and_signal(tmp_path, signal.SIGINT)
    assert code == 130
    _assert_terminal_restored(out)
    assert b"Interrupted.\r\nGame saved: " in out
    assert load_save(save).setup.seed == 1


def test_sighup_the_terminal_closed_saves_and_exits_129(tmp_path):
    code, out, save = _play_and_signal(tmp_path, signal.SIGHUP)
    assert code == 129
    _assert_terminal_restored(out)
    assert b"Hung up.\r\nGame saved: " in out
    assert load_save(save).setup.seed == 1
