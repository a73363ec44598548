"""Following a game from outside: read its save again whenever the file changes, never writing or locking it.

The autosave appends one line per action (and replaces the whole file by an atomic rename when it must rewrite
it), so a reader sees either a whole file or one whose last line is being written: `parse` keeps that line only
when it is a whole action, so a half-written line is never read as a move. A file that cannot be read at all (it
was replaced by something else, or deleted for a moment) raises `SaveError`; the follower keeps the last game it
read, for its reader to keep showing.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..engine.actions import IllegalAction
from ..engine.game import Game
from .format import SaveError, SaveFile
from .store import DeckLoader, load_save, replay_save, resume


class Follower:
    """The game in the save at ``path``, read again when the file's size, time or identity changes."""

    def __init__(self, path: Path | str, load_deck: DeckLoader, deck_path: Path | str | None = None, *,
                 allow_changed_deck: bool = False) -> None:
        self.path = Path(path)
        self.load_deck = load_deck
        self.deck_path = deck_path
        self.allow_changed_deck = allow_changed_deck
        self.save: SaveFile | None = None
        self.game: Game | None = None
        self._stamp: tuple[int, int, int, int] | None = None

    def first(self) -> Game:
        """Read the save and replay its game (the deck checked as `resume` checks it); `SaveError` if refused."""
        self._stamp = self._stat()
        save = load_save(self.path)
        self.game = resume(save, self.load_deck, self.deck_path, allow_changed_deck=self.allow_changed_deck)
        self.save = save
        return self.game

    def poll(self) -> Game | None:
        """The game again if the file changed since it was last read, else None; `SaveError` when the file cannot be
        read now (the last good game stays in ``game``)."""
        stamp = self._stat()
        if stamp == self._stamp:
            return None
        save = load_save(self.path)
        game = self._catch_up(save)
        self._stamp, self.save, self.game = stamp, save, game
        return game

    def _catch_up(self, save: SaveFile) -> Game:
        """The game of ``save``: the actions added since the last read played on, or the whole log replayed if the
        save is another game or its past changed."""
        old, game = self.save, self.game
        if old is None or game is None or save.deck != old.deck or save.setup != old.setup \
                or save.log[:len(old.log)] != old.log:
            if old is not None and game is not None and save.deck.sha256 == old.deck.sha256:
                return replay_save(save, game.deck)
            return resume(save, self.load_deck, self.deck_path, allow_changed_deck=self.allow_changed_deck)
        for done, action in enumerate(save.log[len(old.log):], len(old.log)):
            try:
                game.act(action)
            except (IllegalAction, ValueError, LookupError) as e:  # as `replay_save` says it
                self.game = None  # half caught up: the next read replays the whole log
                self.save = None
                raise SaveError(f"{save.path}: log entry {done + 1} of {len(save.log)} cannot be replayed: {e}") from None
        return game

    def _stat(self) -> tuple[int, int, int, int]:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            raise SaveError(f"{self.path}: no such save file (deleted or moved away?)") from None
        except OSError as e:
            raise SaveError(f"{self.path}: cannot read the save: {e.strerror or e}") from None
        return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns
