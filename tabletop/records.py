"""What every attrs class of tabletop shares: ``__repr__``, and for the frozen ones ``__eq__`` and ``__hash__``,
written here once.

attrs writes the source of these methods for each class (an f-string naming every field, a chain of field
comparisons, a tuple of fields to hash) and compiles it when the class is made, at import. For the ~90 classes of
the models, actions, happenings and state, that was most of the compiling attrs does at start-up and much of the
memory it kept. So the frozen classes say ``@attrs.frozen(repr=False, eq=False)`` (the mutable ones
``@attrs.define(repr=False)``, keeping attrs's comparison, which leaves them unhashable) and inherit `Record`, whose
methods behave as attrs's: the repr reads ``Name(field=value, ...)`` with the fields attrs would show; two records
are equal when they are of the same class and their compared fields are equal; equal records hash alike.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

import attrs


class Record:
    """Base of the attrs classes. No fields."""

    __slots__ = ()

    def __repr__(self) -> str:
        cls = type(self)
        if not attrs.has(cls):
            return object.__repr__(self)
        fields = ", ".join(f"{a.name}={a.repr(value) if callable(a.repr) else repr(value)}"
                           for a in attrs.fields(cls) if a.repr for value in (getattr(self, a.name, attrs.NOTHING),))
        return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({fields})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = _KEYS.get(self.__class__) or _key(self.__class__)
        return self is other if key is _IDENTITY else key(self) == key(other)

    def __hash__(self) -> int:
        key = _KEYS.get(self.__class__) or _key(self.__class__)
        return object.__hash__(self) if key is _IDENTITY else hash((self.__class__, key(self)))


def _identity(obj: object) -> object:
    return obj


_IDENTITY: Callable[[Any], object] = _identity  # not an attrs class (a draft of the state): compared as itself
_KEYS: dict[type, Callable[[Any], object]] = {}


def _key(cls: type) -> Callable[[Any], object]:
    """The values a class's instances are compared and hashed by: its fields with ``eq`` (all but a few), in order."""
    if not attrs.has(cls):
        key = _IDENTITY
    else:
        names = [a.name for a in attrs.fields(cls) if a.eq]
        key = attrgetter(*names) if names else _no_fields
    _KEYS[cls] = key
    return key


def _no_fields(obj: object) -> tuple[()]:
    return ()
