"""The deck as data: frozen attrs classes, one per TOML table.

These classes are the single source of truth for the deck format. The loader
(`tabletop.deck.load`) structures raw TOML into them field by field, using each
field's type and metadata to check types, ranges and unknown keys; the JSON
Schema in ``decks/deck.schema.json`` is generated from them
(`tabletop.deck.schema`). Nothing here knows about any particular crisis.

Field metadata keys understood by the loader and the schema generator:

- ``doc``: one line of help for authors (shown by editors through the schema);
- ``min`` / ``max``: inclusive bounds for integers and for list lengths;
- ``pattern``: a regular expression an identifier must match;
- ``toml``: the TOML key, when it differs from the Python name;
- ``one_or_many``: a string (an integer, for a list of integers) is accepted where a list is expected;
- ``nest``: a list of clauses inside a clause, nested at most `MAX_NESTING` deep.
"""

from __future__ import annotations

from typing import Literal

import attrs

from ..records import Record

# Every model class is frozen and keyword-only (the TOML keys are the names), written out at each class
# (``@attrs.frozen(kw_only=True)``) so that type checkers see the models.

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
MAX_ID_LENGTH = 64
MAX_TEXT_LENGTH = 4000
MAX_ITEMS = 5000  # per list: bounds what a hostile deck can cost
TALLY_LIMIT = 1000  # every tally bound and every delta lies within +-TALLY_LIMIT


def f(doc: str, default=attrs.NOTHING, **meta):
    """An attrs field with authoring metadata."""
    meta["doc"] = doc
    if default is attrs.NOTHING:
        return attrs.field(metadata=meta)
    if isinstance(default, (list, dict)):
        raise TypeError("mutable default")
    return attrs.field(default=default, metadata=meta)


def ident(doc: str, **meta):
    return f(doc, pattern=ID_PATTERN, max=MAX_ID_LENGTH, **meta)


def prose(doc: str, default=attrs.NOTHING, **meta):
    return f(doc, default, max=MAX_TEXT_LENGTH, **meta)


def ids(doc: str):
    """An optional list of ids; a single string is accepted too."""
    return f(doc, (), one_or_many=True, max=MAX_ITEMS, item={"pattern": ID_PATTERN, "max": MAX_ID_LENGTH})


def items(doc: str, default=(), **meta):
    return f(doc, default, max=MAX_ITEMS, **meta)


def prompts(doc: str):
    """Discussion prompts: a list of questions for the debrief (a single string is accepted too)."""
    return f(doc, (), one_or_many=True, max=20, item={"max": MAX_TEXT_LENGTH})


def note(doc: str = "Marks material beyond the source: what was invented or assumed for play, and why."):
    return prose(doc, "")


# --------------------------------------------------------------------------
# Conditions and effects
# --------------------------------------------------------------------------


#: The keys of a clause that hold clauses of their own, and how deep such clauses may nest.
NESTING_KEYS = ("any", "all", "not")
MAX_NESTING = 4


def nested(doc: str):
    """A list of clauses inside a clause (``any``/``all``/``not``), nested at most `MAX_NESTING` deep."""
    return f(doc, (), max=64, nest=True)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Clause(Record):
    """One test on the state of the game. All the keys given must hold.

    A condition (``when``) is a list of clauses, all of which must hold; an
    empty list always holds. ``any``, ``all`` and ``not`` hold lists of clauses
    of their own, for "or", "and" and "not". Nothing here is evaluated as code.
    """

    tally: str | None = f("A tally id, tested with at_least and/or at_most.", None)
    at_least: int | None = f("The tally is at least this.", None, min=-TALLY_LIMIT, max=TALLY_LIMIT)
    at_most: int | None = f("The tally is at most this.", None, min=-TALLY_LIMIT, max=TALLY_LIMIT)
    round_at_least: int | None = f("The current round is at least this (rounds count from 1).", None, min=1, max=1000)
    round_at_most: int | None = f("The current round is at most this.", None, min=1, max=1000)
    motive: tuple[str, ...] = ids("The hidden motive is one of these (used for scoring and bots).")
    offer: tuple[str, ...] = ids("This round's offer is one of these option cards.")
    offer_tag: tuple[str, ...] = ids("This round's offer carries one of these tags.")
    response: tuple[str, ...] = ids("This round's response is one of these response cards.")
    response_tag: tuple[str, ...] = ids("This round's response carries one of these tags.")
    previous_offer_tag: tuple[str, ...] = ids("Last round's offer carried one of these tags.")
    previous_response_tag: tuple[str, ...] = ids("Last round's response carried one of these tags.")
    event: tuple[str, ...] = ids("One of this round's events is one of these event cards.")
    ending: tuple[str, ...] = ids("The game ended with one of these endings (scoring only).")
    played: tuple[str, ...] = ids("One of these cards (option or response) has been played at some point, this round included.")
    drawn: tuple[str, ...] = ids("One of these events has been drawn in some round so far, this round included.")
    times: int | None = f("With played or drawn: the cards were played (the events drawn) at least this many times in all.",
                          None, min=1, max=1000)
    for_rounds: int | None = f("With tally: its test held at the close of each of the last this many rounds, and holds "
                               "now (2: two rounds running).", None, min=1, max=100)
    any: tuple[Clause, ...] = nested("At least one of these clauses holds (or).")
    all: tuple[Clause, ...] = nested("Every one of these clauses holds (and), e.g. as one choice inside any.")
    not_: tuple[Clause, ...] = attrs.field(default=(), metadata={
        "doc": "These clauses do not all hold together (not): one clause here means it does not hold.",
        "toml": "not", "max": 64, "nest": True})


Condition = tuple[Clause, ...]


def reads_motive(condition: Condition) -> bool:
    """Whether the condition tests the hidden motive, at any depth (so that whether it holds is a secret too)."""
    return any(c.motive or reads_motive(c.any) or reads_motive(c.all) or reads_motive(c.not_) for c in condition)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ExtraEffect(Record):
    """Tally changes that a card or event adds only while a condition holds when it takes effect."""

    when: Condition = items("The extra changes apply only while all these clauses hold.", min=1)
    effects: dict[str, int] = f("Tally changes: tally id = change.", value_min=-TALLY_LIMIT, value_max=TALLY_LIMIT)
    reason: str = prose("Why, in a sentence the table will read aloud.", "")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ScaledEffect(Record):
    """A change to a tally that grows with another tally: ``rate`` for every ``every`` points of ``per``,
    kept between ``at_least`` and ``at_most``."""

    tally: str = f("The tally changed.")
    per: str = f("The tally whose value the change grows with.")
    rate: int = f("The change for every `every` points of `per` (negative to lower the tally).", min=-100, max=100)
    every: int = f("How many points of `per` make one step of `rate`.", 1, min=1, max=1000)
    at_least: int = f("The smallest the change can be.", -TALLY_LIMIT, min=-TALLY_LIMIT, max=TALLY_LIMIT)
    at_most: int = f("The largest the change can be.", TALLY_LIMIT, min=-TALLY_LIMIT, max=TALLY_LIMIT)
    reason: str = prose("Why, in a sentence the table will read aloud.", "")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Modifier(Record):
    """A number added to a regional actor's roll, with the reason shown on screen."""

    value: int = f("Added to the roll (negative to subtract).", min=-100, max=100)
    reason: str = prose("Why this applies, in a sentence the table will read aloud.")
    actor: tuple[str, ...] = ids("The actors whose rolls this changes; empty means every actor. Ignored in an actor's own modifiers.")
    when: Condition = items("Applies only while all these clauses hold.")
    source: Source | None = f("Where the reason comes from.", None)
    note: str = note()


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ReactionRow(Record):
    """One row of a regional actor's reaction table: a range of roll totals."""

    min: int = f("Lowest roll total that gives this row.", min=-1000, max=1000)
    max: int = f("Highest roll total that gives this row.", min=-1000, max=1000)
    label: str = prose("The outcome in a few words.")
    text: str = prose("What the actor does, for the log.", "")
    effects: dict[str, int] = f("Tally changes: tally id = change.", attrs.Factory(dict), value_min=-TALLY_LIMIT, value_max=TALLY_LIMIT)
    tags: tuple[str, ...] = ids("Free labels for this outcome.")
    source: Source | None = f("Where this reaction comes from.", None)
    note: str = note()


# --------------------------------------------------------------------------
# Deck parts
# --------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Source(Record):
    """Where a card's idea comes from in the deck's source text."""

    passage: str = prose("A pointer to the passage: paragraph, heading or a few words of summary.")
    note: str = prose("Anything else the reader should know about the source.", "")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DeckMeta(Record):
    """The ``[deck]`` table: what this deck is."""

    id: str = ident("A short identifier for the deck, e.g. 'strait-crisis'.")
    title: str = prose("The deck's title, shown on the setup screen.")
    source: str = prose("The work the deck is built from: author, title, year.")
    description: str = prose("A paragraph introducing the scenario to the players.", "")
    rounds: int = f("How many rounds a game lasts at most.", 6, min=1, max=100)
    quiet_rounds: tuple[int, ...] = f("Rounds without an event drawn by chance (a scheduled event still comes).", (),
                                      max=100, item={"min": 1, "max": 1000})
    events_per_round: tuple[int, ...] = f(
        "How many events a round has at most: one number for every round, or a list with round 1's first (the rounds "
        "after the list take its last number). Scheduled events that are due come first, then events drawn by chance.",
        (1,), one_or_many=True, min=1, max=100, item={"min": 1, "max": 10})
    dice: str = f("Default dice for regional rolls, in standard notation, e.g. '2d6' or '1d10+2'.", "2d6", max=32)
    guess_points: int = f("Points to the offering seat for naming the hidden motive correctly.", 0, min=-100, max=100)
    guess_rule: Literal["name", "brier", "log"] = f(
        "How the guess is made and scored: 'name' names one motive (guess_points if right); 'brier' or 'log' gives "
        "each motive a chance in whole percent, scored by that proper rule (guess_points for certainty on the "
        "right motive).", "name")
    rules: str = prose("Extra rules text shown in the help screen.", "")
    lesson: str = prose("The lesson of the scenario, as its source argues it: shown at the top of every debrief and "
                        "after-action report.", "")
    version: int = f("The deck's own revision number.", 1, min=0, max=1_000_000)
    test_tags: tuple[str, ...] = ids("Option-card tags that test the hidden motive (e.g. verification, pressure): "
                                     "simulate reports the guess's accuracy in games where the offering seat played "
                                     "such a card and in games where it did not. Changes nothing in play.")


#: The decisions a negotiation clock can time, and its longest time for one (an hour).
CLOCK_PHASES = ("offer", "response", "stance")
CLOCK_MAX_SECONDS = 3600


def clock_time(doc: str):
    return f(doc + " Seconds, 0 for no clock.", 0, min=0, max=CLOCK_MAX_SECONDS)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Clock(Record):
    """The ``[clock]`` table: the negotiation clock's times for the discussion before each decision of people.

    Presentation only: when time is up the table says so, rings once and waits; nothing is ever decided for a team
    and a game plays the same with or without it. The facilitator can pause, extend or skip it; the setup screen,
    `--clock` and config.toml can change or turn off these times.
    """

    offer: int = clock_time("The discussion before the offering seat plays its option card.")
    response: int = clock_time("The discussion before the responding seat answers.")
    stance: int = clock_time("The discussion before a team playing a regional actor takes its stance.")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Tally(Record):
    """A bounded running score shown at all times (trust, leverage, ...)."""

    id: str = ident("Identifier used by effects and conditions.")
    label: str = prose("Name shown on screen.")
    short: str = f("A short label, shown instead of label where the whole one would not fit (at most 12 "
                   "characters).", "", max=12)
    min: int = f("Lowest value.", 0, min=-TALLY_LIMIT, max=TALLY_LIMIT)
    max: int = f("Highest value.", 10, min=-TALLY_LIMIT, max=TALLY_LIMIT)
    start: int = f("Value at the start of a game.", 0, min=-TALLY_LIMIT, max=TALLY_LIMIT)
    drift: int = f("Added at the close of every round (a clock: negative to run down), within min and max.", 0,
                   min=-TALLY_LIMIT, max=TALLY_LIMIT)
    drift_reason: str = prose("Why the tally drifts, shown with each round's drift.", "")
    drift_when: Condition = items("The tally drifts only at the close of a round where this holds.")
    low: str = prose("What the bottom of the scale means.", "")
    high: str = prose("What the top of the scale means.", "")
    description: str = prose("What this tally measures.", "")
    source: Source | None = f("Where the tally, and what moves it, come from.", None)
    note: str = note()
    hidden_from: tuple[str, ...] = ids("Seats (by id) that may not know this tally until the game is over: it is "
                                       "shown to the other seats in private, to the room as hidden, and revealed in "
                                       "the debrief.")


def tallies_read(condition: Condition) -> frozenset[str]:
    """The tallies a condition tests, at any depth of any, all and not."""
    out: set[str] = set()
    for c in condition:
        if c.tally is not None:
            out.add(c.tally)
        for inner in (c.any, c.all, c.not_):
            if inner:
                out |= tallies_read(inner)
    return frozenset(out)


def secret_tallies(deck: Deck, seat: str | None) -> frozenset[str]:
    """The tallies ``seat`` may not know while the game goes on (None: the room at a shared screen, which may know
    only what every seat may know)."""
    return frozenset(t.id for t in deck.tallies if t.hidden_from and (seat is None or seat in t.hidden_from))


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Policy(Record):
    """One weighted preference of a bot: more weight, more likely to be chosen."""

    weight: int = f("Weight added to matching cards (negative to avoid them).", min=-1000, max=1000)
    card: tuple[str, ...] = ids("The cards this applies to.")
    tag: tuple[str, ...] = ids("Cards carrying any of these tags.")
    when: Condition = items("Applies only while all these clauses hold.")
    reason: str = prose("Why the bot does this (shown in simulations and the debrief).", "")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Style(Record):
    """A selectable bot style for a seat, e.g. hawk or dove."""

    id: str = ident("Identifier, used on the command line: --seats us=bot:hawk.")
    label: str = prose("Name shown on the setup screen.")
    description: str = prose("What this style does.", "")
    policy: tuple[Policy, ...] = items("The style's preferences.")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Seat(Record):
    """A negotiating seat. A deck has exactly one 'offer' and one 'respond' seat."""

    id: str = ident("Identifier, used on the command line: --seats us=human.")
    label: str = prose("Name shown on screen.")
    role: Literal["offer", "respond"] = f("'offer' plays option cards; 'respond' answers them and holds the hidden motive.")
    hand: int = f("Option cards held at once (offer seat only).", 4, min=1, max=50)
    description: str = prose("Who this seat is and what it wants.", "")
    styles: tuple[Style, ...] = items("Bot styles for this seat (the respond seat's bot follows its motive).")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Stance(Record):
    """A stance a team (or a bot) playing the actor may take before its roll: a modifier on that one roll."""

    id: str = ident("Identifier, used in saves and bot policies.")
    label: str = prose("Name shown on screen, e.g. 'Wait and see'.")
    text: str = prose("What taking this stance means.", "")
    value: int = f("Added to the actor's roll this stance is taken for (negative to subtract; 0 for none).",
                   min=-100, max=100)
    reason: str = prose("Why the stance bends the roll, in a sentence the table will read aloud.")
    requires: Condition = items("The stance may be taken only while all these clauses hold.")
    source: Source | None = f("Where the stance comes from.", None)
    note: str = note()


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Objective(Record):
    """Points for the team playing a regional actor at the end of the game, scored as a seat's scoring rules."""

    points: int = f("Points scored (negative to lose points).", min=-1000, max=1000)
    reason: str = prose("Why, shown in the debrief.")
    per_tally: str | None = f("Multiply points by this tally's final value.", None)
    from_start: bool = f("With per_tally: multiply by the tally's change from its start instead of its final value.",
                         False)
    when: Condition = items("Scores only when all these clauses hold at the end.")
    secret: bool = f("Known only to the actor's team until the game is over.", False)
    source: Source | None = f("Where the objective comes from.", None)
    note: str = note()


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Actor(Record):
    """A regional actor whose reaction the dice decide."""

    id: str = ident("Identifier used by modifiers and conditions.")
    label: str = prose("Name shown on screen.")
    dice: str | None = f("Dice for this actor, overriding the deck's default.", None, max=32)
    description: str = prose("Who this actor is and what it fears.", "")
    source: Source | None = f("Where the actor's fears and interests come from.", None)
    note: str = note()
    modifiers: tuple[Modifier, ...] = items("Standing modifiers, usually depending on the tallies.")
    rolls_when: Condition = items("The actor rolls only in rounds where this holds when its turn comes (always, if empty).")
    reactions: tuple[ReactionRow, ...] = f("The reaction table, lowest totals first.", min=1, max=MAX_ITEMS)
    stances: tuple[Stance, ...] = items("Stances a team or a bot playing this actor chooses from before each of its "
                                        "rolls (none: the actor always rolls for itself).")
    policy: tuple[Policy, ...] = items("How a bot playing this actor weighs its stances: 'card' names stance ids "
                                       "(each stance weighs 1 plus the weights of the policies that name it and hold).")
    objectives: tuple[Objective, ...] = items("End-of-game points for the team playing this actor.")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Motive(Record):
    """A hidden motive for the responding seat, drawn in secret at setup."""

    id: str = ident("Identifier used by conditions.")
    label: str = prose("Name shown at the reveal.")
    weight: int = f("Relative chance of being drawn.", 1, min=0, max=1000)
    text: str = prose("What this motive means, shown to its seat in private and at the reveal.")
    source: Source | None = f("Where the idea comes from.", None)
    analysis: str = prose("Debrief note: what the source argues about this motive.", "")
    prompts: tuple[str, ...] = prompts("Questions for the debrief when this motive was the hidden one.")
    note: str = note()
    policy: tuple[Policy, ...] = items("How the bot plays with this motive.")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Card(Record):
    """An option card (played by the offer seat) or a response card."""

    id: str = ident("Identifier used by conditions and bots.")
    title: str = prose("Title on the card.")
    text: str = prose("What playing the card means.")
    source: Source | None = f("Where the idea comes from.", None)
    analysis: str = prose("Debrief note: what the source argues about this card.", "")
    note: str = note()
    tags: tuple[str, ...] = ids("Free labels, usable in conditions and bot policies.")
    copies: int = f("How many copies are shuffled into the draw pile (option cards).", 1, min=0, max=20)
    standing: bool = f("Always in the offering seat's hand, besides the cards dealt: never drawn, never discarded "
                       "(option cards; copies is then not used).", False)
    requires: Condition = items("The card may be played only while all these clauses hold.")
    once: bool = f("The card may be played once a game (all its copies together).", False)
    limit: int | None = f("The card may be played at most this many times a game (all its copies together).", None,
                          min=1, max=1000)
    cooldown: int | None = f("Once played, the card rests this many rounds (1: never two rounds running).", None,
                             min=1, max=100)
    until_round: int | None = f("The card may be played up to this round; after it, it leaves the hand.", None,
                                min=1, max=1000)
    effects: dict[str, int] = f("Tally changes when played: tally id = change.", attrs.Factory(dict),
                                value_min=-TALLY_LIMIT, value_max=TALLY_LIMIT)
    modifiers: tuple[Modifier, ...] = items("Modifiers to this round's regional rolls.")
    extra_effects: tuple[ExtraEffect, ...] = items("More tally changes, each only while its condition holds.")
    scaled_effects: tuple[ScaledEffect, ...] = items("Tally changes that grow with another tally.")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Event(Record):
    """An inject drawn at the start of each round."""

    id: str = ident("Identifier used by conditions.")
    title: str = prose("Headline.")
    text: str = prose("What happens.")
    source: Source | None = f("Where the idea comes from.", None)
    analysis: str = prose("Debrief note.", "")
    note: str = note()
    tags: tuple[str, ...] = ids("Free labels.")
    weight: int = f("Relative chance of being drawn.", 1, min=0, max=1000)
    repeat: bool = f("May be drawn again after it has been drawn once.", False)
    round: int | None = f("Scheduled: drawn in this round (if its requires holds), never by chance.", None,
                          min=1, max=1000)
    follows: str | None = f("Scheduled: drawn in the round after this event has been drawn (or, if that round "
                            "already has all its events, the next with a place free), never by chance.", None, pattern=ID_PATTERN,
                            max=MAX_ID_LENGTH)
    requires: Condition = items("May be drawn only while all these clauses hold.")
    effects: dict[str, int] = f("Tally changes: tally id = change.", attrs.Factory(dict), value_min=-TALLY_LIMIT, value_max=TALLY_LIMIT)
    modifiers: tuple[Modifier, ...] = items("Modifiers to this round's regional rolls.")
    extra_effects: tuple[ExtraEffect, ...] = items("More tally changes, each only while its condition holds.")
    scaled_effects: tuple[ScaledEffect, ...] = items("Tally changes that grow with another tally.")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Ending(Record):
    """How a game can end.

    Endings with ``final = false`` end the game as soon as their condition
    holds (checked after every step that changes a tally). Endings with
    ``final = true`` are read, in order, when the last round is over: the first
    whose condition holds is the result. A deck needs at least one final
    ending without conditions as the catch-all.
    """

    id: str = ident("Identifier used by scoring conditions.")
    label: str = prose("Name of the outcome.")
    text: str = prose("What this outcome means.")
    final: bool = f("Read only when the rounds run out (otherwise checked after every step).", False)
    when: Condition = items("The outcome happens when all these clauses hold.")
    analysis: str = prose("Debrief note about this outcome.", "")
    source: Source | None = f("Where the outcome comes from.", None)
    prompts: tuple[str, ...] = prompts("Questions for the debrief when the game ended this way.")
    note: str = note()


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ScoreRule(Record):
    """Points for a seat at the end of the game."""

    seat: str = f("The seat that scores.", pattern=ID_PATTERN)
    points: int = f("Points scored (negative to lose points).", min=-1000, max=1000)
    reason: str = prose("Why, shown in the debrief.")
    per_tally: str | None = f("Multiply points by this tally's final value.", None)
    from_start: bool = f("With per_tally: multiply by the tally's change from its start (negative if it fell) "
                         "instead of its final value.", False)
    when: Condition = items("Scores only when all these clauses hold at the end.")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DeckOrigin(Record):
    """Where a loaded deck came from (not part of the format)."""

    path: str  # the main file
    files: tuple[str, ...]  # every file read, main first
    sha256: str  # of every file's bytes, in reading order: a save names its deck by this


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Deck(Record):
    """A whole deck, after includes are merged."""

    deck: DeckMeta = f("What this deck is.")
    clock: Clock | None = f("The negotiation clock's default times (none: no clock unless the table sets one).", None)
    tallies: tuple[Tally, ...] = items("The running scores.", min=1)
    seats: tuple[Seat, ...] = items("The two negotiating seats.", min=2)
    actors: tuple[Actor, ...] = items("The regional actors.", min=1)
    motives: tuple[Motive, ...] = items("Hidden motives for the responding seat.", min=1)
    options: tuple[Card, ...] = items("Option cards for the offering seat.", min=1)
    responses: tuple[Card, ...] = items("Response cards for the responding seat.", min=1)
    events: tuple[Event, ...] = items("Inject cards, one drawn per round.")
    endings: tuple[Ending, ...] = items("How the game can end.", min=1)
    scoring: tuple[ScoreRule, ...] = items("End-of-game points.")
    include: tuple[str, ...] = f("Other TOML files of this deck, relative to this file, merged in.", (), max=32, one_or_many=True)
    origin: DeckOrigin | None = attrs.field(default=None, eq=False, metadata={"internal": True})
    #: Each kind of part by id, made once when the deck is made (the lookups below are a dict access).
    by_id: dict[str, dict] = attrs.field(init=False, eq=False, repr=False, metadata={"internal": True})

    def __attrs_post_init__(self) -> None:
        index = {kind: {x.id: x for x in getattr(self, kind)}
                 for kind in ("tallies", "actors", "options", "responses", "events", "motives", "endings")}
        index["roles"] = {}
        for seat in self.seats:
            index["roles"].setdefault(seat.role, seat)
        object.__setattr__(self, "by_id", index)

    # -- lookups (derived, not part of the format) --------------------------

    def tally(self, tally_id: str) -> Tally:
        return self.by_id["tallies"][tally_id]

    def actor(self, actor_id: str) -> Actor:
        return self.by_id["actors"][actor_id]

    def seat_by_role(self, role: str) -> Seat:
        return self.by_id["roles"][role]

    def option(self, card_id: str) -> Card:
        return self.by_id["options"][card_id]

    def response(self, card_id: str) -> Card:
        return self.by_id["responses"][card_id]

    def event(self, event_id: str) -> Event:
        return self.by_id["events"][event_id]

    def motive(self, motive_id: str) -> Motive:
        return self.by_id["motives"][motive_id]

    def ending(self, ending_id: str) -> Ending:
        return self.by_id["endings"][ending_id]


#: Top-level arrays that included files may add to.
MERGED_ARRAYS = ("tallies", "seats", "actors", "motives", "options", "responses", "events", "endings", "scoring")
