"""What one seat may know, in words for its eyes only: the hand-off's secret, the motive slip and the private view
(`tabletop private`). A reader may also be the team playing a regional actor (an actor's id): it knows what the room
knows, and its actor's secret objectives.

Everything here is read from the seat's own view (`tabletop.engine.views.view` with the seat) and from the
engine's words for that seat (`tabletop.engine.decisions.menu` with the seat, `describe` with the view's
`Knows`); the room's view (the tallies hidden from the room) only says which of the seat's knowledge is secret.
Nothing here reads another seat's secret. Deck text comes out `visible`.
"""

from __future__ import annotations

from attrs import frozen

from ..deck.model import Card, Condition, Deck, Motive, Objective
from ..engine.compiled import compiled
from ..engine.decisions import menu
from ..engine.game import Game
from ..engine.rules import to_move
from ..engine.scoring import MotiveRule, motive_scoring
from ..engine.state import TABLE, GameState
from ..engine.views import SeatView, stance_odds, view
from ..engine.words import condition_words
from ..outputs import SLIP_MARK
from ..records import Record
from ..safetext import visible
from .text import HIDDEN_VALUE, and_list, describe, price, who_rolls

PHASES = {
    "inject": "the event draw", "offer": "the offer", "response": "the response", "reactions": "the reactions",
    "tally": "the close of the round", "guess": "the motive guess", "over": "game over",
}

#: The last lines of the log the private view shows.
LOG_LINES = 14


def rule_words(deck: Deck, r: MotiveRule) -> str:
    """A scoring rule in a line: ``+3 if the game ended as Breakout: <reason>``; ``+1 for each point Program rose
    since the start (-1 for each point it fell)``. Scoring is read at the end, when every tally is known."""
    rule = r.rule
    return _points_words(deck, rule.points, rule.per_tally, rule.from_start, r.when, rule.reason)


def objective_words(deck: Deck, ob: Objective) -> str:
    """An actor's objective in a line, as a scoring rule is said (`rule_words`), marked when it is secret."""
    return _points_words(deck, ob.points, ob.per_tally, ob.from_start, ob.when, ob.reason) + (
        " (secret objective)" if ob.secret else "")


def _points_words(deck: Deck, points: int, per_tally: str | None, from_start: bool, when: Condition,
                  reason: str) -> str:
    if per_tally is not None:
        label = deck.tally(per_tally).label
        amount = (f"{points:+d} for each point {label} rose since the start ({-points:+d} for each point "
                  f"it fell)" if from_start else f"{points:+d} for each point of {label} at the end")
    else:
        amount = f"{points:+d}"
    said = condition_words(deck, when)
    return visible(amount + (f" if {said}" if said else " at the end" if per_tally is None else "")
                   + (f": {reason}" if reason else ""))


def scoring_lines(deck: Deck, seat: str, motive: str) -> list[str]:
    """How ``seat`` scores when the hidden motive is ``motive``: the rules that read this motive first, then those
    that score whatever the motive (each marked as such), in words and numbers; [] if the deck gives none."""
    rules = motive_scoring(deck, seat, motive)
    return [rule_words(deck, r) + ("" if r.only_this_motive else " (whatever the motive)") for r in rules]


@frozen(repr=False, eq=False)
class Secret(Record):
    """What one seat knows that the room may not: its hidden motive (with how it scores) and the tallies hidden from
    the room that it knows, each in a line with its value and history. For the team playing a regional actor
    (``seat`` the actor's id): its actor's secret objectives, each in a line (`objective_words`)."""

    seat: str
    seat_label: str  # `visible`, like every line here
    motive: Motive | None  # the deck's card, as written: `motive_lines` says it in visible lines
    scoring: tuple[str, ...]
    tallies: tuple[str, ...]
    objectives: tuple[str, ...] = ()  # an actor's team: its secret objectives, in words

    @property
    def empty(self) -> bool:
        return self.motive is None and not self.tallies and not self.objectives


def secret_of(seen: SeatView) -> Secret:
    """The secret of the seat (or the actor's team) whose view ``seen`` is (never the room's). After the game, the
    motive is the one the debrief revealed to all."""
    deck = seen.deck
    if seen.actor is not None:  # a team playing a regional actor: its secret objectives, nothing else
        actor = deck.actor(seen.actor)
        secret = tuple(objective_words(deck, ob) for ob in seen.objectives(actor.id) if ob.secret)
        return Secret(actor.id, visible(actor.label), None, (), (), secret)
    assert seen.seat is not None, "a seat's secret is read from its own view"
    label = visible(next(s.label for s in deck.seats if s.id == seen.seat))
    motive = deck.motive(seen.motive) if seen.motive is not None and seen.seat == _respond(deck) else None
    scoring = tuple(scoring_lines(deck, seen.seat, motive.id)) if motive is not None else ()
    room = compiled(deck).secret[None] if seen.phase != "over" else frozenset()
    lines = []
    for t in deck.tallies:
        if t.id in room and t.id in seen.tallies:
            others = and_list([s.label for s in deck.seats if s.id in t.hidden_from])
            closed = [str(r.tallies[t.id]) for r in seen.history if t.id in r.tallies]
            lines.append(visible(f"{t.label}: {seen.tallies[t.id]}/{t.max} now; {t.start} at the start"
                                 + (f"; at the close of each round: {', '.join(closed)}" if closed else "")
                                 + f" (hidden from {others})"))
    return Secret(seen.seat, label, motive, scoring, tuple(lines))


def _respond(deck: Deck) -> str:
    return deck.seat_by_role("respond").id


def motive_lines(secret: Secret) -> list[str]:
    """The motive card in lines: its name, what it means, its source and how it scores ([] without a motive)."""
    m = secret.motive
    if m is None:
        return []
    lines = [visible(m.label.upper()), "", *visible(m.text.strip()).split("\n")]
    if m.source is not None:
        lines += ["", visible(f"Source: {m.source.passage}")]
    lines += ["", "How this motive scores at the end:"]
    lines += [f"• {line}" for line in secret.scoring] or ["• the deck gives this motive no points of its own"]
    return lines


def slip_text(secret: Secret, title: str, *, seed: int, round_: int, rounds: int) -> str:
    """A seat's secret as a plain-text slip to print and hand over: no control character, no other seat's secret."""
    lines = [SLIP_MARK, "", visible(f"{title}: for {secret.seat_label} only"),
             f"Seed {seed}; written in round {round_} of {rounds}.", "Keep it face down; it is revealed at the debrief.", ""]
    if secret.motive is not None:
        lines += ["YOUR HIDDEN MOTIVE", "", *motive_lines(secret), ""]
    if secret.objectives:
        lines += ["YOUR SECRET OBJECTIVES (points at the end; the room learns them at the debrief)", ""]
        lines += [f"• {line}" for line in secret.objectives] + [""]
    if secret.tallies:
        lines += ["WHAT ONLY YOU KNOW (a tally hidden from the other side)", ""]
        lines += [f"• {line}" for line in secret.tallies] + [""]
        lines.append("These numbers change as the game goes on: the private view (tabletop private) follows them.")
        lines.append("")
    if secret.empty:
        lines += ["Nothing is secret to this seat now.", ""]
    return "\n".join(lines)


@frozen(repr=False, eq=False)
class Private(Record):
    """The private view of one seat, in lines: built from its view of one state of a game."""

    title: str
    seat: str
    seat_label: str
    status: str
    secret: Secret
    table: tuple[str, ...]
    cards_title: str
    cards: tuple[str, ...]
    log: tuple[str, ...]
    over: bool


def private_picture(game: Game, seat: str) -> Private:
    """What ``seat`` may know of ``game`` now, in words: its secret, the public table, its cards with their prices and
    the end of the log, as its own view says them."""
    state = game.state
    deck = game.deck
    seen = view(state, seat)
    secret = secret_of(seen)
    played_by = state.actors.get(seat)
    unplayed = seen.actor is not None and (played_by is None or played_by.kind != "team")
    if unplayed:  # no team plays this actor in this game: nobody here is to hold its secret
        secret = Secret(secret.seat, secret.seat_label, None, (), ())
    mover = to_move(seen)
    who = ("" if mover is None else " · the table's step" if mover == TABLE else
           " · your move" if mover == seat else f" · {_label(deck, mover)} to move")
    words = f"Reactions: {who_rolls(deck)}" if seen.phase == "reactions" else PHASES[seen.phase]
    status = visible(f"Round {seen.round} of {seen.rounds} · {words}{who}"
                     + (f" · no team plays {secret.seat_label} in this game: "
                        f"{'the dice play' if played_by is None or played_by.kind == 'dice' else 'the bot plays'} it"
                        if unplayed else ""))
    table = [visible(f"{t.label}: {seen.tallies[t.id]}/{t.max}"
                     + (" (hidden from the room: yours only)" if t.id not in seen_room(deck, seen) else "")
                     if t.id in seen.tallies else f"{t.label}: {HIDDEN_VALUE}") for t in deck.tallies]
    if seen.events:
        table.append(visible("Events this round: " + "; ".join(deck.event(e).title for e in seen.events)))
    if seen.offer is not None:
        table.append(visible(f"Offer: {deck.option(seen.offer).title}"))
    if seen.response is not None:
        table.append(visible(f"Response: {deck.response(seen.response).title}"))
    if seen.ending is not None:
        scores = ("; scores: " + ", ".join(f"{s.label} {seen.scores[s.id]}" for s in deck.seats)
                  if seen.phase == "over" else "; the motive guess comes next")
        table.append(visible(f"Ending: {deck.ending(seen.ending).label}{scores}"))
    cards_title, cards = (_actor_cards(seen, seat, mover, not unplayed) if seen.actor is not None
                          else _cards(state, seen, seat, mover))
    log: list[str] = []
    for _, happened in game.story()[-LOG_LINES * 2:]:
        log.extend(describe(deck, happened, knows=seen.knows))
    log = [line for line in log if line.strip()][-LOG_LINES:]
    return Private(visible(deck.deck.title), seat, _label(deck, seat), status, secret, tuple(table), cards_title,
                   tuple(cards), tuple(log), seen.phase == "over")


def seen_room(deck: Deck, seen: SeatView) -> frozenset[str]:
    """The tallies the room knows now (all of them once the game is over)."""
    hidden = compiled(deck).secret[None] if seen.phase != "over" else frozenset()
    return frozenset(t.id for t in deck.tallies if t.id not in hidden)


def _cards(state: GameState, seen: SeatView, seat: str, mover: str | None) -> tuple[str, list[str]]:
    """The seat's cards: the hand of the offering seat, every response for the responding seat; with their prices
    now when it is the seat's choice (the engine's menu for this seat), else what each card does as printed."""
    deck = seen.deck
    offering = seat == deck.seat_by_role("offer").id
    if mover == seat and seen.phase in ("offer", "response"):
        out = []
        for item in menu(state, seat):
            copies = f" ×{item.copies}" if item.copies > 1 else ""
            what = price(deck, item) or "changes no tally"
            why = f" — cannot be played now: {item.why_not}" if not item.playable and item.why_not else ""
            out.append(visible(f"{item.title}{copies}: {what}{why}"))
        return ("Your hand: the price of each card now" if offering else "Your responses: the price of each now"), out
    if offering:
        counts = {c: seen.hand.count(c) for c in seen.hand}
        cards = [(deck.option(c), n) for c, n in counts.items()]
        title = "Your hand (prices when it is your move)"
    else:
        cards = [(r, 1) for r in deck.responses]
        title = "Your responses (prices when it is your move)"
    return title, [visible(f"{card.title}{f' ×{n}' if n > 1 else ''}: {_printed(deck, card, seen.hidden)}")
                   for card, n in cards]


def _actor_cards(seen: SeatView, actor_id: str, mover: str | None, team: bool) -> tuple[str, list[str]]:
    """An actor's stances (with the odds of each row under each when its team is to choose now) and the objectives
    its team may know (its secret ones only when a team plays it)."""
    deck = seen.deck
    actor = deck.actor(actor_id)
    out: list[str] = []
    if mover == actor_id and team:
        for stance, odds in stance_odds(seen, actor_id):
            rows = " · ".join(f"{row.label} {float(p) * 100:.0f}%" for row, p in odds.rows)
            out.append(visible(f"{stance.label} ({stance.value:+d}): {rows} — {stance.reason}"))
        title = "Your stances now, the odds under each"
    else:
        out += [visible(f"{st.label} ({st.value:+d}): {st.reason}") for st in actor.stances]
        title = "Your stances"
    shown = seen.objectives(actor_id) if team else tuple(ob for ob in actor.objectives if not ob.secret)
    if shown:
        out += ["", "Objectives (points at the end):"] + [f"• {objective_words(deck, ob)}" for ob in shown]
    return title + " and objectives" if shown else title, out


def _printed(deck: Deck, card: Card, hidden: frozenset[str]) -> str:
    """What a card does as the deck prints it (a hidden tally's change as ``?``), and whether more depends on the
    moment."""
    parts = [f"{deck.tally(t).label} {'?' if t in hidden else f'{d:+d}'}" for t, d in card.effects.items() if d]
    if card.extra_effects or card.scaled_effects:
        parts.append("more, depending on the tallies")
    if card.modifiers:
        parts.append("shifts rolls")
    return " · ".join(parts) or "changes no tally"


def _label(deck: Deck, seat: str) -> str:
    """A seat's label, or a regional actor's (the mover while its team takes a stance; the reader of an actor's
    view)."""
    return visible(next((s.label for s in deck.seats if s.id == seat), None) or deck.actor(seat).label)
