"""Start the full-screen app from the command line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..deck import Deck
from ..engine import Game
from ..engine.state import Setup


def animation_wanted(flag_off: bool) -> bool:
    """Animation is on unless ``--no-animation`` or ``TABLETOP_NO_ANIMATION`` says otherwise."""
    return not flag_off and not os.environ.get("TABLETOP_NO_ANIMATION")


def run_tui(deck_path: Path, *, deck: Deck | None = None, setup: Setup | None = None, game: Game | None = None, save_path: Path | None = None,
            animate: bool = True, seed: int | None = None, rounds: int | None = None) -> int:
    """Run the app until it exits (it prints where the game is saved). Returns the exit code."""
    from .app import TabletopApp

    app = TabletopApp(deck_path, deck=deck, setup=setup, game=game, save_path=save_path, animate=animate, seed=seed,
                      rounds=rounds)
    with signals_exit(app) as received:
        app.run()
    for problem in app.config.problems:  # shown on screen at the start, and here once the terminal is back
        print(f"tabletop: settings: {problem}", file=sys.stderr)
    return 128 + received[0] if received else app.return_code or 0


#: Signals that end the app through its normal exit path (exit code 128 + the signal's number, as a shell shows).
EXIT_SIGNALS = {signal.SIGTERM: "Terminated", signal.SIGINT: "Interrupted"}


@contextmanager
def signals_exit(app) -> Iterator[list[int]]:
    """While in the block, SIGTERM or SIGINT makes ``app`` exit as if the player had quit: through Textual's
    own exit path, so that the terminal is restored (alternate screen, mouse, cursor) and ``app.run()``
    returns normally (whatever follows it runs). The list yielded holds the signal once one has arrived."""
    received: list[int] = []

    def exit_app(signum: int) -> None:
        message = None
        if app.autosaver is not None:
            message = f"{EXIT_SIGNALS[signum]}. Game saved: {app.save_location}\nResume it with: tabletop resume"
        app.exit(return_code=128 + signum, message=message)

    def handler(signum, frame) -> None:
        if received:
            return
        received.append(signum)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not running: before app.run(), the app will not start; after it, no harm
            exit_app(signum)
        else:
            loop.call_soon_threadsafe(exit_app, signum)  # in the app's loop, not inside what the signal interrupted

    previous = {}
    try:
        for signum in EXIT_SIGNALS:
            if signal.getsignal(signum) is not signal.SIG_IGN:  # e.g. SIGINT in a background job: leave it ignored
                previous[signum] = signal.signal(signum, handler)
    except ValueError:  # not the main thread: not ours to handle
        pass
    try:
        yield received
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
