"""A deck compiled for the rules: made once per deck, then read at every action.

The deck as loaded (`tabletop.deck.model.Deck`) is what a facilitator wrote. The rules read it hundreds of
times a game, so `compiled(deck)` makes, once, what they ask of it: each condition as a function
(`tabletop.engine.conditions.check_of`), each card's modifiers already sorted by the actor they bear on, each
policy as the set of cards it names (ids and tags resolved), each actor's dice parsed. Nothing here decides
anything the deck does not say; it only answers the same questions faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Final, Literal

from ..deck.model import (
    Card,
    Condition,
    Deck,
    Ending,
    Event,
    Modifier,
    Objective,
    Policy,
    ReactionRow,
    ScoreRule,
    Tally,
    reads_motive,
    secret_tallies,
    tallies_read,
)
from ..deck.odds import row_index
from ..dice import Dice, parse_dice
from .actions import Play, Roll
from .conditions import Check, check_of
from .state import TABLE, AppliedModifier, StateLike

Source = Literal["actor", "event", "offer", "response"]
#: A modifier that may bear on a roll: its condition, the condition compiled (None: always) and the modifier.
Candidate = tuple[Condition, Check | None, AppliedModifier]
#: A policy compiled: its ``when`` (None: always), its weight, and the ids of the cards it names (by id or tag).
CompiledPolicy = tuple[Check | None, int, frozenset[str]]


class CompiledDeck:
    """What the rules ask of one deck, made once (see the module's docstring)."""

    __slots__ = ("deck", "offer_seat", "respond_seat", "hand_size", "motive_ids", "motive_weights", "pile", "standing",
                 "start", "actor_ids", "reactions", "_rows", "rolls", "plays", "bounds", "dice",
                 "notation", "options", "limited_options", "responses", "events", "scheduled", "quiet_rounds", "_places",
                 "endings", "final_endings", "drifts", "scoring", "objectives",
                 "rolls_when", "movers", "secret", "_actor_modifiers", "_card_modifiers", "_candidates",
                 "_policies", "_known", "_evidence")

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self.offer_seat: str = deck.seat_by_role("offer").id
        self.respond_seat: str = deck.seat_by_role("respond").id
        self.hand_size: int = deck.seat_by_role("offer").hand
        #: What a new game starts from: the motives' ids and draw weights (in deck order), the option cards dealt
        #: (each as many times as its copies, in deck order, before the shuffle), the standing ones (in the hand from
        #: the start, never dealt, held last), and each tally's start.
        self.motive_ids: tuple[str, ...] = tuple(m.id for m in deck.motives)
        self.motive_weights: tuple[int, ...] = tuple(m.weight for m in deck.motives)
        self.pile: tuple[str, ...] = tuple(c.id for c in deck.options if not c.standing for _ in range(c.copies))
        self.standing: tuple[str, ...] = tuple(c.id for c in deck.options if c.standing)
        self.start: dict[str, int] = {t.id: t.start for t in deck.tallies}
        self.actor_ids: tuple[str, ...] = tuple(a.id for a in deck.actors)
        #: Each actor's reaction table.
        self.reactions: dict[str, tuple[ReactionRow, ...]] = {a.id: a.reactions for a in deck.actors}
        #: Each actor's `row_index` of every total from its table's lowest to its highest, and that lowest total.
        self._rows: dict[str, tuple[int, tuple[int, ...]]] = {a.id: _row_table(a.reactions) for a in deck.actors}
        #: Each actor's roll, in deck order (actions are frozen: one made per actor serves every game).
        self.rolls: tuple[Roll, ...] = tuple(Roll(a.id) for a in deck.actors)
        #: Each card its seat may play, as the action (seat id, card id) -> `Play`, made once likewise.
        self.plays: dict[tuple[str, str], Play] = {
            **{(self.offer_seat, c.id): Play(self.offer_seat, c.id) for c in deck.options},
            **{(self.respond_seat, c.id): Play(self.respond_seat, c.id) for c in deck.responses}}
        #: Each tally's (min, max).
        self.bounds: dict[str, tuple[int, int]] = {t.id: (t.min, t.max) for t in deck.tallies}
        self.dice: dict[str, Dice] = {a.id: parse_dice(a.dice or deck.deck.dice) for a in deck.actors}
        #: Each actor's dice written out as a roll reports them ("2d6", "1d10+2").
        self.notation: dict[str, str] = {actor_id: str(dice) for actor_id, dice in self.dice.items()}
        #: Each option card with whether it may be played now: its ``requires`` and its limits, compiled.
        self.options: dict[str, tuple[Card, Check | None]] = {c.id: (c, _playable(c)) for c in deck.options}
        #: The option cards with limits (once, limit, cooldown, until_round): those that may leave the hand.
        self.limited_options: frozenset[str] = frozenset(
            c.id for c in deck.options if c.once or c.limit or c.until_round)
        #: Every response card in deck order, with the same.
        self.responses: tuple[tuple[Card, Check | None], ...] = tuple((c, _playable(c)) for c in deck.responses)
        #: The events that may be drawn by chance (weight above 0, not scheduled), in deck order, with their ``requires``.
        self.events: tuple[tuple[Event, Check | None], ...] = tuple(
            (e, check_of(e.requires)) for e in deck.events if e.weight > 0 and e.round is None and e.follows is None)
        #: The scheduled events, in deck order: those fixed to a round first, then those that follow another.
        self.scheduled: tuple[tuple[Event, Check | None], ...] = tuple(
            (e, check_of(e.requires)) for e in sorted((e for e in deck.events if e.round is not None or e.follows),
                                                      key=lambda e: e.round is None))
        self.quiet_rounds: frozenset[int] = frozenset(deck.deck.quiet_rounds)
        self._places: tuple[int, ...] = deck.deck.events_per_round or (1,)
        #: The endings checked after every action (not final), and those read when the rounds run out, in deck order.
        self.endings: tuple[tuple[Ending, Check | None], ...] = tuple(
            (e, check_of(e.when)) for e in deck.endings if not e.final)
        self.final_endings: tuple[tuple[Ending, Check | None], ...] = tuple(
            (e, check_of(e.when)) for e in deck.endings if e.final)
        #: The tallies that drift at the close of a round, in deck order, with the condition for it.
        self.drifts: tuple[tuple[Tally, Check | None], ...] = tuple(
            (t, check_of(t.drift_when)) for t in deck.tallies if t.drift)
        #: The scoring rules in deck order, each with its ``when`` compiled (None: always); and each actor that has
        #: objectives, with its objectives so (in deck order).
        self.scoring: tuple[tuple[ScoreRule, Check | None], ...] = tuple(
            (rule, check_of(rule.when)) for rule in deck.scoring)
        self.objectives: tuple[tuple[str, tuple[tuple[Objective, Check | None], ...]], ...] = tuple(
            (a.id, tuple((ob, check_of(ob.when)) for ob in a.objectives)) for a in deck.actors if a.objectives)
        #: Each actor's ``rolls_when`` compiled, in deck order (None: it always rolls).
        self.rolls_when: tuple[Check | None, ...] = tuple(check_of(a.rolls_when) for a in deck.actors)
        #: Who moves in each phase: the seat with the phase's role (its id), the table, or nobody (None).
        self.movers: dict[str, str | None] = {
            "inject": TABLE, "reactions": TABLE, "tally": TABLE, "offer": self.offer_seat, "guess": self.offer_seat,
            "response": self.respond_seat, "over": None}
        #: The tallies each seat (by id; None: the room) may not know while the game goes on (``hidden_from``).
        self.secret: dict[str | None, frozenset[str]] = {
            seat: secret_tallies(deck, seat) for seat in (None, *(s.id for s in deck.seats))}
        secret = self.secret[None]
        self._actor_modifiers: dict[str, tuple[Candidate, ...]] = {
            a.id: tuple(_candidate(m, "actor", a.id, secret) for m in a.modifiers) for a in deck.actors}
        self._card_modifiers: dict[tuple[Source, str, str], tuple[Candidate, ...]] = {}
        sources: tuple[tuple[Source, tuple[Card | Event, ...]], ...] = (
            ("event", deck.events), ("offer", deck.options), ("response", deck.responses))
        for source, cards in sources:
            for card in cards:
                for actor in deck.actors:
                    self._card_modifiers[(source, card.id, actor.id)] = tuple(
                        _candidate(m, source, card.id, secret) for m in card.modifiers if not m.actor or actor.id in m.actor)
        self._candidates: dict[tuple[str, tuple[str, ...], str | None, str | None], tuple[Candidate, ...]] = {}
        self._policies: dict[int, tuple[Sequence[Policy], tuple[CompiledPolicy, ...]]] = {}
        self._known: dict[tuple[int, frozenset[str]], tuple[Sequence[Policy], tuple[Policy, ...]]] = {}
        self._evidence: Evidence | None = None

    def evidence(self) -> Evidence:
        """Each motive's policy as the room reads the evidence (`Evidence`), made the first time it is asked for."""
        if self._evidence is None:
            self._evidence = Evidence(self)
        return self._evidence

    def known_policies(self, policies: Sequence[Policy], hidden: frozenset[str]) -> tuple[Policy, ...]:
        """The policies whose ``when`` reads none of the ``hidden`` tallies: those a bot (or the room, reading the
        evidence) that may not know them can follow. The same tuple each time it is asked for the same policies."""
        if not hidden:
            return tuple(policies)
        key = (id(policies), hidden)
        entry = self._known.get(key)
        if entry is not None and entry[0] is policies:
            return entry[1]
        kept = tuple(p for p in policies if hidden.isdisjoint(tallies_read(p.when)))
        self._known[key] = (policies, kept)
        return kept

    def row(self, actor_id: str, total: int) -> int:
        """The row of ``actor_id``'s table a total lands on: `tabletop.deck.odds.row_index`, looked up in a table made
        with it (a total beyond the table is clamped by `row_index` itself)."""
        low, table = self._rows[actor_id]
        i = total - low
        if 0 <= i < len(table):
            return table[i]
        return row_index(self.reactions[actor_id], total)

    def places(self, round_: int) -> int:
        """How many events round ``round_`` has at most: its number in ``[deck] events_per_round`` (the rounds after
        the list take its last number; one a round by default)."""
        places = self._places
        return places[round_ - 1] if round_ <= len(places) else places[-1]

    def actor_modifiers(self, actor_id: str) -> tuple[Candidate, ...]:
        """The actor's own standing modifiers."""
        return self._actor_modifiers[actor_id]

    def card_modifiers(self, source: Source, card_id: str, actor_id: str) -> tuple[Candidate, ...]:
        """The modifiers of an event, offer or response card that bear on ``actor_id``'s roll (they name no actor, or it)."""
        return self._card_modifiers[(source, card_id, actor_id)]

    def candidates(self, actor_id: str, events: tuple[str, ...], offer: str | None,
                   response: str | None) -> tuple[Candidate, ...]:
        """Every modifier that may bear on ``actor_id``'s roll in a round with these events, offer and response: the
        actor's own, then the events' (in the order they came), the offer's and the response's that bear on it
        (made once for each such round, up to `_MAX_ROUNDS_KEPT` of them)."""
        key = (actor_id, events, offer, response)
        out = self._candidates.get(key)
        if out is None:
            out = self._actor_modifiers[actor_id]
            for event in events:
                out += self._card_modifiers[("event", event, actor_id)]
            if offer is not None:
                out += self._card_modifiers[("offer", offer, actor_id)]
            if response is not None:
                out += self._card_modifiers[("response", response, actor_id)]
            if len(self._candidates) >= _MAX_ROUNDS_KEPT:
                self._candidates.clear()
            self._candidates[key] = out
        return out

    def policies(self, policies: Sequence[Policy]) -> tuple[CompiledPolicy, ...]:
        """A list of policies compiled: each one's ``when``, weight and the cards it names by id or by tag."""
        entry = self._policies.get(id(policies))
        if entry is not None and entry[0] is policies:
            return entry[1]
        cards = self.deck.options + self.deck.responses
        made = tuple((check_of(p.when), p.weight,
                      frozenset(c.id for c in cards if c.id in p.card or not set(p.tag).isdisjoint(c.tags)))
                     for p in policies)
        self._policies[id(policies)] = (policies, made)
        return made


class Evidence:
    """Each motive's bot policy read as the room reads the evidence, for the likelihood of a response
    (`tabletop.engine.rules`): the policies of each motive that read no tally hidden from any seat, compiled, and
    each motive's weights of the playable responses (`tabletop.engine.policy.compiled_weights`, floored) kept by
    what they depend on: the cards, and whether each of the policies' conditions holds (a condition that reads the
    motive once per motive, any other once for all). So a response costs one test of each distinct condition, and
    the weights are summed once for each situation met, not once for each response of each game."""

    __slots__ = ("motives", "policies", "_conditions", "_weights", "_products")

    def __init__(self, cd: CompiledDeck) -> None:
        deck = cd.deck
        self.motives: tuple[str, ...] = tuple(m.id for m in deck.motives)
        #: Each motive's policies as the room may follow them, compiled (in deck order).
        self.policies: tuple[tuple[CompiledPolicy, ...], ...] = tuple(
            cd.policies(cd.known_policies(m.policy, cd.secret[None])) for m in deck.motives)
        conditions: dict[tuple[Condition, str | None], Check] = {}
        for m in deck.motives:
            for p in cd.known_policies(m.policy, cd.secret[None]):
                check = check_of(p.when)
                if check is not None:
                    conditions.setdefault((p.when, m.id if reads_motive(p.when) else None), check)
        #: Every distinct condition of those policies, with the motive it is read with (None: it reads none).
        self._conditions: tuple[tuple[Check, str | None], ...] = tuple(
            (check, motive) for (_, motive), check in conditions.items())
        self._weights: dict[tuple[tuple[str, ...], tuple[bool, ...]], tuple[tuple[list[int], int], ...]] = {}
        self._products: dict[tuple[int, int, int, int], Fraction] = {}

    def product(self, num: int, den: int, share: int, total: int) -> Fraction:
        """The likelihood ``num / den`` times the chance ``share / total`` of the response seen, as one exact
        fraction, made once for each such product met (games meet the same ones often: every game starts from the
        same likelihoods, and the same response in the same situation multiplies by the same chance)."""
        key = (num, den, share, total)
        out = self._products.get(key)
        if out is None:
            out = Fraction(num * share, den * total)
            if len(self._products) >= _MAX_ROUNDS_KEPT:
                self._products.clear()
            self._products[key] = out
        return out

    def weights(self, state: StateLike, cards: Sequence[Card]) -> tuple[tuple[list[int], int], ...]:
        """For each motive (in deck order): its policy's weights of ``cards`` now (floored: those a pick reads) and
        their sum."""
        ids, holding = [], []  # (loops, not comprehensions: on Python 3.11 each makes a function every time it runs)
        for card in cards:
            ids.append(card.id)
        for check, motive in self._conditions:
            holding.append(check(state, motive))
        key = (tuple(ids), tuple(holding))
        out = self._weights.get(key)
        if out is None:
            from .policy import compiled_weights, floored  # policy reads this module

            made = []
            for motive, policies in zip(self.motives, self.policies, strict=True):
                kept = floored(compiled_weights(state, policies, cards, motive))
                made.append((kept, sum(kept)))
            out = tuple(made)
            if len(self._weights) >= _MAX_ROUNDS_KEPT:
                self._weights.clear()
            self._weights[key] = out
        return out


def _row_table(rows: tuple[ReactionRow, ...]) -> tuple[int, tuple[int, ...]]:
    """`row_index` of each total from the lowest a row names to the highest, and that lowest total (an empty table:
    none, so that `CompiledDeck.row` asks `row_index`, which refuses it)."""
    if not rows:
        return 0, ()
    low, high = min(r.min for r in rows), max(r.max for r in rows)
    return low, tuple(row_index(rows, total) for total in range(low, high + 1))


def _playable(card: Card) -> Check | None:
    """Whether a card may be played now: its limits (`card_limit`) and its ``requires``, as one check."""
    checks = [check for check in (_limit_check(card), check_of(card.requires)) if check is not None]
    if not checks:
        return None
    if len(checks) == 1:
        return checks[0]
    limit, requires = checks
    return lambda s, m: limit(s, m) and requires(s, m)


def _limit_check(card: Card) -> Check | None:
    if not (card.once or card.limit or card.cooldown or card.until_round):
        return None
    return lambda s, m: card_limit(s, card) is None


def times_played(state: StateLike, card_id: str) -> int:
    return state.played.count(card_id)


def card_limit(state: StateLike, card: Card) -> str | None:
    """Why a card's limits keep it from being played now, in words; None when they do not (its ``requires`` aside):
    ``once``/``limit`` count its plays in the game, ``cooldown`` the rounds since its last play, ``until_round``
    the round."""
    cap = _cap(card)
    if cap is not None and times_played(state, card.id) >= cap:
        return "played once already: once a game" if cap == 1 else f"played {cap} times already: {cap} times a game"
    if card.until_round is not None and state.round > card.until_round:
        return f"playable only until round {card.until_round}"
    if card.cooldown is not None:
        last = last_played(state, card.id)
        if last is not None and state.round - last <= card.cooldown:
            return f"played in round {last}: it may be played again from round {last + card.cooldown + 1}"
    return None


def _cap(card: Card) -> int | None:
    """How many times a game the card may be played (``once`` is 1; with a ``limit`` too, the smaller), or None."""
    caps = [x for x in (1 if card.once else None, card.limit) if x is not None]
    return min(caps) if caps else None


def spent(state: StateLike, card: Card, round: int) -> bool:
    """Whether the card can never be played again in this game from ``round`` on, whatever happens (its limits
    used up, or its last round gone by): an option card that is spent leaves the hand."""
    cap = _cap(card)
    return (cap is not None and times_played(state, card.id) >= cap) or (
        card.until_round is not None and round > card.until_round)


def last_played(state: StateLike, card_id: str) -> int | None:
    """The last round before the current one in which the card was played (as the offer or the response)."""
    for record in reversed(state.history):
        if record.round < state.round and card_id in (record.offer, record.response):
            return record.round
    return None


def _candidate(m: Modifier, source: Source, source_id: str, secret: frozenset[str]) -> Candidate:
    """A modifier as the rules read it: ``secret`` are the deck's tallies hidden from some seat (the modifier
    notes those its condition reads)."""
    return (m.when, check_of(m.when), AppliedModifier(m.value, m.reason, source, source_id, reads_motive(m.when),
                                                      tallies_read(m.when) & secret))


#: How many (actor, event, offer, response) lists of candidate modifiers a compiled deck keeps at most.
_MAX_ROUNDS_KEPT: Final = 20_000

#: Compiled decks by the identity of the deck (kept with it, so that an id is never reused while its entry lives).
_DECKS: dict[int, CompiledDeck] = {}
_MAX_DECKS: Final = 16

#: The deck compiled most recently asked for (`compiled`'s first guess).
_last: CompiledDeck | None = None


def compiled(deck: Deck) -> CompiledDeck:
    """The deck compiled, made the first time it is asked for (the few most recent decks are kept)."""
    global _last
    last = _last
    if last is not None and last.deck is deck:  # the deck of the game being played, nearly always
        return last
    made = _DECKS.get(id(deck))
    if made is not None and made.deck is deck:
        _last = made
        return made
    made = CompiledDeck(deck)
    if len(_DECKS) >= _MAX_DECKS:
        del _DECKS[next(iter(_DECKS))]
    _DECKS[id(deck)] = made
    _last = made
    return made
