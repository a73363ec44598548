"""Actions: everything that moves a game on, as small frozen values that round-trip through JSON.

``seat`` says who makes an action: a seat id for `Play`, `Pass` and `Guess`,
``"table"`` for the system steps (`Draw`, `Roll`, `CloseRound`), an actor's id for `TakeStance` and
``"facilitator"`` for `Override`, `Adjust`, `Note`, `Inject`, `Undo` and `Redo`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import attrs
from attrs import field, frozen

from ..records import Record
from .state import FACILITATOR, TABLE

_str = attrs.validators.instance_of(str)
_int = attrs.validators.instance_of(int)
_opt_int = attrs.validators.optional(_int)


class IllegalAction(ValueError):
    """The action cannot be applied to this state; the message says why."""


class Action(Record):
    """Base class of the actions below, each an attrs class."""

    __slots__ = ()

    TYPE: ClassVar[str]
    if TYPE_CHECKING:
        __attrs_attrs__: ClassVar[tuple[attrs.Attribute[object], ...]]

        @property
        def seat(self) -> str:
            """Who makes the action: a field, or a class variable of the actions only the table or facilitator makes."""

    def to_dict(self) -> dict[str, object]:
        return {"type": self.TYPE, **attrs.asdict(self)}


@frozen(repr=False, eq=False)
class Draw(Action):
    """Draw this round's event (table)."""

    TYPE: ClassVar[str] = "draw"
    seat: ClassVar[str] = TABLE


@frozen(repr=False, eq=False)
class Play(Action):
    """The seat plays a card: an option from the offer seat's hand, or a response."""

    TYPE: ClassVar[str] = "play"
    seat: str = field(validator=_str)
    card: str = field(validator=_str)


@frozen(repr=False, eq=False)
class Pass(Action):
    """The seat plays nothing: legal only when it has no playable card."""

    TYPE: ClassVar[str] = "pass"
    seat: str = field(validator=_str)


@frozen(repr=False, eq=False)
class Roll(Action):
    """Roll for the next regional actor (table)."""

    TYPE: ClassVar[str] = "roll"
    seat: ClassVar[str] = TABLE
    actor: str = field(validator=_str)


@frozen(repr=False, eq=False)
class TakeStance(Action):
    """The team or bot playing ``actor`` takes one of its stances before its roll (the one who acts is the actor)."""

    TYPE: ClassVar[str] = "stance"
    actor: str = field(validator=_str)
    stance: str = field(validator=_str)

    @property
    def seat(self) -> str:
        return self.actor


@frozen(repr=False, eq=False)
class CloseRound(Action):
    """Close the round: record the tallies, refill the hand, read the final endings after the last round (table)."""

    TYPE: ClassVar[str] = "close"
    seat: ClassVar[str] = TABLE


def _pairs(value: object) -> tuple[tuple[str, int], ...] | None:
    """A spread as (motive, percent) pairs, from pairs or a JSON list of pairs; ValueError for anything else."""
    if value is None:
        return None
    if not isinstance(value, (list, tuple)) or not all(
            isinstance(p, (list, tuple)) and len(p) == 2 and isinstance(p[0], str) and type(p[1]) is int for p in value):
        raise ValueError(f"expected a spread as [motive, percent] pairs, found {value!r}")
    return tuple((str(m), int(n)) for m, n in value)


@frozen(repr=False, eq=False)
class Guess(Action):
    """The offer seat names the hidden motive."""

    TYPE: ClassVar[str] = "guess"
    seat: str = field(validator=_str)
    motive: str = field(validator=_str)
    #: With a deck whose ``guess_rule`` scores a spread: (motive, chance in whole percent) for every motive, adding
    #: up to 100 (``motive`` is then the likeliest). None: all on ``motive``.
    spread: tuple[tuple[str, int], ...] | None = field(default=None, converter=_pairs)

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        if self.spread is None:
            del data["spread"]  # a plain guess is written as before
        return data


@frozen(repr=False, eq=False)
class Override(Action):
    """Replace a roll's result: give either a new ``total`` or a ``row`` index, not both.

    The roll is ``actor``'s in ``round``, one of those made since the last decision at the table (see
    `tabletop.engine.game.Game`, which takes back what came after it and makes it again); without them,
    the most recent such roll (as saves of version 2 and before record it, always right after the roll).
    `tabletop.engine.rules.apply` overrides only the roll just made (notes and overrides aside)."""

    TYPE: ClassVar[str] = "override"
    seat: ClassVar[str] = FACILITATOR
    reason: str = field(validator=_str)
    total: int | None = field(default=None, validator=_opt_int)
    row: int | None = field(default=None, validator=_opt_int)
    actor: str | None = field(default=None, validator=attrs.validators.optional(_str))
    round: int | None = field(default=None, validator=_opt_int)

    def to_dict(self) -> dict[str, object]:
        data = super().to_dict()
        for key in ("actor", "round"):  # a save of the most recent roll reads as before
            if data[key] is None:
                del data[key]
        return data


@frozen(repr=False, eq=False)
class Adjust(Action):
    """Change a tally by ``delta`` (clamped to its bounds)."""

    TYPE: ClassVar[str] = "adjust"
    seat: ClassVar[str] = FACILITATOR
    tally: str = field(validator=_str)
    delta: int = field(validator=_int)
    reason: str = field(validator=_str)


@frozen(repr=False, eq=False)
class Note(Action):
    """A remark for the log; changes nothing else."""

    TYPE: ClassVar[str] = "note"
    seat: ClassVar[str] = FACILITATOR
    text: str = field(validator=_str)


@frozen(repr=False, eq=False)
class Inject(Action):
    """Draw a named event as this round's event, instead of the draw (at the start of a round, before its event)."""

    TYPE: ClassVar[str] = "inject"
    seat: ClassVar[str] = FACILITATOR
    event: str = field(validator=_str)
    reason: str = field(validator=_str)


@frozen(repr=False, eq=False)
class Undo(Action):
    """Go back ``n`` actions (see `tabletop.engine.game.Game.undo`); needs the game's history, so only `Game` applies it."""

    TYPE: ClassVar[str] = "undo"
    seat: ClassVar[str] = FACILITATOR
    n: int = field(default=1, validator=_int)
    reason: str = field(default="", validator=_str)


@frozen(repr=False, eq=False)
class Redo(Action):
    """Put back what the last `Undo` took back, until another action is taken; only `Game` applies it."""

    TYPE: ClassVar[str] = "redo"
    seat: ClassVar[str] = FACILITATOR
    reason: str = field(default="", validator=_str)


ACTION_TYPES: dict[str, type[Action]] = {
    cls.TYPE: cls for cls in (Draw, Play, Pass, Roll, TakeStance, CloseRound, Guess, Override, Adjust, Note, Inject, Undo, Redo)
}
_KEYS: dict[str, frozenset[str]] = {kind: frozenset(a.name for a in attrs.fields(cls)) | {"type"}
                                    for kind, cls in ACTION_TYPES.items()}


def action_from_dict(data: object) -> Action:
    """The action a `Action.to_dict` dict describes; `ValueError` saying what is wrong otherwise."""
    if not isinstance(data, dict):
        raise ValueError(f"expected an action as a table/object, found {type(data).__name__}")
    kind = data.get("type")
    cls = ACTION_TYPES.get(kind) if isinstance(kind, str) else None  # not any other key: a list is not even hashable
    if cls is None:
        raise ValueError(f"expected an action type, one of {', '.join(ACTION_TYPES)}; found {kind!r}")
    unknown = data.keys() - _KEYS[cls.TYPE]
    if unknown:
        raise ValueError(f"unexpected key(s) {', '.join(sorted(unknown))} in a {kind!r} action")
    try:
        return cls(**{k: v for k, v in data.items() if k != "type"})
    except TypeError as e:
        raise ValueError(f"bad {kind!r} action {data!r}: {e}") from None
