"""Dice in standard notation (``2d6``, ``1d10+2``, ``3d4-1``): parsed, bounded, enumerable.

A `Dice` value knows its exact distribution, so the engine can show the odds of
each reaction row before a roll is made.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cache, lru_cache
from typing import Protocol

from attrs import frozen

from .records import Record

MAX_COUNT = 20
MAX_SIDES = 100
MAX_BONUS = 1000

_NOTATION = re.compile(r"^\s*(\d{1,4})?\s*[dD]\s*(\d{1,5})\s*(?:([+-])\s*(\d{1,5}))?\s*$")


class RandInt(Protocol):
    """What a roll draws from: `tabletop.engine.rng.Rng`, or anything with its ``randint``."""

    def randint(self, a: int, b: int) -> int: ...


class DiceError(ValueError):
    """The notation is not valid dice, or asks for too much."""


@frozen(repr=False, eq=False)
class Dice(Record):
    count: int
    sides: int
    bonus: int = 0

    @property
    def low(self) -> int:
        return self.count + self.bonus

    @property
    def high(self) -> int:
        return self.count * self.sides + self.bonus

    def __str__(self) -> str:
        bonus = f"{self.bonus:+d}" if self.bonus else ""
        return f"{self.count}d{self.sides}{bonus}"

    def distribution(self) -> dict[int, Fraction]:
        """Exact probability of every total."""
        return {total + self.bonus: p for total, p in _sum_distribution(self.count, self.sides).items()}

    def roll(self, rng: RandInt) -> tuple[list[int], int]:
        """Roll with ``rng`` (anything with ``randint``): the faces and the total."""
        faces = [rng.randint(1, self.sides) for _ in range(self.count)]
        return faces, sum(faces) + self.bonus


def parse_dice(notation: str) -> Dice:
    """Parse ``NdS``, ``NdS+K`` or ``NdS-K``; ``dS`` means one die."""
    if not isinstance(notation, str):
        raise DiceError(f"expected dice notation such as '2d6', found {type(notation).__name__}")
    return _parse(notation)


@lru_cache(maxsize=256)
def _parse(notation: str) -> Dice:
    """`parse_dice` of a string, remembered: a game parses its deck's few notations at every roll."""
    m = _NOTATION.match(notation)
    if not m:
        raise DiceError(f"expected dice notation such as '2d6' or '1d10+2', found {notation!r}")
    count = int(m.group(1)) if m.group(1) else 1
    sides = int(m.group(2))
    bonus = int(m.group(4) or 0) * (-1 if m.group(3) == "-" else 1)
    if not 1 <= count <= MAX_COUNT:
        raise DiceError(f"expected 1 to {MAX_COUNT} dice, found {count} in {notation!r}")
    if not 2 <= sides <= MAX_SIDES:
        raise DiceError(f"expected dice of 2 to {MAX_SIDES} sides, found {sides} in {notation!r}")
    if abs(bonus) > MAX_BONUS:
        raise DiceError(f"expected a bonus between -{MAX_BONUS} and +{MAX_BONUS}, found {bonus} in {notation!r}")
    return Dice(count, sides, bonus)


@cache
def _sum_distribution(count: int, sides: int) -> dict[int, Fraction]:
    """Distribution of the sum of ``count`` fair dice with ``sides`` faces (convolution)."""
    ways = {0: 1}
    for _ in range(count):
        nxt: dict[int, int] = {}
        for total, n in ways.items():
            for face in range(1, sides + 1):
                nxt[total + face] = nxt.get(total + face, 0) + n
        ways = nxt
    whole = sides**count
    return {total: Fraction(n, whole) for total, n in sorted(ways.items())}
