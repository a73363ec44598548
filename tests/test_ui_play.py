"""Whole games played by key presses, as a seminar would: solo as either seat, hot-seat with the
private hand-off, facilitator rulings, debrief and export, quitting and resuming."""

from __future__ import annotations

from ui_helpers import BUNDLED_DECK, REPO, SMALL, WIDE, log_text, make_app, screen_text

from tabletop.config import Config
from tabletop.engine.bots import automatic_action
from tabletop.engine.rulings import steps_since_decision
from tabletop.saves import latest_save, load_save
from tabletop.ui.screens.debrief import DebriefScreen
from tabletop.ui.screens.deck_errors import DeckErrorScreen
from tabletop.ui.screens.facilitator import FacilitatorScreen
from tabletop.ui.screens.modals import ConfirmQuitScreen, HandOffScreen
from tabletop.ui.screens.setup import SetupScreen
from tabletop.ui.screens.table import TableScreen


async def settle(pilot, app) -> None:
    """Let automatic steps run until a person must act (or the table is paused)."""
    for _ in range(400):
        await pilot.pause()
        screen = app.screen
        if isinstance(screen, TableScreen) and not screen.paused and automatic_action(screen.game.state):
            continue
        return
    raise AssertionError("the game did not settle")


async def play_to_the_end(pilot, app, on_table=None) -> None:
    """Press Enter at every choice (first playable card, first motive) until the debrief."""
    for _ in range(200):
        await settle(pilot, app)
        screen = app.screen
        if isinstance(screen, DebriefScreen):
            return
        if isinstance(screen, TableScreen) and on_table:
            await on_table(pilot, screen)
        await pilot.press("enter")
    raise AssertionError("the game did not end")


async def test_solo_game_as_the_united_states_to_the_debrief_and_report(tmp_path):
    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        table = app.screen
        assert isinstance(table, TableScreen)
        assert "The port city: choose an option card" in str(table.query_one("#prompt").content)

        async def watch(pilot, screen):
            assert screen.game.state.phase == "offer"  # the bot answers by itself

        await play_to_the_end(pilot, app, watch)
        game = app.screen.game
        state = game.state
        assert state.phase == "over" and state.guess is not None
        text = screen_text(app)
        assert "Outcome" in text and game.deck.motive(state.motive).label.upper() in text
        await pilot.press("e")
        await pilot.pause()
        save = app.autosaver.path
        report = save.with_name(save.name.removesuffix(".jsonl") + "-report.md")
        assert report.is_file() and save.is_file()
        assert str(report) in str(app.screen.query_one("#export-path").content)
        assert game.deck.deck.title in report.read_text(encoding="utf-8")


async def test_solo_game_as_north_korea_starts_with_the_private_hand_off():
    app = make_app(seats={"port": "bot:hawk", "isle": "human"})
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HandOffScreen)  # shown at once: no one else plays at this screen
        await pilot.press("enter")  # back to the table
        await settle(pilot, app)
        assert isinstance(app.screen, TableScreen)
        await play_to_the_end(pilot, app)
        assert app.screen.game.state.phase == "over"


async def test_hot_seat_keeps_the_motive_off_the_table_until_the_hand_off():
    app = make_app(seats={"port": "human", "isle": "human"}, seed=11)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        deck = app.deck
        hand_off = app.screen
        assert isinstance(hand_off, HandOffScreen)
        motive = deck.motive(hand_off.motive.id)
        before = screen_text(app)
        assert "The island only" in before
        assert motive.label.upper() not in before and motive.text.split(".")[0] not in before
        await pilot.press("enter")
        assert motive.label.upper() in screen_text(app)  # only now, on the blank private screen
        await pilot.press("enter")  # hidden again: a blank screen before the table
        assert motive.label.upper() not in screen_text(app) and isinstance(app.screen, HandOffScreen)
        await pilot.press("enter")
        await settle(pilot, app)
        table_text = screen_text(app)
        assert isinstance(app.screen, TableScreen)
        assert motive.text.split(".")[0] not in table_text
        # The responding seat can look again, privately, with M.
        await pilot.press("enter")  # the US offers
        await settle(pilot, app)
        assert app.screen.game.state.phase == "response"
        assert "The island: the offer is" in str(app.screen.query_one("#prompt").content)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, HandOffScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)


async def test_facilitator_adjust_note_override_and_undo():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=5)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        game = table.game
        await pilot.press("enter")  # offer; the bot responds and every actor rolls
        await settle(pilot, app)
        # Adjust a tally.
        trust = game.state.tallies["trust"]
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        app.screen.query_one("#facilitator-tabs").active = "tab-adjust"
        await pilot.pause()
        app.screen.query_one("#adjust-delta").value = "-1"
        app.screen.query_one("#adjust-reason").value = "the room thinks trust fell"
        await pilot.click("#adjust-apply")
        await settle(pilot, app)
        assert game.state.tallies["trust"] == max(trust - 1, 0)
        assert "Facilitator adjusts Trust -1" in log_text(table)
        # Override the first roll of the round: the dice stay, the result changes.
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        first = len(screen.rolls) - 1
        screen.query_one("#override-roll").value = first
        await pilot.pause()
        roll = screen.rolls[first]
        record = game.states[roll.index + 1].last_roll
        target = 0 if record.row else 1
        screen.query_one("#override-row").value = target
        screen.query_one("#override-reason").value = "the dice fell off the table"
        await pilot.click("#override-apply")
        await settle(pilot, app)
        assert any(a.TYPE == "override" for a in game.applied)
        assert "roll overridden: " in log_text(table) and "because the dice fell off the table" in log_text(table)
        # Undo back to the offer: the table pauses so the room can look.
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#facilitator-tabs").active = "tab-undo"
        await pilot.pause()
        app.screen.query_one("#undo-list").highlighted = steps_since_decision(game) - 1
        await pilot.pause()
        await pilot.click("#undo-apply")
        await pilot.pause()
        await pilot.press("y")  # more than one step: it asks first
        await pilot.pause()
        assert table.paused and game.state.phase == "offer" and game.state.round == 1
        assert "PAUSED" in screen_text(app)


async def test_paused_table_steps_one_at_a_time_showing_odds_before_each_roll():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=3)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        await pilot.press("p")
        await pilot.press("enter")  # offer
        await pilot.pause()
        await pilot.press("space")  # the bot responds
        await pilot.pause()
        assert table.game.state.phase == "reactions"
        # The status line names the deck's own actors (the small deck: The League and The trader).
        assert "Reactions: The League and The trader roll" in str(table.query_one("#status").render())
        await pilot.press("space")  # the odds of the first roll, before it is made
        await pilot.pause()
        first = table.deck.actors[0]
        text = screen_text(app)
        assert f"{first.label} rolls next" in text and "%" in text
        assert table.game.state.rolled == 0
        await pilot.press("space")  # now the roll
        await pilot.pause()
        assert table.game.state.rolled == 1
        assert f"{first.label} rolled" in screen_text(app) and "RESULT" in screen_text(app)


async def test_quit_confirms_says_where_it_is_saved_and_resumes():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=9)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)
        assert "saved" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    played = list(app.autosaver.game.log)
    save = load_save(latest_save())
    assert [a.to_dict() for a in save.log] == [a.to_dict() for a in played]
    again = make_app()
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, SetupScreen)
        await pilot.press("f6")
        await settle(pilot, again)
        table = again.screen
        assert isinstance(table, TableScreen)
        assert [a.to_dict() for a in table.game.log[: len(played)]] == [a.to_dict() for a in played]
        assert "The port city offers" in log_text(table)  # the story so far is back in the log


async def test_setup_screen_starts_a_game_with_the_chosen_seats():
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        setup.query_one("#seat-isle").value = "bot"
        setup.query_one("#seed").value = "42"
        await pilot.press("f5")
        await settle(pilot, app)
        table = app.screen
        assert isinstance(table, TableScreen)
        assert table.game.setup.seed == 42 and table.game.setup.seats["isle"].kind == "bot"


async def test_a_broken_deck_opens_the_error_screen(tmp_path):
    app = make_app(REPO / "tests" / "decks" / "broken" / "ten_mistakes.toml")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeckErrorScreen)
        text = screen_text(app)
        assert "10 errors" in text and "did you mean 'title'?" in text


async def test_remapped_key_from_the_config_file():
    app = make_app(seats={"port": "human", "isle": "bot"}, config=Config(keys={"table.facilitator": "f9"}))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)


async def test_palette_offers_only_legal_moves():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=2)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        table = app.screen
        names = [name for name, _, _ in table.palette_commands()]
        from tabletop.engine.rules import playable_options

        playable = {f"Offer: {c.title}" for c in playable_options(table.game.state)}
        offers = {n for n in names if n.startswith("Offer: ")}
        assert offers == playable
        assert "Next step" not in names  # a person must choose now


async def test_help_is_reachable_from_anywhere():
    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "How to play" in text and app.deck.deck.title.split(":")[0] in text
        help_text = app.screen.query_one("#help-text").plain
        assert "Reactions" in help_text and "Facilitator" in help_text  # the rules and this screen's keys
        await pilot.press("escape")
        assert isinstance(app.screen, TableScreen)


async def test_escape_on_setup_quits():
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_every_shown_binding_has_an_id_and_a_tooltip():
    """Keys can be remapped by id, and the Footer explains each one."""
    import importlib
    import pkgutil

    from textual.binding import Binding

    import tabletop.ui.screens as screens
    from tabletop.ui.app import TabletopApp

    classes = [TabletopApp]
    for info in pkgutil.iter_modules(screens.__path__):
        module = importlib.import_module(f"tabletop.ui.screens.{info.name}")
        classes += [c for c in vars(module).values() if isinstance(c, type) and getattr(c, "BINDINGS", None)]
    checked = 0
    for cls in classes:
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding) and binding.show:
                assert binding.id and binding.tooltip, f"{cls.__name__}: {binding.key} needs an id and a tooltip"
                checked += 1
    assert checked >= 15


def finished_game(deck_path, seed: int, style: str = "hawk"):
    """A whole bot game, played by the engine (not through the screen)."""
    from tabletop.deck import load_deck
    from tabletop.engine import Game, SeatConfig, Setup

    deck = load_deck(deck_path)
    offer, respond = deck.seat_by_role("offer").id, deck.seat_by_role("respond").id
    game = Game(deck, Setup({offer: SeatConfig("bot", style), respond: SeatConfig("bot")}, seed))
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
    return game


async def test_debrief_tabs_show_charts_timeline_and_card_analysis():
    # The bundled deck, whose cards carry the source's analysis; the game comes from the engine.
    app = make_app(BUNDLED_DECK, game=finished_game(BUNDLED_DECK, 21))
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        game = debrief.game
        # What the evidence said: a row for the start and one per response, each motive's chance in figures
        from rich.console import Console
        from textual.widgets import Static

        from tabletop.engine.belief import belief_track

        console = Console(width=140, record=True)
        console.print(debrief.query_one("#evidence", Static).content)
        evidence = console.export_text()
        track = belief_track(game.states)
        assert "What the evidence said" in evidence and len(track) >= 2
        for b in track:
            assert f"{round(b.posterior[game.deck.motives[0].id] * 100):>3}%" in evidence
        assert all(m.label in evidence for m in game.deck.motives)
        await pilot.press("t")
        assert debrief.query_one("#debrief-tabs").active == "tab-tallies"
        await pilot.press("t")
        assert "== Round 1 of" in log_text(debrief, "#timeline")
        await pilot.press("t")
        await pilot.pause()
        cards = debrief.query_one("#cards").plain
        played = {game.deck.option(c).title for c in game.state.played if c in {o.id for o in game.deck.options}}
        assert played and all(title in cards for title in played)
        assert "Analysis" in cards


async def test_hot_seat_game_to_the_end():
    app = make_app(seats={"port": "human", "isle": "human"}, seed=4)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.press("enter")  # the motive seen and hidden again
        await play_to_the_end(pilot, app)
        game = app.screen.game
        assert game.state.phase == "over"
        people = [a for a in game.applied if a.seat in ("port", "isle")]
        assert {a.seat for a in people} == {"port", "isle"}  # both teams chose at the keyboard


async def test_mouse_click_plays_a_card():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=8)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        first = table.query_one("#choices").get_option_at_index(0)
        await pilot.click("#choices", offset=(4, 1))
        await settle(pilot, app)
        assert table.game.state.played[0] == first.id.removeprefix("play:")


async def test_theme_choice_is_remembered(tmp_path, monkeypatch):
    from tabletop.config import load_config

    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.theme == "tabletop"
        app.theme = "nord"
        await pilot.pause()
    assert load_config().theme == "nord"
    again = make_app(config=load_config())
    async with again.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_no_color_is_honoured(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        assert app.no_color
        svg = app.export_screenshot()
    assert "#e0a526" not in svg.lower()  # the theme's brass never reaches the screen


async def test_tallies_grow_big_digits_when_the_terminal_grows_tall():
    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        card = app.screen.query_one("#tally-trust")
        short = card.size.height
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        await pilot.pause()
        assert card.size.height >= short + 3  # three rows of digits, plus what each end means
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.pause()
        assert card.size.height == short


async def test_the_setup_screen_checks_seeds_and_rounds_with_the_engines_rules():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        for field, value, words in (("rounds", "100000000", "rounds: expected from 1 to 100 rounds, found 100000000"),
                                    ("rounds", "0", "rounds: expected from 1 to 100 rounds, found 0"),
                                    ("seed", "-1", "seed: expected a seed from 0 to 18446744073709551615, found -1"),
                                    ("seed", str(2**64), "seed: expected a seed from 0 to 18446744073709551615"),
                                    ("seed", "", "seed: expected a whole number as the seed, found ''")):
            good = setup.query_one(f"#{field}").value
            setup.query_one(f"#{field}").value = value
            await pilot.press("f5")
            await pilot.pause()
            assert app.screen is setup and words in screen_text(app)
            assert setup.query_one(f"#{field}").has_focus
            setup.query_one(f"#{field}").value = good
        setup.query_one("#seed").value = str(2**64 - 1)  # the largest seed, as the command line takes it
        await pilot.press("f5")
        await settle(pilot, app)
        assert app.game is not None and app.game.setup.seed == 2**64 - 1


def test_a_deck_with_errors_is_read_once_on_the_way_to_its_error_screen(monkeypatch):
    import asyncio

    import tabletop.deck.load as load
    from tabletop.cli import main
    from tabletop.commands import play
    from tabletop.ui.app import TabletopApp

    reads = []
    real = load._load
    monkeypatch.setattr(load, "_load", lambda checker: reads.append(checker.root) or real(checker))
    shown = []

    def run_tui(path, **kwargs):
        app = TabletopApp(path, config=Config(), **kwargs)

        async def look():
            async with app.run_test(size=WIDE) as pilot:
                await pilot.pause()
                shown.append((type(app.screen), screen_text(app)))

        asyncio.run(look())
        return 1

    monkeypatch.setattr(play, "full_screen", lambda args: True)
    monkeypatch.setattr(play, "run_tui", run_tui)
    broken = REPO / "tests" / "decks" / "broken" / "ten_mistakes.toml"
    assert main(["play", str(broken)]) == 1
    assert reads == [broken]
    [(screen, text)] = shown
    assert screen is DeckErrorScreen and "10 errors" in text and "did you mean 'title'?" in text


async def test_the_facilitator_redoes_an_undo_from_the_panel():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=5)
    async with app.run_test(size=WIDE, tooltips=True) as pilot:
        await settle(pilot, app)
        table = app.screen
        game = table.game
        await pilot.press("enter")  # offer; the bot responds and every actor rolls
        await settle(pilot, app)
        before = (list(game.applied), game.state)
        await pilot.press("f")
        await pilot.pause()
        panel = app.screen
        assert isinstance(panel, FacilitatorScreen) and panel.query_one("#redo-apply").disabled
        assert "ctrl+y" not in panel.active_bindings  # nothing to redo yet
        panel.query_one("#facilitator-tabs").active = "tab-undo"
        await pilot.pause()
        await pilot.click("#undo-apply")
        await pilot.pause()
        assert table.paused and game.state != before[1] and game.can_redo
        await pilot.press("f")
        await pilot.pause()
        panel = app.screen
        redo = panel.query_one("#redo-apply")
        assert not redo.disabled and str(redo.label).startswith("Redo 1 step: puts back ") and "(Ctrl+Y)" in str(redo.label)
        assert panel.active_bindings["ctrl+y"].enabled and panel.active_bindings["ctrl+y"].binding.id == "facilitator.redo"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.screen is table and (list(game.applied), game.state) == before and not game.can_redo
        assert "Facilitator redoes the last undo" in log_text(table)
        assert [a.TYPE for a in game.log[-2:]] == ["undo", "redo"]


async def test_smoke_the_bundled_deck_plays_to_its_debrief():
    """The one interface test on the bundled scenario (the others play the tests' small deck)."""
    app = make_app(BUNDLED_DECK, seats={"us": "human", "dprk": "bot"}, seed=7)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot, app)
        assert "United States: choose an option card" in str(app.screen.query_one("#prompt").content)
        await play_to_the_end(pilot, app)
        assert isinstance(app.screen, DebriefScreen) and app.screen.game.state.phase == "over"
        assert "Outcome" in screen_text(app)


async def test_facilitator_draws_a_named_event_at_the_start_of_a_round():
    app = make_app(seats={"port": "human", "isle": "bot"}, seed=5)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        game = table.game
        await pilot.press("p")  # pause: the room steps with Space
        await pilot.pause()
        # In the middle of a round, the tab says when an event can be drawn by name.
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#facilitator-tabs").active = "tab-inject"
        await pilot.pause()
        assert not app.screen.query("#inject-apply")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")  # the offer
        await pilot.pause()
        for _ in range(20):  # the response, the rolls and the close of the round, a step at a time
            if game.state.phase == "inject":
                break
            await pilot.press("space")
            await pilot.pause()
        assert game.state.phase == "inject" and game.state.round == 2
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#facilitator-tabs").active = "tab-inject"
        await pilot.pause()
        app.screen.query_one("#inject-event").value = "parade"
        app.screen.query_one("#inject-reason").value = "the room asked for a parade"
        await pilot.click("#inject-apply")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
        assert game.state.event == "parade" and game.state.phase == "offer"
        assert "Event, drawn by the facilitator (the room asked for a parade): Military parade" in log_text(table)


async def test_the_table_names_every_event_of_a_round(tmp_path):
    # A deck with two events a round: the prompt names both, the log tells each with its effects.
    deck = tmp_path / "two.toml"
    deck.write_text((REPO / "tests" / "decks" / "small.toml").read_text(encoding="utf-8")
                    .replace("[deck]\n", "[deck]\nevents_per_round = 2\n", 1), encoding="utf-8")
    app = make_app(deck, seats={"port": "human", "isle": "bot"}, seed=5)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot, app)
        table = app.screen
        state = table.game.state
        assert state.phase == "offer" and len(state.events) == 2
        titles = [table.deck.event(e).title for e in state.events]
        assert str(table.query_one("#prompt").content).startswith(f"Events this round: {titles[0]}; {titles[1]}. ")
        assert all(f"Event: {t}" in log_text(table) for t in titles)
