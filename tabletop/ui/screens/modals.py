"""Choices that take over the screen for a moment: the private hand-off, the motive guess, a stance, quitting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...deck.model import Deck, Stance
from ...engine.views import RollOdds
from ...invocation import command
from ...outputs import OutputRefused
from ...present.private import Secret, motive_lines
from ...safetext import visible
from ...saves import SaveFile, SaveStatus
from ..plain import plain
from ..widgets.clock import CLOCK_ACTIONS, CLOCK_BINDINGS, ClockControl, ClockKeys, ClockView
from ..widgets.footer import Footer

if TYPE_CHECKING:
    from textual import getters

    from ..app import TabletopApp


class HandOffScreen(Screen[None]):
    """A seat's secret on the shared screen: the projector blanked first, then the secret, then a blank screen again.

    A full screen (not a modal over the table) so that nothing else is visible while the secret is shown. In
    steps: ``ready`` asks the facilitator to blank the projector (or switch it to the private window) and the seat
    to take the keyboard, and draws nothing secret; ``secret`` shows it (W writes it to a slip to print);
    ``hidden`` blanks the screen again before the table returns. ``alone``: the only people at this screen play
    this seat (the other seat is a bot), so there is no one to hide it from: the secret is shown at once and Enter
    goes back to the table.
    """

    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [
        Binding("enter", "next", "Continue", id="handoff.next", tooltip="Go on to the next step of the hand-off"),
        Binding("w", "slip", "Write slip", id="handoff.slip",
                tooltip="Write this secret to a text file to print and hand over (a new file next to the save)"),
        Binding("escape", "cancel", "Cancel", id="handoff.cancel", tooltip="Back without showing anything (once shown: hide it)"),
    ]

    def __init__(self, secret: Secret, *, alone: bool = False, private_command: str = "",
                 slip: Callable[[Secret], Path] | None = None, after_one: bool = False,
                 next_label: str | None = None) -> None:
        """``secret``: what the seat knows that the room may not (`tabletop.present.private.secret_of`);
        ``private_command``: how to open the seat's private window; ``slip``: writes the slip, returns its path.
        Hand-offs one after another: ``after_one``, this one follows another (the projector is blank already);
        ``next_label``, whose hand-off comes next (the projector stays blank until the last)."""
        super().__init__()
        self.after_one = after_one
        self.next_label = next_label
        self.secret = secret
        self.seat_label = secret.seat_label
        self.motive = secret.motive
        self.tallies = secret.tallies
        self.alone = alone
        self.private_command = private_command
        self.slip = slip
        self.step = "secret" if alone else "ready"

    def compose(self) -> ComposeResult:
        with Vertical(id="handoff-box"):
            with VerticalScroll(id="handoff-scroll"):  # a long secret scrolls on a short screen (arrows, mouse)
                yield Static(id="handoff-text")
            yield Static(id="handoff-note")
            # Not focusable: Enter goes to the screen's binding, the mouse can still click it.
            next_button = Button("Continue (Enter)", id="handoff-next", variant="primary")
            next_button.can_focus = False
            yield next_button
        yield Footer()

    def on_mount(self) -> None:
        self.show_step()

    def show_step(self) -> None:
        label = self.seat_label
        text = self.query_one("#handoff-text", Static)
        button = self.query_one("#handoff-next", Button)
        if self.step == "ready":
            parts = [w for w, has in (("your hidden motive", self.motive is not None),
                                      ("what only you know", bool(self.tallies)),
                                      ("your secret objectives", bool(self.secret.objectives))) if has]
            what = " and ".join(parts) or "your hidden motive"
            blank = ("1. Facilitator: keep the projector blank. " if self.after_one else
                     "1. Facilitator: blank the projector now (its mute or blank button), or switch it to "
                     "another window. ")
            text.update(Text.assemble(
                plain(f"{label} only: a secret comes next\n\n", "bold"),
                plain(blank + "Better still, keep it off this screen: open the private view on the laptop's own "
                      "screen or in a second terminal, and press Esc here:\n"),
                plain(f"     {self.private_command}\n", "bold"),
                plain(f"2. Pass the keyboard to {label}. Everyone else, look away from the screen.\n"
                      f"3. {label}: press Enter to see {what}. Nothing secret is drawn before you do.")))
            button.label = "Show it (Enter)"
        elif self.step == "secret":
            text.update(self.secret_text())
            button.label = "Back to the table (Enter)" if self.alone else "Hide it (Enter)"
        elif self.next_label is not None:
            text.update(Text.assemble(
                plain("Hidden\n\n", "bold"),
                plain(f"{label}: hand the keyboard back. Facilitator: keep the projector blank; {self.next_label}'s "
                      "secret comes next. Press Enter.")))
            button.label = f"Next: {self.next_label} (Enter)"
        else:
            text.update(Text.assemble(
                plain("Hidden\n\n", "bold"),
                plain(f"{label}: hand the keyboard back. Facilitator: turn the projector on again, then press "
                      "Enter for the table.")))
            button.label = "Back to the table (Enter)"
        self.refresh_bindings()

    def secret_text(self) -> Text:
        body = Text()
        if self.motive is not None:
            lines = motive_lines(self.secret)
            body.append_text(Text.assemble(
                plain(f"{self.seat_label}: your hidden motive\n\n", "bold"),
                plain(lines[0] + "\n", "bold reverse"), plain("\n".join(lines[1:]) + "\n")))
        if self.tallies:
            body.append(plain("\nWhat only you know, until the debrief:\n", "bold"))
            for line in self.tallies:
                body.append(plain(f"{line}\n"))
        if self.secret.objectives:
            body.append(plain(f"{self.seat_label}: your secret objectives\n", "bold"))
            body.append(plain("Points for your team at the end; the room learns them only at the debrief.\n\n"))
            for line in self.secret.objectives:
                body.append(plain(f"• {line}\n"))
        body.append("\nPlay to it. " + ("Press Enter to go back to the table; M shows it again." if self.alone else
                                        "Press Enter to hide it; W writes it to a slip to print."))
        return body

    @on(Button.Pressed, "#handoff-next")
    def action_next(self) -> None:
        if self.step == "ready":
            self.step = "secret"
        elif self.step == "secret" and not self.alone:
            self.step = "hidden"
        else:
            self.dismiss(None)
            return
        self.query_one("#handoff-note", Static).update("")
        self.show_step()

    def action_slip(self) -> None:
        if self.step == "secret" and self.slip is not None:
            self.query_one("#handoff-note", Static).update("Writing the slip…")
            self.write_slip()

    @work(thread=True, exclusive=True, group="slip")
    def write_slip(self) -> None:
        assert self.slip is not None
        try:
            path = self.slip(self.secret)
        except (OSError, OutputRefused) as e:
            why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            self.app.call_from_thread(self.slip_done, plain(f"Slip NOT written: {why}"))
            return
        self.app.call_from_thread(self.slip_done, plain(f"Slip written to {path} (print it, then delete it)"))

    def slip_done(self, words: Text) -> None:
        if self.is_attached:
            self.query_one("#handoff-note", Static).update(words)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "slip":
            return self.step == "secret" and self.slip is not None
        return True

    def action_cancel(self) -> None:
        if self.step == "secret" and not self.alone:  # once shown, the screen blanks before the table returns
            self.step = "hidden"
            self.show_step()
        else:
            self.dismiss(None)


class GuessScreen(ModalScreen[str | tuple[tuple[str, int], ...]]):
    """The offering seat names the hidden motive before the reveal; with a deck that scores a spread
    (``guess_rule``), it gives each motive a chance in whole percent instead, adding up to 100."""

    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [Binding("escape", "app.bell", show=False)]

    def __init__(self, seat_label: str, deck: Deck) -> None:
        super().__init__()
        self.seat_label = seat_label
        self.deck = deck
        self.spread = deck.deck.guess_rule != "name"

    def compose(self) -> ComposeResult:
        with Vertical(id="guess-box", classes="dialog"):
            how = "" if self.spread else " Choose with the arrows, then Enter."
            yield Static(plain(f"{self.seat_label}: before the reveal, what do you think the other side was playing "
                               f"for?{how}"), id="guess-title")
            if self.spread:
                yield Static(f"Give each motive a chance in whole percent, adding up to 100 (the "
                             f"{self.deck.deck.guess_rule} rule scores it: certainty on the right motive earns the most).",
                             id="guess-help")
                even = [100 // len(self.deck.motives) + (1 if i < 100 % len(self.deck.motives) else 0)
                        for i in range(len(self.deck.motives))]
                for m, n in zip(self.deck.motives, even, strict=True):
                    with Horizontal(classes="guess-row"):
                        yield Label(plain(m.label, "bold"), classes="guess-label")
                        yield Input(str(n), type="integer", id=f"chance-{m.id}", classes="guess-chance")
                yield Static(id="guess-total")
                yield Button("Give these chances", id="guess-apply", variant="primary")
                return
            options = []
            for m in self.deck.motives:
                text = Text.assemble(plain(m.label, "bold"), "\n", plain(m.text.strip()))
                options.append(Option(text, id=m.id))
            yield OptionList(*options, id="guess-options")

    def on_mount(self) -> None:
        if self.spread:
            self._total()
            self.query(Input).first().focus()
            return
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def _chances(self) -> list[int] | None:
        values = [self.query_one(f"#chance-{m.id}", Input).value.strip() for m in self.deck.motives]
        return [int(v) for v in values] if all(v.isdigit() for v in values) else None

    @on(Input.Changed, ".guess-chance")
    def _total(self) -> None:
        chances = self._chances()
        total = sum(chances) if chances is not None else None
        words = ("Total: 100 — ready" if total == 100 else
                 f"Total: {total} — it must be 100" if total is not None else "Each chance must be a whole number")
        self.query_one("#guess-total", Static).update(words)

    @on(Button.Pressed, "#guess-apply")
    @on(Input.Submitted, ".guess-chance")
    def given(self) -> None:
        chances = self._chances()
        if chances is None or sum(chances) != 100:
            self.app.bell()
            return
        self.dismiss(tuple((m.id, n) for m, n in zip(self.deck.motives, chances, strict=True)))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option_id is not None
        self.dismiss(event.option_id)


class YesNo:
    """For a `ModalScreen[bool]` that asks a question answered yes (Y, the "yes" button) or no (N, Esc, the "no"
    button, which has the focus: the safe answer is the one Enter gives). A mixin, not a screen of its own."""

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()  # type: ignore[attr-defined]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")  # type: ignore[attr-defined]

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)  # type: ignore[attr-defined]


class StanceScreen(ClockKeys, ModalScreen[str | None]):
    """The team playing a regional actor takes one of its stances before the roll, seeing the odds of each row of
    the actor's table under each stance (with the stance's number and reason). The dice still decide."""

    BINDINGS = [Binding("escape", "app.bell", show=False), *CLOCK_BINDINGS]

    def __init__(self, deck: Deck, actor: str, under: list[tuple[Stance, RollOdds]],
                 clock: ClockControl | None = None) -> None:
        """``clock``: the table's negotiation clock, shown (and worked) here while the team discusses its stance."""
        super().__init__()
        self.deck = deck
        self.actor = actor
        self.under = under
        self.clock = clock

    def compose(self) -> ComposeResult:
        label = self.deck.actor(self.actor).label
        with Vertical(id="stance-box", classes="dialog"):
            if self.clock is not None:
                yield ClockView(self.clock, id="stance-clock")
            yield Static(plain(f"{label} (team): choose a stance before the roll (arrows, then Enter). It bends this "
                               "roll only; the dice still decide."), id="stance-title")
            options = []
            for stance, odds in self.under:
                rows = "  ".join(f"{row.label} {float(p) * 100:.0f}%" for row, p in odds.rows)
                text = Text.assemble(plain(stance.label, "bold"), plain(f"  {stance.value:+d} to the roll"), "\n",
                                     plain(stance.reason), "\n", plain(f"Odds: {rows}", "italic"))
                options.append(Option(text, id=stance.id))
            yield OptionList(*options, id="stance-options")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CLOCK_ACTIONS:
            return self.clock_key_allowed()
        return True

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        assert event.option_id is not None
        self.dismiss(event.option_id)


class ConfirmQuitScreen(ModalScreen[bool]):
    """Quitting: says truthfully whether the game is saved, and offers to save elsewhere when it is not."""

    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [
        Binding("y", "answer(True)", "Quit", id="quit.yes", tooltip="Leave now"),
        Binding("n,escape", "answer(False)", "Keep playing", id="quit.no", tooltip="Back to the table"),
        Binding("s", "save_elsewhere", "Save elsewhere", id="quit.save_elsewhere",
                tooltip="The game is not saved: save it to another file first"),
    ]

    def __init__(self, status: SaveStatus | None) -> None:
        super().__init__()
        self.status = status
        self._ready = False

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box", classes="dialog"):
            yield Static(id="quit-text")
            with Horizontal(classes="buttons"):
                yield Button("Quit (Y)", id="yes", variant="error")
                yield Button("Save to… (S)", id="elsewhere", variant="warning")
                yield Button("Keep playing (N)", id="no", variant="primary")

    def on_mount(self) -> None:
        self._ready = True
        self.show_save_status(self.status)
        self.query_one("#no", Button).focus()

    def show_save_status(self, status: SaveStatus | None) -> None:
        """Called again by the app whenever the save's status changes while the dialog is up."""
        self.status = status
        if not self._ready:
            return  # not mounted yet: on_mount shows it
        text = Text("Quit this game?\n\n")
        if status is not None and status.saved:
            text.append(plain(f"It is saved: {status.path}\nResume it later with: {command()} resume"))
            quit_words = "Quit (Y)"
        else:
            text.append(" NOT SAVED ", style="bold reverse")
            words = status.words().removeprefix("NOT SAVED: ") if status else "the game is not being saved"
            text.append(plain(f" {words}.\nQuitting now loses what is not saved. Press S to save the game to "
                              "another file first."))
            quit_words = "Quit anyway (Y)"
        self.query_one("#quit-text", Static).update(text)
        self.query_one("#yes", Button).label = quit_words
        self.query_one("#elsewhere", Button).display = not (status is not None and status.saved)
        self.refresh_bindings()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "elsewhere":
            self.action_save_elsewhere()
        else:
            self.dismiss(event.button.id == "yes")

    def action_save_elsewhere(self) -> None:
        if not (self.status is not None and self.status.saved):
            self.app.action_save_elsewhere()  # over this dialog, which then says how it went

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_elsewhere":
            return not (self.status is not None and self.status.saved)
        return True

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ReplaceSaveScreen(YesNo, ModalScreen[bool]):
    """``--save`` names another game's save: replace it, or not (a file that is not a save is never offered)."""

    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [
        Binding("y", "answer(True)", "Replace it", id="replace.yes", tooltip="Replace the other game's save"),
        Binding("n,escape", "answer(False)", "Keep it", id="replace.no",
                tooltip="Leave the other game's save alone and go back"),
    ]

    def __init__(self, path: Path, other: SaveFile) -> None:
        super().__init__()
        self.path = path
        self.other = other

    def compose(self) -> ComposeResult:
        o = self.other
        with Vertical(id="replace-box", classes="dialog"):
            yield Static(plain(f"{self.path} already holds another game:\n{o.deck.title}, seed {o.setup.seed}, "
                               f"{len(o.log)} actions, saved {o.saved_at[:16]}.\n\nReplace it with this game? "
                               "The other game will be lost."), id="replace-text")
            with Horizontal(classes="buttons"):
                yield Button("Replace it (Y)", id="yes", variant="error")
                yield Button("Keep it (N)", id="no", variant="primary")


class SaveElsewhereScreen(ModalScreen[Path | None]):
    """Ask for another file to save the game to (it is not being saved where it was), and stay until it is saved
    there or the person cancels: a refused path is said here, to be corrected."""

    if TYPE_CHECKING:
        app = getters.app(TabletopApp)  # self.app, typed

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="elsewhere.cancel", tooltip="Back, without saving")]

    def __init__(self, status: SaveStatus | None, suggestion: Path) -> None:
        super().__init__()
        self.status = status
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(id="elsewhere-box", classes="dialog"):
            yield Static(id="elsewhere-text")
            # An Input shows its value raw: a suggested path with a control character in it is not offered.
            shown = str(self.suggestion)
            yield Input(shown if visible(shown) == shown else "", id="elsewhere-path",
                        placeholder="path/to/a/new/file.jsonl")
            yield Static(id="elsewhere-error")

    def on_mount(self) -> None:
        self.show_save_status(self.status)
        self.query_one(Input).focus()

    def show_save_status(self, status: SaveStatus | None) -> None:
        """Kept up to date by the app while the dialog is open."""
        self.status = status
        if not self.query("#elsewhere-text"):
            return
        why = status.words() if status else "The game is not being saved."
        self.query_one("#elsewhere-text", Static).update(plain(
            f"{why}\n\nSave the whole game to a new file, and keep saving there (Enter to save, Esc to cancel):"))

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.failed("Give a file name.")
            return
        self.query_one("#elsewhere-error", Static).update(plain("Saving…"))
        self.app.save_elsewhere(Path(text).expanduser(), self)

    def failed(self, why: str) -> None:
        self.query_one("#elsewhere-error", Static).update(plain(f"Not saved: {why}"))
        self.query_one(Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
