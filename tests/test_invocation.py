"""Messages name the command as it can be typed: `tabletop` when that is this program on PATH, else its path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ui_helpers import TEST_DECK

from tabletop.invocation import command


def test_the_name_alone_when_it_is_this_program_on_path(tmp_path):
    script = tmp_path / "bin" / "tabletop"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    assert command(str(script), "/usr/bin/python3", which=lambda _: str(script)) == "tabletop"


def test_the_scripts_path_when_path_has_no_tabletop_or_another_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script = tmp_path / ".venv" / "bin" / "tabletop"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    other = tmp_path / "other-tabletop"
    other.write_text("")
    assert command(".venv/bin/tabletop", "x", which=lambda _: None) == str(script)
    assert command(".venv/bin/tabletop", "x", which=lambda _: str(other)) == str(script)
    spaced = tmp_path / "my venv" / "bin" / "tabletop"
    spaced.parent.mkdir(parents=True)
    spaced.write_text("")
    assert command(str(spaced), "x", which=lambda _: None) == f"'{spaced}'"  # quoted for a shell


def test_python_dash_m_tabletop_names_the_interpreter_unless_its_tabletop_is_on_path(tmp_path):
    main = str(Path("site-packages") / "tabletop" / "__main__.py")
    python = str(tmp_path / "venv" / "bin" / "python")
    assert command(main, python, which=lambda _: None) == f"{python} -m tabletop"
    assert command(main, python, which=lambda _: str(tmp_path / "venv" / "bin" / "tabletop")) == "tabletop"


def test_not_run_as_tabletop_says_tabletop():
    assert command("/usr/lib/python3/site-packages/pytest/__main__.py", "python", which=lambda _: None) == "tabletop"
    assert command("-c", "python", which=lambda _: None) == "tabletop"


SCRIPT = Path(sys.executable).parent / "tabletop"


@pytest.mark.skipif(not SCRIPT.exists(), reason="no tabletop script beside the interpreter")
def test_a_venv_that_was_never_activated_is_told_the_path_it_can_type(tmp_path):
    env = {**os.environ, "PATH": "/usr/bin:/bin", "TABLETOP_DATA_DIR": str(tmp_path / "data")}
    save = tmp_path / "game.jsonl"
    done = subprocess.run([str(SCRIPT), "play", str(TEST_DECK), "--headless", "--seats", "port=human,isle=bot",
                           "--seed", "3", "--save", str(save)], capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"resume with `{SCRIPT} resume {save}`")
