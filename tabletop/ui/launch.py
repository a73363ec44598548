"""Start the full-screen app from the command line."""

from __future__ import annotations

import os
from pathlib import Path

from ..deck import Deck
from ..engine import Game
from ..engine.state import Setup
from ..safetext import raw_output


def animation_wanted(flag_off: bool) -> bool:
    """Animation is on unless ``--no-animation`` or ``TABLETOP_NO_ANIMATION`` says otherwise."""
    return not flag_off and not os.environ.get("TABLETOP_NO_ANIMATION")


def run_tui(deck_path: Path, *, deck: Deck | None = None, setup: Setup | None = None, game: Game | None = None, save_path: Path | None = None,
            animate: bool = True, seed: int | None = None, rounds: int | None = None) -> int:
    """Run the app until it exits (it prints where the game is saved). Returns the exit code.

    The app shows file text as plain, `visible` text itself; the command line's filter on standard
    output and error is lifted while it runs, so that Textual's own messages keep their colours."""
    from .app import TabletopApp

    app = TabletopApp(deck_path, deck=deck, setup=setup, game=game, save_path=save_path, animate=animate, seed=seed,
                      rounds=rounds)
    with raw_output():
        app.run()
    return app.return_code or 0
