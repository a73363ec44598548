"""Where bundled decks live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

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
