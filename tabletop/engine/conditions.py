"""Conditions (``when``/``requires``): the one place where clauses are evaluated against a state.

They read a `GameState` (the rules) or a seat's `SeatView` (the bots, and what a seat is shown): a view
that does not know the motive makes every ``motive`` clause fail.
"""

from __future__ import annotations

import enum
from typing import Final, Literal

from ..deck.model import Card, Clause, Condition
from .state import StateLike


def reads_motive(condition: Condition) -> bool:
    """Whether the condition tests the hidden motive (so that whether it holds is a secret too)."""
    return any(c.motive for c in condition)


class _Held(enum.Enum):
    STATE = "the motive the state holds"


_STATE: Final = _Held.STATE
#: The motive clauses read: the one the state holds (`_STATE`), or the one given (None: no motive).
Motive = str | None | Literal[_Held.STATE]


def holds(condition: Condition, state: StateLike, motive: Motive = _STATE) -> bool:
    """All clauses hold (an empty condition always holds). ``motive`` reads the clauses as if the hidden motive
    were that one (the rules weigh each motive's policy without making a state for it)."""
    for clause in condition:  # a plain loop: this runs hundreds of times a game
        if not clause_holds(clause, state, motive):
            return False
    return True


def clause_holds(c: Clause, s: StateLike, motive: Motive = _STATE) -> bool:
    """All the keys given in the clause hold.

    ``offer``/``response``/``event`` test the current round, ``previous_*_tag``
    the round before it, ``played`` every card played so far, ``motive`` the
    hidden motive, and ``ending`` the ending once the game is over (never before).
    """
    if c.tally is not None:
        value = s.tallies[c.tally]
        if (c.at_least is not None and value < c.at_least) or (c.at_most is not None and value > c.at_most):
            return False
    if c.round_at_least is not None and s.round < c.round_at_least:
        return False
    if c.round_at_most is not None and s.round > c.round_at_most:
        return False
    # Each key is tested only when the clause gives it (the common case is a tally or a round alone).
    if c.motive and (s.motive if motive is _STATE else motive) not in c.motive:
        return False
    if c.offer and s.offer not in c.offer:
        return False
    if c.offer_tag and not _tagged(s.deck.options, s.offer, c.offer_tag):
        return False
    if c.response and s.response not in c.response:
        return False
    if c.response_tag and not _tagged(s.deck.responses, s.response, c.response_tag):
        return False
    if c.previous_offer_tag or c.previous_response_tag:
        prev = s.previous
        if c.previous_offer_tag and not _tagged(s.deck.options, prev.offer if prev else None, c.previous_offer_tag):
            return False
        if c.previous_response_tag and not _tagged(s.deck.responses, prev.response if prev else None, c.previous_response_tag):
            return False
    if c.event and s.event not in c.event:
        return False
    if c.ending and not (s.phase == "over" and s.ending in c.ending):
        return False
    if c.played and not any(x in c.played for x in s.played):
        return False
    return True


def _tagged(cards: tuple[Card, ...], card_id: str | None, wanted: tuple[str, ...]) -> bool:
    """The card (None: no card) carries one of the wanted tags."""
    if card_id is None:
        return False
    tags = next((c.tags for c in cards if c.id == card_id), ())
    return any(t in wanted for t in tags)
