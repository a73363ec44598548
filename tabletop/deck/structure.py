"""Turn raw TOML data into the deck model, collecting every problem on the way.

The rules come from the model's type hints and field metadata, so the loader,
the schema and the docs cannot drift apart. No value from a deck is ever
evaluated: it is only compared, counted and copied.
"""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from typing import Any, Literal

import attrs

from .errors import closest, describe, did_you_mean
from .model import MAX_NESTING, NESTING_KEYS

# C0 and C1 control characters and DEL, but for the line break and the tab: refused in every deck string.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

INVALID = object()  # returned where a value could not be structured
MAX_UNKNOWN_KEYS = 20  # reported one by one in a table (each with a suggestion); the rest in one message


class Sink(typing.Protocol):
    def __call__(self, path: tuple, message: str) -> None: ...


@cache
def hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def toml_key(a: attrs.Attribute) -> str:
    return a.metadata.get("toml", a.name)


def unwrap_optional(tp: Any) -> Any:
    """``X | None`` -> ``X``."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def kind_name(tp: Any) -> str:
    """How an expected type reads in a message."""
    tp = unwrap_optional(tp)
    if tp is str:
        return "a string"
    if tp is bool:
        return "a boolean (true or false)"
    if tp is int:
        return "an integer"
    if typing.get_origin(tp) is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if typing.get_origin(tp) is tuple:
        return "an array"
    if typing.get_origin(tp) is dict or attrs.has(tp):
        return "a table"
    return str(tp)


_ID_HELP = "an id of lowercase letters, digits, '-' and '_' (starting with a letter or digit)"


@cache
def _shape(tp: Any) -> tuple[Any, Any, bool]:
    """``tp`` without ``| None``, its origin, and whether it is a model class: worked out once per type."""
    tp = unwrap_optional(tp)
    return tp, typing.get_origin(tp), attrs.has(tp)


def structure(tp: Any, raw: Any, path: tuple, report: Sink, meta: typing.Mapping = {}) -> Any:
    """Check ``raw`` against type ``tp`` and build the value; report problems, return INVALID."""
    tp, origin, is_class = _shape(tp)

    if is_class:
        return _structure_class(tp, raw, path, report)

    if origin is tuple:
        (item_tp, _) = typing.get_args(tp)
        if meta.get("nest") and sum(1 for key in path if key in NESTING_KEYS) > MAX_NESTING:
            report(path, f"expected clauses nested at most {MAX_NESTING} deep in any, all and not, found deeper")
            return INVALID
        if meta.get("one_or_many") and type(raw) is item_tp:  # a string (an integer) for a list of one
            raw = [raw]
        if not isinstance(raw, list):
            report(path, f"expected {kind_name(tp)}, found {describe(raw)}")
            return INVALID
        if "max" in meta and len(raw) > meta["max"]:
            report(path, f"expected at most {meta['max']} items, found {len(raw)}")
            return INVALID
        # Invalid items are dropped (and reported) so the rest can still be checked.
        item_meta = meta.get("item", {})
        out = [structure(item_tp, item, path + (i,), report, item_meta) for i, item in enumerate(raw)]
        dropped = any(v is INVALID for v in out)
        out = [v for v in out if v is not INVALID]
        if not dropped and "min" in meta and len(out) < meta["min"]:
            report(path, f"expected at least {meta['min']} item{'s' if meta['min'] != 1 else ''}, found {len(out)}")
            return INVALID
        return tuple(out)

    if origin is dict:
        if not isinstance(raw, dict):
            report(path, f"expected a table of tally = change, found {describe(raw)}")
            return INVALID
        changes: dict[str, int] = {}
        for key, value in raw.items():
            v = _structure_int(value, path + (key,), report, meta.get("value_min"), meta.get("value_max"))
            if v is not INVALID:
                changes[key] = v
        return changes

    if origin is Literal:
        choices = typing.get_args(tp)
        if raw in choices and type(raw) is type(choices[0]):
            return raw
        hint = did_you_mean(raw, choices) if isinstance(raw, str) else ""
        report(path, f"expected {kind_name(tp)}, found {describe(raw)}{hint}")
        return INVALID

    if tp is int:
        return _structure_int(raw, path, report, meta.get("min"), meta.get("max"))

    if tp is bool:
        if type(raw) is not bool:
            report(path, f"expected {kind_name(tp)}, found {describe(raw)}")
            return INVALID
        return raw

    if tp is str:
        if not isinstance(raw, str):
            report(path, f"expected {kind_name(tp)}, found {describe(raw)}")
            return INVALID
        if "max" in meta and len(raw) > meta["max"]:
            report(path, f"expected at most {meta['max']} characters, found {len(raw)}")
            return INVALID
        if bad := CONTROL.search(raw):
            report(path, f"expected text without control characters (a line break or a tab is fine), found "
                   f"U+{ord(bad[0]):04X} at character {bad.start() + 1}")
            return INVALID
        if "pattern" in meta and not re.fullmatch(meta["pattern"], raw):  # `$` alone would allow a final newline
            report(path, f"expected {_ID_HELP}, found {describe(raw)}")
            return INVALID
        return raw

    raise TypeError(f"the deck model uses a type the loader does not know: {tp!r}")


def _structure_int(raw: Any, path: tuple, report: Sink, lo: int | None, hi: int | None) -> Any:
    if type(raw) is not int:
        report(path, f"expected an integer, found {describe(raw)}")
        return INVALID
    if (lo is not None and raw < lo) or (hi is not None and raw > hi):
        report(path, f"expected an integer from {lo} to {hi}, found {raw}")
        return INVALID
    return raw


def _structure_class(cls: type, raw: Any, path: tuple, report: Sink) -> Any:
    if not isinstance(raw, dict):
        report(path, f"expected a table ({cls.__name__.lower()}), found {describe(raw)}")
        return INVALID
    by_key, plan = _plan(cls)
    missing = [key for key, _, _, _, required in plan if required and key not in raw]
    misspelt = set()  # required keys that an unknown key was probably meant to be
    unknown = [key for key in raw if key not in by_key]
    if len(unknown) > MAX_UNKNOWN_KEYS:
        report(path + (unknown[MAX_UNKNOWN_KEYS],), f"unknown keys: {len(unknown) - MAX_UNKNOWN_KEYS:,} more after the first "
               f"{MAX_UNKNOWN_KEYS}; expected one of: {', '.join(by_key)}")
    for key in unknown[:MAX_UNKNOWN_KEYS]:
        guess = closest(key, by_key)
        if guess in missing:
            misspelt.add(guess)
            report(path + (key,), f"unknown key {key!r} (did you mean {guess!r}?): {guess!r} is required")
        else:
            report(path + (key,), f"unknown key {key!r}{did_you_mean(key, by_key)}; expected one of: {', '.join(by_key)}")
    # Best effort: a bad optional field falls back to its default (the problem is
    # reported), a bad required field drops the whole table.
    kwargs = {}
    complete = True
    for key, name, tp, meta, required in plan:
        if key not in raw:
            if required and key not in misspelt:
                doc = meta.get("doc", "")
                report(path, f"missing key {key!r}: expected {kind_name(tp)}" + (f" ({doc})" if doc else ""))
            complete &= not required
            continue
        value = structure(tp, raw[key], path + (key,), report, meta)
        if value is not INVALID:
            kwargs[name] = value
        elif required:
            complete = False
    return cls(**kwargs) if complete else INVALID


@cache
def _plan(cls: type) -> tuple[dict[str, attrs.Attribute], tuple[tuple[str, str, Any, Any, bool], ...]]:
    """A model class's fields by TOML key, and (key, name, type, metadata, required) per field:
    read once per class, not once per table."""
    fields = [a for a in attrs.fields(cls) if not a.metadata.get("internal")]
    types_ = hints(cls)
    plan = tuple((toml_key(a), a.name, types_[a.name], a.metadata, a.default is attrs.NOTHING) for a in fields)
    return {toml_key(a): a for a in fields}, plan
