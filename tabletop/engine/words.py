"""The engine's few words: conditions as people read them, for the menus (why a card cannot be played now,
when a modifier applies). Deck text in them comes out `visible`."""

from __future__ import annotations

from ..deck.model import Clause, Condition, Deck
from ..safetext import visible

#: What a seat that does not know the hidden motive (or a hidden tally) is shown instead of words that depend on it.
HIDDEN_REASON = "a hidden condition"


def condition_words(deck: Deck, condition: Condition, hidden: frozenset[str] = frozenset()) -> str:
    """A condition in plain words, e.g. ``Leverage at least 2 and round 3 or later``; a test of one of the ``hidden``
    tallies (those the reader may not know) says `HIDDEN_REASON`, as a test of the motive always does."""
    return visible(" and ".join(_clause_words(deck, c, hidden) for c in condition))


def _clause_words(deck: Deck, c: Clause, hidden: frozenset[str] = frozenset()) -> str:
    parts = []
    if c.tally is not None and c.tally in hidden:
        parts.append(HIDDEN_REASON)  # never say what a hidden tally is tested against
    elif c.tally is not None:
        label = deck.tally(c.tally).label
        if c.at_least is not None and c.at_most is not None:
            test = f"{label} from {c.at_least} to {c.at_most}"
        elif c.at_least is not None:
            test = f"{label} at least {c.at_least}"
        else:
            test = f"{label} at most {c.at_most}"
        if c.for_rounds is not None:
            rounds = "the last round" if c.for_rounds == 1 else f"each of the last {c.for_rounds} rounds"
            test += f" (at the close of {rounds}, and now)"
        parts.append(test)
    if c.round_at_least is not None:
        parts.append(f"round {c.round_at_least} or later")
    if c.round_at_most is not None:
        parts.append(f"round {c.round_at_most} or earlier")
    named = (("offer", "the offer is", lambda i: deck.option(i).title),
             ("response", "the response is", lambda i: deck.response(i).title),
             ("event", "the event is" if max(deck.deck.events_per_round, default=1) == 1 else "an event this round is",
              lambda i: deck.event(i).title),
             ("offer_tag", "the offer is tagged", str), ("response_tag", "the response is tagged", str),
             ("previous_offer_tag", "last round's offer was tagged", str),
             ("previous_response_tag", "last round's response was tagged", str))
    for key, words, name in named:
        ids = getattr(c, key)
        if ids:
            parts.append(f"{words} {' or '.join(name(i) for i in ids)}")
    if c.played:
        titles = " or ".join(_card_title(deck, i) for i in c.played)
        parts.append(f"{titles} played at least {c.times} times" if c.times and c.times > 1
                     else f"{titles} played before")
    if c.drawn:
        titles = " or ".join(deck.event(i).title for i in c.drawn)
        parts.append(f"{titles} drawn at least {c.times} times" if c.times and c.times > 1 else f"{titles} drawn before")
    if c.motive:
        parts.append(HIDDEN_REASON)  # never say which motive
    if c.ending:
        parts.append("the game ended as " + " or ".join(deck.ending(i).label for i in c.ending))
    if c.any:
        parts.append("(" + " or ".join(_clause_words(deck, x, hidden) for x in c.any) + ")")
    if c.all:
        parts.append("(" + " and ".join(_clause_words(deck, x, hidden) for x in c.all) + ")")
    if c.not_:
        parts.append("not (" + " and ".join(_clause_words(deck, x, hidden) for x in c.not_) + ")")
    return " and ".join(parts)


def _card_title(deck: Deck, card_id: str) -> str:
    """An option's or a response's title (ids are unique across both)."""
    card = deck.by_id["options"].get(card_id) or deck.by_id["responses"].get(card_id)
    return card.title if card is not None else card_id
