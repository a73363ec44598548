"""Settings that cannot be used are said so on screen (and on stderr at the end); F2 never overwrites a config
that was refused."""

from __future__ import annotations

import re

from textual.widgets._toast import Toast
from ui_helpers import BUNDLED_DECK, WIDE, make_app

from tabletop.config import MAX_CONFIG_BYTES, config_path, load_config
from tabletop.ui.screens.facilitator import FacilitatorScreen
from tabletop.ui.screens.table import TableScreen


def toasts(app) -> list[str]:
    """The text of the notifications on screen, as rendered."""
    return [re.sub(r"\s+", " ", t.render().plain) for t in app.screen.query(Toast)]


def _write_config(text: str | bytes) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


CONFIG = '''theme = "no-such-theme"
[keys]
"table.facilitator" = "f9"
"table.nothing" = "x"
"table.pause" = "[b]bold[/b]"
"table.motive" = "q"
'''


async def test_settings_that_cannot_be_used_are_shown_on_screen():
    _write_config(CONFIG)
    app = make_app(seats={"port": "human", "isle": "bot"}, config=load_config())
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "tabletop"
        shown = toasts(app)
        assert len(shown) == 4, shown
        assert all(t.startswith("Settings ignored ") for t in shown)
        assert "theme: unknown theme 'no-such-theme', ignored" in shown[0]
        assert "keys.table.nothing: unknown binding id, ignored" in shown[1]
        assert "keys.table.pause = '[b]bold[/b]': not a key: '[b]bold[/b]'" in shown[2]  # as written: no markup
        assert "keys.table.motive = 'q': refused: 'q' would be Secrets (table.motive) and Quit" in shown[3]
        # What could be used is used: f9 opens the facilitator's panel, q still quits.
        assert isinstance(app.screen, TableScreen)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)


def test_run_tui_prints_the_settings_problems_on_stderr_at_the_end(monkeypatch, capsys):
    from tabletop.ui import launch
    from tabletop.ui.app import TabletopApp

    _write_config(CONFIG)
    run = TabletopApp.run

    def headless_run(self, **kwargs):
        async def leave(pilot):
            await pilot.pause()
            assert not capsys.readouterr().err  # nothing printed while the app owns the terminal
            self.exit()

        return run(self, headless=True, auto_pilot=leave)

    monkeypatch.setattr(TabletopApp, "run", headless_run)
    assert launch.run_tui(BUNDLED_DECK, animate=False) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4 and all(line.startswith("tabletop: settings: ") for line in err), err
    assert "unknown theme 'no-such-theme'" in err[0]


async def _choose_theme(pilot, name: str) -> None:
    await pilot.press("f2")
    await pilot.pause()
    await pilot.press(*name)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_f2_never_overwrites_a_config_that_was_refused():
    text = 'theme = "nord"\n' + "# a long comment\n" * (MAX_CONFIG_BYTES // 17 + 1)
    _write_config(text)
    app = make_app(config=load_config())
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "tabletop"  # the file was refused
        await _choose_theme(pilot, "textual-light")
        assert app.theme == "textual-light"  # used now, not remembered
        assert any(t.startswith("Theme not remembered ") and "cannot be read" in t for t in toasts(app))
    assert config_path().read_text(encoding="utf-8") == text


async def test_f2_keeps_a_config_with_a_byte_order_mark():
    _write_config(b'\xef\xbb\xbf# mine\n[keys]\n"table.facilitator" = "f9"\n')
    app = make_app(config=load_config())
    assert app.config.problems == ()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        await _choose_theme(pilot, "textual-light")
    again = load_config()
    assert again.theme == "textual-light" and again.keys == {"table.facilitator": "f9"} and again.problems == ()
    assert config_path().read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_readme_lists_every_binding_id():
    from ui_helpers import REPO

    from tabletop.ui.app import TabletopApp
    from tabletop.ui.settings import screens

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`([a-z_]+\.[a-z_]+)`", readme[readme.index("Binding ids:"):readme.index("NO_COLOR")]))
    known = {b.id for screen in screens(TabletopApp) for b in screen.bindings if b.id}
    assert listed == known
