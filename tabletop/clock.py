"""The negotiation clock: how long a team may talk before it decides, and the countdown that shows it.

The clock is presentation, never a rule. The deck proposes times for the discussion before each kind of decision
(its ``[clock]`` table: ``offer``, ``response``, ``stance``, in seconds, 0 for none); ``config.toml``, the command
line (``--clock``) and the setup screen may override them. When time is up the table says so and rings once: it
never decides for anyone, so a game with the clock plays, saves and replays exactly as one without it. Nothing of
the clock goes into a save.

One parser reads the choice wherever it is written (`parse_clock`: the command line and config.toml's
``clock = "..."``; `clock_from_config` also takes ``clock = false`` and a ``[clock]`` table). `Countdown` is one
decision's countdown, on a time source given to it (so that tests move time without waiting).

Imported by the settings, the command line and the interface: it needs nothing but the deck's model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

import attrs

from .deck.model import CLOCK_MAX_SECONDS, CLOCK_PHASES, Clock
from .records import Record

#: What each phase's clock is for, in words (setup screen, help, --help).
PHASE_WORDS = {"offer": "the discussion before the offer", "response": "before the response",
               "stance": "before a team's stance"}

#: How long the facilitator's "extend" adds, in seconds.
EXTEND_SECONDS = 60

CLOCK_SYNTAX = "off, deck, or PHASE=SECONDS,... with PHASE one of offer, response, stance (e.g. offer=180,response=120)"


@attrs.frozen(repr=False, eq=False)
class ClockChoice(Record):
    """A choice of negotiation clock: ``off``, or the deck's times with some phases' seconds overridden."""

    mode: Literal["off", "deck"] = "deck"
    times: Mapping[str, int] = attrs.field(factory=dict)  # phase -> seconds, over the deck's (0: no clock)

    def words(self) -> str:
        if self.mode == "off":
            return "off"
        if not self.times:
            return "the deck's"
        return ", ".join(f"{phase} {mmss(s) if s else 'none'}" for phase, s in self.times.items())

    def text(self) -> str:
        """As it is written on the command line (`parse_clock` reads it back)."""
        if self.mode == "off":
            return "off"
        return ",".join(f"{p}={s}" for p, s in self.times.items()) or "deck"


OFF = ClockChoice("off")
DECK = ClockChoice("deck")


def _seconds(phase: str, raw: Any) -> int:
    if type(raw) is str:
        text = raw.strip()
        minutes, colon, secs = text.partition(":")
        if colon and minutes.isdigit() and secs.isdigit() and len(secs) == 2:  # 2:30 reads as 150 seconds
            raw = int(minutes) * 60 + int(secs)
        elif text.isdigit():
            raw = int(text)
    if type(raw) is not int:
        raise ValueError(f"{phase}: expected a number of seconds from 0 to {CLOCK_MAX_SECONDS} (or m:ss), "
                         f"found {raw!r}"[:200])
    if not 0 <= raw <= CLOCK_MAX_SECONDS:
        raise ValueError(f"{phase}: expected a number of seconds from 0 to {CLOCK_MAX_SECONDS}, found {raw}")
    return raw


def _times(pairs: list[tuple[str, Any]]) -> dict[str, int]:
    times: dict[str, int] = {}
    for phase, raw in pairs:
        if phase not in CLOCK_PHASES:
            raise ValueError(f"expected a phase, one of {', '.join(CLOCK_PHASES)}, found {phase[:40]!r}")
        if phase in times:
            raise ValueError(f"{phase}: given twice")
        times[phase] = _seconds(phase, raw)
    return times


def parse_clock(text: str) -> ClockChoice:
    """``off``, ``deck``, or ``offer=180,response=120,stance=60`` (seconds, or m:ss; the phases not named keep the
    deck's times, 0 turns one off). `ValueError` saying what was expected and found."""
    text = text.strip()
    if text in ("off", "deck"):
        return OFF if text == "off" else DECK
    pairs = []
    for part in (p.strip() for p in text.split(",")):
        phase, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"expected {CLOCK_SYNTAX}, found {part[:40]!r}")
        pairs.append((phase.strip(), value))
    return ClockChoice("deck", _times(pairs))


def clock_from_config(value: Any) -> ClockChoice:
    """config.toml's ``clock``: a string as on the command line, true (the deck's), false (off), or a table of
    phase = seconds. `ValueError` if it is none of these."""
    if value is True or value is False:
        return DECK if value else OFF
    if isinstance(value, str):
        return parse_clock(value)
    if isinstance(value, dict):
        return ClockChoice("deck", _times(list(value.items())))
    raise ValueError(f"expected {CLOCK_SYNTAX}, true, false or a table of phase = seconds, "
                     f"found {type(value).__name__}")


def deck_times(clock: Clock | None) -> dict[str, int]:
    """The deck's own times, phase -> seconds (0: none)."""
    return {phase: getattr(clock, phase) if clock is not None else 0 for phase in CLOCK_PHASES}


def clock_times(deck_clock: Clock | None, choice: ClockChoice | None, *, seminar: bool) -> dict[str, int]:
    """The seconds for each phase's discussion in a game: ``choice`` over the deck's times; with no choice made,
    the deck's in a ``seminar`` (two teams of people or more at the screen) and none in a solo game."""
    if choice is None:
        choice = DECK if seminar else OFF
    if choice.mode == "off":
        return dict.fromkeys(CLOCK_PHASES, 0)
    return {**deck_times(deck_clock), **choice.times}


def mmss(seconds: float) -> str:
    """``2:05`` for 125 seconds (whole seconds, rounded up: a countdown shows 0:00 only when time is up)."""
    whole = int(-(-seconds // 1)) if seconds > 0 else 0
    return f"{whole // 60}:{whole % 60:02d}"


def clock_short(times: Mapping[str, int]) -> str:
    """``3:00 / 2:00 / off``: the offer's, the response's and a stance's time, or ``none`` when no phase has one."""
    if not any(times.values()):
        return "none"
    return " / ".join(mmss(times[phase]) if times.get(phase) else "off" for phase in CLOCK_PHASES)


def times_words(times: Mapping[str, int]) -> str:
    """``offer 3:00 / response 2:00 / stance 1:00``, or ``off`` when no phase has a clock."""
    shown = [f"{phase} {mmss(s)}" for phase, s in times.items() if s]
    return " / ".join(shown) if shown else "off"


class Countdown:
    """One decision's countdown on the time source ``now`` (seconds, monotonic): paused while any hold is on
    (the facilitator's own pause, the table's game clock), extended, skipped; it says once that time is up."""

    def __init__(self, seconds: float, now: Callable[[], float], key: object = None) -> None:
        self.limit = float(seconds)
        self.now = now
        self.key = key  # the decision it times
        self.used = 0.0  # seconds run before the last start
        self.since: float | None = now()  # running since then; None while held
        self.holds: set[str] = set()
        self.skipped = False
        self.rung = False  # time was up and the bell rang

    def elapsed(self) -> float:
        return self.used + (self.now() - self.since if self.since is not None else 0.0)

    def remaining(self) -> float:
        return max(0.0, self.limit - self.elapsed())

    @property
    def running(self) -> bool:
        return self.since is not None

    @property
    def paused_by_facilitator(self) -> bool:
        return "facilitator" in self.holds

    def hold(self, reason: str, on: bool = True) -> None:
        """Put a hold on (the countdown stops) or take it off (it runs again once no hold is left)."""
        if on and reason not in self.holds:
            if self.since is not None:
                self.used += self.now() - self.since
                self.since = None
            self.holds.add(reason)
        elif not on and reason in self.holds:
            self.holds.discard(reason)
            if not self.holds:
                self.since = self.now()

    def extend(self, seconds: float = EXTEND_SECONDS) -> None:
        """More time: once time was up, the added time counts from now."""
        if self.remaining() <= 0:
            self.limit = self.elapsed() + seconds
        else:
            self.limit += seconds
        self.rung = False

    def skip(self) -> None:
        """No clock for the rest of this decision."""
        self.skipped = True

    def due_bell(self) -> bool:
        """True once, when time has just run out (the caller rings)."""
        if self.skipped or self.rung or self.remaining() > 0:
            return False
        self.rung = True
        return True
