"""`tabletop report [SAVE] [-o FILE]`: the after-action report of a saved game, in Markdown.

Printed to standard output, or with ``-o`` written atomically to FILE (whose path is
then printed). The save is only read; ``-o`` never overwrites a tabletop save.

Exit 0 when the report is written, 1 when the save or its deck is refused or the
report cannot be written, 2 for bad options.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..atomic import write_atomic
from ..engine.report import report_markdown
from ..engine.save import SaveError, load_save
from .resume import add_save_arguments, open_save

NAME = "report"
HELP = "Write the after-action report of a saved game (Markdown)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_save_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report to FILE (default: print it)")


def run(args: argparse.Namespace) -> int:
    try:
        save, game = open_save(args)
    except SaveError as e:
        print(f"tabletop report: {e}", file=sys.stderr)
        return 1
    text = report_markdown(game, date=save.saved_at)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    out = args.output
    if out.exists() and out.resolve() == save.path.resolve():
        print(f"tabletop report: {out} is the save itself; choose another file for the report", file=sys.stderr)
        return 2
    if out.is_file():
        try:
            load_save(out)
        except SaveError:
            pass  # not a save: an older report, say, which may be replaced
        else:
            print(f"tabletop report: {out} is a tabletop save; refusing to overwrite it with a report", file=sys.stderr)
            return 1
    try:
        write_atomic(out, text)
    except OSError as e:
        print(f"tabletop report: cannot write {out}: {e.strerror or e}", file=sys.stderr)
        return 1
    print(out)
    return 0
