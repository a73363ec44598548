"""The work before the table's first frame (issue 8, benchmarks/startup.py): each widget is made with the classes it
is to have and styled once, as it mounts. A class set after that restyles the widget and all inside it (and its
component classes), and a restyle that changes a size lays the screen out and draws it again. What is left: the
hand's focus, and the stage box beside the hand (both set by the table's first step, in its on_mount).

The table is laid out as the app starts (in Textual's batch of the start's updates), and drawn once that batch is
over: never drawn for a frame that Textual then drops (`FrameAfterBatch`), nor laid out again for its own resize."""

from __future__ import annotations

import asyncio

import pytest
from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets._footer import FooterKey  # not exported; textual is pinned (pyproject.toml)
from ui_helpers import SMALL, WIDE, make_app, open_setup, open_table

from tabletop.ui.app import DefaultScreen
from tabletop.ui.screens.table import StyledOnMount, TableScreen
from tabletop.ui.widgets.tallies import TallyCard

#: What the table's first step restyles: the hand it deals takes the focus, and the stage box goes beside it.
FIRST_STEP = [("Hand", "choices"), ("VerticalScroll", "stage-box")]


def _record_frames(monkeypatch, screens: type[Screen] = TableScreen) -> list[str]:
    """The table's layouts ("layout", "layout in a batch") and the frames drawn of it (the kind of update; "dropped"
    when Textual drops it, as a batch of updates is still open), in order (or those of the ``screens``)."""
    seen: list[str] = []
    refresh_layout, display = Screen._refresh_layout, App._display

    def laid_out(self, *args, **kwargs) -> None:
        if isinstance(self, screens):
            seen.append("layout in a batch" if self.app._batch_count else "layout")
        refresh_layout(self, *args, **kwargs)

    def drawn(self, screen, renderable) -> None:
        if isinstance(screen, screens) and renderable is not None:
            seen.append(type(renderable).__name__ + (" dropped" if self._batch_count else ""))
        display(self, screen, renderable)

    monkeypatch.setattr(Screen, "_refresh_layout", laid_out)
    monkeypatch.setattr(App, "_display", drawn)
    return seen


@pytest.mark.parametrize("size, room", [(SMALL, False), ((80, 16), False), (WIDE, False), (WIDE, True)])
async def test_the_table_is_drawn_once_its_layout_is_made_and_no_frame_is_dropped(monkeypatch, size, room):
    seen = _record_frames(monkeypatch)
    app = make_app(seats={"port": "human", "isle": "bot"}, room_view=room)
    async with app.run_test(size=size) as pilot:
        await open_table(app, pilot)
        # Laid out once as the app starts (and not again for the resize that layout sends the screen itself); drawn
        # whole once the start's batch is over, with the layout that the footer's keys, the log's lines and the
        # stage's scrollbar ask then; again whole as Textual repaints a screen that resumed (from the lines just drawn);
        # then the sizes those settle are laid out and their part drawn. (Before: a first frame drawn whole and
        # dropped, and one more layout in the batch.)
        layouts = [step for step in seen if step.startswith("layout")]
        frames = [step for step in seen if not step.startswith("layout")]
        assert layouts == ["layout in a batch", "layout", "layout"]
        assert seen[:4] == ["layout in a batch", "layout", "LayoutUpdate", "LayoutUpdate"]
        assert frames.count("LayoutUpdate") == 2 and set(frames) <= {"LayoutUpdate", "ChopsUpdate"}  # none dropped


async def test_the_setup_screen_is_drawn_once_the_start_is_over_and_no_frame_is_dropped(monkeypatch):
    """As the table: the setup screen (`tabletop` with no seats) is laid out in the app's start and drawn after it."""
    from tabletop.ui.screens.setup import SetupScreen

    seen = _record_frames(monkeypatch, SetupScreen)
    app = make_app(pace=None)
    async with app.run_test(size=SMALL) as pilot:
        await open_setup(app, pilot)
        frames = [step for step in seen if not step.startswith("layout")]
        assert seen[0] == "layout in a batch" and frames[0] == "LayoutUpdate"  # drawn whole, after the start
        assert not [frame for frame in frames if frame.endswith("dropped")]


async def test_a_frame_held_during_a_batch_is_drawn_once_the_batch_is_over(monkeypatch):
    """A layout of the table made while the app holds its frames (a batch of updates) is drawn when the batch ends,
    even if nothing else happens then (`TabletopApp.on_idle`): the table would otherwise stay as it was on screen."""
    seen = _record_frames(monkeypatch)
    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_table(app, pilot)
        await pilot.pause()
        seen.clear()
        with app.batch_update():
            await pilot.resize_terminal(90, 26)  # Textual lays the screen out at the new size at once
            # ... while the batch is open: its frame is held. (Waiting without the pilot, whose pause sends every
            # widget a message, which would wake the table anyway.)
            assert await _within(2, lambda: screen in app.held_frames)
            await asyncio.sleep(0.1)  # nothing else comes
            assert seen == ["layout in a batch"] and screen.size == (90, 26)
        assert await _within(2, lambda: "LayoutUpdate" in seen)
        # Drawn whole at the new size, with the layout the resize's new sizes asked for meanwhile; nothing dropped.
        assert seen[:3] == ["layout in a batch", "layout", "LayoutUpdate"] and not app.held_frames
        assert not [frame for frame in seen if frame.endswith("dropped")]


async def _within(seconds: float, condition) -> bool:
    """Whether ``condition()`` holds within ``seconds`` (checked every 10 ms, the app running meanwhile)."""
    for _ in range(int(seconds * 100)):
        if condition():
            return True
        await asyncio.sleep(0.01)
    return condition()


def _record_restyles(monkeypatch, *, done: bool = False) -> list[tuple[str, str | None]]:
    """The nodes asked to restyle (their classes changed), in order; with ``done``, those Textual restyled (the app
    restyles no node that is in no DOM yet: `TabletopApp.update_styles`)."""
    restyled: list[tuple[str, str | None]] = []
    if done:
        from textual.app import App

        update_styles = App.update_styles

        def restyle(self, node: DOMNode, animate: bool = True) -> None:
            restyled.append((type(node).__name__, node.id))
            update_styles(self, node, animate)

        monkeypatch.setattr(App, "update_styles", restyle)
        return restyled
    update_node_styles = DOMNode.update_node_styles

    def recorded(self, animate: bool = True) -> None:
        restyled.append((type(self).__name__, self.id))
        update_node_styles(self, animate)

    monkeypatch.setattr(DOMNode, "update_node_styles", recorded)
    return restyled


@pytest.mark.parametrize("size, room", [(SMALL, False), ((80, 16), False), (WIDE, False), (WIDE, True)])
async def test_the_table_is_styled_once_before_its_first_frame(monkeypatch, size, room):
    restyled = _record_restyles(monkeypatch)
    app = make_app(seats={"port": "human", "isle": "bot"}, room_view=room)
    async with app.run_test(size=size) as pilot:
        screen = await open_table(app, pilot)
        first_frame = list(restyled)
        assert screen.decision().person and screen.decision().phase == "offer"  # the first step dealt the hand
        assert sorted(first_frame) == FIRST_STEP
        # ... and the table is as it was when those classes were set after the mount:
        assert screen.has_class("-room") == room
        width, height = size
        assert screen.has_class("-wide") == (width >= 110) and screen.has_class("-narrow") == (width < 110)
        assert screen.has_class("-short") == (height < 28) and screen.has_class("-tall") == (height >= 36)
        cards = list(screen.query(TallyCard))
        assert cards and all(card.has_class("-line") == (not room and card._crowded()) for card in cards)
        assert any(card.has_class("-line") for card in cards) == (size == (80, 16))  # crowded only there
        keys = list(screen.query(FooterKey))
        assert keys and all(key.has_class("-compact") == key.compact for key in keys)
        assert [key.compact for key in keys if key.has_class("-command-palette")] == [True]
        assert screen.query_one("#choices", OptionList).has_focus
        base = app.screen_stack[0]
        assert isinstance(base, DefaultScreen) and base.classes == screen.classes - {"-room"}
        # A resize that changes no breakpoint restyles nothing; one that does restyles the screen, as Textual does.
        restyled.clear()
        await pilot.resize_terminal(width + 2, height)
        await pilot.pause()
        assert restyled == []
        await pilot.resize_terminal(*((80, 24) if size == WIDE else WIDE))
        await pilot.pause()
        assert ("TableScreen", None) in restyled


async def test_a_resize_to_the_size_the_screens_have_lays_nothing_out_again(monkeypatch):
    """The terminal's first resize (the driver's, at start) and any other to the same size reach no screen: Textual
    would keep it and send it when idle, and each screen would be laid out again at the same size. A new size still
    reaches the table (and is laid out, as Textual does)."""
    resizes: list[tuple[int, int]] = []
    on_resize = TableScreen.on_resize

    def recorded(self, event: events.Resize) -> None:
        resizes.append(tuple(self.size))
        on_resize(self, event)

    monkeypatch.setattr(TableScreen, "on_resize", recorded)
    app = make_app(seats={"port": "human", "isle": "bot"})
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_table(app, pilot)
        assert resizes == [SMALL]  # once, from its first layout
        app.post_message(events.Resize(Size(*SMALL), Size(*SMALL)))
        await pilot.pause()
        await pilot.pause()
        assert resizes == [SMALL]
        await pilot.resize_terminal(90, 26)
        await pilot.pause()
        await pilot.pause()
        assert resizes[1:] and set(resizes[1:]) == {(90, 26)} and screen.size == (90, 26)
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        await pilot.pause()
        assert resizes[-1] == SMALL and screen.size == SMALL


def test_only_the_first_resume_skips_the_restyle():
    """The table (and the default screen under it) was styled as it mounted: its first resume does not restyle it
    again; every later one does, as Textual's screens do (coming back from under a dialog, the theme may have changed
    meanwhile)."""
    assert TableScreen.post_message is StyledOnMount.post_message is DefaultScreen.post_message
    screen = DefaultScreen(id="_default")
    first, later = events.ScreenResume(), events.ScreenResume()
    assert first.refresh_styles and later.refresh_styles  # Textual's default: restyle on resume
    screen.post_message(first)
    screen.post_message(later)
    assert not first.refresh_styles and later.refresh_styles


def test_the_screens_breakpoints_are_textuals_own():
    """`TabletopApp._size_classes` gives a screen the classes Textual's first resize would (`Screen._on_resize`, by
    `Screen._get_breakpoint_classes` in Textual 8.2): if Textual chose them otherwise, the table would be restyled
    once more, or drawn with the wrong ones."""
    app = make_app()
    for width, height in [(80, 24), (109, 27), (110, 28), (140, 45), (200, 36)]:
        screen = Screen()
        horizontal = screen._get_breakpoint_classes(width, app.HORIZONTAL_BREAKPOINTS)
        vertical = screen._get_breakpoint_classes(height, app.VERTICAL_BREAKPOINTS)
        assert horizontal == {"-wide" if width >= 110 else "-narrow"}
        assert vertical == {"-tall" if height >= 36 else "-medium" if height >= 28 else "-short"}


@pytest.mark.parametrize("size", [SMALL, WIDE])
async def test_the_setup_screen_is_styled_once_before_its_first_frame(monkeypatch, size):
    """The setup screen (README's first command opens it) as the table: its breakpoint classes before it mounts, no
    restyle when it first resumes, and the focus given once, to the first seat's choice (not first to the form's
    scroll box, whose restyle on losing it restyled the whole form)."""
    from textual.widgets import Select

    asked = _record_restyles(monkeypatch)
    restyled = _record_restyles(monkeypatch, done=True)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_setup(app, pilot)
        first = screen.query_one(".seat-select", Select)
        assert first.has_focus
        # The only restyle: the seat's choice taking the focus, once. Textual's controls set classes as they are
        # made (a select its compact look, a button its variant, an input its validity), which restyles nothing in
        # no DOM yet; and each select's parts are made with the classes it gives them once mounted (`widgets.select`).
        assert {kind for kind, _ in asked} == {"Select", "Input", "Button"}
        assert restyled == [("Select", first.id)]
        width, height = size
        assert screen.has_class("-wide") == (width >= 110) and screen.has_class("-short") == (height < 28)


async def test_a_widget_in_no_dom_yet_is_styled_when_mounted_not_before(monkeypatch):
    """The app restyles no node that is in no DOM (a widget being made, its classes set by its constructor): the
    mount styles it with every class it has. A mounted node is restyled when its classes change, as in Textual."""
    from textual.widgets import Button

    restyled = _record_restyles(monkeypatch, done=True)
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await open_setup(app, pilot)
        restyled.clear()
        button = Button("Flat", variant="error", flat=True, id="probe")  # the constructor sets three classes
        button.add_class("later")
        assert button.has_class("-error", "-style-flat", "later") and restyled == []
        await app.screen.mount(button)
        await pilot.pause()
        assert restyled == [] and button.styles.border_top[0] == "block"  # -style-flat's look, from the mount
        button.remove_class("-style-flat")
        await pilot.pause()
        assert restyled == [("Button", "probe")] and button.styles.border_top[0] != "block"
