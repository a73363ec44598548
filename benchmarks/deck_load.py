"""Benchmark: load + validate a generated 500-card deck, and the bundled decks, against tomllib parsing alone.

Both are timed side by side in one run, alternating, best of N; the ratio is what
counts (target: load+validate within 5x of parsing alone). 500 short cards are about
170 KiB, near the loader's limit of 192 KiB a deck. Loading again through the cache of
parsed deck files (`tabletop.deck.cache`, as the commands and the interface load) is timed
in the same alternation, against loading without it.

    python benchmarks/deck_load.py [--cards 500] [--repeat 7]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tomllib
from pathlib import Path

from tabletop.deck import load_deck

BUNDLED = sorted((Path(__file__).resolve().parent.parent / "decks").glob("*.toml"))

TALLIES = ["trust", "leverage", "program", "tension"]
ACTORS = ["north", "south", "east", "west"]


def generate(cards: int) -> str:
    """A valid deck with ``cards`` cards spread over options, responses and events."""
    out = [
        '[deck]\nid = "bench"\ntitle = "Benchmark deck"\nsource = "generated"\nrounds = 8\ndice = "2d6"\n',
    ]
    for t in TALLIES:
        out.append(f'[[tallies]]\nid = "{t}"\nlabel = "{t.title()}"\nmin = 0\nmax = 10\nstart = 5\n')
    out.append('[[seats]]\nid = "a"\nlabel = "A"\nrole = "offer"\n\n[[seats]]\nid = "b"\nlabel = "B"\nrole = "respond"\n')
    for a in ACTORS:
        out.append(
            f'[[actors]]\nid = "{a}"\nlabel = "{a.title()}"\n'
            f'modifiers = [{{ value = 1, reason = "nervous", when = [{{ tally = "tension", at_least = 7 }}] }}]\n'
            f'reactions = [\n'
            f'  {{ min = 2, max = 5, label = "Hostile", effects = {{ tension = 1 }} }},\n'
            f'  {{ min = 6, max = 8, label = "Wary" }},\n'
            f'  {{ min = 9, max = 12, label = "Warm", effects = {{ trust = 1 }} }},\n]\n'
        )
    for i in range(4):
        out.append(f'[[motives]]\nid = "m{i}"\nlabel = "Motive {i}"\ntext = "A motive."\n'
                   f'policy = [{{ tag = "t{i}", weight = 3, when = [{{ round_at_least = 2 }}] }}]\n')
    kinds = ["options", "responses", "events"]
    for n in range(cards):
        kind = kinds[n % 3]
        t1, t2 = TALLIES[n % 4], TALLIES[(n + 1) % 4]
        title_key = "title"
        out.append(
            f'[[{kind}]]\nid = "{kind[0]}{n}"\n{title_key} = "Card {n}"\ntext = "This card does thing number {n}."\n'
            f'source = {{ passage = "paragraph {n % 12}" }}\nanalysis = "An analysis note for card {n}."\n'
            f'tags = ["t{n % 4}"]\n'
            f'requires = [{{ tally = "{t1}", at_most = 9 }}]\n'
            f'effects = {{ {t1} = 1, {t2} = -1 }}\n'
            f'modifiers = [{{ actor = "{ACTORS[n % 4]}", value = -1, reason = "alarmed by card {n}" }}]\n'
        )
    out.append('[[endings]]\nid = "done"\nlabel = "Done"\ntext = "Over."\nwhen = [{ tally = "trust", at_least = 10 }]\n')
    out.append('[[endings]]\nid = "time"\nlabel = "Time"\ntext = "Out of time."\nfinal = true\n')
    out.append('[[scoring]]\nseat = "a"\npoints = 1\nreason = "trust"\nper_tally = "trust"\n')
    return "\n".join(out)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure(path: Path, repeat: int, cache: Path) -> tuple[float, float, float]:
    """(parse, load, load from the cache) for the deck at ``path``: best of ``repeat``, alternating."""
    load_deck(path)  # warm up, and prove the deck is valid
    load_deck(path, cache)  # ... and keep it in the cache
    parse_times, load_times, cached_times = [], [], []
    for _ in range(repeat):  # alternate so all see the same machine noise
        parse_times.append(best(lambda: tomllib.loads(path.read_text(encoding="utf-8")), 1))
        load_times.append(best(lambda: load_deck(path), 1))
        cached_times.append(best(lambda: load_deck(path, cache), 1))
    return min(parse_times), min(load_times), min(cached_times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    text = generate(args.cards)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        path = Path(tmp) / "bench.toml"
        path.write_text(text, encoding="utf-8")
        parse, load, cached = measure(path, args.repeat, cache)
        print(f"deck: {args.cards} cards, {len(text) // 1024} KiB of TOML")
        print(f"tomllib parse alone : {parse * 1000:8.1f} ms (best of {args.repeat})")
        print(f"load + validate     : {load * 1000:8.1f} ms (best of {args.repeat})")
        print(f"ratio               : {load / parse:8.2f}x   (target <= 5x)")
        print(f"... from the cache  : {cached * 1000:8.1f} ms, {cached / load:5.2f}x the load without it")
        for deck in BUNDLED:
            parse, load, cached = measure(deck, args.repeat, cache)
            print(f"bundled {deck.name:<18} {deck.stat().st_size // 1024} KiB: tomllib {parse * 1000:6.1f} ms, "
                  f"load + validate {load * 1000:6.1f} ms, ratio {load / parse:5.2f}x   (target <= 5x); "
                  f"from the cache {cached * 1000:6.1f} ms, {cached / load:5.2f}x")


if __name__ == "__main__":
    main()
