"""Exact odds of a reaction table's rows for a roll shifted by a total modifier."""

from __future__ import annotations

from fractions import Fraction

from ..dice import parse_dice
from . import model as m


def row_index(rows: tuple[m.ReactionRow, ...], total: int) -> int:
    """The row a total lands on; totals beyond the table clamp to its first or last row."""
    if not rows:
        raise ValueError("a reaction table needs at least one row")
    for i, row in enumerate(rows):
        if row.min <= total <= row.max:
            return i
    return 0 if total < rows[0].min else len(rows) - 1


def row_odds(deck: m.Deck, actor: m.Actor, modifier: int = 0) -> list[tuple[m.ReactionRow, Fraction]]:
    """Probability of each row of ``actor``'s table when ``modifier`` is added to the dice."""
    dice = parse_dice(actor.dice or deck.deck.dice)
    odds = [Fraction(0)] * len(actor.reactions)
    for total, p in dice.distribution().items():
        odds[row_index(actor.reactions, total + modifier)] += p
    return list(zip(actor.reactions, odds, strict=True))
