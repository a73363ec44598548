"""How a motive scores: the deck's scoring rules for a seat, read for one hidden motive.

A seat that holds a hidden motive is told how it scores (on the hand-off, in the private view, on the motive
slip): the rules of its seat that can hold with that motive, each with its condition as it reads once the motive
is known. Every test of the motive in a condition is decided (at any depth, through ``any``, ``all`` and ``not``)
and what is left is the rest of the condition: a rule whose condition cannot hold with this motive is left out.
"""

from __future__ import annotations

from attrs import evolve, frozen

from ..deck.model import Clause, Condition, Deck, ScoreRule, reads_motive
from ..records import Record


@frozen(repr=False, eq=False)
class MotiveRule(Record):
    """A scoring rule as one motive reads it: ``when`` with every test of the motive decided and taken out."""

    rule: ScoreRule
    when: Condition
    only_this_motive: bool  # the rule reads the motive: it scores with this motive (and maybe some others) only


def motive_scoring(deck: Deck, seat: str, motive: str) -> tuple[MotiveRule, ...]:
    """The rules by which ``seat`` scores when the hidden motive is ``motive``, in deck order: first those that
    read the motive, then those that score whatever the motive is."""
    mine: list[MotiveRule] = []
    every: list[MotiveRule] = []
    for rule in deck.scoring:
        if rule.seat != seat:
            continue
        if not reads_motive(rule.when):
            every.append(MotiveRule(rule, rule.when, False))
            continue
        rest = known_motive(rule.when, motive)
        if rest is not False:
            mine.append(MotiveRule(rule, () if rest is True else rest, True))
    return tuple(mine + every)


def known_motive(condition: Condition, motive: str) -> Condition | bool:
    """``condition`` once the motive is known to be ``motive``: True (it holds whatever else happens), False (it
    cannot hold), or the condition left to read (no test of the motive in it)."""
    left: list[Clause] = []
    for c in condition:
        clause = _clause(c, motive)
        if clause is False:
            return False
        if clause is not True:
            left.append(clause)
    return tuple(left) if left else True


def _clause(c: Clause, motive: str) -> Clause | bool:
    if c.motive:
        if motive not in c.motive:
            return False
        c = evolve(c, motive=())
    if c.any:
        parts = [_clause(x, motive) for x in c.any]
        if True in parts:
            c = evolve(c, any=())
        else:
            kept = tuple(p for p in parts if isinstance(p, Clause))
            if not kept:
                return False
            c = evolve(c, any=kept)
    if c.all:
        inner = known_motive(c.all, motive)
        if inner is False:
            return False
        c = evolve(c, all=() if inner is True else inner)
    if c.not_:
        inner = known_motive(c.not_, motive)
        if inner is True:
            return False
        c = evolve(c, not_=() if inner is False else inner)
    return True if c == Clause() else c
