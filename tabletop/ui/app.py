"""The Textual application: setup, the table, the private hand-off, the facilitator, the debrief.

Text from decks, saves, settings and paths is shown as plain text, never markup (`tabletop.ui.plain`);
notifications are plain and `visible` whatever their caller passes.
"""

from __future__ import annotations

import gc
import linecache
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.theme import Theme

from ..clock import ClockChoice, clock_times
from ..config import Config, config_path, load_config, save_theme
from ..deck import Deck, DeckError
from ..engine import Game
from ..engine.state import ActorConfig, Setup
from ..pace import default_pace
from ..paths import open_deck
from ..safetext import visible
from ..saves import Autosaver, SaveError, SaveStatus, saves_dir
from .screens.table import StyledOnMount, TableScreen
from .settings import check as check_settings

if TYPE_CHECKING:
    from ..present.private import Secret

# The other screens are imported when first shown: start-up loads only what the first screen needs.

TABLETOP_THEME = Theme(
    name="tabletop",
    primary="#E0A526",  # brass
    secondary="#5B8DB8",
    accent="#C8553D",
    warning="#E0A526",
    error="#D9534F",
    success="#5FAD56",
    foreground="#ECE7DB",
    background="#1B1F24",
    surface="#242A31",
    panel="#2E3640",
    dark=True,
)

#: For a projector: black on white at full contrast, the accents dark and saturated (a washed-out beam keeps them).
PROJECTOR_THEME = Theme(
    name="projector (high contrast)",
    primary="#00307A",
    secondary="#003D1F",
    accent="#7A0000",
    warning="#6B4500",
    error="#9E0000",
    success="#005C1F",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E6E6E6",
    boost="#E0E0E0",
    dark=False,
    variables={"text-muted": "#222222", "footer-key-foreground": "#00307A", "block-cursor-text-style": "bold reverse",
               "border": "#000000", "border-blurred": "#333333"},
)


def _freeze_start_up_heap() -> None:
    """Move what start-up has made so far (the modules, the deck, the settings: it all lives as long as the app)
    out of the cycle collector's reach, once per process: otherwise the collections that starting the table sets
    off walk all of it again (one full collection walked the whole heap before the first frame). The few dozen
    objects of import-time garbage that exist then are kept until the process ends."""
    global _frozen
    if not _frozen:
        _frozen = True
        _drop_generated_sources()
        gc.freeze()


def _drop_generated_sources() -> None:
    """Forget the source attrs keeps of each class's generated ``__init__`` (in `linecache`, so that a debugger can
    show it: 0.25 MiB of peak memory for ~90 classes, never read by the app). A traceback through such an
    ``__init__`` still names it and its line; only the line's text is not shown."""
    for name in [name for name in linecache.cache if name.startswith("<attrs generated ")]:
        del linecache.cache[name]


_frozen = False


class _CollectorPause:
    """The cycle collector paused while the app builds its first screen, and resumed once that has been drawn.

    Building the table (styles, widgets, the first layout and draws) makes tens of thousands of containers and
    next to no garbage: the collector ran 58 times from the app's start to the table's first frame and the pause
    after it (9 to 11 ms here), and the peak memory is the same without it. Paused, one collection after the first
    frame walks what was made meanwhile (2 to 4 ms). Resumed after the first refresh of the screen shown then, and
    at the latest when the app closes; a collector that was off before (a caller's choice) stays off."""

    def __init__(self) -> None:
        self.paused = gc.isenabled()
        if self.paused:
            gc.disable()

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            gc.enable()


class DefaultScreen(StyledOnMount, Screen[None]):
    """Textual's default screen (blank, under every other), not restyled when it first resumes."""


def _moves_provider():
    """The command palette's moves, imported when the palette first opens (as Textual does for its own commands)."""
    from .providers import MovesProvider

    return MovesProvider


class TabletopApp(App[None]):
    _collector: _CollectorPause | None = None  # from mount to the first screen's first frame
    CSS_PATH = "app.tcss"
    TITLE = "tabletop"
    COMMANDS = {_moves_provider}  # the game's moves, then the app's commands (get_system_commands), in that order
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-medium"), (36, "-tall")]
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", tooltip="How to play this deck, and the keys"),
        Binding("f2", "change_theme", "Theme", id="app.theme", tooltip="Choose a colour theme (remembered)"),
        Binding("s", "save_elsewhere", "Save elsewhere", id="app.save_elsewhere",
                tooltip="The game is not being saved: save it to another file and keep saving there"),
    ]

    def __init__(self, deck_path: Path, *, deck: Deck | None = None, setup: Setup | None = None,
                 game: Game | None = None, saver: Autosaver | None = None, notice: str | None = None,
                 save_path: Path | None = None, replace_save: bool = False, animate: bool = True,
                 pace: str | None = None, room_view: bool | None = None, config: Config | None = None,
                 seed: int | None = None, rounds: int | None = None,
                 deck_error: DeckError | None = None, secrets_elsewhere: bool = False,
                 clock: ClockChoice | None = None, actors: dict[str, ActorConfig] | None = None) -> None:
        _freeze_start_up_heap()
        super().__init__()
        self.deck_path = deck_path
        self.deck_error = deck_error  # the caller already read deck_path, and it has errors: shown, not read again
        self.initial_setup = setup  # skip the setup screen (command-line seats, tests)
        self.initial_actors = actors  # who plays the actors, proposed on the setup screen (--actors without --seats)
        self.initial_game = game  # a resumed game, with its save already open (``saver``)
        self.initial_saver = saver
        self.notice = notice  # something to say about the resumed save (a last line cut short)
        self.save_path = save_path
        self.replace_save = replace_save  # the person already chose to replace the save at save_path
        self.save_status: SaveStatus | None = None  # the truth about the game on disk; None: no game yet
        self.final_status: SaveStatus | None = None  # after the app closed the save
        # How long the table holds each beat (`tabletop.pace`): None for the setup screen's choice, else the
        # config's, else by the seats. ``animate=False`` (--no-animation) is the instant pace.
        self.pace_choice = pace if animate else "instant"
        self.room_view_choice = room_view
        # The negotiation clock (`tabletop.clock`): chosen (command line, setup screen), else the config's, else the
        # deck's times in a seminar and none in a solo game. Presentation only: never in the game or its save.
        self.clock_choice = clock
        self.monotonic = time.monotonic  # the clock's time source: tests put their own here, to move time at will
        # No secret at this screen (a table served to a browser, each seat's secret in its private view): no hand-off.
        self.secrets_elsewhere = secrets_elsewhere
        self.seed = seed  # proposed on the setup screen (default: a random one)
        self.rounds = rounds  # proposed on the setup screen (default: the deck's)
        self.deck: Deck | None = deck  # already loaded from deck_path, if the caller did
        self.autosaver: Autosaver | None = None
        self.game: Game | None = None  # the game on the table
        # A new game's save is made on a worker (its writes and syncs are no wait before the table's first frame),
        # and one only, however many workers ask for it before the table takes it up (`_save_for`): it is made
        # under this lock and kept in _made with its game, for the workers that follow and for the app's close.
        self._making = threading.Lock()
        self._made: tuple[Game, Autosaver] | None = None
        self._closed = False  # no save is made once the app has closed (a worker late to start)
        self._said_unsaved: Game | None = None  # the game whose save could not be made, said once (`_unsaved`)
        self._sized: Size | None = None  # the terminal's size when it last changed (`on_resize`)
        self.held_frames: set[Screen] = set()  # screens to draw once no batch update is open (`FrameAfterBatch`)
        self.register_theme(TABLETOP_THEME)
        self.register_theme(PROJECTOR_THEME)
        # What cannot be used is taken out, each with a problem: shown on screen, and on stderr at the end.
        self.config = check_settings(config if config is not None else load_config(), self)
        self._first_theme(self.config.theme or "tabletop")

    def _first_theme(self, name: str) -> None:
        """Start in theme ``name``. Assigning ``self.theme`` would have the stylesheet parsed a second time once the
        app runs (Textual re-reads every source under the new theme's variables); nothing has been parsed yet, so
        the app takes the theme's variables and classes now, as Textual's switch would set them. A theme that is
        unknown, or light where the default is dark, takes Textual's own way."""
        theme = self.get_theme(name)
        if theme is None or theme.dark != self.current_theme.dark or self.stylesheet.source:
            self.theme = name
            return
        self.set_reactive(App.theme, name)
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        self.update_classes({**classes, f"-theme-{name}": True}, update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every notification (the screens' and widgets' too) with its control characters made visible; file
        text is passed with ``markup=False``."""
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=markup)

    def get_key_display(self, binding: Binding) -> str:
        return visible(super().get_key_display(binding))  # a key named in config.toml

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Restyle ``node`` and what it holds, as Textual does when its classes change; except a node in no DOM yet (a
        widget being made: Textual 8.2.8's Select, Input and Button set classes in their constructors, while a
        screen composes them): it is styled whole when it is mounted, and restyling it before is thrown away."""
        if node.parent is None and node is not self:
            return
        super().update_styles(node, animate)

    def on_resize(self, event: events.Resize) -> None:
        """The terminal's size, taken by Textual's own handler (`App._on_resize`, which runs after this one), except a
        resize to the size the screens already have: Textual keeps that event and sends it to the screens when idle,
        each to be laid out again at the same size (the driver's first resize, as the table opens: a layout of the
        table, and of the screen under it, before its first frame)."""
        if event.size == self._sized:
            event.prevent_default()  # Textual's handler does not run
        self._sized = event.size

    def on_idle(self) -> None:
        """A screen whose frame was held during a batch update (`FrameAfterBatch`) draws it once none is open: the app
        is idle at the end of each batch (`App._end_batch` asks it, Textual 8.2.8)."""
        if self.held_frames and not self._batch_count:
            screens, self.held_frames = self.held_frames, set()
            for screen in screens:
                screen.check_idle()  # its idle handler draws what it has to, as after any change

    def on_mount(self) -> None:
        self._collector = _CollectorPause()
        self.call_after_refresh(self._collector.resume)  # once the first screen (pushed below) has been drawn
        if self.config.keys:
            self.set_keymap(self.config.keys)
        for problem in self.config.problems:
            self.notify(problem, title="Settings ignored", severity="warning", timeout=10, markup=False)
        self.theme_changed_signal.subscribe(self, lambda theme: self._remember_theme(theme.name))
        if self.initial_game is not None:
            self.deck = self.initial_game.deck
            saver, self.initial_saver = self.initial_saver, None
            self.play(self.initial_game, saver)
            if self.notice:
                self.notify(f"The save was damaged by a crash: {self.notice}.", title="Resumed", markup=False,
                            timeout=10)
        else:
            error, self.deck_error = self.deck_error, None
            self.open_deck(self.deck_path, self.deck, error)

    def _remember_theme(self, name: str) -> None:
        try:
            if not save_theme(name):
                self.notify(f"{config_path()} cannot be read, so it is left as it is: "
                            "fix it by hand to remember a theme.", title="Theme not remembered",
                            severity="warning", timeout=10, markup=False)
        except OSError as e:
            self.notify(f"Could not remember the theme: {e}", severity="warning", markup=False)

    # -- decks and games -----------------------------------------------------

    def open_deck(self, path: Path, loaded: Deck | None = None, error: DeckError | None = None) -> None:
        """Load a deck (unless ``loaded`` is it already, or ``error`` says why it cannot be): its errors on screen
        if it has any (read once: the error has the warnings too), else the setup (or straight to the table)."""
        self.deck_path = path
        try:
            if error is not None:
                raise error
            self.deck = loaded or open_deck(path)
        except DeckError as e:
            from .screens.deck_errors import DeckErrorScreen

            self.deck = None
            self.switch_to(DeckErrorScreen(path, list(e.problems), list(e.warnings)))
            return
        if self.initial_setup is not None:
            setup, self.initial_setup = self.initial_setup, None
            self.start_game(self.deck, setup)
        else:
            from .screens.setup import SetupScreen

            # A new game after one on the same deck keeps its seats and who played the actors (N in the debrief); a
            # new seed is drawn. Before any game, the actors are those of --actors, if given.
            same = self.game is not None and self.game.deck.deck.id == self.deck.deck.id
            seats = self.game.setup.seats if same and self.game is not None else None
            actors = self.game.setup.actors if same and self.game is not None else self.initial_actors
            self.switch_to(SetupScreen(self.deck, self.seed, self.rounds, seats=seats, actors=actors))
            self.find_resumable()

    def switch_to(self, screen: Screen) -> None:
        """Show ``screen`` as the only screen above the default one (with its breakpoint classes: `_size_classes`)."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._size_classes(screen)
        self.push_screen(screen)

    @work(thread=True, exclusive=True, group="resumable")
    def find_resumable(self) -> None:
        """Offer the game to resume on the setup screen, once it is known (reading saves is slow I/O): the game
        played last, or the newest unfinished one when that one is over; a finished game is offered for its
        debrief, never as a game to resume."""
        from ..saves.store import save_to_resume

        last, waiting = save_to_resume(open_deck)
        summary = last or (waiting[0] if waiting else None)  # the newest unfinished, when the last is over
        if summary is not None:
            self.call_from_thread(self._offer_resume, summary)

    def _offer_resume(self, summary) -> None:
        from .screens.setup import SetupScreen

        if isinstance(self.screen, SetupScreen):
            self.screen.offer_resume(summary.path, summary.line(), over=summary.over is True)

    def start_game(self, deck: Deck, setup: Setup) -> None:
        try:
            game = Game(deck, setup)
        except ValueError as e:
            self.notify(str(e), title="Cannot start", severity="error", markup=False)
            return
        path = self.save_path
        if path is not None and not self.replace_save:
            from ..saves.store import existing_save

            try:
                other = existing_save(path)
            except SaveError as e:
                self.notify(str(e), title="Cannot save there", severity="error", markup=False, timeout=15)
                return
            if other is not None:
                from ..saves.lock import Locked, check_free
                from .screens.modals import ReplaceSaveScreen

                try:
                    check_free(path)  # not offered while another tabletop plays it
                except Locked as e:
                    self.notify(str(e), title="Cannot save there", severity="error", markup=False, timeout=15)
                    return

                def answered(replace: bool | None) -> None:
                    if replace:
                        self.replace_save = True
                        self.play(game)

                self.push_screen(ReplaceSaveScreen(path, other), answered)
                return
        self.play(game)

    def play(self, game: Game, saver: Autosaver | None = None) -> None:
        """Show ``game`` on the table, saved after every action (by ``saver``, or a new autosave made on a worker:
        until it reports, the game is not said to be saved)."""
        if self.autosaver is not None and self.autosaver is not saver:
            self.autosaver.close()  # the game before this one
        self.autosaver, self.game, self.save_status = None, game, None
        if saver is not None:
            self._use_saver(saver, game)
        game.listeners.append(lambda *_: self.autosave())
        table = TableScreen(game, pace=self.pace_for(game), room_view=self.room_view_for(),
                            clock=self.clock_times_for(game))
        self.switch_to(table)
        if saver is None:
            self.autosave()  # makes the save, with what has been played by then
        self.show_save_status(self.save_status)

    def pace_for(self, game: Game) -> str:
        """The pace for ``game``: chosen (command line, setup screen), else the config's, else by its seats."""
        if self.pace_choice is not None:
            return self.pace_choice
        if self.config.pace is not None:
            return self.config.pace
        return default_pace(all(seat.kind == "human" for seat in game.setup.seats.values()))

    def clock_times_for(self, game: Game) -> dict[str, int]:
        """The negotiation clock's seconds per phase for ``game``: chosen (command line, setup screen), else the
        config's, else the deck's when two teams of people or more share the screen (a solo game has none)."""
        choice = self.clock_choice if self.clock_choice is not None else self.config.clock
        teams = sum(seat.kind == "human" for seat in game.setup.seats.values()) + sum(
            actor.kind == "team" for actor in game.setup.actors.values())
        return clock_times(game.deck.clock, choice, seminar=teams >= 2)

    def room_view_for(self) -> bool:
        """Whether the table opens in the room view: chosen on the command line, else the config's, else not."""
        if self.room_view_choice is not None:
            return self.room_view_choice
        return bool(self.config.room_view)

    def get_default_screen(self) -> Screen:
        """Textual's default screen, under every other, with its breakpoint classes already: set at its first resize,
        they would restyle it and what it holds before the table's first frame. Nor is it restyled when it first
        resumes (`StyledOnMount`). The terminal's size is known by now (the driver's, else the console's); if it is
        not the size of the first resize, that resize sets the classes, as Textual does."""
        screen = DefaultScreen(id="_default")  # as Textual's own (App.get_default_screen)
        self._size_classes(screen)
        return screen

    def _size_classes(self, screen: Screen) -> None:
        """Give ``screen`` its breakpoint classes for the terminal's size before it is mounted: Textual sets them at
        its first resize, and then restyles the whole screen (the table: 28 widgets) because they changed."""
        width, height = self.size
        for dimension, own, apps in ((width, screen.HORIZONTAL_BREAKPOINTS, self.HORIZONTAL_BREAKPOINTS),
                                     (height, screen.VERTICAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS)):
            breakpoints = (apps if own is None else own) or []  # as Textual chooses them (Screen._on_resize)
            screen.add_class(*screen._get_breakpoint_classes(dimension, breakpoints), update=False)

    def _new_saver(self, game: Game) -> Autosaver:
        """The save this game is to have: at ``--save`` (replacing it, if the person said so), or a new autosave.
        Made on a worker, which syncs it (`sync_each_action` off from the start)."""
        if self.save_path is not None:
            return Autosaver.create(game, self.save_path, replace=self.replace_save, sync_each_action=False)
        return Autosaver.new(game, sync_each_action=False)

    def _save_for(self, game: Game, make: Callable[[], Autosaver]) -> tuple[Autosaver, bool]:
        """``game``'s save, made by ``make`` unless one was made for it already (by another worker, not yet taken
        up by the table); and whether it was made now. On a worker; `SaveError` if it cannot be made. Nothing
        here waits for the interface (its close waits for this lock)."""
        with self._making:
            if self._made is not None and self._made[0] is game:
                return self._made[1], False
            if self._closed:
                raise SaveError("the app has closed")  # its close made the save, or said why it could not
            saver = make()
            self._made = (game, saver)
            return saver, True

    def _use_saver(self, saver: Autosaver, game: Game) -> None:
        saver.sync_each_action = False  # a worker writes, off the event loop
        self.autosaver = saver
        if saver.game is None:  # a resumed save: follow the game from here
            saver.attach(game, sync=False)
            self.autosave()  # an older version is rewritten, a line cut short by a crash mended
        self.save_status = saver.status

    # -- the autosave ----------------------------------------------------------

    def autosave(self) -> None:
        """Write the actions not yet on disk, on a worker thread; the banner follows what happened. With no save
        file yet (it could not be made), try to make it again."""
        if self.game is not None:
            self.run_worker(partial(self._autosave_work, self.autosaver, self.game), thread=True, group="autosave")

    def _autosave_work(self, saver: Autosaver | None, game: Game) -> None:
        if saver is None:  # no save taken up yet: made here (once), or retried after a failure
            try:
                saver, made = self._save_for(game, partial(self._new_saver, game))
            except SaveError as e:
                self._call_ui(self._unsaved, game, e)
                self._call_ui(self.show_save_status, SaveStatus(self.save_path or saves_dir(), 0, len(game.log), str(e)))
                return
            status = saver.sync()  # serialised inside: each call writes all that is missing by then
            self._call_ui(self._adopt, saver, game)
        else:
            status = saver.sync()
        self._call_ui(self.show_save_status, status)

    def _adopt(self, saver: Autosaver, game: Game) -> None:
        """A save file made on a worker: the game's, unless the game has changed (or another one came) since."""
        if self.autosaver is saver:
            return  # taken up already (another worker found it made)
        if self.autosaver is None and self.game is game:
            self._use_saver(saver, game)
        else:
            saver.close()

    def _unsaved(self, game: Game, error: SaveError) -> None:
        """Say once per game that its save could not be made (the banner keeps saying it)."""
        if self._said_unsaved is not game and self.game is game:
            self._said_unsaved = game
            self.notify(f"{error}\nThe game is NOT being saved: tabletop tries again after every move, and S saves it "
                        "to another file.", title="No autosave", severity="error", timeout=20, markup=False)

    def _call_ui(self, callback, *args) -> None:
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:
            pass  # the app is closing: run_tui says how it ended

    def show_save_status(self, status: SaveStatus | None) -> None:
        """Keep every banner and dialog truthful about the game on disk."""
        from .widgets.save_banner import SaveBanner

        if status is None:
            return
        changed = self.save_status is None or status.saved != self.save_status.saved
        self.save_status = status
        for screen in self.screen_stack:
            for banner in screen.query(SaveBanner):
                banner.show(status)
            if hasattr(screen, "show_save_status"):  # the quit and save-elsewhere dialogs
                screen.show_save_status(status)
        if changed:
            self.refresh_bindings()

    def action_save_elsewhere(self) -> None:
        from .screens.modals import SaveElsewhereScreen

        game = self.game
        if game is None:
            return
        suggestion = Path.home() / f"{game.deck.deck.id}-seed{game.setup.seed}.jsonl"
        self.push_screen(SaveElsewhereScreen(self.save_status, suggestion))

    @work(thread=True, exclusive=True, group="autosave-move")
    def save_elsewhere(self, path: Path, asking) -> None:
        """Save the whole game to ``path`` and keep saving there; ``asking`` (the dialog) hears how it went."""
        saver, game = self.autosaver, self.game
        if game is None:
            return
        try:
            if saver is not None:
                status = saver.move_to(path)
            else:  # no save file could be made at the start (or it is being made): make it there, or move it
                saver, made = self._save_for(game, partial(Autosaver.create, game, path, sync_each_action=False))
                status = saver.status if made else saver.move_to(path)
                self._call_ui(self._adopt, saver, game)
        except SaveError as e:
            self._call_ui(asking.failed, str(e))
            return
        self._call_ui(self.show_save_status, status)
        self._call_ui(asking.dismiss, path)
        self._call_ui(partial(self.notify, f"Saved to {status.path}; the game is saved there from now on.",
                              title="Saved", markup=False))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_elsewhere":
            return self.save_status is not None and not self.save_status.saved
        return True

    def on_unmount(self) -> None:
        """Closing: write what is missing and let the save go; `run_tui` says how it ended."""
        if self._collector is not None:
            self._collector.resume()
        self.close_save()

    def close_save(self) -> None:
        """Write what is missing and let the save go, once; ``final_status`` says how it was left. A save being made
        on a worker is waited for; one not made yet (the app closes moments after the game began) is made here."""
        if self.final_status is not None:
            return
        with self._making:  # a save a worker is making now is waited for
            self._closed = True
            made = self._made if self._made is not None and self._made[0] is self.game else None
            if self.autosaver is None and self.game is not None and made is None and self.save_status is None:
                try:  # not tried yet
                    made = (self.game, self._new_saver(self.game))
                except SaveError as e:
                    self.save_status = SaveStatus(self.save_path or saves_dir(), 0, len(self.game.log), str(e))
        if self.autosaver is None and made is not None:
            self.autosaver = made[1]  # made, not yet taken up
        if self.autosaver is not None:
            self.final_status = self.autosaver.close()
        elif self.game is not None and self.save_status is not None:  # no save file was ever made
            self.final_status = attrs.evolve(self.save_status, played=len(self.game.log))

    def resume_save(self, path: Path) -> None:
        """Play on the game saved at ``path`` (opened and locked once, here)."""
        from ..saves.store import resume

        try:
            saver, save = Autosaver.open(path)
        except SaveError as e:
            self.notify(str(e), title="Cannot resume", severity="error", timeout=15, markup=False)
            return
        try:
            game = resume(save, open_deck)
        except SaveError as e:
            saver.close()
            self.notify(str(e), title="Cannot resume", severity="error", timeout=15, markup=False)
            return
        self.play(game, saver)

    def new_game(self) -> None:
        self.save_path = None
        self.replace_save = False
        self.open_deck(self.deck_path)

    # -- the end of a game ------------------------------------------------------

    def show_debrief(self, game: Game) -> None:
        from .screens.debrief import DebriefScreen

        self.switch_to(DebriefScreen(game, self.export_report))

    def export_report(self, game: Game) -> Path:
        """Write the after-action report next to the save (never over anything but an earlier report)."""
        from ..outputs import free_name, game_files, report_file_text, write_output
        from ..present.report import report_markdown

        save = self.autosaver.path if self.autosaver else None
        folder = save.parent if save else Path.cwd()
        stem = save.stem if save else \
            f"{game.deck.deck.id}-seed{game.setup.seed}"
        protected = game_files(save, game.deck)
        path = free_name(folder, f"{stem}-report", ".md", "report", protected)
        from ..saves import saved_at

        # dated as `tabletop report` dates it: when the save was last written (this game's last move)
        return write_output(path, report_file_text(report_markdown(game, date=saved_at(save))), "report",
                            protected=protected, private_as=save)

    def write_slip(self, secret: Secret) -> Path:
        """Write a seat's motive slip (`tabletop.present.private.slip_text`) to a new file next to the save: never over
        anything. Called from a worker thread; `OSError` or `OutputRefused` when it cannot be written."""
        from ..outputs import new_name, write_output
        from ..present.private import slip_text

        game = self.game
        assert game is not None  # a hand-off comes from the table
        state = game.state
        save = self.autosaver.path if self.autosaver else None
        folder = save.parent if save else Path.cwd()
        stem = save.stem if save else f"{game.deck.deck.id}-seed{game.setup.seed}"
        text = slip_text(secret, game.deck.deck.title, seed=game.setup.seed, round_=state.round, rounds=state.rounds)
        path = new_name(folder, f"{stem}-{secret.seat}-slip", ".txt")
        return write_output(path, text, "slip", private_as=save)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands for the palette, its Quit the app's own (`action_quit`): during a game it asks "Quit
        this game?" (and says whether it is saved), as Q does."""
        for command in super().get_system_commands(screen):
            if command.title == "Quit":
                yield SystemCommand("Quit", "Leave tabletop (during a game: asks first, and says if it is saved)",
                                    self.action_quit)
            elif command.title == "Screenshot":
                yield SystemCommand("Screenshot", "An SVG picture of the screen, in tabletop's data folder "
                                    "(screenshots/): a new file, never over another", self.action_screenshot)
            else:
                yield command

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen as it is now (Textual's own delivery goes to a Downloads folder that may not be
        there, and names the file in markup): a new file in the data folder's screenshots/ (or ``path``), written in
        a worker, and said saved only once it is."""
        self._write_screenshot(self.export_screenshot(), filename, path)

    @work(thread=True, exit_on_error=False, group="screenshot")
    def _write_screenshot(self, svg: str, filename: str | None, path: str | None) -> None:
        from datetime import datetime

        from .. import files
        from ..outputs import OutputRefused, new_name
        from ..saves.store import data_dir

        folder = Path(path) if path else data_dir() / "screenshots"
        stem = "tabletop-" + datetime.now().strftime("%Y%m%d-%H%M%S")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for tries in range(1, 10):  # another screenshot may take the free name first: take the next one
                target = folder / filename if filename else new_name(folder, stem, ".svg")
                try:
                    written = files.write_file(target, svg, replace_existing=False)  # never over another file
                    break
                except FileExistsError:
                    if filename or tries == 9:
                        raise
        except (OSError, OutputRefused) as e:
            self.call_from_thread(self.notify, f"Screenshot NOT saved: {e}", title="Screenshot", severity="error",
                                  markup=False)
        else:
            self.call_from_thread(self.notify, f"Screenshot saved: {written}", title="Screenshot", markup=False)

    async def action_quit(self) -> None:
        """Quit (ctrl+q, the palette's Quit, Quit on the setup screen and the debrief): during a game, through the
        table's "Quit this game?", which says whether it is saved, from under any dialog; else at once."""
        from .screens.modals import ConfirmQuitScreen

        table = next((s for s in reversed(self.screen_stack) if isinstance(s, TableScreen)), None)
        if table is not None and table.game.state.phase != "over" and not isinstance(self.screen, ConfirmQuitScreen):
            table.action_quit()
        else:
            self.exit()

    def action_help(self) -> None:
        from .screens.help import HelpScreen, help_blocks

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_blocks(self.deck, self.help_keys())))

    def help_keys(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """Help's key list, from the bindings themselves (remapped as config.toml says): this screen's keys, shown
        in the footer now or not; the keys of lists and buttons; then the other screens' and dialogs'."""
        from .screens.card import CardScreen
        from .screens.debrief import DebriefScreen
        from .screens.help import WIDGET_KEYS, binding_keys
        from .screens.modals import ConfirmQuitScreen, HandOffScreen

        def named(binding: Binding) -> str:  # as the footer shows it, and in words when that is a symbol (⏎ enter)
            shown = self.get_key_display(binding)
            return shown if shown.isascii() else f"{shown} {binding.key}"

        def keys(bindings) -> list[tuple[str, str]]:
            return binding_keys(bindings, self._keymap, named)

        here = type(self.screen)
        sections = [("On this screen", keys([*here.BINDINGS, *self.BINDINGS]) + WIDGET_KEYS)]
        others = [("At the table", TableScreen), ("A card in full (I at the table)", CardScreen),
                  ("The private hand-off", HandOffScreen), ("Quit this game?", ConfirmQuitScreen),
                  ("The debrief", DebriefScreen)]
        sections += [(title, keys(getattr(screen, "BINDINGS", []))) for title, screen in others if screen is not here]
        return sections
