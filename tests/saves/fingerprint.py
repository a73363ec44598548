"""A fingerprint of a game state that any version of tabletop computes alike: every field but the deck, as
canonical JSON, hashed. Used to check that old saves replay to exactly the states they had when they were made."""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction

import attrs

#: Fields added to the state's classes since the saves were made, with nothing of the game in them that the old
#: fields do not already hold (``AppliedModifier.secret`` says whether a modifier's condition reads the motive).
ADDED_SINCE = {"secret", "hidden",  # and ``AppliedModifier.hidden``: the tallies hidden from a seat that it reads
               # who plays the actors, the stance taken and the actors' points: empty in a game with every actor on
               # the dice (every game of the saves' version), and the saves' decks have no stances or objectives
               "actors", "stance", "actor_scores"}
#: Fields as the saves' version had them, for classes whose fields have been reshaped since (the same facts):
#: a roll's record now keeps the state the roll was made on and the generator after the dice, and makes the
#: state before its row took effect (``before``, a field then) when asked.
FIELDS_THEN = {"RollRecord": ("actor", "faces", "dice_total", "modifiers", "total", "row", "before")}
#: Fields renamed since, read under their old names: a round's events (a tuple since decks may have more than one
#: a round) as its event, the first or None, which is all of them for the saves' decks (one event a round; the
#: events drawn, ``drawn``, are in the fingerprint whole).
NAMES_THEN = {"GameState": {"events": "event"}, "RoundRecord": {"events": "event"}}


def plain(value):
    if type(value).__name__ in FIELDS_THEN:
        return {name: plain(getattr(value, name)) for name in FIELDS_THEN[type(value).__name__]}
    if attrs.has(type(value)):
        then = NAMES_THEN.get(type(value).__name__, {})
        return {then.get(f.name, f.name): plain(getattr(value, then.get(f.name, f.name)))
                for f in attrs.fields(type(value)) if f.name != "deck" and f.name not in ADDED_SINCE}
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def fingerprint(state) -> str:
    return hashlib.sha256(json.dumps(plain(state), sort_keys=True).encode()).hexdigest()[:16]
