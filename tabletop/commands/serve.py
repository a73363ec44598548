"""`tabletop serve [DECK]`: the table in a browser (textual-serve), for a projector's browser or a remote screen share.

Serves `tabletop play` (with the options given here: deck, seats, seed, rounds, pace, room view) on
``http://127.0.0.1:PORT/``; the game is saved to ``--save`` or to a new file in the data folder's ``saves/``, and a
reloaded page resumes it. ``--host ADDR`` serves on another address, with a warning: anyone who reaches it can play.
``--font-size N`` is the size of the page's text (textual-serve's ``?fontsize=``).

With ``--private``, each seat that holds a secret in this deck (a hidden motive, a tally hidden from the others),
and each regional actor with a secret objective that a team may play (with ``--actors``: that a team plays), gets
its own URL, ``/seat/TOKEN``, with a random token: it opens that seat's private view (`tabletop private`)
following the game's save. The URLs are printed for the facilitator and each is written to a new text slip next to
the save, never over another file. Without the right token a private URL answers 404 with a short text.

Exit 0 when stopped with Ctrl+C, 1 for a bad deck, save or slip, 2 for bad options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from ..deck import Deck, DeckError
from ..engine.limits import SetupError, check_actors, check_rounds, check_setup
from ..engine.state import ActorConfig, Setup
from ..paths import default_deck, open_deck
from ..safetext import visible
from ..saves import SaveError
from ..saves.store import SAVE_SUFFIX, existing_save, saves_dir
from .play import _seed, _whole, add_pace_arguments, parse_actors, parse_seats

NAME = "serve"
HELP = ("Serve the table in a browser (textual-serve) on this machine; --private gives each seat with a secret its "
        "own private URL with a random token.")

#: The port served by default.
DEFAULT_PORT = 8000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..ui.web import LOCAL_HOST

    parser.add_argument("deck", nargs="?", type=Path, metavar="DECK", help="deck file (default: the bundled deck)")
    parser.add_argument("--seats", default="", metavar="SEAT=KIND,...",
                        help="who plays each seat, as for `tabletop play` (default: the setup screen asks)")
    parser.add_argument("--actors", default="", metavar="ACTOR=KIND,...",
                        help="who plays the regional actors, as for `tabletop play` (default: the setup screen asks)")
    parser.add_argument("--seed", type=_seed, help="seed for cards and dice, as for `tabletop play`")
    parser.add_argument("--rounds", type=_whole, help="number of rounds (default: the deck's)")
    add_pace_arguments(parser)
    parser.add_argument("--save", type=Path, metavar="PATH", help="the game's save: an existing save is resumed, a "
                        "new path is where the game is saved (default: a new file in tabletop's data folder, saves/)")
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"the port to serve on (default: {DEFAULT_PORT})")
    parser.add_argument("--host", default=LOCAL_HOST, metavar="ADDR", help=f"the address to serve on (default: "
                        f"{LOCAL_HOST}, this machine only); any other address is reachable by others and is warned of")
    parser.add_argument("--font-size", type=_font_size, metavar="N", help="the size of the page's text in pixels "
                        "(default 16; larger for a room)")
    parser.add_argument("--private", action="store_true", help="give each seat with a secret its own private URL "
                        "with a random token, printed here and written to a slip next to the save")


def _port(text: str) -> int:
    port = _whole(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, found {port}")
    return port


def _font_size(text: str) -> int:
    size = _whole(text)
    if not 6 <= size <= 96:
        raise argparse.ArgumentTypeError(f"expected a size from 6 to 96, found {size}")
    return size


def secret_seats(deck: Deck) -> list[str]:
    """The seats that hold a secret in this deck: whose private view at the start of a game shows one (a hidden
    motive, a tally hidden from another seat). The same seats for every seed, as the deck says it."""
    from ..engine.game import Game
    from ..engine.state import SeatConfig
    from ..present.private import private_picture

    game = Game(deck, Setup({s.id: SeatConfig() for s in deck.seats}, 1, None))
    return [s.id for s in deck.seats if not private_picture(game, s.id).secret.empty]


def secret_teams(deck: Deck, actors: Mapping[str, ActorConfig] | None = None) -> list[str]:
    """The regional actors whose team holds a secret: those with a secret objective that a team may play (those
    with stances or objectives), or, when ``actors`` says who plays them, that a team plays."""
    return [a.id for a in deck.actors if any(ob.secret for ob in a.objectives)
            and (actors is None or (a.id in actors and actors[a.id].kind == "team"))]


def view_args(args: argparse.Namespace) -> list[str]:
    """The pace, room-view and clock options, given on to the served command."""
    out: list[str] = []
    if args.pace is not None:
        out += ["--pace", args.pace]
    if args.no_animation:
        out.append("--no-animation")
    if args.room_view:
        out.append("--room-view")
    if args.clock is not None:
        out += ["--clock", args.clock.text()]
    return out


def run(args: argparse.Namespace) -> int:
    from ..ui import web

    path = args.deck or default_deck()
    try:
        deck = open_deck(path)
    except DeckError as e:
        print(e, file=sys.stderr)
        return 1
    other = None
    if args.save is not None:
        try:
            other = existing_save(args.save)
        except SaveError as e:
            print(f"tabletop serve: {e}", file=sys.stderr)
            return 1
        resuming = other is not None
        save = args.save.resolve()
    else:
        resuming = False
        save = _new_save(deck)
    play_args = [str(Path(path).resolve())]
    actors: dict[str, ActorConfig] = {}
    if not resuming:
        try:
            check_rounds(deck, args.rounds)
            try:
                actors = parse_actors(args.actors, deck)
            except ValueError as e:
                raise SetupError("actors", str(e)) from None
            check_actors(deck, actors)
            if args.seats:
                check_setup(deck, Setup(parse_seats(args.seats, deck), args.seed or 0, args.rounds, actors))
        except (SetupError, ValueError) as e:
            print(f"tabletop serve: --{getattr(e, 'field', 'seats')}: {e}", file=sys.stderr)
            return 2
        for option, value in (("--seats", args.seats), ("--actors", args.actors), ("--seed", args.seed),
                              ("--rounds", args.rounds)):
            if value not in (None, ""):
                play_args += [option, str(value)]
    # With private views, the table never shows a secret: each seat reads its own at its link.
    table_args = view_args(args) + (["--secrets-elsewhere"] if args.private else [])
    commands = web.TableCommands(save, play_args + table_args, table_args)
    warning = web.bind_warning(args.host)
    if warning:
        print(warning, file=sys.stderr)
    base = f"http://{web.url_host(args.host)}:{args.port}"
    if resuming and other is not None:
        actors = dict(other.setup.actors)  # who plays the actors is the save's
    readers = secret_seats(deck) + secret_teams(deck, actors if (args.actors or resuming) else None)
    tokens = web.new_tokens(readers) if args.private else {}
    print(f"Serving the table ({visible(deck.deck.title)}) in a browser. Open:\n  {web.page_url(base, '/', args.font_size)}")
    print(f"The game is saved to {save}" + (" (resumed)" if resuming else ""))
    if resuming and (args.seats or args.actors or args.seed is not None or args.rounds is not None):
        print("tabletop serve: the save is resumed as it was played: --seats, --actors, --seed and --rounds are the "
              "save's",
              file=sys.stderr)
    if args.private:
        if not tokens:
            print("No seat of this deck holds a secret: no private views to serve.")
        for seat_id, token in tokens.items():
            label = visible(next((s.label for s in deck.seats if s.id == seat_id), None) or deck.actor(seat_id).label)
            url = web.page_url(base, f"/seat/{token}", args.font_size)
            try:
                slip = write_link_slip(save, seat_id, label, url, visible(deck.deck.title))
            except OSError as e:
                print(f"tabletop serve: cannot write the link slip for {label}: {e}", file=sys.stderr)
                return 1
            print(f"Private view of {label} (for its team only):\n  {url}\n  slip: {slip}")
    print("Ctrl+C stops serving.", flush=True)
    server = web.make_server(commands, tokens, host=args.host, port=args.port, title=f"tabletop: {deck.deck.title}",
                             font_size=args.font_size)
    try:
        server.serve()
    except OSError as e:
        print(f"tabletop serve: cannot serve on {args.host}:{args.port}: {e.strerror or e}", file=sys.stderr)
        return 1
    return 0


def _new_save(deck: Deck) -> Path:
    from ..outputs import new_name

    folder = saves_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return new_name(folder, f"{deck.deck.id}-served-{datetime.now():%Y%m%d-%H%M%S}", SAVE_SUFFIX)


def link_slip_text(seat_label: str, url: str, title: str) -> str:
    from ..outputs import LINK_MARK

    return (f"{LINK_MARK}\n\n{title}\nPrivate view of {seat_label}: for this seat's team only.\n\nOpen in a browser:\n"
            f"{url}\n\nAnyone with this link sees this seat's secret; do not share it.\n")


def write_link_slip(save: Path, seat: str, seat_label: str, url: str, title: str) -> Path:
    """The seat's private URL on a new slip next to the save (never over another file), as private as the save."""
    from ..outputs import new_name, write_output

    path = new_name(save.parent, f"{save.stem}-private-{seat}", ".txt")
    written = write_output(path, link_slip_text(seat_label, url, title), "link")
    written.chmod(0o600)  # the token is the key to a secret: for the facilitator's account only
    return written
