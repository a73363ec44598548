"""Words about the regional actors in the help and on the table's status line: each actor's own dice, and the
deck's own actors (never a phrase written for one deck)."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from tabletop.deck import load_deck
from tabletop.present.text import SHORT_ACTORS, and_list, rolls_by_dice, who_rolls
from tabletop.ui.screens.help import help_blocks

DECKS = Path(__file__).parent / "decks"
SMALL = load_deck(DECKS / "small.toml")  # The League rolls 2d6 (its own), The trader 1d6 (its own)


def help_text(deck) -> str:
    return "\n".join(body.plain for _, _, body in help_blocks(deck, []))


def with_actors(deck, *labels_and_dice):
    template = deck.actors[0]
    actors = tuple(attrs.evolve(template, id=f"a{n}", label=label, dice=dice)
                   for n, (label, dice) in enumerate(labels_and_dice))
    return attrs.evolve(deck, actors=actors)


def test_the_help_gives_each_actor_its_own_dice():
    shown = help_text(SMALL)
    assert "Reactions: The League rolls 2d6, The trader rolls 1d6 plus modifiers" in shown
    assert "The trader rolls 2d6" not in shown and "each of The League and The trader rolls" not in shown


def test_the_help_groups_actors_rolling_the_same_dice():
    deck = with_actors(SMALL, ("North", None), ("South", "1d10+2"), ("East", None))
    assert deck.deck.dice == "2d6"
    assert rolls_by_dice(deck) == [("each of North and East rolls", "2d6"), ("South rolls", "1d10+2")]
    assert "Reactions: each of North and East rolls 2d6, South rolls 1d10+2 plus modifiers" in help_text(deck)


@pytest.mark.parametrize("labels, said", [
    (["The League"], "The League rolls"),
    (["The League", "The trader"], "The League and The trader roll"),
    (["N", "S", "E"], "N, S and E roll"),
    (["The Northern Federation", "The Southern League", "The Isles"], "the regional actors roll"),
])
def test_the_status_line_names_the_actors_when_short(labels, said):
    deck = with_actors(SMALL, *((label, None) for label in labels))
    assert who_rolls(deck) == said
    assert len(and_list(labels)) <= SHORT_ACTORS or said == "the regional actors roll"
