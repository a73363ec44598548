"""A JSON Schema (Draft 4 features only, so Taplo and other editors accept it) for deck
files, generated from the model so that it cannot drift from the loader.

The schema describes one file: the main file or an included one. Rules that need
the whole merged deck (at least one tally, references between ids, ...) are the
loader's, not the schema's.
"""

from __future__ import annotations

import json
import typing
from typing import Any, Literal

import attrs

from . import model as m
from .structure import hints, toml_key, unwrap_optional

_FACTORY: type = type(attrs.Factory(list))  # attrs.Factory is a class (its type stubs say a function)

SCHEMA_URI = "http://json-schema.org/draft-04/schema#"


def _type(tp: Any, meta: typing.Mapping, defs: dict) -> dict:
    tp = unwrap_optional(tp)
    origin = typing.get_origin(tp)
    out: dict[str, Any]
    if attrs.has(tp):
        _define(tp, defs)
        return {"$ref": f"#/definitions/{tp.__name__}"}
    if origin is tuple:
        (item, _) = typing.get_args(tp)
        out = {"type": "array", "items": _type(item, meta.get("item", {}), defs)}
        if "max" in meta:
            out["maxItems"] = meta["max"]
        if meta.get("one_or_many"):
            return {"anyOf": [_type(item, meta.get("item", {}), defs), out]}
        return out
    if origin is dict:
        value = {"type": "integer"}
        if "value_min" in meta:
            value.update(minimum=meta["value_min"], maximum=meta["value_max"])
        return {"type": "object", "additionalProperties": value}
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if tp is int:
        out = {"type": "integer"}
        if "min" in meta:
            out["minimum"] = meta["min"]
        if "max" in meta:
            out["maximum"] = meta["max"]
        return out
    if tp is bool:
        return {"type": "boolean"}
    if tp is str:
        out = {"type": "string"}
        if "max" in meta:
            out["maxLength"] = meta["max"]
        if "pattern" in meta:
            out["pattern"] = meta["pattern"]
        return out
    raise TypeError(f"no schema for {tp!r}")


def _object(cls: type, defs: dict, *, required: bool = True) -> dict:
    props, needed = {}, []
    types_ = hints(cls)
    for a in attrs.fields(cls):
        if a.metadata.get("internal"):
            continue
        key = toml_key(a)
        prop = _type(types_[a.name], a.metadata, defs)
        if "$ref" in prop:  # Draft 4 ignores siblings of $ref: wrap to keep the description
            prop = {"allOf": [prop]}
        prop["description"] = a.metadata.get("doc", "")
        if a.default is attrs.NOTHING:
            needed.append(key)
        elif not isinstance(a.default, _FACTORY) and a.default not in (None, ()):
            prop["default"] = a.default
        props[key] = prop
    out = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "),
        "properties": props,
        "additionalProperties": False,
    }
    if needed and required:
        out["required"] = needed
    return out


def _define(cls: type, defs: dict) -> None:
    if cls.__name__ not in defs:
        defs[cls.__name__] = {}  # placeholder against recursion
        defs[cls.__name__] = _object(cls, defs)


def generate() -> dict:
    defs: dict[str, Any] = {}
    top = _object(m.Deck, defs, required=False)  # an included file has only some of these
    schema = {
        "$schema": SCHEMA_URI,
        "title": "tabletop deck",
        **top,
        "definitions": dict(sorted(defs.items())),
    }
    schema["description"] = (
        "A tabletop deck file (the main file or one it includes). "
        "Run `tabletop check DECK` for the checks a schema cannot express."
    )
    return schema


def render() -> str:
    return json.dumps(generate(), indent=2, ensure_ascii=False) + "\n"
