"""`tabletop schema`: print (or write) the JSON Schema for deck files."""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "schema"
HELP = "Print the JSON Schema for deck files (for editors such as Taplo or VS Code)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, help="write to this file instead of printing")


def run(args: argparse.Namespace) -> int:
    from ..deck.schema import render  # here: `tabletop` imports every command to build its parser

    text = render()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0
