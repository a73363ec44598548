"""A regional roll: the exact odds before it, then the dice, every modifier with its reason, and the outcome."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from ...deck.model import Deck
from ...engine.happenings import Rolled, TallyChanged
from ...engine.views import RollOdds
from ...present.text import change
from ..plain import plain

DIE_FACES = "⚀⚁⚂⚃⚄⚅"
SOURCES = {"actor": "standing", "event": "event", "offer": "offer", "response": "response", "stance": "stance"}


def _span(row) -> str:
    return f"{row.min}" if row.min == row.max else f"{row.min}–{row.max}"


def _modifier_lines(modifiers) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", no_wrap=True)
    table.add_column(ratio=1)
    for m in modifiers:
        table.add_row(f"{m.value:+d}", plain(f"{m.reason} ({SOURCES[m.source]})"))
    return table


def odds_view(deck: Deck, odds: RollOdds) -> Group:
    """What can happen before the dice fall (the engine's `RollOdds`, as the room may know them): each row of the
    table with its exact chance, then why; then any modifier that may apply or not, depending on a hidden motive."""
    actor = deck.actor(odds.actor)
    total = odds.total
    head = Text.assemble(plain(f"{actor.label} rolls next: ", "bold"),
                         plain(f"{odds.dice}{f' {total:+d}' if total else ''}"))
    rows = Table.grid(padding=(0, 1))
    rows.add_column(justify="right", no_wrap=True)
    rows.add_column(ratio=1)
    rows.add_column(justify="right", no_wrap=True)
    for row, p in odds.rows:
        rows.add_row(_span(row), plain(row.label), f"{float(p) * 100:3.0f}% ({_fraction(p)})")  # a str cell is markup
    parts: list[RenderableType] = [head, rows]
    if odds.modifiers:
        parts += [Text("Modifiers:", style="bold"), _modifier_lines(odds.modifiers)]
    if odds.possible:
        parts += [Text("May also apply (not counted in the odds):", style="bold"), _modifier_lines(odds.possible)]
    return Group(*parts)


def result_view(deck: Deck, rolled: Rolled, changes: list[TallyChanged], hidden: frozenset[str] = frozenset()) -> Group:
    """The roll as it fell: faces, each modifier and why, the total, the row reached and its effects."""
    actor = deck.actor(rolled.actor)
    faces = " ".join(DIE_FACES[f - 1] + f" {f}" if f <= 6 else str(f) for f in rolled.faces)
    mods = sum(m.value for m in rolled.modifiers)
    head = Text.assemble(plain(f"{actor.label} rolled ", "bold"), plain(f"{rolled.dice}: {faces} = {rolled.dice_total}"),
                         (f", modifiers {mods:+d} → {rolled.total}", "bold") if rolled.modifiers else "")
    rows = Table.grid(padding=(0, 1))
    rows.add_column(no_wrap=True)
    rows.add_column(justify="right", no_wrap=True)
    rows.add_column(ratio=1)
    for i, row in enumerate(actor.reactions):
        hit = i == rolled.row
        rows.add_row("▶" if hit else " ", _span(row),
                     plain(row.label + ("  ◀ RESULT" if hit else ""), "bold reverse" if hit else "dim"))
    parts: list[RenderableType] = [head, rows]
    outcome = actor.reactions[rolled.row]
    if outcome.text:
        parts.append(plain(outcome.text, "italic"))
    if changes:
        parts.append(plain("Effects: " + ", ".join(change(deck, c, hidden) for c in changes)))
    if rolled.modifiers:
        parts += [Text("Modifiers:", style="bold"), _modifier_lines(rolled.modifiers)]
    return Group(*parts)


def _fraction(p: Fraction) -> str:
    return f"{p.numerator}/{p.denominator}" if p.denominator != 1 else str(p.numerator)


class RollView(Static):
    """Shows the odds of the next roll, or the last roll's result."""
