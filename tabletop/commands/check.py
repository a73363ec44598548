"""`tabletop check DECK...`: load and lint decks, print every problem and a summary.

Exit 0 when every deck is clean (warnings allowed), 1 when any deck has errors.

Every string from a deck or a path is printed `one_line`: a label cannot write over the
verdict, hide it or start a line of its own.
"""

from __future__ import annotations

import argparse
import sys
from fractions import Fraction
from pathlib import Path

from ..clock import deck_times, times_words
from ..deck import Deck, inspect_deck
from ..deck.odds import row_odds
from ..paths import deck_cache
from ..safetext import one_line

NAME = "check"
HELP = "Check decks for errors and warnings, and summarise the good ones."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("decks", nargs="+", type=Path, metavar="DECK", help="deck files (.toml)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only, no summary")


def run(args: argparse.Namespace) -> int:
    failed = False
    for path in args.decks:
        result = inspect_deck(path, deck_cache())
        for p in result.errors + result.warnings:
            print(p, file=sys.stderr if p.severity == "error" else sys.stdout)
        if result.errors:
            failed = True
            n = len(result.errors)
            print(f"{one_line(str(path))}: {n} error{'s' if n != 1 else ''}", file=sys.stderr)
        elif not args.quiet and result.deck is not None:
            print(summary(result.deck, path, len(result.warnings)))
    return 1 if failed else 0


def percent(p: Fraction) -> str:
    return f"{float(p) * 100:5.1f}%"


def count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def summary(deck: Deck, path: Path, warnings: int = 0) -> str:
    meta = deck.deck
    held = sum(1 for c in deck.options if c.standing)
    standing = f", {held} standing" if held else ""
    lines = [
        f"{one_line(str(path))}: ok" + (f" ({count(warnings, 'warning')})" if warnings else ""),
        f"  {meta.title!r} ({meta.id}, revision {meta.version}): {count(meta.rounds, 'round')}, dice {meta.dice}",
        f"  {count(len(deck.options), 'option card')} ({sum(c.copies for c in deck.options if not c.standing)} in "
        f"the pile{standing}), "
        f"{count(len(deck.responses), 'response')}, {count(len(deck.events), 'event')}, "
        f"{count(len(deck.motives), 'motive')}, {count(len(deck.endings), 'ending')}, "
        f"{count(len(deck.scoring), 'scoring rule')}",
    ]
    if deck.clock is not None:
        lines.append(f"  Negotiation clock: {times_words(deck_times(deck.clock))} (when people decide)")
    lines.append("  Tallies:")
    for t in deck.tallies:
        hidden = f", hidden from {', '.join(t.hidden_from)}" if t.hidden_from else ""
        lines.append(f"    {one_line(t.label):<18} {t.min}..{t.max}, starts at {t.start}{hidden}")
    lines.append("  Seats:")
    for s in deck.seats:
        styles = f"; bot styles: {', '.join(st.id for st in s.styles)}" if s.styles else ""
        hand = f", hand of {s.hand}" if s.role == "offer" else ""
        lines.append(f"    {one_line(s.label)} ({s.id}): {s.role}{hand}{styles}")
    total_weight = sum(mo.weight for mo in deck.motives)
    lines.append("  Motives: " + ", ".join(f"{one_line(mo.label)} {Fraction(mo.weight, total_weight)}"
                                           for mo in deck.motives))
    lines.append("  Reaction tables (odds before modifiers):")
    for a in deck.actors:
        lines.append(f"    {one_line(a.label)} ({a.dice or meta.dice}):")
        for row, p in row_odds(deck, a):
            span = f"{row.min}" if row.min == row.max else f"{row.min}..{row.max}"
            lines.append(f"      {span:>7}  {percent(p)}  {str(p):>7}  {one_line(row.label)}")
        if a.stances:
            lines.append("      stances: " + ", ".join(f"{one_line(st.label)} ({st.id}) {st.value:+d}" for st in a.stances))
        if a.objectives:
            secret = sum(1 for ob in a.objectives if ob.secret)
            lines.append(f"      objectives: {len(a.objectives)}" + (f" ({secret} secret)" if secret else ""))
    return "\n".join(lines)
