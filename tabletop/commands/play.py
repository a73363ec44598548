"""`tabletop play [DECK]`: play a game, full-screen (the default on a terminal) or in plain text.

Full-screen without ``--seats``, the setup screen comes first; with ``--seats`` the
game starts at once. A deck with errors opens a screen that lists them.

The game is saved after every action: to ``--save PATH``, or to a new file in the
data folder's ``saves/`` (see `tabletop.saves`), so that `tabletop resume` can
pick it up after a crash or a closed window. ``--save`` never replaces a file that
is not a tabletop save, and replaces another game's save only with ``--force``
(full-screen, it asks).

Exit 0 when the game ends or input runs out with every action saved, 1 for a bad
deck, a save file that cannot be written, or a game that is not all on disk at the
end, 2 for bad options.
"""

from __future__ import annotations

import argparse
import random
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from ..clock import ClockChoice, parse_clock
from ..deck import Deck, DeckError
from ..engine.game import Game
from ..engine.limits import (
    DRAWN_SEEDS,
    ROUND_BOUNDS,
    SEED_MAX,
    SEED_MIN,
    SetupError,
    check_actors,
    check_rounds,
    check_setup,
    seed_from_text,
)
from ..engine.state import ActorConfig, SeatConfig, Setup, is_actor_kind, is_seat_kind
from ..invocation import command
from ..pace import PACE_WORDS, PACES
from ..paths import default_deck, open_deck
from ..present.play import Answer, continue_headless, header
from ..safetext import visible
from ..saves import Autosaver, SaveError, SaveStatus
from ..saves.store import existing_save
from ..signals import Terminated, ending_raises
from ..ui.launch import animation_wanted, drawable, run_tui

NAME = "play"
HELP = "Play a game: seats by people or bots; the regional actors by the dice (or, with --actors, a team or a bot)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("deck", nargs="?", type=Path, metavar="DECK", help="deck file (default: the bundled deck)")
    parser.add_argument("--headless", action="store_true", help="play in plain text, without the full-screen interface")
    parser.add_argument("--seed", type=_seed, help=f"seed for cards and dice, from {SEED_MIN} to {SEED_MAX} "
                        f"(default: a random one below {DRAWN_SEEDS:,}, printed)")
    parser.add_argument("--seats", default="", metavar="SEAT=KIND,...", help=SeatsHelp(
        "who plays each seat: human or bot, a bot optionally with a style (e.g. east=bot:hawk,west=human, with the "
        "deck's seat ids); seats not named are human"))
    parser.add_argument("--rounds", type=_whole, help="number of rounds, from {} to {} (default: the deck's)".format(*ROUND_BOUNDS))
    parser.add_argument("--actors", default="", metavar="ACTOR=KIND,...",
                        help="who plays the regional actors: dice (the default), team (people at the screen choose a "
                             "stance before each of its rolls, seeing the odds under each) or bot, e.g. "
                             "league=team,navy=bot; 'bot' or 'team' alone: every actor that has stances")
    add_pace_arguments(parser)
    parser.add_argument("--save", type=Path, metavar="PATH",
                        help="save the game to this file after every action (default: a new file in "
                             "tabletop's data folder, saves/); an existing file must be a tabletop save")
    parser.add_argument("--force", action="store_true",
                        help="with --save: replace the tabletop save already there (another game's)")


class SeatsHelp(str):
    """The help of ``--seats``, with the bundled deck's seat ids and bot styles added when the help is printed
    (argparse expands a help string with ``%``): reading the deck costs nothing to a command that is not asking
    for help."""

    __slots__ = ()

    def __mod__(self, params) -> str:
        return str.__mod__(self + seats_words(), params)


def seats_words() -> str:
    """`` Seats of the bundled deck (its title): us (United States; bot styles hawk, dove), ...`` or "" when the
    bundled deck cannot be read."""
    try:
        deck = open_deck(default_deck())
    except (DeckError, OSError):
        return ""
    seats = [s.id + f" ({s.label}" + (f"; bot styles {', '.join(st.id for st in s.styles)}" if s.styles else "") + ")"
             for s in deck.seats]
    example = ",".join(f"{s.id}=bot" + (f":{s.styles[0].id}" if s.styles else "") for s in deck.seats)
    words = f". Seats of the bundled deck ({deck.deck.title}): {', '.join(seats)}; e.g. --seats {example}"
    return " ".join(visible(words).split()).replace("%", "%%")


def add_pace_arguments(parser: argparse.ArgumentParser) -> None:
    """``--pace``, ``--no-animation`` (the instant pace) and ``--room-view``: shared by play and resume."""
    parser.add_argument("--pace", choices=tuple(PACES), default=None,
                        help="full-screen: how long the table holds each beat: "
                             + "; ".join(f"{name}: {words}" for name, words in PACE_WORDS.items())
                             + " (default: the config's pace, else room for a hot-seat game and brisk otherwise)")
    parser.add_argument("--no-animation", action="store_true",
                        help="full-screen: the same as --pace instant (also TABLETOP_NO_ANIMATION=1)")
    parser.add_argument("--room-view", action="store_true", default=None,
                        help="full-screen: open the table in the room view, for a projector (R switches it)")
    parser.add_argument("--clock", type=_clock, default=None, metavar="off|deck|PHASE=SECONDS,...",
                        help="full-screen: the negotiation clock, a countdown while people discuss a decision (it "
                             "rings and says when time is up, and never decides for them): off, deck (the deck's "
                             "times) or seconds (or m:ss) for offer, response, stance, e.g. offer=180,response=2:00; "
                             "phases not named keep the deck's times, 0 turns one off (default: the config's clock, "
                             "else the deck's when two teams of people or more play, off in a solo game)")
    parser.add_argument("--secrets-elsewhere", action="store_true",
                        help="full-screen: never show a seat's secret at this screen (no hand-off): each seat reads "
                             "it in its private view (`tabletop serve --private` plays the table so)")


def pace_of(args: argparse.Namespace) -> str | None:
    """The pace asked for on the command line (None: not asked)."""
    return args.pace if animation_wanted(args.no_animation) else "instant"


def _clock(text: str) -> ClockChoice:
    try:
        return parse_clock(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _seed(text: str) -> int:
    try:
        return seed_from_text(text)
    except SetupError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None


def parse_actors(text: str, deck: Deck) -> dict[str, ActorConfig]:
    """``league=team,navy=bot:wait`` (or ``bot``/``team`` alone: every actor with stances) -> actor configurations;
    actors not named roll for themselves. `ValueError` if malformed; whether they fit the deck is the engine's to
    say (`check_actors`)."""
    text = text.strip()
    if is_actor_kind(text):
        return {a.id: ActorConfig(text) for a in deck.actors if a.stances}
    actors: dict[str, ActorConfig] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        actor_id, sep, who = part.partition("=")
        kind, _, stance = who.partition(":")
        kind = kind.strip()
        if not sep or not is_actor_kind(kind) or (stance and kind != "bot"):
            raise ValueError(f"expected ACTOR=dice, ACTOR=team or ACTOR=bot[:STANCE], found {part!r}")
        actors[actor_id.strip()] = ActorConfig(kind, stance.strip() or None)
    return actors


def parse_seats(text: str, deck: Deck) -> dict[str, SeatConfig]:
    """``east=bot:hawk,west=human`` -> seat configurations; seats not named are human. `ValueError` if malformed;
    whether the seats and styles fit the deck is the engine's to say (`check_seats`)."""
    seats = {s.id: SeatConfig() for s in deck.seats}
    for part in filter(None, (p.strip() for p in text.split(","))):
        seat_id, sep, who = part.partition("=")
        kind, _, style = who.partition(":")
        seat_id, kind = seat_id.strip(), kind.strip()
        if not sep or not is_seat_kind(kind):
            raise ValueError(f"expected SEAT=human or SEAT=bot[:STYLE], found {part!r}")
        seats[seat_id] = SeatConfig(kind, style.strip() or None)
    return seats


def full_screen(args: argparse.Namespace) -> bool:
    """Whether to open the full-screen game: not with --headless, and only on a terminal or through the driver the
    environment names (Textual's web driver, when `tabletop serve` runs the game in a browser)."""
    if args.headless:
        return False
    if drawable():
        return True
    print("tabletop: not a terminal, so playing in plain text (--headless says so and hides this line)",
          file=sys.stderr)
    return False


def run(args: argparse.Namespace) -> int:
    path = args.deck or default_deck()
    tui = full_screen(args)
    try:
        deck = open_deck(path)
    except DeckError as e:
        if tui:
            return run_tui(path, deck_error=e, pace=pace_of(args), room_view=args.room_view,  # listed, not read again
                           clock=args.clock)
        print(e, file=sys.stderr)
        return 1
    replace = False
    if args.save:
        try:
            other = existing_save(args.save)  # before anything is played
        except SaveError as e:
            print(f"tabletop play: {e}", file=sys.stderr)
            return 1
        if other is not None and not args.force and not tui:
            print(f"tabletop play: {args.save} holds another game ({other.deck.title}, seed {other.setup.seed}, "
                  f"{len(other.log)} actions, saved {other.saved_at[:16]}); pass --force to replace it, "
                  "or choose another file", file=sys.stderr)
            return 1
        replace = other is not None and args.force
    try:
        check_rounds(deck, args.rounds)  # the deck's bounds, before the setup screen offers them too
    except SetupError as e:
        print(f"tabletop play: --rounds: {e}", file=sys.stderr)
        return 2
    try:
        actors = parse_actors(args.actors, deck)
    except ValueError as e:
        print(f"tabletop play: --actors: {e}", file=sys.stderr)
        return 2
    if tui and not args.seats:  # the setup screen proposes these actors (and checks them as the engine does)
        try:
            check_actors(deck, actors)
        except SetupError as e:
            print(f"tabletop play: --actors: {e}", file=sys.stderr)
            return 2
    setup = None  # full-screen without --seats: the setup screen asks
    if args.seats or not tui:
        seed = args.seed if args.seed is not None else random.SystemRandom().randrange(DRAWN_SEEDS)
        try:
            setup = check_setup(deck, Setup(parse_seats(args.seats, deck), seed, args.rounds, actors))
        except ValueError as e:
            print(f"tabletop play: --{getattr(e, 'field', 'seats')}: {e}", file=sys.stderr)
            return 2
    if tui:
        return run_tui(path, deck=deck, setup=setup, save_path=args.save, replace_save=replace or args.force,
                       seed=args.seed, rounds=args.rounds, pace=pace_of(args), room_view=args.room_view,
                       secrets_elsewhere=args.secrets_elsewhere, clock=args.clock, actors=actors)
    assert setup is not None  # without the full screen, the setup is made above (or the command stops)
    game = Game(deck, setup)
    try:
        saver = Autosaver.create(game, args.save, replace=replace) if args.save else Autosaver.new(game)
    except SaveError as e:
        print(f"tabletop play: {e}", file=sys.stderr)
        return 1
    return play_headless(game, saver)


def play_headless(game: Game, saver: Autosaver, intro: tuple[str, ...] = ()) -> int:
    """Play ``game`` on in plain text, saved after every action; say where it is saved at the start and the end.

    A failed save is said once when it starts failing and once when it catches up
    (never per move); while it fails, every prompt offers to save elsewhere. Exit 1
    when the game on disk is behind the game played.
    """
    for line in header(game) + list(intro):
        print(line)
    print(f"Saving the game after every move to {saver.path}")
    saver.on_status = _said
    try:
        with ending_raises():
            if saver.game is None:  # a resumed save: follow the game from here (an older version is rewritten now)
                saver.attach(game)
            over = continue_headless(game, extra=lambda: _save_elsewhere(saver))
    except (KeyboardInterrupt, Terminated) as e:  # Ctrl-C, kill, the terminal closed: say how the game was left
        words, code = ("Interrupted", 130) if isinstance(e, KeyboardInterrupt) else (e.words, e.code)
        print(f"\n{words}.", file=sys.stderr)
        _left(saver.close(), over=False)
        return code
    return _left(saver.close(), over)


def _left(status: SaveStatus, over: bool) -> int:
    """Say where the game is saved and what to do next, or that it is not all saved (exit 1)."""
    where = shlex.quote(str(status.path))
    if not status.saved:
        print(f"\ntabletop: {status.words()}.\nThe file holds the game up to action {status.on_disk} of "
              f"{status.played}; `{command()} resume {where}` goes on from there.", file=sys.stderr)
        return 1
    if over:
        print(f"\nGame saved to {status.path}; write the after-action report with `{command()} report {where}`")
    else:
        print(f"Game saved to {status.path}; resume with `{command()} resume {where}`")
    return 0


def _said(status: SaveStatus) -> None:
    """Say when saving stops working, and when it works again: once each, not after every move."""
    if status.saved:
        print(f"tabletop: saving again: all {status.played} actions are in {status.path}", file=sys.stderr)
    else:
        print(f"tabletop: {status.words()}.\n  The game goes on, and tabletop tries again after every move: free "
              "some space or fix the folder, or answer s at the next prompt to save to another file.",
              file=sys.stderr)


def _save_elsewhere(saver: Autosaver) -> list[tuple[str, str, Answer]]:
    """While the game is not being saved, the prompts offer ``s``: save to another file and keep saving there."""
    if saver.status.saved:
        return []

    def ask_and_move(ask: Callable[[str], str], out: Callable[[str], object]) -> None:
        try:
            answer = ask("Save the game to which new file? ").strip()
        except EOFError:
            return
        if not answer:
            out("Not saved elsewhere.")
            return
        try:
            status = saver.move_to(Path(answer).expanduser())
        except SaveError as e:
            out(f"Not saved: {e}")
            return
        out(f"Saved to {status.path}; the game is saved there from now on.")

    return [("s", "Save the game to another file (it is not being saved)", ask_and_move)]
