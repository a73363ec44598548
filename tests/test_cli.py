"""The command line itself: no command plays the default deck, --version, and a deck's identity covers every
file it includes (a save is refused against an edited included file)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tabletop import __version__
from tabletop.cli import build_parser, main
from tabletop.deck import load_deck

MINIMAL = (Path(__file__).parent / "decks" / "minimal.toml").read_text(encoding="utf-8")


def test_version(capsys):
    try:
        main(["--version"])
    except SystemExit as e:
        assert e.code == 0
    assert capsys.readouterr().out.strip() == f"tabletop {__version__}"


def test_no_command_plays_the_bundled_deck_as_play_does(capsys, monkeypatch):
    seen = []

    def play(args):
        seen.append(args)
        return 0

    parser = build_parser()
    monkeypatch.setattr("tabletop.cli.build_parser", lambda: parser)
    for action in parser._subparsers._group_actions:  # the play command, whatever it does
        action.choices["play"].set_defaults(run=play)
    assert main([]) == 0
    [args] = seen
    assert args.command == "play" and args.deck is None and not args.headless  # the bundled deck, full screen


def test_no_command_without_a_terminal_plays_in_plain_text():
    done = subprocess.run([sys.executable, "-m", "tabletop"], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120)
    assert "not a terminal, so playing in plain text" in done.stderr
    assert "Guarantees Nobody Can Give" in done.stdout and done.returncode == 0  # the default deck's title


def test_a_changed_included_file_changes_the_deck_hash(tmp_path):
    (tmp_path / "more.toml").write_text('[[events]]\nid = "storm"\ntitle = "Storm"\ntext = "Rain."\n')
    main_file = tmp_path / "main.toml"
    main_file.write_text('include = ["more.toml"]\n' + MINIMAL, encoding="utf-8")
    before = load_deck(main_file).origin.sha256
    (tmp_path / "more.toml").write_text('[[events]]\nid = "storm"\ntitle = "Storm"\ntext = "Rain, hard."\n')
    assert load_deck(main_file).origin.sha256 != before
    assert main_file.read_text(encoding="utf-8").startswith('include = ["more.toml"]')  # the main file is the same
