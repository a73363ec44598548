"""What one seat may know, in words for its eyes only: the hand-off's secret, the motive slip and the private view
(`tabletop private`).

Everything here is read from the seat's own view (`tabletop.engine.views.view` with the seat) and from the
engine's words for that seat (`tabletop.engine.decisions.menu` with the seat, `describe` with the view's
`Knows`); the room's view (the tallies hidden from the room) only says which of the seat's knowledge is secret.
Nothing here reads another seat's secret. Deck text comes out `visible`.
"""

from __future__ import annotations

from attrs import frozen

from ..deck.model import Card, Deck, Motive
from ..engine.compiled import compiled
from ..engine.decisions import menu
from ..engine.game import Game
from ..engine.rules import to_move
from ..engine.scoring import MotiveRule, motive_scoring
from ..engine.state import TABLE, GameState
from ..engine.views import SeatView, view
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
    if rule.per_tally is not None:
        label = deck.tally(rule.per_tally).label
        amount = (f"{rule.points:+d} for each point {label} rose since the start ({-rule.points:+d} for each point "
                  f"it fell)" if rule.from_start else f"{rule.points:+d} for each point of {label} at the end")
    else:
        amount = f"{rule.points:+d}"
    when = condition_words(deck, r.when)
    return visible(amount + (f" if {when}" if when else " at the end" if rule.per_tally is None else "")
                   + (f": {rule.reason}" if rule.reason else ""))


def scoring_lines(deck: Deck, seat: str, motive: str) -> list[str]:
    """How ``seat`` scores when the hidden motive is ``motive``: the rules that read this motive first, then those
    that score whatever the motive (each marked as such), in words and numbers; [] if the deck gives none."""
    rules = motive_scoring(deck, seat, motive)
    return [rule_words(deck, r) + ("" if r.only_this_motive else " (whatever the motive)") for r in rules]


@frozen(repr=False, eq=False)
class Secret(Record):
    """What one seat knows that the room may not: its hidden motive (with how it scores) and the tallies hidden from
    the room that it knows, each in a line with its value and history."""

    seat: str
    seat_label: str  # `visible`, like every line here
    motive: Motive | None  # the deck's card, as written: `motive_lines` says it in visible lines
    scoring: tuple[str, ...]
    tallies: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return self.motive is None and not self.tallies


def secret_of(seen: SeatView) -> Secret:
    """The secret of the seat whose view ``seen`` is (a seat's view, never the room's). After the game, the motive
    is the one the debrief revealed to all."""
    deck = seen.deck
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
    mover = to_move(seen)
    who = ("" if mover is None else " · the table's step" if mover == TABLE else
           " · your move" if mover == seat else f" · {_label(deck, mover)} to move")
    words = f"Reactions: {who_rolls(deck)}" if seen.phase == "reactions" else PHASES[seen.phase]
    status = visible(f"Round {seen.round} of {seen.rounds} · {words}{who}")
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
    cards_title, cards = _cards(state, seen, seat, mover)
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
    return visible(next(s.label for s in deck.seats if s.id == seat))
