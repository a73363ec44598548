"""Decks are the only place a crisis appears: the code names no country, leader or scenario."""

import re
from pathlib import Path

import pytest

from tabletop.paths import default_deck

PACKAGE = Path(__file__).resolve().parent.parent / "tabletop"
WORDS = re.compile(r"\b(korea|korean|pyongyang|seoul|kim|trump|china|japan|russia|dprk|beijing|tokyo|moscow)\b",
                   re.IGNORECASE)


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")) + sorted(PACKAGE.rglob("*.tcss")),
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_source_names_no_crisis(path):
    hits = [f"{n}: {line.strip()}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if WORDS.search(line)]
    assert not hits, "\n".join(hits)


def test_the_default_deck_is_named_by_data():
    assert default_deck().is_file()
    assert default_deck().name == (default_deck().parent / "default.txt").read_text(encoding="utf-8").strip()
