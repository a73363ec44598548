"""Load a deck: read its files (and includes), check everything, report every problem at once.

``load_deck(path)`` returns a `Deck` or raises `DeckError` listing every error.
``inspect_deck(path)`` also runs the lint and returns errors and warnings without raising.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import re
from collections.abc import Iterator
from pathlib import Path

import attrs
from attrs import define, field

from ..dice import DiceError, parse_dice
from ..digests import sha256
from ..records import Record
from . import model as m
from .cache import parsed
from .errors import DeckError, Problem, did_you_mean
from .structure import INVALID, MAX_UNKNOWN_KEYS, hints, structure

# Sizes that load (and `tabletop check`) in under a second on a slow, busy machine even when shaped to cost the
# most (tests/test_deck_hostile.py builds the worst cases), with room to spare: the bundled decks are about
# 55 KiB (some thirty-five cards with their analysis); a deck of 500 short cards is about 170 KiB.
MAX_FILE_BYTES = 192 * 1024
MAX_DECK_BYTES = 192 * 1024  # all the deck's files together
MAX_INCLUDE_DEPTH = 8
MAX_FILES = 32
# Checking stops at this many errors (a deck with more is far from ready: the first ones say what to fix), so that
# what a hostile deck costs in messages, suggestions and positions is bounded too.
MAX_ERRORS = 200
# TOML parsers (tomllib, and `locate`) take time and memory quadratic in the parts of one dotted key;
# a deck needs four at most (`[[seats.styles.policy.when]]`).
MAX_KEY_PARTS = 8


class TooManyErrors(Exception):
    """Raised by `Checker.at` at the error after the `MAX_ERRORS`th: checking stops there."""


@define(repr=False)
class SourceFile(Record):
    path: Path
    text: str
    data: dict


@define(repr=False)
class Checker(Record):
    """Collects problems; knows which file and local index each merged item came from."""

    root: Path
    cache: Path | None = None  # the folder of parsed files kept (`cache`), or None to parse every file
    files: list[SourceFile] = field(factory=list)
    problems: list[Problem] = field(factory=list)
    # (kind, merged index) -> (file, index in that file)
    origins: dict[tuple[str, int], tuple[Path, int]] = field(factory=dict)
    raw_ids: dict[str, set[str]] = field(factory=dict)
    bytes_read: int = 0  # by every file read so far
    counted: int = 0  # errors reported through `at`
    stopped: bool = False  # checking stopped at MAX_ERRORS errors

    def at(self, file: Path, path: tuple, message: str, severity: str = "error") -> None:
        """Report a problem; `TooManyErrors` instead past `MAX_ERRORS` errors."""
        if severity == "error":
            if self.counted >= MAX_ERRORS:
                self.stopped = True
                raise TooManyErrors
            self.counted += 1
        self.problems.append(Problem(file, path, message, severity))

    def item(self, kind: str, index: int, sub: tuple, message: str, severity: str = "error") -> None:
        """A problem in merged item ``kind[index]``, reported where it was written."""
        file, local = self.origins.get((kind, index), (self.root, index))
        self.at(file, (kind, local) + sub, message, severity)

    def reported_under(self, kind: str, index: int, sub: tuple) -> bool:
        """Whether a problem has already been reported in merged item ``kind[index]`` at ``sub`` or inside it."""
        file, local = self.origins.get((kind, index), (self.root, index))
        prefix = (kind, local) + sub
        return any(p.file == file and p.path[:len(prefix)] == prefix for p in self.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def positioned(self) -> list[Problem]:
        """Every problem with its line and column, sorted by file and position."""
        from .locate import locate, position

        texts = {f.path: f.text for f in self.files}
        wanted: dict[Path, set[tuple]] = {}  # per file, the paths with a problem and every prefix of each
        for p in self.problems:
            if p.line is None:
                wanted.setdefault(p.file, set()).update(tuple(p.path[:end]) for end in range(1, len(p.path) + 1))
        cache: dict[Path, dict] = {}
        out = []
        for p in self.problems:
            if p.line is None and p.file in texts:
                if p.file not in cache:
                    cache[p.file] = locate(texts[p.file], wanted[p.file])
                line, col = position(cache[p.file], p.path) or (1, 1)  # whole-file problems point at its start
                p = attrs.evolve(p, line=line, col=col)
            out.append(p)
        order = {f.path: i for i, f in enumerate(self.files)}
        out.sort(key=lambda p: (order.get(p.file, -1), p.line or 0, p.col or 0))
        if self.stopped:
            out.append(Problem(self.root, (), f"stopped after the first {MAX_ERRORS} errors: fix these and check again"))
        return out


@define(repr=False)
class Inspection(Record):
    """What `inspect_deck` found."""

    deck: m.Deck | None
    errors: list[Problem]
    warnings: list[Problem]


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused while a deck is read: parsing and checking make hundreds of thousands of
    small containers and no cycles, and each collection would walk all of them again (a file of many
    headers took twice as long). What was paused is restored, exceptions included."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def load_deck(path: str | Path, cache: Path | None = None) -> m.Deck:
    """Load and check a deck; raise `DeckError` with every problem if there is any. ``cache``: a folder where
    parsed files are kept (`tabletop.deck.cache`), to read them again without parsing; None parses every file."""
    with _no_cycle_collection():
        return _load_deck(path, cache)


def _load_deck(path: str | Path, cache: Path | None) -> m.Deck:
    checker = Checker(root=Path(path), cache=cache)
    try:
        deck = _load(checker)
    except TooManyErrors:
        deck = None
    if checker.errors:
        problems = checker.positioned()
        raise DeckError([p for p in problems if p.severity == "error"], [p for p in problems if p.severity == "warning"])
    assert deck is not None
    return deck


def inspect_deck(path: str | Path, cache: Path | None = None) -> Inspection:
    """Load, check and lint a deck; never raises for a bad deck. ``cache`` as for `load_deck`."""
    with _no_cycle_collection():
        return _inspect_deck(path, cache)


def _inspect_deck(path: str | Path, cache: Path | None) -> Inspection:
    from .lint import lint

    checker = Checker(root=Path(path), cache=cache)
    try:
        deck = _load(checker)
        if deck is not None and not checker.errors:
            lint(deck, checker)
    except TooManyErrors:
        deck = None
    problems = checker.positioned()
    errors = [p for p in problems if p.severity == "error"]
    return Inspection(None if errors else deck, errors, [p for p in problems if p.severity == "warning"])


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # none belongs in a file name
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


# A run of MAX_KEY_PARTS + 1 key parts joined by dots, starting where no key part goes on from the left
# (so a failed try is never repeated from inside the same run): each try reads at most that many parts.
_KEY_PART = r"""(?:[A-Za-z0-9_-]++|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|'[^'\n]*+')"""
_DOTS = re.compile(rf"(?<![A-Za-z0-9_\-\"'.\\])(?:{_KEY_PART}[ \t]*+\.[ \t]*+){{{MAX_KEY_PARTS}}}{_KEY_PART}")
_KEY_END = re.compile(r"[ \t]*[=\]]")
_PROSE_PARTS = 64
_NEXT_PART = re.compile(rf"[ \t]*+\.[ \t]*+{_KEY_PART}")
_MORE = re.compile(rf"(?:[ \t]*+\.[ \t]*+{_KEY_PART})*+")


def _long_key(text: str) -> tuple[int, int, int] | None:
    """(line, column, parts) of the first dotted key with more than MAX_KEY_PARTS parts, in linear time.

    A scan of the raw text, before parsing. A run of parts that a `=` or `]` does not follow is
    prose (in a comment or a string) unless it is long enough to cost the parser time.
    """
    pos = 0
    while match := _DOTS.search(text, pos):
        more = _MORE.match(text, match.end())
        assert more is not None  # it matches the empty string too
        parts = MAX_KEY_PARTS + 1 + len(_NEXT_PART.findall(text, match.end(), more.end()))
        if parts > _PROSE_PARTS or _KEY_END.match(text, more.end()):
            line = text.count("\n", 0, match.start()) + 1
            return line, match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1, parts
        pos = more.end()
    return None


def _read(checker: Checker, path: Path, via: tuple[Path, tuple] | None) -> SourceFile | None:
    """Read and parse one TOML file; report why not. ``via`` is the include that named it."""
    where, key = via if via else (path, ())
    try:
        size = path.stat().st_size
        if not path.is_file():
            checker.at(where, key, f"expected a deck file, found a directory or special file: {path}")
            return None
        if size > MAX_FILE_BYTES:
            checker.at(where, key, f"expected a file of at most {MAX_FILE_BYTES:,} bytes, found {size:,} bytes: {path}")
            return None
        if checker.bytes_read + size > MAX_DECK_BYTES:
            checker.at(where, key, f"expected a deck of at most {MAX_DECK_BYTES:,} bytes in all its files, found "
                       f"{checker.bytes_read + size:,} bytes with {path}")
            return None
        raw = path.read_bytes()[: MAX_FILE_BYTES + 1]
        checker.bytes_read += len(raw)
    except FileNotFoundError:
        checker.at(where, key, f"expected a deck file, found nothing at {path}")
        return None
    except OSError as e:
        checker.at(where, key, f"could not read {path}: {e.strerror or e}")
        return None
    try:
        text = raw.decode("utf-8-sig")  # editors on Windows may add a BOM
    except UnicodeDecodeError as e:
        checker.at(path, (), f"expected UTF-8 text, found an invalid byte at offset {e.start}")
        return None
    if long_key := _long_key(text):
        line, col, parts = long_key
        checker.problems.append(Problem(path, (), f"expected a dotted key or table header of at most {MAX_KEY_PARTS} parts, "
                                        f"found one of {parts:,} parts", line=line, col=col))
        return None
    try:
        data = parsed(checker.cache, raw, text, _parse)
    except _SyntaxError as e:
        msg = str(e)
        pos = _TOML_POS.search(msg)
        msg = _TOML_POS.sub("", msg)
        p = Problem(path, (), f"expected valid TOML, found a syntax error: {msg}")
        if pos:
            p = attrs.evolve(p, line=int(pos.group(1)), col=int(pos.group(2)))
        elif "end of document" in msg:
            from .locate import unfinished

            line, col = unfinished(text)
            p = attrs.evolve(p, line=line, col=col)
        checker.problems.append(p)
        return None
    except (RecursionError, ValueError) as e:  # pathological nesting
        checker.at(path, (), f"expected valid TOML, found input the parser cannot handle ({type(e).__name__})")
        return None
    source = SourceFile(path, text, data)
    checker.files.append(source)
    return source


class _SyntaxError(Exception):
    """A TOML syntax error, with tomllib's message."""


def _parse(text: str) -> dict:
    import tomllib  # here, not at the top: a deck read from the cache (`cache.parsed`) never loads the parser

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _SyntaxError(str(e)) from None


def _unresolvable(e: Exception) -> str:
    """What stands in the way of resolving a path, in the words of a message."""
    if isinstance(e, RuntimeError) or getattr(e, "errno", None) == errno.ELOOP:
        return "a loop of symbolic links"
    return f"a path that cannot be followed ({getattr(e, 'strerror', None) or e})"


def _gather(checker: Checker, path: Path, depth: int, stack: tuple[Path, ...], via) -> None:
    """Read ``path`` and, depth first, the files it includes."""
    if len(checker.files) >= MAX_FILES:
        checker.at(via[0], via[1], f"expected at most {MAX_FILES} files in one deck, found more")
        return
    source = _read(checker, path, via)
    if source is None:
        return
    includes = source.data.get("include", [])
    if isinstance(includes, str):
        includes = [includes]
    if not isinstance(includes, list):
        return  # reported by the structure check
    root_dir = checker.root.parent.resolve()
    for i, name in enumerate(includes):
        key = ("include", i)
        if not isinstance(name, str):
            continue  # reported by the structure check
        if depth + 1 > MAX_INCLUDE_DEPTH:
            checker.at(path, key, f"expected includes at most {MAX_INCLUDE_DEPTH} deep, found deeper nesting at {name!r}")
            continue
        if bad := _CONTROL.search(name):  # a path cannot hold a NUL
            checker.at(path, key, f"expected a file path without control characters, found U+{ord(bad[0]):04X} "
                       f"at character {bad.start() + 1}")
            continue
        if Path(name).is_absolute() or Path(name).drive:
            checker.at(path, key, f"expected a path relative to the deck's folder, found an absolute path {name!r}")
            continue
        try:
            target = (path.parent / name).resolve()
        except (OSError, RuntimeError, ValueError) as e:  # a loop of symbolic links (RuntimeError in 3.11)
            checker.at(path, key, f"expected a file, found {_unresolvable(e)} at {name!r}")
            continue
        if not target.is_relative_to(root_dir):
            checker.at(path, key, f"expected a file inside the deck's folder, found {name!r}, which leads outside it")
            continue
        if target.suffix.lower() != ".toml":
            checker.at(path, key, f"expected a .toml file, found {name!r}")
            continue
        if target in stack:
            chain = " -> ".join(p.name for p in stack + (target,))
            checker.at(path, key, f"expected no include loop, found {chain}")
            continue
        if any(f.path.resolve() == target for f in checker.files):
            checker.at(path, key, f"expected each file to be included once, found {name!r} again")
            continue
        shown = checker.root.parent / target.relative_to(root_dir)  # as the author wrote it, not resolved
        _gather(checker, shown, depth + 1, stack + (target,), (path, key))


# ---------------------------------------------------------------------------
# Structure and merge
# ---------------------------------------------------------------------------

_ITEM_TYPES = {name: hints(m.Deck)[name] for name in m.MERGED_ARRAYS}


def _load(checker: Checker) -> m.Deck | None:
    root = checker.root
    try:
        resolved = root.resolve()
    except (OSError, RuntimeError, ValueError) as e:
        checker.at(root, (), f"expected a deck file, found {_unresolvable(e)}")
        return None
    _gather(checker, root, 0, (resolved,), None)
    if not checker.files or checker.files[0].path != root:
        return None
    # A file that could not be read (or an include refused) leaves out entries that the rest may rely on:
    # then only what each file says on its own is checked, not counts or references across the deck.
    incomplete = bool(checker.errors)
    merged: dict[str, list] = {name: [] for name in m.MERGED_ARRAYS}
    meta = None
    clock = None
    deck_fields = {a.name: a for a in attrs.fields(m.Deck) if not a.metadata.get("internal")}
    for n, source in enumerate(checker.files):
        report = lambda path, msg, _f=source.path: checker.at(_f, path, msg)  # noqa: E731
        allowed = deck_fields if n == 0 else {k: deck_fields[k] for k in (*m.MERGED_ARRAYS, "include")}
        unknown = [key for key in source.data if key not in allowed]
        if len(unknown) > MAX_UNKNOWN_KEYS:
            report((unknown[MAX_UNKNOWN_KEYS],), f"unknown keys: {len(unknown) - MAX_UNKNOWN_KEYS:,} more after the first "
                   f"{MAX_UNKNOWN_KEYS}; expected one of: {', '.join(allowed)}")
        for key in unknown[:MAX_UNKNOWN_KEYS]:
            extra = f" (only the main deck file has a [{key}] table)" if key in ("deck", "clock") else ""
            report((key,), f"unknown key {key!r}{did_you_mean(key, allowed)}{extra}; expected one of: {', '.join(allowed)}")
        if "include" in source.data:
            structure(hints(m.Deck)["include"], source.data["include"], ("include",), report, deck_fields["include"].metadata)
        if n == 0:
            if "deck" not in source.data:
                report((), "missing table [deck]: expected the deck's id, title and source")
            else:
                meta = structure(m.DeckMeta, source.data["deck"], ("deck",), report)
            if "clock" in source.data:
                clock = structure(m.Clock, source.data["clock"], ("clock",), report)
        for kind in m.MERGED_ARRAYS:
            if kind not in source.data:
                continue
            raw = source.data[kind]
            limit = deck_fields[kind].metadata["max"]
            if not isinstance(raw, list) or len(raw) > limit:
                # Let the generic check word the message.
                structure(_ITEM_TYPES[kind], raw, (kind,), report, {"max": limit})
                continue
            (item_tp, _) = _ITEM_TYPES[kind].__args__
            for i, item in enumerate(raw):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    # As written, and without the spaces or line break an id cannot have: no cascade either way.
                    checker.raw_ids.setdefault(kind, set()).update({item["id"], item["id"].strip()})
                value = structure(item_tp, item, (kind, i), report)
                if value is not INVALID:
                    checker.origins[(kind, len(merged[kind]))] = (source.path, i)
                    merged[kind].append(value)
    for kind in m.MERGED_ARRAYS:
        need = deck_fields[kind].metadata.get("min", 0)
        if len(merged[kind]) < need and not incomplete and not any(p.path[:1] == (kind,) for p in checker.errors):
            checker.at(root, (kind,) if kind in checker.files[0].data else (),
                       f"expected at least {need} {kind[:-1] if kind != 'tallies' else 'tally'} "
                       f"{'entries' if need != 1 else 'entry'} in [[{kind}]], found {len(merged[kind])}")
    if meta is None or meta is INVALID:
        meta = m.DeckMeta(id="invalid", title="", source="")  # stands in so references can be checked
    digest = sha256()
    for f in checker.files:
        digest.update(f.path.name.encode() + b"\0" + f.text.encode() + b"\0")
    deck = m.Deck(
        deck=meta,
        clock=None if clock is INVALID else clock,
        **{k: tuple(v) for k, v in merged.items()},
        origin=m.DeckOrigin(path=str(root), files=tuple(str(f.path) for f in checker.files), sha256=digest.hexdigest()),
    )
    if not incomplete:
        from .references import check_references

        check_references(deck, checker)
    return deck


__all__ = ["load_deck", "inspect_deck", "DeckError", "Inspection", "DiceError", "parse_dice"]
