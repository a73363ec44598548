"""The stage: each beat of a game as the room at a shared screen may know it, for the table's centre.

A `Scene` is one beat: the start of the game, an event with its story, an offer or a response with its effects, a
roll's odds before the dice fall, the roll with the odds of its rows beside the row that came up, an actor that
sits a round out, a facilitator's ruling, the close of a round (what moved and why) and the ending. Scenes are made
from the game's journal (the actions still in force and what they did, grouped into `happenings.beats`), from the
room's view of the states before and after each action, and from `views.next_roll`: never from the hidden state, so
that nothing secret reaches the screen. The widget that shows a scene only draws it.

- `scenes(game, entry)`: the beats of one action, in order (the table shows them one at a time);
- `latest(game)`: the last beat of the actions still in force (after an undo or an override, the stage shows it
  again from the journal: it is never stale);
- `odds_scene(game)`: the odds of the roll the table makes next, if it makes one;
- `stance_scene(game)`: before a team playing a regional actor takes its stance, the odds of its roll under each
  stance it may take, for the whole room to read before the team chooses.
"""

from __future__ import annotations

from attrs import field, frozen

from ..deck.model import Deck
from ..engine import happenings as h
from ..engine.game import Entry, Game
from ..engine.rules import stance_due
from ..engine.state import AppliedModifier
from ..engine.views import Knows, RollOdds, next_roll, roll_odds, shown_rolled, stance_odds, view
from ..records import Record
from ..safetext import visible
from .text import change, tallies_line

#: The kinds of beat, as `tabletop.pace.hold` names them.
START, EVENT, OFFER, RESPONSE, PASS, ODDS, ROLL, SAT_OUT, RULING, CLOSE, ENDING = (
    "start", "event", "offer", "response", "pass", "odds", "roll", "sat_out", "ruling", "close", "ending")
STANCE = "stance"

#: What each kind of beat is called on its banner.
KIND_WORDS = {START: "THE GAME BEGINS", EVENT: "EVENT", OFFER: "OFFER", RESPONSE: "RESPONSE", PASS: "PASS",
              ODDS: "NEXT ROLL", ROLL: "ROLL", SAT_OUT: "NO ROLL", RULING: "FACILITATOR", CLOSE: "ROUND CLOSED",
              ENDING: "THE END", STANCE: "STANCE"}


@frozen(repr=False, eq=False)
class StanceOdds(Record):
    """One stance a team may take, in words the room may read, with the odds of the roll under it."""

    label: str
    value: int
    reason: str
    odds: RollOdds  # the roll's odds with this stance counted (its modifier last)


@frozen(repr=False, eq=False)
class Scene(Record):
    """One beat on the stage, in words the room may read (deck text made `visible`)."""

    kind: str
    round: int
    rounds: int
    head: str  # the beat in a line: "Event: Border incident", "The port city offers: Summit"
    text: str = ""  # the deck's story text for it (an event's, a card's, a reaction row's, an ending's)
    effects: tuple[str, ...] = ()  # each tally change it made, "Trust +1 (3→4)"; for a close: each tally's round
    odds: RollOdds | None = None  # a roll's odds (before the dice, as the room knew them then)
    rolled: h.Rolled | None = None  # the roll as the room is shown it
    tallies: str = ""  # the tallies after it, in a line (the close of a round, the ending)
    stances: tuple[StanceOdds, ...] = ()  # a stance beat: each stance the team may take, with the odds under it
    stance: str = ""  # a roll: the stance taken for it, in words ("" when none was: the dice alone)
    step: int = field(default=-1, eq=False)  # the state step it was made at (what the table shows is told apart)


def _room(game: Game) -> Knows:
    return view(game.state, None).knows


def scenes(game: Game, entry: Entry, knows: Knows | None = None) -> list[Scene]:
    """The beats of one action (an entry of `Game.recent_entries`), in order, as ``knows`` (default: the room now)
    may know them. An action with nothing to stage (a note, a hand dealt) has none."""
    deck = game.deck
    k = knows if knows is not None else _room(game)
    after = entry.after
    out: list[Scene] = []
    for beat in h.beats(entry.happened):
        x = beat.happening
        effects = tuple(change(deck, c, k.hidden) for c in beat.changes if c.tally not in k.hidden)
        r, n, at = after.round, after.rounds, after.step
        match x:
            case h.EventDrawn(event=None, quiet=quiet):
                out.append(Scene(EVENT, r, n, head="No event this round" + (": a quiet round" if quiet else ""), step=at))
            case h.EventDrawn(event=str(event_id)):
                event = deck.event(event_id)
                by = f" (drawn by the facilitator: {x.injected})" if x.injected else ""
                out.append(Scene(EVENT, r, n, head=visible(f"Event: {event.title}{by}"), text=visible(event.text),
                                 effects=effects, step=at))
            case h.CardPlayed(role="offer"):
                card = deck.option(x.card)
                out.append(Scene(OFFER, r, n, head=visible(f"{_seat(deck, x.seat)} offers: {card.title}"),
                                 text=visible(card.text), effects=effects, step=at))
            case h.CardPlayed():
                card = deck.response(x.card)
                out.append(Scene(RESPONSE, r, n, head=visible(f"{_seat(deck, x.seat)} responds: {card.title}"),
                                 text=visible(card.text), effects=effects, step=at))
            case h.Passed():
                out.append(Scene(PASS, r, n, head=visible(f"{_seat(deck, x.seat)} passes: no card can be played"),
                                 effects=effects, step=at))
            case h.Rolled():
                odds = roll_odds(view(entry.before, None), x.actor)  # as the room saw them before the dice fell
                row = deck.actor(x.actor).reactions[x.row]
                out.append(Scene(ROLL, r, n, head=visible(f"{deck.actor(x.actor).label} rolled {x.total}: {x.label}"
                                                          + _stance_words(deck, x.actor, x.modifiers)),
                                 text=visible(row.text), effects=effects, odds=odds, rolled=shown_rolled(x, k),
                                 stance=_stance_taken(game, x.actor, x.modifiers), step=at))
            case h.SatOut():
                out.append(Scene(SAT_OUT, r, n, head=visible(f"{deck.actor(x.actor).label} does not roll this round"), step=at))
            case h.Overridden():
                actor = deck.actor(x.actor)
                out.append(Scene(RULING, r, n, head=visible(
                    f"{actor.label}'s roll overridden: {x.old_total} {actor.reactions[x.old_row].label} → "
                    f"{x.total} {x.label}"), text=visible(f"Because: {x.reason}") if x.reason else "",
                    effects=effects, step=at))
            case h.TallyChanged(source="adjust"):
                words = (f"{deck.tally(x.tally).label} adjusted" if x.tally in k.hidden
                         else f"Facilitator adjusts {change(deck, x)}")
                out.append(Scene(RULING, r, n, head=visible(words), text=visible(f"Because: {x.reason}") if x.reason else "",
                                 step=at))
            case h.RoundClosed():
                out.append(Scene(CLOSE, x.round, after.rounds, head="What moved this round, and why",
                                 effects=tuple(_round_moves(game, entry, k)),
                                 tallies=tallies_line(deck, x.tallies, k.hidden), step=after.step))
            case h.EndingReached():
                ending = deck.ending(x.ending)
                seen = view(after, None)
                out.append(Scene(ENDING, r, n, head=visible(ending.label), text=visible(ending.text),
                                 tallies=tallies_line(deck, seen.tallies, seen.hidden), step=at))
    return out


#: The happenings that make a beat on the stage (an action with none of them, a note say, has no beat).
STAGED: frozenset[type] = frozenset({h.EventDrawn, h.CardPlayed, h.Passed, h.Rolled, h.SatOut, h.Overridden,
                                     h.TallyChanged, h.RoundClosed, h.EndingReached})


def latest(game: Game) -> Scene:
    """The last beat of the actions still in force, or the start of the game when none has any. Going back over
    actions without a beat (a long run of notes) costs a test of each, no more."""
    knows = _room(game)
    for index, happened in game.back():
        if not STAGED.isdisjoint(map(type, happened)):
            found = scenes(game, game.applied_entry(index), knows)
            if found:
                return found[-1]
    return start_scene(game)


def start_scene(game: Game) -> Scene:
    """Before the first step: the scenario, and who plays each seat."""
    deck, state = game.deck, game.state
    seats = "; ".join(f"{s.label}: {'people at this screen' if game.setup.seats[s.id].kind == 'human' else 'the bot'}"
                      for s in deck.seats)
    return Scene(START, state.round, state.rounds, head=visible(deck.deck.title),
                 text=visible(f"{state.rounds} rounds. {seats}. {_actors_words(game)}"),
                 tallies=tallies_line(deck, view(state, None).tallies, view(state, None).hidden), step=state.step)


def _actors_words(game: Game) -> str:
    """Who plays the regional actors, in a sentence: those a team or a bot plays by name, the rest on the dice."""
    played = {a: c for a, c in game.setup.actors.items() if c.kind != "dice"}
    if not played:
        return "The regional actors roll for themselves."
    named = [f"{a.label}: {'a team at this screen' if played[a.id].kind == 'team' else 'the bot'}"
             for a in game.deck.actors if a.id in played]
    rest = len(game.deck.actors) - len(named)
    return "; ".join(named) + (f"; the other regional actor{'s roll' if rest > 1 else ' rolls'} for "
                               f"{'themselves' if rest > 1 else 'itself'}." if rest else ".")


def odds_scene(game: Game) -> Scene | None:
    """The odds of the roll the table makes next, as the room may know them (None: the next step is no roll)."""
    seen = view(game.state, None)
    odds = next_roll(seen)
    if odds is None:
        return None
    actor = game.deck.actor(odds.actor)
    return Scene(ODDS, seen.round, seen.rounds, head=visible(f"{actor.label} rolls next"
                                                             + _stance_words(game.deck, actor.id, odds.modifiers)),
                 odds=odds, step=seen.step)


def stance_scene(game: Game) -> Scene | None:
    """Before a team takes its actor's stance: the odds of the coming roll under each stance it may take, with each
    stance's number and reason, for the room to read before the team chooses (None: no team is to choose now). A
    bot's stance has no such beat: the roll's odds show the stance it took."""
    state = game.state
    actor_id = stance_due(state) if state.actors else None
    if actor_id is None or state.actors[actor_id].kind != "team":
        return None
    seen = view(state, None)
    actor = game.deck.actor(actor_id)
    under = tuple(StanceOdds(visible(st.label), st.value, visible(st.reason), odds)
                  for st, odds in stance_odds(seen, actor_id))
    return Scene(STANCE, seen.round, seen.rounds, head=visible(f"{actor.label} (team) chooses a stance before its roll"),
                 text="The odds of the roll under each stance; the stance bends this roll only, the dice still decide.",
                 odds=roll_odds(seen, actor_id), stances=under, step=seen.step)


def _stance_taken(game: Game, actor_id: str, modifiers: tuple[AppliedModifier, ...]) -> str:
    """Who took which stance for a roll, in a line ("The League's team took the stance Wait, +0"), or ""."""
    taken = next((m for m in modifiers if m.source == "stance"), None)
    stance = None if taken is None else next(
        (st for st in game.deck.actor(actor_id).stances if st.id == taken.source_id), None)
    if stance is None:
        return ""
    config = game.setup.actors.get(actor_id)
    who = "team" if config is not None and config.kind == "team" else "bot"
    return visible(f"{game.deck.actor(actor_id).label}'s {who} took the stance {stance.label}, {stance.value:+d}")


def _stance_words(deck: Deck, actor_id: str, modifiers: tuple[AppliedModifier, ...]) -> str:
    """", stance: Wait" when a stance is among a roll's modifiers (the stance taken for it), else ""."""
    taken = next((m for m in modifiers if m.source == "stance"), None)
    if taken is None:
        return ""
    stance = next((st for st in deck.actor(actor_id).stances if st.id == taken.source_id), None)
    return f" (stance: {stance.label})" if stance is not None else ""


def _round_moves(game: Game, closing: Entry, knows: Knows) -> list[str]:
    """Each tally that moved in the round ``closing`` closes: from what to what, and each change with its cause."""
    deck = game.deck
    moves: dict[str, list[h.TallyChanged]] = {}
    causes: dict[int, str] = {}
    for happened in _round_of(game, closing):
        for beat in h.beats(happened):
            for c in beat.changes or ((beat.happening,) if isinstance(beat.happening, h.TallyChanged) else ()):
                if c.tally in knows.hidden:
                    continue
                moves.setdefault(c.tally, []).append(c)
                causes[id(c)] = _cause(deck, beat.happening, c)
    lines = []
    for t in deck.tallies:
        changes = moves.get(t.id)
        if not changes:
            continue
        why = ", ".join(f"{c.after - c.before:+d} {causes[id(c)]}" for c in changes if c.after != c.before)
        lines.append(visible(f"{t.label} {changes[0].before} → {changes[-1].after}" + (f": {why}" if why else "")))
    return lines or ["Nothing moved this round."]


def _round_of(game: Game, closing: Entry) -> list[list[h.Happening]]:
    """What each action in force did in the round that ``closing`` (one of them) closes, from the round's start."""
    out: list[list[h.Happening]] = []
    found = False
    for _index, happened in game.back():
        found = found or happened is closing.happened
        if found:
            out.append(happened)
            if any(isinstance(x, h.RoundStarted) for x in happened):
                break
    return out[::-1]


def _cause(deck: Deck, x: h.Happening, c: h.TallyChanged) -> str:
    """What made a change, in a few words."""
    match x:
        case h.EventDrawn(event=str(event_id)):
            return f"event “{deck.event(event_id).title}”"
        case h.CardPlayed(role="offer"):
            return f"offer “{deck.option(x.card).title}”"
        case h.CardPlayed():
            return f"response “{deck.response(x.card).title}”"
        case h.Rolled():
            return f"{deck.actor(x.actor).label}: {x.label}"
        case h.Overridden():
            return f"override of {deck.actor(x.actor).label}'s roll"
    if c.source == "adjust":
        return "facilitator's adjustment"
    return c.reason or c.source


def _seat(deck: Deck, seat_id: str) -> str:
    return next(s.label for s in deck.seats if s.id == seat_id)


def scenes_after(game: Game, action: object, happened: list[h.Happening]) -> list[Scene]:
    """The beats to stage after ``action`` (just made, with what it made happen), in order: its own; for an override
    the ruling and each step made again; after an undo or a redo the last beat still in force (never a beat taken
    back); nothing for a note, which changes nothing on the stage."""
    from ..engine.actions import Note, Override, Redo, Undo

    if isinstance(action, Note):
        return []
    if isinstance(action, (Undo, Redo)):
        return [latest(game)]
    count = 1 + sum(isinstance(x, h.Replayed) for x in happened) if isinstance(action, Override) else 1
    knows = _room(game)
    out = [scene for entry in game.recent_entries(count) for scene in scenes(game, entry, knows)]
    return out or [latest(game)]
