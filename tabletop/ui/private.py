"""The private view: one seat's window on a live game (`tabletop private --seat SEAT [SAVE]`).

A read-only app for a second screen (the laptop's own while the projector shows the table) or a second terminal.
It follows the game's save as it grows (`tabletop.saves.follow.Follower`, polled from a thread worker), and
shows only what its seat may know: a `tabletop.present.private.Private` built from the seat's view. It never
writes to the save and takes no lock; a save it cannot read for a moment leaves the last good picture up with a
quiet note.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Static
from textual.worker import get_current_worker

from ..present.private import Private, motive_lines, private_picture
from ..saves import SaveError
from ..saves.follow import Follower
from .plain import plain
from .widgets.footer import Footer

#: Seconds between two looks at the save's size and time.
POLL = 0.5


class PrivateApp(App[None]):
    """Shows ``seat``'s private view of the game saved at the follower's file, updated as the file grows."""

    CSS_PATH = "app.tcss"
    TITLE = "tabletop private"
    ENABLE_COMMAND_PALETTE = False  # nothing to command: the view only reads
    BINDINGS = [
        Binding("h", "hide", "Hide", id="private.hide", tooltip="Hide the secret (someone is looking) or show it again"),
        Binding("q", "quit", "Quit", id="private.quit", tooltip="Close the private view; the game goes on"),
    ]

    def __init__(self, follower: Follower, seat: str, *, poll: float = POLL,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        """``poll``: seconds between looks at the file; ``clock``: the time shown as when the save was read."""
        super().__init__()
        self.clock = clock
        assert follower.game is not None, "the command read the save first (and refused what it could not read)"
        self.follower = follower
        self.seat = seat
        self.poll = poll
        self.picture: Private = private_picture(follower.game, seat)
        self.read_at = clock()
        self.problem: str | None = None
        self.hidden = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="private-status")
        with Horizontal(id="private-body"):
            with VerticalScroll(id="private-secret"):
                yield Static(id="private-secret-text")
            with Vertical(id="private-side"):
                with VerticalScroll(id="private-table"):
                    yield Static(id="private-table-text")
                with VerticalScroll(id="private-cards"):
                    yield Static(id="private-cards-text")
                with VerticalScroll(id="private-log"):
                    yield Static(id="private-log-text")
        yield Footer()

    def on_mount(self) -> None:
        self.show()
        self.follow()

    def show(self) -> None:
        """Draw the picture: the secret, the table, the cards and the end of the log, all as plain text."""
        p = self.picture
        self.title = f"{p.seat_label} only: private view"
        self.sub_title = p.title
        status = Text.assemble(plain(f" {p.seat_label} only ", "bold reverse"), " ", plain(p.status))
        status.append(plain(f"\nFollowing {self.follower.path.name} (read-only), read at {self.read_at:%H:%M:%S}",
                            "dim"))
        if self.problem is not None:
            status.append(plain(f"\nNote: {self.problem}; showing the game as last read.", "italic"))
        self.query_one("#private-status", Static).update(status)
        secret = self.query_one("#private-secret", VerticalScroll)
        secret.border_title = "Your secret"
        body = Text()
        if self.hidden:
            body.append("Hidden. Press H to show it again.")
        elif p.secret.empty:
            body.append(plain("Nothing is secret to this seat now." if not p.over else "The game is over: the "
                              "debrief has revealed everything."))
        else:
            if p.secret.motive is not None:
                lines = motive_lines(p.secret)
                body.append(plain("Your hidden motive" + (" (revealed at the debrief)" if p.over else "") + "\n\n",
                                  "bold"))
                body.append(plain(lines[0] + "\n", "bold reverse"))
                body.append(plain("\n".join(lines[1:]) + "\n"))
            if p.secret.tallies:
                body.append(plain("\nWhat only you know, until the debrief:\n", "bold"))
                body.append(plain("".join(f"{line}\n" for line in p.secret.tallies)))
            if p.secret.objectives:
                body.append(plain("Your secret objectives" + (" (revealed at the debrief)" if p.over else
                                                               ", until the debrief") + ":\n", "bold"))
                body.append(plain("".join(f"• {line}\n" for line in p.secret.objectives)))
        self.query_one("#private-secret-text", Static).update(body)
        self.query_one("#private-table", VerticalScroll).border_title = "The table"
        self.query_one("#private-table-text", Static).update(plain("\n".join(p.table)))
        cards = self.query_one("#private-cards", VerticalScroll)
        cards.border_title = p.cards_title
        cards.display = not p.over  # no more moves to price
        self.query_one("#private-cards-text", Static).update(plain("\n".join(p.cards)))
        log = self.query_one("#private-log", VerticalScroll)
        log.border_title = "Log (the end)"
        self.query_one("#private-log-text", Static).update(plain("\n".join(p.log)))
        log.scroll_end(animate=False)

    @work(thread=True, exclusive=True, name="follow the save")
    def follow(self) -> None:
        """Look at the save every ``poll`` seconds; read it again when it changed (never writing it)."""
        worker = get_current_worker()
        while not worker.is_cancelled:
            due = time.monotonic() + self.poll
            while not worker.is_cancelled and time.monotonic() < due:
                time.sleep(min(0.1, self.poll))  # in short naps: closing the view never waits for a whole poll
            if worker.is_cancelled:
                return
            try:
                game = self.follower.poll()
            except SaveError as e:
                self.call_from_thread(self.trouble, str(e))
                continue
            if game is not None:
                picture = private_picture(game, self.seat)  # in this thread: the interface gets words, not the game
                self.call_from_thread(self.update_picture, picture)

    def update_picture(self, picture: Private) -> None:
        self.picture, self.read_at, self.problem = picture, self.clock(), None
        self.show()

    def trouble(self, why: str) -> None:
        if why != self.problem:
            self.problem = why
            self.show()

    def action_hide(self) -> None:
        self.hidden = not self.hidden
        self.show()
