"""Warnings for deck authors: things that load fine but are probably not what was meant."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

from ..dice import parse_dice
from . import model as m


def _impossible(cond: m.Condition, deck: m.Deck) -> str | None:
    """Why a condition can never hold given the tallies' bounds and the deck's rounds, or None."""
    for c in cond:
        if c.tally is not None:
            t = next((t for t in deck.tallies if t.id == c.tally), None)
            if t is None:
                continue
            if c.at_least is not None and c.at_least > t.max:
                return f"{c.tally} is at least {c.at_least}, but {c.tally} never exceeds {t.max}"
            if c.at_most is not None and c.at_most < t.min:
                return f"{c.tally} is at most {c.at_most}, but {c.tally} never falls below {t.min}"
        if c.round_at_least is not None and c.round_at_least > deck.deck.rounds:
            return f"round is at least {c.round_at_least}, but the deck has {deck.deck.rounds} rounds"
    return None


def _at_start(cond: m.Condition, deck: m.Deck) -> bool | None:
    """Whether a condition holds at the deck's start (round 1, every tally at its start, nothing played or
    drawn, no event, offer or response yet, the game not over): True or False only when sure, None when it
    depends on what this cannot know (the hidden motive, a clause this does not read).

    A small reading of its own, kept apart from the engine's (the deck does not import the engine), and
    kept conservative: a warning built on it must never be wrong.
    """
    return _every(_clause_at_start(c, deck) for c in cond)


def _every(values) -> bool | None:
    """And, on three values: False if any is False, else None if any is None, else True."""
    result: bool | None = True
    for v in values:
        if v is False:
            return False
        if v is None:
            result = None
    return result


def _clause_at_start(c: m.Clause, deck: m.Deck) -> bool | None:
    tests: list[bool | None] = []
    if c.tally is not None or c.at_least is not None or c.at_most is not None or c.for_rounds is not None:
        t = deck.by_id["tallies"].get(c.tally) if c.tally is not None else None
        if t is None or (c.at_least is None and c.at_most is None):
            tests.append(None)  # refused by the checks; nothing to say here
        else:
            tests.append((c.at_least is None or t.start >= c.at_least) and (c.at_most is None or t.start <= c.at_most))
            if c.for_rounds is not None:
                tests.append(False)  # no round has closed yet
    if c.round_at_least is not None:
        tests.append(c.round_at_least <= 1)
    if c.round_at_most is not None:
        tests.append(c.round_at_most >= 1)
    if c.motive:
        tests.append(None)  # drawn in secret
    # Nothing offered, answered, drawn or played yet, no round before this one, the game not over.
    if (c.offer or c.offer_tag or c.response or c.response_tag or c.previous_offer_tag or c.previous_response_tag
            or c.event or c.ending or c.played or c.drawn):
        tests.append(False)
    if c.any:
        choices = [_clause_at_start(x, deck) for x in c.any]
        tests.append(True if True in choices else None if None in choices else False)
    if c.all:
        tests.append(_at_start(c.all, deck))
    if c.not_:
        inner = _at_start(c.not_, deck)
        tests.append(None if inner is None else not inner)
    return _every(tests)


def _circular(deck: m.Deck) -> dict[str, list[str]]:
    """Cards (options and responses, by id) that can never be played because what they require played goes
    round in a circle, each with the circle it is caught in (a card requiring itself: a circle of one).

    Only ``played`` at the top level of ``requires`` is read: each such clause needs one of its cards played
    first. A card is playable at some point if every such clause names a card that is (cards of other
    kinds, or unknown ids, count as playable); the cards left over once nothing more can be added are stuck.
    """
    cards = {c.id: c for c in (*deck.options, *deck.responses)}
    needs = {cid: [set(cl.played) for cl in c.requires if cl.played] for cid, c in cards.items()}
    possible = {cid for cid, lists in needs.items() if not lists}
    changed = True
    while changed:
        changed = False
        for cid, lists in needs.items():
            if cid not in possible and all(any(x in possible or x not in cards for x in ids) for ids in lists):
                possible.add(cid)
                changed = True
    stuck = {}
    for cid in needs:
        if cid in possible:
            continue
        path = [cid]  # follow a requirement whose every card is stuck too, until a card comes round again
        while True:
            blocked = next(ids for ids in needs[path[-1]] if ids.isdisjoint(possible))
            nxt = min(blocked)
            if nxt in path:
                stuck[cid] = path[path.index(nxt):] + [nxt]
                break
            path.append(nxt)
    return stuck


def _modifier_span(deck: m.Deck, actor: m.Actor) -> tuple[int, int]:
    """The most a roll can be lowered and raised by modifiers that could ever apply to ``actor``."""
    down = up = 0
    for mod in actor.modifiers:
        down, up = down + min(mod.value, 0), up + max(mod.value, 0)
    # At most one event, one offer and one response act in a round: take the extremes of each.
    for cards in (deck.events, deck.options, deck.responses):
        lows, highs = [0], [0]
        for card in cards:
            vals = [mod.value for mod in card.modifiers if not mod.actor or actor.id in mod.actor]
            lows.append(sum(v for v in vals if v < 0))
            highs.append(sum(v for v in vals if v > 0))
        down, up = down + min(lows), up + max(highs)
    return down, up


def lint(deck: m.Deck, checker) -> None:
    def warn(kind: str, i: int, sub: tuple, message: str) -> None:
        checker.item(kind, i, sub, message, severity="warning")

    # Cards and events that can never be drawn or played.
    for i, c in enumerate(deck.options):
        if c.standing and c.copies != 1:
            warn("options", i, ("copies",), f"a standing card is never drawn, so copies = {c.copies} is not used: "
                 "it is always in the hand, once")
        elif c.copies == 0:
            warn("options", i, ("copies",), "this card can never be drawn: copies = 0")
        elif why := _impossible(c.requires, deck):
            warn("options", i, ("requires",), f"this card can never be played: it requires that {why}")
    for i, c in enumerate(deck.responses):
        if c.standing:
            warn("responses", i, ("standing",), "standing = true is not used on a response card: every response "
                 "whose requires holds may always be played")
        if why := _impossible(c.requires, deck):
            warn("responses", i, ("requires",), f"this response can never be played: it requires that {why}")
    stuck = _circular(deck)
    for kind in ("options", "responses"):
        for i, c in enumerate(getattr(deck, kind)):
            if c.id in stuck:
                circle = stuck[c.id]
                needs = ", ".join(f"{a!r} needs {b!r} played first" for a, b in itertools.pairwise(circle))
                what = "card" if kind == "options" else "response"
                if circle == [c.id, c.id]:
                    warn(kind, i, ("requires",), f"this {what} can never be played: it requires itself played first")
                elif circle[0] == c.id:
                    warn(kind, i, ("requires",), f"this {what} can never be played: its requirements go round in a "
                         f"circle: {needs}")
                else:
                    warn(kind, i, ("requires",), f"this {what} can never be played: it needs cards played first "
                         f"that are caught in a circle of requirements: {needs}")
    for i, e in enumerate(deck.events):
        if e.weight == 0:
            warn("events", i, ("weight",), "this event can never be drawn: weight = 0")
        elif why := _impossible(e.requires, deck):
            warn("events", i, ("requires",), f"this event can never be drawn: it requires that {why}")
    for i, mo in enumerate(deck.motives):
        if mo.weight == 0:
            warn("motives", i, ("weight",), "this motive can never be drawn: weight = 0")
    for i, ending in enumerate(deck.endings):
        if why := _impossible(ending.when, deck):
            warn("endings", i, ("when",), f"this ending can never happen: it needs {why}")
        if not ending.final and _at_start(ending.when, deck):
            warn("endings", i, ("when",) if ending.when else (),
                 "this ending already holds at the start (round 1, every tally at its start, nothing played "
                 "or drawn): the game would end after its first action")
    catch_all = next((i for i, e in enumerate(deck.endings) if e.final and not e.when), None)
    if catch_all is not None:
        for i in range(catch_all + 1, len(deck.endings)):
            if deck.endings[i].final:
                warn("endings", i, (), f"this final ending is never reached: the earlier final ending "
                     f"{deck.endings[catch_all].id!r} has no conditions and always matches first")

    # Reaction rows that no roll can reach.
    for i, a in enumerate(deck.actors):
        dice = parse_dice(a.dice or deck.deck.dice)
        down, up = _modifier_span(deck, a)
        lo, hi = dice.low + down, dice.high + up
        for j, row in enumerate(a.reactions):
            first, last = j == 0, j == len(a.reactions) - 1
            # Totals beyond the table are clamped to its first and last rows.
            if (row.max < lo and not last) or (row.min > hi and not first):
                warn("actors", i, ("reactions", j),
                     f"no roll can reach this row: {dice} with every modifier gives {lo} to {hi}, the row needs {row.min} to {row.max}")

    # Tallies nothing changes.
    changed: set[str] = set()
    for effects in [*(c.effects for c in deck.options), *(c.effects for c in deck.responses),
                    *(e.effects for e in deck.events)]:
        changed.update(effects)
    for a in deck.actors:
        for row in a.reactions:
            changed.update(row.effects)
    for i, t in enumerate(deck.tallies):
        if t.id not in changed:
            warn("tallies", i, (), f"nothing changes tally {t.id!r}: no card, event or reaction has an effect on it")

    # Clauses that read what a seat could not know, or that cannot hold where they are.
    for i, s in enumerate(deck.seats):
        for j, st in enumerate(s.styles):
            for k, p in enumerate(st.policy):
                for n, clause in enumerate(p.when):
                    if m.reads_motive((clause,)):
                        warn("seats", i, ("styles", j, "policy", k, "when", n) + (("motive",) if clause.motive else ()),
                             "this bot style reads the hidden motive, which its seat cannot know")
    def endings_before_the_end(kind: str, i: int, sub: tuple, cond: m.Condition, motive_ok: bool = False) -> None:
        for n, c in enumerate(cond):
            if c.ending:
                warn(kind, i, sub + (n, "ending"), "an ending clause holds only once the game is over; here it never does")
            if not motive_ok and m.reads_motive((c,)):  # at any depth of any, all and not
                at = sub + (n,) + (("motive",) if c.motive else ())
                warn(kind, i, at, "a motive clause outside scoring and bot policies gives the hidden "
                     "motive away: the odds and the playable cards show its effect")
    # Everywhere but scoring, the game is still going on when a condition is read.
    for kind in ("options", "responses", "events"):
        for i, c in enumerate(getattr(deck, kind)):
            endings_before_the_end(kind, i, ("requires",), c.requires)
            for j, mod in enumerate(c.modifiers):
                endings_before_the_end(kind, i, ("modifiers", j, "when"), mod.when)
            for j, extra in enumerate(c.extra_effects):
                endings_before_the_end(kind, i, ("extra_effects", j, "when"), extra.when)
    for i, t in enumerate(deck.tallies):
        endings_before_the_end("tallies", i, ("drift_when",), t.drift_when)
    for i, a in enumerate(deck.actors):
        endings_before_the_end("actors", i, ("rolls_when",), a.rolls_when)
        for j, mod in enumerate(a.modifiers):
            endings_before_the_end("actors", i, ("modifiers", j, "when"), mod.when)
            if mod.actor:
                warn("actors", i, ("modifiers", j, "actor"), "ignored: an actor's own modifiers apply to that actor only")
    for i, mo in enumerate(deck.motives):
        for j, p in enumerate(mo.policy):
            endings_before_the_end("motives", i, ("policy", j, "when"), p.when, motive_ok=True)
    for i, s in enumerate(deck.seats):
        for j, st in enumerate(s.styles):
            for k, p in enumerate(st.policy):
                endings_before_the_end("seats", i, ("styles", j, "policy", k, "when"), p.when, motive_ok=True)
    for i, ending in enumerate(deck.endings):
        endings_before_the_end("endings", i, ("when",), ending.when)

    _hidden_leaks(deck, warn)

    # A hand larger than the pile (standing cards are held besides the hand's size, never drawn).
    pile = sum(c.copies for c in deck.options if not c.standing)
    for i, s in enumerate(deck.seats):
        if s.role == "offer" and s.hand > pile:
            warn("seats", i, ("hand",), f"the hand holds {s.hand} cards but the option pile has only {pile}")


def _hidden_leaks(deck: m.Deck, warn) -> None:
    """Where a tally hidden from a seat (``hidden_from``) would be given away to that seat: conditions read while
    the game goes on whose outcome the seat sees (a modifier in the odds, a card it may or may not play, an event
    drawn or not, an actor rolling or not, a change to a tally it sees), and bot policies of a seat that cannot
    read it. Endings and scoring are read at the end, when every tally is revealed: never warned."""
    hidden = {t.id: t.hidden_from for t in deck.tallies if t.hidden_from}
    if not hidden:
        return
    labels = {s.id: s.label for s in deck.seats}

    def reading(cond: m.Condition):
        """(clause index, path inside it, hidden tally, the seats it is hidden from) for each top-level clause
        reading a hidden tally at any depth."""
        for n, c in enumerate(cond):
            for tally in sorted(m.tallies_read((c,)) & hidden.keys()):
                yield n, (("tally",) if c.tally == tally else ()), tally, hidden[tally]

    def who(seats) -> str:
        return " and ".join(labels.get(s, s) for s in seats)

    def leak(kind: str, i: int, sub: tuple, cond: m.Condition, how: str, seen_by=None) -> None:
        for n, inner, tally, seats in reading(cond):
            if seen_by is not None and not (set(seats) & seen_by(tally)):
                continue
            warn(kind, i, sub + (n,) + inner, f"this reads {tally!r}, hidden from {who(seats)}: {how}")

    def sees(tallies: Iterable[str]) -> Callable[[str], set[str]]:
        """The seats that see at least one of these tallies (from which none of them is hidden)."""
        out: set[str] = set()
        for t in tallies:
            out |= {s.id for s in deck.seats} - set(hidden.get(t, ()))
        return lambda tally: out

    odds = "the odds and every roll show whether this modifier applies, which gives the tally away"
    for i, a in enumerate(deck.actors):
        for j, mod in enumerate(a.modifiers):
            leak("actors", i, ("modifiers", j, "when"), mod.when, odds)
        leak("actors", i, ("rolls_when",), a.rolls_when, "whether the actor rolls or sits out gives the tally away")
    for kind in ("options", "responses", "events"):
        for i, c in enumerate(getattr(deck, kind)):
            what = {"options": "the hand shows the card playable or not, which gives the tally away",
                    "responses": "the response menu, on the shared screen, shows the card playable or not, which "
                                 "gives the tally away",
                    "events": "whether the event can be drawn gives the tally away"}[kind]
            leak(kind, i, ("requires",), c.requires, what)
            for j, mod in enumerate(c.modifiers):
                leak(kind, i, ("modifiers", j, "when"), mod.when, odds)
            for j, extra in enumerate(c.extra_effects):
                leak(kind, i, ("extra_effects", j, "when"), extra.when,
                     "the change to a tally they see gives it away", sees(extra.effects))
            for j, scaled in enumerate(c.scaled_effects):
                seats = hidden.get(scaled.per, ())
                if seats and set(seats) & sees([scaled.tally])(scaled.per):
                    warn(kind, i, ("scaled_effects", j, "per"), f"this grows with {scaled.per!r}, hidden from "
                         f"{who(seats)}, who would read its value in the change to {scaled.tally!r}")
    for i, t in enumerate(deck.tallies):
        leak("tallies", i, ("drift_when",), t.drift_when, "this tally's drift, which they see, gives it away",
             sees([t.id]))
    for i, s in enumerate(deck.seats):
        for j, st in enumerate(s.styles):
            for k, p in enumerate(st.policy):
                for n, inner, tally, seats in reading(p.when):
                    if s.id in seats:
                        warn("seats", i, ("styles", j, "policy", k, "when", n) + inner,
                             f"this bot style reads {tally!r}, which its seat cannot know: it never applies")
    respond = next((s.id for s in deck.seats if s.role == "respond"), None)
    for i, mo in enumerate(deck.motives):
        for j, p in enumerate(mo.policy):
            for n, inner, tally, seats in reading(p.when):
                if respond in seats:
                    warn("motives", i, ("policy", j, "when", n) + inner,
                         f"this policy reads {tally!r}, which the responding seat cannot know: it never applies")

