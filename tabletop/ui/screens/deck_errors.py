"""Shown instead of a crash when a deck has errors: every problem, as `tabletop check` prints it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from ...deck import Problem
from ..plain import plain
from ..widgets.footer import Footer

if TYPE_CHECKING:
    from textual import getters

    from ..app import TabletopApp


class DeckErrorScreen(Screen[None]):
    """Lists a deck's errors and warnings; reload once the file is fixed."""

    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [
        Binding("r", "reload", "Reload deck", id="errors.reload", tooltip="Read the deck file again after fixing it"),
        Binding("q", "app.quit", "Quit", id="errors.quit", tooltip="Leave tabletop"),
    ]

    def __init__(self, path: Path, errors: list[Problem], warnings: list[Problem]) -> None:
        super().__init__()
        self.path = path
        self.errors = errors
        self.warnings = warnings

    def compose(self) -> ComposeResult:
        yield Header()
        n = len(self.errors)
        yield Static(
            plain(f"ERROR: the deck {self.path} cannot be played: {n} error{'s' if n != 1 else ''}. "
                  "Fix the file in any editor, then press R to reload."),
            id="errors-title",
        )
        with VerticalScroll(id="errors-list"):
            for p in self.errors:
                yield Static(plain(str(p)), classes="problem error")
            for p in self.warnings:
                yield Static(plain(str(p)), classes="problem warning")
        yield Footer()

    def action_reload(self) -> None:
        self.app.open_deck(self.path)
