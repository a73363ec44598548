"""The `tabletop` command line: a dispatcher over the modules in `tabletop.commands`.

Exit codes: 0 success, 1 a problem with the input (a bad deck, a refused save),
2 a usage error.

While a command runs, what it writes to standard output and error is `visible`
(`tabletop.safetext.visible_output`): whatever deck, save or path text a message
quotes, no control character reaches the terminal raw. The full-screen game draws
through Textual instead (see `tabletop.ui.launch`).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from .safetext import visible_output

#: Each command module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``.
#: In the order ``tabletop --help`` lists them: playing first, then the facilitator's tools.
COMMANDS = ["play", "resume", "private", "serve", "replay", "report", "check", "simulate", "schema"]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only`` (a command's name), that command alone, so that running it imports
    no other command's module (``tabletop check`` starts without the interface, the simulator or the saves)."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="tabletop",
        description="A terminal companion for turn-based seminar wargames. "
        "With no command, plays the bundled default deck (same as `tabletop play`).",
    )
    parser.add_argument("--version", action="version", version=f"tabletop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else [only]:
        module = importlib.import_module(f"tabletop.commands.{name}")
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    with visible_output():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv[0]) if argv and argv[0] in COMMANDS else build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play"])  # the bundled default deck
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
