"""The debrief: the motive revealed, the scores, the tally charts, the timeline and what the source says
about every card played; export the after-action report from here.

Every deck string is plain text (`tabletop.ui.plain`): in the scores table too, where Rich would read a
``str`` cell as markup, and in the cards, a `Document` rather than Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static, TabbedContent, TabPane

from ...engine import Game
from ...engine import happenings as h
from ...engine.belief import belief_track
from ...engine.state import tally_history
from ...engine.views import view
from ...outputs import OutputRefused
from ...present.report import BLOCKS, belief_chart, standing, tally_chart, tally_rows
from ..plain import plain
from ..widgets.document import Block, Document, h1, h2, para
from ..widgets.footer import Footer
from ..widgets.save_banner import SaveBanner
from ..widgets.story import StoryLog, key_for

if TYPE_CHECKING:
    from textual import getters

    from ..app import TabletopApp


def outcome_text(game: Game, happened: list[h.Happening]) -> Text:
    deck, state = game.deck, game.state
    seen = view(state, None)  # the game is over: the room's view reveals the motive
    assert state.ending is not None and seen.motive is not None  # over: an ending reached, the motive told
    ending = deck.ending(state.ending)
    motive = deck.motive(seen.motive)
    text = Text()
    if deck.deck.lesson.strip():
        text.append("The lesson: ", style="bold")
        text.append(plain(f"{deck.deck.lesson.strip()}\n\n"))
    text.append("Outcome: ", style="bold")
    text.append(plain(ending.label.upper(), "bold reverse"))
    text.append(plain(f"\n{ending.text}\n"))
    if ending.source is not None:
        text.append(plain(f"Source: {ending.source.passage}\n", "dim"))
    if ending.analysis:
        text.append(plain(f"{ending.analysis}\n", "italic"))
    _prompts(text, ending.prompts)
    respond = deck.seat_by_role("respond").label
    text.append(plain(f"\n{respond}'s hidden motive was: ", "bold"))
    text.append(plain(motive.label.upper(), "bold reverse"))
    text.append(plain(f"\n{motive.text.strip()}\n"))
    if motive.source is not None:
        text.append(plain(f"Source: {motive.source.passage}\n", "dim"))
    if motive.analysis:
        text.append(plain(f"{motive.analysis.strip()}\n", "italic"))
    _prompts(text, motive.prompts)
    text.rstrip()
    hidden = [t for t in deck.tallies if t.hidden_from]
    if hidden:
        history = tally_history(state)
        text.append(plain("\n\nHidden during the game, revealed now:\n", "bold"))
        for t in hidden:
            whom = ", ".join(s.label for s in deck.seats if s.id in t.hidden_from)
            text.append(plain(f"  {t.label} (hidden from {whom}): {state.tallies[t.id]}/{t.max} at the end; from the "
                              "start, round by round: " + " → ".join(map(str, history[t.id])) + "\n"))
    text.rstrip()
    return text


def standing_text(game: Game) -> Text:
    """Who came out ahead against their starting position (`tabletop.present.report.standing`)."""
    lines = standing(game.deck, dict(game.state.scores))
    text = Text()
    text.append("Who came out ahead\n", style="bold")
    text.append(plain(lines[0] + "\n"))
    for line in lines[1:-1]:
        text.append(plain(f"  {line}\n"))
    text.append(plain(lines[-1], "bold"))
    return text


def guess_text(game: Game, happened: list[h.Happening]) -> Text:
    """The offering seat's guess, right or wrong (in words), with the chances it gave and what the evidence said."""
    deck, state = game.deck, game.state
    text = Text()
    if state.guess is None:
        return text
    seen = view(state, None)
    right = state.guess == seen.motive
    text.append(plain(f"{deck.seat_by_role('offer').label} guessed {deck.motive(state.guess).label}: ", "bold"))
    text.append("RIGHT" if right else "WRONG", style="bold reverse")
    text.append("\n")
    guessed = next((x for x in happened if isinstance(x, h.Guessed)), None)
    if guessed is not None and guessed.spread:
        text.append(plain("The chances given: " + ", ".join(f"{deck.motive(m).label} {n}%" for m, n in guessed.spread)
                          + f" (scored by the {deck.deck.guess_rule} rule)\n"))
    if len(deck.motives) > 1:
        last = belief_track(game.states)[-1].posterior
        likeliest = max(deck.motives, key=lambda m: last[m.id])
        text.append(plain(f"The evidence at the end said: {likeliest.label} ({round(last[likeliest.id] * 100)}%)."))
    return text


def belief_text(game: Game) -> Text | None:
    """What the evidence said, as a chart (`tabletop.present.report.belief_chart`); None for a single motive."""
    if len(game.deck.motives) < 2:
        return None
    lines = belief_chart(game.deck, belief_track(game.states))
    text = Text()
    text.append(plain("What the evidence said\n", "bold"))
    text.append(plain("\n".join(lines)))
    return text


def tally_charts(game: Game) -> list[Text]:
    """Each tally's history as a bar chart with its rounds and a value axis (`tabletop.present.report.tally_chart`):
    the game is over, so a tally hidden during it is shown and says so."""
    rows = tally_rows(game.state)
    out = []
    for t in game.deck.tallies:
        span = max(t.max - t.min, 1)
        cells = span * max(1, 40 // span) if span <= 40 else 40
        label = t.label + (" (was hidden)" if t.hidden_from else "")
        out.append(plain("\n".join(tally_chart(label, t.min, t.max, [(name, values[t.id]) for name, values in rows],
                                               cells=cells, chars=BLOCKS))))
    return out


def evidence_table(game: Game) -> Table | None:
    """What the evidence said (`tabletop.engine.belief`): each motive's chance as a perfect analyst gives it, at the
    start and after each round's response, in figures and bars (never by colour alone); None for a single motive."""
    deck = game.deck
    if len(deck.motives) < 2:
        return None
    table = Table(title="What the evidence said: each motive's chance after each response", expand=True)
    table.add_column("After")
    table.add_column("Response")
    for m in deck.motives:
        table.add_column(plain(m.label), justify="left")  # a str header would be read as markup
    for b in belief_track(game.states):
        after = "start" if b.round == 0 else f"round {b.round}"
        response = "" if b.round == 0 else (deck.response(b.response).title if b.response else "passed")
        table.add_row(after, plain(response), *(plain(f"{round(b.posterior[m.id] * 100):>3}% "
                                                      f"{'█' * int(b.posterior[m.id] * 10)}")
                                                for m in deck.motives))
    return table


def _prompts(text: Text, questions: tuple[str, ...]) -> None:
    """Discussion prompts from the deck, one per line, after a heading (no mark of colour alone)."""
    if questions:
        text.append("For discussion:\n", style="bold")
        for q in questions:
            text.append(plain(f"  ? {q.strip()}\n"))


def scores_table(game: Game, happened: list[h.Happening]) -> Table:
    deck = game.deck
    table = Table(title="Scores", expand=True)
    table.add_column("Seat")
    table.add_column("Points", justify="right")
    table.add_column("Why")
    for seat in deck.seats:
        reasons = [x for x in happened if isinstance(x, h.Scored) and x.seat == seat.id]
        table.add_row(plain(seat.label, "bold"), Text(str(game.state.scores.get(seat.id, 0)), style="bold"), "")
        for x in reasons:
            table.add_row("", f"{x.points:+d}", plain(x.reason))  # a str cell would be read as markup
    actor_rows(table, game, happened)
    return table


def actor_rows(table: Table, game: Game, happened: list[h.Happening]) -> None:
    """Beside the seats, as the report has them: each regional actor a team or a bot played that has objectives,
    who played it, its points and each objective met (a secret one marked as such: the game is over)."""
    deck, actors = game.deck, game.setup.actors
    played = [a for a in deck.actors if a.objectives and a.id in actors and actors[a.id].kind != "dice"]
    if not played:
        return
    table.add_section()
    table.add_row(Text("Regional actors", style="italic"), "", Text("their objectives met", style="italic"))
    for actor in played:
        mine = [x for x in happened if isinstance(x, h.ObjectiveScored) and x.actor == actor.id]
        who = "team" if actors[actor.id].kind == "team" else "bot"
        table.add_row(plain(f"{actor.label} ({who})", "bold"),
                      Text(str(game.state.actor_scores.get(actor.id, 0)), style="bold"),
                      "" if mine else "no objective met")
        for x in mine:
            table.add_row("", f"{x.points:+d}", plain(x.reason + (" (secret objective)" if x.secret else "")))


def tally_table(game: Game) -> Table:
    history = tally_history(game.state)
    deck = game.deck
    table = Table(title="Tallies by round", expand=True)
    table.add_column("Round")
    for t in deck.tallies:  # a str header would be read as markup; a tally hidden during the game says so
        table.add_column(plain(t.label + (" (was hidden)" if t.hidden_from else "")), justify="right")
    rows = len(next(iter(history.values())))
    for i in range(rows):
        label = "start" if i == 0 else (str(i) if i <= len(game.state.history) else "end")
        table.add_row(label, *(str(history[t.id][i]) for t in deck.tallies))
    return table


def cards_document(game: Game) -> list[Block]:
    """What the source says about each card played (the offers and responses, in the order first played), then
    about each event drawn."""
    deck = game.deck
    parts = [h1("What the source says about each card played")]
    seen: set[str] = set()
    events = list(dict.fromkeys(game.state.drawn))
    for card_id in (*game.state.played, *events):
        if card_id in seen:
            continue
        if card_id == (events[0] if events else None):
            parts.append(h1("The events drawn"))
        seen.add(card_id)
        kind, card = next((k, c) for k, cards in (("Offer", deck.options), ("Response", deck.responses),
                                                  ("Event", deck.events)) for c in cards if c.id == card_id)
        parts.append(h2(f"{kind}: ", plain(card.title)))
        parts.append(para(plain(card.text.strip())))
        if card.source is not None:
            parts.append(para(("Source: ", "italic"), plain(card.source.passage)))
        if card.analysis:
            parts.append(para(("Analysis. ", "bold"), plain(card.analysis.strip())))
    return parts


class DebriefScreen(Screen[None]):
    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [
        Binding("t", "next_tab", "Next tab", id="debrief.tab",
                tooltip="Outcome, Tallies, Timeline, Cards in turn (or click a tab)"),
        Binding("e", "export", "Export report", id="debrief.export",
                tooltip="Write the after-action report (Markdown) to a file"),
        Binding("n", "new_game", "New game", id="debrief.new", tooltip="Back to the setup screen"),
        Binding("q", "app.quit", "Quit", id="debrief.quit", tooltip="Leave tabletop"),
        Binding("l", "earlier", "Earlier timeline", id="debrief.earlier",
                tooltip="A long game's timeline shows its recent part: show earlier lines too"),
    ]

    def __init__(self, game: Game, export: Callable[[Game], Path]) -> None:
        super().__init__()
        self.game = game
        self.export = export
        self.story = game.story()

    def compose(self) -> ComposeResult:
        happened = [x for _, _, xs in self.game.recent(len(self.game.applied)) for x in xs]  # what is still in force
        yield Header()
        yield SaveBanner()
        yield Static(id="export-path")
        with TabbedContent(id="debrief-tabs"):
            with TabPane("Outcome", id="tab-outcome"):
                with VerticalScroll(id="outcome-scroll"):
                    yield Static(outcome_text(self.game, happened), id="outcome")
                    yield Static(standing_text(self.game), id="standing")
                    with Horizontal(id="belief-row"):
                        belief = belief_text(self.game)
                        if belief is not None:
                            yield Static(belief, id="belief")
                        yield Static(guess_text(self.game, happened), id="guess")
                    evidence = evidence_table(self.game)
                    if evidence is not None:
                        yield Static(evidence, id="evidence")
                    yield Static(scores_table(self.game, happened), id="scores")
            with TabPane("Tallies", id="tab-tallies"):
                with VerticalScroll(id="tallies-scroll"):
                    for chart in tally_charts(self.game):
                        yield Static(chart, classes="chart")
                    yield Static(tally_table(self.game), id="tally-table")
            with TabPane("Timeline", id="tab-timeline"):
                yield StoryLog(self.game.deck, lambda: self.story, partial(key_for, self, "earlier"), id="timeline",
                               min_width=20, reveal=True, fold=True)  # over: reasons that read the motive too
            with TabPane("Cards", id="tab-cards"):
                with VerticalScroll(id="cards-scroll"):
                    yield Document(cards_document(self.game), id="cards")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#timeline", StoryLog).show_recent()
        self.query_one("#export-path", Static).update("E exports the after-action report. Arrows and PgUp/PgDn "
                                                      "scroll; T: next tab.")
        self._focus_scroller(self.query_one("#tab-outcome", TabPane))

    @on(TabbedContent.TabActivated, "#debrief-tabs")
    def tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-timeline":
            self.call_after_refresh(self._timeline_sized)
        self._focus_scroller(event.pane)

    def _focus_scroller(self, pane: Widget) -> None:
        """Give the tab's scrolling part the keyboard, so that the arrows, Page Up/Down, Home and End scroll it (T
        still turns to the next tab)."""
        scroller = next(iter(pane.query("#timeline, VerticalScroll")), None)
        if scroller is not None:
            scroller.focus()

    def _timeline_sized(self) -> None:
        """Tell the timeline its size once it is shown. A log hidden since it was made keeps its lines until a resize
        event gives it a size; shown after another tab was scrolled, it gets its size but no event (seen with
        Textual 8.2), and would show nothing. A second resize changes nothing (`RichLog.on_resize`)."""
        log = self.query_one("#timeline", StoryLog)
        if log.size.width:
            log.post_message(events.Resize(log.size, log.virtual_size, log.container_size))

    def action_export(self) -> None:
        try:
            path = self.export(self.game)
        except (OSError, OutputRefused) as e:
            self.notify(f"Could not write the report: {e}", title="Export failed", severity="error", markup=False)
            return
        self.query_one("#export-path", Static).update(plain(f"Report written to: {path}"))
        self.notify(str(path), title="After-action report written", markup=False)

    def action_earlier(self) -> None:
        self.query_one(TabbedContent).active = "tab-timeline"
        if self.query_one("#timeline", StoryLog).show_earlier():
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "earlier":
            return any(log.first for log in self.query("#timeline").results(StoryLog))  # earlier lines to show
        return True

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        panes = [pane.id for pane in tabs.query(TabPane) if pane.id is not None]  # TabbedContent gives each an id
        tabs.active = panes[(panes.index(tabs.active) + 1) % len(panes)]

    def action_new_game(self) -> None:
        self.app.new_game()
