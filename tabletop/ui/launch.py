"""Start the full-screen app from the command line, and say truthfully how the game was left."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..clock import ClockChoice
from ..deck import Deck, DeckError
from ..engine import Game
from ..engine.state import ActorConfig, Setup
from ..invocation import command
from ..safetext import raw_output
from ..saves import Autosaver

#: The environment variable through which Textual is told which driver to draw with (textual-serve sets it to Textual's
#: web driver for the command it serves in a browser).
DRIVER_VARIABLE = "TEXTUAL_DRIVER"


def driver_given(environ: Mapping[str, str] | None = None) -> str | None:
    """The Textual driver named by the environment (``module:Class``), or None: with one given, Textual draws through
    it and needs no terminal (textual-serve's web driver draws in a browser through pipes)."""
    value = (os.environ if environ is None else environ).get(DRIVER_VARIABLE, "").strip()
    return value if value.partition(":")[2] else None


def drawable(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the full-screen app can draw here: on a terminal, or through a driver the environment names."""
    if driver_given(environ) is not None:
        return True
    return sys.stdin.isatty() and sys.stdout.isatty()


def animation_wanted(flag_off: bool) -> bool:
    """Animation is on unless ``--no-animation`` or ``TABLETOP_NO_ANIMATION`` says otherwise (off: the instant pace)."""
    return not flag_off and not os.environ.get("TABLETOP_NO_ANIMATION")


def run_tui(deck_path: Path, *, deck: Deck | None = None, setup: Setup | None = None, game: Game | None = None,
            saver: Autosaver | None = None, notice: str | None = None, save_path: Path | None = None,
            replace_save: bool = False, animate: bool = True, seed: int | None = None,
            rounds: int | None = None, deck_error: DeckError | None = None, pace: str | None = None,
            room_view: bool | None = None, secrets_elsewhere: bool = False, clock: ClockChoice | None = None,
            actors: dict[str, ActorConfig] | None = None) -> int:
    """Run the app until it exits, then say where the game is saved, or that it is not. Returns the exit code:
    the app's, or 1 when the game on disk is behind the game played. ``deck_error``: the deck at ``deck_path``
    was read and has errors, which the app shows without reading it again."""
    from .app import TabletopApp

    app = TabletopApp(deck_path, deck=deck, setup=setup, game=game, saver=saver, notice=notice, save_path=save_path,
                      replace_save=replace_save, animate=animate, seed=seed, rounds=rounds, deck_error=deck_error,
                      pace=pace, room_view=room_view, secrets_elsewhere=secrets_elsewhere, clock=clock,
                      actors=actors)
    try:
        with signals_exit(app) as received, raw_output():  # Textual draws on the terminal itself
            app.run()
    finally:
        app.close_save()  # if the app ended before closing it
    for problem in app.config.problems:  # shown on screen at the start, and here once the terminal is back
        print(f"tabletop: settings: {problem}", file=sys.stderr)
    code = 128 + received[0] if received else app.return_code or 0
    if received:
        print(f"{EXIT_SIGNALS[received[0]]}.", file=sys.stderr)
    status = app.final_status
    if status is None:
        return code
    where = shlex.quote(str(status.path))
    if status.saved:
        over = app.game is not None and app.game.state.phase == "over"
        then = f"{command()} report {where}" if over else f"{command()} resume {where}"
        print(f"Game saved: {status.path}\n{'Write its report' if over else 'Resume it'} with: {then}")
        return code
    print(f"tabletop: {status.words()}.\nThe file holds the game up to action {status.on_disk} of {status.played}.",
          file=sys.stderr)
    return code or 1


#: Signals that end the app through its normal exit path (exit code 128 + the signal's number, as a shell shows).
EXIT_SIGNALS: dict[int, str] = {signal.SIGTERM: "Terminated", signal.SIGINT: "Interrupted",
                **({signal.SIGHUP: "Hung up"} if hasattr(signal, "SIGHUP") else {})}  # the terminal was closed


@contextmanager
def signals_exit(app) -> Iterator[list[int]]:
    """While in the block, SIGTERM or SIGINT makes ``app`` exit as if the player had quit: through Textual's
    own exit path, so that the terminal is restored (alternate screen, mouse, cursor) and ``app.run()``
    returns normally (whatever follows it runs). The list yielded holds the signal once one has arrived."""
    received: list[int] = []

    def exit_app(signum: int) -> None:
        app.exit(return_code=128 + signum)  # the save is closed on the way out; run_tui says how it was left

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
