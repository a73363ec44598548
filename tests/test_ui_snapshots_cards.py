"""How the hand with its prices and a card in full look, at 80x24 and 140x45, fixed seed, no animation
(``tests/decks/priced.toml``, seed 27: Call a summit, which cannot be played yet, and two Send aid).

Update after an intended change of look with ``pytest tests/test_ui_snapshots_cards.py --snapshot-update`` and
review the SVGs in ``tests/__snapshots__``.
"""

from __future__ import annotations

from test_ui_snapshots import SIZES, settle
from ui_helpers import REPO, make_app

PRICED = REPO / "tests" / "decks" / "priced.toml"
SEED = 27


@SIZES
def test_the_hand_with_prices(snap_compare, size):
    assert snap_compare(make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED), terminal_size=size,
                        run_before=settle)


@SIZES
def test_a_card_in_full(snap_compare, size):
    async def open_card(pilot) -> None:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        pilot.app.screen.set_focus(None)

    assert snap_compare(make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED), terminal_size=size,
                        run_before=open_card)


@SIZES
def test_a_card_that_cannot_be_played_in_full(snap_compare, size):
    async def open_card(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.show_card("play:summit")
        await pilot.pause()
        pilot.app.screen.set_focus(None)

    assert snap_compare(make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED), terminal_size=size,
                        run_before=open_card)
