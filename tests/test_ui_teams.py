"""Regional teams at one screen: the setup screen chooses who plays each actor with stances, the hot-seat order
covers every team (a hand-off only for a team whose actor has a secret objective), the stage shows the odds under
each stance before the team chooses, the roll's beat names the stance taken, and the debrief scores the actors
beside the seats. The tests' own deck with teams (`tests/decks/teams.toml`): the neighbour has a secret objective,
the far power has none, the fleet only rolls."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ui_helpers import BUNDLED_DECK, SMALL, WIDE, open_debrief, screen_text

from tabletop.config import Config
from tabletop.deck import load_deck
from tabletop.engine import Game
from tabletop.engine.actions import TakeStance
from tabletop.engine.decisions import decide
from tabletop.engine.state import ActorConfig, SeatConfig, Setup
from tabletop.present import stage as st
from tabletop.ui.app import TabletopApp
from tabletop.ui.screens.debrief import DebriefScreen
from tabletop.ui.screens.modals import HandOffScreen, StanceScreen
from tabletop.ui.screens.setup import SetupScreen
from tabletop.ui.screens.table import TableScreen

TEAMS = Path(__file__).resolve().parent / "decks" / "teams.toml"


def flat(text: str) -> str:
    """The screen's text with a box's wrapped lines joined."""
    return re.sub(r" ║ ║ +", " ", text)


def teams_app(seats: dict[str, str], actors: dict[str, str], seed: int = 3, **kwargs) -> TabletopApp:
    setup = Setup({k: SeatConfig(v) for k, v in seats.items()}, seed, None,  # type: ignore[arg-type]
                  {k: ActorConfig(v) for k, v in actors.items()})  # type: ignore[arg-type]
    kwargs.setdefault("pace", "instant")
    return TabletopApp(TEAMS, setup=setup, seed=seed, config=Config(), **kwargs)


async def wait_for(pilot, condition, tries: int = 300) -> None:
    for _ in range(tries):
        await pilot.pause()
        if condition():
            return
    raise AssertionError("never happened")


def drawn(game: Game, scene: st.Scene) -> str:
    """A beat as the stage draws it, in plain text."""
    import io

    from rich.console import Console

    from tabletop.ui.widgets.stage import scene_view

    console = Console(width=100, record=True, file=io.StringIO())
    console.print(scene_view(game.deck, scene))
    return " ".join(console.export_text().split())


def table_of(app) -> TableScreen:
    return next(s for s in app.screen_stack if isinstance(s, TableScreen))


# -- the setup screen ---------------------------------------------------------------------------------------------


async def choose(pilot, select_id: str, downs: int) -> None:
    """Open a compact selector by keyboard and take the option ``downs`` below the first."""
    pilot.app.screen.query_one(select_id).focus()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("home", *["down"] * downs, "enter")
    await pilot.pause()


async def test_the_setup_screen_gives_china_to_a_team_and_russia_to_a_bot_and_play_again_keeps_them():
    app = TabletopApp(BUNDLED_DECK, seed=5, config=Config(), pace="instant")
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        setup = app.screen
        ids = [s.id for s in setup.query(".actor-select")]
        assert ids == ["actor-china", "actor-south-korea", "actor-japan", "actor-russia"]  # every actor with stances
        assert all(setup.query_one(f"#{i}").value == "dice" for i in ids)  # the dice by default
        text = screen_text(app)
        assert "China (regional actor)" in text and "The dice (it rolls for itself)" in text
        await choose(pilot, "#actor-china", 1)  # a team at this screen
        await choose(pilot, "#actor-russia", 2)  # the bot
        assert setup.query_one("#actor-china").value == "team" and setup.query_one("#actor-russia").value == "bot"
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.game is not None)
        game = app.game
        assert game is not None
        assert game.setup.actors == {"china": ActorConfig("team"), "russia": ActorConfig("bot")}
        assert game.state.actors == game.setup.actors  # the game plays them so: South Korea and Japan on the dice
        app.new_game()  # as N in the debrief: the setup screen again, on the same deck
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen) and app.screen is not setup)
        again = app.screen
        assert again.query_one("#actor-china").value == "team" and again.query_one("#actor-russia").value == "bot"
        assert again.query_one("#actor-japan").value == "dice"
        chosen = again.setup()
        assert chosen is not None and chosen.actors == game.setup.actors


async def test_play_actors_without_seats_proposes_them_on_the_setup_screen():
    actors = {"neighbour": ActorConfig("team"), "far": ActorConfig("bot", "court")}
    app = TabletopApp(TEAMS, seed=5, config=Config(), pace="instant", actors=actors)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
        setup = app.screen
        assert setup.query_one("#actor-neighbour").value == "team"
        assert setup.query_one("#actor-far").value == "bot:court"  # a bot's fixed stance, as --actors far=bot:court
        assert not setup.query("#actor-fleet")  # no stances: only the dice play it
        chosen = setup.setup()
        assert chosen is not None and chosen.actors == actors


def test_the_setup_screen_checks_actors_as_the_engine_does():
    from tabletop.engine.limits import SetupError, check_setup

    deck = load_deck(TEAMS)
    seats = {"a": SeatConfig(), "b": SeatConfig()}
    with pytest.raises(SetupError, match="has no stance 'shout'"):
        check_setup(deck, Setup(seats, 1, None, {"far": ActorConfig("bot", "shout")}))
    with pytest.raises(SetupError, match="unknown actor 'navy'"):
        check_setup(deck, Setup(seats, 1, None, {"navy": ActorConfig("team")}))


# -- the hot-seat order: hand-offs where a secret is involved, and the stance through the table -------------------


async def through_hand_off(pilot, app, hidden_says: str = "turn the projector on again") -> str:
    """Go through a (not alone) hand-off: ready, the secret, hidden (which says ``hidden_says``). Returns what its
    secret step showed, having checked that its first step shows nothing of it."""
    screen = app.screen
    assert isinstance(screen, HandOffScreen) and screen.step == "ready"
    ready = flat(screen_text(app))
    assert "a secret comes next" in ready and "objective" not in ready.split("3.")[0]
    await pilot.press("enter")
    await pilot.pause()
    shown = flat(screen_text(app))
    await pilot.press("enter")  # hide it
    await pilot.pause()
    hidden = flat(screen_text(app))
    assert "Hidden" in hidden and hidden_says in hidden, hidden
    await pilot.press("enter")  # back to the table
    await pilot.pause()
    return shown


async def test_hot_seat_with_two_teams_hand_offs_the_stance_beat_and_the_roll_naming_the_stance():
    app = teams_app({"a": "human", "b": "human"}, {"neighbour": "team", "far": "team"})
    async with app.run_test(size=WIDE) as pilot:
        # At the start: the responding seat's motive, then the neighbour's secret objective; none for the far power.
        await wait_for(pilot, lambda: isinstance(app.screen, HandOffScreen))
        assert app.screen.seat_label == "Side B"
        # One hand-off after another: the projector stays blank until the last is hidden.
        motive = await through_hand_off(pilot, app, "keep the projector blank; The neighbour's secret comes next")
        assert "Side B: your hidden motive" in motive and "objective" not in motive
        await wait_for(pilot, lambda: isinstance(app.screen, HandOffScreen))
        assert app.screen.seat_label == "The neighbour"
        ready = flat(screen_text(app))
        assert "press Enter to see your secret objectives" in ready
        assert "keep the projector blank" in ready and "blank the projector now" not in ready
        secret = await through_hand_off(pilot, app)
        assert "The neighbour: your secret objectives" in secret
        assert "+1 for each point of Trust at the end: Trust, point by point. (secret objective)" in secret
        assert "Honest" not in secret  # never the motive
        await wait_for(pilot, lambda: isinstance(app.screen, TableScreen))
        table = app.screen
        # The offer and the response: people at this screen, each named on the status line when it must act.
        await wait_for(pilot, lambda: table.decision().mover == "a")
        assert "▶ Side A (people) to move" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: table.decision().mover == "b")
        assert "▶ Side B (people) to move" in screen_text(app)
        await pilot.press("enter")
        # The neighbour's team: the odds under each stance on the stage for the room, then the dialog.
        await wait_for(pilot, lambda: isinstance(app.screen, StanceScreen))
        assert table.stage().scene is not None and table.stage().scene.kind == st.STANCE
        assert [c.label for c in table.stage().scene.stances] == ["Calm the room", "Wait", "Stir things up"]
        await pilot.press("down", "enter")  # Wait
        await wait_for(pilot, lambda: isinstance(app.screen, StanceScreen))  # the far power's team next
        game = table.game
        assert [a.stance for a in game.log if isinstance(a, TakeStance)] == ["wait"]
        rolls = [s for s in st.scenes(game, game.applied_entry(len(game.applied) - 1))]
        assert rolls and rolls[-1].kind == st.ROLL and rolls[-1].head.endswith("(stance: Wait)")
        assert rolls[-1].stance == "The neighbour's team took the stance Wait, +0"
        assert "Stance: The neighbour's team took the stance Wait, +0" in drawn(game, rolls[-1])
        assert table.stage().scene.kind == st.STANCE and "The far power (team) chooses a stance" in \
            table.stage().scene.head
        assert "▶ The far power (team) to move" in screen_text(app)
        await pilot.press("enter")  # Court both sides
        await pilot.pause()
        assert [a.stance for a in game.log if isinstance(a, TakeStance)] == ["wait", "court"]
        # M later: the teams with a secret may look again, the responding seat's or the neighbour's.
        assert table._private_seats() == ["b", "neighbour"]


async def test_a_team_without_a_secret_gets_no_hand_off():
    app = teams_app({"a": "bot", "b": "bot"}, {"far": "team"})
    async with app.run_test(size=SMALL) as pilot:
        for _ in range(300):
            await pilot.pause()
            assert not isinstance(app.screen, HandOffScreen)
            if isinstance(app.screen, StanceScreen):
                break
            if isinstance(app.screen, TableScreen):
                await pilot.press("space")
        assert isinstance(app.screen, StanceScreen) and app.screen.actor == "far"
        table = table_of(app)
        assert table._private_seats() == []  # nothing secret at this table: M has nothing to show
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, StanceScreen)


async def test_the_stance_beat_shows_the_odds_under_each_stance_on_the_stage():
    app = teams_app({"a": "bot", "b": "bot"}, {"far": "team"})
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, StanceScreen), 400)
        app.pop_screen()  # the dialog aside: the stage below it is what the room reads while the team talks
        await pilot.pause()
        text = screen_text(app)
        assert "STANCE · ROUND 1 OF 3" in text
        assert "The far power (team) chooses a stance before its roll" in text
        assert "+1 Court both sides" in text and "Unmoved 42% · Interested 58%" in text
        assert "-1 Look away" in text and "Unmoved 72% · Interested 28%" in text
        assert "A power that looks away finds little to move it." in text


# -- the debrief --------------------------------------------------------------------------------------------------


def played_game(seed: int = 3) -> Game:
    """A game with the neighbour played by a team (always calm) and the far power by the bot, to its end."""
    game = Game(load_deck(TEAMS), Setup({"a": SeatConfig("bot"), "b": SeatConfig("bot")}, seed, None,
                                        {"neighbour": ActorConfig("team"), "far": ActorConfig("bot")}))
    while game.state.phase != "over":
        decision = decide(game.state)
        action = decision.action or decision.choices[0].action
        assert action is not None
        game.act(action)
    return game


async def test_the_debrief_scores_the_actors_beside_the_seats():
    game = played_game()
    app = TabletopApp(TEAMS, seed=3, config=Config(), pace="instant")
    async with app.run_test(size=WIDE) as pilot:
        await open_debrief(pilot, game)
        assert isinstance(app.screen, DebriefScreen)
        scores = app.screen.query_one("#scores")
        scores.scroll_visible(animate=False)
        await pilot.pause()
        text = screen_text(app)
        assert "Regional actors" in text
        neighbour = game.state.actor_scores["neighbour"]
        assert re.search(rf"The neighbour \(team\) │ {neighbour} │", text), text
        assert "Trust, point by point. (secret objective)" in text
        assert re.search(rf"The far power \(bot\) │ {game.state.actor_scores['far']} │", text)
        assert "The fleet" not in text.split("Regional actors")[1]  # only the dice play it: no objectives


# -- snapshots ----------------------------------------------------------------------------------------------------


def _setup_app() -> TabletopApp:
    return TabletopApp(TEAMS, seed=7, config=Config(), pace="instant",
                       actors={"neighbour": ActorConfig("team"), "far": ActorConfig("bot")})


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "140x45"])
def test_setup_with_actor_selectors_snapshot(snap_compare, size, monkeypatch):
    monkeypatch.setattr("tabletop.ui.screens.setup.bundled_decks", lambda: [TEAMS])  # no path of this machine
    assert snap_compare(_setup_app(), terminal_size=size)


async def _to_the_stance_beat(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, StanceScreen), 400)
    app.pop_screen()  # the stage below the dialog, as the room reads it before the team chooses
    await pilot.pause()


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "140x45"])
def test_stance_beat_snapshot(snap_compare, size):
    app = teams_app({"a": "bot", "b": "bot"}, {"far": "team"})
    assert snap_compare(app, terminal_size=size, run_before=_to_the_stance_beat)
