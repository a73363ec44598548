"""Benchmark: start-up to the first frame of the table (default deck) against a minimal Textual app,
and the peak memory of each, measured side by side in one run.

Each run is a fresh Python process (imports included, as a user's start-up is), in
Textual's headless mode, which ends as soon as its first screen has been drawn. Runs
alternate between the two apps so that both see the same machine noise; we print
the medians and their ratios (targets from issue 8: time <= 1.3x, peak memory <= 1.2x).
The processor time of each process (user + system, from the OS) is printed too: on a
shared, busy machine the wall times wait for other work, the processor time much less.
``--phases`` also prints where each app's processor time goes (medians, side by side): the
interpreter's own start, the imports, tabletop's deck load and app, and the run to the first
frame (each process notes its processor time at each step; the notes cost microseconds).
``--strict`` also times each app to the first frame it displays of its screen (the minimal app's, the table), exiting
there, without the pause after it: the settled frame above waits until the process is idle (Textual's
``pilot.pause``), and that wait is longer for the minimal app. It is the start a person sees; the targets were set
on the settled frame. It hooks ``App._display`` (private; Textual is pinned).
``--counts`` also prints how often each app did Textual's costly steps from ``run`` to its exit
(styling a node, restyling, laying a screen out, drawing it whole or in part, registering widgets,
recomposing; the frames made, and those Textual dropped because a batch of updates was open): counted in
one more process each, by a profiling hook that slows it (so those runs are not timed). Counts do not depend
on the machine's load, as times do.
``--instructions`` also counts the instructions each whole process runs, to the settled first frame and (with
``--strict``) to the first frame displayed, under valgrind's cachegrind (one more run each, not timed; hash seed fixed):
the same count on a busy machine as on a quiet one, where wall-clock ratios move with the load. It needs valgrind.

    python benchmarks/startup.py [--runs 15] [--phases] [--counts] [--strict] [--instructions]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

# Each app notes its processor time after each phase in the file PHASES names, if set (--phases).
NOTE = textwrap.dedent("""
    import os as _os, time as _time
    _notes = []
    def note(phase):
        _notes.append((phase, _time.process_time()))
    def write_notes():
        if _os.environ.get("PHASES"):
            with open(_os.environ["PHASES"], "a") as f:
                f.write(" ".join(f"{p}={t:.6f}" for p, t in _notes) + "\\n")
    note("interpreter")

    def exit_at_first_frame(screen_class):  # with STRICT set: exit once the first frame of screen_class is displayed
        if not _os.environ.get("STRICT"):
            return False
        from textual.app import App
        display = App._display
        def _display(self, screen, renderable):
            display(self, screen, renderable)  # a frame drawn inside a batch is dropped there: not displayed
            if renderable is not None and not self._batch_count and isinstance(screen, screen_class) and self._running:
                App._display = display
                self.exit()
        App._display = _display
        return True

    COUNTED = ("Stylesheet.apply", "Stylesheet.update_nodes", "Screen._refresh_layout", "Compositor.render_full_update",
               "Compositor.render_partial_update", "App._register", "Widget.recompose")
    # Frames: each update Textual made to draw (App._display with something to draw), and those it dropped because a
    # batch of updates (App.batch_update) was open: rendered, never shown.
    FRAMES = ("frames made", "frames dropped in a batch")
    def run_counted(run):  # run(); with COUNTS set, the calls of COUNTED in Textual meanwhile, written to that file
        path = _os.environ.get("COUNTS")
        if not path:
            return run()
        import collections, sys
        counts = collections.Counter()
        def hook(frame, event, arg):
            if event == "call" and frame.f_code.co_qualname in COUNTED and "textual" in frame.f_code.co_filename:
                counts[frame.f_code.co_qualname] += 1
            elif event == "call" and frame.f_code.co_qualname == "App._display" and "textual" in frame.f_code.co_filename:
                if frame.f_locals.get("renderable") is not None:
                    counts[FRAMES[0]] += 1
                    counts[FRAMES[1]] += bool(frame.f_locals["self"]._batch_count)
        sys.setprofile(hook)
        try:
            return run()
        finally:
            sys.setprofile(None)
            with open(path, "w") as f:
                import json
                json.dump({name: counts[name] for name in COUNTED + FRAMES}, f)
""")

MINIMAL = NOTE + textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("Hello")
            yield Footer()

    async def first_frame(pilot):
        await pilot.pause()
        pilot.app.exit()

    from textual.screen import Screen
    strict = exit_at_first_frame(Screen)
    note("imports")
    run_counted(lambda: Minimal().run(headless=True, size=(80, 24), auto_pilot=None if strict else first_frame))
    note("run_to_the_first_frame")
    write_notes()
""")

TABLETOP = NOTE + textwrap.dedent("""
    from tabletop.config import Config
    from tabletop.engine.state import SeatConfig, Setup
    from tabletop.paths import default_deck, open_deck
    from tabletop.ui.app import TabletopApp
    from tabletop.ui.screens.table import TableScreen

    async def first_frame(pilot):
        while not isinstance(pilot.app.screen, TableScreen):
            await pilot.pause()
        await pilot.pause()
        pilot.app.exit()

    note("imports")
    setup = Setup({"us": SeatConfig("human"), "dprk": SeatConfig("bot")}, 7)
    # As `tabletop play --seats ...` does: load the deck (through the cache of parsed deck files, which the warm-up
    # run fills, as a user's first game does), then open the app on it.
    deck = open_deck(default_deck())
    note("deck_load")
    app = TabletopApp(default_deck(), deck=deck, setup=setup, animate=False, config=Config())
    note("app_made")
    strict = exit_at_first_frame(TableScreen)
    run_counted(lambda: app.run(headless=True, size=(80, 24), auto_pilot=None if strict else first_frame))
    note("run_to_the_first_frame")
    write_notes()
""")


def measure(code: str, env: dict) -> tuple[float, int, float]:
    """Wall time of a fresh process running ``code``, its peak resident memory in KiB and its processor time."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark process failed ({proc.returncode}):\n{err}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--phases", action="store_true", help="also print where each app's processor time goes")
    ap.add_argument("--strict", action="store_true",
                    help="also time each app to the first frame it displays, without the settling pause")
    ap.add_argument("--instructions", action="store_true",
                    help="also count each process's instructions under valgrind (one more run each, not timed)")
    ap.add_argument("--counts", action="store_true",
                    help="also print how often each app did Textual's costly steps (one more run each, not timed)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as home:
        # Both apps start as an installed copy does: from compiled bytecode (pip compiles an installed
        # package; a checkout run with PYTHONDONTWRITEBYTECODE would compile tabletop at every start-up),
        # kept in a cache of this run's own, written by the warm-up runs.
        env = dict(os.environ, TABLETOP_DATA_DIR=os.path.join(home, "data"),
                   TABLETOP_CONFIG_DIR=os.path.join(home, "config"), TABLETOP_CACHE_DIR=os.path.join(home, "cache"),
                   PYTHONPYCACHEPREFIX=os.path.join(home, "pyc"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        notes = {"minimal": os.path.join(home, "minimal.phases"), "tabletop": os.path.join(home, "tabletop.phases")}
        for code in (MINIMAL, TABLETOP):  # warm the file cache, the bytecode cache and the deck cache, check both run
            measure(code, env)
        times = {"minimal": [], "tabletop": []}
        peaks = {"minimal": [], "tabletop": []}
        cpus: dict[str, list[float]] = {"minimal": [], "tabletop": []}
        strict: dict[str, list[float]] = {"minimal": [], "tabletop": []}
        strict_cpus: dict[str, list[float]] = {"minimal": [], "tabletop": []}
        for _ in range(args.runs):
            for name, code in (("minimal", MINIMAL), ("tabletop", TABLETOP)):
                t, rss, cpu = measure(code, dict(env, PHASES=notes[name]) if args.phases else env)
                times[name].append(t)
                peaks[name].append(rss)
                cpus[name].append(cpu)
                if args.strict:
                    t, _, cpu = measure(code, dict(env, STRICT="1"))
                    strict[name].append(t)
                    strict_cpus[name].append(cpu)
        phases = {name: _phases(path, cpus[name]) for name, path in notes.items()} if args.phases else None
        counts: dict[str, dict[str, int]] = {}
        instructions: dict[tuple[str, bool], int | None] = {}
        if args.instructions:
            for name, code in (("minimal", MINIMAL), ("tabletop", TABLETOP)):
                for strict_run in (False, True) if args.strict else (False,):
                    instructions[name, strict_run] = count_instructions(
                        code, dict(env, PYTHONHASHSEED="0", **({"STRICT": "1"} if strict_run else {})))
        if args.counts:
            for name, code in (("minimal", MINIMAL), ("tabletop", TABLETOP)):
                path = os.path.join(home, f"{name}.counts")
                measure(code, dict(env, COUNTS=path))
                with open(path) as f:
                    counts[name] = json.load(f)
    t_min, t_tab = statistics.median(times["minimal"]), statistics.median(times["tabletop"])
    m_min, m_tab = statistics.median(peaks["minimal"]), statistics.median(peaks["tabletop"])
    c_min, c_tab = statistics.median(cpus["minimal"]), statistics.median(cpus["tabletop"])
    print(f"runs: {args.runs} of each, alternating, fresh processes from bytecode, headless 80x24")
    print(f"start-up to first frame: minimal Textual app {t_min * 1000:7.1f} ms, "
          f"tabletop table {t_tab * 1000:7.1f} ms, ratio {t_tab / t_min:5.2f}x (target <= 1.3x)")
    print(f"processor time (cpu):    minimal Textual app {c_min * 1000:7.1f} ms, "
          f"tabletop table {c_tab * 1000:7.1f} ms, ratio {c_tab / c_min:5.2f}x")
    print(f"peak memory (RSS):       minimal Textual app {m_min / 1024:7.1f} MiB, "
          f"tabletop table {m_tab / 1024:7.1f} MiB, ratio {m_tab / m_min:5.2f}x (target <= 1.2x)")
    if args.strict:
        s_min, s_tab = statistics.median(strict["minimal"]), statistics.median(strict["tabletop"])
        sc_min, sc_tab = statistics.median(strict_cpus["minimal"]), statistics.median(strict_cpus["tabletop"])
        print("strict: to the first frame displayed, no settling pause (each process exits there):")
        print(f"  wall time:             minimal Textual app {s_min * 1000:7.1f} ms, "
              f"tabletop table {s_tab * 1000:7.1f} ms, ratio {s_tab / s_min:5.2f}x")
        print(f"  processor time (cpu):  minimal Textual app {sc_min * 1000:7.1f} ms, "
              f"tabletop table {sc_tab * 1000:7.1f} ms, ratio {sc_tab / sc_min:5.2f}x")
    if args.instructions:
        if None in instructions.values():
            print("instructions: valgrind is not installed (apt install valgrind), so they were not counted")
        else:
            for strict_run in (False, True) if args.strict else (False,):
                i_min, i_tab = instructions["minimal", strict_run], instructions["tabletop", strict_run]
                assert i_min is not None and i_tab is not None
                print(f"instructions{' (strict)' if strict_run else ''}:{' ' * (11 if strict_run else 20)}"
                      f"minimal Textual app {i_min / 1e6:7.0f} M, tabletop table {i_tab / 1e6:7.0f} M, "
                      f"ratio {i_tab / i_min:5.2f}x")
    if phases:
        print("processor time by phase (medians, ms; the interpreter's own start is what the process used before "
              "its first line):")
        names = list(dict.fromkeys([*phases["tabletop"], *phases["minimal"]]))
        for phase in names:
            m, t = phases["minimal"].get(phase), phases["tabletop"].get(phase)
            shown = [f"{v * 1000:7.1f}" if v is not None else "      -" for v in (m, t)]
            extra = f"  ({(t - (m or 0)) * 1000:+7.1f})" if t is not None else ""
            print(f"  {phase:24s} minimal {shown[0]}   tabletop {shown[1]}{extra}")
    if counts:
        print("calls in Textual from run to exit (one counted run each):")
        for step in counts["tabletop"]:
            print(f"  {step:32s} minimal {counts['minimal'][step]:4d}   tabletop {counts['tabletop'][step]:4d}")


def count_instructions(code: str, env: dict) -> int | None:
    """The instructions a fresh process running ``code`` executes, all its threads (valgrind's cachegrind); None
    without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    proc = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"benchmark process failed under valgrind ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def _phases(path: str, cpus: list[float]) -> dict[str, float]:
    """The median processor time of each phase noted in ``path`` (one line per run, in the order of ``cpus``, each
    process's processor time: phase=seconds at its end), and of what came after the last note (the app's exit)."""
    runs = []
    with open(path) as f:
        for line, cpu in zip(f, cpus, strict=True):
            marks = [(p.replace("_", " "), float(t)) for p, t in (item.rsplit("=", 1) for item in line.split())]
            run = {p: t - (marks[i - 1][1] if i else 0.0) for i, (p, t) in enumerate(marks)}
            run["exit, after the frame"] = cpu - marks[-1][1]
            runs.append(run)
    return {p: statistics.median(r[p] for r in runs) for p in runs[0]} if runs else {}


if __name__ == "__main__":
    main()
