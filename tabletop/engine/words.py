"""The engine's few words: conditions as people read them, for the menus (why a card cannot be played now,
when a modifier applies). Deck text in them comes out `visible`."""

from __future__ import annotations

from ..deck.model import Condition, Deck
from ..safetext import visible

#: What a seat that does not know the hidden motive is shown instead of words that depend on it.
HIDDEN_REASON = "a hidden condition"


def condition_words(deck: Deck, condition: Condition) -> str:
    """A condition in plain words, e.g. ``Leverage at least 2 and round 3 or later``."""
    parts = []
    for c in condition:
        if c.tally is not None:
            label = deck.tally(c.tally).label
            if c.at_least is not None and c.at_most is not None:
                parts.append(f"{label} from {c.at_least} to {c.at_most}")
            elif c.at_least is not None:
                parts.append(f"{label} at least {c.at_least}")
            elif c.at_most is not None:
                parts.append(f"{label} at most {c.at_most}")
        if c.round_at_least is not None:
            parts.append(f"round {c.round_at_least} or later")
        if c.round_at_most is not None:
            parts.append(f"round {c.round_at_most} or earlier")
        named = (("offer", "the offer is", lambda i: deck.option(i).title),
                 ("response", "the response is", lambda i: deck.response(i).title),
                 ("event", "the event is", lambda i: deck.event(i).title),
                 ("offer_tag", "the offer is tagged", str), ("response_tag", "the response is tagged", str),
                 ("previous_offer_tag", "last round's offer was tagged", str),
                 ("previous_response_tag", "last round's response was tagged", str))
        for key, words, name in named:
            ids = getattr(c, key)
            if ids:
                parts.append(f"{words} {' or '.join(name(i) for i in ids)}")
        if c.played:  # card titles, as the table shows them
            cards = deck.by_id["options"] | deck.by_id["responses"]
            parts.append(f"{' or '.join(cards[i].title if i in cards else i for i in c.played)} played before")
        if c.motive:
            parts.append(HIDDEN_REASON)  # never say which motive
        if c.ending:
            parts.append("the game ended as " + " or ".join(deck.ending(i).label for i in c.ending))
    return visible(" and ".join(parts))
