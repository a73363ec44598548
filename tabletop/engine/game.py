"""`Game`: a game in progress, with its full action log and the states that undo goes back to."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from attrs import frozen

from ..deck.model import Deck
from ..records import Record
from .actions import Action, IllegalAction, Note, Override, Redo, Roll, Undo
from .happenings import Happening, NotReplayed, Redone, Replayed, Undone
from .rules import apply, legal_actions, new_game, to_move
from .state import FACILITATOR, TABLE, GameState, Setup


@frozen(repr=False, eq=False)
class PastRoll(Record):
    """A roll that a facilitator may still override: ``index`` of its `Roll` in ``Game.applied``, ``last`` of the
    last action that still leaves it the roll to override (itself, or a note or override made right after it)."""

    index: int
    last: int
    actor: str
    round: int


@frozen(repr=False, eq=False)
class Entry(Record):
    """One logged action of a game's journal: what it made happen, the state it was applied to and the one it left.

    For an `Undo`, ``after`` is the state it went back to.
    """

    action: Action
    happened: list[Happening]
    before: GameState
    after: GameState


class Game:
    """A deck, a setup and every action taken, from which the current state follows.

    ``log`` is the full record, `Undo` and `Redo` entries included: replaying it
    rebuilds the game exactly (a save is the deck's identity, the setup and this
    log). ``applied`` is the actions still in force, oldest first; ``Undo(n)``
    takes back the last ``n`` of them, whatever they were (table steps, seat
    moves, overrides, adjustments and notes all count; undos and redos
    themselves are not counted and cannot be undone). Going back restores the
    generator's state too, so playing the same actions again gives the same
    dice. `Redo` puts back what the last undo took back, exactly, as long as
    no other action has been taken since (a note included); undos in a row are
    redone in turn, the last first.

    `Override` is the one way to override a roll, the latest or an earlier one
    of the current stretch of table steps (see `overridable_rolls`): the game
    takes back what was done since the roll, overrides it, and makes those
    steps again. The dice do not change, because the generator's state is part
    of the game; the table's steps and the bots' moves are made afresh, so that
    they answer the new result as they would have at the table; the
    facilitator's rulings are made again as they were. A step that cannot be
    made again as it was (a ruling the game no longer allows, a bot that now
    chooses otherwise, a step the game no longer comes to) is reported by a
    `NotReplayed` happening, never dropped silently. All of it is one logged
    action, whose happenings are, in order: `Undone` (when steps were taken
    back), the override's own, then for each step taken back `Replayed` with
    what it did again, or `NotReplayed`.

    ``listeners`` are called as ``listener(game, action, happened)`` after
    every action that was logged (an autosave, a screen that redraws); an
    illegal action calls none of them.

    As it acts, the game keeps what each logged action made happen (its
    journal), so that `story` and `recent` describe the game without playing
    it again: `replay` fills the journal once. `entries` adds the state before
    and after each action, for readers that need the round an action was made
    in. The happenings are shared, not copied: treat them as read-only.
    """

    def __init__(self, deck: Deck, setup: Setup):
        self.deck = deck
        self.setup = setup
        self.log: list[Action] = []
        self.applied: list[Action] = []
        self._states: list[GameState] = [new_game(deck, setup.seats, setup.seed, setup.rounds, setup.actors)]
        self.listeners: list[Callable[[Game, Action, list[Happening]], object]] = []
        self._journal: list[tuple[Action, list[Happening]]] = []  # every logged action and what it made happen
        self._after: list[GameState] = []  # the state each logged action left (shared with ``_states``: no copy)
        self._happened: list[list[Happening]] = []  # what each action in ``applied`` made happen
        # What each undo since the last other action took back, the last undo last: what `Redo` puts back.
        self._undone: list[tuple[list[Action], list[GameState], list[list[Happening]]]] = []

    @property
    def state(self) -> GameState:
        return self._states[-1]

    @property
    def states(self) -> tuple[GameState, ...]:
        """The state before each action in ``applied``, then the current one."""
        return tuple(self._states)

    def legal(self) -> list[Action]:
        return legal_actions(self.state)

    def act(self, action: Action) -> list[Happening]:
        """Apply an action (`Undo`, `Redo` and `Override` included) and log it; `IllegalAction` leaves the game
        unchanged."""
        if isinstance(action, Undo):
            happened: list[Happening] = [self._undo(action)]
        elif isinstance(action, Redo):
            happened = [self._redo(action)]
        elif isinstance(action, Override):
            happened = self._override(action)
            self._undone.clear()
        else:
            state, happened = apply(self.state, action)
            self._push(action, state, happened)
            self._undone.clear()
        self.log.append(action)
        self._journal.append((action, happened))
        self._after.append(self.state)
        for listener in tuple(self.listeners):
            listener(self, action, happened)
        return list(happened)  # a copy: the journal keeps its own

    def undo(self, n: int = 1, reason: str = "") -> list[Happening]:
        return self.act(Undo(n, reason))

    def redo(self, reason: str = "") -> list[Happening]:
        return self.act(Redo(reason))

    @property
    def can_redo(self) -> int:
        """How many actions `Redo` would put back now (0: nothing to redo)."""
        return len(self._undone[-1][0]) if self._undone else 0

    @property
    def redoable(self) -> tuple[Action, ...]:
        """The actions `Redo` would put back now, oldest first (empty: nothing to redo)."""
        return tuple(self._undone[-1][0]) if self._undone else ()

    def _push(self, action: Action, state: GameState, happened: list[Happening]) -> None:
        self._states.append(state)
        self.applied.append(action)
        self._happened.append(happened)

    def _take_back(self, n: int) -> tuple[list[Action], list[GameState], list[list[Happening]]]:
        """Take back the last ``n`` applied actions (none for 0), with the states after them and what they did."""
        if n <= 0:
            return [], [], []
        taken = (self.applied[-n:], self._states[-n:], self._happened[-n:])
        del self.applied[-n:]
        del self._states[-n:]
        del self._happened[-n:]
        return taken

    def _put_back(self, taken: tuple[list[Action], list[GameState], list[list[Happening]]]) -> None:
        """Put back what `_take_back` took, exactly as it was."""
        self.applied += taken[0]
        self._states += taken[1]
        self._happened += taken[2]

    def _undo(self, action: Undo) -> Undone:
        if not 1 <= action.n <= len(self.applied):
            raise IllegalAction(f"expected to undo 1 to {len(self.applied)} actions, found {action.n}"
                                if self.applied else "nothing to undo yet")
        taken = self._take_back(action.n)
        self._undone.append(taken)
        return Undone(action.n, action.reason, tuple(taken[0]))

    def _redo(self, action: Redo) -> Redone:
        if not self._undone:
            raise IllegalAction("nothing to redo: only what an undo took back can be redone, and only until "
                                "another action is taken")
        taken = self._undone.pop()
        self._put_back(taken)
        return Redone(len(taken[0]), action.reason, tuple(taken[0]))

    # -- overrides --------------------------------------------------------------

    def overridable_rolls(self) -> list[PastRoll]:
        """The rolls made since the last decision by a person, most recent first."""
        out: list[PastRoll] = []
        last = len(self.applied) - 1  # the last action after which a roll before it is still the one to override
        for i in range(len(self.applied) - 1, -1, -1):
            action = self.applied[i]
            if self.is_decision(action):
                break
            if isinstance(action, Roll):
                out.append(PastRoll(i, last, action.actor, self._states[i].round))
            if not isinstance(action, (Override, Note)):  # notes and overrides leave the roll before them as it is
                last = i - 1
        return out

    def is_decision(self, action: Action) -> bool:
        """Whether ``action`` was a person's choice (not the table's, a bot's or the facilitator's)."""
        config = self.setup.seats.get(action.seat)
        if config is None and action.seat in self.setup.actors:  # a stance: a team's choice, not a bot's
            return self.setup.actors[action.seat].kind == "team"
        return config is not None and config.kind == "human"

    def _override(self, action: Override) -> list[Happening]:
        rolls = self.overridable_rolls()
        roll = next((r for r in rolls if (action.actor is None or r.actor == action.actor)
                     and (action.round is None or r.round == action.round)), None)
        if roll is None:
            if action.actor is None and action.round is None:
                raise IllegalAction("no roll to override: the rolls made since the last decision at the table "
                                    "can be overridden, and none was made")
            which = " ".join(filter(None, (action.actor and f"of {action.actor}",
                                            action.round is not None and f"in round {action.round}" or "")))
            raise IllegalAction(f"the roll {which} can no longer be overridden (or was never made): only the rolls "
                                "made since the last decision at the table can be")
        happened: list[Happening] = []
        n = len(self.applied) - 1 - roll.last
        taken = self._take_back(n)
        if n:
            happened.append(Undone(n, f"to override {roll.actor}'s roll: {action.reason}", tuple(taken[0])))
        try:
            state, own = apply(self.state, action)
        except IllegalAction:
            self._put_back(taken)  # a refused override changes nothing
            raise
        self._push(action, state, own)
        happened += own
        for step in taken[0]:
            happened += self._replay(step)
        return happened

    def _replay(self, step: Action) -> list[Happening]:
        """Make a step taken back by an override again: a ruling as it was, a table step or bot move afresh."""
        if step.seat == FACILITATOR:
            try:
                state, happened = apply(self.state, step)
            except IllegalAction as e:
                return [NotReplayed(step, str(e))]
            self._push(step, state, happened)
            return [Replayed(step), *happened]
        from .bots import automatic_action  # here: only an override replays a bot's move

        again = automatic_action(self.state)
        if again is None:
            why = "the game is over" if to_move(self.state) is None else "a person decides now"
            return [NotReplayed(step, f"the game went another way after the override: {why}")]
        out: list[Happening] = []
        if again != step:
            if again.seat == step.seat != TABLE:
                why = ("the bot chose again after the override" if step in legal_actions(self.state) else
                       "no longer possible after the override: the bot chose again")
            else:
                why = "the game went another way after the override"
            out.append(NotReplayed(step, why))
        state, happened = apply(self.state, again)
        self._push(again, state, happened)
        return out + [Replayed(again), *happened]

    # -- the journal --------------------------------------------------------------

    def story(self) -> list[tuple[Action, list[Happening]]]:
        """Every logged action with what it made happen, from the start (kept as the game acted: no replay)."""
        return list(self._journal)

    def entries(self) -> list[Entry]:
        """Every logged action with what it made happen and the states before and after it (no replay)."""
        befores = [self._states[0], *self._after][: len(self._after)]  # the state each action was applied to
        return [Entry(action, happened, before, after)
                for (action, happened), before, after in zip(self._journal, befores, self._after, strict=True)]

    def recent(self, count: int) -> list[tuple[int, Action, list[Happening]]]:
        """The last ``count`` actions still in force, oldest first, as (index in ``applied``, action, what it did)."""
        first = max(0, len(self.applied) - count)
        return [(i, self.applied[i], self._happened[i]) for i in range(first, len(self.applied))]

    def back(self) -> Iterator[tuple[int, list[Happening]]]:
        """The actions still in force from the last to the first, lazily: each one's index in ``applied`` and what it
        made happen (nothing is copied: a reader that stops early pays only for what it read)."""
        for index in range(len(self.applied) - 1, -1, -1):
            yield index, self._happened[index]

    def applied_entry(self, index: int) -> Entry:
        """The action at ``index`` in ``applied``, with what it did and the states before and after it."""
        return Entry(self.applied[index], self._happened[index], self._states[index], self._states[index + 1])

    def recent_entries(self, count: int) -> list[Entry]:
        """The last ``count`` actions still in force, oldest first, each with what it did and the states before and
        after it (no copy of the whole game: a long game costs no more than a short one)."""
        first = max(0, len(self.applied) - count)
        return [Entry(self.applied[i], self._happened[i], self._states[i], self._states[i + 1])
                for i in range(first, len(self.applied))]

    @classmethod
    def replay(cls, deck: Deck, setup: Setup, actions: Iterable[Action]) -> Game:
        """The game that these actions (a previous game's ``log``) make from this setup."""
        game = cls(deck, setup)
        for action in actions:
            game.act(action)
        return game
