"""Plain-text lines for happenings: the round-by-round log of the command line.

A `TallyChanged` is written on the line of the happening that caused it
(``... — Trust +1 (3→4), Arms -1 (2→1)``); adjustments get their own line.
Deck and save text comes out `visible`: no control character reaches a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..deck.model import Deck, tallies_read
from ..engine import happenings as h
from ..engine.actions import (
    Action,
    Adjust,
    CloseRound,
    Draw,
    Guess,
    Inject,
    Note,
    Override,
    Pass,
    Play,
    Roll,
    TakeStance,
)
from ..engine.decisions import MenuItem
from ..engine.state import GameState
from ..engine.views import EVERYTHING, Knows, RollOdds, knowing, shown_rolled, view
from ..engine.words import HIDDEN_REASON
from ..safetext import visible


def describe(deck: Deck, happened: list[h.Happening], *, reveal: bool = False, knows: Knows | None = None,
             said: dict[str, str] | None = None) -> list[str]:
    """The log lines for ``happened``: one per beat (`tabletop.engine.happenings.beats`), its effects on its line.

    The lines say only what their reader may know: ``knows`` (a seat's, `tabletop.engine.views.SeatView.knows`),
    else everything with ``reveal`` (once the game is over), else what the room at a shared screen may know. A
    modifier whose condition reads what the reader may not know (the hidden motive, a hidden tally) shows
    `tabletop.engine.views.HIDDEN_REASON` for its reason; a change to a hidden tally is left out (its number, or
    even that it moved, would tell its value), and a round's tallies show it as hidden.

    With ``said`` (a dict kept by the caller across calls, for a round-by-round timeline), a modifier reason already
    given in the round is not repeated: ``+1 (as for The League)`` names the roll whose line gave it; a new round
    (`RoundStarted`) empties it.
    """
    k = knows if knows is not None else EVERYTHING if reveal else knowing(deck, None)
    lines: list[str] = []
    for beat in h.beats(happened):
        if said is not None and isinstance(beat.happening, h.RoundStarted):
            said.clear()
        line = _line(deck, beat.happening, k, said)
        if line is not None:
            lines.extend(visible(line).split("\n"))
        changes = [x for x in beat.changes if x.tally not in k.hidden]
        if changes and lines:
            lines[-1] += " — " + ", ".join(change(deck, x, k.hidden) for x in changes)
    return lines


def change(deck: Deck, x: h.TallyChanged, hidden: frozenset[str] = frozenset()) -> str:
    """``Trust +1 (3→4)``; a change cut short by the tally's bounds says so. The reason of a change that comes of
    reading one of the ``hidden`` tallies (an extra effect's condition, a scaled effect's ``per``, a drift's
    condition) is `tabletop.engine.words.HIDDEN_REASON`."""
    capped = "" if x.after - x.before == x.delta else ", at its limit"
    # a clock's or an extra effect's reason (an adjustment's and an override's are on their own line)
    reason = HIDDEN_REASON if hidden and x.reason and reads_hidden(deck, x, hidden) else x.reason
    why = f": {reason}" if x.source not in ("adjust", "override") and reason else ""
    return visible(f"{deck.tally(x.tally).label} {x.delta:+d} ({x.before}→{x.after}{capped}){why}")


def reads_hidden(deck: Deck, x: h.TallyChanged, hidden: frozenset[str]) -> bool:
    """Whether the change came of reading one of the ``hidden`` tallies: the card's or event's extra effect (or
    scaled effect) that gave its reason, or the drift's condition."""
    if x.source == "drift":
        return not hidden.isdisjoint(tallies_read(deck.tally(x.source_id).drift_when))
    parts = {"event": deck.by_id["events"], "offer": deck.by_id["options"], "response": deck.by_id["responses"]}
    part = parts.get(x.source, {}).get(x.source_id)
    if part is None:
        return False
    return any(extra.reason == x.reason and not hidden.isdisjoint(tallies_read(extra.when))
               for extra in part.extra_effects) or any(
        scaled.reason == x.reason and scaled.per in hidden for scaled in part.scaled_effects)


#: How a tally the reader may not know is written in place of its value.
HIDDEN_VALUE = "? (hidden)"


def tallies_line(deck: Deck, tallies: dict[str, int], hidden: frozenset[str] = frozenset()) -> str:
    """``Trust 3/10, Arms ? (hidden)``: each tally's value, the ``hidden`` ones (or those missing from a seat's view's
    ``tallies``) as hidden."""
    return visible(", ".join(f"{t.label} {tallies[t.id]}/{t.max}" if t.id in tallies and t.id not in hidden
                             else f"{t.label} {HIDDEN_VALUE}" for t in deck.tallies))


def _seat(deck: Deck, seat_id: str) -> str:
    return next(s.label for s in deck.seats if s.id == seat_id)


def folded_reason(said: dict[str, str] | None, reason: str, who: str) -> str:
    """A modifier's reason in a round's timeline: the reason the first time in the round (remembered in ``said``
    as given by ``who``), then ``as for WHO``; always the reason without ``said``."""
    if said is None:
        return reason
    first = said.setdefault(reason, who)
    return reason if first == who else f"as for {first}"


def _line(deck: Deck, x: h.Happening, knows: Knows, said: dict[str, str] | None = None) -> str | None:
    match x:
        case h.RoundStarted():
            return f"\n== Round {x.round} of {x.rounds} =="
        case h.EventDrawn(event=None, quiet=True):
            return "Event: none (a quiet round)"
        case h.EventDrawn(event=None):
            return "Event: none (no event can be drawn)"
        case h.EventDrawn(event=str(event), injected=str(reason)) if reason:
            return f"Event, drawn by the facilitator ({reason}): {deck.event(event).title}"
        case h.EventDrawn(event=str(event)):
            return f"Event: {deck.event(event).title}"
        case h.CardPlayed(role="offer"):
            return f"{_seat(deck, x.seat)} offers: {deck.option(x.card).title}"
        case h.CardPlayed():
            return f"{_seat(deck, x.seat)} responds: {deck.response(x.card).title}"
        case h.Passed():
            return f"{_seat(deck, x.seat)} passes (no playable card)"
        case h.Rolled():
            faces = "+".join(map(str, x.faces))
            bonus = x.dice_total - sum(x.faces)
            who = deck.actor(x.actor).label
            mods = "".join(f", {m.value:+d} ({folded_reason(said, m.reason, who)})"
                           for m in shown_rolled(x, knows).modifiers)
            return (f"{deck.actor(x.actor).label} rolls {x.dice}: {faces}{f'{bonus:+d}' if bonus else ''} = {x.dice_total}"
                    f"{mods} → {x.total}: {x.label}")
        case h.StanceTaken():
            who = "its team" if x.by == "team" else "the bot"
            return f"{deck.actor(x.actor).label} takes a stance ({who}): {x.label}, {x.value:+d} ({x.reason})"
        case h.ObjectiveScored():  # scored once the game is over, when a secret objective is told to all
            return f"  {deck.actor(x.actor).label} {x.points:+d}: {x.reason}{' (secret objective)' if x.secret else ''}"
        case h.Overridden():
            return overridden_words(deck, x)
        case h.TallyChanged() if x.tally in knows.hidden:
            return f"Facilitator adjusts {deck.tally(x.tally).label} {HIDDEN_VALUE}: {x.reason}"
        case h.TallyChanged():
            return f"Facilitator adjusts {change(deck, x)}: {x.reason}"
        case h.RoundClosed():
            return f"Tallies after round {x.round}: {tallies_line(deck, x.tallies, knows.hidden)}"
        case h.SatOut():
            return f"{deck.actor(x.actor).label} does not roll this round"
        case h.CardsRetired():
            titles = ", ".join(counted(x.cards, lambda i: deck.option(i).title))
            return f"Leave the game (played as often as they may be, or past their last round): {titles}"
        case h.EndingReached():
            ending = deck.ending(x.ending)
            return f"\nEnding: {ending.label} — {ending.text}"
        case h.Guessed():
            actual = deck.motive(x.actual)
            spread = (" (" + ", ".join(f"{deck.motive(m).label} {n}%" for m, n in x.spread) + ")") if x.spread else ""
            return (f"{_seat(deck, x.seat)} guesses the hidden motive: {deck.motive(x.motive).label}{spread}\n"
                    f"The hidden motive was {actual.label} — {actual.text} The guess is {'right' if x.correct else 'wrong'}.")
        case h.Scored():
            return f"  {_seat(deck, x.seat)} {x.points:+d}: {x.reason}"
        case h.GameOver():
            return "Final scores: " + ", ".join(f"{_seat(deck, seat)} {points}" for seat, points in x.scores.items())
        case h.Noted():
            return f"Note: {x.text}"
        case h.Undone():
            return f"Facilitator undoes {x.n} action{'s' if x.n != 1 else ''}{f': {x.reason}' if x.reason else ''}"
        case h.Redone():
            return (f"Facilitator redoes the last undo: {x.n} action{'s' if x.n != 1 else ''} put back"
                    f"{f': {x.reason}' if x.reason else ''}")
        case h.NotReplayed():
            return f"Not made again after the override: {action_words(deck, x.action)} — {x.reason}"
    return None  # HandDealt: the hand is shown when the seat chooses; Replayed: what the step did follows


def overridden_words(deck: Deck, x: h.Overridden) -> str:
    """What an override did, in a line: ``The League's roll overridden: 5 Alarmed → 9–12 Reassured,
    because the dice fell off the table`` (the new total when it changed, else the span of the row chosen)."""
    actor = deck.actor(x.actor)
    old = actor.reactions[x.old_row].label
    row = actor.reactions[x.row]
    span = f"{row.min}" if row.min == row.max else f"{row.min}–{row.max}"
    new = f"{x.total} {x.label}" if x.total != x.old_total else f"{span} {x.label}"
    because = f", because {x.reason}" if x.reason.strip() else ""
    return f"{actor.label}'s roll overridden: {x.old_total} {old} → {new}{because}"


def steps_words(deck: Deck, actions: Sequence[Action]) -> str:
    """What a run of steps is, in words, for an undo or a redo: ``both seats' moves, 4 rolls and the close of the
    round`` (each kind once, counted; a seat's moves named by its label)."""
    seats = [s for s in deck.seats if any(isinstance(a, (Play, Pass)) and a.seat == s.id for a in actions)]
    parts: list[str] = []
    if seats and len(seats) == len(deck.seats) > 1:
        parts.append("both seats' moves" if len(seats) == 2 else "every seat's moves")
    for s in seats if len(seats) != len(deck.seats) or len(deck.seats) == 1 else ():
        n = sum(isinstance(a, (Play, Pass)) and a.seat == s.id for a in actions)
        move = "offer" if s.role == "offer" else "response"
        parts.append(f"{s.label}'s {move if n == 1 else f'{n} {move}s'}")
    kinds: tuple[tuple[type[Action], str, str], ...] = ((Draw, "the event draw", "event draws"), (Roll, "a roll", "rolls"),
             (CloseRound, "the close of a round", "closes of rounds"), (Guess, "the guess", "guesses"),
             (Override, "an override", "overrides"), (Adjust, "a tally adjustment", "tally adjustments"),
             (Inject, "an event drawn by name", "events drawn by name"), (Note, "a note", "notes"))
    for kind, one, many in kinds:
        n = sum(isinstance(a, kind) for a in actions)
        if n:
            if kind is Roll and n == 1:
                roll = next(a for a in actions if isinstance(a, Roll))
                parts.append(f"{deck.actor(roll.actor).label}'s roll")
            else:
                parts.append(one if n == 1 else f"{n} {many}")
    return visible(and_list(parts)) if parts else "nothing"


def undo_words(deck: Deck, actions: Sequence[Action]) -> str:
    """``Undo 6 steps: takes back both seats' moves, 3 rolls and the event draw`` (``actions``: those it takes
    back)."""
    n = len(actions)
    return f"Undo {n} step{'s' if n != 1 else ''}: takes back {steps_words(deck, actions)}"


def redo_words(deck: Deck, actions: Sequence[Action]) -> str:
    """``Redo 6 steps: puts back ...`` (``actions``: what the last undo took back, which a redo puts back)."""
    n = len(actions)
    return f"Redo {n} step{'s' if n != 1 else ''}: puts back {steps_words(deck, actions)}"


def counted(ids: tuple[str, ...], name: Callable[[str], str]) -> list[str]:
    """Each id once, in order, named, with ``×N`` when it comes N times (``Send aid ×2``)."""
    return [name(i) + (f" ×{ids.count(i)}" if ids.count(i) > 1 else "") for i in dict.fromkeys(ids)]


def price(deck: Deck, item: MenuItem) -> str:
    """What a card does if played now, in a line: ``Trust +1 · Arms -2 · rolls: The League +1 (if Arms at least
    3)``, or "" for a card that changes nothing. A roll modifier whose condition reads the hidden motive says "a
    hidden condition" (`tabletop.engine.decisions.Shift`)."""
    parts = [e.words for e in item.effects]
    shifts: dict[tuple[int, str], list[str]] = {}
    for shift in item.shifts:
        shifts.setdefault((shift.value, shift.condition), []).append(deck.actor(shift.actor).label)
    everyone = len(deck.actors)
    rolls = []
    for (value, condition), actors in shifts.items():
        who = "every roll" if len(actors) == everyone and everyone > 1 else ", ".join(actors)
        rolls.append(f"{who} {value:+d}" + (f" (if {condition})" if condition else ""))
    if rolls:
        parts.append("rolls: " + "; ".join(rolls))
    return visible(" · ".join(parts))


#: Where a modifier on a roll comes from, in a word.
MODIFIER_SOURCES = {"actor": "standing", "event": "event", "offer": "offer", "response": "response", "stance": "stance"}


def odds_lines(deck: Deck, odds: RollOdds) -> list[str]:
    """The odds of a roll before the dice fall, as the engine gives them (`tabletop.engine.views.roll_odds`, as
    the reader may know them): the dice and the modifiers' sum, each row's chance, then each modifier and why, and
    those that may apply or not depending on what the reader may not know."""
    total = odds.total
    lines = [f"Next: {deck.actor(odds.actor).label} rolls {odds.dice}{f' {total:+d}' if total else ''}. The odds:"]
    for row, p in odds.rows:
        span = f"{row.min}" if row.min == row.max else f"{row.min}–{row.max}"
        fraction = f"{p.numerator}/{p.denominator}" if p.denominator != 1 else str(p.numerator)
        lines.append(f"  {span:>7}  {float(p) * 100:3.0f}% ({fraction})  {row.label}")
    for title, modifiers in (("Modifiers", odds.modifiers), ("May also apply (not counted in the odds)", odds.possible)):
        if modifiers:
            lines.append(f"  {title}:")
            lines += [f"    {m.value:+d} {m.reason} ({MODIFIER_SOURCES[m.source]})" for m in modifiers]
    return [" ".join(visible(line).split("\n")) for line in lines]


#: What the price of a card that changes no tally and shifts no roll says.
NO_PRICE = "no tally changes, no roll shifted"


def heading(item: MenuItem) -> str:
    """A card's title with how many of it the hand holds: ``Send aid ×2``."""
    return visible(item.title + (f" ×{item.copies}" if item.copies > 1 else ""))


def card_facts(deck: Deck, item: MenuItem) -> list[tuple[str, str]]:
    """What a card costs and when, as (label, words), the same in the hand, the palette, the detail view and the
    plain-text prompts: ``("If played", price)``, ``("Conditions", ...)`` when it has any, and
    ``("Cannot be played now", why)`` when it cannot be played now."""
    out = [("If played", price(deck, item) or NO_PRICE)]
    if item.conditions:
        out.append(("Conditions", visible("; ".join(item.conditions))))
    if not item.playable:
        out.append((CANNOT, visible(item.why_not or "not allowed in this phase")))
    return out


#: The label of why a card cannot be played now.
CANNOT = "Cannot be played now"


def card_line(deck: Deck, item: MenuItem) -> str:
    """A card's price, conditions and why it cannot be played now, in one line (the palette, the prompts)."""
    return visible(". ".join(f"{label}: {words}" for label, words in card_facts(deck, item)) + ".")


def action_words(deck: Deck, action: Action) -> str:
    """An action in a few words, e.g. ``The League's roll`` or ``The port city plays Send aid``."""
    match action:
        case Draw():
            return "the event draw"
        case Play():
            seat = next(s for s in deck.seats if s.id == action.seat)
            card = deck.option(action.card) if seat.role == "offer" else deck.response(action.card)
            return f"{seat.label} plays {card.title}"
        case Pass():
            return f"{_seat(deck, action.seat)} passes"
        case Roll():
            return f"{deck.actor(action.actor).label}'s roll"
        case TakeStance():
            return f"{deck.actor(action.actor).label}'s stance"
        case CloseRound():
            return "the close of the round"
        case Guess():
            return f"{_seat(deck, action.seat)}'s guess"
        case Override(actor=None):
            return "the override of the roll"
        case Override(actor=str(actor)):
            return f"the override of {deck.actor(actor).label}'s roll"
        case Adjust():
            return f"the adjustment of {deck.tally(action.tally).label} by {action.delta:+d}"
        case Note():
            return f"the note “{action.text}”"
        case Inject():
            return f"the facilitator's draw of {deck.event(action.event).title}"
    return action.TYPE



def and_list(words: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


#: The longest list of actor labels the status line names; beyond it, it says "the regional actors".
SHORT_ACTORS = 32


def who_rolls(deck: Deck) -> str:
    """The deck's actors as the subject of "roll(s)": their labels when short, else a phrase true of any deck."""
    labels = and_list([a.label for a in deck.actors])
    if len(labels) > SHORT_ACTORS or "\n" in labels:
        return "the regional actors roll"
    return f"{labels} {'rolls' if len(deck.actors) == 1 else 'roll'}"


def rolls_by_dice(deck: Deck) -> list[tuple[str, str]]:
    """(who, dice) for each of the dice the actors roll, in deck order: "each of A and B rolls", "2d6"."""
    groups: dict[str, list[str]] = {}
    for a in deck.actors:
        groups.setdefault(a.dice or deck.deck.dice, []).append(a.label)
    return [(f"each of {and_list(labels)} rolls" if len(labels) > 1 else f"{labels[0]} rolls", dice)
            for dice, labels in groups.items()]


def secret_lines(state: GameState, seat: str) -> list[str]:
    """What ``seat`` may know that the room may not, in lines for its eyes only: its hidden motive, and each tally
    hidden from the other seats that it knows, with its value and its history (``[]``: nothing)."""
    deck = state.deck
    seen = view(state, seat)
    room = view(state, None)
    lines = []
    if seen.motive is not None and room.motive is None:
        from .private import scoring_lines  # (it reads this module's words)

        motive = deck.motive(seen.motive)
        lines.append(f"Hidden motive: {motive.label} — {motive.text}")
        lines += [f"  scores: {line}" for line in scoring_lines(deck, seat, motive.id)]
    for t in deck.tallies:
        if t.id in room.hidden and t.id in seen.tallies:
            others = and_list([_seat(deck, s) for s in t.hidden_from])
            closed = [str(r.tallies[t.id]) for r in seen.history]
            lines.append(f"{t.label}: {seen.tallies[t.id]}/{t.max} now; {t.start} at the start"
                         + (f"; at the close of each round: {', '.join(closed)}" if closed else "")
                         + f" (hidden from {others})")
    return [visible(line) for line in lines]

