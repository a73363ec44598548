"""tabletop's Select (`tabletop.ui.widgets.select`) is Textual's, made with the classes Textual gives its parts once
they are mounted: it looks and behaves the same, and nothing in it is restyled when it mounts."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Select as TextualSelect
from textual.widgets._select import SelectCurrent, SelectOverlay

from tabletop.ui.widgets.select import Select

OPTIONS = [("Alpha", 1), ("Beta", 2), ("Gamma", 3)]
KINDS = [dict(compact=True, allow_blank=False), dict(compact=True, allow_blank=False, value=2),
         dict(allow_blank=True), dict(allow_blank=True, value=3), dict(compact=False, allow_blank=False)]


class One(App[None]):
    def __init__(self, kind: type[TextualSelect], **options) -> None:
        super().__init__()
        self.kind, self.options = kind, options

    def compose(self) -> ComposeResult:
        yield self.kind(OPTIONS, **self.options)


async def _seen(kind: type[TextualSelect], options: dict, restyled: list[str]) -> list:
    """What the select shows and holds: at the start, open, and after a choice."""
    app = One(kind, **options)
    seen = []
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        select = app.query_one(TextualSelect)
        parts = (select, select.query_one(SelectCurrent), select.query_one(SelectOverlay))

        def state():
            return ([sorted(part.classes) for part in parts], select.value, parts[1].has_value, parts[2].compact,
                    app.export_screenshot(title="select"))

        seen.append(state())
        restyled.extend(type(part).__name__ for part in parts[1:] if part in _restyled)  # the parts, once mounted
        select.focus()
        await pilot.press("enter")
        await pilot.pause()
        seen.append(state())
        await pilot.press("down", "enter")
        await pilot.pause()
        seen.append(state())
    return seen


_restyled: list = []


@pytest.fixture
def restyles(monkeypatch):
    """Every node Textual restyles (its classes changed), in order."""
    update_styles = App.update_styles

    def restyle(self, node, animate: bool = True) -> None:
        _restyled.append(node)
        update_styles(self, node, animate)

    _restyled.clear()
    monkeypatch.setattr(App, "update_styles", restyle)
    return _restyled


@pytest.mark.parametrize("options", KINDS)
async def test_it_looks_and_behaves_as_textuals_select_and_mounts_without_a_restyle(restyles, options):
    theirs_restyled: list[str] = []
    theirs = await _seen(TextualSelect, options, theirs_restyled)
    ours_restyled: list[str] = []
    ours = await _seen(Select, options, ours_restyled)
    assert ours == theirs
    assert ours_restyled == []
    # Textual's own restyles its parts once mounted, when it is compact (the list) or shows a value (the current one).
    assert bool(theirs_restyled) == bool(options.get("compact") or "value" in options or not options["allow_blank"])
