"""`tabletop report [SAVE] [-o FILE]`: the after-action report of a saved game, in Markdown.

Printed to standard output, or with ``-o`` written to FILE (whose path is then
printed), whole or not at all. FILE must be new or a report tabletop wrote
before; anything else only with ``--force``, and never the game's save or deck,
any tabletop save, a folder, a device, a FIFO or a socket. The save is only read.

Exit 0 when the report is written, 1 when the save or its deck is refused or the
report cannot be written, 2 for bad options.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..outputs import OutputRefused, game_files, report_file_text, write_output
from ..saves import SaveError
from .resume import add_save_arguments, open_save

NAME = "report"
HELP = "Write the after-action report of a saved game (Markdown)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_save_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE (default: print it)")
    parser.add_argument("--force", action="store_true",
                        help="with -o: replace FILE even if it is not a report tabletop wrote (never a save or the deck)")


def run(args: argparse.Namespace) -> int:
    from ..present.report import report_markdown  # here: `tabletop` imports every command to build its parser

    try:
        save, game = open_save(args)
    except SaveError as e:
        print(f"tabletop report: {e}", file=sys.stderr)
        return 1
    text = report_markdown(game, date=save.saved_at)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    protected = game_files(save.path, game.deck)
    try:
        write_output(args.output, report_file_text(text), "report", force=args.force, protected=protected,
                     make_folder=True, private_as=save.path)
    except OutputRefused as e:
        print(f"tabletop report: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"tabletop report: cannot write {args.output}: {e.strerror or e}", file=sys.stderr)
        return 1
    print(args.output)
    return 0
