"""Deck problems: every error and warning names file, line, column, key path, what was
expected and what was found."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from attrs import frozen

from ..records import Record
from ..safetext import one_line

Path_ = tuple[str | int, ...]


def dotted(path: Path_) -> str:
    """``("actors", 0, "reactions")`` -> ``actors[0].reactions``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if part.replace("_", "").replace("-", "").isalnum() else f'"{part}"'
            out += ("." if out else "") + key
    return out or "(top level)"


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word``, if any is close."""
    return _closest(str(word), tuple(choices))


@lru_cache(maxsize=1024)
def _closest(word: str, choices: tuple[str, ...]) -> str | None:
    # Remembered: a misspelling is often repeated, and asked about twice (`closest`, then `did_you_mean`).
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'trust'?)`` or an empty string."""
    close = closest(word, choices)
    return f" (did you mean {close!r}?)" if close else ""


def describe(value: object) -> str:
    """A short description of a found value: its TOML kind and, when short, itself."""
    kinds = {bool: "a boolean", int: "an integer", float: "a float", str: "a string",
             list: "an array", dict: "a table"}
    kind = next((name for t, name in kinds.items() if type(value) is t), type(value).__name__)
    if isinstance(value, (bool, int, float)):
        return f"{kind} ({str(value).lower() if isinstance(value, bool) else value})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"{kind} ({shown!r})"
    if isinstance(value, list):
        return f"{kind} of {len(value)} item{'s' if len(value) != 1 else ''}"
    return kind


@frozen(repr=False, eq=False)
class Problem(Record):
    """One thing wrong (or worth a look) in a deck file."""

    file: Path
    path: Path_
    message: str
    severity: str = "error"  # or "warning"
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        """One line, `one_line`: a file name or a key from the deck cannot break it or reach the terminal raw."""
        where = f"{self.file}"
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        label = "warning: " if self.severity == "warning" else ""
        return one_line(f"{where}: {dotted(self.path)}: {label}{self.message}")


class DeckError(Exception):
    """A deck could not be loaded. ``problems`` lists every error found, in file order; ``warnings`` the warnings
    found while loading (a deck with errors is not linted: `tabletop.deck.inspect_deck` finds no more)."""

    def __init__(self, problems: Sequence[Problem], warnings: Sequence[Problem] = ()):
        super().__init__(problems)
        self.problems = tuple(problems)
        self.warnings = tuple(warnings)

    def __str__(self) -> str:
        n = len(self.problems)
        head = f"{n} error{'s' if n != 1 else ''} in deck"
        return head + ":\n" + "\n".join(str(p) for p in self.problems)
