"""Benchmark: simulated games against bare dice, and two jobs against one.

(a) Time per complete bot-vs-bot game, against a bare loop that rolls the same
    dice the same number of times: the regional rolls the real games made are
    counted (per dice notation), then rolled again with the same `Rng` class in
    a plain loop. Both run side by side in one process, alternating, best of
    ``--repeat``; the ratio is what counts (target: within 20x). The games are played without the
    counterfactual's forks; the same games with them are timed alongside, for what the forks cost.
(b) The same games with ``jobs=2`` against ``jobs=1``, pool start-up included,
    alternating, best of ``--parallel-repeat`` (target: at least 1.8x on 2
    cores); the results must be identical. CPU seconds are shown too: on a
    machine shared with other work, they tell pool overhead from contention.

(c) With ``--against REV`` (a git commit, e.g. the one an engine change started from): the same games
    played by that commit's engine and by this one, each in a fresh process of its own (the old code
    checked out in a temporary git worktree), alternating, best of ``--repeat``: how much faster this
    engine is, measured side by side. (The games themselves may differ where the rules changed since.)

    python benchmarks/simulation.py [DECK] [--games 400] [--parallel-games 2000] [--repeat 3] [--parallel-repeat 2]
                                    [--against REV]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from tabletop.balance.simulate import play_games, simulate, styles_of
from tabletop.deck import load_deck
from tabletop.dice import parse_dice
from tabletop.engine.rng import Rng
from tabletop.paths import default_deck


def bare_rolls(rolls: dict[str, int], seed: int) -> int:
    """Roll each notation's dice as many times as the games did, with the game's generator class."""
    rng = Rng(seed)
    total = 0
    for notation, n in rolls.items():
        dice = parse_dice(notation)
        for _ in range(n):
            total += dice.roll(rng)[1]
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("deck", nargs="?", type=Path, default=None, help="deck (default: the bundled deck)")
    ap.add_argument("--games", type=int, default=400, help="games for (a)")
    ap.add_argument("--parallel-games", type=int, default=2000, help="games for (b)")
    ap.add_argument("--repeat", type=int, default=3, help="best of this many runs for (a)")
    ap.add_argument("--parallel-repeat", type=int, default=2, help="best of this many runs of each for (b)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--against", metavar="REV", help="also time the engine of this git commit, side by side (c)")
    args = ap.parse_args()
    deck = load_deck(args.deck or default_deck())
    styles = styles_of(deck)

    # (a) games against bare dice
    counts = play_games(deck, args.seed, 0, args.games, styles, forks=False)  # warm up, and count the rolls
    rolls = {notation: n for (notation,), n in sorted(counts.rolls.items())}
    n_rolls = sum(rolls.values())
    game_times, dice_times, fork_times = [], [], []
    for _ in range(args.repeat):  # alternate so all see the same machine noise
        t0 = time.perf_counter()
        again = play_games(deck, args.seed, 0, args.games, styles, forks=False)
        game_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        bare_rolls(rolls, args.seed)
        dice_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        play_games(deck, args.seed, 0, args.games, styles)
        fork_times.append(time.perf_counter() - t0)
        assert again == counts, "the same games must give the same counts"
    game, dice, forked = min(game_times) / args.games, min(dice_times) / args.games, min(fork_times) / args.games
    print(f"deck: {deck.deck.id}, {args.games} games, styles {', '.join(s or '-' for s in styles)}")
    print(f"regional rolls      : {n_rolls / args.games:.1f} per game ("
          + ", ".join(f"{n} x {d}" for d, n in rolls.items()) + " in all)")
    print(f"complete game       : {game * 1e6:10.1f} us per game (best of {args.repeat})")
    print(f"bare dice loop      : {dice * 1e6:10.1f} us per game's rolls (best of {args.repeat})")
    print(f"ratio (a)           : {game / dice:10.1f}x   (target <= 20x)")
    print(f"game and its forks  : {forked * 1e6:10.1f} us per game, {forked / game:.2f}x a game alone "
          "(the counterfactual's forks at one offer turn a game)")

    # (b) two jobs against one
    cores = os.cpu_count() or 1
    runs: dict[int, list] = {1: [], 2: []}
    outputs = set()
    for _ in range(args.parallel_repeat):  # alternate, best of each
        for jobs in (1, 2):
            times, result = timed(lambda jobs=jobs: simulate(deck, args.parallel_games, seed=args.seed, jobs=jobs))
            runs[jobs].append(times)
            outputs.add(result.to_json())
    assert len(outputs) == 1, "jobs must not change the result"
    (t1, c1), (t2, c2) = min(runs[1]), min(runs[2])
    # CPU seconds (this process and its workers) tell pool overhead apart from a busy machine:
    # with two free cores, jobs=2 should take about the same CPU time in half the wall time.
    print(f"{args.parallel_games} games, jobs=1  : {t1:8.2f} s wall, {c1:6.2f} s cpu (best of {args.parallel_repeat})")
    print(f"{args.parallel_games} games, jobs=2  : {t2:8.2f} s wall, {c2:6.2f} s cpu   ({cores} cores seen)")
    print(f"ratio (b)           : {t1 / t2:8.2f}x   (target >= 1.8x on 2 cores); results identical")

    if args.against:
        against(args.against, args.deck or default_deck(), args.games, args.seed, args.repeat)


#: Plays N games with whichever engine ``tabletop`` is on sys.path, and prints microseconds per game.
GAMES = """
import sys, time
try:
    from tabletop.balance.simulate import play_games, styles_of
except ImportError:  # before the package split
    from tabletop.engine.simulate import play_games, styles_of
from tabletop.deck import load_deck
deck = load_deck(sys.argv[1])
n, seed = int(sys.argv[2]), int(sys.argv[3])
styles = styles_of(deck)
import inspect
alone = {"forks": False} if "forks" in inspect.signature(play_games).parameters else {}  # the games, not the forks
play_games(deck, seed, 0, 20, styles, **alone)  # warm up
start = time.perf_counter()
play_games(deck, seed, 0, n, styles, **alone)
print((time.perf_counter() - start) / n * 1e6)
"""


def against(rev: str, deck: Path, games: int, seed: int, repeat: int) -> None:
    """(c): this engine against the engine at ``rev``, each in its own process, alternating."""
    import shutil
    import subprocess
    import sys
    import tempfile

    here = Path(__file__).resolve().parent.parent
    old = Path(tempfile.mkdtemp()) / "old"
    subprocess.run(["git", "-C", str(here), "worktree", "add", "--detach", str(old), rev], check=True,
                   capture_output=True)
    # Both engines play the deck as it was at ``rev`` when the repository held it then (a deck written since may
    # use keys the old loader refuses); the same games on both sides, so the ratio is the engine's alone.
    try:
        inside = deck.resolve().relative_to(here)
    except ValueError:
        inside = None
    played = old / inside if inside is not None and (old / inside).is_file() else deck.resolve()
    try:
        def per_game(root: Path) -> float:
            env = {**os.environ, "PYTHONPATH": str(root)}
            done = subprocess.run([sys.executable, "-c", GAMES, str(played), str(games), str(seed)],
                                  cwd=root, env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"(c) could not play {played} with the engine in {root}:\n{done.stderr}")
            return float(done.stdout.strip().splitlines()[-1])

        then, now = [], []
        for _ in range(repeat):
            then.append(per_game(old))
            now.append(per_game(here))
        print(f"deck for (c)        : {played.relative_to(old) if played.is_relative_to(old) else played}"
              + (f" as at {rev[:12]}" if played.is_relative_to(old) else ""))
        print(f"engine at {rev[:12]:12}: {min(then):10.1f} us per game (best of {repeat}, fresh processes)")
        print(f"engine now           : {min(now):10.1f} us per game")
        print(f"ratio (c)           : {min(then) / min(now):10.1f}x faster   (target >= 5x)")
    finally:
        subprocess.run(["git", "-C", str(here), "worktree", "remove", "--force", str(old)], capture_output=True)
        shutil.rmtree(old.parent, ignore_errors=True)


def timed(fn):
    """(wall seconds, CPU seconds of this process and its finished children), and fn's result."""
    def cpu():
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    w0, c0 = time.perf_counter(), cpu()
    result = fn()
    return (time.perf_counter() - w0, cpu() - c0), result


if __name__ == "__main__":
    main()
