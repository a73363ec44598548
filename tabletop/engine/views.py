"""What a seat may know: `view(state, seat)`, as boardgame.io's ``playerView``.

The rules decide on the whole `GameState`; everyone else reads a view: the
interface, the plain-text prompts and the bots. A view is the state without what
its seat may not know:

- the hidden motive, known only to the responding seat until the game is over
  (then to everyone: the debrief reveals it);
- the order of the draw pile (a view has its size), the game's generator and its
  seed, which would predict the pile, the dice and the motive.

``view(state, None)`` is the room's view: what everyone at a shared screen may
know. It says the same as the offering seat's view, whose seat holds no secret.

Deck text that depends on the motive is kept from a seat that does not know it:
a modifier whose condition reads the motive (`AppliedModifier.secret`) is shown
with `HIDDEN_REASON` in place of its reason (`shown_modifier`), and the odds of a
roll (`roll_odds`) count only the modifiers that apply whatever the motive, and
list apart those that may apply or not. (A deck can still give the secret away
through what the players see happen; ``check`` and the deck guide warn of that.)
"""

from __future__ import annotations

from fractions import Fraction

from attrs import evolve, field, frozen

from ..deck.model import Condition, Deck, ReactionRow, reads_motive
from ..deck.odds import row_odds
from .conditions import holds
from .happenings import Rolled
from .rules import candidate_modifiers, to_move
from .state import AppliedModifier, RoundRecord, SeatConfig, Seats, Whole
from .words import HIDDEN_REASON


@frozen
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

    @property
    def mover(self) -> str | None:
        """The seat id to act, ``"table"`` for a system step, None once the game is over."""
        return to_move(self)

    @property
    def knows_motive(self) -> bool:
        return self.motive is not None


def knows_motive(state: Whole, seat: str | None) -> bool:
    """Whether ``seat`` (None: the room) may know the hidden motive now: its own seat, and everyone after the game."""
    return state.phase == "over" or (seat is not None and seat == state.respond_seat)


def view(state: Whole, seat: str | None) -> SeatView:
    """What ``seat`` (a seat id; None for the room at a shared screen) may know of ``state``."""
    if seat is not None and seat not in state.seats:
        raise ValueError(f"expected a seat id ({', '.join(state.seats)}) or None, found {seat!r}")
    return SeatView(
        seat=seat, deck=state.deck, seats=state.seats, phase=state.phase, round=state.round, rounds=state.rounds,
        step=state.step, tallies=state.tallies, hand=state.hand, pile=len(state.pile), discard=state.discard,
        events=state.events, offer=state.offer, response=state.response, rolled=state.rolled, drawn=state.drawn,
        played=state.played, history=state.history, likelihood=state.likelihood, ending=state.ending,
        guess=state.guess, scores=state.scores, motive=state.motive if knows_motive(state, seat) else None,
    )


def shown_modifier(modifier: AppliedModifier, knows: bool) -> AppliedModifier:
    """The modifier as a seat is shown it: a reason that depends on the motive is `HIDDEN_REASON` unless it knows."""
    if modifier.secret and not knows:
        return evolve(modifier, reason=HIDDEN_REASON)
    return modifier


@frozen
class RollOdds:
    """What can happen at an actor's roll, as a seat may know it before the dice fall."""

    actor: str
    dice: str  # notation, e.g. "2d6"
    modifiers: tuple[AppliedModifier, ...]  # that apply (to a seat without the motive: whatever the motive is)
    possible: tuple[AppliedModifier, ...]  # that apply or not depending on the hidden motive: not counted in rows
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
        applies = _applies(when, seen)
        shown = shown_modifier(modifier, seen.knows_motive)
        if applies is None:
            possible.append(shown)
        elif applies:
            counted.append(shown)
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


def shown_rolled(rolled: Rolled, knows: bool) -> Rolled:
    """A roll as a seat is shown it: each modifier as `shown_modifier` shows it."""
    if knows or not any(m.secret for m in rolled.modifiers):
        return rolled
    return evolve(rolled, modifiers=tuple(shown_modifier(m, knows) for m in rolled.modifiers))
