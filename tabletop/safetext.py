"""Text from files (decks, saves, settings, paths) made safe to show on a terminal or write to a file.

A deck string may hold any character TOML can escape: ``\\u001b]0;...\\u0007`` renames the terminal
window, ``\\u001b[2J`` clears it, ``\\r`` returns to the start of the line to write over what was
there, U+202E reverses what follows. `visible` turns every such character into the escape an author
would type (``\\u001b``), so the text shows exactly as written and nothing reaches the terminal raw.
Line breaks and tabs stay; `one_line` escapes those too, for text that must stay on its line.

`visible_output` is the command line's backstop: for a command's duration, everything written to
``sys.stdout`` and ``sys.stderr`` goes through `visible` (the escapes are JSON's too, so JSON stays
valid). The full-screen interface writes to the terminal through Textual and shows file text as
plain `Text`/`Content` made with `visible` (``tabletop.ui.plain``); while it runs, `raw_output`
lifts the backstop so that Textual's own messages (a crash's coloured traceback) keep their colours.

Pure Python: the engine and the command line use it without Textual or Rich.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

#: What is never shown raw: C0 controls but tab and line feed, DEL, C1 controls, the line and paragraph
#: separators, the bidi embeddings, overrides, isolates and marks (which reorder the text around them), and
#: the invisible zero-width space, word joiner and byte order mark (which make look-alike titles). The
#: zero-width joiner and non-joiner stay: scripts and emoji need them.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e"
                    "\u2060\u2066-\u2069\ufeff]")
_LINE_BREAKS = str.maketrans({"\n": "\\n", "\t": "\\t"})


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def visible(text: str) -> str:
    """``text`` with "\\r\\n" made "\\n" and every other control character written as its escape
    (``\\u001b``); "\\n" and "\\t" are kept. Idempotent: the result holds no control character."""
    if UNSAFE.search(text) is None:
        return text  # the usual case, and the cheapest
    return UNSAFE.sub(_escape, text.replace("\r\n", "\n"))


def one_line(text: str) -> str:
    """`visible`, with line breaks and tabs escaped too (``\\n``, ``\\t``): for a label in a summary,
    a file name or a message that must not start a line of its own."""
    return visible(text).translate(_LINE_BREAKS)


class VisibleWriter:
    """A text stream that writes to ``unfiltered`` only what `visible` makes of it (everything else,
    ``isatty``, ``fileno``, ``encoding`` ..., is the wrapped stream's)."""

    def __init__(self, stream: TextIO) -> None:
        self.unfiltered = stream

    def write(self, text: str) -> int:
        self.unfiltered.write(visible(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self.unfiltered, name)


def unfiltered(stream: TextIO) -> TextIO:
    """The stream under a `VisibleWriter` (for our own escape sequences, e.g. a progress bar), else ``stream``."""
    return stream.unfiltered if isinstance(stream, VisibleWriter) else stream


@contextmanager
def visible_output() -> Iterator[None]:
    """Within this block, ``sys.stdout`` and ``sys.stderr`` write `visible` text; restored after."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, VisibleWriter):
        sys.stdout = VisibleWriter(sys.stdout)
    if sys.stderr is not None and not isinstance(sys.stderr, VisibleWriter):
        sys.stderr = VisibleWriter(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextmanager
def raw_output() -> Iterator[None]:
    """Within this block, ``sys.stdout`` and ``sys.stderr`` are the streams under `visible_output`'s
    filter, if any; restored after."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = unfiltered(sys.stdout), unfiltered(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
