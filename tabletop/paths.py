"""Where bundled decks live, installed or in a source checkout; where tabletop keeps its cache."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .files import user_folder

if TYPE_CHECKING:
    from .deck import Deck

DEFAULT_FILE = "default.txt"  # names the bundled deck that plays when none is given


def decks_dir() -> Path:
    """The bundled decks: inside the installed package, or the repo's ``decks/``."""
    here = Path(__file__).resolve().parent
    installed = here / "decks"
    return installed if installed.is_dir() else here.parent / "decks"


def bundled_decks() -> list[Path]:
    return sorted(decks_dir().glob("*.toml"))


def default_deck() -> Path:
    """The deck named in ``decks/default.txt`` (data, like the decks: no crisis is named in code)."""
    folder = decks_dir()
    name = (folder / DEFAULT_FILE).read_text(encoding="utf-8").strip()
    return folder / Path(name).name


def cache_dir() -> Path:
    """tabletop's cache folder: ``$TABLETOP_CACHE_DIR`` if set, else the platform's user cache folder."""
    return user_folder("TABLETOP_CACHE_DIR", "cache")


def deck_cache() -> Path:
    """Where parsed deck files are kept (`tabletop.deck.cache`): pass it to `load_deck`'s ``cache``."""
    return cache_dir() / "parsed-decks"


def open_deck(path: str | Path) -> Deck:
    """A deck as the commands and the interface open it: `load_deck` with the user's `deck_cache` (a `DeckLoader`
    for the saves). `DeckError` as `load_deck`."""
    from .deck import load_deck

    return load_deck(path, deck_cache())
