"""Deck, save, config and path text in the full-screen game: shown exactly as written, on every screen.

The hostile deck (``tests/decks/hostile.toml``) has Textual markup, click actions, bracketed words and
control characters in every text field. Played through every screen in Pilot, each string must appear
literally (control characters as their visible escapes), no raw control character may reach the
screen, a click on the words a markup link would make ("quit-...", "shot-...") must do nothing, and
nothing may be written anywhere but the game's own autosave.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from test_ui_play import settle
from textual.widgets import OptionList, Select
from ui_helpers import REPO, log_text, make_app

from tabletop.config import load_config
from tabletop.deck import load_deck
from tabletop.engine import Game, SeatConfig, Setup
from tabletop.safetext import visible
from tabletop.saves import Autosaver
from tabletop.ui.screens.debrief import DebriefScreen
from tabletop.ui.screens.deck_errors import DeckErrorScreen
from tabletop.ui.screens.facilitator import FacilitatorScreen
from tabletop.ui.screens.help import HelpScreen
from tabletop.ui.screens.modals import ConfirmQuitScreen, GuessScreen, HandOffScreen
from tabletop.ui.screens.setup import SetupScreen
from tabletop.ui.screens.table import TableScreen

HOSTILE = REPO / "tests" / "decks" / "hostile.toml"
SOMEWHERE = Path("/tmp/somewhere")  # where the deck's screenshot links would write
SIZE = 160, 50
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
LINK_WORDS = re.compile(r"(quit|shot)-[a-z]+")


@pytest.fixture(scope="module")
def deck():
    return load_deck(HOSTILE)


def squash(text: str) -> str:
    return "".join(text.split())


def screen_rows(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_svg_text(app) -> str:
    import html

    svg = app.export_screenshot()
    assert RAW.search(svg) is None, "a raw control character reached the screen"
    return " ".join(html.unescape(t) for t in re.findall(r">([^<>]*)</text>", svg)).replace("\xa0", " ")


def shown_by_widget(app) -> list[str]:
    """What each visible widget shows on screen (its region, row by row), without blanks, borders or scroll bars."""
    strips = app.screen._compositor.render_strips()
    out = []
    for region, clip in app.screen._compositor.visible_widgets.values():
        area = region.intersection(clip)
        text = "".join(strip.crop(area.x, area.right).text for strip in strips[area.y:area.bottom])
        out.append(squash(re.sub("[\u2500-\u259f]", "", text)))
    return out


def assert_shows(app, *strings: str) -> None:
    """Nothing on screen is a link or a raw control character, and each string is on screen exactly as written
    (control characters as escapes), within one widget, wherever its lines wrap."""
    screen_svg_text(app)  # no raw control character in the screenshot
    strips = app.screen._compositor.render_strips()
    assert not any(RAW.search(strip.text) for strip in strips), "a raw control character reached the screen"
    links = [(seg.text, seg.style.meta) for strip in strips for seg in strip
             if seg.style and seg.style._meta and "@click" in seg.style.meta]
    assert not links, f"markup made links: {links}"
    shown = shown_by_widget(app)
    for s in strings:
        assert any(squash(visible(s)) in text for text in shown), f"not shown literally: {visible(s)!r}"


async def click_links(pilot, app, limit: int = 2) -> int:
    """Click a word that a markup link would have made, in up to ``limit`` widgets showing one (outside lists,
    where a click plays a card); the app must still run, on the same screen. Returns how many were clicked."""
    screen = app.screen
    focused = app.focused
    targets = {}
    for y, row in enumerate(screen_rows(app)):
        for match in LINK_WORDS.finditer(row):
            x = cell_len(row[:match.start()]) + 1
            widget, _ = screen.get_widget_at(x, y)
            if not any(isinstance(w, (OptionList, Select)) for w in (widget, *widget.ancestors)):
                targets.setdefault(widget, (x, y))  # one word a widget is enough
    for x, y in list(targets.values())[:limit]:
        await pilot.click(offset=(x, y))
        assert app.is_running and app.screen is screen
    if focused is not None:
        focused.focus()  # a click on a scrolling panel takes the focus, as it should
        await pilot.pause()
    return min(len(targets), limit)


def files(*roots: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for root in roots:
        if root.exists():
            for p in [root, *root.rglob("*")]:
                found[str(p)] = (p.stat().st_size, p.stat().st_mtime_ns) if p.is_file() else (-1, 0)
    return found


async def test_the_hostile_deck_plays_through_every_screen_as_written(deck, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    data = tmp_path / "data [b] [@click=app.quit]quit-data \u001b]0;pwned\u0007"  # no "/": one folder
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(data))
    config = Path(os.environ["TABLETOP_CONFIG_DIR"])
    watched = (cwd, data, config, SOMEWHERE, tmp_path)
    before = files(*watched)
    meta = deck.deck
    port, isle = deck.seats
    clicks = 0

    app = make_app(HOSTILE)
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        # Setup: the deck's title, source, description and seats.
        setup = app.screen
        assert isinstance(setup, SetupScreen)
        assert_shows(app, meta.title, meta.source, meta.description, "Port [sic]", isle.label)
        labels = [str(label.render()) for label in setup.query("#setup-form Label")]
        assert visible(f"{port.label} (offers)") in labels and visible(f"{isle.label} (responds)") in labels
        clicks += await click_links(pilot, app)
        setup.query_one("#seat-port").value = "bot:hawk"
        await pilot.pause()
        assert_shows(app, f"Bot: {port.styles[0].label}")
        setup.query_one("#seat-port").value = "human"
        await pilot.press("f5")
        await pilot.pause()

        # The private hand-off: the seat, then its motive.
        handoff = app.screen
        assert isinstance(handoff, HandOffScreen)
        assert_shows(app, f"{isle.label} only", f"Pass the keyboard to {isle.label}.", "blank the projector")
        clicks += await click_links(pilot, app)
        await pilot.press("enter")
        motive = handoff.motive
        assert_shows(app, motive.label.upper(), motive.text.strip())
        if motive.source:
            assert_shows(app, f"Source: {motive.source.passage}")
        clicks += await click_links(pilot, app)
        await pilot.press("enter", "enter")  # hidden, then the table
        await settle(pilot, app)

        # The table: event, seat, hand, tallies, log.
        table = app.screen
        assert isinstance(table, TableScreen)
        game = table.game
        state = game.state
        event = deck.event(state.event)
        assert_shows(app, f"Event this round: {event.title}.", f"{port.label}: choose an option card",
                     *(deck.option(c).title for c in state.hand), *(t.label for t in deck.tallies),
                     f"Event: {event.title}", f"{port.label} (people) to move")
        assert all(RAW.search(line.text) is None for line in table.query_one("#log").lines)
        clicks += await click_links(pilot, app)

        # The command palette offers the cards by their titles, with their texts.
        await pilot.press("ctrl+p")
        for _ in range(5):
            await pilot.pause(0.05)
        card = deck.option(state.hand[0]) if state.hand[0] != "summit" else deck.option(state.hand[1])
        assert_shows(app, f"Offer: {card.title}", card.text)
        await pilot.press(*"Offer")
        for _ in range(5):
            await pilot.pause(0.05)
        assert_shows(app, f"Offer: {card.title}")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is table

        # Help: the deck's rules, tallies and endings as written.
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert_shows(app, meta.title, meta.source, meta.description, *(t.label for t in deck.tallies),
                     *(t.description for t in deck.tallies), f"Low: {deck.tallies[0].low}",
                     f"High: {deck.tallies[0].high}", f"2. Offer: {port.label} plays one option card from its hand.")
        clicks += await click_links(pilot, app)
        await pilot.press("end", "pageup")  # the keys come last: the deck's rules and endings are just above them
        await pilot.pause()
        assert_shows(app, meta.rules, *(f"{e.label}: {e.text}" for e in deck.endings if not e.final),
                     *(f"{e.label} (when the rounds run out): {e.text}" for e in deck.endings if e.final))
        clicks += await click_links(pilot, app)
        await pilot.press("escape")
        await pilot.pause()

        # Quitting names the save, whose folder has markup and control characters in its name.
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuitScreen)
        assert_shows(app, f"It is saved: {app.autosaver.path}")
        clicks += await click_links(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is table

        # Offer; the respond seat answers with its cards; pause to see the odds and the roll.
        await pilot.press("enter")
        await settle(pilot, app)
        offer = deck.option(game.state.offer)
        assert_shows(app, f"{isle.label}: the offer is “{offer.title}”", *(r.title for r in deck.responses[:2]),
                     f"{port.label} offers: {offer.title}")
        clicks += await click_links(pilot, app)
        await pilot.press("p")
        await pilot.press("enter")
        await pilot.pause()
        assert game.state.phase == "reactions"
        await pilot.press("space")
        await pilot.pause()
        actor = deck.actors[0]
        assert_shows(app, f"{actor.label} rolls next", *(row.label for row in actor.reactions))
        await pilot.press("space")
        await pilot.pause()
        rolled = game.state.last_roll
        row = actor.reactions[rolled.row]
        assert_shows(app, f"{actor.label} rolled", f"{row.label} ◀ RESULT", *(m.reason for m in rolled.modifiers))
        if row.text:
            assert_shows(app, row.text)
        clicks += await click_links(pilot, app)

        # The facilitator: the roll to override, its rows, the tallies, the steps to undo.
        await pilot.press("f")
        await pilot.pause()
        panel = app.screen
        assert isinstance(panel, FacilitatorScreen)
        assert_shows(app, f"Round 1: {actor.label} {rolled.total} → {row.label}")
        panel.query_one("#override-row").expanded = True
        await pilot.pause()
        assert_shows(app, *(r.label for r in actor.reactions))
        panel.query_one("#override-row").expanded = False
        panel.query_one("#facilitator-tabs").active = "tab-adjust"
        await pilot.pause()
        assert_shows(app, deck.tallies[0].label)
        panel.query_one("#adjust-reason").value = "[/b] reason"  # the facilitator's own text, then refused
        await pilot.click("#adjust-apply")
        await pilot.pause()
        assert_shows(app, "ERROR: the change must be a whole number")
        await pilot.click("#--content-tab-tab-undo")
        await pilot.pause()
        assert_shows(app, f"{port.label} offers: {offer.title}", f"{actor.label} rolls 2d6")
        clicks += await click_links(pilot, app)
        await pilot.click("#--content-tab-tab-note")
        await pilot.pause()
        panel.query_one("#note-text").value = "Note [/b] [@click=app.quit]quit-note[/] \u001b]0;pwned\u0007"
        await pilot.click("#note-apply")
        await pilot.pause()
        assert app.screen is table
        assert "Note: Note [/b] [@click=app.quit]quit-note[/] \\u001b]0;pwned\\u0007" in log_text(table)
        clicks += await click_links(pilot, app)
        await pilot.press("p")

        # On to the guess and the debrief.
        for _ in range(200):
            await settle(pilot, app)
            if isinstance(app.screen, GuessScreen):
                break
            await pilot.press("enter")
        assert_shows(app, f"{port.label}: before the reveal", *(m.label for m in deck.motives),
                     *(m.text.strip() for m in deck.motives))
        clicks += await click_links(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        state = game.state
        ending, motive = deck.ending(state.ending), deck.motive(state.motive)
        assert_shows(app, ending.label.upper(), ending.text, ending.analysis, f"{isle.label}'s hidden motive was:",
                     motive.label.upper(), motive.text.strip(), motive.analysis.strip(),
                     f"{port.label} guessed {deck.motive(state.guess).label}:")
        if motive.source:
            assert_shows(app, f"Source: {motive.source.passage}")
        scored = [x for _, xs in game.story() for x in xs if type(x).__name__ == "Scored"]
        assert scored
        debrief.query_one("#outcome").parent.scroll_end(animate=False)
        await pilot.pause()
        assert_shows(app, *(x.reason for x in scored))
        clicks += await click_links(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        for chart, t in zip(debrief.query(".chart"), deck.tallies, strict=True):  # each chart, scrolled into view
            chart.scroll_visible(animate=False, top=True)
            await pilot.pause()
            assert_shows(app, f"{t.label} ({t.min} to {t.max})")
        clicks += await click_links(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        timeline = log_text(debrief, "#timeline")
        assert f"Event: {visible(event.title)}" in timeline and RAW.search(timeline) is None
        clicks += await click_links(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        first = next(c for c in deck.options if c.id in state.played)
        assert_shows(app, "What the source says about each card played", f"Event: {event.title}", event.text.strip(),
                     f"Offer: {first.title}", first.text.strip())
        clicks += await click_links(pilot, app)
        for card in [deck.option(c) for c in dict.fromkeys(state.played) if c in {o.id for o in deck.options}]:
            shown = squash(debrief.query_one("#cards").plain)
            for part in (card.title, card.text.strip(), card.analysis.strip(), card.source.passage if card.source else ""):
                assert squash(visible(part)) in shown
        assert clicks >= 10
        assert app.is_running

        # Nothing was written but the autosave (and its pointer).
        written = {path for path, stat in files(*watched).items() if before.get(path) != stat}
        saves = {str(app.autosaver.path), str(app.autosaver.path.parent / "last.json"),
                 str(app.autosaver.path.parent), str(data)}
        assert written <= saves, written - saves

        # The report, exported on request, is as safe.
        await pilot.press("e")
        await pilot.pause()
        report = app.autosaver.path.with_name(app.autosaver.path.stem + "-report.md")
        assert RAW.search(report.read_text(encoding="utf-8")) is None
        assert_shows(app, f"Report written to: {report}")

        # A new game: the setup offers this finished game only for its debrief, and resumes an unfinished game, each
        # by its deck's title.
        finished = app.autosaver.path
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.resumable == finished
        assert_shows(app, f"Debrief (F6): {meta.title}")
        waiting = Autosaver.new(Game(deck, Setup({"port": SeatConfig("human"), "isle": SeatConfig("bot")}, 8)))
        waiting.close()
        app.find_resumable()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.resumable == waiting.path
        assert_shows(app, f"Resume (F6): {meta.title}")
        clicks += await click_links(pilot, app)
        assert app.is_running
    assert not SOMEWHERE.exists() or files(SOMEWHERE) == {k: v for k, v in before.items() if k.startswith(str(SOMEWHERE))}


async def test_notifications_and_settings_show_their_text_as_written(deck, tmp_path, monkeypatch):
    config = Path(os.environ["TABLETOP_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('[keys]\n"[@click=app.quit]quit-key[/] \\u001b[2J" = 3\n', encoding="utf-8")
    app = make_app(HOSTILE, seats={"port": "human", "isle": "bot"}, config=load_config())
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await settle(pilot, app)
        assert_shows(app, "Settings ignored", "keys.[@click=app.quit]quit-key[/] \u001b[2J: expected a key name")
        app.screen.action_motive()  # the key is off while a bot holds the motive
        await pilot.pause()
        isle = deck.seats[1]
        assert_shows(app, f"{isle.label} is played by the bot: its motive stays hidden until the debrief.")
        assert await click_links(pilot, app) >= 1
        assert app.is_running and isinstance(app.screen, TableScreen)
        # A tally's tooltip: its label, history and description.
        trust = deck.tallies[0]
        await pilot.hover("#tally-trust")
        for _ in range(20):
            await pilot.pause(0.1)
            if app.screen.query_one("#textual-tooltip").display:
                break
        assert_shows(app, f"{trust.label} by round (the start, each round's close, now): 4", trust.description)


async def test_a_broken_hostile_deck_opens_the_error_screen_as_written(tmp_path):
    folder = tmp_path / "decks [b]" / "] [@click=app.quit]quit-folder[" / "] \u001b[2J"  # [/b], [/]: "/" is a folder
    folder.mkdir(parents=True)
    path = folder / "bad.toml"
    path.write_text(HOSTILE.read_text(encoding="utf-8").replace(
        'rounds = 4', 'rounds = "[/b] \\u001b]0;pwned\\u0007"\n"[@click=app.quit]quit-key[/]\\u001b[2J" = 1'),
        encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DeckErrorScreen)
        assert_shows(app, f"ERROR: the deck {path} cannot be played: 2 errors.",
                     '"[@click=app.quit]quit-key[/]\u001b[2J": unknown key')
        assert await click_links(pilot, app) >= 2
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, DeckErrorScreen) and app.is_running
