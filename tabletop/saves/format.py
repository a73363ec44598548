"""The save file: a header line, then one line per action, appended as the game is played (JSON Lines).

```
{"format": "tabletop-save", "version": 3, "deck": {...}, "setup": {...}, "started_at": "2026-11-28T13:05:00+00:00", "tabletop": "0.1.0"}
{"type": "draw"}
{"type": "play", "seat": "us", "card": "aid"}
...
```

where ``deck`` is ``{"id": ..., "title": ..., "sha256": "<64 hex>", "path": "/abs/deck.toml"}`` and ``setup`` is
``{"seats": {"us": {"kind": "human", "style": null}, ...}, "seed": 7, "rounds": null}``, all on the first line.

The log holds every action in the order taken, `Undo` entries included, so
replaying it from the setup rebuilds the game exactly. A save names its deck by
content hash: a game is never silently replayed against a deck that has changed.

Each action is one ``write`` of one line ending in a newline, so a crash leaves
the file with all its lines, or with a last line cut short: `parse` keeps such
a last line when it is a whole action and drops it otherwise, and says so
(`SaveFile.tail`). A damaged line anywhere else refuses the whole file.

Versions:

- **3** (this one): the bots draw from their own stream, keyed on the seed, the
  round, the phase and the seat (`tabletop.engine.bots`), where version 2's
  were keyed on the count of actions applied, so that a note or an undone
  step changed the bots' later moves.
- **2**: the same lines. Its bot moves are in its log, and the dice come from
  the game's own generator, so it replays exactly as it did (checked against
  saves made by version 2, ``tests/saves/v2``): it is read as it is, and
  rewritten whole as version 3 the first time it is played on, so that no
  file mixes the two. Its seed could be any integer, which the generator
  read modulo 2**64: it is read so, the same game under the name that
  version 3 gives it (seeds from 0 to 2**64 - 1, `tabletop.engine.limits`).
- **1**: one JSON object with the whole log; read as before, and rewritten as
  version 3 the first time it is played on.

`parse` reads strictly and refuses anything it cannot vouch for with a
`SaveError` whose message says what is wrong; nothing here writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeGuard

import attrs
from attrs import frozen

from ..engine.actions import Action, action_from_dict
from ..engine.limits import SEED_MAX, SetupError, check_seed
from ..engine.state import ACTOR_KINDS, ActorConfig, SeatConfig, Setup
from ..records import Record
from ..safetext import visible

FORMAT = "tabletop-save"
VERSION = 3
MAX_SAVE_BYTES = 32 * 1024 * 1024
HEADER_KEYS = ("format", "version", "deck", "setup", "started_at", "tabletop")
V1_KEYS = ("format", "version", "deck", "setup", "log", "saved_at", "tabletop")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class SaveError(Exception):
    """A save that cannot be read, resumed or written; the message says why, for a person to read."""


@frozen(repr=False, eq=False)
class DeckRef(Record):
    """The deck a save was made with: its id and title, the hash of its files and where it was."""

    id: str
    title: str
    sha256: str
    path: str

    def to_dict(self) -> dict:
        return attrs.asdict(self)


@frozen(repr=False, eq=False)
class SaveFile(Record):
    """A save as read by `parse`: checked, but not yet replayed (that needs the deck, see `resume`).

    ``on_disk`` actions of ``log`` stand on whole lines, which end at byte ``end``
    of the file; a last line cut short by a crash is in ``log`` when it is a whole
    action (then ``len(log) == on_disk + 1``) and dropped otherwise; ``tail`` says
    which, or is None. A version 1 save has ``end == 0``. A save older than `VERSION` is rewritten whole when
    played on.
    """

    path: Path
    version: int
    deck: DeckRef
    setup: Setup
    log: tuple[Action, ...]
    started_at: str
    saved_at: str
    tabletop: str
    on_disk: int = 0
    end: int = 0
    tail: str | None = None


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def header_line(deck: DeckRef, setup: Setup, started_at: str, tabletop: str) -> bytes:
    data = {"format": FORMAT, "version": VERSION, "deck": deck.to_dict(), "setup": setup.to_dict(),
            "started_at": started_at, "tabletop": tabletop}
    return (visible(json.dumps(data, ensure_ascii=False)) + "\n").encode("utf-8")


def action_lines(actions) -> bytes:
    """The lines that record ``actions``, each ending in a newline. Text stays readable (UTF-8), but no control
    character is written raw (`visible`: JSON's own escapes, the same strings), so `cat` or `tail -f` of a
    save is safe on a terminal."""
    return "".join(visible(json.dumps(a.to_dict(), ensure_ascii=False)) + "\n" for a in actions).encode("utf-8")


def now_iso() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def parse(raw: bytes, path: Path, mtime: float | None = None) -> SaveFile:
    """The save in ``raw`` (a file's bytes, as read from ``path``); `SaveError` saying what is wrong."""

    def bad(message: str) -> SaveError:
        return SaveError(f"{path}: {message}")

    if len(raw) > MAX_SAVE_BYTES:
        raise bad(f"too large for a save (over {MAX_SAVE_BYTES // (1024 * 1024)} MiB)")
    if not raw.strip():
        raise bad("the file is empty, not a save (it may have been cut short)")
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # an editor's byte order mark: read past, kept in place
    raw = raw[bom:]
    first, newline, _ = raw.partition(b"\n")
    header = _first_line_header(first) if newline else None
    if header is None or header.get("version") == 1:
        return _parse_v1(raw, path, bad)
    version = _check_version(header.get("version"), bad)
    try:
        _same_keys(header, HEADER_KEYS)
        deck = _deck_ref(header["deck"])
        setup = _setup(header["setup"], version)
        started_at = _when(header["started_at"], "started_at")
        tabletop = _text(header["tabletop"], "tabletop")
    except ValueError as e:
        raise bad(f"line 1: {e}") from None
    body_start = len(first) + 1
    end = raw.rfind(b"\n") + 1  # the whole lines end here; anything after is a last line cut short
    log = _whole_lines(raw[body_start:end]) if end > body_start else None
    if log is None:  # a damaged line somewhere: find it, line by line, to say which
        log = []
        for line_no, line in enumerate(raw[body_start:end].split(b"\n")[:-1], 2):
            try:
                log.append(_action_line(line, line_no))
            except ValueError as e:
                raise bad(str(e)) from None
    on_disk, tail = len(log), None
    if end < len(raw):
        line = raw[end:]
        try:
            log.append(_action_line(line, on_disk + 2))
            tail = "its last line had no line end (a write cut short); the action on it is kept"
        except ValueError:
            tail = f"its last line was cut short and is left out ({len(line)} bytes after action {on_disk})"
    saved_at = mtime_iso(mtime) if mtime is not None else started_at
    return SaveFile(path, version, deck, setup, tuple(log), started_at, saved_at, tabletop, on_disk, bom + end, tail)


def _whole_lines(body: bytes) -> list[Action] | None:
    """The actions on these whole lines, parsed in one go; None if any line is not a good action."""
    try:
        text = body.decode("utf-8")
        entries = _DECODER.decode("[" + text[:-1].replace("\n", ",") + "]")
        return [_action(entry) for entry in entries] if len(entries) == text.count("\n") else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def _first_line_header(first: bytes) -> dict | None:
    try:
        data = json.loads(first.decode("utf-8"), object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def _check_version(version: object, bad: Callable[[str], SaveError]) -> int:
    """The save's version, if this tabletop reads it."""
    if not _is_int(version):
        raise bad(f"expected an integer \"version\", found {_show(version)}")
    if version > VERSION:
        raise bad(f"made by a newer tabletop: version {version}, this one reads up to {VERSION}; "
                  "update tabletop to open it")
    if version < 1:
        raise bad(f"unknown save version {version}; this tabletop reads versions 1 to {VERSION}")
    return version


def _action_line(line: bytes, line_no: int) -> Action:
    try:
        entry = _DECODER.decode(line.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ValueError(f"line {line_no}: not UTF-8 text (byte {e.start} cannot be decoded)") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"line {line_no}: not valid JSON at column {e.colno}: {e.msg}") from None
    except (ValueError, RecursionError) as e:
        raise ValueError(f"line {line_no}: not a valid action: {e}") from None
    try:
        return _action(entry)
    except ValueError as e:
        raise ValueError(f"line {line_no}: {e}") from None


def _parse_v1(raw: bytes, path: Path, bad) -> SaveFile:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise bad(f"not a tabletop save: not UTF-8 text (byte {e.start} cannot be decoded)") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):  # ran out of text
            raise bad(f"the save is cut short (the JSON ends at line {e.lineno}, column {e.colno} "
                      "before it is complete); the file is truncated or damaged") from None
        raise bad(f"not a tabletop save: not valid JSON at line {e.lineno}, column {e.colno}: {e.msg}") from None
    except ValueError as e:  # duplicate keys, NaN
        raise bad(f"not a valid save: {e}") from None
    except RecursionError:
        raise bad("not a tabletop save: the JSON is nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = f"an object without \"format\": \"{FORMAT}\"" if isinstance(data, dict) else _kind(data)
        raise bad(f"not a tabletop save (it is JSON, but {found})")
    _check_version(data.get("version"), bad)
    if data["version"] != 1:
        raise bad(f"a version {data['version']} save must start with its header on the first line")
    try:
        _same_keys(data, V1_KEYS)
        deck = _deck_ref(data["deck"])
        setup = _setup(data["setup"], 1)
        log = _log(data["log"])
        saved_at = _when(data["saved_at"], "saved_at")
        tabletop = _text(data["tabletop"], "tabletop")
    except ValueError as e:
        raise bad(str(e)) from None
    return SaveFile(path, 1, deck, setup, log, saved_at, saved_at, tabletop, len(log), 0, None)


def mtime_iso(mtime: float) -> str:
    """When a save was last written, as its report gives the game's date (``2026-11-28T13:05:00+00:00``)."""
    return datetime.fromtimestamp(mtime, UTC).astimezone().isoformat(timespec="seconds")


def saved_at(path: Path | None) -> str:
    """The date a report of the game saved at ``path`` gives, as `tabletop report` reads it from the save
    (`SaveFile.saved_at`): when the save was last written; now, for a game with no save on disk."""
    try:
        return mtime_iso(path.stat().st_mtime) if path is not None else mtime_iso(datetime.now(UTC).timestamp())
    except OSError:
        return mtime_iso(datetime.now(UTC).timestamp())


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number a save can hold")


_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_no_constant)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number")


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string, found {_show(value)}")
    return value


def _when(value, where: str) -> str:
    text = _text(value, where)
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{where}: expected a date and time such as 2026-01-31T18:00:00+00:00, "
                         f"found {_show(text)}") from None
    return text


def _same_keys(value: dict, keys: tuple[str, ...], optional: tuple[str, ...] = ()) -> None:
    """`ValueError` naming the keys missing from ``value``, or else those it should not have."""
    missing = [k for k in keys if k not in value]
    if missing:
        raise ValueError(f"missing key{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
    unknown = sorted(set(value) - set(keys) - set(optional))
    if unknown:
        raise ValueError(f"unexpected key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}")


def _object(value, where: str, keys: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object, found {_kind(value)}")
    try:
        _same_keys(value, keys, optional)
    except ValueError as e:
        raise ValueError(f"{where}: {e}") from None
    return value


def _deck_ref(value) -> DeckRef:
    d = _object(value, "deck", ("id", "title", "sha256", "path"))
    ref = DeckRef(*(_text(d[k], f"deck.{k}") for k in ("id", "title", "sha256", "path")))
    if not _SHA256.match(ref.sha256):
        raise ValueError(f"deck.sha256: expected 64 lowercase hex digits, found {_show(ref.sha256)}")
    if not ref.path:
        raise ValueError("deck.path: expected the deck file's path, found an empty string")
    return ref


def _setup(value, version: int) -> Setup:
    d = _object(value, "setup", ("seats", "seed"), ("rounds", "actors"))
    seats_in = d["seats"]
    if not isinstance(seats_in, dict) or not seats_in:
        raise ValueError(f"setup.seats: expected an object of seat id -> seat, found {_show(seats_in)}")
    seats = {}
    for seat_id, seat in seats_in.items():
        where = f"setup.seats.{seat_id}"
        s = _object(seat, where, ("kind",), ("style",))
        if s["kind"] not in ("human", "bot"):
            raise ValueError(f"{where}.kind: expected \"human\" or \"bot\", found {_show(s['kind'])}")
        style = s.get("style")
        if style is not None and not isinstance(style, str):
            raise ValueError(f"{where}.style: expected a string or null, found {_show(style)}")
        seats[seat_id] = SeatConfig(s["kind"], style)
    seed = d["seed"]
    if not _is_int(seed):
        raise ValueError(f"setup.seed: expected an integer, found {_show(seed)}")
    if version < 3:  # seeds were any integer: the generator read them modulo 2**64, which is the same game
        seed %= SEED_MAX + 1
    try:
        check_seed(seed)
    except SetupError as e:
        raise ValueError(f"setup.seed: {e}") from None
    rounds = d.get("rounds")
    if rounds is not None and not (_is_int(rounds) and rounds >= 1):
        raise ValueError(f"setup.rounds: expected null or a whole number of rounds from 1, found {_show(rounds)}")
    return Setup(seats, seed, rounds, _actors(d.get("actors")))


def _actors(value) -> dict[str, ActorConfig]:
    """Who plays the actors the dice do not (a save written before actors could be played has none: all dice)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"setup.actors: expected an object of actor id -> actor, found {_show(value)}")
    actors = {}
    for actor_id, actor in value.items():
        where = f"setup.actors.{actor_id}"
        a = _object(actor, where, ("kind",), ("stance",))
        if a["kind"] not in ACTOR_KINDS:
            raise ValueError(f"{where}.kind: expected one of {', '.join(map(repr, ACTOR_KINDS))}, found {_show(a['kind'])}")
        stance = a.get("stance")
        if stance is not None and not isinstance(stance, str):
            raise ValueError(f"{where}.stance: expected a string or null, found {_show(stance)}")
        actors[actor_id] = ActorConfig(a["kind"], stance)
    return actors


def _action(entry) -> Action:
    if isinstance(entry, dict):
        for key, v in entry.items():
            if isinstance(v, (bool, float)):  # no action takes true/false or fractions
                raise ValueError(f"{key}: expected a string or a whole number, found {_show(v)}")
    return action_from_dict(entry)


def _log(value) -> tuple[Action, ...]:
    if not isinstance(value, list):
        raise ValueError(f"log: expected a list of actions, found {_kind(value)}")
    out = []
    for i, entry in enumerate(value, 1):
        try:
            out.append(_action(entry))
        except ValueError as e:
            raise ValueError(f"log entry {i}: {e}") from None
    return tuple(out)
