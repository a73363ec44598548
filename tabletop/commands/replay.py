"""`tabletop replay [SAVE] [--step]`: print a saved game's log round by round, as it was played.

Every logged action is shown, including those a facilitator later took back, then
the undo itself. With ``--step`` it waits for Enter after each action (q stops).
The save is only read, never written.

Exit 0 when the log has been shown (or stopped with q or end of input), 1 when the
save or its deck is refused, 2 for bad options.
"""

from __future__ import annotations

import argparse
import shlex
import sys

from ..engine.rules import to_move
from ..engine.views import knows_motive
from ..invocation import command
from ..present.play import header
from ..present.text import describe
from ..safetext import one_line
from ..saves import SaveError
from .resume import add_save_arguments, open_save

NAME = "replay"
HELP = "Print a saved game's log round by round; --step waits for Enter between actions."
STEP_PROMPT = "[Enter] next, q to stop> "


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_save_arguments(parser)
    parser.add_argument("--step", action="store_true", help="wait for Enter after each action (q to stop)")


def run(args: argparse.Namespace) -> int:
    try:
        save, game = open_save(args)  # checks the whole log before printing any of it
    except SaveError as e:
        print(f"tabletop replay: {e}", file=sys.stderr)
        return 1
    for line in header(game):
        print(line)
    print(f"Replaying {len(save.log)} actions from {save.path}")
    reveal = knows_motive(game.state, None)  # a finished game's log shows the reasons that read the motive
    for i, (_, happened) in enumerate(game.story(), 1):  # as the game was replayed when opened
        lines = describe(game.deck, happened, reveal=reveal)
        for line in lines:
            print(line)
        if args.step and lines and i < len(save.log):
            try:
                answer = input(STEP_PROMPT)
            except EOFError:
                print()
                return 0
            if answer.strip().lower() in ("q", "quit"):
                return 0
    state = game.state
    if state.phase != "over":
        mover = to_move(state)
        who = one_line(next((s.label for s in game.deck.seats if s.id == mover), "the table"))
        print(f"\nThe save stops here: round {state.round} of {state.rounds}, {who} to move "
              f"(continue with `{command()} resume {shlex.quote(str(save.path))}`).")
    return 0
