"""Benchmark: what saving after every action costs, on a long game with many actors.

One bot game on a large generated deck (``--actors`` regional actors, ``--rounds``
rounds; the issue that asked for this measured 50 and 100), played three ways side
by side in one process, alternating, best of ``--repeat``:

(a) no save at all: the game alone;
(b) the autosave as it is: one line appended (and synced) per action;
(c) the whole save rewritten atomically after every action, as tabletop did before
    (its cost grows with the square of the game's length: it runs once, not best of).

Printed: time per game for each, and the ratios (b)/(a) (what autosaving costs)
and (c)/(b) (what the journal saves). Then (d): reading and replaying a save of
``--long`` actions (facilitator notes and undos, the longest legal game), against
a save of the same deck and setup with no action, as `tabletop resume` does before
the table opens.

    python benchmarks/autosave.py [--actors 50] [--rounds 100] [--repeat 3] [--long 100000]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from pathlib import Path

from tabletop import files
from tabletop.deck import load_deck
from tabletop.engine import Game, Note, SeatConfig, Setup
from tabletop.engine.bots import automatic_action
from tabletop.saves import Autosaver, load_save, resume
from tabletop.saves.format import action_lines, header_line
from tabletop.saves.store import deck_ref

SMALL = Path(__file__).resolve().parent.parent / "tests" / "decks" / "small.toml"
ACTOR = """
[[actors]]
id = "actor{n}"
label = "Actor {n}"
dice = "2d6"
reactions = [
  {{ min = 2, max = 6, label = "Uneasy" }},
  {{ min = 7, max = 12, label = "Calm" }},
]
"""


def big_deck(folder: Path, actors: int, rounds: int) -> Path:
    """The tests' small deck with ``actors`` more actors and ``rounds`` rounds, and no ending before the last."""
    text = SMALL.read_text(encoding="utf-8")
    text = re.sub(r"^rounds = \d+$", f"rounds = {rounds}", text, count=1, flags=re.M)
    for ending in ("deal", "arms-race"):  # no ending before the last round: the longest game
        text = re.sub(rf'(id = "{ending}"\n(?:.*\n)*?when = \[)', r"\1{ round_at_least = 1000 }, ", text, count=1)
    start = text.index("[[actors]]")
    path = folder / "big.toml"
    path.write_text(text[:start] + "".join(ACTOR.format(n=n) for n in range(actors)) + text[start:], encoding="utf-8")
    return path


def setup() -> Setup:
    return Setup({"port": SeatConfig("bot", "hawk"), "isle": SeatConfig("bot")}, 11)


def play(game: Game) -> Game:
    while (action := automatic_action(game.state)) is not None:
        game.act(action)
    return game


def no_save(deck, folder: Path) -> int:
    return len(play(Game(deck, setup())).log)


def journal(deck, folder: Path) -> int:
    game = Game(deck, setup())
    path = folder / "journal.jsonl"
    path.unlink(missing_ok=True)
    saver = Autosaver.create(game, path, pointer=False)
    play(game)
    assert saver.close().saved
    return len(game.log)


def rewrite_every_time(deck, folder: Path) -> int:
    game = Game(deck, setup())
    path = folder / "rewrite.jsonl"
    head = header_line(deck_ref(deck), game.setup, "2026-01-01T00:00:00+00:00", "bench")

    def whole(*_):
        import os

        os.close(files.replace(path, head + action_lines(game.log)))

    whole()
    game.listeners.append(whole)
    play(game)
    return len(game.log)


def long_save(deck, folder: Path, actions: int) -> tuple[Path, Path]:
    """A legal save of ``actions`` actions (notes, with an undo now and then), and an empty one."""
    game = Game(deck, setup())
    empty = folder / "empty.jsonl"
    empty.unlink(missing_ok=True)
    Autosaver.create(game, empty, pointer=False).close()
    for i in range(actions):
        game.act(Note(f"note {i}")) if i % 10 else game.act(Note("to be undone"))
    path = folder / "long.jsonl"
    path.unlink(missing_ok=True)
    Autosaver.create(game, path, pointer=False).close()
    return path, empty


def best(fn, repeat: int) -> float:
    return min(timed(fn) for _ in range(repeat))


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actors", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--long", type=int, default=100_000, help="actions in the long save for (d)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        deck = load_deck(big_deck(folder, args.actors, args.rounds))
        actions = no_save(deck, folder)
        times: dict[str, list[float]] = {"a": [], "b": [], "c": []}
        for i in range(args.repeat):  # alternate, so all three see the same machine
            for key, fn in (("a", no_save), ("b", journal), ("c", rewrite_every_time)):
                if key != "c" or i == 0:
                    times[key].append(timed(lambda fn=fn: fn(deck, folder)))
        a, b, c = (min(times[k]) for k in "abc")
        print(f"deck: {args.actors + 2} actors, {args.rounds} rounds; one bot game of {actions} actions "
              f"(best of {args.repeat})")
        print(f"(a) no save              : {a * 1e3:9.1f} ms")
        print(f"(b) journal, line/action : {b * 1e3:9.1f} ms   {b / actions * 1e6:7.1f} us per action")
        print(f"(c) rewrite every action : {c * 1e3:9.1f} ms   (once)")
        print(f"ratio (b)/(a)            : {b / a:9.2f}x   what saving every action costs")
        print(f"ratio (c)/(b)            : {c / b:9.1f}x   what appending saves over rewriting")

        path, empty = long_save(deck, folder, args.long)
        size = path.stat().st_size

        def open_long():
            game = resume(load_save(path), load_deck)
            assert len(game.log) == args.long

        def open_empty():
            resume(load_save(empty), load_deck)

        d_long, d_empty = best(open_long, args.repeat), best(open_empty, args.repeat)
        print(f"(d) read + replay a save of {args.long} actions ({size / 1e6:.1f} MB): {d_long:6.2f} s; "
              f"an empty save: {d_empty * 1e3:.1f} ms; ratio {d_long / d_empty:.0f}x")


if __name__ == "__main__":
    main()
