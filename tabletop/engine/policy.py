"""Bot preferences: how a list of policies weighs the cards a seat may play.

Shared by the bots (to choose) and by the rules (to keep each motive's
likelihood of the responses seen, which the offer seat's bot uses to guess).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from attrs import frozen

from ..deck.model import Card, Policy
from ..records import Record
from .compiled import CompiledPolicy, compiled
from .conditions import _STATE, Motive, holds
from .state import StateLike


@frozen(repr=False, eq=False)
class Weighed(Record):
    card: str
    weight: int  # 1 plus every matching policy's weight; below 0 counts as 0
    reasons: tuple[tuple[int, str], ...]  # (weight, reason) of each matching policy


def weights(state: StateLike, policies: Sequence[Policy], cards: Sequence[Card], motive: Motive = _STATE) -> list[int]:
    """Each card's weight alone, as `weigh` gives it, without the reasons (a bot's choice and the rules' likelihood
    need only the numbers: the reasons are built when a person asks, `weigh`). ``motive``: see `holds`."""
    return compiled_weights(state, compiled(state.deck).policies(policies), cards, motive)


def compiled_weights(state: StateLike, policies: Sequence[CompiledPolicy], cards: Sequence[Card],
                     motive: Motive = _STATE) -> list[int]:
    """`weights`, for policies already compiled (`tabletop.engine.compiled.CompiledDeck.policies`)."""
    # A policy names few cards: add its weight to those of them here. (Loops, not comprehensions: on Python 3.11
    # each comprehension makes a function and a frame every time it runs, and the bots weigh at every move.)
    ids = []
    for card in cards:
        ids.append(card.id)
    weight = dict.fromkeys(ids, 1)
    for check, w, named in policies:
        if check is None or check(state, motive):
            for card_id in named:
                if card_id in weight:
                    weight[card_id] += w
    out = []
    for card_id in ids:
        out.append(weight[card_id])
    return out


def weigh(state: StateLike, policies: Sequence[Policy], cards: Sequence[Card]) -> list[Weighed]:
    """Each card's weight: 1 plus the weights of the policies that name it (by id or tag) and whose ``when`` holds."""
    live = [p for p in policies if holds(p.when, state)]
    out = []
    for card in cards:
        tags = set(card.tags)
        matching = [p for p in live if card.id in p.card or not tags.isdisjoint(p.tag)]
        out.append(Weighed(card.id, 1 + sum(p.weight for p in matching), tuple((p.weight, p.reason) for p in matching)))
    return out


def floored(weights: Sequence[int]) -> list[int]:
    """Weights floored at 0; all ones when none is positive (then every card is equally likely)."""
    kept = []
    for w in weights:  # (a loop: see `compiled_weights`)
        kept.append(w if w > 0 else 0)
    return kept if any(kept) else [1] * len(kept)


def chances(weights: Sequence[int]) -> list[Fraction]:
    """The exact chance of picking each item with these weights."""
    kept = floored(weights)
    return [Fraction(w, sum(kept)) for w in kept]
