"""The JSON Schema is generated from the model, current in the repo, Draft 4 only, and
every shipped deck validates against it."""

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from tabletop.deck.schema import render

REPO = Path(__file__).resolve().parent.parent
SCHEMA_FILE = REPO / "decks" / "deck.schema.json"
SHIPPED = sorted((REPO / "decks").rglob("*.toml"))


def test_schema_file_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), (
        "decks/deck.schema.json is stale: run `tabletop schema -o decks/deck.schema.json`"
    )


def test_schema_is_valid_draft_4():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(schema)
    later_keywords = {"const", "if", "then", "else", "$defs", "dependentRequired", "prefixItems",
                      "unevaluatedProperties", "propertyNames", "contains", "examples"}

    def keywords(node):
        """Every schema keyword used, skipping the names under 'properties' (those are deck keys)."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "properties":
                    for prop in value.values():
                        yield from keywords(prop)
                else:
                    yield key
                    yield from keywords(value)
        elif isinstance(node, list):
            for item in node:
                yield from keywords(item)

    used = set(keywords(schema))
    assert "additionalProperties" in used and not used & later_keywords


def test_the_default_deck_is_shipped():
    assert REPO / "decks" / "korea-2018.toml" in SHIPPED


@pytest.mark.parametrize("deck", SHIPPED, ids=lambda p: p.name)
def test_shipped_decks_validate_and_name_the_schema(deck):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    text = deck.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("#:schema "), "every shipped deck starts with a #:schema line"
    target = (deck.parent / text.splitlines()[0].split(None, 1)[1]).resolve()
    assert target == SCHEMA_FILE.resolve()
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(tomllib.loads(text)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_schema_rejects_what_the_loader_rejects():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    bad = {"deck": {"id": "Bad Id", "title": "t", "source": "s"}, "tallies": [{"id": "x", "label": "X", "mxa": 3}]}
    messages = [e.message for e in jsonschema.Draft4Validator(schema).iter_errors(bad)]
    assert any("does not match" in m for m in messages)
    assert any("mxa" in m for m in messages)
