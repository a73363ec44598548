"""Conditions (``when``/``requires``): the one place where clauses are evaluated against a state.

They read a `GameState` (the rules) or a seat's `SeatView` (the bots, and what a seat is shown): a view
that does not know the motive makes every ``motive`` clause fail.

A condition is compiled once, the first time it is read, into one small function that tests only the keys
its clauses give, with their ids in sets (`compile_condition`); every later read calls that function. A
condition holds, or not, exactly as its clauses say (`clause_holds` documents the keys).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Final, Literal

from ..deck.model import Clause, Condition, Deck
from .state import StateLike


class _Held(enum.Enum):
    STATE = "the motive the state holds"


_STATE: Final = _Held.STATE
#: The motive clauses read: the one the state holds (`_STATE`), or the one given (None: no motive).
Motive = str | None | Literal[_Held.STATE]
#: A compiled condition: whether it holds on a state (or a draft, or a view), reading the motive given.
Check = Callable[[StateLike, Motive], bool]


def holds(condition: Condition, state: StateLike, motive: Motive = _STATE) -> bool:
    """All clauses hold (an empty condition always holds). ``motive`` reads the clauses as if the hidden motive
    were that one (the rules weigh each motive's policy without making a state for it)."""
    if not condition:
        return True
    check = check_of(condition)
    return check is None or check(state, motive)


def clause_holds(c: Clause, s: StateLike, motive: Motive = _STATE) -> bool:
    """All the keys given in the clause hold.

    ``tally`` with ``at_least``/``at_most`` and ``round_at_least``/``round_at_most`` test numbers;
    ``offer``/``response``/``event`` (and their ``_tag`` forms) test the current round, ``previous_*_tag``
    the round before it, ``played`` every card played so far, ``motive`` the hidden motive, and ``ending``
    the ending once the game is over (never before).
    """
    check = _all(_clause_checks(c))
    return check is None or check(s, motive)


# --------------------------------------------------------------------------
# Compiling
# --------------------------------------------------------------------------

#: Compiled conditions by the identity of the condition (kept with it, so that an id is never reused while
#: its entry lives); cleared when it grows past `_MAX_COMPILED` (decks loaded one after another in a process).
_COMPILED: dict[int, tuple[Condition, Check | None]] = {}
_MAX_COMPILED: Final = 20_000


def check_of(condition: Condition) -> Check | None:
    """The condition compiled (None: it always holds), compiled the first time it is asked for."""
    entry = _COMPILED.get(id(condition))
    if entry is not None and entry[0] is condition:
        return entry[1]
    check = compile_condition(condition)
    if len(_COMPILED) >= _MAX_COMPILED:
        _COMPILED.clear()
    _COMPILED[id(condition)] = (condition, check)
    return check


def compile_condition(condition: Condition) -> Check | None:
    """One function testing every key of every clause (None when there is nothing to test), the cheapest keys of
    all the clauses first (they must all hold, and a key only reads: the order changes the cost, not the result)."""
    ranked = [pair for clause in condition for pair in _ranked_checks(clause)]
    ranked.sort(key=lambda pair: pair[0])  # stable: in the deck's order within a rank
    return _all([check for _, check in ranked])


def _all(checks: list[Check]) -> Check | None:
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda s, m: first(s, m) and second(s, m)
    if len(checks) == 3:  # (the loop below, written out: a condition of three keys is common)
        one, two, three = checks
        return lambda s, m: one(s, m) and two(s, m) and three(s, m)
    every = tuple(checks)

    def all_hold(s: StateLike, m: Motive) -> bool:
        for check in every:
            if not check(s, m):
                return False
        return True
    return all_hold


def _clause_checks(c: Clause) -> list[Check]:
    """One check per key the clause gives, cheapest first (the common case is a tally or a round alone)."""
    return [check for _, check in sorted(_ranked_checks(c), key=lambda pair: pair[0])]


#: What a check costs, roughly: a field compared (0), a card's tags looked up (1), the game's history read (2),
#: a condition inside (3).
_FIELD, _TAGS, _HISTORY, _INNER = 0, 1, 2, 3


def _ranked_checks(c: Clause) -> list[tuple[int, Check]]:
    """One check per key the clause gives, each with its cost (`_FIELD` ... `_INNER`)."""
    ranked: list[tuple[int, Check]] = []

    def add(rank: int, check: Check) -> None:
        ranked.append((rank, check))

    if c.tally is not None:
        tally, low, high = c.tally, c.at_least, c.at_most
        if low is not None and high is not None:
            add(_FIELD, lambda s, m: low <= s.tallies[tally] <= high)
        elif low is not None:
            add(_FIELD, lambda s, m: s.tallies[tally] >= low)
        elif high is not None:
            add(_FIELD, lambda s, m: s.tallies[tally] <= high)
    if c.round_at_least is not None:
        first_round = c.round_at_least
        add(_FIELD, lambda s, m: s.round >= first_round)
    if c.round_at_most is not None:
        last_round = c.round_at_most
        add(_FIELD, lambda s, m: s.round <= last_round)
    if c.motive:
        motives = frozenset(c.motive)
        add(_FIELD, lambda s, m: (s.motive if m is _STATE else m) in motives)
    if c.offer:
        offers = frozenset(c.offer)
        add(_FIELD, lambda s, m: s.offer in offers)
    if c.offer_tag:
        add(_TAGS, _tagged("options", frozenset(c.offer_tag), "offer"))
    if c.response:
        responses = frozenset(c.response)
        add(_FIELD, lambda s, m: s.response in responses)
    if c.response_tag:
        add(_TAGS, _tagged("responses", frozenset(c.response_tag), "response"))
    if c.previous_offer_tag:
        previous_offers_tagged = _tagged_ids("options", frozenset(c.previous_offer_tag))
        add(_HISTORY, lambda s, m: _previous(s, "offer") in previous_offers_tagged(s.deck))
    if c.previous_response_tag:
        previous_responses_tagged = _tagged_ids("responses", frozenset(c.previous_response_tag))
        add(_HISTORY, lambda s, m: _previous(s, "response") in previous_responses_tagged(s.deck))
    if c.event:
        events = frozenset(c.event)
        add(_FIELD, lambda s, m: not events.isdisjoint(s.events))  # any of this round's events
    if c.ending:
        endings = frozenset(c.ending)
        add(_FIELD, lambda s, m: s.phase == "over" and s.ending in endings)
    if c.played:
        add(_HISTORY, _seen(frozenset(c.played), c.times or 1, lambda s: s.played))
    if c.drawn:
        add(_HISTORY, _seen(frozenset(c.drawn), c.times or 1, lambda s: s.drawn))
    if c.for_rounds is not None and c.tally is not None:
        running, tally_id = c.for_rounds, c.tally
        low_at, high_at = c.at_least, c.at_most
        add(_HISTORY, lambda s, m: _held_running(s, tally_id, low_at, high_at, running))
    if c.any:
        choices = tuple(compile_condition((clause,)) for clause in c.any)
        if None not in choices:  # a choice that always holds makes the whole `any` hold
            add(_INNER, lambda s, m: _any(choices, s, m))
    if c.all:
        every = compile_condition(c.all)
        if every is not None:
            add(_INNER, every)
    if c.not_:
        negated = compile_condition(c.not_)
        if negated is None:  # not (always) never holds
            add(_INNER, lambda s, m: False)
        else:
            add(_INNER, lambda s, m: not negated(s, m))
    return ranked


def _any(choices: tuple[Check | None, ...], s: StateLike, m: Motive) -> bool:
    for check in choices:
        if check is not None and check(s, m):
            return True
    return False


def _seen(wanted: frozenset[str], times: int, history: Callable[[StateLike], tuple[str, ...]]) -> Check:
    """The cards played (or events drawn) so far, ``history`` of a state, name the wanted ones ``times`` times or more."""
    if times == 1:
        return lambda s, m: not wanted.isdisjoint(history(s))
    count = wanted.__contains__
    return lambda s, m: sum(map(count, history(s))) >= times


def _held_running(s: StateLike, tally: str, low: int | None, high: int | None, rounds: int) -> bool:
    """The tally test held at the close of each of the last ``rounds`` rounds closed (the current value is tested
    by the clause's own tally check)."""
    closed = s.history[-rounds:]
    if len(closed) < rounds:
        return False
    for record in closed:
        value = record.tallies[tally]
        if (low is not None and value < low) or (high is not None and value > high):
            return False
    return True


def _tagged_ids(kind: str, wanted: frozenset[str]) -> Callable[[Deck], frozenset[str]]:
    """The ids of a deck's cards of ``kind`` ("options", "responses") that carry one of the wanted tags, found once
    for a deck (the last one asked about, by identity) and then looked up: a clause on a card's tags holds when the
    card (None: no card) is one of them."""
    last: tuple[Deck | None, frozenset[str]] = (None, frozenset())

    def ids(deck: Deck) -> frozenset[str]:
        nonlocal last
        known = last
        if known[0] is deck:
            return known[1]
        tagged = frozenset(card_id for card_id, card in deck.by_id[kind].items() if not wanted.isdisjoint(card.tags))
        last = (deck, tagged)  # one assignment: a reader sees the deck with its own ids
        return tagged
    return ids


def _tagged(kind: str, wanted: frozenset[str], key: Literal["offer", "response"]) -> Check:
    """This round's offer or response (``key``) carries one of the wanted tags: `_tagged_ids`, with the last deck's
    ids looked up in the check itself (it is read at nearly every action)."""
    ids = _tagged_ids(kind, wanted)
    last: tuple[Deck | None, frozenset[str]] = (None, frozenset())

    def check(s: StateLike, m: Motive) -> bool:
        nonlocal last
        known = last
        if known[0] is not s.deck:
            known = last = (s.deck, ids(s.deck))
        return getattr(s, key) in known[1]
    return check


def _previous(s: StateLike, key: Literal["offer", "response"]) -> str | None:
    """Last round's offer or response (None: no round before this one, or nothing played)."""
    prev = s.previous
    return None if prev is None else getattr(prev, key)
