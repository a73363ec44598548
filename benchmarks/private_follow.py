"""Benchmark: what the private view (`tabletop private`) does when a long game moves, against reading that game
from scratch, measured side by side in one run.

A game of N actions (the facilitator's notes before the first draw: a legal game with a long log) is saved by
its autosave. Then, in alternation: the game makes one more move (one line appended) and the private view's
follower reads the save again and catches up on the new action (`Follower.poll`: the whole file parsed, one
action played); and a fresh follower reads the same save and replays it whole (`Follower.first`, what the view
does at start and what a view without catching up would do on every move). We print the medians and their ratio,
and the picture's cost (`private_picture`, the words the view draws) beside them.

    python benchmarks/private_follow.py [--actions 20000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tabletop.deck import load_deck
from tabletop.engine import Game, Note
from tabletop.engine.state import SeatConfig, Setup
from tabletop.paths import default_deck
from tabletop.present.private import private_picture
from tabletop.saves import Autosaver
from tabletop.saves.follow import Follower


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    deck = load_deck(default_deck())
    respond = deck.seat_by_role("respond").id
    game = Game(deck, Setup({s.id: SeatConfig("human") for s in deck.seats}, 7))
    for i in range(args.actions):
        game.act(Note(f"note {i}"))
    folder = Path(tempfile.mkdtemp())
    saver = Autosaver.create(game, folder / "game.jsonl", pointer=False)
    follower = Follower(saver.path, load_deck)
    follower.first()
    catch_up, whole, picture = [], [], []
    for i in range(args.runs):
        game.act(Note(f"one more {i}"))  # the autosave appends its line
        start = time.perf_counter()
        caught = follower.poll()
        catch_up.append(time.perf_counter() - start)
        assert caught is not None and len(caught.log) == len(game.log)
        start = time.perf_counter()
        Follower(saver.path, load_deck).first()
        whole.append(time.perf_counter() - start)
        start = time.perf_counter()
        private_picture(caught, respond)
        picture.append(time.perf_counter() - start)
    saver.close()
    a, b, c = (statistics.median(x) for x in (catch_up, whole, picture))
    print(f"game of {len(game.log)} actions, {saver.path.stat().st_size / 1024:.0f} KiB; medians of {args.runs} runs")
    print(f"  a move seen (read the save again, play the new action): {a * 1000:8.1f} ms")
    print(f"  the save read and replayed whole:                       {b * 1000:8.1f} ms")
    print(f"  the picture drawn from the seat's view:                 {c * 1000:8.1f} ms")
    print(f"  catching up / replaying whole: {a / b:.2f}")


if __name__ == "__main__":
    main()
