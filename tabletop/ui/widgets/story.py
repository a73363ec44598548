"""A game's story in a log, recent part first: a long game opens on its last lines, and earlier ones are
loaded on demand, a page at a time (writing every line of a very long game would take many seconds)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import RenderableType
from rich.text import Text
from textual.events import Resize
from textual.widgets import RichLog

from ...deck.model import Deck
from ...engine.actions import Action
from ...engine.happenings import Happening
from ...present.text import describe

Entry = tuple[Action, list[Happening]]


def key_for(screen, action: str) -> str:
    """The key that makes ``action`` on ``screen`` now (after any remapping), as the footer shows it."""
    for active in screen.active_bindings.values():
        if active.binding.action == action:
            return active.binding.key_display or screen.app.get_key_display(active.binding)
    return "ctrl+p and choose it"


class StoryLog(RichLog):
    """The lines of ``story()`` (a game's journal: every logged action with what it made happen).

    `show_recent` writes the last `RECENT` lines or so, under a line that says how many
    steps come before and which key (``more_key()``) shows them; `show_earlier` adds
    `PAGE` lines more each time. Lines written afterwards (`write`) go at the end as usual.
    """

    RECENT = 300  # lines shown at first
    PAGE = 1000  # lines added by each call of show_earlier

    def __init__(self, deck: Deck, story: Callable[[], Sequence[Entry]], more_key: Callable[[], str], *,
                 reveal: bool = False, fold: bool = False, **kwargs) -> None:
        super().__init__(wrap=True, markup=False, **kwargs)
        self.deck = deck
        self.reveal = reveal  # show the reasons that read the hidden motive (the debrief's timeline)
        # A round's timeline (the debrief's): each modifier reason told once a round, each round's heading in bold.
        self.fold = fold
        self.story = story
        self.more_key = more_key
        self.first = 0  # the first entry shown: entries before it are not (yet)
        self._written: list[RenderableType] = []  # every line shown, as written: wrapped again when the width changes
        self._wrapped_at = 0  # the content width the lines were wrapped to

    def write(self, content, width: int | None = None, expand: bool = False, shrink: bool = True,
              scroll_end: bool | None = None, animate: bool = False):
        if self._size_known:  # else RichLog keeps it, and writes it (through here) once the size is known
            self._written.append(content)
            self._wrapped_at = self.scrollable_content_region.width
        return super().write(content, width, expand, shrink, scroll_end, animate)

    def clear(self):
        self._written = []
        return super().clear()

    def on_resize(self, event: Resize) -> None:
        """Wrap every line again at the new width (RichLog's own handler then writes what waited for a size)."""
        if not self._size_known or not self._written:
            return
        self.call_after_refresh(self._rewrap)  # once the layout (and the scrollbars) have settled

    def _rewrap(self) -> None:
        width = self.scrollable_content_region.width
        if width == self._wrapped_at or not width:
            return
        at_end = self.is_vertical_scroll_end
        top = self.scroll_y
        lines = self._written
        super().clear()
        self._written = []
        for line in lines:
            self.write(line, scroll_end=False)
        if at_end:
            self.scroll_end(animate=False, immediate=True, x_axis=False)
        else:
            self.scroll_to(y=top, animate=False)

    def show_recent(self) -> None:
        """Show the end of the story (all of it, when it is short)."""
        entries = self.story()
        self.first, lines = self._back(entries, len(entries), self.RECENT)
        self.clear()
        self._notice()
        for line in lines:
            self._line(line)

    def _line(self, line: str, scroll_end: bool | None = None) -> None:
        """Write a line: a round's heading in bold in a folded timeline (its ``==`` marks say it without style)."""
        if self.fold and line.startswith("== "):
            self.write(Text(line, style="bold reverse"), scroll_end=scroll_end)
        else:
            self.write(line, scroll_end=scroll_end)

    def _lines(self, entries: Sequence[Entry]) -> list[list[str]]:
        """The lines of each entry, in order; folded, a modifier reason is told once a round (from the first entry
        given on: a reason told before it is told again)."""
        said: dict[str, str] | None = {} if self.fold else None
        return [describe(self.deck, happened, reveal=self.reveal, said=said) for _, happened in entries]

    def show_earlier(self) -> bool:
        """Add a page of earlier lines above those shown, and scroll to them; False if there were none."""
        if not self.first:
            return False
        entries = self.story()
        old_first = self.first
        self.first, earlier = self._back(entries, old_first, self.PAGE)
        chunks = self._lines(entries[self.first:])  # one pass: a folded timeline reads its rounds in order
        earlier = [line for chunk in chunks[:old_first - self.first] for line in chunk]
        shown = [line for chunk in chunks[old_first - self.first:] for line in chunk]
        self.clear()
        self._notice(scroll_end=False)
        for line in earlier:
            self._line(line, scroll_end=False)
        boundary = len(self.lines)
        for line in shown:
            self._line(line, scroll_end=False)
        if self.lines:  # else not drawn yet (a hidden tab): the lines wait, and there is nothing to scroll
            # The lines just loaded end at the bottom of the view: the reader goes on upwards from where they were.
            self.call_after_refresh(lambda: self.scroll_to(
                y=max(0, boundary - self.scrollable_content_region.height), animate=False))
        return True

    def _back(self, entries: Sequence[Entry], stop: int, want: int) -> tuple[int, list[str]]:
        """Going back from entry ``stop``: where ``want`` lines (or the start) are reached, and those lines."""
        chunks: list[list[str]] = []
        count, i = 0, stop
        while i > 0 and count < want:
            i -= 1
            chunk = describe(self.deck, entries[i][1], reveal=self.reveal)
            chunks.append(chunk)
            count += len(chunk)
        if self.fold:  # folded lines depend on what came before them in the round: made again, in order
            return i, [line for chunk in self._lines(entries[i:stop]) for line in chunk]
        return i, [line for chunk in reversed(chunks) for line in chunk]

    def _notice(self, scroll_end: bool | None = None) -> None:
        if self.first:
            steps = f"{self.first:,} earlier step{'s' if self.first != 1 else ''}"
            self.write(Text(f"⋯ {steps} not shown: press {self.more_key()} to show more", style="italic"),
                       scroll_end=scroll_end)
