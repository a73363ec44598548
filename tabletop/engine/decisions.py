"""What the interface asks the engine: who must decide now, and the menu for that decision.

`decide(state)` answers once per state: whether a person must choose, or the
table or a bot makes the next step (and which: the bot's whole choice is made
here, once); and the menu of that decision, every choice with what it does in
numbers and words: its effects on the tallies, which actors' rolls it shifts and
by how much, and why it cannot be chosen now. The table screen, the command
palette and the plain-text prompts all read it; none of them applies a rule.

A menu is shown to the whole room, so it says only what the room may know
(`tabletop.engine.views`; ``menu(state, seat)`` says what one seat may know): a
modifier whose condition reads the hidden motive or a hidden tally is shown with
`HIDDEN_REASON` in place of its reason, and so is such a condition; a change to a
hidden tally, or one whose amount depends on it, says ``?`` instead of its number.
"""

from __future__ import annotations

from typing import Final, Literal

from attrs import frozen

from ..deck.model import Card, reads_motive, tallies_read
from ..records import Record
from ..safetext import visible
from .actions import Action, Guess, Pass, Play, TakeStance
from .compiled import card_limit
from .conditions import holds
from .rules import effects_now, legal_actions, stance_due, table_step, to_move
from .state import TABLE, GameState
from .views import Knows, knowing
from .words import HIDDEN_REASON, condition_words

PERSON: Final = "person"
BOT: Final = "bot"


@frozen(repr=False, eq=False)
class Effect(Record):
    """A card's change to one tally, and what the tally would become if the card were played now."""

    tally: str
    delta: int
    before: int  # the tally now
    after: int  # now plus delta, within the tally's bounds
    words: str  # e.g. "Trust +1"; "Readiness ? (hidden)" when hidden
    hidden: bool = False  # the tally, or what its change depends on, is hidden from the reader: delta, before, after 0


@frozen(repr=False, eq=False)
class Shift(Record):
    """A card's modifier on one actor's roll this round, if its condition holds when the actor rolls."""

    actor: str
    value: int
    reason: str  # the deck's reason, or HIDDEN_REASON when its condition reads the hidden motive
    condition: str  # the condition in words ("" when it always applies); read at the roll
    secret: bool  # the condition reads what the reader may not know: the hidden motive or a hidden tally


@frozen(repr=False, eq=False)
class MenuItem(Record):
    """One choice of a decision: a card (playable now or not), passing, or a motive to name."""

    key: str  # stable within the menu: "play:CARD", "pass", "guess:MOTIVE" or "stance:STANCE"
    kind: Literal["play", "pass", "guess", "stance"]
    action: Action | None  # what choosing it does; None when it cannot be chosen now
    card: str | None  # the option or response card's id, the motive's for a guess, the stance's; None to pass
    title: str  # deck text (shown plain by whoever shows it)
    text: str
    copies: int = 1  # of this card in the hand (option cards)
    why_not: str = ""  # why it cannot be chosen now, in words; "" when it can
    effects: tuple[Effect, ...] = ()
    shifts: tuple[Shift, ...] = ()
    conditions: tuple[str, ...] = ()  # when it may be played and when its extra effects apply, in words


    @property
    def playable(self) -> bool:
        return self.action is not None


@frozen(repr=False, eq=False)
class Decision(Record):
    """Who makes the next move of a game and how: a person choosing from ``menu``, or an automatic ``action``."""

    phase: str
    mover: str | None  # the seat id, "table", or None once the game is over
    by: Literal["person", "bot", "table"] | None  # None once the game is over
    menu: tuple[MenuItem, ...] = ()  # a seat's choices (for a bot too: what it chose among); empty for the table
    action: Action | None = None  # the table's step or the bot's move; None when a person must choose

    @property
    def person(self) -> bool:
        """A person at the screen must choose (from the playable items of ``menu``)."""
        return self.by == PERSON

    @property
    def choices(self) -> tuple[MenuItem, ...]:
        """The items that can be chosen now, in menu order: one per legal action."""
        return tuple(item for item in self.menu if item.playable)


def decide(state: GameState) -> Decision:
    """Who must decide now, with the menu and (for the table or a bot) the step it makes."""
    mover = to_move(state)
    if mover is None:
        return Decision(state.phase, None, None)
    if mover == TABLE:
        return Decision(state.phase, TABLE, TABLE, action=table_step(state))  # its one step, as `bot_action` gives it
    if state.actors and stance_due(state) == mover:  # a regional actor's stance, before its roll
        items = stance_menu(state, mover)
        if state.actors[mover].kind == "bot":
            return Decision(state.phase, mover, BOT, items, _bot_action(state, mover))
        return Decision(state.phase, mover, PERSON, items)
    items = menu(state)
    if state.seats[mover].kind == "bot":
        return Decision(state.phase, mover, BOT, items, _bot_action(state, mover))
    return Decision(state.phase, mover, PERSON, items)


def _bot_action(state: GameState, mover: str) -> Action:
    from .bots import bot_action  # here: a table whose first decision is a person's never loads the bots

    return bot_action(state, mover)


def stance_menu(state: GameState, actor_id: str) -> tuple[MenuItem, ...]:
    """The stances the team (or bot) playing ``actor_id`` may take now, each with its shift of the coming roll (the
    odds under each: `tabletop.engine.views.stance_odds`). Stances whose ``requires`` does not hold are listed too,
    with why not."""
    deck = state.deck
    allowed = {a.stance: a for a in legal_actions(state) if isinstance(a, TakeStance)}
    items = []
    for st in deck.actor(actor_id).stances:
        action = allowed.get(st.id)
        items.append(MenuItem(f"stance:{st.id}", "stance", action, st.id, st.label, st.text,
                              why_not="" if action is not None else condition_words(deck, st.requires),
                              shifts=(Shift(actor_id, st.value, st.reason, "", False),)))
    return tuple(items)


def menu(state: GameState, seat: str | None = None) -> tuple[MenuItem, ...]:
    """The seat's choices now: in the offer, each card in the hand; in the response, every response card (those that
    cannot be played with the reason); Pass when no card can be played; in the guess, every motive. In words that
    ``seat`` may read (None: the room at a shared screen, as `decide` asks)."""
    phase, deck = state.phase, state.deck
    knows = knowing(deck, seat)
    legal = legal_actions(state)
    if phase == "guess":
        return tuple(MenuItem(f"guess:{a.motive}", "guess", a, a.motive, deck.motive(a.motive).label,
                              deck.motive(a.motive).text) for a in legal if isinstance(a, Guess))
    if phase not in ("offer", "response"):
        return ()
    plays = {a.card: a for a in legal if isinstance(a, Play)}
    if phase == "offer":
        cards = [deck.option(i) for i in dict.fromkeys(state.hand)]
    else:
        cards = list(deck.responses)
    items = [_card_item(state, card, plays.get(card.id), knows) for card in cards]
    items += [MenuItem("pass", "pass", a, None, "Pass", "No card can be played now") for a in legal
              if isinstance(a, Pass)]
    return tuple(items)


def _card_item(state: GameState, card: Card, action: Action | None, knows: Knows) -> MenuItem:
    deck = state.deck
    effects = []
    total: dict[str, int] = {}
    for changes, _ in effects_now(state, card):  # its extra and scaled effects as they would come out now
        for tally_id, delta in changes.items():
            total[tally_id] = total.get(tally_id, 0) + delta
    # The tallies whose change the reader may not know: those hidden from it, and those whose change depends on one.
    unknown = set(knows.hidden)
    for extra in card.extra_effects:
        if not knows.hidden.isdisjoint(tallies_read(extra.when)):
            unknown.update(extra.effects)
    unknown.update(scaled.tally for scaled in card.scaled_effects if scaled.per in knows.hidden)
    touched = set(card.effects) | {t for extra in card.extra_effects for t in extra.effects} | {
        scaled.tally for scaled in card.scaled_effects}  # what the card could change at all: the deck says so
    for t in deck.tallies:
        delta = total.get(t.id, 0)
        if t.id in unknown and t.id in touched:
            why = "hidden" if t.id in knows.hidden else "depends on a hidden tally"
            effects.append(Effect(t.id, 0, 0, 0, visible(f"{t.label} ? ({why})"), hidden=True))
        elif delta:
            before = state.tallies[t.id]
            effects.append(Effect(t.id, delta, before, min(max(before + delta, t.min), t.max),
                                  visible(f"{t.label} {delta:+d}")))
    shifts = []
    for m in card.modifiers:
        secret = (reads_motive(m.when) and not knows.motive) or not knows.hidden.isdisjoint(tallies_read(m.when))
        for actor in deck.actors:
            if not m.actor or actor.id in m.actor:
                shifts.append(Shift(actor.id, m.value, HIDDEN_REASON if secret else m.reason,
                                    condition_words(deck, m.when, knows.hidden), secret))
    needs = condition_words(deck, card.requires, knows.hidden)  # what it waits for, as "Conditions:" says it
    why_not = "" if action is not None else (card_limit(state, card) or (f"only while {needs}" if needs else ""))
    return MenuItem(f"play:{card.id}", "play", action, card.id, card.title, card.text,
                    copies=state.hand.count(card.id) if state.phase == "offer" else 1,
                    why_not=why_not, effects=tuple(effects), shifts=tuple(shifts),
                    conditions=card_conditions(state, card, knows))


def card_conditions(state: GameState, card: Card, knows: Knows) -> tuple[str, ...]:
    """The rules of a card in words, as ``knows`` may read them: when it may be played (``requires``, its limits,
    its rest, its last round), and each extra or scaled effect with its condition; an extra effect whose condition
    the reader can judge says whether it holds now (then it is in the card's effects), one that reads a hidden
    tally does not say, and a hidden tally's change says ``?``."""
    deck = state.deck
    out = []
    if card.requires:
        out.append("only while " + condition_words(deck, card.requires, knows.hidden))
    cap = [x for x in (1 if card.once else None, card.limit) if x is not None]
    if cap:
        out.append("once a game" if min(cap) == 1 else f"at most {min(cap)} times a game")
    if card.cooldown is not None:
        out.append(f"rests {card.cooldown} round{'s' if card.cooldown != 1 else ''} once played")
    if card.until_round is not None:
        out.append(f"only up to round {card.until_round}")
    for extra in card.extra_effects:
        secret = not knows.hidden.isdisjoint(tallies_read(extra.when)) or (reads_motive(extra.when)
                                                                          and not knows.motive)
        changes = ", ".join(f"{deck.tally(t).label} ? (hidden)" if secret or t in knows.hidden else
                            f"{deck.tally(t).label} {d:+d}" for t, d in extra.effects.items())
        now = "" if secret else (" (it does now)" if holds(extra.when, state) else " (not now)")
        out.append(f"{changes} more while {condition_words(deck, extra.when, knows.hidden)}{now}")
    for scaled in card.scaled_effects:
        label = deck.tally(scaled.tally).label
        if scaled.per in knows.hidden or scaled.tally in knows.hidden:
            out.append(f"{label} ? (hidden): it grows with a hidden tally")
        else:
            per = deck.tally(scaled.per).label
            step = "each point" if scaled.every == 1 else f"every {scaled.every} points"
            out.append(f"{label} {scaled.rate:+d} for {step} of {per}")
    return tuple(visible(line) for line in out)
