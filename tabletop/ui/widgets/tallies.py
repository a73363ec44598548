"""The tallies, readable across a room: big digits on a tall screen, a gauge and the history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Digits, Sparkline, Static

from ...deck.model import Tally


def gauge(value: int, low: int, high: int, width: int = 20) -> str:
    """``0▕████░░░░▏10``: where the value sits between its bounds, in plain characters."""
    filled = round((value - low) / (high - low) * width) if high > low else width
    return f"{low}▕{'█' * filled}{'░' * (width - filled)}▏{high}"


def trend(history: list[int]) -> str:
    """The change since the previous point, as an arrow and a sign (never by colour alone)."""
    if len(history) < 2 or history[-1] == history[-2]:
        return "· same"
    delta = history[-1] - history[-2]
    return f"{'▲' if delta > 0 else '▼'}{delta:+d}"


class TallyCard(Vertical):
    """One tally: name, value and change; big digits and the meaning of its ends on tall screens;
    a gauge between its bounds; its history as a sparkline."""

    def __init__(self, tally: Tally) -> None:
        super().__init__(id=f"tally-{tally.id}", classes="tally")
        self.tally = tally

    def compose(self) -> ComposeResult:
        t = self.tally
        yield Static(classes="tally-head")
        yield Digits(classes="tally-digits")
        yield Static(classes="tally-gauge")
        yield Sparkline([], classes="tally-spark")
        if t.low or t.high:
            yield Static(f"{t.min}: {t.low or '—'}\n{t.max}: {t.high or '—'}", classes="tally-ends", markup=False)

    def show(self, value: int, history: list[int]) -> None:
        t = self.tally
        head = Text()
        head.append(t.label, style="bold")
        head.append(" ")
        head.append(f" {value} ", style="bold reverse")
        head.append(f" of {t.max} {trend(history)}")
        self.query_one(".tally-head", Static).update(head)
        self.query_one(".tally-digits", Digits).update(str(value))
        self.query_one(".tally-gauge", Static).update(gauge(value, t.min, t.max))
        spark = self.query_one(".tally-spark", Sparkline)
        spark.data = [float(v) for v in history] if len(history) > 1 else [float(value)] * 2
        self.tooltip = f"{t.label} by round: " + " → ".join(map(str, history)) + (f"\n{t.description}" if t.description else "")


class TallyBoard(VerticalScroll):
    """Every tally of the deck, in deck order."""

    def __init__(self, tallies: tuple[Tally, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.tallies = tallies

    def compose(self) -> ComposeResult:
        for t in self.tallies:
            yield TallyCard(t)

    def show(self, values: dict[str, int], history: dict[str, list[int]]) -> None:
        for t in self.tallies:
            self.query_one(f"#tally-{t.id}", TallyCard).show(values[t.id], history[t.id])
