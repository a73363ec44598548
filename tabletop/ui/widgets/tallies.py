"""The tallies, readable across a room: big digits on a tall screen, a gauge and the history.

Each tally is one widget that draws everything itself (fewer widgets, faster start-up).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
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


def trend(history: list[int]) -> str:
    """The change since the previous point, as an arrow and a sign (never by colour alone)."""
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

    def show(self, value: int | None, history: list[int]) -> None:
        """The tally's value and history; ``value`` None: it is hidden from this screen (``hidden_from``)."""
        t = self.tally
        self.hidden = value is None
        if value is None:
            self.value, self.history = t.start, []
            self.tooltip = plain(f"{t.label}: hidden from a side until the debrief, which reveals it" + (
                f"\n{t.description}" if t.description else ""))
        else:
            self.value, self.history = value, history
            self.tooltip = plain(f"{t.label} by round: " + " → ".join(map(str, history)) + (
                f"\n{t.description}" if t.description else ""))  # a str tooltip is markup
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        t, value = self.tally, self.value
        if self.hidden:
            return self._hidden()
        if self._crowded():
            return self._line()
        # the big digits and the meaning of the ends (up to 9 lines and a margin), if every tally has room for them
        tall = self.app.size.height >= TALL and self._room() >= 10
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
        if tall and (t.low or t.high):
            parts.append(plain(f"{t.min}: {t.low or '—'}\n{t.max}: {t.high or '—'}", "dim"))
        return Group(*parts)


    def _room(self) -> float:
        """The board's rows for each tally (plenty, before the board has a size)."""
        board = self.parent
        # The board's content height as the last layout left it: asking `board.size` from inside a layout (this is
        # called to measure a card) made the compositor arrange the whole screen again to answer.
        if not isinstance(board, TallyBoard):
            return float("inf")
        height = board.outer_size.height - board.styles.gutter.height
        if height <= 0:
            return float("inf")
        return height / len(board.tallies)

    def _crowded(self) -> bool:
        """Whether the board is too short for every tally's three lines and a little (six tallies at 80x24): then
        one line each."""
        return self._room() < 3.5

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
    """Every tally of the deck, in deck order."""

    def __init__(self, tallies: tuple[Tally, ...], **kwargs) -> None:
        super().__init__(*(TallyCard(t) for t in tallies), **kwargs)
        self.tallies = tallies

    def on_resize(self) -> None:
        # The cards draw big digits only on a tall terminal: redraw them when its height changes.
        for card in self.query(TallyCard):
            card.refresh(layout=True)

    def show(self, values: dict[str, int], history: dict[str, list[int]]) -> None:
        """Each tally's value and history, as a view holds them: a tally missing from them is hidden."""
        for t in self.tallies:
            self.query_one(f"#tally-{t.id}", TallyCard).show(values.get(t.id), history.get(t.id, []))
