"""`tabletop play [DECK]`: play a game; for now always in plain text (the full-screen game comes later).

Exit 0 when the game ends or input runs out, 1 for a bad deck, 2 for bad options.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

from ..deck import Deck, DeckError, load_deck
from ..engine.play import run_headless
from ..engine.rules import new_game
from ..engine.state import SeatConfig
from ..paths import default_deck

NAME = "play"
HELP = "Play a game: seats by people or bots, dice for the regional actors."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("deck", nargs="?", type=Path, metavar="DECK", help="deck file (default: the bundled deck)")
    parser.add_argument("--headless", action="store_true", help="play in plain text, without the full-screen interface")
    parser.add_argument("--seed", type=int, help="seed for cards and dice (default: a random one, printed)")
    parser.add_argument("--seats", default="", metavar="SEAT=KIND,...",
                        help="who plays each seat: human or bot, a bot optionally with a style "
                             "(e.g. east=bot:hawk,west=human, with the deck's seat ids); seats not named are human")
    parser.add_argument("--rounds", type=_positive, help="number of rounds (default: the deck's)")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, found {value}")
    return value


def parse_seats(text: str, deck: Deck) -> dict[str, SeatConfig]:
    """``east=bot:hawk,west=human`` -> seat configurations; seats not named are human. `ValueError` if malformed."""
    known = [s.id for s in deck.seats]
    seats = {seat_id: SeatConfig() for seat_id in known}
    for part in filter(None, (p.strip() for p in text.split(","))):
        seat_id, sep, who = part.partition("=")
        kind, _, style = who.partition(":")
        seat_id, kind = seat_id.strip(), kind.strip()
        if not sep or kind not in ("human", "bot"):
            raise ValueError(f"expected SEAT=human or SEAT=bot[:STYLE] in --seats, found {part!r}")
        if seat_id not in known:
            raise ValueError(f"unknown seat {seat_id!r} in --seats; this deck's seats: {', '.join(known)}")
        seats[seat_id] = SeatConfig(kind, style.strip() or None)
    return seats


def run(args: argparse.Namespace) -> int:
    try:
        deck = load_deck(args.deck or default_deck())
    except DeckError as e:
        print(e, file=sys.stderr)
        return 1
    seed = args.seed if args.seed is not None else secrets.randbelow(2**32)
    try:
        seats = parse_seats(args.seats, deck)
        new_game(deck, seats, seed, args.rounds)  # checks seats and styles against the deck before play
    except ValueError as e:
        print(f"tabletop play: {e}", file=sys.stderr)
        return 2
    # The full-screen game launches here when not args.headless, once it exists; until then, plain text.
    run_headless(deck, seats, seed, args.rounds)
    return 0
