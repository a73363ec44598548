"""What a game's setup may be: the seed, the number of rounds and who plays each seat, checked in one place.

`tabletop.engine.rules.new_game` refuses any setup these rules refuse, and the
command line and the setup screen check what people type with the same
functions, so that every way into a game accepts the same setups and says the
same thing about the rest. Each refusal is a `SetupError` naming the part of
the setup that is wrong (``field``: "seed", "rounds", "seats" or "actors").

- **Seeds** are whole numbers from `SEED_MIN` to `SEED_MAX`: the game's
  generator holds 64 bits (`tabletop.engine.rng`), so a larger or negative
  number would only repeat a game of this range under another name. Seeds that
  tabletop draws for a new game are below `DRAWN_SEEDS`, short enough to read
  out and type again.
- **Rounds** lie within the bounds a deck's own ``rounds`` may take
  (`round_bounds`).
- **Seats**: one configuration per seat of the deck; a style only for the
  offer seat, and one of its styles.
- **Actors**: only the deck's actors, each played by the dice, a team or a bot
  (a bot's fixed stance one of the actor's).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..deck.model import Deck, DeckMeta
from .state import ActorConfig, SeatConfig, Setup

SEED_MIN = 0
SEED_MAX = 2**64 - 1
#: Seeds drawn for a new game (on the command line and on the setup screen) are below this.
DRAWN_SEEDS = 10**6


class SetupError(ValueError):
    """A setup no game can start from; ``field`` is the part that is wrong: "seed", "rounds" or "seats"."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


#: The bounds of a deck's own ``rounds`` (`tabletop.deck.model.DeckMeta`).
ROUND_BOUNDS: tuple[int, int] = (attrs.fields(DeckMeta).rounds.metadata["min"],
                                 attrs.fields(DeckMeta).rounds.metadata["max"])


def round_bounds(deck: Deck) -> tuple[int, int]:
    """The fewest and most rounds a game of ``deck`` may last: the bounds of a deck's own ``rounds``."""
    return ROUND_BOUNDS


def check_seed(seed: object) -> int:
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise SetupError("seed", f"expected a whole number as the seed, found {seed!r}")
    if not SEED_MIN <= seed <= SEED_MAX:
        raise SetupError("seed", f"expected a seed from {SEED_MIN} to {SEED_MAX}, found {seed}")
    return seed


def check_rounds(deck: Deck, rounds: object) -> int | None:
    """``rounds`` if a game of ``deck`` may last that long (None: the deck's own number of rounds)."""
    if rounds is None:
        return None
    low, high = round_bounds(deck)
    if not isinstance(rounds, int) or isinstance(rounds, bool):
        raise SetupError("rounds", f"expected a whole number of rounds, found {rounds!r}")
    if not low <= rounds <= high:
        raise SetupError("rounds", f"expected from {low} to {high} rounds, found {rounds}")
    return rounds


def check_seats(deck: Deck, seats: Mapping[str, SeatConfig]) -> None:
    known = [s.id for s in deck.seats]
    unknown = [seat_id for seat_id in seats if seat_id not in known]
    if unknown:
        raise SetupError("seats", f"unknown seat {unknown[0]!r}; this deck's seats: {', '.join(known)}")
    missing = [seat_id for seat_id in known if seat_id not in seats]
    if missing:
        raise SetupError("seats", f"expected a configuration for each seat of the deck ({', '.join(known)}), "
                                  f"found none for {', '.join(missing)}")
    for seat in deck.seats:
        config = seats[seat.id]
        if not isinstance(config, SeatConfig):
            raise SetupError("seats", f"expected a seat configuration for {seat.id!r}, found {config!r}")
        if config.style is None:
            continue
        if seat.role == "respond":
            raise SetupError("seats", f"seat {seat.id!r} takes no style: its bot follows the hidden motive")
        styles = [st.id for st in seat.styles]
        if config.style not in styles:
            raise SetupError("seats", f"seat {seat.id!r} has no style {config.style!r}; "
                                      f"its styles: {', '.join(styles) or 'none'}")


def check_setup(deck: Deck, setup: Setup) -> Setup:
    """``setup`` if a game of ``deck`` can start from it; `SetupError` saying what is wrong otherwise."""
    check_seats(deck, setup.seats)
    check_seed(setup.seed)
    check_rounds(deck, setup.rounds)
    check_actors(deck, setup.actors)
    return setup


def check_actors(deck: Deck, actors: Mapping[str, ActorConfig]) -> None:
    """Each actor named is one of the deck's, and a bot's fixed stance is one of that actor's stances."""
    known = [a.id for a in deck.actors]
    for actor_id, config in actors.items():
        if actor_id not in known:
            raise SetupError("actors", f"unknown actor {actor_id!r}; this deck's actors: {', '.join(known)}")
        if not isinstance(config, ActorConfig):
            raise SetupError("actors", f"expected an actor configuration for {actor_id!r}, found {config!r}")
        if config.stance is not None:
            stances = [st.id for st in deck.actor(actor_id).stances]
            if config.kind != "bot":
                raise SetupError("actors", f"actor {actor_id!r}: only a bot takes a fixed stance")
            if config.stance not in stances:
                raise SetupError("actors", f"actor {actor_id!r} has no stance {config.stance!r}; its stances: "
                                           f"{', '.join(stances) or 'none'}")


def seed_from_text(text: str) -> int:
    """The seed typed as ``text`` (on the command line or the setup screen); `SetupError` if it is not one."""
    try:
        seed = int(text.strip())
    except ValueError:
        raise SetupError("seed", f"expected a whole number as the seed, found {text.strip()!r}") from None
    return check_seed(seed)


def rounds_from_text(deck: Deck, text: str) -> int:
    """The number of rounds typed as ``text``; `SetupError` if a game of ``deck`` cannot last that long."""
    try:
        rounds = int(text.strip())
    except ValueError:
        raise SetupError("rounds", f"expected a whole number of rounds, found {text.strip()!r}") from None
    check_rounds(deck, rounds)
    return rounds
