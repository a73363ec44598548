"""The Textual application: setup, the table, the private hand-off, the facilitator, the debrief.

Text from decks, saves, settings and paths is shown as plain text, never markup (`tabletop.ui.plain`);
notifications are plain and `visible` whatever their caller passes.
"""

from __future__ import annotations

import gc
import linecache
from functools import partial
from pathlib import Path

import attrs
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from ..config import Config, config_path, load_config, save_theme
from ..deck import Deck, DeckError, load_deck
from ..engine import Game
from ..engine.state import Setup
from ..safetext import visible
from ..saves import Autosaver, SaveError, SaveStatus, saves_dir
from .screens.table import TableScreen
from .settings import check as check_settings

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


def _moves_provider():
    """The command palette's moves, imported when the palette first opens (as Textual does for its own commands)."""
    from .providers import MovesProvider

    return MovesProvider


class TabletopApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tabletop"
    COMMANDS = App.COMMANDS | {_moves_provider}
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
                 config: Config | None = None, seed: int | None = None, rounds: int | None = None,
                 deck_error: DeckError | None = None) -> None:
        _freeze_start_up_heap()
        super().__init__()
        self.deck_path = deck_path
        self.deck_error = deck_error  # the caller already read deck_path, and it has errors: shown, not read again
        self.initial_setup = setup  # skip the setup screen (command-line seats, tests)
        self.initial_game = game  # a resumed game, with its save already open (``saver``)
        self.initial_saver = saver
        self.notice = notice  # something to say about the resumed save (a last line cut short)
        self.save_path = save_path
        self.replace_save = replace_save  # the person already chose to replace the save at save_path
        self.save_status: SaveStatus | None = None  # the truth about the game on disk; None: no game yet
        self.final_status: SaveStatus | None = None  # after the app closed the save
        self.paced = animate  # steps wait so that the room can follow (not "animate": that is a Textual method)
        self.seed = seed  # proposed on the setup screen (default: a random one)
        self.rounds = rounds  # proposed on the setup screen (default: the deck's)
        self.deck: Deck | None = deck  # already loaded from deck_path, if the caller did
        self.autosaver: Autosaver | None = None
        self.game: Game | None = None  # the game on the table
        self.register_theme(TABLETOP_THEME)
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

    def on_mount(self) -> None:
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
            self.deck = loaded or load_deck(path)
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

            self.switch_to(SetupScreen(self.deck, self.seed, self.rounds))
            self.find_resumable()

    def switch_to(self, screen) -> None:
        """Show ``screen`` as the only screen above the default one."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    @work(thread=True, exclusive=True, group="resumable")
    def find_resumable(self) -> None:
        """Offer the game to resume on the setup screen, once it is known (reading saves is slow I/O)."""
        from ..saves.store import save_to_resume

        last, waiting = save_to_resume(load_deck)
        summary = last or (waiting[0] if waiting else None)  # the newest unfinished, when the last is over
        if summary is not None and summary.over is not True:
            self.call_from_thread(self._offer_resume, summary)

    def _offer_resume(self, summary) -> None:
        from .screens.setup import SetupScreen

        if isinstance(self.screen, SetupScreen):
            self.screen.offer_resume(summary.path, summary.line())

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
        """Show ``game`` on the table, saved after every action (by ``saver``, or a new autosave)."""
        if self.autosaver is not None and self.autosaver is not saver:
            self.autosaver.close()  # the game before this one
        self.autosaver, self.game = None, game
        if saver is None:
            try:
                saver = self._new_saver(game)
            except SaveError as e:
                self.notify(f"{e}\nThe game is NOT being saved: tabletop tries again after every move, and S saves "
                            "it to another file.", title="No autosave", severity="error", timeout=20, markup=False)
                self.save_status = SaveStatus(self.save_path or saves_dir(), 0, len(game.log), str(e))
        if saver is not None:
            self._use_saver(saver, game)
        game.listeners.append(lambda *_: self.autosave())
        table = TableScreen(game, animate=self.paced)
        self._size_classes(table)
        self.switch_to(table)
        self.show_save_status(self.save_status)

    def _size_classes(self, screen: Screen[None]) -> None:
        """Give ``screen`` its breakpoint classes for the terminal's size before it is mounted: Textual sets them at
        its first resize, and then restyles the whole screen (the table: 28 widgets) because they changed."""
        width, height = self.size
        for dimension, own, apps in ((width, screen.HORIZONTAL_BREAKPOINTS, self.HORIZONTAL_BREAKPOINTS),
                                     (height, screen.VERTICAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS)):
            breakpoints = (apps if own is None else own) or []  # as Textual chooses them (Screen._on_resize)
            screen.add_class(*screen._get_breakpoint_classes(dimension, breakpoints), update=False)

    def _new_saver(self, game: Game) -> Autosaver:
        """The save this game is to have: at ``--save`` (replacing it, if the person said so), or a new autosave."""
        if self.save_path is not None:
            return Autosaver.create(game, self.save_path, replace=self.replace_save)
        return Autosaver.new(game)

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
        if saver is not None:
            status = saver.sync()  # serialised inside: each call writes all that is missing by then
        else:
            try:
                saver = self._new_saver(game)
            except SaveError as e:
                status = SaveStatus(self.save_path or saves_dir(), 0, len(game.log), str(e))
            else:
                status = saver.sync()
                self._call_ui(self._adopt, saver, game)
        self._call_ui(self.show_save_status, status)

    def _adopt(self, saver: Autosaver, game: Game) -> None:
        """A save file made on a worker: the game's, unless the game has changed (or another one came) since."""
        if self.autosaver is None and self.game is game:
            self._use_saver(saver, game)
        else:
            saver.close()

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
            else:  # no save file could be made at the start: make it there
                saver = Autosaver.create(game, path)
                status = saver.status
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
            game = resume(save, load_deck)
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
        return write_output(path, report_file_text(report_markdown(game)), "report", protected=protected,
                            private_as=save)

    def action_help(self) -> None:
        from .screens.help import HelpScreen, help_blocks

        if isinstance(self.screen, HelpScreen):
            return
        keys = [(b.key_display or self.get_key_display(b), b.description)
                for _, b, enabled, _ in self.screen.active_bindings.values() if b.show and b.description]
        self.push_screen(HelpScreen(help_blocks(self.deck, keys)))
