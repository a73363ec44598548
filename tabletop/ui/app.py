"""The Textual application: setup, the table, the private hand-off, the facilitator, the debrief.

Text from decks, saves, settings and paths is shown as plain text, never markup (`tabletop.ui.plain`);
notifications are plain and `visible` whatever their caller passes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from ..config import Config, load_config, save_theme
from ..deck import Deck, DeckError, inspect_deck, load_deck
from ..engine import Game, Guess
from ..engine.save import Autosaver, SaveError, latest_save, load_save, resume
from ..engine.state import Setup
from ..safetext import visible
from .plain import plain
from .providers import MovesProvider
from .screens.table import TableScreen

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


class TabletopApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tabletop"
    COMMANDS = App.COMMANDS | {MovesProvider}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (28, "-medium"), (36, "-tall")]
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", tooltip="How to play this deck, and the keys"),
        Binding("f2", "change_theme", "Theme", id="app.theme", tooltip="Choose a colour theme (remembered)"),
    ]

    def __init__(self, deck_path: Path, *, deck: Deck | None = None, setup: Setup | None = None,
                 game: Game | None = None,
                 save_path: Path | None = None, animate: bool = True, config: Config | None = None,
                 seed: int | None = None, rounds: int | None = None) -> None:
        super().__init__()
        self.deck_path = deck_path
        self.initial_setup = setup  # skip the setup screen (command-line seats, tests)
        self.initial_game = game  # a resumed game
        self.save_path = save_path
        self.animate = animate
        self.seed = seed  # proposed on the setup screen (default: a random one)
        self.rounds = rounds  # proposed on the setup screen (default: the deck's)
        self.config = config if config is not None else load_config()
        self.deck: Deck | None = deck  # already loaded from deck_path, if the caller did
        self.autosaver: Autosaver | None = None
        self.register_theme(TABLETOP_THEME)
        self.theme = self.config.theme if self.config.theme in self.available_themes else "tabletop"

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
            self.play(self.initial_game)
        else:
            self.open_deck(self.deck_path, self.deck)

    def _remember_theme(self, name: str) -> None:
        try:
            save_theme(name)
        except OSError as e:
            self.notify(f"Could not remember the theme: {e}", severity="warning", markup=False)

    # -- decks and games -----------------------------------------------------

    def open_deck(self, path: Path, loaded: Deck | None = None) -> None:
        """Load a deck (unless ``loaded`` is it already): its errors on screen if it has any, else the setup
        (or straight to the table)."""
        self.deck_path = path
        try:
            self.deck = loaded or load_deck(path)
        except DeckError:
            from .screens.deck_errors import DeckErrorScreen

            result = inspect_deck(path)  # the errors again, with the warnings, as `tabletop check` lists them
            self.deck = None
            self.switch_to(DeckErrorScreen(path, result.errors, result.warnings))
            return
        if self.initial_setup is not None:
            setup, self.initial_setup = self.initial_setup, None
            self.start_game(self.deck, setup)
        else:
            from .screens.setup import SetupScreen

            self.switch_to(SetupScreen(self.deck, self._resumable(), self.seed, self.rounds))

    def switch_to(self, screen) -> None:
        """Show ``screen`` as the only screen above the default one."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screen)

    def _resumable(self) -> str | None:
        try:
            save = load_save(latest_save())
        except SaveError:
            return None
        return f"{save.deck.title}, seed {save.setup.seed}, {len(save.log)} steps"

    def start_game(self, deck: Deck, setup: Setup) -> None:
        try:
            game = Game(deck, setup)
        except ValueError as e:
            self.notify(str(e), title="Cannot start", severity="error", markup=False)
            return
        self.play(game)

    def play(self, game: Game) -> None:
        try:
            if self.save_path is not None:
                self.autosaver = Autosaver(game, self.save_path, on_error=self._save_failed)
            else:
                self.autosaver = Autosaver.new(game, on_error=self._save_failed)
        except SaveError as e:
            self.notify(f"{e}\nThe game will NOT be saved.", title="No autosave", severity="error", timeout=15,
                        markup=False)
            self.autosaver = None
        self.switch_to(TableScreen(game, animate=self.animate))

    def _save_failed(self, error: SaveError) -> None:
        self.notify(str(error), title="Autosave failed", severity="error", timeout=15, markup=False)

    def resume_last(self) -> None:
        try:
            game = resume(load_save(latest_save()))
        except SaveError as e:
            self.notify(str(e), title="Cannot resume", severity="error", timeout=15, markup=False)
            return
        self.save_path = latest_save()
        self.play(game)

    def new_game(self) -> None:
        self.save_path = None
        self.open_deck(self.deck_path)

    @property
    def save_location(self) -> str:
        return str(self.autosaver.path) if self.autosaver else "not saved (autosave failed)"

    # -- screens the table asks for ---------------------------------------------

    def hand_off(self, game: Game, seat_id: str, then: Callable[[], None]) -> None:
        from .screens.modals import HandOffScreen

        seat = next(s for s in game.deck.seats if s.id == seat_id)
        self.push_screen(HandOffScreen(seat.label, game.deck.motive(game.state.motive)), lambda _: then())

    def ask_guess(self, game: Game, act: Callable) -> None:
        from .screens.modals import GuessScreen

        seat = game.state.offer_seat
        label = next(s.label for s in game.deck.seats if s.id == seat)
        self.push_screen(GuessScreen(label, game.deck), lambda motive: act(Guess(seat, motive)))

    def open_facilitator(self, game: Game, then: Callable) -> None:
        from .screens.facilitator import FacilitatorScreen

        self.push_screen(FacilitatorScreen(game), then)

    def confirm_quit(self, game: Game, otherwise: Callable[[], None]) -> None:
        from .screens.modals import ConfirmQuitScreen

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.exit(message=plain(f"Game saved: {self.save_location}\nResume it with: tabletop resume"))
            else:
                otherwise()

        self.push_screen(ConfirmQuitScreen(self.save_location), answered)

    def show_debrief(self, game: Game) -> None:
        from .screens.debrief import DebriefScreen

        self.switch_to(DebriefScreen(game, self.export_report))

    def export_report(self, game: Game) -> Path:
        from ..atomic import write_atomic
        from ..engine.report import report_markdown

        base = self.autosaver.path if self.autosaver else Path.cwd() / f"{game.deck.deck.id}-seed{game.setup.seed}.json"
        path = base.with_suffix(".md")
        write_atomic(path, report_markdown(game))
        return path

    def action_help(self) -> None:
        from .screens.help import HelpScreen, help_blocks

        if isinstance(self.screen, HelpScreen):
            return
        keys = [(b.key_display or self.get_key_display(b), b.description)
                for _, b, enabled, _ in self.screen.active_bindings.values() if b.show and b.description]
        self.push_screen(HelpScreen(help_blocks(self.deck, keys)))
