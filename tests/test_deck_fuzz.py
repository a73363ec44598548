"""Whatever the input, the loader answers with DeckError (or a deck), never a traceback."""

from __future__ import annotations

import string
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profiles import examples

from tabletop.deck import DeckError, inspect_deck, load_deck

HERE = Path(__file__).parent
MINIMAL = (HERE / "decks" / "minimal.toml").read_text(encoding="utf-8")

keys = st.sampled_from(
    ["deck", "id", "title", "source", "tallies", "min", "max", "start", "seats", "role", "actors", "reactions",
     "effects", "trust", "motives", "weight", "options", "responses", "events", "endings", "final", "when",
     "tally", "at_least", "modifiers", "value", "reason", "actor", "include", "dice", "rounds", "scoring",
     "seat", "points", "per_tally", "policy", "card", "tag", "copies", "requires", "label", "text", "x"]
)
scalars = st.one_of(
    st.integers(-(10**20), 10**20), st.booleans(), st.text(max_size=12), st.floats(allow_nan=False),
    st.sampled_from(["2d6", "d1000", "99d99", "1d6+2", "../x.toml", "/etc/passwd", "offer", "respond", "trust"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=5)),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=8)


def _check(tmp_path: Path, text: str | bytes) -> None:
    path = tmp_path / "deck.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        load_deck(path)
    except DeckError as e:
        assert e.problems, "a DeckError must carry at least one problem"
        for p in e.problems:
            assert str(p)  # every problem can be printed
    result = inspect_deck(path)
    assert (result.deck is None) == bool(result.errors)


@settings(max_examples=examples(1.5), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents)
def test_random_documents_only_raise_deck_errors(tmp_path, doc):
    _check(tmp_path, tomli_w.dumps(doc))


@settings(max_examples=examples(1.5), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_minimal_deck_only_raises_deck_errors(tmp_path, data):
    text = MINIMAL
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        chunk = data.draw(st.text(alphabet=string.printable + "é\u0000", max_size=6))
        if op == "insert":
            text = text[:at] + chunk + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + len(chunk) + 1 :]
        else:
            text = text[:at] + chunk + text[at + len(chunk) :]
    _check(tmp_path, text)


@settings(max_examples=examples(0.5), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_random_bytes_only_raise_deck_errors(tmp_path, blob):
    _check(tmp_path, blob)
