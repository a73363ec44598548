"""`tabletop simulate [DECK]`: play many bot-vs-bot games headlessly and report the deck's balance.

Prints a readable table to stdout (and the full result as JSON with ``--json``),
with a progress bar on stderr when it is a terminal. Exit 0 on success, 1 for a
bad deck, 2 for bad options, 143 on SIGTERM and 130 on Ctrl-C (SIGINT): both end
the worker processes first (and the workers end by themselves if this process is killed).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import ModuleType

from ..deck import DeckError
from ..engine.limits import ROUND_BOUNDS, SEED_MAX, SEED_MIN
from ..outputs import OutputRefused, check_output, game_files, write_output
from ..paths import default_deck, open_deck
from ..safetext import unfiltered
from ..signals import Terminated, ending_raises

#: The names this command takes from `tabletop.balance.simulate`, imported when a simulation runs: `tabletop`
#: imports every command to build its parser, and the balance module brings the worker processes' machinery.
_FROM_BALANCE = ("SimulationError", "format_table", "simulate")


def __getattr__(name: str) -> object:
    if name in _FROM_BALANCE:
        from ..balance import simulate as balance

        return getattr(balance, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


NAME = "simulate"
HELP = "Simulate many bot-vs-bot games and report endings, tallies, scores and card use."


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, found {value}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("deck", nargs="?", type=Path, metavar="DECK", help="deck file (default: the bundled deck)")
    parser.add_argument("-n", "--games", type=_positive, default=1000, metavar="N", help="games to play (default 1000)")
    parser.add_argument("-j", "--jobs", type=_positive, default=1, metavar="J",
                        help="worker processes (default 1; the result is the same for any number)")
    parser.add_argument("--seed", type=_whole, default=0, metavar="S",
                        help=f"base seed, from {SEED_MIN} to {SEED_MAX}: each game's seed is mixed from S and its "
                             "number (default 0)")
    parser.add_argument("--style", metavar="ID",
                        help="the offer seat's bot style for every game (default: each of its styles in turn)")
    parser.add_argument("--rounds", type=_whole, metavar="R",
                        help="number of rounds, from {} to {} (default: the deck's)".format(*ROUND_BOUNDS))
    parser.add_argument("--json", metavar="FILE", help="also write the full result as JSON to FILE ('-': stdout, "
                        "instead of the table)")
    parser.add_argument("--force", action="store_true",
                        help="with --json FILE: replace FILE even if it is not a simulation result tabletop wrote")
    parser.add_argument("--no-counterfactual", dest="counterfactual", action="store_false",
                        help="play no forks for the counterfactual table (about half the time; the table is left out)")
    parser.add_argument("--actors", choices=("dice", "bot"), default="dice",
                        help="who plays the regional actors that have stances: the dice (default), or bots that "
                             "choose a stance by the deck's policy before each roll")
    parser.add_argument("--stances", type=_whole, default=0, metavar="N",
                        help="also play N games for each stance, a bot always taking it, against the same N games, "
                             "and report how far each stance moves the endings (default 0: no stance table)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    this: ModuleType = sys.modules[__name__]  # its names from the balance module, as they are now (tests replace them)
    SimulationError, format_table, simulate = (getattr(this, name) for name in _FROM_BALANCE)
    try:
        deck = open_deck(args.deck or default_deck())
    except DeckError as e:
        print(e, file=sys.stderr)
        return 1
    if args.json and args.json != "-":
        try:  # before the games, not after: a refused file must not cost the whole run
            check_output(args.json, "simulation", force=args.force, protected=game_files(None, deck))
        except OutputRefused as e:
            print(f"tabletop simulate: {e}", file=sys.stderr)
            return 1
    try:
        with ending_raises(), _progress(args.games, quiet=args.quiet) as update:
            result = simulate(deck, args.games, seed=args.seed, jobs=args.jobs, style=args.style,
                              rounds=args.rounds, progress=update, counterfactual=args.counterfactual,
                              actors=args.actors, stance_games=args.stances)
    except Terminated as e:
        print(f"tabletop simulate: {e.words.lower()}", file=sys.stderr)
        return e.code
    except ValueError as e:
        field = getattr(e, "field", None)  # a seed or a number of rounds out of bounds
        print(f"tabletop simulate: {f'--{field}: ' if field else ''}{e}", file=sys.stderr)
        return 2
    except SimulationError as e:
        print(f"tabletop simulate: {e}", file=sys.stderr)
        return 1
    if args.json == "-":
        sys.stdout.write(result.to_json())
        return 0
    if args.json:
        try:
            write_output(args.json, result.to_json(), "simulation", force=args.force,
                         protected=game_files(None, deck))
        except OutputRefused as e:
            print(f"tabletop simulate: {e}", file=sys.stderr)
            return 1
        except OSError as e:
            print(f"tabletop simulate: cannot write {args.json}: {e.strerror or e}", file=sys.stderr)
            return 1
    print(format_table(result, deck))
    return 0


class _progress:
    """A rich progress bar on stderr, or nothing when quiet or when stderr is not a terminal."""

    def __init__(self, total: int, quiet: bool):
        self.total = total
        self.bar = None
        if not quiet and sys.stderr.isatty() and os.environ.get("TERM") != "dumb":
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("simulating"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=Console(file=unfiltered(sys.stderr)), transient=True)  # its own escapes

    def __enter__(self):
        if self.bar is None:
            return None
        self.bar.start()
        task = self.bar.add_task("games", total=self.total)
        return lambda done, total: self.bar.update(task, completed=done)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        return False
