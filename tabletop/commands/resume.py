"""`tabletop resume [SAVE]`: continue a saved game where it stopped (by default the game started or resumed last).

Without SAVE it takes the game started or resumed last, unless that game is over
while others are not: then it lists those and asks which. The save is locked
(one writer per game: a save open in another tabletop is refused, naming it),
checked, and its log replayed against the deck it names (or ``--deck``); a deck
that changed since is refused unless ``--allow-changed-deck``. The game then plays
on with the same prompts as ``tabletop play --headless`` and each action is
appended to the same file. A save that is refused is never written.

Exit 0 when the game ends or input runs out (or it was already over) with every
action saved, 1 when the save or its deck is refused or the game on disk is
behind the game played, 2 for bad options.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ..engine.game import Game
from ..engine.happenings import RoundStarted
from ..engine.views import hidden_tallies
from ..invocation import command
from ..paths import open_deck
from ..present.play import header
from ..present.text import describe, tallies_line
from ..safetext import visible
from ..saves import Autosaver, SaveError, SaveFile, latest_save, load_save, resume
from ..saves.store import pointed_save, save_to_resume, saves_dir
from ..ui.launch import run_tui
from .play import add_pace_arguments, full_screen, pace_of, play_headless

NAME = "resume"
HELP = "Resume a saved game where it stopped (by default the latest autosave)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_save_arguments(parser)
    parser.add_argument("--headless", action="store_true", help="play in plain text, without the full-screen interface")
    add_pace_arguments(parser)


def add_save_arguments(parser: argparse.ArgumentParser) -> None:
    """SAVE, ``--deck`` and ``--allow-changed-deck``: shared by resume, replay and report."""
    parser.add_argument("save", nargs="?", type=Path, metavar="SAVE",
                        help="a save file (default: the game started or resumed last, from tabletop's data folder)")
    parser.add_argument("--deck", type=Path, metavar="PATH",
                        help="the deck file to replay the game with (default: the one recorded in the save)")
    parser.add_argument("--allow-changed-deck", action="store_true",
                        help="replay even if the deck has changed since the game was saved")


def open_save(args: argparse.Namespace) -> tuple[SaveFile, Game]:
    """The save named by ``args`` (or the latest one) and its game, replayed, to read only; `SaveError` if refused."""
    save = load_save(args.save if args.save is not None else latest_save())
    return save, resume(save, open_deck, args.deck, allow_changed_deck=args.allow_changed_deck)


def so_far(game: Game) -> list[str]:
    """The log lines of the round in progress (everything since it started), to remind the table where it was.

    Read from the journal: the last entry that started a round, from just after that happening, then every entry
    logged since (undos and what they took back included, as the log showed them).
    """
    story = game.story()
    for i in range(len(story) - 1, -1, -1):
        happened = story[i][1]
        start = next((j for j, x in enumerate(happened) if isinstance(x, RoundStarted)), None)
        if start is not None:
            return describe(game.deck, happened[start + 1:]) + [
                line for _, later in story[i + 1:] for line in describe(game.deck, later)]
    return [line for _, happened in story for line in describe(game.deck, happened)]


def save_to_continue(name: str, use: str, usage: str) -> Path | None:
    """The save `tabletop resume` would continue (the game played last, if unfinished), or None after saying on
    standard error why there is none: no save at all (``use``: what to do with the file to give), or the unfinished
    games to choose from, each to be named as ``usage`` (the command line after the program's name) says."""
    chosen, waiting = save_to_resume(open_deck)
    if chosen is not None:
        return chosen.path
    if not waiting:
        print(f"tabletop {name}: no saved game in {saves_dir()}; give the save file to {use}", file=sys.stderr)
        return None
    why = "the game played last is over" if pointed_save() is not None else "no game is marked as played last"
    print(f"tabletop {name}: {why}, and these games are not finished. {use.capitalize()} one with "
          f"`{command()} {usage}`:", file=sys.stderr)
    for summary in waiting:
        print(f"  {shlex.quote(str(summary.path))}\n      {summary.line()}", file=sys.stderr)
    return None


def run(args: argparse.Namespace) -> int:
    path = args.save if args.save is not None else save_to_continue("resume", "resume", "resume SAVE")
    if path is None:
        return 1
    try:
        saver, save = Autosaver.open(path)  # locked from here: one writer per game
    except SaveError as e:
        print(f"tabletop resume: {e}", file=sys.stderr)
        return 1
    try:
        game = resume(save, open_deck, args.deck, allow_changed_deck=args.allow_changed_deck)
    except SaveError as e:
        saver.close()  # nothing written
        print(f"tabletop resume: {e}", file=sys.stderr)
        return 1
    state = game.state
    where = shlex.quote(str(save.path))
    if state.phase == "over":
        assert state.ending is not None  # a game is over only once an ending was reached
        saver.close()
        for line in header(game):
            print(line)
        print(visible(f"This game is over ({game.deck.ending(state.ending).label}); final scores: "
                      + ", ".join(f"{s.label} {state.scores[s.id]}" for s in game.deck.seats)))
        print(f"Write the after-action report with `{command()} report {where}`")
        return 0
    if full_screen(args):
        assert game.deck.origin is not None  # `load_deck` read the deck from a file, and says which
        return run_tui(Path(game.deck.origin.path), game=game, saver=saver, notice=save.tail,
                       pace=pace_of(args), room_view=args.room_view, secrets_elsewhere=args.secrets_elsewhere,
                       clock=args.clock)
    intro = [f"\nResumed from {save.path} after {len(save.log)} actions: round {state.round} of {state.rounds}.",
             *so_far(game), f"Tallies now: {tallies_line(game.deck, state.tallies, hidden_tallies(state, None))}"]
    if save.tail:
        intro.insert(1, f"Note: {save.tail}.")
    return play_headless(game, saver, tuple(intro))
