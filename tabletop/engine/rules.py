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

from fractions import Fraction

from attrs import evolve

from ..deck.model import Card, Condition, Deck, ReactionRow
from ..deck.odds import row_index, row_odds
from ..dice import parse_dice
from .actions import Action, Adjust, CloseRound, Draw, Guess, IllegalAction, Note, Override, Pass, Play, Redo, Roll, Undo
from .conditions import holds, reads_motive
from .happenings import (CardPlayed, EndingReached, EventDrawn, GameOver, Guessed, HandDealt, Happening, Noted,
                         Overridden, Passed, Rolled, RoundClosed, RoundStarted, Scored, TallyChanged)
from .policy import chances, weigh
from .limits import check_setup
from .rng import Rng
from .state import PLAY_PHASES, TABLE, AppliedModifier, GameState, RollRecord, RoundRecord, SeatConfig, Setup

# --------------------------------------------------------------------------
# Setup
# --------------------------------------------------------------------------


def new_game(deck: Deck, seats: dict[str, SeatConfig], seed: int, rounds: int | None = None) -> GameState:
    """A new game: the hidden motive is drawn by weight, then the offer seat's hand is dealt from the shuffled pile.

    Raises `SetupError` (a `ValueError`) for seats that do not match the deck, an unknown style, a seed or a
    number of rounds out of bounds (`tabletop.engine.limits`).
    """
    check_setup(deck, Setup(seats, seed, rounds))
    rounds = deck.deck.rounds if rounds is None else rounds
    rng = Rng(seed)
    motive = deck.motives[rng.pick([m.weight for m in deck.motives])].id
    pile = rng.shuffled([c.id for c in deck.options for _ in range(c.copies)])
    size = deck.seat_by_role("offer").hand
    return GameState(
        deck=deck, seats=dict(seats), seed=seed, rng=rng.state, rounds=rounds, motive=motive,
        tallies={t.id: t.start for t in deck.tallies}, hand=pile[:size], pile=pile[size:], discard=(),
        likelihood={m.id: Fraction(1) for m in deck.motives},
    )


# --------------------------------------------------------------------------
# Whose move, and what is legal
# --------------------------------------------------------------------------


def to_move(state: GameState) -> str | None:
    """The seat id to act, ``"table"`` for a system step, or None when the game is over."""
    phase = state.phase
    if phase in _TABLE_PHASES:
        return TABLE
    if phase == "offer" or phase == "guess":
        return state.offer_seat
    if phase == "response":
        return state.respond_seat
    return None


_TABLE_PHASES = frozenset(("inject", "reactions", "tally"))


def playable_options(state: GameState) -> list[Card]:
    """The distinct option cards in hand whose ``requires`` holds, in hand order."""
    ids = dict.fromkeys(state.hand)
    return [c for c in (state.deck.option(i) for i in ids) if holds(c.requires, state)]


def playable_responses(state: GameState) -> list[Card]:
    """The response cards whose ``requires`` holds, in deck order."""
    return [c for c in state.deck.responses if holds(c.requires, state)]


def legal_actions(state: GameState) -> list[Action]:
    """What the one to move (see `to_move`) may do now. Facilitator actions are not listed."""
    phase, deck = state.phase, state.deck
    if phase == "inject":
        return [Draw()]
    if phase in ("offer", "response"):
        seat = to_move(state)
        cards = playable_options(state) if phase == "offer" else playable_responses(state)
        return [Play(seat, c.id) for c in cards] or [Pass(seat)]
    if phase == "reactions":
        return [Roll(deck.actors[state.rolled].id)]
    if phase == "tally":
        return [CloseRound()]
    if phase == "guess":
        return [Guess(state.offer_seat, m.id) for m in deck.motives]
    return []


# --------------------------------------------------------------------------
# Applying actions
# --------------------------------------------------------------------------


def apply(state: GameState, action: Action) -> tuple[GameState, list[Happening]]:
    """The state after ``action`` and what happened, in order; `IllegalAction` if it cannot be applied."""
    if isinstance(action, (Undo, Redo)):
        raise IllegalAction(f"{action.TYPE} needs the game's history: use Game.act or Game.{action.TYPE}")
    if isinstance(action, (Override, Adjust, Note)):
        new, happened = _FACILITATOR[type(action)](state, action)
    else:
        legal = legal_actions(state)
        if action not in legal:
            if state.phase == "over":
                raise IllegalAction(f"{action} is not legal: the game is over")
            raise IllegalAction(f"{action} is not legal in the {state.phase} phase, where {to_move(state)} is to move; "
                                f"legal: {', '.join(map(str, legal))}")
        new, happened = _STEPS[type(action)](state, action)
    keeps_roll = isinstance(action, (Roll, Override, Note))
    new = evolve(new, step=state.step + 1, last_roll=new.last_roll if keeps_roll else None)
    if new.phase in PLAY_PHASES:
        ending = next((e for e in new.deck.endings if not e.final and holds(e.when, new)), None)
        if ending is not None:
            new = evolve(new, phase="guess", ending=ending.id)
            happened.append(EndingReached(ending.id, final=False))
    return new, happened


def _effects(s: GameState, effects: dict[str, int], source: str, source_id: str, reason: str = ""):
    """Apply tally changes, each clamped to its tally's bounds."""
    tallies = dict(s.tallies)
    changes = []
    for tally_id, delta in effects.items():
        if delta == 0:
            continue
        t = s.deck.tally(tally_id)
        before = tallies[tally_id]
        tallies[tally_id] = min(max(before + delta, t.min), t.max)
        changes.append(TallyChanged(tally_id, delta, before, tallies[tally_id], source, source_id, reason))
    return evolve(s, tallies=tallies), changes


def _draw(s: GameState, a: Draw):
    happened: list[Happening] = [RoundStarted(s.round, s.rounds)]
    candidates = [e for e in s.deck.events
                  if e.weight > 0 and (e.repeat or e.id not in s.drawn) and holds(e.requires, s)]
    if not candidates:
        return evolve(s, phase="offer"), happened + [EventDrawn(s.round, None)]
    rng = Rng(s.rng)
    event = candidates[rng.pick([e.weight for e in candidates])]
    s = evolve(s, rng=rng.state, event=event.id, drawn=s.drawn + (event.id,), phase="offer")
    s, changes = _effects(s, event.effects, "event", event.id)
    return s, happened + [EventDrawn(s.round, event.id)] + changes


def _play(s: GameState, a: Play):
    if s.phase == "offer":
        card = s.deck.option(a.card)
        hand = list(s.hand)
        hand.remove(card.id)
        s = evolve(s, hand=tuple(hand), discard=s.discard + (card.id,), offer=card.id, phase="response")
        role, source = "offer", "offer"
    else:
        card = s.deck.response(a.card)
        s = evolve(s, likelihood=_likelihood(s, card.id), response=card.id, phase="reactions")
        role, source = "respond", "response"
    s = evolve(s, played=s.played + (card.id,))
    s, changes = _effects(s, card.effects, source, card.id)
    return s, [CardPlayed(a.seat, role, card.id)] + changes


def _likelihood(s: GameState, card_id: str) -> dict[str, Fraction]:
    """Each motive's likelihood times the chance that its bot policy would have played ``card_id`` here."""
    cards = playable_responses(s)
    index = [c.id for c in cards].index(card_id)
    out = {}
    for m in s.deck.motives:
        weights = [w.weight for w in weigh(evolve(s, motive=m.id), m.policy, cards)]
        out[m.id] = s.likelihood[m.id] * chances(weights)[index]
    return out


def _pass(s: GameState, a: Pass):
    role = "offer" if s.phase == "offer" else "respond"
    return evolve(s, phase="response" if role == "offer" else "reactions"), [Passed(a.seat, role)]


def candidate_modifiers(state: GameState, actor_id: str) -> list[tuple[Condition, AppliedModifier]]:
    """Every modifier that may bear on ``actor_id``'s roll this round, with the condition that decides whether it
    applies: the actor's own, then this round's event, offer and response (those that name no actor or name it)."""
    deck = state.deck
    actor = deck.actor(actor_id)
    out = [(m.when, AppliedModifier(m.value, m.reason, "actor", actor.id, reads_motive(m.when)))
           for m in actor.modifiers]
    sources = (("event", state.event and deck.event(state.event)),
               ("offer", state.offer and deck.option(state.offer)),
               ("response", state.response and deck.response(state.response)))
    for source, card in sources:
        if card:
            out += [(m.when, AppliedModifier(m.value, m.reason, source, card.id, reads_motive(m.when)))
                    for m in card.modifiers if not m.actor or actor_id in m.actor]
    return out


def modifiers_for(state: GameState, actor_id: str) -> list[AppliedModifier]:
    """The modifiers that apply to ``actor_id``'s roll right now: its own, then this round's event, offer and response."""
    return [m for when, m in candidate_modifiers(state, actor_id) if holds(when, state)]


def odds(state: GameState, actor_id: str) -> list[tuple[ReactionRow, Fraction]]:
    """The exact chance of each row of ``actor_id``'s table if it rolled now, with the modifiers that apply now."""
    actor = state.deck.actor(actor_id)
    return row_odds(state.deck, actor, sum(m.value for m in modifiers_for(state, actor_id)))


def _roll(s: GameState, a: Roll):
    deck = s.deck
    actor = deck.actor(a.actor)
    mods = tuple(modifiers_for(s, actor.id))
    dice = parse_dice(actor.dice or deck.deck.dice)
    rng = Rng(s.rng)
    faces, dice_total = dice.roll(rng)
    total = dice_total + sum(m.value for m in mods)
    rolled = s.rolled + 1
    before = evolve(s, rng=rng.state, rolled=rolled, phase="reactions" if rolled < len(deck.actors) else "tally",
                    last_roll=None)
    record = RollRecord(actor.id, tuple(faces), dice_total, mods, total, row_index(actor.reactions, total), before)
    s, changes = _resolve(record)
    label = actor.reactions[record.row].label
    return s, [Rolled(actor.id, str(dice), record.faces, dice_total, mods, total, record.row, label)] + changes


def _resolve(record: RollRecord):
    """The state once the roll's row has taken effect."""
    row = record.before.deck.actor(record.actor).reactions[record.row]
    s, changes = _effects(record.before, row.effects, "actor", record.actor)
    return evolve(s, last_roll=record), changes


def _close(s: GameState, a: CloseRound):
    s = evolve(s, history=s.history + (RoundRecord(s.round, s.event, s.offer, s.response, dict(s.tallies)),))
    happened: list[Happening] = [RoundClosed(s.round, dict(s.tallies))]
    if s.round >= s.rounds:
        # The loader guarantees a final ending without conditions, so one always matches.
        ending = next(e for e in s.deck.endings if e.final and holds(e.when, s))
        return evolve(s, phase="guess", ending=ending.id), happened + [EndingReached(ending.id, final=True)]
    s, dealt = _refill(s)
    if dealt:
        happened.append(HandDealt(s.offer_seat, dealt))
    return evolve(s, round=s.round + 1, phase="inject", event=None, offer=None, response=None, rolled=0), happened


def _refill(s: GameState):
    """Deal the offer seat's hand back to full, reshuffling the discards when the pile runs out."""
    rng = Rng(s.rng)
    hand, pile, discard, dealt = list(s.hand), s.pile, s.discard, []
    while len(hand) < s.deck.seat_by_role("offer").hand and (pile or discard):
        if not pile:
            pile, discard = rng.shuffled(discard), ()
        dealt.append(pile[0])
        hand.append(pile[0])
        pile = pile[1:]
    return evolve(s, hand=tuple(hand), pile=pile, discard=discard, rng=rng.state), tuple(dealt)


def _guess(s: GameState, a: Guess):
    deck = s.deck
    correct = a.motive == s.motive
    s = evolve(s, guess=a.motive, phase="over")
    happened: list[Happening] = [Guessed(a.seat, a.motive, s.motive, correct)]
    scores = {seat.id: 0 for seat in deck.seats}
    for rule in deck.scoring:
        if holds(rule.when, s):
            points = rule.points * (s.tallies[rule.per_tally] if rule.per_tally else 1)
            scores[rule.seat] += points
            happened.append(Scored(rule.seat, points, rule.reason))
    if correct and deck.deck.guess_points:
        scores[a.seat] += deck.deck.guess_points
        happened.append(Scored(a.seat, deck.deck.guess_points, "named the hidden motive"))
    return evolve(s, scores=scores), happened + [GameOver(s.ending, dict(scores))]


def _override(s: GameState, a: Override):
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
    new, _ = _resolve(evolve(r, total=total, row=row))
    changes = [TallyChanged(t, new.tallies[t] - s.tallies[t], s.tallies[t], new.tallies[t], "override", "", a.reason)
               for t in s.tallies if new.tallies[t] != s.tallies[t]]
    return new, [Overridden(r.actor, r.total, r.row, total, row, rows[row].label, a.reason)] + changes


def _adjust(s: GameState, a: Adjust):
    if s.phase == "over":
        raise IllegalAction("the game is over: tallies can no longer be adjusted")
    if a.tally not in s.tallies:
        raise IllegalAction(f"expected a tally id ({', '.join(s.tallies)}), found {a.tally!r}")
    if a.delta == 0:
        raise IllegalAction("expected a non-zero change for the adjustment")
    _need_reason(a.reason, "an adjustment")
    return _effects(s, {a.tally: a.delta}, "adjust", "", a.reason)


def _note(s: GameState, a: Note):
    _need_reason(a.text, "a note")
    return s, [Noted(a.text)]


def _need_reason(text: str, what: str) -> None:
    if not text.strip():
        raise IllegalAction(f"expected some words for {what}, found none")


_STEPS = {Draw: _draw, Play: _play, Pass: _pass, Roll: _roll, CloseRound: _close, Guess: _guess}
_FACILITATOR = {Override: _override, Adjust: _adjust, Note: _note}
