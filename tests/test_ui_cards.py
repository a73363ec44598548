"""Cards show their price before they are played: in the hand (one row per card, "×2" for a pair), in the card
shown in full (I), in the command palette (the game's moves first, its Quit asking first); and the log wraps."""

from __future__ import annotations

import re

from test_ui_play import settle
from ui_helpers import REPO, SMALL, WIDE, log_text, make_app, open_table, screen_text

from tabletop.engine import Game, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.engine.decisions import decide
from tabletop.present.text import card_line
from tabletop.ui.screens.card import CardScreen
from tabletop.ui.screens.modals import ConfirmQuitScreen
from tabletop.ui.screens.table import TableScreen
from tabletop.ui.widgets.story import StoryLog

PRICED = REPO / "tests" / "decks" / "priced.toml"
#: With this seed the port city's first hand is Call a summit (not playable: Trust 4 of the 5 it needs) and two
#: Send aid.
SEED = 27


def hand_text(table: TableScreen) -> list[str]:
    """The hand's rows as plain text, one string per card."""
    from textual.widgets import OptionList

    choices = table.query_one("#choices", OptionList)
    return [re.sub(r"\s+", " ", str(option.prompt)) for option in choices.options]


async def test_the_hand_shows_each_cards_price_conditions_and_why_not_with_a_pair_as_x2():
    app = make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        assert isinstance(table, TableScreen)
        assert table.game.state.hand == ("summit", "aid", "aid")
        rows = hand_text(table)
        assert len(rows) == 2  # the pair is one row
        summit, aid = rows
        assert summit.startswith("Call a summit If played: Trust +2 Conditions: only while Trust at least 5; once a game "
                                 "Cannot be played now: only while Trust at least 5")
        assert aid.startswith("Send aid ×2 If played: Trust +1 · rolls: The League +1 Conditions: at most 3 times a "
                              "game; Arms -1 more while Arms at most 2 (not now)")
        assert "Send aid Send aid" not in screen_text(app)
        shown = screen_text(app)
        assert "Send aid ×2" in shown and "If played: Trust +1 · rolls: The League" in shown  # wrapped after
        assert "Cannot be played now: only while Trust at least 5" in shown


async def test_a_highlighted_card_opens_in_full_and_enter_there_plays_it():
    app = make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        table = app.screen
        assert isinstance(table, TableScreen)
        await pilot.press("i")
        await pilot.pause()
        card = app.screen
        assert isinstance(card, CardScreen)
        text = re.sub(r"\s+", " ", screen_text(app))
        assert "Send aid ×2" in text and "Ships of grain." in text
        assert "Source: Part 2: aid as the price of talks" in text
        assert "A test deck's source, to be shown in full." in text
        assert "If played: Trust +1 · rolls: The League +1" in text
        assert "⏎ Play it" in text or "enter Play it" in text  # its own keys in the footer, not the table's
        assert "Facilitator" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is table and table.game.state.offer is None  # closed: nothing played
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.screen is table and "Send aid" in log_text(table)
        assert table.game.log[-1].TYPE != "play" or table.game.state.round >= 1
        assert any(getattr(a, "card", None) == "aid" for a in table.game.log)


async def test_an_unplayable_card_in_full_says_why_and_cannot_be_played():
    app = make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        table.show_card("play:summit")
        await pilot.pause()
        assert isinstance(app.screen, CardScreen)
        text = screen_text(app)
        assert "Cannot be played now: only while Trust at least 5" in text
        assert "Play it" not in text  # Enter does nothing here
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardScreen) and table.game.state.offer is None
        await pilot.press("escape")


async def palette_prompts(pilot, app) -> list[str]:
    from textual.command import CommandList

    await pilot.press("ctrl+p")
    for _ in range(10):
        await pilot.pause(0.05)
    options = app.screen.query_one(CommandList).options
    return [re.sub(r"\s+", " ", str(o.prompt)) for o in options]


async def test_the_palette_lists_the_games_moves_first_with_their_price_then_the_apps_commands():
    app = make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        item = next(i for i in decide(table.game.state).menu if i.key == "play:aid")
        prompts = await palette_prompts(pilot, app)
        assert prompts[0].startswith("Offer: Send aid ×2")
        assert card_line(table.deck, item) in prompts[0]  # the hand's words, in one line
        why_not = next(i for i, p in enumerate(prompts) if p.startswith("See why not: Call a summit"))
        assert "Cannot be played now: only while Trust at least 5" in prompts[why_not]
        quit_at = next(i for i, p in enumerate(prompts) if p.startswith("Quit"))
        theme_at = next(i for i, p in enumerate(prompts) if p.startswith("Theme"))
        facilitator_at = next(i for i, p in enumerate(prompts) if p.startswith("Facilitator panel"))
        assert why_not < facilitator_at < min(quit_at, theme_at)  # the game's first, Textual's after


async def test_the_palettes_quit_asks_quit_this_game_first():
    app = make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await palette_prompts(pilot, app)
        await pilot.press(*"quit")
        for _ in range(10):
            await pilot.pause(0.05)
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)  # not gone at once
        assert app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)


def resumed_game() -> Game:
    """A game of the bundled deck two offers in, as `tabletop resume` hands it to the table: long log lines."""
    from tabletop.deck import load_deck

    deck = load_deck(REPO / "decks" / "korea-2018.toml")
    game = Game(deck, Setup({"us": SeatConfig("human"), "dprk": SeatConfig("bot")}, 7))
    offers = 0
    while offers < 2:
        action = automatic_action(game.state)
        if action is None:
            game.act(decide(game.state).choices[-1].action)
            offers += 1
        else:
            game.act(action)
    return game


def cut_off(log: StoryLog) -> list[str]:
    width = log.scrollable_content_region.width
    return [strip.text for strip in log.lines if strip.cell_length > width]


async def test_a_resumed_games_log_wraps_at_any_width_and_after_a_resize():
    game = resumed_game()
    app = make_app(REPO / "decks" / "korea-2018.toml", game=game)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        log = app.screen.query_one("#log", StoryLog)
        before = log_text(app.screen)
        assert "== Round 1 of 6 ==" in before and "China rolls" in before
        assert not cut_off(log) and log.max_scroll_x == 0
        for size in (WIDE, (200, 60), SMALL, (100, 30)):
            await pilot.resize_terminal(*size)
            for _ in range(5):
                await pilot.pause()
            assert not cut_off(log), size
            assert log.max_scroll_x == 0  # no sideways scrolling
            assert log_text(app.screen) == before  # every line once, in order


def footer_keys(app) -> str:
    """What the footer at the bottom of the screen shows."""
    return screen_text(app).rsplit("╯", 1)[-1]


async def test_help_lists_every_key_from_the_bindings_enter_space_m_esc_and_the_debriefs():
    from tabletop.ui.screens.help import HelpScreen

    app = make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED,
                   config=__import__("tabletop.config", fromlist=["Config"]).Config(keys={"table.motive": "f9"}))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        sections = dict(app.help_keys())
        here = dict(sections["On this screen"])
        assert here["space"] == "Next step"  # not offered now (nothing to step), listed all the same
        assert here["f9"] == "Secrets" and "m" not in here  # remapped in config.toml: as it is now
        assert here["i"] == "Card details" and here["enter"].startswith("choose the highlighted card")
        assert dict(sections["The debrief"]) == {"t": "Next tab", "e": "Export report", "n": "New game", "q": "Quit",
                                                 "l": "Earlier timeline"}
        assert dict(sections["Quit this game?"])["n, esc"] == "Keep playing"
        assert dict(sections["The private hand-off"]) == {"⏎ enter": "Continue", "w": "Write slip", "esc": "Cancel"}
        assert "At the table" not in sections  # this screen is the table
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "The debrief" in text and "t : Next tab" in text.replace("t: ", "t : ")


async def test_under_a_dialog_the_footer_shows_the_dialogs_keys():
    app = make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        assert "Facilitator" in footer_keys(app)
        await pilot.press("q")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)
        shown = footer_keys(app)
        assert "y Quit" in shown and "n Keep playing" in shown and "Facilitator" not in shown
        await pilot.press("n")
        for _ in range(3):
            await pilot.pause()
        assert "Facilitator" in footer_keys(app) and "Keep playing" not in footer_keys(app)


def first_hand_with(deck_path, card: str) -> int:
    """A seed whose first offer (the port city's, played by people) has ``card`` in the hand."""
    from tabletop.deck import load_deck

    deck = load_deck(deck_path)
    for seed in range(200):
        game = Game(deck, Setup({"port": SeatConfig("human"), "isle": SeatConfig("bot")}, seed))
        while (action := automatic_action(game.state)) is not None:
            game.act(action)
        if card in game.state.hand:
            return seed
    raise AssertionError(f"no seed deals {card}")


async def test_a_card_in_full_and_the_palette_keep_a_hidden_tally_hidden():
    from test_ui_hidden import HIDDEN_DECK, MARK, leaks

    seed = first_hand_with(HIDDEN_DECK, "inspect")
    app = make_app(HIDDEN_DECK, seats={"port": "human", "isle": "bot"}, seed=seed)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        table.show_card("play:inspect")
        await pilot.pause()
        assert isinstance(app.screen, CardScreen)
        text = screen_text(app)
        assert "Hidden guns ? (hidden)" in text and "more while a hidden condition" in text
        assert not leaks(text) and "guns at least" not in text.lower() and MARK not in text
        await pilot.press("escape")
        await pilot.pause()
        prompts = " ".join(await palette_prompts(pilot, app))
        assert "Offer: Demand inspections" in prompts and "Hidden guns ? (hidden)" in prompts
        assert not leaks(prompts) and "guns at least" not in prompts.lower()
        await pilot.press("escape")


async def test_ctrl_q_and_the_palettes_quit_over_a_dialog_ask_first_too():
    from tabletop.ui.screens.facilitator import FacilitatorScreen

    app = make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+q")
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen) and app.is_running
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        await palette_prompts(pilot, app)
        await pilot.press(*"quit")
        for _ in range(10):
            await pilot.pause(0.05)
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen) and app.is_running
        await pilot.press("y")
        for _ in range(5):
            await pilot.pause()
        assert not app.is_running


async def test_the_card_details_key_is_offered_only_while_the_hand_is_up():
    from test_long_game import _footer

    app = make_app(PRICED, seats={"port": "human", "isle": "bot"}, seed=SEED)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        assert "i Card details" in _footer(table)
        table.paused = True  # hold the table after the offer, to look at it
        await pilot.press("enter")
        for _ in range(5):
            await pilot.pause()
        assert table.game.state.offer == "aid" and not table.query_one("#choices").display
        assert "Card details" not in _footer(table)
        await pilot.press("i")  # nothing to show, nothing happens
        await pilot.pause()
        assert not isinstance(app.screen, CardScreen)


async def test_the_hand_measures_its_cards_at_the_width_they_are_drawn_at():
    """The hand's scrollbar narrows its cards when it appears (at 80x24 the first card then wraps to one line more):
    each card keeps the height it has at that width, not the one it had before the scrollbar (`Hand`), and the hand
    scrolls to the highlighted card by those heights (tests/test_ui_snapshots.py shows it)."""
    from textual.widgets import OptionList

    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL) as pilot:
        table = await open_table(app, pilot)
        hand = table.query_one("#choices", OptionList)
        width = hand.scrollable_content_region.width
        assert hand.show_vertical_scrollbar and width < hand.size.width  # the scrollbar took its columns
        assert hand.virtual_size.height == hand.get_content_height(hand.size, hand.size, width)
        wider = hand.get_content_height(hand.size, hand.size, hand.size.width)
        assert wider < hand.virtual_size.height  # ... where the cards are taller than they were without it
