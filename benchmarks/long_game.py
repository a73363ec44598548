"""Benchmark: opening the table on a game of 100,000 actions against opening it on a fresh game,
measured side by side in one run.

Each run is a fresh Python process (so that one game's objects never slow the other's garbage
collection) which builds its game with the engine and saves it, untimed — for the long game, the
facilitator's notes before the first draw: a legal game whose log is 100,000 actions long — and
then times what `tabletop resume SAVE` does: open and lock the save, read and replay it, and run
the full app in Textual's headless mode to the table's first frame. Runs alternate between the
two games so that both see the same machine noise; we print the medians, their ratio and the part
of the long game's time spent reading and replaying its save (target: the long game under 2 s).

    python benchmarks/long_game.py [--runs 5] [--actions 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap

RUN = textwrap.dedent("""
    import json, sys, tempfile, time
    from pathlib import Path

    from tabletop.config import Config
    from tabletop.deck import load_deck
    from tabletop.engine import Game, Note
    from tabletop.engine.state import SeatConfig, Setup
    from tabletop.paths import default_deck
    from tabletop.saves import Autosaver, resume, save_game
    from tabletop.ui.app import TabletopApp
    from tabletop.ui.screens.table import TableScreen

    deck = load_deck(default_deck())
    game = Game(deck, Setup({"us": SeatConfig("human"), "dprk": SeatConfig("bot")}, 7))
    for i in range(int(sys.argv[1])):
        game.act(Note(f"note {i}"))
    path = save_game(game, Path(tempfile.mkdtemp()) / "game.jsonl")
    del game
    shown = []

    async def first_frame(pilot):
        while not isinstance(pilot.app.screen, TableScreen):
            await pilot.pause()
        await pilot.pause()
        shown.append(time.perf_counter())
        pilot.app.exit()

    start = time.perf_counter()  # as `tabletop resume SAVE` does: open and lock, replay, show the table
    saver, save = Autosaver.open(path)
    game = resume(save, load_deck)
    read = time.perf_counter()
    app = TabletopApp(default_deck(), deck=deck, game=game, saver=saver, config=Config())
    app.run(headless=True, size=(100, 30), auto_pilot=first_frame)
    print(json.dumps({"open": shown[0] - start, "save": read - start, "actions": len(game.log)}))
""")


def measure(actions: int, env: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", RUN, str(actions)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"benchmark process failed ({done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--actions", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "TABLETOP_DATA_DIR": f"{home}/data", "TABLETOP_CONFIG_DIR": f"{home}/config"}
        measure(0, env)  # warm-up: bytecode caches, the file system
        fresh, long = [], []
        for _ in range(args.runs):
            fresh.append(measure(0, env))
            long.append(measure(args.actions, env))
    f = statistics.median(r["open"] for r in fresh)
    s = statistics.median(r["open"] for r in long)
    saving = statistics.median(r["save"] for r in long)
    print(f"open the table, fresh game:            median {f:.3f} s over {args.runs} runs")
    print(f"open the table, {long[0]['actions']:,}-action game: median {s:.3f} s "
          f"(of which reading and replaying its save: {saving:.3f} s)")
    print(f"ratio long / fresh: {s / f:.2f}x (target: the long game under 2 s)")


if __name__ == "__main__":
    main()
