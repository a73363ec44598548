"""What a seat may know: `view(state, seat)`, as boardgame.io's ``playerView``.

The rules decide on the whole `GameState`; everyone else reads a view: the
interface, the plain-text prompts and the bots. A view is the state without what
its seat may not know:

- the hidden motive, known only to the responding seat until the game is over
  (then to everyone: the debrief reveals it);
- the hidden tallies (a tally's ``hidden_from``): each known only to the seats it
  is not hidden from, until the game is over. A view leaves them out of its
  ``tallies`` and of every closed round's record, and names them in ``hidden``;
- the order of the draw pile (a view has its size), the game's generator and its
  seed, which would predict the pile, the dice and the motive.

``view(state, None)`` is the room's view: what everyone at a shared screen may
know, that is what every seat may know (the offering seat's view without the
tallies hidden from any seat).

``view(state, actor_id)`` is the view of the team that plays a regional actor
(`SeatView.actor`): the room's view, and besides it only that actor's own secret
objectives (`SeatView.objectives`); never the hidden motive, a hidden tally or
another actor's secret objectives until the game is over.

What a reader may know is a `Knows`: whether it knows the motive, and the tallies
it may not. The words made for a reader (`tabletop.present.text.describe`, the
menu of `tabletop.engine.decisions.menu`) read one, so that no line, price or
reason shown to a seat carries what it may not know: a change to a hidden tally
is left out, a price that depends on one says ``?``.

Deck text that depends on the motive or a hidden tally is kept from a seat that does not know it:
a modifier whose condition reads the motive (`AppliedModifier.secret`) or a tally hidden from the
seat (`AppliedModifier.hidden`) is shown
with `HIDDEN_REASON` in place of its reason (`shown_modifier`), and the odds of a
roll (`roll_odds`) count only the modifiers that apply whatever the motive, and
list apart those that may apply or not. (A deck can still give the secret away
through what the players see happen; ``check`` and the deck guide warn of that.)
"""

from __future__ import annotations

from fractions import Fraction

from attrs import evolve, field, frozen

from ..deck.model import Condition, Deck, Objective, ReactionRow, Stance, reads_motive
from ..deck.odds import row_odds
from ..records import Record
from .compiled import compiled
from .conditions import holds
from .happenings import Rolled
from .rules import candidate_modifiers, stance_choices, stance_modifier, taken_stance, to_move
from .state import ActorConfig, AppliedModifier, RoundRecord, SeatConfig, Seats, Whole
from .words import HIDDEN_REASON


@frozen(repr=False, eq=False)
class SeatView(Seats):
    """A game as one seat may know it (``seat`` None: as the whole room may). Read-only, like `GameState`.

    Conditions hold on a view as on a state (`tabletop.engine.conditions.holds`), except that a ``motive``
    clause never holds on a view without the motive.
    """

    seat: str | None
    deck: Deck = field(eq=False, repr=False)
    seats: dict[str, SeatConfig]
    phase: str
    round: int
    rounds: int
    step: int
    tallies: dict[str, int]
    hand: tuple[str, ...]  # the offer seat's cards: on the table, for all to see
    pile: int  # how many cards are left to draw (their order is hidden)
    discard: tuple[str, ...]
    events: tuple[str, ...]
    offer: str | None
    response: str | None
    rolled: int
    drawn: tuple[str, ...]
    played: tuple[str, ...]
    history: tuple[RoundRecord, ...]
    likelihood: dict[str, Fraction]  # per motive, from the responses seen: public evidence
    ending: str | None
    guess: str | None
    scores: dict[str, int]
    motive: str | None  # the hidden motive: only in the responding seat's view, and in every view once the game is over
    hidden: frozenset[str] = frozenset()  # the tallies this view may not know: left out of tallies and history
    actors: dict[str, ActorConfig] = field(factory=dict)  # who plays the actors the dice do not: public
    stance: str | None = None  # the stance taken for the actor about to roll: public (it bends the odds shown)
    actor_scores: dict[str, int] = field(factory=dict)  # once the game is over: each actor with objectives, its points
    actor: str | None = None  # the regional actor whose team reads this view (``seat`` is None then)

    def objectives(self, actor_id: str) -> tuple[Objective, ...]:
        """The objectives of ``actor_id`` that this view's reader may know (`known_objectives`): the secret ones only
        for the team playing that actor, and for everyone once the game is over."""
        return known_objectives(self.deck, actor_id, self.actor, self.phase == "over")

    @property
    def mover(self) -> str | None:
        """The seat id to act, ``"table"`` for a system step, None once the game is over."""
        return to_move(self)

    @property
    def knows_motive(self) -> bool:
        return self.motive is not None

    @property
    def knows(self) -> Knows:
        """What this view may know of the game's secrets."""
        return Knows(self.knows_motive, self.hidden)


@frozen(repr=False, eq=False)
class Knows(Record):
    """What a reader may know of a game's secrets: the hidden motive or not, and the tallies it may not know."""

    motive: bool
    hidden: frozenset[str] = frozenset()

    def keeps(self, modifier: AppliedModifier) -> bool:
        """Whether the modifier's condition reads something this reader may not know (its reason is then hidden)."""
        return (modifier.secret and not self.motive) or not self.hidden.isdisjoint(modifier.hidden)


#: Everything: after the game (the debrief, the report), or for the rules.
EVERYTHING = Knows(True)


def knows_motive(state: Whole, seat: str | None) -> bool:
    """Whether ``seat`` (None: the room) may know the hidden motive now: its own seat, and everyone after the game."""
    return state.phase == "over" or (seat is not None and seat == state.respond_seat)


def knowing(deck: Deck, seat: str | None, over: bool = False) -> Knows:
    """What ``seat`` (None: the room at a shared screen) may know while the game goes on; everything once it is
    ``over``."""
    if over:
        return EVERYTHING
    return Knows(seat is not None and seat == deck.seat_by_role("respond").id, compiled(deck).secret[seat])


def hidden_tallies(state: Whole, seat: str | None) -> frozenset[str]:
    """The tallies ``seat`` (None: the room) may not know now: those hidden from it, until the game is over."""
    return frozenset() if state.phase == "over" else compiled(state.deck).secret[seat]


def view(state: Whole, seat: str | None) -> SeatView:
    """What ``seat`` (a seat id; an actor id for the team playing that regional actor; None for the room at a shared
    screen) may know of ``state``. A team playing an actor knows what the room knows, and its own objectives."""
    actor = None
    if seat is not None and seat not in state.seats:
        if not any(a.id == seat for a in state.deck.actors):
            raise ValueError(f"expected a seat id ({', '.join(state.seats)}), an actor id "
                             f"({', '.join(a.id for a in state.deck.actors)}) or None, found {seat!r}")
        actor, seat = seat, None  # an actor's team: the room's knowledge, and its own objectives
    hidden = hidden_tallies(state, seat)
    tallies, history = state.tallies, state.history
    if hidden:
        tallies = {k: v for k, v in tallies.items() if k not in hidden}
        history = tuple(evolve(r, tallies={k: v for k, v in r.tallies.items() if k not in hidden}) for r in history)
    return SeatView(
        seat=seat, deck=state.deck, seats=state.seats, phase=state.phase, round=state.round, rounds=state.rounds,
        step=state.step, tallies=tallies, hand=state.hand, pile=len(state.pile), discard=state.discard,
        events=state.events, offer=state.offer, response=state.response, rolled=state.rolled, drawn=state.drawn,
        played=state.played, history=history, likelihood=state.likelihood, ending=state.ending,
        guess=state.guess, scores=state.scores, motive=state.motive if knows_motive(state, seat) else None,
        hidden=hidden, actors=state.actors, stance=state.stance, actor_scores=state.actor_scores, actor=actor,
    )


def shown_modifier(modifier: AppliedModifier, knows: bool | Knows) -> AppliedModifier:
    """The modifier as a reader is shown it: a reason that depends on the motive or on a hidden tally is
    `HIDDEN_REASON` unless it knows them (``knows``: a `Knows`; True: everything; False: the room)."""
    if _keeps(knows, modifier):
        return evolve(modifier, reason=HIDDEN_REASON)
    return modifier


def _keeps(knows: bool | Knows, modifier: AppliedModifier) -> bool:
    if isinstance(knows, Knows):
        return knows.keeps(modifier)
    return not knows and (modifier.secret or bool(modifier.hidden))


@frozen(repr=False, eq=False)
class RollOdds(Record):
    """What can happen at an actor's roll, as a seat may know it before the dice fall."""

    actor: str
    dice: str  # notation, e.g. "2d6"
    modifiers: tuple[AppliedModifier, ...]  # that apply (to a seat without the motive: whatever the motive is)
    possible: tuple[AppliedModifier, ...]  # that apply or not depending on the motive or a tally hidden from the seat
    rows: tuple[tuple[ReactionRow, Fraction], ...]  # each row of the actor's table and its exact chance, with modifiers

    @property
    def total(self) -> int:
        """The sum of the modifiers counted in ``rows``."""
        return sum(m.value for m in self.modifiers)


def roll_odds(seen: SeatView, actor_id: str) -> RollOdds:
    """The odds of ``actor_id``'s roll if it came now, with the modifiers that apply and why, as ``seen`` knows them."""
    deck = seen.deck
    actor = deck.actor(actor_id)
    counted: list[AppliedModifier] = []
    possible: list[AppliedModifier] = []
    for when, modifier in candidate_modifiers(seen, actor_id):  # a view reads as a state
        applies = None if not seen.hidden.isdisjoint(modifier.hidden) else _applies(when, seen)
        shown = shown_modifier(modifier, seen.knows)
        if applies is None:
            possible.append(shown)
        elif applies:
            counted.append(shown)
    taken = taken_stance(seen, actor_id)
    if taken is not None:  # a stance is public: the table sees it taken
        counted.append(stance_modifier(actor_id, taken))
    rows = row_odds(deck, actor, sum(m.value for m in counted))
    return RollOdds(actor.id, actor.dice or deck.deck.dice, tuple(counted), tuple(possible), tuple(rows))


def _applies(when: Condition, seen: SeatView) -> bool | None:
    """Whether the condition holds for this seat; None when that depends on a motive it does not know."""
    if seen.knows_motive or not reads_motive(when):
        return holds(when, seen)
    results = {holds(when, evolve(seen, motive=m.id)) for m in seen.deck.motives if m.weight > 0}
    return results.pop() if len(results) == 1 else None


def next_roll(seen: SeatView) -> RollOdds | None:
    """The odds of the roll the table makes next, if the next step is a roll."""
    if seen.phase != "reactions":
        return None
    return roll_odds(seen, seen.deck.actors[seen.rolled].id)


def shown_rolled(rolled: Rolled, knows: bool | Knows) -> Rolled:
    """A roll as a seat is shown it: each modifier as `shown_modifier` shows it."""
    if not any(_keeps(knows, m) for m in rolled.modifiers):
        return rolled
    return evolve(rolled, modifiers=tuple(shown_modifier(m, knows) for m in rolled.modifiers))


def stance_odds(seen: SeatView, actor_id: str) -> list[tuple[Stance, RollOdds]]:
    """The odds of ``actor_id``'s roll under each stance that may be taken now, as ``seen`` knows them: what the
    team playing the actor is shown before it chooses (each with the stance's modifier and reason counted)."""
    base = roll_odds(seen, actor_id)
    deck = seen.deck
    actor = deck.actor(actor_id)
    out = []
    for st in stance_choices(seen, actor_id):
        mods = base.modifiers + (stance_modifier(actor_id, st),)
        rows = row_odds(deck, actor, sum(m.value for m in mods))
        out.append((st, evolve(base, modifiers=mods, rows=tuple(rows))))
    return out


def known_objectives(deck: Deck, actor_id: str, reader: str | None, over: bool) -> tuple[Objective, ...]:
    """The objectives of ``actor_id`` that ``reader`` may know: an objective the deck makes secret only for the
    actor's own team (``reader`` the actor's id: `SeatView.actor`) and for everyone once the game is ``over``; the
    others for all."""
    objectives = deck.actor(actor_id).objectives
    if over or reader == actor_id:
        return objectives
    return tuple(ob for ob in objectives if not ob.secret)
