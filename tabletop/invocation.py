"""The `tabletop` command as the person can type it, for messages that say what to run next.

Someone who installed tabletop into a virtual environment and never activated it ran ``.venv/bin/tabletop``:
telling them to run ``tabletop resume`` sends them to "command not found". So a message names the program that is
running: ``tabletop`` when that name on PATH is this very program, else the path of the running script (or
``python -m tabletop`` with the interpreter's path, when run as a module).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

NAME = "tabletop"


def command(argv0: str | None = None, executable: str | None = None,
            which: Callable[[str], str | None] = shutil.which) -> str:
    """How to type this program's name in a shell, from ``argv0`` (default: ``sys.argv[0]``) and the interpreter
    (``executable``, default: ``sys.executable``); plain ``tabletop`` when it is not run as tabletop (a test, an
    embedding program)."""
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    script = Path(argv0)
    on_path = which(NAME)
    if script.name == "__main__.py" and script.parent.name == NAME:  # python -m tabletop
        if on_path and Path(on_path).parent == Path(executable).parent:
            return NAME  # the environment's own tabletop is on PATH
        return f"{shlex.quote(executable)} -m {NAME}"
    if script.stem.removesuffix("-script") != NAME:
        return NAME
    if on_path and _same(on_path, argv0):
        return NAME
    return shlex.quote(os.path.abspath(argv0))


def _same(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
