"""`tabletop simulate --jobs 2` ends its workers with it: on SIGTERM, on SIGINT, and when it is killed.

Real processes: the command runs with its standard output to a pipe, is signalled once its two
workers exist, and then the pipe must reach end-of-file (nobody holds it open any more) and no
worker may be left running. Children are found in /proc, so these tests run on Linux only.
Every wait is bounded; none of them measures how fast anything is.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds processes in /proc")

#: As if run in the foreground of a terminal: Ctrl-C raises KeyboardInterrupt (a test runner started in
#: the background would otherwise hand its children an ignored SIGINT). ``NO_PDEATHSIG`` leaves only the
#: portable way for the workers to notice that their parent is gone.
LAUNCH = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
if os.environ.get("NO_PDEATHSIG"):
    import tabletop.workers
    tabletop.workers._pdeathsig = lambda sig: False
from tabletop.cli import main
sys.exit(main())
"""

GAMES = "100000000"  # far more than any machine plays before the signal
BOUND = 60  # seconds: a bound on waiting, never a measure of speed


def _stat(pid: int) -> tuple[int, str, int] | None:
    """(parent pid, state, start time) of a process, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()  # after "pid (command) "
    return int(fields[1]), fields[0], int(fields[19])


def _children(pid: int) -> dict[int, int]:
    """The live children of ``pid``: pid -> start time."""
    out = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(int(entry))) and st[0] == pid and st[1] != "Z":
            out[int(entry)] = st[2]
    return out


def _running(pid: int, started: int) -> bool:
    """Whether that process (not another that took its number) still runs; a zombie has ended."""
    st = _stat(pid)
    return st is not None and st[2] == started and st[1] != "Z"


def _start(tmp_path: Path, env_extra: dict[str, str] | None = None):
    env = {**os.environ, **(env_extra or {})}
    stderr = open(tmp_path / "stderr.txt", "wb")
    proc = subprocess.Popen([sys.executable, "-c", LAUNCH, "simulate", "--games", GAMES, "--jobs", "2", "-q"],
                            stdout=subprocess.PIPE, stderr=stderr, env=env)
    stderr.close()
    deadline = time.monotonic() + BOUND
    workers: dict[int, int] = {}
    while len(workers) < 2:
        assert proc.poll() is None, (tmp_path / "stderr.txt").read_text()
        assert time.monotonic() < deadline, "the two workers never started"
        time.sleep(0.05)
        workers = _children(proc.pid)
    time.sleep(0.5)  # let them get to work
    return proc, workers


def _read_to_eof(pipe) -> bytes:
    """Everything until end-of-file; fails if the pipe stays open for BOUND seconds."""
    data = b""
    deadline = time.monotonic() + BOUND
    fd = pipe.fileno()
    while True:
        left = deadline - time.monotonic()
        assert left > 0, "the output pipe is still held open"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                return data
            data += chunk


def _signal_and_check(tmp_path: Path, sig: int, env_extra: dict[str, str] | None = None) -> tuple[int, str]:
    proc, workers = _start(tmp_path, env_extra)
    try:
        proc.send_signal(sig)
        _read_to_eof(proc.stdout)
        code = proc.wait(timeout=BOUND)
        deadline = time.monotonic() + BOUND
        while any(_running(pid, t) for pid, t in workers.items()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid, t in workers.items() if _running(pid, t)], "a worker outlived its parent"
        return code, (tmp_path / "stderr.txt").read_text()
    finally:
        for pid, t in workers.items():
            if _running(pid, t):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
        proc.wait()


def test_sigterm_stops_the_workers_and_exits_143(tmp_path):
    code, stderr = _signal_and_check(tmp_path, signal.SIGTERM)
    assert code == 143
    assert "terminated" in stderr and "Traceback" not in stderr


def test_sigint_stops_the_workers_and_exits_130(tmp_path):
    code, stderr = _signal_and_check(tmp_path, signal.SIGINT)
    assert code == 130
    assert "interrupted" in stderr and "Traceback" not in stderr


def test_workers_end_when_their_parent_is_killed(tmp_path):
    code, _ = _signal_and_check(tmp_path, signal.SIGKILL)
    assert code == -signal.SIGKILL


def test_workers_notice_a_killed_parent_without_pdeathsig(tmp_path):
    code, _ = _signal_and_check(tmp_path, signal.SIGKILL, {"NO_PDEATHSIG": "1"})
    assert code == -signal.SIGKILL
