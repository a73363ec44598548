"""Bot preferences: how a list of policies weighs the cards a seat may play.

Shared by the bots (to choose) and by the rules (to keep each motive's
likelihood of the responses seen, which the offer seat's bot uses to guess).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from attrs import frozen

from ..deck.model import Card, Policy
from .compiled import CompiledPolicy, compiled
from .conditions import _STATE, Check, Motive, holds
from .state import StateLike


@frozen
class Weighed:
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
    ids = tuple([card.id for card in cards])
    weight = [1] * len(ids)
    for check, w, places in _plan(policies, ids):
        if check is None or check(state, motive):
            for i in places:
                weight[i] += w
    return weight


def _plan(policies: Sequence[CompiledPolicy], ids: tuple[str, ...]) -> tuple[tuple[Check | None, int, tuple[int, ...]], ...]:
    """The policies that name any of the cards ``ids`` (by id or tag), each with its condition, its weight and the
    places of the cards it names among them: made once for each list of policies and cards (a policy that names none
    of the cards changes no weight, so its condition need not be tested)."""
    key = (id(policies), ids)
    entry = _PLANS.get(key)
    if entry is not None and entry[0] is policies:
        return entry[1]
    plan = tuple((check, w, places) for check, w, named in policies
                 if (places := tuple(i for i, card_id in enumerate(ids) if card_id in named)))
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[key] = (policies, plan)
    return plan


#: `_plan`s by the identity of the policies (kept with them, so that an id is never reused while its entry lives)
#: and the cards' ids.
_PLANS: dict[tuple[int, tuple[str, ...]], tuple[Sequence[CompiledPolicy], tuple[tuple[Check | None, int, tuple[int, ...]], ...]]] = {}
_MAX_PLANS = 20_000


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
    kept = [w if w > 0 else 0 for w in weights]
    return kept if any(kept) else [1] * len(kept)


def chances(weights: Sequence[int]) -> list[Fraction]:
    """The exact chance of picking each item with these weights."""
    kept = floored(weights)
    return [Fraction(w, sum(kept)) for w in kept]
