"""A small deterministic generator (SplitMix64) whose whole state is one int.

The game keeps that int in its state, so the same seed gives the same cards and
dice on any machine and any Python, and going back to an earlier state goes back
to the same future rolls. `random.Random` is deliberately not used: its
algorithms and seeding are not promised to stay the same across versions.

An `Rng` object is a short-lived cursor: the engine builds one from a state's
int, draws, and stores ``rng.state`` back into the next state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
_SPAN = 1 << 64


def _mix(z: int) -> int:
    """SplitMix64's output function: a bijection on 64-bit ints."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class Rng:
    __slots__ = ("state",)  # a cursor is made for every roll, draw and bot decision: no dict for its one attribute

    def __init__(self, state: int):
        self.state = state & MASK

    @classmethod
    def derive(cls, *keys: int) -> Rng:
        """A generator seeded from several ints (e.g. seed and step), independent of the game's own."""
        return cls.derive_on(0, *keys)

    @classmethod
    def derive_on(cls, state: int, *keys: int) -> Rng:
        """`derive` going on from the state of an earlier derivation: ``derive_on(derive(a, b).state, c)`` is
        ``derive(a, b, c)`` (so that keys shared by many derivations are mixed once)."""
        for key in keys:
            z = ((state ^ (key & MASK)) + GOLDEN) & MASK
            # `_mix` written out: every bot decision derives its generator here
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            state = z ^ (z >> 31)
        return cls(state)

    def next64(self) -> int:
        self.state = z = (self.state + GOLDEN) & MASK
        # `_mix` written out: the dice and every draw come through here
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def randint(self, a: int, b: int) -> int:
        """A uniform int in ``[a, b]``, by rejection sampling (no modulo bias)."""
        if b < a:
            raise ValueError(f"empty range [{a}, {b}]")
        n = b - a + 1
        if n > _SPAN:
            raise ValueError(f"range of {n} values is wider than 64 bits")
        limit = _SPAN - _SPAN % n
        next64 = self.next64
        while True:
            x = next64()
            if x < limit:
                return a + x % n

    def pick(self, weights: Sequence[int]) -> int:
        """The index of one item, chosen with chance proportional to its (non-negative int) weight."""
        total = sum(weights)
        if total <= 0 or min(weights) < 0:
            raise ValueError(f"expected non-negative weights with a positive sum, found {list(weights)}")
        r = self.randint(0, total - 1)
        for i, w in enumerate(weights):
            if r < w:
                return i
            r -= w
        raise AssertionError("unreachable")

    def shuffled(self, items: Sequence[T]) -> tuple[T, ...]:
        """A Fisher-Yates shuffle of ``items``, as a new tuple."""
        out = list(items)
        for i in range(len(out) - 1, 0, -1):
            j = self.randint(0, i)
            out[i], out[j] = out[j], out[i]
        return tuple(out)
