"""Saved games: the deck's identity, the setup and the full action log, as JSON.

```json
{
  "format": "tabletop-save",
  "version": 1,
  "deck": {"id": "my-deck", "title": "...", "sha256": "<64 hex digits>", "path": "/abs/path/deck.toml"},
  "setup": {"seats": {"us": {"kind": "human", "style": null}, ...}, "seed": 7, "rounds": null},
  "log": [
    {"type": "draw"},
    {"type": "play", "seat": "us", "card": "aid"},
    ...
  ],
  "saved_at": "2026-11-28T13:05:00+00:00",
  "tabletop": "0.1.0"
}
```

The log holds every action in the order taken, `Undo` entries included, so
replaying it from the setup rebuilds the game exactly (`resume`). A save names
its deck by content hash: a game is never silently replayed against a deck
that has changed.

`load_save` reads a file strictly and refuses anything it cannot vouch for
with a `SaveError` whose message says what is wrong; it never writes. Every
write goes through `tabletop.atomic.write_atomic` (a crash leaves the old file
or the new one), and nothing here overwrites a file that is not a readable
tabletop save.

`Autosaver` writes a game's save after each of its actions (through
`Game.listeners`). Autosaves live in ``saves/`` under the platform's data
directory, or under ``$TABLETOP_DATA_DIR`` when that is set, with ``last.json``
pointing to the game started or resumed most recently.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import attrs
from attrs import frozen

from ..atomic import write_atomic
from ..deck import DeckError, load_deck
from ..deck.model import Deck
from .actions import Action, IllegalAction, action_from_dict
from .game import Game
from .happenings import Happening
from .state import SeatConfig, Setup

FORMAT = "tabletop-save"
VERSION = 1
MAX_SAVE_BYTES = 16 * 1024 * 1024
POINTER_FORMAT = "tabletop-last"
POINTER_NAME = "last.json"
KEYS = ("format", "version", "deck", "setup", "log", "saved_at", "tabletop")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class SaveError(Exception):
    """A save that cannot be read, resumed or written; the message says why, for a person to read."""


@frozen
class DeckRef:
    """The deck a save was made with: its id and title, the hash of its files and where it was."""

    id: str
    title: str
    sha256: str
    path: str

    def to_dict(self) -> dict:
        return attrs.asdict(self)


@frozen
class SaveFile:
    """A save as read by `load_save`: checked, but not yet replayed (that needs the deck, see `resume`)."""

    path: Path
    deck: DeckRef
    setup: Setup
    log: tuple[Action, ...]
    saved_at: str
    tabletop: str


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def deck_ref(deck: Deck) -> DeckRef:
    if deck.origin is None:
        raise SaveError("this deck was not loaded from a file, so a save could not find it again")
    return DeckRef(deck.deck.id, deck.deck.title, deck.origin.sha256, str(Path(deck.origin.path).resolve()))


def save_dict(game: Game, saved_at: str | None = None) -> dict:
    """The save of ``game`` as plain data (see the module's docstring)."""
    from .. import __version__

    return {
        "format": FORMAT,
        "version": VERSION,
        "deck": deck_ref(game.deck).to_dict(),
        "setup": game.setup.to_dict(),
        "log": [action.to_dict() for action in game.log],
        "saved_at": saved_at or now_iso(),
        "tabletop": __version__,
    }


def dump_save(game: Game, saved_at: str | None = None) -> str:
    """The save as JSON text: one line per key, one line per logged action."""
    data = save_dict(game, saved_at)

    def dumps(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in data.items():
        if key == "log":
            entries = ",\n".join(f"    {dumps(a)}" for a in value)
            lines.append(f'  "log": [\n{entries}\n  ]' if value else '  "log": []')
        else:
            lines.append(f"  {dumps(key)}: {dumps(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def save_game(game: Game, path: Path | str) -> None:
    """Write the save of ``game`` to ``path`` atomically.

    Refuses (`SaveError`) to replace a file that is not a readable tabletop save.
    """
    path = Path(path)
    check_overwritable(path)
    _write(game, path)


def _write(game: Game, path: Path) -> None:
    try:
        write_atomic(path, dump_save(game))
    except OSError as e:
        raise SaveError(f"{path}: cannot write the save: {e.strerror or e}") from None


def check_overwritable(path: Path | str) -> None:
    """Nothing, if a save may be written to ``path``: no file there, or a tabletop save this version reads."""
    path = Path(path)
    if not os.path.lexists(path):
        return
    if path.is_dir():
        raise SaveError(f"{path} is a folder; give a file name for the save")
    try:
        load_save(path)
    except SaveError as e:
        raise SaveError(f"refusing to overwrite {path}: it is not a tabletop save this version can read "
                        f"({_reason(e, path)}); choose another file") from None


def _reason(e: SaveError, path: Path) -> str:
    text = str(e)
    prefix = f"{path}: "
    return text[len(prefix):] if text.startswith(prefix) else text


def now_iso() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def load_save(path: Path | str) -> SaveFile:
    """Read and check a save file; `SaveError` with a clear message for anything wrong. Never writes."""
    path = Path(path)
    data = _read_json(path)

    def bad(message: str) -> SaveError:
        return SaveError(f"{path}: {message}")

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = f"an object without \"format\": \"{FORMAT}\"" if isinstance(data, dict) else _kind(data)
        raise bad(f"not a tabletop save (it is JSON, but {found})")
    version = data.get("version")
    if not _is_int(version):
        raise bad(f"expected an integer \"version\", found {_show(version)}")
    if version > VERSION:
        raise bad(f"made by a newer tabletop: version {version}, this one reads {VERSION}; "
                  "update tabletop to open it")
    if version < 1:
        raise bad(f"unknown save version {version}; this tabletop reads version {VERSION}")
    missing = [k for k in KEYS if k not in data]
    if missing:
        raise bad(f"missing key{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise bad(f"unexpected key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}")
    try:
        deck = _deck_ref(data["deck"])
        setup = _setup(data["setup"])
        log = _log(data["log"])
        saved_at = _text(data["saved_at"], "saved_at")
        try:
            datetime.fromisoformat(saved_at)
        except ValueError:
            raise ValueError(f"saved_at: expected a date and time such as 2026-01-31T18:00:00+00:00, "
                             f"found {saved_at!r}") from None
        tabletop = _text(data["tabletop"], "tabletop")
    except ValueError as e:
        raise bad(str(e)) from None
    return SaveFile(path, deck, setup, log, saved_at, tabletop)


def _read_json(path: Path):
    """The JSON in ``path``, read within bounds; `SaveError` saying what is wrong otherwise."""
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size > MAX_SAVE_BYTES:
                raise SaveError(f"{path}: too large for a save (over {MAX_SAVE_BYTES // (1024 * 1024)} MiB)")
            raw = f.read(MAX_SAVE_BYTES + 1)
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save file") from None
    except IsADirectoryError:
        raise SaveError(f"{path}: is a folder, not a save file") from None
    except OSError as e:
        raise SaveError(f"{path}: cannot read the save: {e.strerror or e}") from None
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(f"{path}: too large for a save (over {MAX_SAVE_BYTES // (1024 * 1024)} MiB)")
    if not raw.strip():
        raise SaveError(f"{path}: the file is empty, not a save (it may have been cut short)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SaveError(f"{path}: not a tabletop save: not UTF-8 text (byte {e.start} cannot be decoded)") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        if e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string"):  # ran out of text
            raise SaveError(f"{path}: the save is cut short (the JSON ends at line {e.lineno}, column {e.colno} "
                            "before it is complete); the file is truncated or damaged") from None
        raise SaveError(f"{path}: not a tabletop save: not valid JSON at line {e.lineno}, column {e.colno}: "
                        f"{e.msg}") from None
    except ValueError as e:  # duplicate keys, NaN
        raise SaveError(f"{path}: not a valid save: {e}") from None
    except RecursionError:
        raise SaveError(f"{path}: not a tabletop save: the JSON is nested too deeply") from None


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    out = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number a save can hold")


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _kind(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number")


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(value, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a string, found {_show(value)}")
    return value


def _object(value, where: str, keys: tuple[str, ...], optional: tuple[str, ...] = ()) -> dict:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object, found {_kind(value)}")
    missing = [k for k in keys if k not in value]
    if missing:
        raise ValueError(f"{where}: missing key{'s' if len(missing) > 1 else ''} {', '.join(map(repr, missing))}")
    unknown = sorted(set(value) - set(keys) - set(optional))
    if unknown:
        raise ValueError(f"{where}: unexpected key{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}")
    return value


def _deck_ref(value) -> DeckRef:
    d = _object(value, "deck", ("id", "title", "sha256", "path"))
    ref = DeckRef(*(_text(d[k], f"deck.{k}") for k in ("id", "title", "sha256", "path")))
    if not _SHA256.match(ref.sha256):
        raise ValueError(f"deck.sha256: expected 64 lowercase hex digits, found {_show(ref.sha256)}")
    if not ref.path:
        raise ValueError("deck.path: expected the deck file's path, found an empty string")
    return ref


def _setup(value) -> Setup:
    d = _object(value, "setup", ("seats", "seed"), ("rounds",))
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
    if not _is_int(d["seed"]):
        raise ValueError(f"setup.seed: expected an integer, found {_show(d['seed'])}")
    rounds = d.get("rounds")
    if rounds is not None and not (_is_int(rounds) and rounds >= 1):
        raise ValueError(f"setup.rounds: expected null or a whole number of rounds from 1, found {_show(rounds)}")
    return Setup(seats, d["seed"], rounds)


def _log(value) -> tuple[Action, ...]:
    if not isinstance(value, list):
        raise ValueError(f"log: expected a list of actions, found {_kind(value)}")
    out = []
    for i, entry in enumerate(value, 1):
        if isinstance(entry, dict):
            for key, v in entry.items():
                if isinstance(v, (bool, float)):  # no action takes true/false or fractions
                    raise ValueError(f"log entry {i}: {key}: expected a string or a whole number, found {_show(v)}")
        try:
            out.append(action_from_dict(entry))
        except ValueError as e:
            raise ValueError(f"log entry {i}: {e}") from None
    return tuple(out)


# --------------------------------------------------------------------------
# Resuming
# --------------------------------------------------------------------------


def resume(save: SaveFile, deck_path: Path | str | None = None, *, allow_changed_deck: bool = False) -> Game:
    """The saved game, replayed from its log against its deck (the recorded file, or ``deck_path``).

    Refuses (`SaveError`) when the deck is missing or cannot be loaded, when it has
    changed since the save (unless ``allow_changed_deck``), or when an entry of the
    log cannot be replayed.
    """
    path = Path(deck_path) if deck_path is not None else Path(save.deck.path)
    if not path.is_file():
        if deck_path is None:
            raise SaveError(f"{save.path}: the deck this game was played with is missing: {path}; "
                            "pass --deck PATH to use a copy of it")
        raise SaveError(f"no deck file at {path}")
    try:
        deck = load_deck(path)
    except DeckError as e:
        raise SaveError(f"the deck {path} cannot be loaded:\n{e}") from None
    sha = deck.origin.sha256 if deck.origin else ""
    if sha != save.deck.sha256 and not allow_changed_deck:
        what = [f"sha256 {save.deck.sha256[:12]}… when saved, {sha[:12]}… now"]
        if deck.deck.id != save.deck.id:
            what.insert(0, f"deck id {save.deck.id!r} when saved, {deck.deck.id!r} now")
        raise SaveError(f"{save.path}: the deck has changed since this game was saved ({path}: {'; '.join(what)}); "
                        "pass --allow-changed-deck to replay anyway")
    return replay_save(save, deck)


def replay_save(save: SaveFile, deck: Deck) -> Game:
    """Replay the save's log against ``deck`` with `Game.replay`; `SaveError` naming the entry that fails."""
    done = 0

    def entries():
        nonlocal done
        for action in save.log:
            yield action
            done += 1

    try:
        Game(deck, save.setup)  # the setup must fit the deck before any entry is blamed
    except ValueError as e:
        raise SaveError(f"{save.path}: the saved setup does not fit the deck {deck.deck.id!r}: {e}") from None
    try:
        return Game.replay(deck, save.setup, entries())
    except (IllegalAction, ValueError, LookupError, StopIteration) as e:
        action = save.log[done]
        raise SaveError(f"{save.path}: log entry {done + 1} of {len(save.log)} cannot be replayed "
                        f"({_show(action.to_dict())}): {e}") from None


# --------------------------------------------------------------------------
# Autosave
# --------------------------------------------------------------------------


def data_dir() -> Path:
    """tabletop's data directory: ``$TABLETOP_DATA_DIR`` if set, else the platform's user data directory."""
    override = os.environ.get("TABLETOP_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("tabletop", appauthor=False))


def saves_dir() -> Path:
    return data_dir() / "saves"


def autosave_name(deck: Deck, seed: int, started: datetime) -> str:
    """``<deck id>-<YYYYmmdd-HHMMSS>-seed<seed>.json``."""
    return f"{deck.deck.id}-{started:%Y%m%d-%H%M%S}-seed{seed}.json"


class Autosaver:
    """Writes ``game``'s save to ``path`` now and after every action it takes (`act`, `undo`, rulings alike).

    ``Autosaver(game, path)`` refuses (`SaveError`) a path holding anything but a
    tabletop save; `Autosaver.new` picks a fresh file in `saves_dir`. Unless
    ``pointer`` is False, ``last.json`` there is pointed at the save. A write that
    fails after the start goes to ``on_error`` (the game goes on) or, without
    one, raises `SaveError`.
    """

    def __init__(self, game: Game, path: Path | str, *, pointer: bool = True,
                 on_error: Callable[[SaveError], object] | None = None, _fresh: bool = False):
        self.game = game
        self.path = Path(path).absolute()
        self.on_error = on_error
        if not _fresh:
            check_overwritable(self.path)
        try:
            _write(game, self.path)
        except SaveError:
            if _fresh:  # the empty file reserved by `new`: nobody else's
                self.path.unlink(missing_ok=True)
            raise
        if pointer:
            write_pointer(self.path)
        game.listeners.append(self._after)

    @classmethod
    def new(cls, game: Game, directory: Path | None = None, *, started: datetime | None = None,
            on_error: Callable[[SaveError], object] | None = None) -> Autosaver:
        """An autosaver writing to a new file in ``directory`` (default `saves_dir`), never an existing one."""
        directory = directory or saves_dir()
        name = autosave_name(game.deck, game.setup.seed, started or datetime.now())
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path = _reserve(directory, name)
        except OSError as e:
            raise SaveError(f"cannot create a save in {directory}: {e.strerror or e}") from None
        return cls(game, path, on_error=on_error, _fresh=True)

    def _after(self, game: Game, action: Action, happened: list[Happening]) -> None:
        self.save()

    def save(self) -> None:
        try:
            _write(self.game, self.path)
        except SaveError as e:
            if self.on_error is None:
                raise
            self.on_error(e)

    def act(self, action: Action) -> list[Happening]:
        return self.game.act(action)

    def undo(self, n: int = 1, reason: str = "") -> list[Happening]:
        return self.game.undo(n, reason)

    def close(self) -> None:
        """Stop saving after each action."""
        if self._after in self.game.listeners:
            self.game.listeners.remove(self._after)


def _reserve(directory: Path, name: str) -> Path:
    """Create an empty file named ``name`` (or ``name-2``, ``-3`` ... if taken) and return its path."""
    stem, suffix = name.rsplit(".", 1)
    for n in range(1, 1000):
        path = directory / (name if n == 1 else f"{stem}-{n}.{suffix}")
        try:
            with open(path, "x", encoding="utf-8"):
                return path
        except FileExistsError:
            continue
    raise FileExistsError(f"too many saves named {name}")


def write_pointer(save_path: Path) -> None:
    """Point ``last.json`` in `saves_dir` at ``save_path`` (best effort: a failure only loses the shortcut)."""
    data = {"format": POINTER_FORMAT, "path": str(Path(save_path).absolute())}
    try:
        write_atomic(saves_dir() / POINTER_NAME, json.dumps(data, ensure_ascii=False) + "\n")
    except OSError:
        pass


def latest_save() -> Path:
    """The save started or resumed last (``last.json``), else the newest save in `saves_dir`; `SaveError` if none."""
    directory = saves_dir()
    pointer = directory / POINTER_NAME
    try:
        data = json.loads(pointer.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("format") == POINTER_FORMAT and isinstance(data.get("path"), str):
            target = Path(data["path"])
            if target.is_file():
                return target
    except (OSError, ValueError):
        pass
    try:
        candidates = [p for p in directory.glob("*.json") if p.name != POINTER_NAME and p.is_file()]
    except OSError:
        candidates = []
    if not candidates:
        raise SaveError(f"no saved game in {directory}; give the save file to use")
    return max(candidates, key=lambda p: (p.stat().st_mtime_ns, p.name))
