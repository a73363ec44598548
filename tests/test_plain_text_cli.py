"""Deck and save text in plain-text output: check, play --headless, simulate, replay, resume and report
never let a control character reach the terminal or a file, and show every string as written.

The hostile deck (``tests/decks/hostile.toml``) has markup, click actions, bracketed words and control
characters in every text field; `tabletop.safetext.visible` is how each string must look.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.deck import load_deck
from tabletop.engine import Adjust, Game, Note, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.outputs import report_file_text
from tabletop.present.play import run_headless
from tabletop.present.report import report_markdown
from tabletop.safetext import one_line, visible
from tabletop.saves import Autosaver

DECKS = Path(__file__).parent / "decks"
HOSTILE = DECKS / "hostile.toml"
#: Written out here rather than taken from the code under test: what must never be output raw.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
NOTE = "Facilitator note [/b] [@click=app.quit]quit-note[/] \u001b]0;pwned\u0007\r\u009b"
REASON = "Adjusted [sic] \u001b[2J\r"


def assert_clean(*texts: str) -> None:
    for text in texts:
        found = RAW.search(text)
        assert found is None, f"raw {found.group()!r} at {found.start()}: {text[max(0, found.start() - 60):found.start() + 20]!r}"


@pytest.fixture(scope="module")
def deck():
    return load_deck(HOSTILE)


def finished_save(deck, path: Path, seed: int = 3) -> Path:
    """A whole bot game on the hostile deck, with a facilitator's note and adjustment, saved to ``path``."""
    game = Game(deck, Setup({"port": SeatConfig("bot", "hawk"), "isle": SeatConfig("bot")}, seed))
    saver = Autosaver.create(game, path, pointer=False)
    game.act(Note(NOTE))
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
        if game.state.round == 2 and not any(a.TYPE == "adjust" for a in game.log):
            game.act(Adjust("trust", 1, REASON))
    saver.close()
    assert game.state.phase == "over"
    return path


def test_check_shows_every_label_as_written_and_cannot_be_spoofed(tmp_path, capsys):
    assert main(["check", str(HOSTILE)]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, err)
    lines = out.splitlines()
    assert lines[0] == f"{HOSTILE}: ok"
    assert "    Port [sic] ]0;pwned (port): offer, hand of 3; bot styles: hawk, dove" in lines
    assert "    Island [DPRK]  (isle): respond" in lines
    assert "    Pyongyang [DPRK] (2d6):" in lines
    # A label written to overwrite the summary (CR, cursor up, erase) is refused, and the refusal quotes no control
    # character; one written to start a line of its own stays on its line.
    spoof = (DECKS / "small.toml").read_text(encoding="utf-8")
    refused = spoof.replace('label = "Trust"', 'label = "Trust\\r\\u001b[9A\\u001b[2Kdeck.toml: ok, all checks passed\\u001b[J"')
    path = tmp_path / "deck.toml"
    path.write_text(refused, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert_clean(out, err)
    assert err.splitlines()[0].endswith("tallies[0].label: expected text without control characters (a line break or a "
                                        "tab is fine), found U+000D at character 6")
    assert not any(line.startswith("deck.toml") for line in (out + err).splitlines())
    spoof = spoof.replace('label = "Arms"', 'label = "Arms\\ndeck.toml: ok, all checks passed"')
    spoof = spoof.replace("weight = 2\n\n[[events]]\nid = \"parade\"", "weight = 0\n\n[[events]]\nid = \"parade\"")
    path = tmp_path / "deck.toml"
    path.write_text(spoof, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, err)
    lines = out.splitlines()
    assert lines[0].endswith("events[0].weight: warning: this event can never be drawn: weight = 0")
    assert lines[1] == f"{path}: ok (1 warning)"
    assert not any(line.startswith("deck.toml") for line in lines)
    assert "    Arms\\ndeck.toml: ok, all checks passed 0..6, starts at 2" in lines


def test_check_problems_quote_deck_text_on_one_line(tmp_path, capsys):
    folder = tmp_path / "decks [b] \u001b[2J"
    folder.mkdir()
    path = folder / "bad.toml"
    text = HOSTILE.read_text(encoding="utf-8").replace(
        'rounds = 4', 'rounds = "[/b] \\u001b]0;pwned\\u0007"\n"[@click=app.quit]x\\u001b[2J\\nnew line" = 1')
    path.write_text(text, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert_clean(out, err)
    lines = err.splitlines()
    assert len(lines) == 3 and all(line.startswith(one_line(str(path)) + ":") for line in lines)
    assert "'[/b] \\x1b]0;pwned\\x07'" in err  # a found value is quoted as Python writes it
    assert "[@click=app.quit]x\\u001b[2J\\nnew line" in err
    assert main(["play", "--headless", str(path)]) == 1
    out, err = capsys.readouterr()
    assert_clean(out, err)
    assert "[@click=app.quit]x\\u001b[2J\\nnew line" in err


def test_headless_play_shows_text_as_written_and_prompts_safely(deck):
    prompts: list[str] = []
    out: list[str] = []
    answers = iter(["0", "1"] * 40)

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    game = run_headless(deck, {"port": SeatConfig("human"), "isle": SeatConfig("human")}, 5, out=out.append, ask=ask)
    assert game.state.phase == "over"
    text = "\n".join(out)
    assert_clean(text, *prompts)
    assert "Port [sic] ]0;pwned> " in prompts and "Island [DPRK] > " in prompts
    assert "Guarantees [sic] Nobody Can Give [/b] — seed 5, 4 rounds" in text
    assert "Hidden motive: " in text  # "0" showed it
    for line in out:
        assert line == visible(line)


def test_play_headless_command(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 20))
    assert main(["play", "--headless", str(HOSTILE), "--seed", "9", "--seats", "port=human,isle=bot",
                 "--save", str(tmp_path / "game.json")]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, err)
    assert "Port [sic] ]0;pwned> " in out  # input()'s prompt, written through sys.stdout off a terminal
    assert "Port [sic] ]0;pwned offers: " in out


def test_prompts_on_a_real_terminal(tmp_path):
    """On a terminal, input() writes its prompt to the terminal itself, around sys.stdout."""
    pty = pytest.importorskip("pty")
    import termios

    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[1] &= ~termios.ONLCR  # no CR added to each line feed
    attrs[3] &= ~termios.ECHO
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    env = {**os.environ, "TERM": "dumb", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "tabletop", "play", "--headless", str(HOSTILE), "--seed", "9",
                             "--seats", "port=human,isle=bot", "--save", str(tmp_path / "game.json")],
                            stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    os.write(master, b"1\n" * 6)
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
        assert proc.wait(timeout=60) == 0
    out = b"".join(chunks).decode("utf-8")
    assert_clean(out)
    assert "Port [sic] ]0;pwned> " in out and "Final scores:" in out


def test_simulate_table_and_json(tmp_path, capsys, deck):
    assert main(["simulate", str(HOSTILE), "-n", "30", "-q"]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, err)
    assert one_line(deck.deck.title) in out and one_line(deck.endings[0].label) in out
    assert main(["simulate", str(HOSTILE), "-n", "30", "-q", "--json", "-"]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, err)
    data = json.loads(out)
    assert data["title"] == deck.deck.title  # the same data, control characters and all
    assert data["ending_labels"] == {e.id: e.label for e in deck.endings}
    target = tmp_path / "sim.json"
    assert main(["simulate", str(HOSTILE), "-n", "30", "-q", "--json", str(target)]) == 0
    capsys.readouterr()
    written = target.read_text(encoding="utf-8")
    assert_clean(written)
    assert json.loads(written) == data


def test_replay_resume_and_report_of_a_hostile_save(tmp_path, capsys, monkeypatch, deck):
    save = finished_save(deck, tmp_path / "game.json")
    assert main(["replay", str(save)]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, err)
    assert f"Note: {visible(NOTE)}" in out and "Facilitator adjusts Trust [sic] [2J +1" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n" * 200))
    assert main(["replay", str(save), "--step"]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, err)
    assert main(["resume", str(save)]) == 0  # already over: says how it ended
    out, err = capsys.readouterr()
    assert_clean(out, err)
    assert "This game is over (" in out
    assert main(["report", str(save)]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, err)
    # Markdown-escaped, control characters as visible escapes (their backslash escaped too).
    assert r"note:** Facilitator note \[/b\] \[\@click=app.quit\]quit-note\[/\] \\u001b\]0;pwned\\u0007\\u000d\\u009b" in out
    target = tmp_path / "report.md"
    assert main(["report", str(save), "-o", str(target)]) == 0
    capsys.readouterr()
    assert target.read_text(encoding="utf-8") == report_file_text(out)
    assert report_markdown(Game(deck, Setup({"port": SeatConfig("bot"), "isle": SeatConfig("bot")}, 1)))  # unplayed


def test_resume_an_unfinished_hostile_game(tmp_path, capsys, monkeypatch):
    save = tmp_path / "game.json"
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    assert main(["play", "--headless", str(HOSTILE), "--seed", "4", "--seats", "port=human,isle=bot",
                 "--save", str(save)]) == 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 20))
    assert main(["resume", str(save), "--headless"]) == 0
    out, err = capsys.readouterr()
    assert_clean(out, err)
    assert "Tallies now: Trust [sic] [2J" in out


def test_a_refused_save_is_named_safely(tmp_path, capsys):
    folder = tmp_path / "saves \u001b]0;pwned\u0007"
    folder.mkdir()
    bad = folder / "game\r.json"
    bad.write_text('{"format": "\u001b[2J"}', encoding="utf-8")
    for command in ("replay", "report", "resume"):
        assert main([command, str(bad)]) == 1
        out, err = capsys.readouterr()
        assert_clean(out, err)
        assert "saves \\u001b]0;pwned\\u0007" in err
