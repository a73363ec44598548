"""A hidden tally at the table (``tests/decks/hidden.toml``: "Hidden guns", hidden from the port city): the shared
screen shows it as hidden all game long (the tally board, the log, the roll and its odds, the cards' prices), the
island sees it on its private hand-off, and the debrief reveals it."""

from __future__ import annotations

import re

from test_ui_play import play_to_the_end, settle
from ui_helpers import REPO, SMALL, WIDE, log_text, make_app, screen_text

from tabletop.ui.screens.debrief import DebriefScreen
from tabletop.ui.screens.modals import HandOffScreen
from tabletop.ui.screens.table import TableScreen

HIDDEN_DECK = REPO / "tests" / "decks" / "hidden.toml"
MARK = "GUNS-"
VALUE = re.compile(r"Hidden guns:? *[-+]?\d")  # its value or a change written after its label


def flat(text: str) -> str:
    """The screen's text with the hand-off box's wrapped lines joined."""
    return re.sub(r" ║ ║ +", " ", text)


def leaks(text: str) -> list[str]:
    return [m.group(0) for m in VALUE.finditer(text)] + ([MARK] if MARK in text else [])


async def test_the_room_sees_the_hidden_tally_as_hidden_and_the_island_sees_it_in_private():
    app = make_app(HIDDEN_DECK, seats={"port": "human", "isle": "human"}, seed=3)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        hand_off = app.screen
        assert isinstance(hand_off, HandOffScreen)
        await pilot.pause()
        assert "what only you know" in flat(screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        private = flat(screen_text(app))
        assert "Hidden guns: 1/9 now; 1 at the start (hidden from The port city)" in private  # the island's own secret
        await pilot.press("enter", "enter")  # hidden, then the table
        await settle(pilot, app)
        assert isinstance(app.screen, TableScreen)
        seen: list[str] = []

        async def watch(pilot, screen):
            text = screen_text(app) + " " + log_text(screen)
            if screen.game.state.phase != "over":
                seen.append(text)
                assert not leaks(text), leaks(text)

        await watch(pilot, app.screen)
        assert "Hidden guns ? hidden" in seen[0]
        await play_to_the_end(pilot, app, watch)
        assert isinstance(app.screen, DebriefScreen)
        assert any("Hidden guns ? (hidden)" in text for text in seen)  # in the log's round lines
        assert any("Hidden guns ? (hidden)" in text for text in seen if "If played" in text)  # a card's price
        debrief = screen_text(app)
        assert "Hidden during the game, revealed now:" in debrief
        assert "Hidden guns (hidden from The port city):" in debrief


async def test_m_shows_the_island_its_hidden_tally_when_it_is_to_answer():
    app = make_app(HIDDEN_DECK, seats={"port": "bot:hawk", "isle": "human"}, seed=5)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HandOffScreen)
        await pilot.press("enter")  # alone at the screen: the secret is shown at once, Enter goes to the table
        await settle(pilot, app)
        table = app.screen
        assert isinstance(table, TableScreen) and table.game.state.phase == "response"
        assert not leaks(screen_text(app))
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, HandOffScreen)  # alone at the screen: shown at once
        app.screen.query_one("#handoff-scroll").scroll_end(animate=False)  # below the motive and how it scores
        await pilot.pause()
        guns = table.game.state.tallies["guns"]
        assert f"Hidden guns: {guns}/9 now" in flat(screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
