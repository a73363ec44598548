"""`tabletop private --seat SEAT [SAVE]`: one seat's private view of a live game, or its motive slip. SEAT may also
be a regional actor that a team plays: its view shows the actor's secret objectives, its stances (with the odds
under each when the team is to choose) and the table, never the hidden motive.

Opens a read-only window that follows the game's save as it is played (by default the game `tabletop resume`
would continue) and shows only what SEAT may know: its hidden motive and how it scores, the tallies only it
knows, its cards with their prices, the table's public state and the end of the log. Meant for the laptop's own
screen while the projector shows the table, or for a second terminal. It never writes to the save and takes no
lock, so it runs beside the game.

With ``--slip FILE`` it writes the seat's secret to FILE as plain text to print and hand over (``-``: print
it), and exits. FILE must be new; ``--force`` replaces a file there (never a save or the deck).

Exit 0 when the window is closed or the slip written, 1 when the save, the seat or the slip is refused,
2 for bad options.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..paths import open_deck
from ..saves import SaveError
from .resume import add_save_arguments, save_to_continue

if TYPE_CHECKING:
    from ..saves.follow import Follower

NAME = "private"
HELP = ("A seat's private view of a live game, for a second screen or terminal (read-only; follows the save as "
        "the game goes on); --slip FILE writes the seat's secret to print and hand over.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seat", required=True, metavar="SEAT", help="the seat whose view to show: a seat id of the "
                        "game's deck, or a regional actor's id for the team playing it (its secret objectives); a "
                        "wrong one is refused with the list of the deck's seats and actors")
    add_save_arguments(parser)
    parser.add_argument("--slip", type=Path, metavar="FILE",
                        help="write the seat's secret (motive, how it scores, hidden tallies) to FILE as plain text "
                             "and exit; '-' prints it")
    parser.add_argument("--force", action="store_true", help="with --slip: replace FILE if it exists "
                        "(never a save or the deck)")


def run(args: argparse.Namespace) -> int:
    from ..saves.follow import Follower

    path = args.save if args.save is not None else save_to_continue(
        "private", "follow", f"private --seat {shlex.quote(args.seat)} SAVE")
    if path is None:
        return 1
    follower = Follower(path, open_deck, args.deck, allow_changed_deck=args.allow_changed_deck)
    try:
        game = follower.first()
    except SaveError as e:
        print(f"tabletop private: {e}", file=sys.stderr)
        return 1
    seats = game.deck.seats
    teams = [a for a in game.deck.actors if a.stances or a.objectives]  # the actors a team may play
    if args.seat not in {s.id for s in seats} | {a.id for a in game.deck.actors}:
        print(f"tabletop private: no seat {args.seat!r} in this game's deck ({game.deck.deck.title}); its seats are "
              + ", ".join(f"{s.id} ({s.label})" for s in seats)
              + ("; the regional actors a team may play: " + ", ".join(f"{a.id} ({a.label})" for a in teams)
                 if teams else ""), file=sys.stderr)
        return 1
    if args.slip is not None:
        return write_slip(args, follower)
    from ..ui.launch import drawable

    if not drawable():  # a terminal, or the browser's driver under `tabletop serve --private`
        print("tabletop private: the private view needs a terminal; `--slip -` prints the seat's secret instead",
              file=sys.stderr)
        return 1
    from ..safetext import raw_output
    from ..ui.private import PrivateApp

    app = PrivateApp(follower, args.seat)
    with raw_output():  # Textual draws on the terminal itself
        app.run()
    return app.return_code or 0


def write_slip(args: argparse.Namespace, follower: Follower) -> int:
    """The seat's motive slip to ``args.slip`` (new, or replaced with ``--force``), or printed for ``-``."""
    from .. import files
    from ..outputs import OutputRefused, game_files, write_output
    from ..present.private import private_picture, slip_text

    game, save = follower.game, follower.save
    assert game is not None and save is not None
    picture = private_picture(game, args.seat)
    state = game.state
    text = slip_text(picture.secret, picture.title, seed=save.setup.seed, round_=state.round, rounds=state.rounds)
    if str(args.slip) == "-":
        sys.stdout.write(text)
        return 0
    try:
        if files.regular_or_absent(args.slip) is not None and not args.force:
            raise OutputRefused(f"{args.slip} already exists; choose another file, or pass --force to replace it")
        write_output(args.slip, text, "slip", force=True, protected=game_files(save.path, game.deck),
                     private_as=save.path)
    except OutputRefused as e:
        print(f"tabletop private: {e}", file=sys.stderr)
        return 1
    except files.FileRefused as e:
        print(f"tabletop private: {e}; choose a file name", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"tabletop private: cannot write {args.slip}: {e.strerror or e}", file=sys.stderr)
        return 1
    kind = "Objectives slip" if picture.secret.objectives else "Motive slip"
    print(f"{kind} for {picture.seat_label} written to: {args.slip}")
    return 0
