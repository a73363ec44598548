"""The tallies, readable across a room: big digits on a tall screen, a gauge and the history.

Each tally is one widget that draws everything itself (fewer widgets, faster start-up).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.renderables.digits import Digits
from textual.widgets import Static

from ...deck.model import Tally
from ..plain import plain

SPARK = "▁▂▃▄▅▆▇█"
TALL = 36  # rows from which the big digits and the meaning of the ends are shown


def gauge(value: int, low: int, high: int, width: int = 20) -> str:
    """``0▕████░░░░▏10``: where the value sits between its bounds, in plain characters."""
    filled = round((value - low) / (high - low) * width) if high > low else width
    return f"{low}▕{'█' * filled}{'░' * (width - filled)}▏{high}"


def sparkline(history: list[int], low: int, high: int) -> str:
    """One character per point, scaled between the tally's own bounds (so heights compare across rounds)."""
    span = (high - low) or 1
    return "".join(SPARK[min(len(SPARK) - 1, (v - low) * len(SPARK) // (span + 1))] for v in history)


def round_marks(history: list[int], closed: int) -> str:
    """Under a sparkline, what each point is: ``0`` the start, then the number of each round at its close (its last
    digit past 9), ``·`` for now, in the middle of a round (``closed``: how many rounds have closed)."""
    marks = "0" + "".join(str(r % 10) for r in range(1, closed + 1))
    return (marks + "·" * (len(history) - len(marks)))[: len(history)]


def trend(history: list[int]) -> str:
    """The change since the round began (the history's previous point: the start, or the last round's close), as an
    arrow and a sign (never by colour alone)."""
    if len(history) < 2 or history[-1] == history[-2]:
        return "· same"
    delta = history[-1] - history[-2]
    return f"{'▲' if delta > 0 else '▼'}{delta:+d}"


class TallyCard(Static):
    """One tally: name, value and change; big digits and the meaning of its ends on tall screens;
    a gauge between its bounds; its history, one mark per round."""

    def __init__(self, tally: Tally) -> None:
        super().__init__(id=f"tally-{tally.id}", classes="tally")
        self.tally = tally
        self.value = tally.start
        self.history = [tally.start]
        self.hidden = False  # a tally hidden from someone at this screen: shown as "?", never its value
        self.closed = 0  # rounds closed, for the history's round marks
        self.shaped: tuple[bool, bool, bool] | None = None  # its `shape` when last shown or resized (None: not yet)

    def show(self, value: int | None, history: list[int], closed: int = 0) -> None:
        """The tally's value and history (``closed``: how many rounds have closed); ``value`` None: it is hidden
        from this screen (``hidden_from``)."""
        t = self.tally
        self.closed = closed
        self.hidden = value is None
        if value is None:
            self.value, self.history = t.start, []
            self.tooltip = plain(f"{t.label}: hidden from a side until the debrief, which reveals it" + (
                f"\n{t.description}" if t.description else ""))
        else:
            self.value, self.history = value, history
            self.tooltip = plain(f"{t.label} by round (the start, each round's close, now): " + " → ".join(
                map(str, history)) + "\n▲▼: the change since this round began" + (
                f"\n{t.description}" if t.description else ""))  # a str tooltip is markup
        self.shaped = self.shape()
        self.restyle()
        self.refresh(layout=True)

    def restyle(self) -> None:
        """One line, without a margin, when the board is crowded (app.tcss: ``.tally.-line``)."""
        self.set_class(not self._big() and self._crowded(), "-line")

    def shape(self) -> tuple[bool, bool, bool]:
        """What the card's look depends on besides its tally and its width: the room view, a crowded board, and room
        for the big digits."""
        return self._big(), self._crowded(), self.app.size.height >= TALL and self._room() >= 12

    def render(self) -> RenderableType:
        t, value = self.tally, self.value
        if self._big():
            return self._large()
        if self.hidden:
            return self._hidden()
        if self._crowded():
            return self._line()
        # the big digits and the meaning of the ends (up to 9 lines and a margin), if every tally has room for them
        tall = self.app.size.height >= TALL and self._room() >= 12
        rest = f" of {t.max} {trend(self.history)}"
        label = t.label
        if t.short and self.size.width and len(t.label) + len(f"  {value} ") + len(rest) > self.size.width:
            label = t.short  # the deck's short label where the whole one would wrap (the tooltip keeps it whole)
        head = Text.assemble(plain(label, "bold"), " ", (f" {value} ", "bold reverse"), rest)
        parts: list[RenderableType] = [head]
        if tall:
            parts.append(Digits(str(value)))
        parts.append(Text(gauge(value, t.min, t.max)))
        parts.append(Text("history " + sparkline(self.history, t.min, t.max)))
        parts.append(Text("  round " + round_marks(self.history, self.closed), style="dim"))
        if tall and (t.low or t.high):
            parts.append(plain(f"{t.min}: {t.low or '—'}\n{t.max}: {t.high or '—'}", "dim"))
        return Group(*parts)


    def _big(self) -> bool:
        board = self.parent
        return isinstance(board, TallyBoard) and board.big

    def _room(self) -> float:
        """The rows the board may have for each tally (`TallyBoard.room`)."""
        board = self.parent
        if not isinstance(board, TallyBoard) or not self.is_mounted:
            return float("inf")
        return board.room()

    def _crowded(self) -> bool:
        """Whether the board is too short for every tally's four lines (six tallies at 80x24): then one line
        each (`TallyBoard.compose` makes the cards so)."""
        return self._room() < 5

    def _large(self) -> RenderableType:
        """The room view: the name, the value in large digits, its bounds and the change this round."""
        t, value = self.tally, self.value
        width = self.size.width or 20
        label = t.short if t.short and len(t.label) > width else t.label
        if self.hidden:
            return Group(plain(label, "bold"), Digits("?"), Text(f"hidden {t.min}–{t.max}"))
        return Group(plain(label, "bold"), Digits(str(value)), Text(f"of {t.max} {trend(self.history)}"))

    def _hidden(self) -> RenderableType:
        """A hidden tally: its name, "?" where the value would be, and why, in words (never by colour alone)."""
        t = self.tally
        width = self.size.width
        rest = " hidden until the debrief"
        if width and len(t.label) + 5 + len(rest) > width:
            rest = " hidden"  # the words, shorter: still never the colour alone
        label = t.short if t.short and width and len(t.label) + 5 + len(rest) > width else t.label
        head = Text.assemble(plain(label, "bold"), " ", (" ? ", "bold reverse"), rest)
        if self._crowded():
            return head
        return Group(head, Text(f"{t.min}▕{'?' * 20}▏{t.max}"), Text("history hidden"))

    def _line(self) -> Text:
        """The tally on one line: name, value and change (the gauge is left out, the history is in the tooltip)."""
        t, value = self.tally, self.value
        rest = f" of {t.max} {trend(self.history)}"
        label = t.short if t.short and len(t.label) + len(f"  {value} ") + len(rest) > self.size.width else t.label
        return Text.assemble(plain(label, "bold"), " ", (f" {value} ", "bold reverse"), rest)


class TallyBoard(VerticalScroll):
    """Every tally of the deck, in deck order; ``big``: the room view (large digits side by side)."""

    def __init__(self, tallies: tuple[Tally, ...], *, big: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.tallies = tallies
        self._big = big

    def compose(self) -> ComposeResult:
        # Each card is made with the class it is to have (one line each on a crowded board), as it will be styled:
        # set once they are mounted, it would restyle each of them before the first frame.
        line = not self._big and self.room() < 5
        for t in self.tallies:
            card = TallyCard(t)
            card.set_class(line, "-line", update=False)
            yield card

    def room(self) -> float:
        """The rows the board may have for each tally: the whole height beside the stage on a wide screen, on a
        narrow one the share it leaves the log (app.tcss: ``#tallies`` at most 60%). With 12, a tally has room for
        its big digits and the meaning of its ends (wrapped on two lines each); with less than 5, one line each."""
        rows = self.app.size.height - 5  # the header, the status line, the footer and the board's border
        if self.screen.has_class("-wide"):
            rows = self.size.height or rows  # the whole column
        else:
            rows = int(rows * 0.6)
        return rows / len(self.tallies)

    @property
    def big(self) -> bool:
        return self._big

    @big.setter
    def big(self, on: bool) -> None:
        if on != self._big:
            self._big = on
            for card in self.query(TallyCard):
                card.shaped = card.shape()
                card.restyle()
                card.refresh(layout=True)

    def on_resize(self) -> None:
        # The cards draw big digits only on a tall terminal, and one line each on a crowded board: restyle them, and
        # draw again those whose shape this size changes (a card whose width changed is drawn again by Textual). The
        # first resize, as the table opens, changes none.
        for card in self.query(TallyCard):
            shape = card.shape()
            card.restyle()
            if shape != card.shaped:
                card.shaped = shape
                card.refresh(layout=True)

    def show(self, values: dict[str, int], history: dict[str, list[int]], closed: int = 0) -> None:
        """Each tally's value and history, as a view holds them: a tally missing from them is hidden. ``closed``:
        how many rounds have closed."""
        for t in self.tallies:
            self.query_one(f"#tally-{t.id}", TallyCard).show(values.get(t.id), history.get(t.id, []), closed)
