"""The negotiation clock at the table: a large countdown (mm:ss) while people discuss a decision, and the
facilitator's keys to pause, extend or skip it.

The clock is presentation, never a rule (`tabletop.clock`): it is not in the game's state or its save. When time
is up it rings the terminal's bell once and says "Time is up — decide when ready", and the table waits for the
people as ever: nothing is chosen for anyone.

`ClockControl` belongs to the table: it follows the decision at hand (a new countdown for each new decision of
people in a phase that has a time; a team's stance from when its stance beat is on the stage, not while the room still
reads the beat before it), ticks on the app's time source (`TabletopApp.monotonic`, which a test
replaces to move time without waiting), holds the countdown while the game clock is paused (P), and draws every
`ClockView` on the screens shown: the table's, and the stance dialog's, which covers the table while a team chooses.

Choices made while the clock runs: the countdown goes on under a dialog (a card in full, the facilitator's panel,
the stance dialog) and under the private hand-off too: the discussion in the room goes on while one seat reads its
secret. It stops only for the game clock's pause (P), the facilitator's pause of the countdown itself (T), and
when the decision is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static

from ...clock import EXTEND_SECONDS, Countdown, mmss
from ..plain import plain

if TYPE_CHECKING:
    from textual.screen import Screen

#: The facilitator's keys for the countdown: on the table and in the stance dialog (one id each, so that
#: config.toml remaps them on both). Shown in the footer only while a countdown runs.
CLOCK_BINDINGS = [
    Binding("t", "clock_pause", "Hold clock", id="clock.pause",
            tooltip="Pause or restart the negotiation clock (the countdown of this discussion)"),
    Binding("e", "clock_extend", f"+{EXTEND_SECONDS // 60} min", id="clock.extend",
            tooltip=f"Give this discussion {EXTEND_SECONDS // 60} more minute on the negotiation clock"),
    Binding("x", "clock_skip", "Skip clock", id="clock.skip",
            tooltip="Stop the negotiation clock for this decision (the next decision has its clock again)"),
]

CLOCK_ACTIONS = ("clock_pause", "clock_extend", "clock_skip")


class ClockKeys:
    """The actions of `CLOCK_BINDINGS` for a screen that shows the negotiation clock (``clock``: its control, or
    None when the game has no clock): the table and the stance dialog. A mixin, not a screen of its own."""

    clock: ClockControl | None

    def clock_key_allowed(self) -> bool:
        """Whether the clock's keys work (and show) now: while a countdown runs."""
        return self.clock is not None and self.clock.active

    def action_clock_pause(self) -> None:
        if self.clock is not None:
            self.clock.toggle_pause()

    def action_clock_extend(self) -> None:
        if self.clock is not None:
            self.clock.extend()

    def action_clock_skip(self) -> None:
        if self.clock is not None:
            self.clock.skip()

#: How often the countdown is redrawn, in seconds (it shows whole seconds).
TICK = 0.25

TIME_IS_UP = "Time is up — decide when ready"


class ClockView(Horizontal):
    """The countdown in large digits, and beside it in words what it times, whether it runs, and the keys."""

    def __init__(self, control: ClockControl, **kwargs) -> None:
        super().__init__(**kwargs)
        self.control = control
        self.add_class("clock-view")
        self._shown: tuple[object, ...] | None = None
        from textual.widgets import Digits  # here: a table without a clock never loads the large digits

        self._digits = Digits("0:00", classes="clock-digits")
        self._words = Static(classes="clock-words")

    def compose(self) -> ComposeResult:
        yield self._digits
        yield self._words

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        countdown = self.control.countdown
        active = countdown is not None and not countdown.skipped
        self.display = active
        if countdown is None or not active or not self._words.is_mounted:  # shown once mounted (`on_mount`)
            self._shown = None
            return
        left = countdown.remaining()
        up = left <= 0
        paused = not countdown.running
        words = self.control.what, up, paused, countdown.paused_by_facilitator, self.control.keys()
        if (mmss(left), words) == self._shown:
            return  # nothing changed since the last tick
        self._shown = (mmss(left), words)
        self._digits.update(mmss(left))
        self.set_class(up, "-up")
        self.set_class(paused and not up, "-paused")
        text = Text()
        text.append_text(plain(f"Negotiation clock: {self.control.what}", "bold"))  # who: the status line says
        text.append("\n")
        if up:
            text.append(f" {TIME_IS_UP} ", style="bold reverse")
        elif paused:
            key = self.control.key_of("clock_pause" if countdown.paused_by_facilitator else "pause")
            why = f"{key} goes on"  # the game clock's P, or the countdown's own key (the status line says which)
            text.append(" PAUSED ", style="bold reverse")
            text.append(f" {why}")
        else:
            text.append(f"{mmss(left)} left to decide")
        text.append("\n")
        text.append(self.control.keys(), style="italic")
        self._words.update(text)


class ClockControl:
    """The table's negotiation clock: the countdown of the decision at hand, its ticks, its bell and its views."""

    def __init__(self, owner: Screen, times: dict[str, int], now: Callable[[], float],
                 key_of: Callable[[str], str]) -> None:
        self.owner = owner  # the table: its timer ticks, its bindings show the keys
        self.times = times  # phase -> seconds (0: no clock)
        self.now = now
        self.key_of = key_of  # the key bound to an action, as the footer shows it (after any remap)
        self.countdown: Countdown | None = None
        self.what = ""  # what the countdown times, in words
        self._timer: Timer | None = None

    @property
    def on(self) -> bool:
        return any(self.times.values())

    @property
    def active(self) -> bool:
        """A countdown is on screen (not skipped): the facilitator's keys apply."""
        return self.countdown is not None and not self.countdown.skipped

    def keys(self) -> str:
        return (f"{self.key_of('clock_pause')} hold · {self.key_of('clock_extend')} +{EXTEND_SECONDS // 60} min · "
                f"{self.key_of('clock_skip')} skip")

    def follow(self, key: object, phase: str | None, what: str, game_paused: bool) -> None:
        """The decision at hand is ``key`` (people deciding in ``phase``, or None: nobody is); a new decision in a
        phase with a time starts a new countdown; ``game_paused`` holds it."""
        seconds = self.times.get(phase, 0) if phase is not None else 0
        was_active = self.active
        if not seconds:
            self.countdown = None
        elif self.countdown is None or self.countdown.key != key:
            self.countdown = Countdown(seconds, self.now, key)
            self.what = what
        if self.countdown is not None:
            self.countdown.hold("game", game_paused)
        self._keep_ticking()
        if self.active != was_active:
            self.refresh_keys()
        self.draw()

    def _keep_ticking(self) -> None:
        if self.active and self._timer is None:
            self._timer = self.owner.set_interval(TICK, self.tick, name="negotiation clock")
        elif not self.active and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def tick(self) -> None:
        """Redraw; when time has just run out, ring once. Nothing else: the people still decide."""
        countdown = self.countdown
        if countdown is not None and countdown.due_bell():
            self.owner.app.bell()
        self.draw()

    def draw(self) -> None:
        for screen in self.owner.app.screen_stack:
            for view in screen.query(ClockView):
                if view.control is self:
                    view.show()

    def refresh_keys(self) -> None:
        for screen in self.owner.app.screen_stack:
            screen.refresh_bindings()

    # -- the facilitator's keys --------------------------------------------------------------------------------

    def toggle_pause(self) -> None:
        if self.countdown is not None and self.active:
            self.countdown.hold("facilitator", not self.countdown.paused_by_facilitator)
            self.draw()

    def extend(self) -> None:
        if self.countdown is not None and self.active:
            self.countdown.extend(EXTEND_SECONDS)
            self.draw()

    def skip(self) -> None:
        if self.countdown is not None and self.active:
            self.countdown.skip()
            self._keep_ticking()
            self.refresh_keys()
            self.draw()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(name, help, callback) for the command palette: the countdown's controls while one runs."""
        countdown = self.countdown
        if countdown is None or not self.active:
            return []
        paused = countdown.paused_by_facilitator
        return [
            ("Restart the negotiation clock" if paused else "Pause the negotiation clock",
             f"The countdown of this discussion ({self.what})", self.toggle_pause),
            (f"Negotiation clock: {EXTEND_SECONDS // 60} more minute", "Give this discussion more time", self.extend),
            ("No negotiation clock for this decision", "Stop the countdown until the next decision", self.skip),
        ]

    def words(self) -> str:
        """The countdown in a line, for the facilitator's panel."""
        countdown = self.countdown
        if countdown is None or not self.active:
            return "Negotiation clock: not running" if self.on else "Negotiation clock: off"
        left = countdown.remaining()
        state = (TIME_IS_UP if left <= 0 else "PAUSED" if not countdown.running else "running")
        return (f"Negotiation clock ({self.what}): {mmss(left)} left, {state}. At the table: {self.keys()}; P holds "
                "it with the game clock.")
