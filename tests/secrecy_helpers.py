"""Helpers shared by the secrecy tests (views, hidden tallies): a bot game, and every string inside a value."""

from __future__ import annotations

import attrs

from tabletop.engine import Game, SeatConfig, Setup
from tabletop.engine.bots import automatic_action


def bot_game(deck, seed: int, **seats) -> Game:
    """A game of the two-seat test decks (port and isle) played by bots to its end; ``seats`` replaces either."""
    chosen = {"port": SeatConfig("bot"), "isle": SeatConfig("bot")} | seats
    game = Game(deck, Setup(chosen, seed))
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
    return game


def strings(value) -> list[str]:
    """Every string inside a value made of attrs classes, tuples, lists, sets and dicts (a deck is left out)."""
    if isinstance(value, str):
        return [value]
    if attrs.has(type(value)):
        return [s for f in attrs.fields(type(value)) if f.name != "deck" for s in strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(k) + strings(v)]
    if isinstance(value, (tuple, list, frozenset)):
        return [s for v in value for s in strings(v)]
    return []
