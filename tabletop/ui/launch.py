"""Start the full-screen app from the command line, and say truthfully how the game was left."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from ..deck import Deck
from ..engine import Game
from ..engine.state import Setup
from ..saves import Autosaver


def animation_wanted(flag_off: bool) -> bool:
    """Animation is on unless ``--no-animation`` or ``TABLETOP_NO_ANIMATION`` says otherwise."""
    return not flag_off and not os.environ.get("TABLETOP_NO_ANIMATION")


def run_tui(deck_path: Path, *, deck: Deck | None = None, setup: Setup | None = None, game: Game | None = None,
            saver: Autosaver | None = None, notice: str | None = None, save_path: Path | None = None,
            replace_save: bool = False, animate: bool = True, seed: int | None = None,
            rounds: int | None = None) -> int:
    """Run the app until it exits, then say where the game is saved, or that it is not. Returns the exit code:
    the app's, or 1 when the game on disk is behind the game played."""
    from .app import TabletopApp

    app = TabletopApp(deck_path, deck=deck, setup=setup, game=game, saver=saver, notice=notice, save_path=save_path,
                      replace_save=replace_save, animate=animate, seed=seed, rounds=rounds)
    try:
        app.run()
    finally:
        if app.autosaver is not None and app.final_status is None:  # the app ended before closing it
            app.final_status = app.autosaver.close()
    code = app.return_code or 0
    status = app.final_status
    if status is None:
        return code
    where = shlex.quote(str(status.path))
    if status.saved:
        over = app.game is not None and app.game.state.phase == "over"
        then = f"tabletop report {where}" if over else f"tabletop resume {where}"
        print(f"Game saved: {status.path}\n{'Write its report' if over else 'Resume it'} with: {then}")
        return code
    print(f"tabletop: {status.words()}.\nThe file holds the game up to action {status.on_disk} of {status.played}.",
          file=sys.stderr)
    return code or 1
