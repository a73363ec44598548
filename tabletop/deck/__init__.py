"""Decks: TOML data describing a crisis game, loaded into frozen attrs models."""

from .errors import DeckError, Problem
from .load import Inspection, inspect_deck, load_deck
from .model import Deck

__all__ = ["Deck", "DeckError", "Inspection", "Problem", "inspect_deck", "load_deck"]
