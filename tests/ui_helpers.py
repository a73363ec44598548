"""Helpers for the Textual tests: start the app on a deck, read what is on screen."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TypeVar

from tabletop.config import Config
from tabletop.engine.state import SeatConfig, Setup
from tabletop.ui.app import TabletopApp
from tabletop.ui.screens.table import TableScreen

S = TypeVar("S")

REPO = Path(__file__).resolve().parent.parent
#: The interface's tests play the tests' own small deck (seats "port" and "isle"), so that a change to the bundled
#: scenario changes no test and no snapshot; one smoke test (test_ui_play) plays the bundled deck.
TEST_DECK = REPO / "tests" / "decks" / "small.toml"
BUNDLED_DECK = REPO / "decks" / "korea-2018.toml"
SMALL = 80, 24
WIDE = 140, 45


def make_app(deck: Path = TEST_DECK, seats: dict[str, str] | None = None, seed: int = 7, **kwargs) -> TabletopApp:
    """The app, at the instant pace (unless ``pace`` says otherwise); with ``seats`` ({"port": "human", "isle": "bot"})
    it skips the setup screen."""
    setup = None
    if seats is not None:
        setup = Setup({k: SeatConfig(*v.split(":")) for k, v in seats.items()}, seed)
    kwargs.setdefault("config", Config())
    kwargs.setdefault("pace", "instant")
    return TabletopApp(deck, setup=setup, seed=seed, **kwargs)


def screen_text(app: TabletopApp) -> str:
    """Everything visible on the screen, as plain text."""
    svg = app.export_screenshot()
    text = " ".join(html.unescape(t) for t in re.findall(r">([^<>]*)</text>", svg))
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def log_text(screen, selector: str = "#log") -> str:
    """The whole of a RichLog (scrolled out of view or not), wrapped lines joined."""
    return re.sub(r"\s+", " ", " ".join(strip.text for strip in screen.query_one(selector).lines))


def finished_game(deck: Path = TEST_DECK, seed: int = 7, seats: dict[str, str] | None = None):
    """A game played to its end through the engine (bots on every seat unless ``seats`` say which style), no screen."""
    from tabletop.deck import load_deck
    from tabletop.engine import Game
    from tabletop.engine.bots import automatic_action

    loaded = load_deck(deck)
    chosen = seats or {s.id: "bot" for s in loaded.seats}
    game = Game(loaded, Setup({k: SeatConfig(*v.split(":")) for k, v in chosen.items()}, seed))
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
    assert game.state.phase == "over"
    return game


def debrief_app(game, deck: Path = TEST_DECK) -> TabletopApp:
    """The app on ``game``'s deck; `open_debrief` then shows the debrief of ``game``, as the table does at the end."""
    return make_app(deck, seed=game.setup.seed)


async def open_debrief(pilot, game) -> None:
    """Switch to the debrief of ``game`` (a game played through the engine), from the first screen."""
    await pilot.pause()
    pilot.app.show_debrief(game)
    for _ in range(3):
        await pilot.pause()


async def open_screen(app: TabletopApp, pilot, kind: type[S]) -> S:
    """The screen of ``kind``, once it is the screen shown and has drawn its first frame."""
    while not isinstance(app.screen, kind):
        await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, kind)
    return screen


async def open_setup(app: TabletopApp, pilot):
    """The setup screen, once it is the screen shown and has drawn its first frame."""
    from tabletop.ui.screens.setup import SetupScreen

    return await open_screen(app, pilot, SetupScreen)


async def open_table(app: TabletopApp, pilot) -> TableScreen:
    """The table, once it is the screen shown and has drawn its first frame."""
    return await open_screen(app, pilot, TableScreen)
