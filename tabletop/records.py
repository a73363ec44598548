"""What every attrs class of tabletop shares: one ``__repr__``, written here once.

attrs writes the source of each class's ``__repr__`` (an f-string naming every field) and compiles it when the
class is made, at import. For the ~90 classes of the models, the actions, the happenings and the state that was
half of all the compiling attrs does at start-up, and most of the memory it kept; none of it is ever used unless
something is printed. So the classes say ``repr=False`` and inherit `Record`, whose ``__repr__`` reads the same
(``Name(field=value, ...)``, the fields attrs would show, in order).
"""

from __future__ import annotations

from typing import Any

import attrs


class Record:
    """Base of the attrs classes (``@attrs.frozen(repr=False)`` or ``@attrs.define(repr=False)``). No fields."""

    __slots__ = ()

    def __repr__(self) -> str:
        cls = type(self)
        if not attrs.has(cls):
            return object.__repr__(self)
        return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({_fields(self, cls)})"


def _fields(obj: Any, cls: type) -> str:
    return ", ".join(f"{a.name}={a.repr(value) if callable(a.repr) else repr(value)}"
                     for a in attrs.fields(cls) if a.repr for value in (getattr(obj, a.name, attrs.NOTHING),))
