"""Source positions of TOML keys and array elements.

`tomllib` gives values but no line numbers, and deck problems are reported as
``FILE:LINE:COL: key.path: ...``.  `locate` rescans text that `tomllib` has already
accepted, once from start to end, and maps every key path to where it is defined.
Values are only skipped (with regular expressions), never decoded.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right

Path_ = tuple[str | int, ...]
Locations = dict[Path_, tuple[int, int]]

# Single-line strings, written as "unrolled loops" so that matching stays linear.
_BASIC = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_LITERAL = r"'[^'\n]*'"
# A multi-line string closes at the first run of three quotes; up to two more quotes
# right before the closing three belong to the content (`"""a"""""` is `a""`).
_ML_BASIC = r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"{3,5}'
_ML_LITERAL = r"'''[^']*(?:'(?!'')[^']*)*'{3,5}"

# Blank space, newlines and comments, as between statements or array elements.
_BLANK = r"(?:[ \t\r\n]+|#[^\n]*)*"

# Whitespace is folded into the token patterns: fewer matches is most of the speed.
_STATEMENT = re.compile(_BLANK)
# One part of a dotted key (group 1), and the dot after it if there is one (group 2).
_KEY = re.compile(rf"[ \t]*([A-Za-z0-9_-]+|{_BASIC}|{_LITERAL})[ \t]*(\.?)")
# A key of bare parts only, read at once (group 1: the parts and the dots between them).
_BARE_KEY = re.compile(r"[ \t]*([A-Za-z0-9_-]++(?:[ \t]*+\.[ \t]*+[A-Za-z0-9_-]++)*+)[ \t]*+")
_BARE_PART = re.compile(r"[A-Za-z0-9_-]+")
_EQUALS = re.compile(r"=[ \t]*")
_STRING = re.compile(rf"{_ML_BASIC}|{_ML_LITERAL}|{_BASIC}|{_LITERAL}")
# Numbers, booleans, dates and times.  Only a date-time may contain a space
# (`1979-05-27 07:32:00`); everything else ends at whitespace, `,`, `]`, `}` or `#`.
_SCALAR = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d[^\s,\]}#]*|[^\s,\]}#]+")
# Between array elements or inline key/value pairs (and, leniently, after the opening
# bracket: a comma there is not valid TOML, but harmless to skip).
_SEPARATOR = re.compile(rf"{_BLANK},?{_BLANK}")
# Inside an array or inline table skipped whole: everything but brackets and comments, strings included.
_INSIDE = re.compile(rf"""(?:[^\[\]{{}}"'#]++|{_ML_BASIC}|{_ML_LITERAL}|{_BASIC}|{_LITERAL})*+""")


def locate(text: str, wanted: set[Path_] | None = None) -> Locations:
    """Map each key path to (line, column), both 1-based, of where it is defined.

    Paths are the keys and list indices that reach a value in ``tomllib.loads(text)``,
    e.g. ``("actors", 0, "reactions", 2, "effects", "trust")``.  A key of a
    ``key = value`` pair (each part of a dotted key) is at its first character; a table
    or array-of-tables element opened by a header, and any table it implies, is at the
    header's first key; an array element is at its first character.  Columns count
    characters, a tab being one.

    With ``wanted`` (a set of paths, with every prefix of each), only those paths are mapped, and the
    values that hold none of them are skipped whole, which is quicker.

    The text should be valid TOML (parse it with `tomllib` first); on anything else this
    returns the positions found before the scanner lost its way, and never raises.
    """
    scanner = _Scanner(text, wanted)
    try:
        scanner.document()
    except Exception:  # _Lost, IndexError at the end, RecursionError: keep what was found
        pass
    return scanner.locations()


def unfinished(text: str) -> tuple[int, int]:
    """(line, column) of the statement that the text ends inside (a key whose string, array or
    inline table is never closed, or a header), or of the last line if none: where to point a
    syntax error found only at the end of the document."""
    scanner = _Scanner(text)
    try:
        scanner.document()
    except Exception:
        pass
    else:
        scanner.statement = len(text.rstrip())
    line = bisect_right(scanner.line_starts, scanner.statement)
    return line, scanner.statement - scanner.line_starts[line - 1] + 1


def position(locations: Locations, path: Path_) -> tuple[int, int] | None:
    """The position of ``path``, or else of its longest prefix that has one (so a missing
    key reports the table it is missing from); None if no prefix has one."""
    path = tuple(path)
    for end in range(len(path), 0, -1):
        found = locations.get(path[:end])
        if found:
            return found
    return None



def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern`` (one that matches the empty string too) ends when matched at ``pos``."""
    match = pattern.match(text, pos)
    assert match is not None  # the pattern may match nothing, but always matches
    return match.end()

class _Lost(Exception):
    """The text is not TOML as the scanner expects it."""


class _Scanner:
    def __init__(self, text: str, wanted: set[Path_] | None = None) -> None:
        self.text = text
        self.wanted = wanted  # None: every path
        self.pos = 1 if text.startswith("\ufeff") else 0  # a BOM takes no column
        # Offsets at which lines start, to turn an offset into (line, column).
        self.line_starts = [self.pos] + [m.end() for m in re.finditer("\n", text)]
        # Where each path is defined, as an offset into the text.  The first definition
        # wins (`setdefault`), except that a header overrides a table it implied.
        self.offsets: dict[Path_, int] = {}
        # Elements seen so far per array of tables.  The path of a nested one holds its
        # parents' indices, so `[[actors.reactions]]` counts anew in every `[[actors]]`.
        self.array_lengths: dict[Path_, int] = {}
        self.statement = self.pos  # where the statement being read starts

    def document(self) -> None:
        table: Path_ = ()
        while True:
            self.pos = self.statement = _end(_STATEMENT, self.text, self.pos)
            if self.pos >= len(self.text):
                return
            if self.text.startswith("[", self.pos):
                table = self.header()
            else:
                self.key_value(table)

    def header(self) -> Path_:
        """`[a.b]` or `[[a.b]]`: record it and return the path of the table it opens."""
        array = self.text.startswith("[[", self.pos)
        self.pos += 2 if array else 1
        parts = self.keys()
        self.expect("]]" if array else "]")
        at = parts[0][1]
        wanted = self.wanted
        path: Path_ = ()
        for key, _ in parts[:-1]:
            path += (key,)
            if wanted is None or path in wanted:
                self.offsets.setdefault(path, at)
            if path in self.array_lengths:  # `a` in `[a.b]` means a's latest element
                path += (self.array_lengths[path] - 1,)
        path += (parts[-1][0],)
        if array:
            if wanted is None or path in wanted:
                self.offsets.setdefault(path, at)
            length = self.array_lengths.get(path, 0)
            self.array_lengths[path] = length + 1
            path += (length,)
        # The header defines this table, even if an earlier header implied it.
        if wanted is None or path in wanted:
            self.offsets[path] = at
        return path

    def key_value(self, table: Path_) -> None:
        """`a.b = value` inside ``table``."""
        path = table
        wanted = self.wanted
        for key, at in self.keys():
            path += (key,)
            if wanted is None or path in wanted:
                self.offsets.setdefault(path, at)
        equals = _EQUALS.match(self.text, self.pos)
        if not equals:
            raise _Lost
        self.pos = equals.end()
        if wanted is None or path in wanted:
            self.value(path)
        else:
            self.skip()

    def keys(self) -> list[tuple[str, int]]:
        """A (dotted) key, as each part and its offset; stops after trailing spaces."""
        text = self.text
        bare = _BARE_KEY.match(text, self.pos)
        if bare and text[bare.end():bare.end() + 1] not in (".", '"', "'"):  # no quoted part: all at once
            self.pos = bare.end()
            start, key = bare.start(1), bare[1]
            if "." not in key:
                return [(key, start)]
            if " " in key or "\t" in key:
                return [(m[0], m.start()) for m in _BARE_PART.finditer(text, start, bare.end(1))]
            parts = []
            for part in key.split("."):
                parts.append((part, start))
                start += len(part) + 1
            return parts
        parts = []
        dot = "."
        while dot:
            match = _KEY.match(self.text, self.pos)
            if not match:
                raise _Lost
            parts.append((_key_text(match[1]), match.start(1)))
            self.pos = match.end()
            dot = match[2]
        return parts

    def value(self, path: Path_) -> None:
        """Skip a value, recording what is inside an array or inline table."""
        first = self.text[self.pos]
        if first == "[":
            self.array(path)
        elif first == "{":
            self.inline_table(path)
        else:
            match = (_STRING if first in "\"'" else _SCALAR).match(self.text, self.pos)
            if not match:
                raise _Lost
            self.pos = match.end()

    def skip(self) -> None:
        """Skip a value that holds no wanted path, recording nothing."""
        text = self.text
        if text[self.pos] not in "[{":
            match = (_STRING if text[self.pos] in "\"'" else _SCALAR).match(text, self.pos)
            if not match:
                raise _Lost
            self.pos = match.end()
            return
        depth, pos = 0, self.pos
        while True:
            pos = _end(_INSIDE, text, pos)
            char = text[pos]  # IndexError at the end of the text
            if char == "#":
                pos = _end(_STATEMENT, text, pos)
            elif char in "[{":
                depth, pos = depth + 1, pos + 1
            elif char in "]}":
                depth, pos = depth - 1, pos + 1
                if depth == 0:
                    break
            else:  # a quote that opens no string
                raise _Lost
        self.pos = pos

    def array(self, path: Path_) -> None:
        text = self.text
        wanted = self.wanted
        self.pos = _end(_SEPARATOR, text, self.pos + 1)
        index = 0
        while text[self.pos] != "]":  # IndexError at the end of the text
            element = path + (index,)
            if wanted is not None and element not in wanted:
                self.skip()
                self.pos = _end(_SEPARATOR, text, self.pos)
                index += 1
                continue
            self.offsets.setdefault(element, self.pos)
            self.value(element)
            self.pos = _end(_SEPARATOR, text, self.pos)
            index += 1
        self.pos += 1

    def inline_table(self, path: Path_) -> None:
        text = self.text
        self.pos = _end(_SEPARATOR, text, self.pos + 1)
        while text[self.pos] != "}":
            self.key_value(path)
            self.pos = _end(_SEPARATOR, text, self.pos)
        self.pos += 1

    def expect(self, token: str) -> None:
        if not self.text.startswith(token, self.pos):
            raise _Lost
        self.pos += len(token)

    def locations(self) -> Locations:
        """The offsets found so far, as (line, column)."""
        starts = self.line_starts
        out = {}
        for path, offset in self.offsets.items():
            line = bisect_right(starts, offset)
            out[path] = (line, offset - starts[line - 1] + 1)
        return out


def _key_text(raw: str) -> str:
    """The key a bare or quoted key stands for."""
    if raw[0] not in "\"'":
        return raw
    if raw[0] == '"' and "\\" in raw:  # let tomllib undo the escapes
        return tomllib.loads(f"k = {raw}")["k"]
    return raw[1:-1]
