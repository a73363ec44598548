"""The full-screen table with a regional actor played by a team: the stance dialog, with the odds under each stance."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ui_helpers import SMALL, WIDE, screen_text

from tabletop.config import Config
from tabletop.engine.actions import TakeStance
from tabletop.engine.happenings import Rolled, StanceTaken
from tabletop.engine.state import ActorConfig, SeatConfig, Setup
from tabletop.ui.app import TabletopApp
from tabletop.ui.screens.debrief import DebriefScreen
from tabletop.ui.screens.modals import HandOffScreen, StanceScreen
from tabletop.ui.screens.table import TableScreen

STANCES = Path(__file__).resolve().parent / "decks" / "stances.toml"


def stance_app(kind: str = "team", seed: int = 3) -> TabletopApp:
    setup = Setup({"a": SeatConfig("bot"), "b": SeatConfig("bot")}, seed, None, {"neighbour": ActorConfig(kind)})
    return TabletopApp(STANCES, setup=setup, seed=seed, config=Config(), pace="instant")


async def until(pilot, app, kind, presses: int = 300) -> None:
    for _ in range(presses):
        await pilot.pause()
        if isinstance(app.screen, kind):
            return
        if isinstance(app.screen, TableScreen):
            await pilot.press("space")
    raise AssertionError(f"no {kind.__name__} came up")


async def past_the_hand_off(pilot, app) -> None:
    """The neighbour has a secret objective: its team (alone at the screen: both seats are bots) is shown it first."""
    for _ in range(10):
        await pilot.pause()
        if isinstance(app.screen, HandOffScreen):
            text = re.sub(r" ║ ║ +", " ", screen_text(app))  # the box's wrapped lines joined
            assert "Trust, point by point. (secret objective)" in text, text
            await pilot.press("enter")
            await pilot.pause()
            return
    raise AssertionError("no hand-off of the secret objective")


async def test_a_team_picks_a_stance_seeing_the_odds_under_each_and_plays_to_the_debrief():
    app = stance_app()
    async with app.run_test(size=WIDE) as pilot:
        await past_the_hand_off(pilot, app)
        await until(pilot, app, StanceScreen)
        text = screen_text(app)
        assert "The neighbour (team): choose a stance before the roll." in text
        assert "Calm the room +2 to the roll" in text and "Odds: Worried 17% Pleased 83%" in text
        assert "Stir things up -3 to the roll" in text and "Odds: Worried 83% Pleased 17%" in text
        assert "A neighbour that wants calm leans towards being pleased." in text
        game = next(s for s in app.screen_stack if isinstance(s, TableScreen)).game
        await pilot.press("escape")  # a choice must be made: escape only rings the bell
        await pilot.pause()
        assert isinstance(app.screen, StanceScreen)
        await pilot.press("down", "enter")  # Wait
        await pilot.pause()
        assert [a.stance for a in game.log if isinstance(a, TakeStance)][0] == "wait"
        for _ in range(20):  # both seats are bots: the game goes on by itself to the debrief, but for the stances
            await until(pilot, app, (StanceScreen, DebriefScreen))
            if isinstance(app.screen, DebriefScreen):
                break
            await pilot.press("enter")  # Calm the room, from now on
        assert isinstance(app.screen, DebriefScreen) and game.state.phase == "over"
        taken = [x.stance for _, xs in game.story() for x in xs if isinstance(x, StanceTaken)]
        assert taken[0] == "wait" and set(taken[1:]) <= {"calm"}
        rolls = [x for _, xs in game.story() for x in xs if isinstance(x, Rolled) and x.actor == "neighbour"]
        assert len(rolls) == len(taken) and all(r.modifiers[-1].source == "stance" for r in rolls)


async def test_a_bot_playing_an_actor_needs_no_dialog():
    """Bots in both seats and for the actor, at the instant pace: the game plays itself to the debrief."""
    app = stance_app("bot")
    async with app.run_test(size=SMALL) as pilot:
        for _ in range(300):
            await pilot.pause()
            assert not isinstance(app.screen, StanceScreen)
            if isinstance(app.screen, DebriefScreen):
                break
            await pilot.press("space")
        assert isinstance(app.screen, DebriefScreen)
        game = app.screen.game
        assert game.state.phase == "over" and any(isinstance(a, TakeStance) for a in game.log)


async def _to_the_stance(pilot) -> None:
    app = pilot.app
    await past_the_hand_off(pilot, app)
    await until(pilot, app, StanceScreen)


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "140x45"])
def test_stance_dialog_snapshot(snap_compare, size):
    assert snap_compare(stance_app(), terminal_size=size, run_before=_to_the_stance)
