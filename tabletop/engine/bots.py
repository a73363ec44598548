"""Bots driven only by deck data.

Each bot reads its seat's view (`tabletop.engine.views.view`), never the
hidden state: the respond seat's bot follows the ``policy`` of the motive its
own view holds; the offer seat's bot follows its style's ``policy`` (the seat's
chosen style, else its first, else every card alike), and its view holds no
motive, so that a clause on the motive never holds for it. A policy whose ``when``
reads a tally hidden from the bot's seat (``hidden_from``) never applies for it:
its view does not hold that tally. Every legal card weighs 1
plus the weights of the matching policies whose ``when`` holds; the bot picks
by weight (weights below 0 count as 0; if none is positive, all alike).
`explain` weighs on the view itself; `bot_action` makes the same choice without
making a view (it reads the whole state only through what the view would hold:
`_quick_weights`), since a simulation asks it thousands of times a second.

The bots draw from their own stream, never the game's generator: one number
per decision, derived from what the decision is about, the game's seed, the
round, the phase and the seat (`bot_rng`), never from bookkeeping such as
``GameState.step``. So the same seed gives the same game, and a facilitator's
note, an adjustment that is taken back or a refused action changes no bot's
move: a bot deciding again in the same place (after an undo, or when an
override replays the table) draws the same number, and chooses differently
only if its cards or their weights have changed.

The offer seat's guess is not random: it names the motive with the highest
posterior, the motive's draw weight times its likelihood of the responses seen
(`GameState.likelihood`), the first in deck order on a tie.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache

from attrs import frozen

from ..deck.model import Card, Deck, Policy, Stance
from ..digests import blake2b
from ..records import Record
from .actions import Action, Guess, IllegalAction, Pass, Play, TakeStance
from .belief import posterior
from .compiled import CompiledPolicy, compiled
from .conditions import _STATE, Motive, holds
from .policy import chances, compiled_weights, floored, weigh
from .rng import Rng
from .rules import legal_actions, playable_options, playable_responses, stance_choices, stance_due, table_step, to_move
from .state import PHASES, TABLE, SeatConfig, Whole
from .views import SeatView, hidden_tallies, knows_motive, view

#: Sets the bots' stream apart from every other use of a seed (the ASCII of "bots").
BOT_STREAM = 0x626F7473


@frozen(repr=False, eq=False)
class Choice(Record):
    """One action a bot considers, with its weight, its exact chance of being chosen and why."""

    action: Action
    weight: int | Fraction
    chance: Fraction
    reasons: tuple[str, ...]  # e.g. "+3 Stalling buys time"


def explain(state: Whole, seat_id: str) -> list[Choice]:
    """How the bot for ``seat_id`` (a seat id or "table") weighs each legal action now."""
    if to_move(state) != seat_id:
        raise IllegalAction(f"{seat_id} is not to move (the game is in the {state.phase} phase)")
    legal = legal_actions(state)
    if seat_id == TABLE:  # its one step: nothing to weigh
        return [Choice(a, 1, Fraction(1, len(legal)), ()) for a in legal]
    if state.actors and stance_due(state) == seat_id:  # an actor's stance, weighed by its policy
        stances = stance_choices(state, seat_id)
        weights = stance_weights(state, seat_id, stances)
        odds = chances(weights)
        return [Choice(TakeStance(seat_id, st.id), w, p, ()) for st, w, p in zip(stances, weights, odds, strict=True)]
    deck = state.deck
    seen = view(state, seat_id)  # a bot reads only what its seat may know
    if state.phase == "guess":
        posterior = _posterior(seen)
        total = sum(posterior)
        return [Choice(a, p, p / total, ()) for a, p in zip(legal, posterior, strict=True)]
    plays = [a for a in legal if isinstance(a, Play)]  # all of them, or none (a seat that must pass)
    if plays:
        cards = [deck.option(a.card) if state.phase == "offer" else deck.response(a.card) for a in plays]
        weighed = weigh(seen, _policies(seen), cards)
        odds = chances([w.weight for w in weighed])
        return [Choice(a, w.weight, p, tuple(f"{v:+d} {r}".rstrip() for v, r in w.reasons))
                for a, w, p in zip(plays, weighed, odds, strict=True)]
    return [Choice(a, 1, Fraction(1, len(legal)), ()) for a in legal]


def _posterior(seen: SeatView | Whole) -> list[Fraction]:
    """Each motive's chance (in deck order) for the offer seat's guess: the posterior of the responses seen
    (`tabletop.engine.belief.posterior`), which a seat may know."""
    return list(posterior(seen.deck, seen.likelihood).values())


def _likeliest(state: Whole) -> int:
    """The index of the first of the likeliest motives, in deck order, by `_posterior`, without working it out: the
    posterior's order is that of each motive's draw weight times its likelihood (or of the draw weights alone when
    those are all 0), compared as whole numbers."""
    best, best_num, best_den = 0, -1, 1
    for i, m in enumerate(state.deck.motives):
        x = state.likelihood[m.id]
        num, den = x.numerator * m.weight, x.denominator
        if num * best_den > best_num * den:  # num / den > best_num / best_den, denominators positive
            best, best_num, best_den = i, num, den
    if best_num == 0:  # no motive could have played the responses seen: the draw weights alone
        weights = [m.weight for m in state.deck.motives]
        return weights.index(max(weights))
    return best


def _policies(seen: SeatView) -> tuple[Policy, ...]:
    """The policies a seat's bot follows: its own motive's (the respond seat's view holds it), else its style's; of
    them, those that read no tally hidden from the seat (a policy on a hidden tally never applies for its bot)."""
    return _followed(seen.deck, seen.seats, seen.seat, seen.motive, seen.hidden)


def _followed(deck: Deck, seats: Mapping[str, SeatConfig], seat_id: str | None, motive: str | None,
              hidden: frozenset[str]) -> tuple[Policy, ...]:
    """`_policies` of a seat that knows ``motive`` (None: no motive) and may not know the ``hidden`` tallies."""
    seat = next(s for s in deck.seats if s.id == seat_id)
    known = compiled(deck).known_policies
    if seat.role == "respond":
        assert motive is not None  # the respond seat may know its own motive: its view holds it
        return known(deck.motive(motive).policy, hidden)
    chosen = seats[seat.id].style
    style = next((st for st in seat.styles if st.id == chosen), seat.styles[0] if seat.styles else None)
    # The offer seat's view holds no motive: clauses on it never hold for its bot.
    return known(style.policy, hidden) if style else ()


def _quick_weights(state: Whole, seat_id: str, cards: list[Card]) -> list[int]:
    """The weights `explain` gives ``cards`` for ``seat_id``'s bot, in whole numbers, read on the whole state as the
    seat's view reads (`tabletop.engine.views.view`, without making one): the policies it follows are those that
    read no tally hidden from it (`_followed`), so they read only what the view holds but the motive, and a
    ``motive`` clause reads the motive the view would hold (None for a seat that may not know it)."""
    deck = state.deck
    # What `knows_motive` and `hidden_tallies` read (whether the game is over, the seat, the deck), the style and the
    # motive: the policies followed and the motive they read, found once for each
    key = (seat_id, state.phase == "over", state.seats[seat_id].style, state.motive, id(deck))
    entry = _FOLLOWED.get(key)
    if entry is None or entry[0] is not deck:
        knows = knows_motive(state, seat_id)
        motive, hidden = state.motive if knows else None, hidden_tallies(state, seat_id)
        entry = (deck, compiled(deck).policies(_followed(deck, state.seats, seat_id, motive, hidden)),
                 _STATE if knows else None)
        if len(_FOLLOWED) >= 256:
            _FOLLOWED.clear()
        _FOLLOWED[key] = entry
    return compiled_weights(state, entry[1], cards, entry[2])


#: The policies each seat's bot follows, compiled, with the motive their clauses read (`_STATE`: the one the seat
#: knows; None), by what decides them (the seat, whether the game is over, its style, the motive) and the deck's
#: identity (the deck kept with them, so that an id is never reused while its entry lives).
_FOLLOWED: dict[tuple[str, bool, str | None, str, int], tuple[Deck, tuple[CompiledPolicy, ...], Motive]] = {}


def bot_action(state: Whole, seat_id: str) -> Action:
    """The action the bot for ``seat_id`` takes now (also works for "table": its one legal step)."""
    mover = to_move(state)
    if seat_id == TABLE and mover == TABLE:
        return table_step(state)  # the table always has exactly one step: no weighing needed
    if mover != seat_id:
        raise IllegalAction(f"{seat_id} is not to move (the game is in the {state.phase} phase)")
    if state.actors and stance_due(state) == seat_id:
        return bot_stance(state, seat_id)
    if state.phase == "guess":  # as `explain` weighs the guesses, without a `Choice` for each
        motives = [m.id for m in state.deck.motives]
        if state.deck.deck.guess_rule == "name":
            return Guess(seat_id, motives[_likeliest(state)])
        posterior = _posterior(state)  # public evidence: the seat's view holds the same likelihood
        total = sum(posterior)
        pairs = tuple(zip(motives, percents([p / total for p in posterior]), strict=True))
        likeliest = max(pairs, key=lambda p: (p[1], -motives.index(p[0])))[0]
        return Guess(seat_id, likeliest, pairs)
    return bot_move(state, seat_id)[1]


def bot_move(state: Whole, seat_id: str) -> tuple[list[Card], Play | Pass]:
    """In the offer or the response, when ``seat_id``'s bot is to move (as `bot_action` checks): the cards it may
    play (those `legal_actions` would offer as plays, without making an action of each) and the move it makes
    (`simulate` counts both, and asks once)."""
    cards = playable_options(state) if state.phase == "offer" else playable_responses(state)
    if not cards:
        return cards, Pass(seat_id)  # a seat with no playable card passes: its one legal action
    # The choice in whole numbers (as `explain` weighs it, without building the reasons a person may ask for).
    card = cards[rng_pick(state, seat_id, floored(_quick_weights(state, seat_id, cards)))]
    return cards, compiled(state.deck).plays[(seat_id, card.id)]  # Play(seat_id, card.id), made once for the deck


def percents(chances: list[Fraction]) -> list[int]:
    """Chances as whole percents adding up to 100 (largest remainders; ties to the first)."""
    raw = [c * 100 for c in chances]
    out = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[:100 - sum(out)]:
        out[i] += 1
    return out


def rng_pick(state: Whole, seat_id: str, kept: list[int]) -> int:
    return bot_rng(state, seat_id).pick(kept)


def bot_rng(state: Whole, seat_id: str) -> Rng:
    """The generator for the decision ``seat_id``'s bot makes now: keyed on the seed, the round, the phase and the
    seat (by its id, not its place in the deck), and on nothing that a note or an undo changes."""
    return Rng.derive_on(_round_key(state.seed, state.round), _PHASE_INDEX[state.phase], _seat_key(seat_id))


#: Each phase's place in `PHASES`, for `bot_rng`.
_PHASE_INDEX = {phase: i for i, phase in enumerate(PHASES)}


@lru_cache(maxsize=64)
def _game_key(seed: int) -> int:
    """The state of ``Rng.derive(BOT_STREAM, seed)``, mixed once a game (`bot_rng` goes on from it)."""
    return Rng.derive(BOT_STREAM, seed).state


@lru_cache(maxsize=256)
def _round_key(seed: int, round_: int) -> int:
    """The state of ``Rng.derive(BOT_STREAM, seed, round_)``, mixed once a round (the round's decisions go on from
    it: `derive_on` mixes its keys one after another)."""
    return Rng.derive_on(_game_key(seed), round_).state


@lru_cache(maxsize=64)
def _seat_key(seat_id: str) -> int:
    """A seat's id as a number for `bot_rng` (by its id, not its place in the deck)."""
    return int.from_bytes(blake2b(seat_id.encode("utf-8"), digest_size=8).digest(), "big")


def stance_weights(state: Whole, actor_id: str, stances: list[Stance]) -> list[int]:
    """Each stance's weight for the bot playing ``actor_id``: 1 plus the weights of the actor's ``policy`` entries
    that name it and whose ``when`` holds, read as the room may know the game (no motive, no hidden tally)."""
    actor = state.deck.actor(actor_id)
    policies = compiled(state.deck).known_policies(actor.policy, hidden_tallies(state, None))
    weight = {st.id: 1 for st in stances}
    for p in policies:
        if holds(p.when, state, None):
            for stance_id in p.card:
                if stance_id in weight:
                    weight[stance_id] += p.weight
    return [weight[st.id] for st in stances]


def bot_stance(state: Whole, actor_id: str) -> TakeStance:
    """The stance the bot playing ``actor_id`` takes now: its fixed stance when it has one that may be taken, else
    one drawn by the deck's policy (`stance_weights`) from the bot's own stream, keyed on the seed, the round, the
    phase and the actor (`bot_rng`): never on the game's generator, so the dice are those a game on the dice
    would roll."""
    stances = stance_choices(state, actor_id)
    fixed = state.actors[actor_id].stance
    if fixed is not None and any(st.id == fixed for st in stances):
        return TakeStance(actor_id, fixed)
    weights = floored(stance_weights(state, actor_id, stances))
    return TakeStance(actor_id, stances[bot_rng(state, actor_id).pick(weights)].id)


def automatic_action(state: Whole) -> Action | None:
    """The next action if nobody at the screen makes it (a table step or a bot's move); None if a person must."""
    mover = to_move(state)
    if mover is None:
        return None
    if mover == TABLE:
        return table_step(state)
    if state.actors and stance_due(state) == mover:
        return bot_stance(state, mover) if state.actors[mover].kind == "bot" else None
    if state.seats[mover].kind == "bot":
        return bot_action(state, mover)
    return None
