"""Textual's Select, styled once when it is mounted.

The stock Select (Textual 8.2.8) composes its two parts with their default classes and then, once mounted, gives
them the classes its options call for: the overlay (the list that opens) its ``-textual-compact`` class, through a
data binding to the Select's own ``compact``, and the current value its ``-has-value`` class, when the first value
is shown. Each class added restyles that part and everything it holds (the overlay's option styles too): about a
dozen nodes, at every Select of the setup screen, before its first frame. Here both parts are made with the
classes they are to have (and the reactives behind them already set, without their watchers), so that those
changes find nothing to change. What they look like and do is the stock Select's.
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.widgets import OptionList
from textual.widgets import Select as TextualSelect
from textual.widgets._select import SelectCurrent, SelectOverlay  # not exported; textual is pinned (pyproject.toml)

T = TypeVar("T")


class Select(TextualSelect[T]):
    def compose(self) -> ComposeResult:
        current = SelectCurrent(self.prompt)
        # A value from the start: the one given, else the first option when a blank is not allowed (as the stock
        # Select chooses it once mounted, `_init_selected_option`).
        if self._value != TextualSelect.NULL or not self._allow_blank:
            current.set_reactive(SelectCurrent.has_value, True)
            current.add_class("-has-value", update=False)
        overlay = SelectOverlay(type_to_search=self._type_to_search)
        overlay.set_reactive(OptionList.compact, self.compact)
        overlay.set_class(self.compact, "-textual-compact", update=False)
        yield current
        yield overlay.data_bind(compact=TextualSelect.compact)
