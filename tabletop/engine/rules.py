"""The rules as pure functions: setup, whose move it is, legal actions, `apply`, modifiers and odds.

A round goes inject (`Draw`) -> offer (`Play`/`Pass`) -> response (`Play`/`Pass`)
-> reactions (one `Roll` per actor, in deck order) -> tally (`CloseRound`).
After the last round, or as soon as an ending that is not final holds (checked
after every action during play), the offer seat makes its `Guess` and the game
is over with scores. Facilitator actions (`Override`, `Adjust`, `Note`) are
accepted whenever they make sense, whoever is to move: an override right after
a roll (notes and overrides aside), even one that ended the game; an adjustment
until the game is over (once an ending is reached it changes the scores, not
the ending); a note at any time. Overriding an earlier roll takes the game's
history: `tabletop.engine.game.Game` goes back to the roll, overrides it here,
and makes the steps since again (as it does `Undo` and `Redo`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from attrs import evolve

from ..deck.model import Card, Condition, Deck, Event, ReactionRow, Stance
from ..deck.odds import row_index, row_odds
from .actions import (
    Action,
    Adjust,
    CloseRound,
    Draw,
    Guess,
    IllegalAction,
    Inject,
    Note,
    Override,
    Pass,
    Play,
    Redo,
    Roll,
    TakeStance,
    Undo,
)
from .compiled import Candidate, CompiledDeck, compiled, spent
from .conditions import _STATE, holds
from .happenings import (
    CardPlayed,
    CardsRetired,
    EndingReached,
    EventDrawn,
    GameOver,
    Guessed,
    HandDealt,
    Happening,
    Noted,
    ObjectiveScored,
    Overridden,
    Passed,
    Rolled,
    RoundClosed,
    RoundStarted,
    SatOut,
    Scored,
    StanceTaken,
    TallyChanged,
)
from .limits import check_setup
from .rng import Rng
from .state import (
    PLAY_PHASES,
    TABLE,
    ActorConfig,
    AppliedModifier,
    Draft,
    GameState,
    RollRecord,
    RoundRecord,
    SeatConfig,
    Setup,
    StateLike,
    Whole,
    dice_fallen,
)

# --------------------------------------------------------------------------
# Setup
# --------------------------------------------------------------------------


def new_game(deck: Deck, seats: dict[str, SeatConfig], seed: int, rounds: int | None = None,
             actors: dict[str, ActorConfig] | None = None) -> GameState:
    """A new game: the hidden motive is drawn by weight, then the offer seat's hand is dealt from the shuffled pile.
    ``actors``: who plays the actors the dice do not (none: every actor rolls for itself, as before).

    Raises `SetupError` (a `ValueError`) for seats that do not match the deck, an unknown style, a seed or a
    number of rounds out of bounds, an unknown actor or stance (`tabletop.engine.limits`).
    """
    played = {k: v for k, v in actors.items() if v.kind != "dice"} if actors else {}
    check_setup(deck, Setup(seats, seed, rounds, played))
    rounds = deck.deck.rounds if rounds is None else rounds
    cd = compiled(deck)  # what every game of the deck starts from, read once (a simulation starts thousands)
    rng = Rng(seed)
    motive = cd.motive_ids[rng.pick(cd.motive_weights)]
    pile = rng.shuffled(cd.pile)
    size = cd.hand_size
    return GameState(
        deck=deck, seats=dict(seats), seed=seed, rng=rng.state, rounds=rounds, motive=motive,
        tallies=dict(cd.start), hand=pile[:size] + cd.standing, pile=pile[size:], discard=(),
        likelihood=dict.fromkeys(cd.motive_ids, _ONE), actors=played,
    )


#: Every motive's likelihood before any response (a fraction is immutable: one serves every game).
_ONE = Fraction(1)


# --------------------------------------------------------------------------
# Whose move, and what is legal
# --------------------------------------------------------------------------


def to_move(state: StateLike) -> str | None:
    """The seat id to act, ``"table"`` for a system step, an actor's id when the team or bot playing it is to take
    a stance before its roll (`stance_due`), or None when the game is over."""
    mover = compiled(state.deck).movers[state.phase]
    if state.actors and mover == TABLE:  # only a game where some actor is not on the dice
        actor = stance_due(state)
        if actor is not None:
            return actor
    return mover


def stance_due(state: StateLike) -> str | None:
    """The actor whose team or bot takes a stance now: in the reactions, the actor about to roll, when it is played
    by a team or a bot, no stance is taken yet and at least one of its stances may be taken (`stance_choices`)."""
    if state.phase != "reactions" or state.stance is not None or state.ending is not None:
        return None
    actor_id = state.deck.actors[state.rolled].id
    config = state.actors.get(actor_id)
    if config is None or config.kind == "dice" or not stance_choices(state, actor_id):
        return None
    return actor_id


def stance_choices(state: StateLike, actor_id: str) -> list[Stance]:
    """The stances of ``actor_id`` that may be taken now (their ``requires`` holds), in deck order."""
    return [st for st in state.deck.actor(actor_id).stances if holds(st.requires, state)]


def stance_modifier(actor_id: str, stance: Stance) -> AppliedModifier:
    """The stance as a modifier of the roll it is taken for."""
    return AppliedModifier(stance.value, stance.reason, "stance", stance.id)


def playable_options(state: Whole) -> list[Card]:
    """The distinct option cards in hand whose ``requires`` holds, in hand order."""
    options = compiled(state.deck).options
    out = []
    for card_id in dict.fromkeys(state.hand):
        card, check = options[card_id]
        if check is None or check(state, _STATE):
            out.append(card)
    return out


def playable_responses(state: StateLike) -> list[Card]:
    """The response cards whose ``requires`` holds, in deck order."""
    out = []
    for card, check in compiled(state.deck).responses:  # (a loop: see `_applying_in`)
        if check is None or check(state, _STATE):
            out.append(card)
    return out


def legal_actions(state: Whole) -> list[Action]:
    """What the one to move (see `to_move`) may do now. Facilitator actions are not listed."""
    phase, deck = state.phase, state.deck
    if phase in _TABLE_PHASES:
        if state.actors:
            actor = stance_due(state)
            if actor is not None:
                return [TakeStance(actor, st.id) for st in stance_choices(state, actor)]
        return [table_step(state)]
    if phase in ("offer", "response"):
        seat = state.offer_seat if phase == "offer" else state.respond_seat  # as `to_move` says
        cards = playable_options(state) if phase == "offer" else playable_responses(state)
        return [Play(seat, c.id) for c in cards] or [Pass(seat)]
    if phase == "guess":
        return [Guess(state.offer_seat, m.id) for m in deck.motives]
    return []


def table_step(state: Whole) -> Action:
    """The table's one step now (the game must be in a phase where the table moves: see `to_move`): draw the
    round's event, roll for the next actor, or close the round. (Actions are frozen: the same ones serve every
    game.)"""
    phase = state.phase
    if phase == "reactions":
        return compiled(state.deck).rolls[state.rolled]
    return _DRAW if phase == "inject" else _CLOSE


_TABLE_PHASES = frozenset(("inject", "reactions", "tally"))
_DRAW, _CLOSE = Draw(), CloseRound()


# --------------------------------------------------------------------------
# Applying actions
# --------------------------------------------------------------------------


def apply(state: GameState, action: Action) -> tuple[GameState, list[Happening]]:
    """The state after ``action`` and what happened, in order; `IllegalAction` if it cannot be applied.

    The action changes a `Draft` of the state, frozen once at the end: one new state per action.
    """
    kind = type(action)
    d = Draft(state)
    cd = compiled(state.deck)
    ruling = _RULINGS.get(kind)
    if ruling is not None:
        happened = ruling(d, action)
    elif isinstance(action, (Undo, Redo)):
        raise IllegalAction(f"{action.TYPE} needs the game's history: use Game.act or Game.{action.TYPE}")
    else:
        _check_legal(state, action)
        happened = _step(d, action, cd)
    _settle(d, cd, state.step + 1, kind, happened)
    return d.done(), happened


def _settle(d: Draft, cd: CompiledDeck, step: int, kind: type, happened: list[Happening]) -> None:
    """What follows every action on the draft (``cd``: its deck compiled): the step counted, the roll to override
    forgotten unless the action keeps it, and the first ending that holds now reached (during play; in deck order)."""
    d.step = step
    if kind not in _KEEPS_ROLL:
        d.last_roll = None
    if d.phase in _PLAYING:
        for ending, check in cd.endings:  # the first that holds, in deck order
            if check is None or check(d, _STATE):
                d.phase, d.ending = "guess", ending.id
                happened.append(EndingReached(ending.id, final=False))
                break


_PLAYING = frozenset(PLAY_PHASES)


class Playout:
    """A game that bots alone play to its end, on one `Draft` changed in place: the same steps as `apply` makes
    (`_step`, then `_settle`), without a frozen state after each action, the check that an action is legal (the
    bots choose among the legal ones), or a `RollRecord` for an override (nobody overrides here). For
    `tabletop.balance.simulate`, which plays many games and reads only their happenings and final state.

    ``draft`` is the game as it stands (read it as a state: `to_move`, `automatic_action`, conditions);
    `advance` makes one action; `state` freezes the game as it stands. ``tally_changes``: also tell each change to
    a tally (`TallyChanged`), as `apply` does; by default the happenings leave them out (the tallies change all the
    same)."""

    __slots__ = ("draft", "_compiled")

    def __init__(self, state: GameState, tally_changes: bool = False) -> None:
        self.draft = Draft(state, keeps_rolls=False, tells_changes=tally_changes)
        self._compiled = compiled(state.deck)

    def advance(self, action: Action) -> list[Happening]:
        """Make ``action`` (a step of play chosen by a bot or the table, so legal now) and say what happened."""
        d, kind = self.draft, type(action)
        happened = _STEPS[kind](d, action, self._compiled)  # `_step`, for a step of play
        _settle(d, self._compiled, d.step + 1, kind, happened)
        return happened

    def state(self) -> GameState:
        return self.draft.done()


def _check_legal(state: GameState, action: Action) -> None:
    """Nothing, if ``action`` is one of `legal_actions` now (checked without listing them all when it can be)."""
    phase = state.phase
    if isinstance(action, Guess) and action.spread is not None:
        _check_spread(state, action)
        action = Guess(action.seat, action.motive)  # the rest as a guess that names the motive
    if isinstance(action, Play) and phase in ("offer", "response") and action.seat == to_move(state):
        cd = compiled(state.deck)
        if phase == "offer":
            entry = cd.options.get(action.card) if action.card in state.hand else None
        else:
            entry = next((e for e in cd.responses if e[0].id == action.card), None)
        if entry is not None and (entry[1] is None or entry[1](state, _STATE)):
            return
    elif type(action) in _ONE_STEP and _ONE_STEP[type(action)] == phase and not (state.actors and stance_due(state)):
        if not isinstance(action, Roll) or action.actor == state.deck.actors[state.rolled].id:
            return
    legal = legal_actions(state)
    if action not in legal:
        if phase == "over":
            raise IllegalAction(f"{action} is not legal: the game is over")
        raise IllegalAction(f"{action} is not legal in the {phase} phase, where {to_move(state)} is to move; "
                            f"legal: {', '.join(map(str, legal))}")


_ONE_STEP = {Draw: "inject", Roll: "reactions", CloseRound: "tally"}


def _check_spread(state: GameState, action: Guess) -> None:
    """A spread: for a deck whose guess rule scores one, every motive once, whole percents from 0 to 100 adding up
    to 100, and the motive named the (first) likeliest."""
    deck = state.deck
    if deck.deck.guess_rule == "name":
        raise IllegalAction("this deck's guess names one motive: a spread of chances is not scored")
    assert action.spread is not None
    ids = [m.id for m in deck.motives]
    given = [m for m, _ in action.spread]
    if sorted(given) != sorted(ids):
        raise IllegalAction(f"expected a chance for every motive ({', '.join(ids)}) once, found {', '.join(given)}")
    if any(not 0 <= n <= 100 for _, n in action.spread) or sum(n for _, n in action.spread) != 100:
        raise IllegalAction(f"expected whole percents from 0 to 100 adding up to 100, found "
                            f"{' + '.join(str(n) for _, n in action.spread)}")
    likeliest = max(action.spread, key=lambda p: (p[1], -ids.index(p[0])))[0]
    if action.motive != likeliest:
        raise IllegalAction(f"expected the guess to name the likeliest motive ({likeliest}), found {action.motive}")


def _effects(d: Draft, effects: dict[str, int], source: str, source_id: str, reason: str = "",
             cd: CompiledDeck | None = None) -> list[Happening]:
    """Apply tally changes, each clamped to its tally's bounds (``cd``: the deck compiled, if the caller has it)."""
    if not effects:
        return []
    tallies = dict(d.tallies)
    bounds = (cd or compiled(d.deck)).bounds
    changes: list[Happening] = []
    tells = d.tells_changes
    for tally_id, delta in effects.items():
        if delta == 0:
            continue
        low, high = bounds[tally_id]
        before = tallies[tally_id]
        after = before + delta
        after = low if after < low else after  # min(max(before + delta, low), high), without the two calls
        after = tallies[tally_id] = high if after > high else after
        if tells:
            changes.append(TallyChanged(tally_id, delta, before, after, source, source_id, reason))
    d.tallies = tallies
    return changes


def effects_now(state: StateLike, part: Card | Event) -> list[tuple[dict[str, int], str]]:
    """What a card or an event changes if it takes effect now, in the order applied: its ``effects``, then each of
    its ``extra_effects`` whose condition holds, then each of its ``scaled_effects`` (an amount computed from the
    tally it grows with); each with its reason ("" for the plain effects)."""
    out = [(part.effects, "")] if part.effects else []
    for extra in part.extra_effects:
        if holds(extra.when, state):
            out.append((extra.effects, extra.reason))
    for scaled in part.scaled_effects:
        amount = scaled.rate * (state.tallies[scaled.per] // scaled.every)
        amount = min(max(amount, scaled.at_least), scaled.at_most)
        if amount:
            out.append(({scaled.tally: amount}, scaled.reason))
    return out


def _take_effect(d: Draft, part: Card | Event, source: str, cd: CompiledDeck) -> list[Happening]:
    """The card's or event's effects (`effects_now`, read on the draft as it is) applied, each clamped."""
    if not (part.extra_effects or part.scaled_effects):
        return _effects(d, part.effects, source, part.id, "", cd)
    changes: list[Happening] = []
    for effects, reason in effects_now(d, part):
        changes += _effects(d, effects, source, part.id, reason, cd)
    return changes


def _draw(d: Draft, a: Draw, cd: CompiledDeck) -> list[Happening]:
    """This round's events, as many as the round has places for (`CompiledDeck.places`, one unless the deck says
    more), each in turn with its effects: a scheduled one that is due (`_due`), else, unless the round is quiet,
    one drawn by weight among those that may be drawn by chance now; none when neither is left."""
    happened: list[Happening] = [RoundStarted(d.round, d.rounds)]
    quiet = d.round in cd.quiet_rounds
    for _ in range(cd.places(d.round)):
        event = _due(d, cd)
        if event is None and not quiet:
            drawn, now = d.drawn, d.events
            candidates, weights = [], []
            for e, check in cd.events:  # (a loop: see `_applying_in`)
                if (e.repeat or e.id not in drawn) and e.id not in now and (check is None or check(d, _STATE)):
                    candidates.append(e)
                    weights.append(e.weight)
            if candidates:
                rng = Rng(d.rng)
                event = candidates[rng.pick(weights)]
                d.rng = rng.state
        if event is None:
            break
        d.events, d.drawn = d.events + (event.id,), d.drawn + (event.id,)
        happened += [EventDrawn(d.round, event.id), *_take_effect(d, event, "event", cd)]
    if not d.events:
        happened.append(EventDrawn(d.round, None, quiet=quiet))
    d.phase = "offer"
    return happened


def inject_refusal(phase: str) -> str | None:
    """Why the facilitator cannot draw an event by name in ``phase`` (None: they can, at the start of a round)."""
    if phase != "inject":
        return f"an event can be drawn by name only at the start of a round, before its event: the game is in the " \
               f"{phase} phase"
    return None


def _inject(d: Draft, a: Inject) -> list[Happening]:
    """The facilitator's named event, drawn instead of the round's draw (whatever its weight, schedule or
    requires: the facilitator's ruling), with its effects."""
    refused = inject_refusal(d.phase)
    if refused is not None:
        raise IllegalAction(refused)
    event = d.deck.by_id["events"].get(a.event)
    if event is None:
        known = ", ".join(e.id for e in d.deck.events) or "the deck has none"
        raise IllegalAction(f"expected an event id ({known}), found {a.event!r}")
    _need_reason(a.reason, "drawing an event by name")
    d.events, d.drawn, d.phase = (event.id,), d.drawn + (event.id,), "offer"
    return ([RoundStarted(d.round, d.rounds), EventDrawn(d.round, event.id, injected=a.reason)]
            + _take_effect(d, event, "event", compiled(d.deck)))


def _due(d: Draft, cd: CompiledDeck) -> Event | None:
    """The scheduled event due now, if any: the first (in deck order) fixed to this round that has not come in it,
    else the first that follows an event drawn in an earlier round and has not come yet (each only while its
    requires holds)."""
    for event, check in cd.scheduled:
        if event.round is not None:
            due = event.round == d.round and event.id not in d.events
        else:
            due = event.id not in d.drawn and any(event.follows in r.events for r in d.history if r.round < d.round)
        if due and (check is None or check(d, _STATE)):
            return event
    return None


def _play(d: Draft, a: Play, cd: CompiledDeck) -> list[Happening]:
    if d.phase == "offer":
        card = cd.options[a.card][0]
        if card.standing:  # a standing card stays in the hand
            d.offer, d.phase = card.id, "response"
        else:
            hand = list(d.hand)
            hand.remove(card.id)
            d.hand, d.discard, d.offer, d.phase = tuple(hand), d.discard + (card.id,), card.id, "response"
        role, source = "offer", "offer"
    else:
        card = d.deck.by_id["responses"][a.card]
        d.likelihood, d.response, d.phase = _likelihood(d, card.id, cd), card.id, "reactions"  # d as yet unchanged
        role, source = "respond", "response"
    d.played = d.played + (card.id,)
    return [CardPlayed(a.seat, role, card.id)] + _take_effect(d, card, source, cd) + _next_roller(d, cd)


def _likelihood(s: Whole, card_id: str, cd: CompiledDeck) -> dict[str, Fraction]:
    """Each motive's likelihood times the chance that its bot policy would have played ``card_id`` here (the
    policy read as if that motive were the hidden one; weights in whole numbers, one exact fraction a motive)."""
    cards = playable_responses(s)
    index = 0
    while cards[index].id != card_id:  # the card's place among them (it is one: the response was legal)
        index += 1
    likelihood = s.likelihood
    out = {}
    # read as the room may (public evidence): a policy on a tally hidden from a seat counts as not applying
    evidence = cd.evidence()
    for motive, (kept, total) in zip(evidence.motives, evidence.weights(s, cards), strict=True):
        prior = likelihood[motive]
        num, den = prior.as_integer_ratio()
        share = kept[index]
        if not num or share == total:
            # a motive the responses seen have already ruled out stays out; a response that the motive's policy
            # always makes here leaves its likelihood as it was (prior times total / total)
            out[motive] = prior
        else:  # prior times kept[index] / sum(kept), as one fraction (made once for all games that meet it)
            out[motive] = evidence.product(num, den, share, total)
    return out


def _pass(d: Draft, a: Pass, cd: CompiledDeck) -> list[Happening]:
    role = "offer" if d.phase == "offer" else "respond"
    d.phase = "response" if role == "offer" else "reactions"
    return [Passed(a.seat, role), *_next_roller(d, cd)]


def candidate_modifiers(state: StateLike, actor_id: str) -> list[tuple[Condition, AppliedModifier]]:
    """Every modifier that may bear on ``actor_id``'s roll this round, with the condition that decides whether it
    applies: the actor's own, then this round's events', offer's and response's (those that name no actor or name it)."""
    return [(when, m) for when, _, m in _candidates(state, actor_id)]


def _candidates(state: StateLike, actor_id: str) -> tuple[Candidate, ...]:
    return compiled(state.deck).candidates(actor_id, state.events, state.offer, state.response)


def modifiers_for(state: StateLike, actor_id: str) -> list[AppliedModifier]:
    """The modifiers that apply to ``actor_id``'s roll right now: its own, then this round's events', offer's and
    response's, then the stance taken for this roll (if one was)."""
    return list(_applying(state, actor_id))


def _applying(state: StateLike, actor_id: str) -> tuple[AppliedModifier, ...]:
    """`modifiers_for`, as the tuple a roll keeps (the one place that says which modifiers apply)."""
    return _applying_in(compiled(state.deck), state, actor_id)


def _applying_in(cd: CompiledDeck, state: StateLike, actor_id: str) -> tuple[AppliedModifier, ...]:
    """`_applying`, with the deck compiled."""
    applying = []  # (loops here and in the rules' other hot paths, not comprehensions: on Python 3.11 each
    # comprehension makes a function and a frame every time it runs)
    for _, check, m in cd.candidates(actor_id, state.events, state.offer, state.response):
        if check is None or check(state, _STATE):
            applying.append(m)
    mods = tuple(applying)
    if state.stance is not None:
        taken = taken_stance(state, actor_id)
        if taken is not None:
            mods += (stance_modifier(actor_id, taken),)
    return mods


def taken_stance(state: StateLike, actor_id: str) -> Stance | None:
    """The stance taken for ``actor_id``'s coming roll, if one was."""
    if state.stance is None or state.phase != "reactions" or state.deck.actors[state.rolled].id != actor_id:
        return None
    return next((st for st in state.deck.actor(actor_id).stances if st.id == state.stance), None)


def stance_odds(state: StateLike, actor_id: str) -> list[tuple[Stance, list[tuple[ReactionRow, Fraction]]]]:
    """For each stance that may be taken now, the exact chance of each row of ``actor_id``'s table if it rolled
    with that stance and the modifiers that apply now (read on the whole state: a view's `roll_odds` for a seat)."""
    actor = state.deck.actor(actor_id)
    base = sum(m.value for _, check, m in _candidates(state, actor_id) if check is None or check(state, _STATE))
    return [(st, row_odds(state.deck, actor, base + st.value)) for st in stance_choices(state, actor_id)]


def _take_stance(d: Draft, a: TakeStance, cd: CompiledDeck) -> list[Happening]:
    actor = d.deck.actor(a.actor)
    stance = next(st for st in actor.stances if st.id == a.stance)  # legal: one of `stance_choices`
    d.stance = stance.id
    return [StanceTaken(actor.id, stance.id, stance.label, stance.value, stance.reason, d.actors[actor.id].kind)]


def odds(state: GameState, actor_id: str) -> list[tuple[ReactionRow, Fraction]]:
    """The exact chance of each row of ``actor_id``'s table if it rolled now, with the modifiers that apply now."""
    actor = state.deck.actor(actor_id)
    return row_odds(state.deck, actor, sum(m.value for m in modifiers_for(state, actor_id)))


def _roll(d: Draft, a: Roll, cd: CompiledDeck) -> list[Happening]:
    # A roll is the whole action: the draft is still the state it is made on (``d.base``, in `apply`).
    actor = a.actor
    mods = _applying_in(cd, d, actor)
    rng = Rng(d.rng)
    faces, dice_total = cd.dice[actor].roll(rng)
    total = dice_total
    for m in mods:
        total += m.value
    reactions = cd.reactions[actor]
    row = cd.row(actor, total)  # `row_index`, looked up
    record = RollRecord(actor, tuple(faces), dice_total, mods, total, row, d.base, rng.state) \
        if d.keeps_rolls else None
    dice_fallen(d, rng.state)
    happened: list[Happening] = [Rolled(actor, cd.notation[actor], tuple(faces), dice_total, mods, total, row,
                                        reactions[row].label)]
    happened += _row(d, actor, row, record, cd)
    return happened


def _next_roller(d: Draft, cd: CompiledDeck) -> list[Happening]:
    """In the reactions, move past the actors that sit this round out (their ``rolls_when`` does not hold when their
    turn comes), to the next that rolls, or to the tally when none is left (``cd``: the deck compiled)."""
    if d.phase != "reactions":
        return []
    sat: list[Happening] = []
    while d.rolled < len(cd.actor_ids):
        check = cd.rolls_when[d.rolled]
        if check is None or check(d, _STATE):
            return sat
        sat.append(SatOut(cd.actor_ids[d.rolled]))
        d.rolled += 1
    d.phase = "tally"
    return sat


def _resolve(d: Draft, record: RollRecord) -> list[Happening]:
    """The draft, from the state just before the roll's row took effect (``record.before``), with it in effect."""
    d.restart(record.before)
    return _row(d, record.actor, record.row, record, compiled(d.deck))


def _row(d: Draft, actor: str, row: int, record: RollRecord | None, cd: CompiledDeck) -> list[Happening]:
    """The actor's row in effect on the draft (which holds the state just before it took effect), and the roll
    kept for an override (none in a `Playout`)."""
    changes = _effects(d, cd.reactions[actor][row].effects, "actor", actor, "", cd)
    d.last_roll = record
    if d.phase == "reactions":
        changes += _next_roller(d, cd)
    return changes


def _close(d: Draft, a: CloseRound, cd: CompiledDeck) -> list[Happening]:
    drift: list[Happening] = []
    for tally, check in cd.drifts:  # the clocks tick before the round's tallies are recorded
        if check is None or check(d, _STATE):
            drift += _effects(d, {tally.id: tally.drift}, "drift", tally.id, tally.drift_reason, cd)
    closed = dict(d.tallies)  # read-only from here on: the round's record and the happening share it
    d.history = d.history + (RoundRecord(d.round, d.events, d.offer, d.response, closed),)
    happened: list[Happening] = [RoundClosed(d.round, closed), *drift]
    if d.round >= d.rounds:
        # The loader guarantees a final ending without conditions, so one always matches.
        ending = next(e for e, check in cd.final_endings if check is None or check(d, _STATE))
        d.set(phase="guess", ending=ending.id)
        return happened + [EndingReached(ending.id, final=True)]
    dealt, gone = _refill(d, cd)
    if gone:
        happened.append(CardsRetired(cd.offer_seat, gone))
    if dealt:
        happened.append(HandDealt(cd.offer_seat, dealt))
    d.round, d.phase, d.events, d.offer, d.response, d.rolled = d.round + 1, "inject", (), None, None, 0
    return happened


def _refill(d: Draft, cd: CompiledDeck) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Deal the offer seat's hand back to full, reshuffling the discards when the pile runs out; option cards that
    are spent for the rounds to come (`tabletop.engine.compiled.spent`) leave the game instead, from the hand, the
    pile and the discards. Standing cards (``standing = true``) stay in the hand, after the cards dealt and besides
    the hand's size. The cards dealt, and those that left."""
    rng = Rng(d.rng)
    hand, pile, discard, dealt, gone = list(d.hand), d.pile, d.discard, [], []
    size = cd.hand_size
    dead: set[str] = set()
    if cd.limited_options:  # only a deck with limits on its options: other decks deal exactly as before
        next_round = d.round + 1
        dead = {i for i in cd.limited_options if spent(d, cd.options[i][0], next_round)}
        gone += [i for i in hand if i in dead]
        hand = [i for i in hand if i not in dead]
        gone += [i for i in discard if i in dead]
        discard = tuple(i for i in discard if i not in dead)
    held: list[str] = []  # standing cards: besides the hand's size, held last (a loop: see `_applying_in`)
    kept: list[str] = []
    for i in hand:
        (held if cd.options[i][0].standing else kept).append(i)
    hand = kept
    while len(hand) < size and (pile or discard):
        if not pile:
            pile, discard = rng.shuffled(discard), ()
        card, pile = pile[0], pile[1:]
        if card in dead:
            gone.append(card)
            continue
        dealt.append(card)
        hand.append(card)
    d.hand, d.pile, d.discard, d.rng = tuple(hand + held), pile, discard, rng.state
    return tuple(dealt), tuple(gone)


def _guess(d: Draft, a: Guess, cd: CompiledDeck) -> list[Happening]:
    deck = d.deck
    correct = a.motive == d.motive
    guess_rule = deck.deck.guess_rule
    spread = (a.spread or tuple((m.id, 100 if m.id == a.motive else 0) for m in deck.motives)) \
        if guess_rule != "name" else None
    d.set(guess=a.motive, phase="over")
    happened: list[Happening] = [Guessed(a.seat, a.motive, d.motive, correct, spread)]
    scores = {seat.id: 0 for seat in deck.seats}
    for rule, check in cd.scoring:
        if check is None or check(d, _STATE):
            points = rule.points * (_score_base(d, rule.per_tally, rule.from_start) if rule.per_tally else 1)
            scores[rule.seat] += points
            happened.append(Scored(rule.seat, points, rule.reason))
    if spread is not None and deck.deck.guess_points:
        points = spread_points(guess_rule, dict(spread), d.motive, deck.deck.guess_points)
        scores[a.seat] += points
        happened.append(Scored(a.seat, points, f"the chances given to the motives, scored by the {guess_rule} rule"))
    elif correct and deck.deck.guess_points:
        scores[a.seat] += deck.deck.guess_points
        happened.append(Scored(a.seat, deck.deck.guess_points, "named the hidden motive"))
    d.set(scores=scores)
    actor_scores: dict[str, int] = {}
    for actor_id, objectives in cd.objectives:  # the actors with objectives
        actor_scores[actor_id] = 0
        for ob, check in objectives:
            if check is None or check(d, _STATE):
                points = ob.points * (_score_base(d, ob.per_tally, ob.from_start) if ob.per_tally else 1)
                actor_scores[actor_id] += points
                happened.append(ObjectiveScored(actor_id, points, ob.reason, ob.secret))
    if actor_scores:
        d.actor_scores = actor_scores
    assert d.ending is not None  # the guess phase comes only with an ending reached
    return happened + [GameOver(d.ending, dict(scores))]


def spread_points(rule: str, spread: dict[str, int], actual: str, points: int) -> int:
    """A spread's points by a proper scoring rule, scaled so that certainty on the right motive earns ``points`` and
    an even spread over the motives earns 0 (log), or 1 minus the Brier score times ``points`` (brier: from
    -``points``, all on a wrong motive, to ``points``). A chance below 1% counts as 1% for the log rule."""
    if rule == "brier":
        score = 1 - sum(((spread.get(m, 0) / 100) - (m == actual)) ** 2 for m in set(spread) | {actual})
        return round(points * score)
    count = max(len(spread), 2)
    return round(points * (1 + math.log(max(spread.get(actual, 0), 1) / 100) / math.log(count)))


def _score_base(d: Draft, tally_id: str, from_start: bool) -> int:
    """A tally's final value, or its change from its start (``from_start``), for a scoring rule's ``per_tally``."""
    value = d.tallies[tally_id]
    return value - d.deck.tally(tally_id).start if from_start else value


def _override(d: Draft, a: Override) -> list[Happening]:
    s = d.base
    r = s.last_roll
    if r is None or s.phase == "over":
        raise IllegalAction("no roll to override: an override must come right after the roll (notes aside)")
    if (a.actor is not None and a.actor != r.actor) or (a.round is not None and a.round != r.before.round):
        raise IllegalAction(f"the roll just made is {r.actor}'s in round {r.before.round}, not the one to override")
    if (a.total is None) == (a.row is None):
        raise IllegalAction("give either a new total or a new row for the override, not both")
    _need_reason(a.reason, "an override")
    rows = s.deck.actor(r.actor).reactions
    if a.row is not None and not 0 <= a.row < len(rows):
        raise IllegalAction(f"expected a row from 0 to {len(rows) - 1} of {r.actor}'s table, found {a.row}")
    total = r.total if a.total is None else a.total
    row = a.row if a.row is not None else row_index(rows, total)
    _resolve(d, evolve(r, total=total, row=row))
    after = d.tallies
    changes: list[Happening] = [TallyChanged(t, after[t] - s.tallies[t], s.tallies[t], after[t], "override", "",
                                             a.reason) for t in s.tallies if after[t] != s.tallies[t]]
    return [Overridden(r.actor, r.total, r.row, total, row, rows[row].label, a.reason)] + changes


def _adjust(d: Draft, a: Adjust) -> list[Happening]:
    if d.phase == "over":
        raise IllegalAction("the game is over: tallies can no longer be adjusted")
    if a.tally not in d.tallies:
        raise IllegalAction(f"expected a tally id ({', '.join(d.tallies)}), found {a.tally!r}")
    if a.delta == 0:
        raise IllegalAction("expected a non-zero change for the adjustment")
    _need_reason(a.reason, "an adjustment")
    return _effects(d, {a.tally: a.delta}, "adjust", "", a.reason)


def _note(d: Draft, a: Note) -> list[Happening]:
    _need_reason(a.text, "a note")
    return [Noted(a.text)]


def _need_reason(text: str, what: str) -> None:
    if not text.strip():
        raise IllegalAction(f"expected some words for {what}, found none")


def _step(d: Draft, action: Action, cd: CompiledDeck) -> list[Happening]:
    """A table step or a seat's move, checked legal (`_check_legal`), made on the draft (``cd``: its deck compiled)."""
    step = _STEPS.get(type(action))
    if step is not None:
        return step(d, action, cd)
    raise AssertionError(f"legal, yet not a step of the rules: {action!r}")  # `legal_actions` lists no other kind


#: The facilitator's actions (accepted whoever is to move) and the steps of play, by the action's class. A step of play
#: is also given the deck compiled (found once for the action: each step and what it calls read it).
_RULINGS: dict[type, Callable[[Draft, Any], list[Happening]]] = {
    Override: _override, Adjust: _adjust, Note: _note, Inject: _inject}
_STEPS: dict[type, Callable[[Draft, Any, CompiledDeck], list[Happening]]] = {
    Roll: _roll, Play: _play, Draw: _draw, CloseRound: _close, Pass: _pass, Guess: _guess, TakeStance: _take_stance}
#: The actions after which the roll just made can still be overridden.
_KEEPS_ROLL = frozenset((Roll, Override, Note))
