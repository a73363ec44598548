"""Where bundled decks live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DECK_ID = "korea-2018"


def decks_dir() -> Path:
    """The bundled decks: inside the installed package, or the repo's ``decks/``."""
    here = Path(__file__).resolve().parent
    installed = here / "decks"
    return installed if installed.is_dir() else here.parent / "decks"


def bundled_decks() -> list[Path]:
    return sorted(decks_dir().glob("*.toml"))


def default_deck() -> Path:
    return decks_dir() / f"{DEFAULT_DECK_ID}.toml"
