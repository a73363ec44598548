"""Checks that need the whole merged deck: ids, references, ranges, reaction tables."""

from __future__ import annotations

from collections.abc import Iterable

from ..dice import DiceError, parse_dice
from . import model as m
from .errors import did_you_mean


class Refs:
    """Known ids, by kind, for checking references (raw ids included, to avoid cascades)."""

    def __init__(self, deck: m.Deck, raw_ids: dict[str, set[str]]):
        def known(kind: str, items: Iterable) -> set[str]:
            return {x.id for x in items} | raw_ids.get(kind, set())

        self.tallies = known("tallies", deck.tallies)
        self.seats = known("seats", deck.seats)
        self.actors = known("actors", deck.actors)
        self.motives = known("motives", deck.motives)
        self.options = known("options", deck.options)
        self.responses = known("responses", deck.responses)
        self.events = known("events", deck.events)
        self.endings = known("endings", deck.endings)
        self.cards = self.options | self.responses  # what `played` may name
        self.option_tags = {t for c in deck.options for t in c.tags}
        self.response_tags = {t for c in deck.responses for t in c.tags}


def check_references(deck: m.Deck, checker) -> None:
    refs = Refs(deck, checker.raw_ids)

    def ref(kind: str, i: int, sub: tuple, value: str, known: set[str], what: str) -> None:
        if value not in known:
            listing = ", ".join(sorted(known)[:12]) + (", ..." if len(known) > 12 else "")
            checker.item(kind, i, sub, f"expected {what}, found {value!r}{did_you_mean(value, known)}"
                         + (f"; known: {listing}" if known else "; the deck defines none"))

    def refs_(kind, i, sub, values, known, what):
        for j, v in enumerate(values):
            ref(kind, i, sub + ((j,) if len(values) > 1 else ()), v, known, what)

    def effects(kind, i, sub, eff: dict[str, int]) -> None:
        for tally in eff:
            ref(kind, i, sub + (tally,), tally, refs.tallies, "a tally id as the key of an effect")

    def condition(kind, i, sub, cond: m.Condition) -> None:
        for j, c in enumerate(cond):
            clause(kind, i, sub + (j,), c)

    def clause(kind, i, at, c: m.Clause) -> None:
        subjects = [a for a in ("tally", "round_at_least", "round_at_most", "motive", "offer", "offer_tag",
                                "response", "response_tag", "previous_offer_tag", "previous_response_tag",
                                "event", "ending", "played", "drawn", "any", "all", "not_") if getattr(c, a) not in (None, ())]
        if not subjects and (c.at_least is not None or c.at_most is not None):
            checker.item(kind, i, at, "expected a tally for at_least/at_most to test, found none")
            return
        if not subjects and checker.reported_under(kind, i, at):
            return  # what it tested was refused already (e.g. clauses nested too deep): no second message
        if not subjects:
            checker.item(kind, i, at, "expected a clause naming what it tests (tally, round_at_least, motive, "
                         "offer, response, event, ending, played, drawn, any, all, not, ...), found none")
            return
        if c.tally is not None:
            ref(kind, i, at + ("tally",), c.tally, refs.tallies, "a tally id")
            if c.at_least is None and c.at_most is None:
                checker.item(kind, i, at, f"expected at_least and/or at_most with tally {c.tally!r}, found neither")
        elif c.at_least is not None or c.at_most is not None:
            checker.item(kind, i, at, "expected a tally for at_least/at_most to test, found none")
        if c.at_least is not None and c.at_most is not None and c.at_least > c.at_most:
            checker.item(kind, i, at, f"expected at_least <= at_most, found {c.at_least} > {c.at_most}: this can never hold")
        if c.round_at_least is not None and c.round_at_most is not None and c.round_at_least > c.round_at_most:
            checker.item(kind, i, at, f"expected round_at_least <= round_at_most, found {c.round_at_least} > {c.round_at_most}")
        if c.times is not None and not (c.played or c.drawn):
            checker.item(kind, i, at + ("times",), "expected played or drawn for times to count, found neither")
        if c.times is not None and c.played and c.drawn:
            checker.item(kind, i, at + ("times",), "expected played or drawn for times to count, found both: "
                         "write two clauses")
        if c.for_rounds is not None and c.tally is None:
            checker.item(kind, i, at + ("for_rounds",), "expected a tally for for_rounds to test round after round, found none")
        refs_(kind, i, at + ("motive",), c.motive, refs.motives, "a motive id")
        refs_(kind, i, at + ("offer",), c.offer, refs.options, "an option card id")
        refs_(kind, i, at + ("response",), c.response, refs.responses, "a response card id")
        refs_(kind, i, at + ("event",), c.event, refs.events, "an event id")
        refs_(kind, i, at + ("ending",), c.ending, refs.endings, "an ending id")
        refs_(kind, i, at + ("played",), c.played, refs.cards, "an option or response card id")
        refs_(kind, i, at + ("drawn",), c.drawn, refs.events, "an event id")
        for key, known, what in (("offer_tag", refs.option_tags, "a tag used by some option card"),
                                 ("previous_offer_tag", refs.option_tags, "a tag used by some option card"),
                                 ("response_tag", refs.response_tags, "a tag used by some response card"),
                                 ("previous_response_tag", refs.response_tags, "a tag used by some response card")):
            refs_(kind, i, at + (key,), getattr(c, key), known, what)
        for key, inner in (("any", c.any), ("all", c.all), ("not", c.not_)):
            condition(kind, i, at + (key,), inner)

    def modifiers(kind, i, sub, mods: tuple[m.Modifier, ...], own_actor: bool = False) -> None:
        for j, mod in enumerate(mods):
            if not own_actor:
                refs_(kind, i, sub + (j, "actor"), mod.actor, refs.actors, "an actor id")
            condition(kind, i, sub + (j, "when"), mod.when)

    def policies(kind, i, sub, pols: tuple[m.Policy, ...], cards: set[str], tags: set[str], whose: str) -> None:
        for j, p in enumerate(pols):
            at = sub + (j,)
            if not p.card and not p.tag:
                checker.item(kind, i, at, "expected 'card' or 'tag' to say which cards this weight applies to, found neither")
            refs_(kind, i, at + ("card",), p.card, cards, f"{whose} card id")
            refs_(kind, i, at + ("tag",), p.tag, tags, f"a tag used by some {whose.split()[-1]} card")  # "an option" -> "option"
            condition(kind, i, at + ("when",), p.when)

    def unique(kind: str, items: tuple, what: str) -> None:
        seen: dict[str, int] = {}
        for i, x in enumerate(items):
            if x.id in seen:
                checker.item(kind, i, ("id",), f"expected a unique {what} id, found {x.id!r} again (first defined as {kind}[{seen[x.id]}])")
            else:
                seen[x.id] = i

    def unique_in(kind: str, i: int, sub: tuple, items: tuple, what: str) -> None:
        seen: dict[str, int] = {}
        for j, x in enumerate(items):
            if x.id in seen:
                checker.item(kind, i, sub + (j, "id"), f"expected a unique {what} id, found {x.id!r} again (first "
                             f"defined as {sub[-1]}[{seen[x.id]}])")
            else:
                seen[x.id] = j

    def dice(kind: str, i: int, sub: tuple, notation: str) -> None:
        try:
            parse_dice(notation)
        except DiceError as e:
            checker.item(kind, i, sub, str(e))

    # -- deck --------------------------------------------------------------
    try:
        parse_dice(deck.deck.dice)
    except DiceError as e:
        checker.at(checker.root, ("deck", "dice"), str(e))
    for j, tag in enumerate(deck.deck.test_tags):
        if tag not in refs.option_tags:
            listing = ", ".join(sorted(refs.option_tags)[:12]) + (", ..." if len(refs.option_tags) > 12 else "")
            checker.at(checker.root, ("deck", "test_tags") + ((j,) if len(deck.deck.test_tags) > 1 else ()),
                       f"expected a tag used by some option card, found {tag!r}{did_you_mean(tag, refs.option_tags)}"
                       + (f"; known: {listing}" if refs.option_tags else "; the deck's option cards carry no tags"))

    # -- ids -----------------------------------------------------------------
    for kind, what in (("tallies", "tally"), ("seats", "seat"), ("actors", "actor"), ("motives", "motive"),
                       ("options", "option card"), ("responses", "response card"), ("events", "event"),
                       ("endings", "ending")):
        unique(kind, getattr(deck, kind), what)
    both = {c.id for c in deck.options} & {c.id for c in deck.responses}
    for i, c in enumerate(deck.responses):
        if c.id in both:
            checker.item("responses", i, ("id",), f"expected card ids unique across options and responses, found {c.id!r} in both")

    # -- tallies -------------------------------------------------------------
    for i, t in enumerate(deck.tallies):
        if t.min >= t.max:
            checker.item("tallies", i, ("max",), f"expected max greater than min ({t.min}), found {t.max}")
        elif not t.min <= t.start <= t.max:
            checker.item("tallies", i, ("start",), f"expected start between min {t.min} and max {t.max}, found {t.start}")
        condition("tallies", i, ("drift_when",), t.drift_when)
        if not t.drift and (t.drift_when or t.drift_reason):
            key = "drift_when" if t.drift_when else "drift_reason"
            checker.item("tallies", i, (key,), f"expected a drift for {key} to go with, found none (drift = 0)")
        seen_seats: set[str] = set()
        for j, seat_id in enumerate(t.hidden_from):
            where: tuple = ("hidden_from",) + ((j,) if len(t.hidden_from) > 1 else ())
            if seat_id in seen_seats:
                checker.item("tallies", i, where, f"expected each seat once in hidden_from, found {seat_id!r} again")
            seen_seats.add(seat_id)
            ref("tallies", i, where, seat_id, refs.seats, "a seat id")

    # -- seats ---------------------------------------------------------------
    roles = [s.role for s in deck.seats]
    for role in ("offer", "respond"):
        if roles.count(role) != 1 and len(deck.seats) >= 2:
            at = next((i for i, s in enumerate(deck.seats) if s.role == role), len(deck.seats) - 1)
            checker.item("seats", at, ("role",), f"expected exactly one seat with role {role!r}, found {roles.count(role)}")
    if len(deck.seats) > 2:
        checker.item("seats", 2, (), f"expected exactly two seats (one 'offer', one 'respond'), found {len(deck.seats)}")
    for i, s in enumerate(deck.seats):
        unique_styles: dict[str, int] = {}
        for j, st in enumerate(s.styles):
            if st.id in unique_styles:
                checker.item("seats", i, ("styles", j, "id"), f"expected a unique style id, found {st.id!r} again")
            unique_styles[st.id] = j
            policies("seats", i, ("styles", j, "policy"), st.policy, refs.options, refs.option_tags, "an option")
        if s.role == "respond" and s.styles:
            checker.item("seats", i, ("styles",), "expected no styles on the 'respond' seat (its bot follows the motive's policy), found "
                         f"{len(s.styles)}", severity="warning")

    # -- actors and their reaction tables --------------------------------------
    for i, a in enumerate(deck.actors):
        if a.dice is not None:
            dice("actors", i, ("dice",), a.dice)
        modifiers("actors", i, ("modifiers",), a.modifiers, own_actor=True)
        condition("actors", i, ("rolls_when",), a.rolls_when)
        unique_in("actors", i, ("stances",), a.stances, "stance")
        stance_ids = {st.id for st in a.stances}
        for j, stance in enumerate(a.stances):
            if not stance.reason.strip():
                checker.item("actors", i, ("stances", j, "reason"),
                             "expected a reason the table will read aloud for the stance, found an empty one")
            condition("actors", i, ("stances", j, "requires"), stance.requires)
        if a.policy and not a.stances:
            checker.item("actors", i, ("policy",), "expected stances for a policy to weigh, found none")
        for j, pol in enumerate(a.policy):
            where = ("policy", j)
            if not pol.card:
                checker.item("actors", i, where, "expected 'card' to name the stances this weight applies to, found none")
            if pol.tag:
                checker.item("actors", i, where + ("tag",), "expected 'card' naming stance ids, found 'tag' (stances "
                             "have no tags)")
            refs_("actors", i, where + ("card",), pol.card, stance_ids, f"a stance id of {a.id}")
            condition("actors", i, where + ("when",), pol.when)
        for j, ob in enumerate(a.objectives):
            if not ob.reason.strip():
                checker.item("actors", i, ("objectives", j, "reason"),
                             "expected a reason shown in the debrief, found an empty one")
            if ob.per_tally is not None:
                ref("actors", i, ("objectives", j, "per_tally"), ob.per_tally, refs.tallies, "a tally id")
            elif ob.from_start:
                checker.item("actors", i, ("objectives", j, "from_start"),
                             "expected per_tally for from_start to count from, found none")
            condition("actors", i, ("objectives", j, "when"), ob.when)
        for j, row in enumerate(a.reactions):
            effects("actors", i, ("reactions", j, "effects"), row.effects)
            if row.min > row.max:
                checker.item("actors", i, ("reactions", j, "max"), f"expected max >= min ({row.min}), found {row.max}")
        for j in range(1, len(a.reactions)):
            prev, row = a.reactions[j - 1], a.reactions[j]
            if row.min <= prev.max:
                checker.item("actors", i, ("reactions", j, "min"),
                             f"expected rows in rising order without overlap: min {prev.max + 1} after the row ending "
                             f"at {prev.max}, found {row.min}")
            elif row.min > prev.max + 1:
                checker.item("actors", i, ("reactions", j, "min"),
                             f"expected rows without gaps: min {prev.max + 1} after the row ending at {prev.max}, found {row.min} "
                             + (f"(total {prev.max + 1} would match no row)" if row.min == prev.max + 2
                                else f"(totals {prev.max + 1} to {row.min - 1} would match no row)"))

    # -- motives -------------------------------------------------------------
    if deck.motives and sum(mo.weight for mo in deck.motives) == 0:
        checker.item("motives", 0, ("weight",), "expected at least one motive with a weight above 0, found all 0: none could be drawn")
    for i, mo in enumerate(deck.motives):
        policies("motives", i, ("policy",), mo.policy, refs.responses, refs.response_tags, "a response")

    # -- cards and events ----------------------------------------------------
    for kind in ("options", "responses", "events"):
        for i, c in enumerate(getattr(deck, kind)):
            condition(kind, i, ("requires",), c.requires)
            effects(kind, i, ("effects",), c.effects)
            modifiers(kind, i, ("modifiers",), c.modifiers)
            for j, extra in enumerate(c.extra_effects):
                condition(kind, i, ("extra_effects", j, "when"), extra.when)
                effects(kind, i, ("extra_effects", j, "effects"), extra.effects)
            for j, scaled in enumerate(c.scaled_effects):
                ref(kind, i, ("scaled_effects", j, "tally"), scaled.tally, refs.tallies, "a tally id")
                ref(kind, i, ("scaled_effects", j, "per"), scaled.per, refs.tallies, "a tally id")
                if scaled.at_least > scaled.at_most:
                    checker.item(kind, i, ("scaled_effects", j, "at_most"),
                                 f"expected at_least <= at_most, found {scaled.at_least} > {scaled.at_most}")
            if kind != "events" and c.once and c.limit is not None and c.limit != 1:
                checker.item(kind, i, ("limit",), f"expected once or a limit, found both (once = true, limit = {c.limit})")
    fixed: dict[int, list[int]] = {}
    places = deck.deck.events_per_round or (1,)
    for i, ev in enumerate(deck.events):
        if ev.round is not None and ev.follows is not None:
            checker.item("events", i, ("follows",), "expected round or follows, found both: an event is scheduled one way")
        if ev.follows is not None:
            ref("events", i, ("follows",), ev.follows, refs.events, "an event id")
            if ev.follows == ev.id:
                checker.item("events", i, ("follows",), f"expected another event to follow, found {ev.id!r} itself")
        if ev.round is not None:
            same = fixed.setdefault(ev.round, [])
            room = places[ev.round - 1] if ev.round <= len(places) else places[-1]
            if len(same) >= room:
                checker.item("events", i, ("round",), (
                    f"expected one event fixed to a round, found a second for round {ev.round} (the first is "
                    f"events[{same[0]}])" if room == 1 else
                    f"expected at most {room} events fixed to round {ev.round} (its events_per_round), found one more "
                    f"(after {', '.join(f'events[{j}]' for j in same)})"))
            same.append(i)
    if deck.options and sum(c.copies for c in deck.options if not c.standing) == 0 and not any(
            c.standing for c in deck.options):
        checker.item("options", 0, ("copies",),
                     "expected at least one option card with copies above 0 or standing = true, found none: "
                     "the hand would be empty")

    # -- endings -------------------------------------------------------------
    for i, ending in enumerate(deck.endings):
        condition("endings", i, ("when",), ending.when)
        if not ending.final and not ending.when:
            checker.item("endings", i, ("when",),
                         "expected conditions on an ending that is not final, found none: the game would end at once")
    if deck.endings and not any(e.final and not e.when for e in deck.endings):
        checker.item("endings", len(deck.endings) - 1, (),
                     "expected a final ending without conditions as the catch-all, found none: a game reaching its "
                     "last round could have no result")

    # -- scoring -------------------------------------------------------------
    for i, rule in enumerate(deck.scoring):
        ref("scoring", i, ("seat",), rule.seat, refs.seats, "a seat id")
        if rule.per_tally is not None:
            ref("scoring", i, ("per_tally",), rule.per_tally, refs.tallies, "a tally id")
        elif rule.from_start:
            checker.item("scoring", i, ("from_start",), "expected per_tally for from_start to count from, found none")
        condition("scoring", i, ("when",), rule.when)
