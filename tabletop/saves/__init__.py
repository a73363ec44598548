"""Saved games: the file format, where saves live, the autosave that follows a game, and one writer per game.

Nothing here imports the user interface; the deck loader is passed in where a
save is replayed.
"""

from .autosave import Autosaver, SaveStatus, save_game
from .format import SaveError, SaveFile, saved_at
from .store import latest_save, load_save, resume, saves_dir

__all__ = ["Autosaver", "save_game", "SaveError", "SaveFile", "SaveStatus", "latest_save", "load_save", "resume", "saved_at", "saves_dir"]
