"""User settings: the theme and key remapping, in ``config.toml`` in the platform's config
directory (``$TABLETOP_CONFIG_DIR`` overrides it, for tests and portable installs).

```toml
theme = "tabletop"
pace = "room"      # how long the table holds each beat: room, brisk or instant (default: room for hot-seat)
room_view = true   # open the table in the room view (large stage and tallies, no log)
clock = "offer=120,response=90"  # the negotiation clock: off, deck, or seconds per phase (also a [clock] table)

[keys]          # binding id = key(s), comma-separated
"table.facilitator" = "f2"
```

A config that cannot be read is reported and ignored, and never overwritten (not even by
F2 remembering a theme). A UTF-8 byte order mark is accepted, as in decks.

What a setting may name (the app's themes, its bindings and screens, what a key is) is known
by the interface: `Config.checked` takes it as arguments, so that this module needs no
interface library, and turns every setting that would be silently ignored into a problem:
an unknown theme, an unknown binding id, a key that is not a key, a key that would do two
things on one screen. A remap that would leave a screen without its way out (Quit, Close)
or without Help is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import attrs

from .clock import ClockChoice, clock_from_config
from .files import user_folder
from .pace import pace_error
from .records import Record

MAX_CONFIG_BYTES = 64 * 1024


def config_dir() -> Path:
    """tabletop's settings folder: ``$TABLETOP_CONFIG_DIR`` if set, else the platform's user config folder."""
    return user_folder("TABLETOP_CONFIG_DIR", "config")


def config_path() -> Path:
    return config_dir() / "config.toml"


@attrs.frozen(repr=False, eq=False)
class KnownBinding(Record):
    """A key binding as the interface declares it; ``id`` is empty for keys that cannot be remapped
    (the toolkit's own, the keys a screen's widgets use)."""

    id: str
    keys: tuple[str, ...]  # its keys, as the interface names them
    description: str
    essential: bool = False  # Quit, Close or Help: no remap may leave its screens without it


@attrs.frozen(repr=False, eq=False)
class ScreenKeys(Record):
    """The bindings active on one screen (its own and the app's), and whether it has text fields
    (where typing takes every printable key)."""

    name: str  # in words, for messages: "the table"
    bindings: tuple[KnownBinding, ...]
    typing: bool = False


@attrs.frozen(repr=False, eq=False)
class Config(Record):
    theme: str | None = None
    keys: dict[str, str] = attrs.Factory(dict)
    pace: str | None = None  # a name in `tabletop.pace.PACES`, checked on reading
    room_view: bool | None = None
    clock: ClockChoice | None = None  # the negotiation clock (`tabletop.clock`); None: the deck's, by the seats
    problems: tuple[str, ...] = ()  # why parts of the file were ignored
    path: Path | None = None  # where it was read from

    def checked(self, *, themes: Iterable[str] | None = None, screens: Iterable[ScreenKeys] | None = None,
                key_name: Callable[[str], str | None] | None = None) -> Config:
        """This config with what the interface cannot use taken out, and a problem saying so for each.

        ``themes`` are the theme names known; ``screens`` every screen with its bindings;
        ``key_name(text)`` the interface's name for a key written ``text``, or None if it is not a key.
        What is not given is not checked.
        """
        where = f"{self.path}: " if self.path else ""
        theme, problems = self.theme, list(self.problems)
        if theme is not None and themes is not None:
            known = sorted(themes)
            if theme not in known:
                problems.append(f"{where}theme: unknown theme {theme!r}, ignored (known: {', '.join(known)})")
                theme = None
        keys = self.keys
        if keys and screens is not None and key_name is not None:
            keys, found = check_keys(keys, list(screens), key_name)
            problems += [where + problem for problem in found]
        return attrs.evolve(self, theme=theme, keys=keys, problems=tuple(problems))


def check_keys(keys: Mapping[str, str], screens: list[ScreenKeys],
               key_name: Callable[[str], str | None]) -> tuple[dict[str, str], list[str]]:
    """The remaps that can be used as they are (keys in the interface's names), and why the others cannot.

    Ignored: an unknown binding id; a key that is not a key (the whole remap); a key that would do two things
    on a screen, with another binding or with one of the screen's own keys (every remap taking part).
    Refused: a remap that would take an essential binding's key away on some screen, or give it a printable
    key on a screen where that key is typed into text fields.
    """
    known = {b.id: b for screen in screens for b in screen.bindings if b.id}
    problems: list[str] = []
    wanted: dict[str, tuple[str, ...]] = {}
    for binding_id, text in keys.items():
        if binding_id not in known:
            problems.append(f"keys.{binding_id}: unknown binding id, ignored (known: {', '.join(sorted(known))})")
            continue
        names: list[str] = []
        bad: list[str] = []
        for part in (p.strip() for p in text.split(",")):
            name = key_name(part) if part else None
            (names if name else bad).append(name or part)
        if bad:
            hints = [f"{b!r}" + (f" (did you mean {key_name(b.lower())!r}?)" if b and key_name(b.lower()) else "")
                     for b in bad]
            problems.append(f"keys.{binding_id} = {text!r}: not a key: {', '.join(hints)}; ignored "
                            "(keys are named like 'x', 'f9', 'ctrl+t', 'space', 'question_mark')")
            continue
        wanted[binding_id] = tuple(dict.fromkeys(names))

    def normal(binding: KnownBinding) -> tuple[str, ...]:
        return tuple(dict.fromkeys(key_name(k) or k for k in binding.keys))

    # A remap to the keys a binding has anyway changes nothing, and clashes with nothing new.
    changed = {i for i, names in wanted.items() if set(names) != set(normal(known[i]))}
    typed = {key_name(chr(c)) for c in range(33, 127)} - {None}  # what typing a character sends
    while True:  # drop the remaps that clash, until none does (dropping one brings its default keys back)
        clashes: dict[str, str] = {}  # binding id -> why it is dropped
        for screen in screens:
            holders: dict[str, dict[str, KnownBinding]] = {}
            for b in screen.bindings:
                for key in wanted[b.id] if b.id in changed else normal(b):
                    holders.setdefault(key, {})[b.id or b.description] = b
            for key, held in holders.items():
                bs = list(held.values())
                # Only a key that a remap brings is its doing: a clash among defaults was there before.
                remapped = [b for b in bs if b.id in changed and b.id not in clashes and key not in normal(b)]
                if len(bs) < 2 or not remapped:
                    continue
                lost = [b for b in bs if b.essential]
                what = " and ".join(_words(b) for b in bs)
                for b in remapped:
                    clashes[b.id] = (f"refused: {key!r} would be {what} on {screen.name}, leaving it without "
                                     f"{' or '.join(_words(x) for x in lost)}" if lost else
                                     f"ignored: {key!r} would be {what} on {screen.name}")
            if screen.typing:
                for b in screen.bindings:
                    keys_wanted = wanted.get(b.id, ())
                    if b.essential and b.id in changed and b.id not in clashes and all(k in typed for k in keys_wanted):
                        clashes[b.id] = (f"refused: {keys_wanted[0]!r} is typed into the text fields of {screen.name}, "
                                         f"leaving it without {_words(b)} while typing")
        if not clashes:
            break
        for binding_id, why in sorted(clashes.items(), key=lambda item: list(keys).index(item[0])):
            problems.append(f"keys.{binding_id} = {keys[binding_id]!r}: {why}")
            del wanted[binding_id]
            changed.discard(binding_id)
    return {binding_id: ",".join(names) for binding_id, names in wanted.items()}, problems


def _words(b: KnownBinding) -> str:
    return f"{b.description} ({b.id})" if b.id else b.description


class ConfigUnreadable(ValueError):
    """The config file exists but cannot be used; the message says why. It is never overwritten."""


def _read(path: Path) -> tuple[str, bool]:
    """The config file's text and whether it starts with a byte order mark (dropped from the text).

    `FileNotFoundError` if there is none; `ConfigUnreadable` if it cannot be used: too large, not UTF-8, not TOML.
    """
    from .files import read_regular

    try:
        raw = read_regular(path, MAX_CONFIG_BYTES)  # a FIFO or a device is refused, never opened
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigUnreadable(f"{path}: ignored, larger than {MAX_CONFIG_BYTES} bytes")
        text = raw.decode("utf-8-sig")  # editors on Windows may add a BOM
    except (FileNotFoundError, ConfigUnreadable):
        raise
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigUnreadable(f"{path}: ignored, cannot be read: {e}") from None
    import tomllib  # here: a start-up without a config file never loads the parser

    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigUnreadable(f"{path}: ignored, cannot be read: {e}") from None
    except RecursionError:
        raise ConfigUnreadable(f"{path}: ignored, nested too deeply to be a settings file") from None
    return text, raw.startswith(b"\xef\xbb\xbf")


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        text = _read(path)[0]
    except FileNotFoundError:
        return Config(path=path)
    except ConfigUnreadable as e:
        return Config(problems=(str(e),), path=path)
    import tomllib  # here, as in `_read` (which has parsed this text)

    data = tomllib.loads(text)
    problems = []
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: theme: expected a string, found {type(theme).__name__}")
        theme = None
    keys = {}
    raw_keys = data.get("keys", {})
    if not isinstance(raw_keys, dict):
        problems.append(f"{path}: keys: expected a table of binding id = key")
        raw_keys = {}
    for binding, key in _flatten(raw_keys):
        if isinstance(key, str) and key.strip():
            keys[binding] = key.strip()
        else:
            found = f"a {'table' if isinstance(key, dict) else type(key).__name__}" if isinstance(key, (dict, list)) \
                else repr(key)[:60]
            problems.append(f"{path}: keys.{binding[:80]}: expected a key name such as 'f2' or 'x', found {found}")
    pace = data.get("pace")
    if pace is not None:
        why = pace_error(pace) if isinstance(pace, str) else f"expected a string, found {type(pace).__name__}"
        if why:
            problems.append(f"{path}: pace: {why}; ignored")
            pace = None
    room_view = data.get("room_view")
    if room_view is not None and not isinstance(room_view, bool):
        problems.append(f"{path}: room_view: expected true or false, found {type(room_view).__name__}; ignored")
        room_view = None
    clock = None
    if "clock" in data:
        try:
            clock = clock_from_config(data["clock"])
        except ValueError as e:
            problems.append(f"{path}: clock: {e}; ignored")
    for unknown in sorted(set(data) - {"theme", "keys", "pace", "room_view", "clock"}):
        problems.append(f"{path}: {unknown}: unknown setting (known: theme, pace, room_view, clock, keys)")
    return Config(theme=theme, keys=keys, pace=pace, room_view=room_view, clock=clock, problems=tuple(problems),
                  path=path)


def _flatten(table: dict, prefix: str = "", depth: int = 0):
    """``"table.quit" = "x"`` and the dotted key ``table.quit = "x"`` (a nested table in TOML) alike; a binding
    id has two parts, so anything nested deeper than a few levels is yielded as it is, not walked."""
    for name, value in table.items():
        if isinstance(value, dict) and depth < 3:
            yield from _flatten(value, f"{prefix}{name}.", depth + 1)
        else:
            yield f"{prefix}{name}", value


def save_theme(theme: str, path: Path | None = None) -> bool:
    """Remember the theme, keeping the rest of the file as it is (and its byte order mark, if any).

    Returns False, writing nothing, when the file exists but `load_config` would ignore it as unreadable:
    never overwrite a file the user must fix by hand.
    """
    from .files import write_file

    path = path or config_path()
    try:
        text, bom = _read(path)
    except FileNotFoundError:
        text, bom = "", False
    except (ConfigUnreadable, OSError):
        return False
    lines = text.splitlines()
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    head = [line for line in lines[:first_table] if not re.match(r"\s*theme\s*=", line)]
    # The theme line goes first: top-level keys must come before any table header.
    body = "\n".join([f"theme = {json.dumps(theme)}", *head, *lines[first_table:]])
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, ("\ufeff" if bom else "") + body.rstrip("\n") + "\n", replace_existing=True)
    return True
