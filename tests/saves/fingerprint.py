"""A fingerprint of a game state that any version of tabletop computes alike: every field but the deck, as
canonical JSON, hashed. Used to check that old saves replay to exactly the states they had when they were made."""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction

import attrs


def plain(value):
    if attrs.has(type(value)):
        return {f.name: plain(getattr(value, f.name)) for f in attrs.fields(type(value)) if f.name != "deck"}
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def fingerprint(state) -> str:
    return hashlib.sha256(json.dumps(plain(state), sort_keys=True).encode()).hexdigest()[:16]
