"""`Game`: a game in progress, with its full action log and the states that undo goes back to."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from attrs import frozen

from ..deck.model import Deck
from .actions import Action, IllegalAction, Undo
from .happenings import Happening, Undone
from .rules import apply, legal_actions, new_game
from .state import GameState, Setup


@frozen
class Entry:
    """One logged action of a game's journal: what it made happen, the state it was applied to and the one it left.

    For an `Undo`, ``after`` is the state it went back to.
    """

    action: Action
    happened: list[Happening]
    before: GameState
    after: GameState


class Game:
    """A deck, a setup and every action taken, from which the current state follows.

    ``log`` is the full record, `Undo` entries included: replaying it rebuilds
    the game exactly (a save is the deck's identity, the setup and this log).
    ``applied`` is the actions still in force, oldest first; ``Undo(n)`` takes
    back the last ``n`` of them, whatever they were (table steps, seat moves,
    overrides, adjustments and notes all count; undos themselves are not
    counted and cannot be undone). Going back restores the generator's state
    too, so playing the same actions again gives the same dice.

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
        self._states: list[GameState] = [new_game(deck, setup.seats, setup.seed, setup.rounds)]
        self.listeners: list[Callable[[Game, Action, list[Happening]], object]] = []
        self._journal: list[tuple[Action, list[Happening]]] = []  # every logged action and what it made happen
        self._after: list[GameState] = []  # the state each logged action left (shared with ``_states``: no copy)
        self._happened: list[list[Happening]] = []  # what each action in ``applied`` made happen

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
        """Apply an action (`Undo` included) and log it; `IllegalAction` leaves the game unchanged."""
        if isinstance(action, Undo):
            happened: list[Happening] = [self._undo(action)]
        else:
            state, happened = apply(self.state, action)
            self._states.append(state)
            self.applied.append(action)
            self._happened.append(happened)
        self.log.append(action)
        self._journal.append((action, happened))
        self._after.append(self.state)
        for listener in tuple(self.listeners):
            listener(self, action, happened)
        return list(happened)  # a copy: the journal keeps its own

    def undo(self, n: int = 1, reason: str = "") -> list[Happening]:
        return self.act(Undo(n, reason))

    def _undo(self, action: Undo) -> Undone:
        if not 1 <= action.n <= len(self.applied):
            raise IllegalAction(f"expected to undo 1 to {len(self.applied)} actions, found {action.n}"
                                if self.applied else "nothing to undo yet")
        taken = tuple(self.applied[-action.n:])
        del self.applied[-action.n:]
        del self._states[-action.n:]
        del self._happened[-action.n:]
        return Undone(action.n, action.reason, taken)

    def story(self) -> list[tuple[Action, list[Happening]]]:
        """Every logged action with what it made happen, from the start (kept as the game acted: no replay)."""
        return list(self._journal)

    def entries(self) -> list[Entry]:
        """Every logged action with what it made happen and the states before and after it (no replay)."""
        befores = [self._states[0], *self._after[:-1]]
        return [Entry(action, happened, before, after)
                for (action, happened), before, after in zip(self._journal, befores, self._after)]

    def recent(self, count: int) -> list[tuple[int, Action, list[Happening]]]:
        """The last ``count`` actions still in force, oldest first, as (index in ``applied``, action, what it did)."""
        first = max(0, len(self.applied) - count)
        return [(i, self.applied[i], self._happened[i]) for i in range(first, len(self.applied))]

    @classmethod
    def replay(cls, deck: Deck, setup: Setup, actions: Iterable[Action]) -> Game:
        """The game that these actions (a previous game's ``log``) make from this setup."""
        game = cls(deck, setup)
        for action in actions:
            game.act(action)
        return game
