"""The fault suite for saves and outputs: a full disk or a read-only folder mid-game, files that are not ours,
special files, two writers on one game, and processes killed at any moment. Bounded for CI."""

from __future__ import annotations

import errno
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_resume_cli import play
from test_resume_cli import stdin as stdin  # noqa: F401 - a fixture, used by name

from tabletop import files
from tabletop.cli import main
from tabletop.deck import load_deck
from tabletop.engine import Game, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.outputs import REPORT_MARK
from tabletop.saves import load_save, resume, save_game

DECKS = Path(__file__).parent / "decks"
SMALL = DECKS / "small.toml"
BOTS = ["--seats", "port=bot,isle=bot"]


class Disk:
    """Appends to a save (not the file's first write) fail with ``code`` on the appends numbered in ``failing``
    (from 1), for files in ``folder`` (default: any)."""

    def __init__(self, monkeypatch, failing, code=errno.ENOSPC, folder: Path | None = None):
        self.appends, self.failing, self.code = 0, failing, code
        real = files.write_all

        def write_all(fd, data, offset):
            there = folder is None or os.readlink(f"/proc/self/fd/{fd}").startswith(f"{folder}/")
            if offset > 0 and there:
                self.appends += 1
            if offset > 0 and there and self.appends in self.failing:
                real(fd, data[: len(data) // 2], offset)  # part of it reaches the disk, as when it fills up
                raise OSError(self.code, os.strerror(self.code))
            real(fd, data, offset)

        monkeypatch.setattr(files, "write_all", write_all)


# --------------------------------------------------------------------------
# A full disk, a read-only folder
# --------------------------------------------------------------------------


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_disk_that_fills_mid_game_is_said_once_and_the_exit_code_says_the_game_is_not_saved(
        capsys, monkeypatch, tmp_path, code):
    save = tmp_path / "game.jsonl"
    Disk(monkeypatch, failing=range(9, 10**6), code=code)  # 8 actions appended, then no more
    code_, out, err = play(capsys, *BOTS, "--seed", "3", "--save", str(save))
    assert code_ == 1
    assert "Game saved" not in out and "saved to" not in out.lower()
    assert err.count("NOT SAVED") == 2  # once when it stops saving, once at the end; not per move
    assert os.strerror(code) in err and "tries again after every move" in err
    assert "The file holds the game up to action 8 of " in err
    kept = load_save(save)
    assert len(kept.log) == 8 and kept.tail is None  # the half-written line was cut back
    game = resume(kept, load_deck)
    assert game.log == list(kept.log)


def test_a_disk_that_frees_up_catches_up_and_says_so(capsys, monkeypatch, tmp_path):
    save = tmp_path / "game.jsonl"
    Disk(monkeypatch, failing=range(4, 11))
    code, out, err = play(capsys, *BOTS, "--seed", "3", "--save", str(save))
    assert code == 0 and err.count("NOT SAVED") == 1 and err.count("saving again: all ") == 1
    assert out.rstrip().endswith(f"`tabletop report {save}`")
    reference = Game(load_deck(SMALL), Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 3))
    while (action := automatic_action(reference.state)) is not None:
        reference.act(action)
    assert load_save(save).log == tuple(reference.log)


def test_headless_offers_to_save_elsewhere_while_it_cannot_save(capsys, monkeypatch, tmp_path, stdin):
    save = tmp_path / "full" / "game.jsonl"
    rescued = tmp_path / "rescued.jsonl"
    Disk(monkeypatch, failing=range(1, 10**6), folder=save.parent)  # that folder's disk is full, not the other
    stdin(f"s\n{tmp_path / 'full' / 'game.jsonl'}\ns\n{rescued}\n1\n")
    save.parent.mkdir()
    code, out, err = play(capsys, "--seats", "port=human,isle=bot", "--seed", "3", "--save", str(save))
    assert "s. Save the game to another file (it is not being saved)" in out, err
    assert "Not saved: " in out and "already exists" in out  # refused, and still not saved
    assert f"Saved to {rescued}; the game is saved there from now on." in out
    assert code == 0, err  # at the end every action is in the new file
    assert out.rstrip().endswith(f"`tabletop resume {rescued}`")


# --------------------------------------------------------------------------
# Never overwrite what is not ours
# --------------------------------------------------------------------------


def a_save(tmp_path, steps=60) -> Path:
    game = Game(load_deck(SMALL), Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 7))
    for _ in range(steps):
        if (action := automatic_action(game.state)) is None:
            break
        game.act(action)
    return save_game(game, tmp_path / "saves" / "game.jsonl")


def snapshot(folder: Path) -> dict:
    def what(p: Path):
        if p.is_symlink():
            return ("link", os.readlink(p))
        return (p.read_bytes() if stat.S_ISREG(p.lstat().st_mode) else None, p.lstat().st_mode)

    return {p: what(p) for p in sorted(folder.rglob("*"))}


def test_report_output_rules(capsys, tmp_path):
    save = a_save(tmp_path)
    deck_copy = tmp_path / "deck" / "small.toml"
    deck_copy.parent.mkdir()
    deck_copy.write_bytes(SMALL.read_bytes())
    notes = tmp_path / "notes.md"
    notes.write_text("my notes\n")
    notes.chmod(0o640)
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    target = tmp_path / "real.md"
    target.write_text("an old report I keep\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    before = snapshot(tmp_path)
    refused = {
        save: "is the save of this game",
        SMALL: "is a file of this game's deck",
        notes: "already exists and is not an after-action report that tabletop wrote",
        link: "already exists and is not an after-action report",  # through the link: the target is not a report
        fifo: "is a FIFO (named pipe), not a file",
        Path("/dev/null"): "is a device, not a file",
        tmp_path: "is a folder, not a file",
    }
    for path, words in refused.items():
        assert main(["report", str(save), "-o", str(path)]) == 1, path
        err = capsys.readouterr().err
        assert words in err, (path, err)
        assert main(["report", str(save), "-o", str(path), "--force"]) == (0 if path in (notes, link) else 1), path
        capsys.readouterr()
        if path in (notes, link):  # --force replaces a plain file (through the link), keeping its permissions
            assert (target if path == link else path).read_text().startswith(REPORT_MARK)
    assert stat.S_IMODE(notes.stat().st_mode) == 0o640 and link.is_symlink()
    assert load_save(save).log and SMALL.read_bytes() == deck_copy.read_bytes()
    after = snapshot(tmp_path)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert changed == {notes, target}  # nothing else was touched, nothing left behind
    report = tmp_path / "report.md"
    assert main(["report", str(save), "-o", str(report)]) == 0
    assert main(["report", str(save), "-o", str(report)]) == 0  # a report over a report
    assert main(["report", str(save), "-o", str(link)]) == 0  # now the target is a report: replaced through the link
    assert link.is_symlink() and target.read_text().startswith(REPORT_MARK)


def test_simulate_json_replaces_only_its_own_results(capsys, tmp_path):
    out = tmp_path / "result.json"
    out.write_text('{"mine": true}\n')
    assert main(["simulate", str(SMALL), "-n", "4", "-q", "--json", str(out)]) == 1
    assert "not a simulation result that tabletop wrote" in capsys.readouterr().err
    assert out.read_text() == '{"mine": true}\n'
    out.unlink()
    assert main(["simulate", str(SMALL), "-n", "4", "-q", "--json", str(out)]) == 0
    assert main(["simulate", str(SMALL), "-n", "5", "-q", "--json", str(out)]) == 0
    assert '"games": 5' in out.read_text()
    assert main(["simulate", str(SMALL), "-n", "4", "-q", "--json", str(SMALL)]) == 1
    assert "is a file of this game's deck" in capsys.readouterr().err


def test_play_save_onto_another_games_save_needs_force(capsys, tmp_path):
    save = a_save(tmp_path)
    data = save.read_bytes()
    code, out, err = play(capsys, *BOTS, "--seed", "1", "--save", str(save))
    assert code == 1 and out == "" and "holds another game (Harbour talks, seed 7" in err and "--force" in err
    assert save.read_bytes() == data
    save.chmod(0o600)
    code, out, err = play(capsys, *BOTS, "--seed", "1", "--save", str(save), "--force")
    assert code == 0 and load_save(save).setup.seed == 1 and stat.S_IMODE(save.stat().st_mode) == 0o600


# --------------------------------------------------------------------------
# Special files never block
# --------------------------------------------------------------------------


def test_a_fifo_as_a_save_is_refused_at_once_by_every_command(tmp_path):
    fifo = tmp_path / "save.jsonl"
    os.mkfifo(fifo)
    for args in (["resume", str(fifo), "--headless"], ["replay", str(fifo)], ["report", str(fifo)],
                 ["play", str(SMALL), "--headless", *BOTS, "--save", str(fifo)]):
        done = subprocess.run([sys.executable, "-m", "tabletop", *args], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 1 and "is a FIFO (named pipe)" in done.stderr, (args, done.stderr)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


# --------------------------------------------------------------------------
# One writer per game
# --------------------------------------------------------------------------


#: The command line as a terminal runs it: Ctrl-C raises KeyboardInterrupt (a test runner in the background
#: would otherwise hand its children an ignored SIGINT).
LAUNCH = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
          "from tabletop.cli import main; sys.exit(main())")


def at_the_first_prompt(save: Path) -> subprocess.Popen:
    """``play --headless`` with a person at the port city, started and waiting at its first prompt."""
    proc = subprocess.Popen([sys.executable, "-c", LAUNCH, "play", str(SMALL), "--headless", "--seats",
                             "port=human,isle=bot", "--seed", "5", "--save", str(save)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (save.exists() and load_save(save).log):
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise AssertionError(f"the game never reached its first prompt: {proc.wait()}")
        time.sleep(0.05)
    return proc


def test_a_second_instance_is_refused_naming_the_first_and_may_still_read(capsys, tmp_path, stdin):
    save = tmp_path / "game.jsonl"
    first = at_the_first_prompt(save)
    try:
        assert main(["resume", str(save), "--headless"]) == 1
        err = capsys.readouterr().err
        assert f"is open in process {first.pid} (" in err and "one game has one writer" in err
        code, _, err = play(capsys, *BOTS, "--seed", "1", "--save", str(save), "--force")
        assert code == 1 and f"is open in process {first.pid}" in err
        assert main(["replay", str(save)]) == 0 and main(["report", str(save)]) == 0  # reading needs no lock
        capsys.readouterr()
        first.stdin.write("1\n")
        first.stdin.close()
        assert first.wait(timeout=30) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    stdin("1\n" * 30)
    assert main(["resume", str(save), "--headless"]) == 0  # free once the first has gone


# --------------------------------------------------------------------------
# Killed at any moment
# --------------------------------------------------------------------------


def test_killed_at_random_moments_leaves_no_temporary_or_empty_file(tmp_path):
    rng = random.Random(2026)
    folder = tmp_path / "saves"
    env = {**os.environ, "TABLETOP_DATA_DIR": str(tmp_path / "data")}
    for run in range(8):
        save = folder / f"game-{run}.jsonl"
        proc = subprocess.Popen(
            [sys.executable, "-m", "tabletop", "play", str(SMALL), "--headless", *BOTS, "--seed", str(run),
             "--rounds", "40", "--save", str(save)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(0.2 + rng.random() * 0.6)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        names = [p.name for p in folder.iterdir()] if folder.exists() else []
        assert not [n for n in names if n.endswith(".tmp")], names
        for path in folder.iterdir() if folder.exists() else ():
            assert path.stat().st_size > 0
            load_save(path)  # every save left behind reads (a line cut short at most)


def test_a_plain_resume_never_sends_you_to_a_finished_game_while_others_wait(capsys, stdin):
    code, out, _ = play(capsys, "--seats", "port=human,isle=bot", "--seed", "3")  # stops at the first prompt
    waiting = load_save(out.split("resume with `tabletop resume ")[1].split("`")[0])
    code, out, _ = play(capsys, *BOTS, "--seed", "4")  # played to the end, and the last game started
    assert code == 0 and "write the after-action report" in out
    assert main(["resume"]) == 1
    err = capsys.readouterr().err
    assert "the game played last is over, and these games are not finished" in err
    assert str(waiting.path) in err and "Harbour talks, seed 3: round 1 of 4" in err
    stdin("1\n")
    assert main(["resume", str(waiting.path)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize("sig, code, words", [(signal.SIGTERM, 143, "Terminated."), (signal.SIGHUP, 129, "Hung up."),
                                              (signal.SIGINT, 130, "Interrupted.")])
def test_headless_play_ended_by_a_signal_says_where_the_game_is_saved(tmp_path, sig, code, words):
    save = tmp_path / "game.jsonl"
    proc = at_the_first_prompt(save)
    try:
        time.sleep(0.3)  # at the prompt
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err
    assert words in err and f"Game saved to {save}; resume with" in out
    assert "Traceback" not in err and load_save(save).log


def test_a_report_of_a_private_save_is_as_private(capsys, tmp_path):
    save = a_save(tmp_path)
    save.chmod(0o600)
    out = tmp_path / "report.md"
    assert main(["report", str(save), "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_simulate_refuses_its_output_file_before_playing_not_after(capsys, tmp_path, monkeypatch):
    import tabletop.commands.simulate as command

    played = []
    monkeypatch.setattr(command, "simulate", lambda *a, **k: played.append(1))
    assert main(["simulate", str(SMALL), "-n", "4", "-q", "--json", str(tmp_path)]) == 1
    assert "is a folder, not a file" in capsys.readouterr().err and played == []


def test_no_output_replaces_a_save_even_one_this_version_cannot_read(capsys, tmp_path):
    save = a_save(tmp_path)
    newer = tmp_path / "newer.jsonl"
    newer.write_bytes(save.read_bytes().replace(b'"version": 3', b'"version": 4', 1))
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_bytes(save.read_bytes().replace(b'{"type": "draw"}', b'{"type": "dr', 1))
    for target in (newer, damaged):
        before = target.read_bytes()
        assert main(["report", str(save), "-o", str(target), "--force"]) == 1
        assert "is a tabletop save" in capsys.readouterr().err
        assert main(["simulate", str(SMALL), "-n", "2", "-q", "--json", str(target), "--force"]) == 1
        assert "is a tabletop save" in capsys.readouterr().err
        assert target.read_bytes() == before
