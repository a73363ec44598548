"""The save commands: play's autosave survives SIGKILL; resume, replay and report; refused saves are left alone."""

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.deck import load_deck
from tabletop.engine import Game, Guess, Pass, Play, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.outputs import report_file_text
from tabletop.present.text import describe
from tabletop.saves import load_save, resume, save_game, saves_dir

DECKS = Path(__file__).parent / "decks"
SMALL = DECKS / "small.toml"
OLD = 1_000_000_000
ACTION_LINE = re.compile(r"^(Event: |The port city offers: |The port city passes|The island responds: |The island passes|"
                         r"The League rolls |The trader rolls |Tallies after round )")


def transcript(game: Game) -> list[str]:
    fresh = Game(game.deck, game.setup)
    lines = []
    for action in game.log:
        lines += describe(game.deck, fresh.act(action))
    return lines


def seat_moves(log, seat="port") -> int:
    return sum(isinstance(a, (Play, Pass, Guess)) and a.seat == seat for a in log)


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the autosave")
        time.sleep(0.01)


def test_sigkill_in_the_middle_of_a_game_loses_no_action(tmp_path):
    save = tmp_path / "game.json"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tabletop", "play", str(SMALL), "--headless", "--seats", "port=human,isle=bot",
         "--seed", "5", "--save", str(save)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env)
    polls = []

    def saved_moves() -> int:
        if not save.exists():
            return 0
        log = load_save(save).log  # every version of the file on disk parses: the writes are atomic
        polls.append(len(log))
        return seat_moves(log)

    try:
        for n in (1, 2, 3):
            proc.stdin.write("1\n")
            proc.stdin.flush()
            wait_for(lambda n=n: saved_moves() >= n)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out = proc.stdout.read()
    assert proc.returncode == -signal.SIGKILL
    assert f"Saving the game after every move to {save}" in out and "Game saved to" not in out
    assert polls == sorted(polls)  # the save only ever grew
    game = resume(load_save(save), load_deck)
    assert seat_moves(game.log) >= 3
    lines = [re.sub(r"^(The port city> )+", "", line) for line in out.splitlines()]  # prompts end without a newline
    printed = [line for line in lines if ACTION_LINE.match(line)]
    kept = [line for line in transcript(game) if ACTION_LINE.match(line)]
    assert len(printed) >= 10 and kept[:len(printed)] == printed  # everything shown before the kill was saved
    # and the table picks the game up from there: it plays to the end and is saved to the same file
    before = load_save(save).log
    stdin = io.StringIO("1\n" * 20)
    real, sys.stdin = sys.stdin, stdin
    try:
        assert main(["resume", str(save)]) == 0
    finally:
        sys.stdin = real
    after = load_save(save).log
    assert after[:len(before)] == before and resume(load_save(save), load_deck).state.phase == "over"


@pytest.fixture
def stdin(monkeypatch):
    def feed(text: str):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
    feed("")
    return feed


def play(capsys, *args) -> tuple[int, str, str]:
    code = main(["play", str(SMALL), "--headless", *args])
    out, err = capsys.readouterr()
    return code, out, err


def only_save() -> Path:
    saves = list(saves_dir().glob("*.jsonl"))
    assert len(saves) == 1, saves
    return saves[0]


def test_play_autosaves_and_says_where_resume_picks_up_the_latest(capsys, stdin):
    stdin("1\n")
    code, out, _ = play(capsys, "--seats", "port=human,isle=bot", "--seed", "3")
    path = only_save()
    assert code == 0 and re.fullmatch(r"small-\d{8}-\d{6}-seed3\.jsonl", path.name)
    assert f"Saving the game after every move to {path}\n" in out
    assert out.endswith(f"Game saved to {path}; resume with `tabletop resume {path}`\n")
    assert seat_moves(load_save(path).log) == 1
    stdin("1\n")
    assert main(["resume"]) == 0  # no SAVE: the latest
    out = capsys.readouterr().out
    assert f"Resumed from {path} after 7 actions: round 2 of 4.\nEvent: A storm\nTallies now: Trust 4/10, Arms 3/6\n" in out
    assert "\nThe port city, choose an option card:\n" in out and out.endswith(f"resume with `tabletop resume {path}`\n")
    log = load_save(path).log
    assert seat_moves(log) == 2 and only_save() == path


def test_a_finished_game_says_where_its_report_is_and_resume_leaves_it(capsys, tmp_path):
    save = tmp_path / "done.json"
    code, out, _ = play(capsys, "--seats", "port=bot,isle=bot", "--seed", "3", "--save", str(save))
    assert code == 0 and out.endswith(f"\nGame saved to {save}; write the after-action report with "
                                      f"`tabletop report {save}`\n")
    os.utime(save, (OLD, OLD))
    data = save.read_bytes()
    assert main(["resume", str(save)]) == 0
    out = capsys.readouterr().out
    assert "This game is over (" in out and f"`tabletop report {save}`" in out
    assert save.read_bytes() == data and save.stat().st_mtime_ns == OLD * 10**9


def untouched(path: Path, data: bytes) -> None:
    assert path.read_bytes() == data and path.stat().st_mtime_ns == OLD * 10**9


def plant(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (OLD, OLD))
    return path


def a_save(tmp_path, steps=20, deck=SMALL) -> Path:
    game = Game(load_deck(deck), Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 7))
    for _ in range(steps):
        if (action := automatic_action(game.state)) is None:
            break
        game.act(action)
    path = tmp_path / "saves" / "game.json"
    save_game(game, path)
    return path


BAD = {
    "truncated": (lambda good: good[: good.index(b"\n") // 2], "the save is cut short"),
    "random bytes": (lambda good: bytes(range(255, -1, -1)) * 4, "not UTF-8 text"),
    "foreign": (lambda good: b'{"compilerOptions": {"strict": true}}', "not a tabletop save (it is JSON, but an object"),
    "future": (lambda good: good.replace(b'"version": 3', b'"version": 4'),
               "made by a newer tabletop: version 4, this one reads up to 3"),
    "missing key": (lambda good: re.sub(rb'"setup": \{.*?\}\}, "seed": 7, "rounds": null\}, ', b"", good),
                    "line 1: missing key 'setup'"),
    "wrong type": (lambda good: good.replace(b'"seed": 7', b'"seed": "seven"'), "setup.seed: expected an integer"),
    "damaged line": (lambda good: good.replace(b'{"type": "roll", "actor": "league"}', b'{"type": "roll", "act', 1),
                     "line 5: not valid JSON"),
    "illegal action": (lambda good: good.replace(b'{"type": "roll", "actor": "league"}',
                                                 b'{"type": "roll", "actor": "trader"}', 1),
                       "log entry 4 of 20 cannot be replayed"),
}


@pytest.mark.parametrize("kind", list(BAD))
@pytest.mark.parametrize("command", ["resume", "replay", "report"])
def test_every_command_refuses_a_bad_save_with_exit_1_and_leaves_it(capsys, tmp_path, kind, command, stdin):
    good = a_save(tmp_path).read_bytes()
    make, words = BAD[kind]
    path = plant(tmp_path / "saves" / "game.json", make(good))
    assert main([command, str(path)]) == 1
    out, err = capsys.readouterr()
    assert err.startswith(f"tabletop {command}: {path}: ") and words in err, err
    assert "Traceback" not in err and out == ""
    untouched(path, make(good))
    assert sorted(p.name for p in path.parent.iterdir()) == ["game.json"]


def test_play_refuses_to_overwrite_a_foreign_or_damaged_file(capsys, tmp_path):
    for data, words in ((b"# my notes\n", "not valid JSON"), (b'{"format": "tabletop-save", "version": 1', "cut short"),
                        (b'{"name": "x"}', "not a tabletop save")):
        path = plant(tmp_path / "notes.json", data)
        code, out, err = play(capsys, "--seats", "port=bot,isle=bot", "--seed", "1", "--save", str(path))
        assert code == 1 and out == ""
        assert err.startswith(f"tabletop play: refusing to overwrite {path}: it is not a tabletop save") and words in err
        untouched(path, data)
    code, _, err = play(capsys, "--seed", "1", "--save", str(tmp_path))
    assert code == 1 and f"refusing to write a save to {tmp_path}: {tmp_path} is a folder, not a file" in err


def test_resume_without_any_save_says_so(capsys):
    assert main(["resume"]) == 1
    assert "tabletop resume: no saved game in " in capsys.readouterr().err


def test_a_changed_or_missing_deck_on_the_command_line(capsys, tmp_path, stdin):
    deck = tmp_path / "deck" / "small.toml"
    deck.parent.mkdir()
    shutil.copy(SMALL, deck)
    path = a_save(tmp_path, steps=9, deck=deck)
    os.utime(path, (OLD, OLD))
    data = path.read_bytes()
    deck.write_text(deck.read_text().replace('label = "Watchful"', 'label = "Wary"'))
    assert main(["replay", str(path)]) == 1
    err = capsys.readouterr().err
    assert "the deck has changed since this game was saved" in err and "pass --allow-changed-deck" in err
    untouched(path, data)
    assert main(["replay", str(path), "--allow-changed-deck"]) == 0
    assert "Wary" in capsys.readouterr().out
    untouched(path, data)  # replay only reads
    shutil.move(deck, tmp_path / "small.toml")
    assert main(["report", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"the deck this game was played with is missing: {deck.resolve()}; pass --deck PATH" in err
    assert main(["resume", str(path), "--deck", str(tmp_path / "small.toml"), "--allow-changed-deck"]) == 0
    saved = json.loads(path.read_text().splitlines()[0])
    assert saved["deck"]["path"] == str((tmp_path / "small.toml").resolve())  # now saved against the deck used
    assert main(["resume", str(path), "--deck", str(tmp_path / "small.toml")]) == 0  # and its hash


def test_replay_prints_every_round_and_never_writes(capsys, tmp_path, stdin):
    path = a_save(tmp_path, steps=40)
    os.utime(path, (OLD, OLD))
    data = path.read_bytes()
    assert main(["replay", str(path)]) == 0
    out = capsys.readouterr().out
    game = resume(load_save(path), load_deck)
    assert out.startswith(f"Harbour talks — seed 7, 4 rounds\nSeats: The port city (port) bot, The island (isle) bot\n"
                          f"Replaying {len(game.log)} actions from {path}\n")
    assert "\n".join(transcript(game)) in out
    for n in range(1, 5):
        assert f"== Round {n} of 4 ==" in out
    untouched(path, data)
    stdin("\n\nq\n")
    assert main(["replay", str(path), "--step"]) == 0
    out = capsys.readouterr().out
    assert out.count("[Enter] next, q to stop> ") == 3 and "Tallies after round 1" not in out
    stdin("")
    assert main(["replay", str(path), "--step"]) == 0  # end of input stops politely
    assert capsys.readouterr().out.count("[Enter] next") == 1
    untouched(path, data)


def test_replay_of_an_unfinished_game_says_where_it_stops(capsys, tmp_path):
    path = a_save(tmp_path, steps=7)
    assert main(["replay", str(path)]) == 0
    assert capsys.readouterr().out.endswith(f"\nThe save stops here: round 2 of 4, The port city to move "
                                            f"(continue with `tabletop resume {path}`).\n")


def test_replay_shows_undone_actions_and_the_undo(capsys, tmp_path):
    game = Game(load_deck(SMALL), Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 7))
    for _ in range(4):
        game.act(automatic_action(game.state))
    game.undo(1, "dice fell off the table")
    save_game(game, tmp_path / "g.json")
    assert main(["replay", str(tmp_path / "g.json")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^The League rolls .*\nFacilitator undoes 1 action: dice fell off the table$", out, re.M)


def test_report_prints_or_writes_atomically_and_never_over_a_save(capsys, tmp_path):
    path = a_save(tmp_path, steps=60)
    os.utime(path, (OLD, OLD))
    data = path.read_bytes()
    assert main(["report", str(path)]) == 0
    text = capsys.readouterr().out
    saved = load_save(path)
    assert text.startswith("# After-action report: Harbour talks\n") and f"**Date:** {saved.saved_at}" in text
    assert "## Scores" in text and "## Cards played" in text
    out_file = tmp_path / "out" / "report.md"
    assert main(["report", str(path), "-o", str(out_file)]) == 0
    assert capsys.readouterr().out == f"{out_file}\n"
    assert out_file.read_text(encoding="utf-8") == report_file_text(text)  # marked as a report tabletop wrote
    assert main(["report", str(path), "-o", str(out_file)]) == 0  # an older report may be replaced
    capsys.readouterr()
    assert main(["report", str(path), "-o", str(path)]) == 1
    assert f"{path} is the save of this game; choose another file" in capsys.readouterr().err
    other = tmp_path / "other.jsonl"
    shutil.copy(path, other)
    assert main(["report", str(path), "-o", str(other)]) == 1
    assert f"{other} is a tabletop save; choose another file" in capsys.readouterr().err
    assert other.read_bytes() == data
    untouched(path, data)
