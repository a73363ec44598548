"""Where saves live, reading them, the last game, and replaying a save into a game.

Autosaves live in ``saves/`` under the platform's data directory, or under
``$TABLETOP_DATA_DIR`` when that is set, with ``last.json`` pointing to the game
started or resumed most recently. Reading a save never writes and never blocks
(a FIFO named as a save is refused at once). The deck loader is passed in.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from attrs import frozen

from .. import files
from ..deck.model import Deck
from ..engine.actions import IllegalAction
from ..engine.game import Game
from ..records import Record
from .format import MAX_SAVE_BYTES, DeckRef, SaveError, SaveFile, _show, parse

POINTER_FORMAT = "tabletop-last"
POINTER_NAME = "last.json"
SAVE_SUFFIX = ".jsonl"
#: How many of the newest saves `unfinished_saves` looks at.
MAX_LISTED = 40

DeckLoader = Callable[[Path], Deck]


def data_dir() -> Path:
    """tabletop's data directory: ``$TABLETOP_DATA_DIR`` if set, else the platform's user data directory."""
    return files.user_folder("TABLETOP_DATA_DIR", "data")


def saves_dir() -> Path:
    return data_dir() / "saves"


def autosave_name(deck: Deck, seed: int, started: datetime) -> str:
    """``<deck id>-<YYYYmmdd-HHMMSS>-seed<seed>.jsonl``."""
    return f"{deck.deck.id}-{started:%Y%m%d-%H%M%S}-seed{seed}{SAVE_SUFFIX}"


def deck_ref(deck: Deck) -> DeckRef:
    if deck.origin is None:
        raise SaveError("this deck was not loaded from a file, so a save could not find it again")
    return DeckRef(deck.deck.id, deck.deck.title, deck.origin.sha256, str(Path(deck.origin.path).resolve()))


# --------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------


def load_save(path: Path | str) -> SaveFile:
    """Read and check a save file; `SaveError` with a clear message for anything wrong. Never writes or blocks."""
    path = Path(path)
    try:
        fd = files.open_regular(path)
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save file") from None
    except files.FileRefused as e:
        raise SaveError(f"{e}; a save is a file") from None
    except IsADirectoryError:
        raise SaveError(f"{path}: is a folder, not a save file") from None
    except OSError as e:
        raise SaveError(f"{path}: cannot read the save: {e.strerror or e}") from None
    try:
        return read_open_save(fd, path)
    finally:
        os.close(fd)


def read_open_save(fd: int, path: Path) -> SaveFile:
    """The save in the open file ``fd`` (read from its start, within bounds)."""
    try:
        st = os.fstat(fd)
        if st.st_size > MAX_SAVE_BYTES:
            raise SaveError(f"{path}: too large for a save (over {MAX_SAVE_BYTES // (1024 * 1024)} MiB)")
        raw = files.read_fd(fd, MAX_SAVE_BYTES)
    except OSError as e:
        raise SaveError(f"{path}: cannot read the save: {e.strerror or e}") from None
    with bulk():
        return parse(raw, path, st.st_mtime)


@contextmanager
def bulk() -> Iterator[None]:
    """While many objects are made and none is thrown away (reading a save, replaying it), Python's cycle
    collector only rescans the growing heap: pause it (a quarter of a long save's replay), as before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def existing_save(path: Path | str) -> SaveFile | None:
    """The tabletop save at ``path``, or None if nothing is there; `SaveError` if something else is.

    For a save about to be written: a file that is not a save is never replaced.
    """
    path = Path(path)
    try:
        if files.regular_or_absent(path) is None:
            return None
    except files.FileRefused as e:
        raise SaveError(f"refusing to write a save to {path}: {e}") from None
    try:
        return load_save(path)
    except SaveError as e:
        text = str(e)
        reason = text[len(f"{path}: "):] if text.startswith(f"{path}: ") else text
        raise SaveError(f"refusing to overwrite {path}: it is not a tabletop save this version can read "
                        f"({reason}); choose another file") from None


def is_save(path: Path | str) -> bool:
    try:
        load_save(path)
    except SaveError:
        return False
    return True


# --------------------------------------------------------------------------
# Resuming
# --------------------------------------------------------------------------


def resume(save: SaveFile, load_deck: DeckLoader, deck_path: Path | str | None = None, *,
           allow_changed_deck: bool = False) -> Game:
    """The saved game, replayed from its log against its deck (the recorded file, or ``deck_path``).

    Refuses (`SaveError`) when the deck is missing or cannot be loaded, when it has
    changed since the save (unless ``allow_changed_deck``), or when an entry of the
    log cannot be replayed.
    """
    from ..deck import DeckError

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
    try:
        game = Game(deck, save.setup)  # the setup must fit the deck before any entry is blamed
    except ValueError as e:
        raise SaveError(f"{save.path}: the saved setup does not fit the deck {deck.deck.id!r}: {e}") from None
    with bulk():
        for done, action in enumerate(save.log):
            try:
                game.act(action)
            except (IllegalAction, ValueError, LookupError) as e:
                raise SaveError(f"{save.path}: log entry {done + 1} of {len(save.log)} cannot be replayed "
                                f"({_show(action.to_dict())}): {e}") from None
    return game


# --------------------------------------------------------------------------
# The last game, and the games not finished
# --------------------------------------------------------------------------


def write_pointer(save_path: Path) -> None:
    """Point ``last.json`` in `saves_dir` at ``save_path`` (best effort: a failure only loses the shortcut)."""
    data = {"format": POINTER_FORMAT, "path": str(Path(save_path).absolute())}
    try:
        saves_dir().mkdir(parents=True, exist_ok=True)
        os.close(files.replace(saves_dir() / POINTER_NAME, (json.dumps(data, ensure_ascii=False) + "\n").encode()))
    except OSError:
        pass


def pointed_save() -> Path | None:
    """The save ``last.json`` points to, if it is still a file."""
    try:
        raw = files.read_regular(saves_dir() / POINTER_NAME, 64 * 1024)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get("format") == POINTER_FORMAT and isinstance(data.get("path"), str):
        target = Path(data["path"])
        try:
            if files.regular_or_absent(target) is not None:
                return target
        except OSError:
            return None
    return None


def all_saves() -> list[Path]:
    """The saves in `saves_dir`, newest first (by the time they were last written)."""
    directory = saves_dir()
    found = []
    try:
        for entry in os.scandir(directory):
            if entry.name == POINTER_NAME or entry.name.startswith("."):
                continue
            if entry.name.endswith((SAVE_SUFFIX, ".json")) and entry.is_file():
                found.append((entry.stat().st_mtime_ns, entry.name, Path(entry.path)))
    except OSError:
        return []
    return [p for _, _, p in sorted(found, reverse=True)]


def latest_save() -> Path:
    """The save started or resumed last (``last.json``), else the newest save in `saves_dir`; `SaveError` if none."""
    pointed = pointed_save()
    if pointed is not None:
        return pointed
    saves = all_saves()
    if not saves:
        raise SaveError(f"no saved game in {saves_dir()}; give the save file to use")
    return saves[0]


@frozen(repr=False, eq=False)
class Summary(Record):
    """A save in a list of games: what it is and how far it got (``over`` None: could not tell, see ``problem``)."""

    path: Path
    title: str
    seed: int
    actions: int
    saved_at: str
    round: int | None = None
    rounds: int | None = None
    over: bool | None = None
    problem: str | None = None

    def line(self) -> str:
        where = (f"round {self.round} of {self.rounds}" if self.over is False else
                 "over" if self.over else f"cannot tell ({self.problem})")
        return f"{self.title}, seed {self.seed}: {where}, {self.actions} actions, saved {self.saved_at[:16]}"


def summarize(path: Path, load_deck: DeckLoader, cache: dict | None = None) -> Summary:
    """How far the save at ``path`` got, by replaying it (decks loaded once per file, through ``cache``)."""
    try:
        save = load_save(path)
    except SaveError as e:
        return Summary(path, path.name, 0, 0, "", problem=_why(e))
    base = Summary(path, save.deck.title, save.setup.seed, len(save.log), save.saved_at)
    cache = {} if cache is None else cache
    key = save.deck.path
    try:
        if key not in cache:
            cache[key] = load_deck(Path(key))
        deck = cache[key]
        if deck.origin is None or deck.origin.sha256 != save.deck.sha256:
            raise SaveError("its deck has changed")
        state = replay_save(save, deck).state
    except Exception as e:  # a missing or broken deck: listed, with why
        cache.setdefault(key, None)
        return Summary(base.path, base.title, base.seed, base.actions, base.saved_at, problem=_why(e))
    return Summary(base.path, base.title, base.seed, base.actions, base.saved_at, state.round, state.rounds,
                   state.phase == "over")


def _why(e: Exception) -> str:
    text = str(e).split("\n", 1)[0]
    return text if len(text) <= 80 else text[:77] + "..."


def unfinished_saves(load_deck: DeckLoader, limit: int = MAX_LISTED) -> list[Summary]:
    """The newest saves (at most ``limit``) whose game is not over, newest first."""
    cache: dict = {}
    out = []
    for path in all_saves()[:limit]:
        summary = summarize(path, load_deck, cache)
        if summary.over is False:
            out.append(summary)
    return out


def save_to_resume(load_deck: DeckLoader) -> tuple[Summary | None, list[Summary]]:
    """The save a plain ``tabletop resume`` continues, or (None, the unfinished games to choose from).

    The game started or resumed last, unless it is over and other games are
    not: then the list of those, newest first, so that nobody is sent to a
    finished game by mistake. (None, []) when there is no save at all.
    """
    pointed = pointed_save()
    last = summarize(pointed, load_deck) if pointed is not None else None
    if last is not None and last.over is not True:
        return last, []  # unfinished, or damaged: resume says what is wrong
    waiting = [s for s in unfinished_saves(load_deck) if pointed is None or s.path != pointed]
    if waiting:
        if pointed is None and len(waiting) == 1:
            return waiting[0], []
        return None, waiting
    if last is not None:
        return last, []  # over, and nothing else waits: resume says so
    saves = all_saves()
    return (summarize(saves[0], load_deck) if saves else None), []
