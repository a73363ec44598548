"""The one banner that says the game is not being saved: why, what is missing, and what to do.

It stays up, unchanged by further moves, until a write succeeds (the autosave
tries again after every action); it is never a toast per move.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...saves import SaveStatus
from ..plain import plain


def status_text(status: SaveStatus) -> Text:
    """What the banner says: plain text (paths and errors come from outside), never markup."""
    if status.saved:
        return plain(f"Saved: {status.path}")
    text = Text()
    text.append(" NOT SAVED ", style="bold reverse")
    text.append(plain(f" {status.words().removeprefix('NOT SAVED: ')}. Retried after every move; "
                      "S saves the game to another file."))
    return text


class SaveBanner(Static):
    """Hidden while the game on disk is the game played; otherwise says so, persistently."""

    def __init__(self) -> None:
        super().__init__(id="save-banner")
        self.display = False

    def on_mount(self) -> None:
        self.show(getattr(self.app, "save_status", None))

    def show(self, status: SaveStatus | None) -> None:
        self.display = status is not None and not status.saved
        if status is not None and not status.saved:
            self.update(status_text(status))
