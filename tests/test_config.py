import subprocess
import sys
import tomllib
from pathlib import Path

from tabletop.config import MAX_CONFIG_BYTES, Config, KnownBinding, ScreenKeys, check_keys, load_config, save_theme


def test_missing_config_is_empty(tmp_path):
    config = load_config(tmp_path / "config.toml")
    assert config.theme is None and config.keys == {} and config.problems == ()


def test_keys_and_theme_are_read(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n[keys]\n"table.facilitator" = "f2"\n"table.help" = 3\n', encoding="utf-8")
    config = load_config(path)
    assert config.theme == "nord"
    assert config.keys == {"table.facilitator": "f2"}
    assert config.problems == (f"{path}: keys.table.help: expected a key name such as 'f2' or 'x', found 3",)


def test_broken_config_is_reported_and_never_overwritten(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("theme = \n", encoding="utf-8")
    assert "cannot be read" in load_config(path).problems[0]
    save_theme("nord", path)
    assert path.read_text(encoding="utf-8") == "theme = \n"


def test_save_theme_keeps_the_rest(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# my settings\ntheme = "old"\n[keys]\n"table.help" = "f1"\n', encoding="utf-8")
    save_theme("textual-light", path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data == {"theme": "textual-light", "keys": {"table.help": "f1"}}
    assert "# my settings" in path.read_text(encoding="utf-8")
    save_theme("nord", tmp_path / "new" / "config.toml")
    assert tomllib.loads((tmp_path / "new" / "config.toml").read_text()) == {"theme": "nord"}


# --------------------------------------------------------------------------
# Reading: a BOM, the size limit, F2 never overwriting what was refused
# --------------------------------------------------------------------------


def test_a_byte_order_mark_is_accepted_and_kept(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbftheme = "nord"\n[keys]\n"table.pause" = "x"\n')
    config = load_config(path)
    assert (config.theme, config.keys, config.problems) == ("nord", {"table.pause": "x"}, ())
    assert save_theme("textual-light", path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert tomllib.loads(raw.decode("utf-8-sig")) == {"theme": "textual-light", "keys": {"table.pause": "x"}}


def test_a_config_over_the_size_limit_is_refused_and_never_overwritten(tmp_path):
    path = tmp_path / "config.toml"
    text = 'theme = "nord"\n' + "# padding\n" * (MAX_CONFIG_BYTES // 10 + 1)
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    assert config.theme is None and "larger than" in config.problems[0]
    assert save_theme("textual-light", path) is False
    assert path.read_text(encoding="utf-8") == text


def test_dotted_binding_ids_without_quotes_are_read_too(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[keys]\ntable.facilitator = "f9"\n"table.pause" = "x"\n', encoding="utf-8")
    assert load_config(path).keys == {"table.facilitator": "f9", "table.pause": "x"}


# --------------------------------------------------------------------------
# Checking against what the interface knows
# --------------------------------------------------------------------------


def test_config_needs_no_interface_library():
    script = "import sys, tabletop.config; print([m for m in sys.modules if m.split('.')[0] in ('rich', 'textual')])"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _plain_key(text: str) -> str | None:
    return text if text.isalnum() and text == text.lower() else None


TOY = [ScreenKeys("the board", (KnownBinding("b.go", ("g",), "Go"), KnownBinding("b.quit", ("q",), "Quit", True),
                                KnownBinding("", ("x",), "the board's own x"))),
       ScreenKeys("the form", (KnownBinding("f.quit", ("escape",), "Quit", True),), typing=True)]


def test_checked_with_any_interface():
    config = Config(theme="dusk", keys={"b.go": "h", "b.nope": "k", "b.quit": "Q"}, path=Path("c.toml"))
    checked = config.checked(themes=["day", "night"], screens=TOY, key_name=_plain_key)
    assert checked.theme is None and checked.keys == {"b.go": "h"}
    assert checked.problems == (
        "c.toml: theme: unknown theme 'dusk', ignored (known: day, night)",
        "c.toml: keys.b.nope: unknown binding id, ignored (known: b.go, b.quit, f.quit)",
        "c.toml: keys.b.quit = 'Q': not a key: 'Q' (did you mean 'q'?); ignored "
        "(keys are named like 'x', 'f9', 'ctrl+t', 'space', 'question_mark')",
    )
    assert config.checked().keys == config.keys  # nothing to check against: nothing taken out


def test_a_key_doing_two_things_is_ignored_and_one_taking_quit_away_refused():
    keys, problems = check_keys({"b.go": "x", "b.quit": "g", "f.quit": "z"}, TOY, _plain_key)
    assert keys == {}
    assert problems == [
        "keys.b.go = 'x': ignored: 'x' would be Go (b.go) and the board's own x on the board",
        "keys.f.quit = 'z': refused: 'z' is typed into the text fields of the form, "
        "leaving it without Quit (f.quit) while typing",
        # Only once Go is back on g does Quit's remap clash with it:
        "keys.b.quit = 'g': refused: 'g' would be Go (b.go) and Quit (b.quit) on the board, "
        "leaving it without Quit (b.quit)",
    ]
    # A swap is no clash; dropping one remap brings back its default key, which may clash in turn.
    assert check_keys({"b.go": "q", "b.quit": "g"}, TOY, _plain_key) == ({"b.go": "q", "b.quit": "g"}, [])
    keys, problems = check_keys({"b.go": "q", "b.quit": "x"}, TOY, _plain_key)
    assert keys == {} and len(problems) == 2


def _app_check(keys: dict[str, str], theme: str | None = None) -> Config:
    from tabletop.ui.app import TabletopApp
    from tabletop.ui.settings import key_name, screens

    themes = ["tabletop", "nord", "textual-dark"]
    return Config(theme=theme, keys=keys).checked(themes=themes, screens=screens(TabletopApp), key_name=key_name)


def test_the_apps_own_bindings_keys_and_themes():
    ok = _app_check({"table.facilitator": "f9", "table.pause": "?", "app.help": "f1,h", "debrief.quit": "ctrl+x"},
                    theme="nord")
    assert ok.problems == () and ok.theme == "nord"
    assert ok.keys == {"table.facilitator": "f9", "table.pause": "question_mark", "app.help": "f1,h",
                       "debrief.quit": "ctrl+x"}
    bad = _app_check({"table.facilitatr": "f9", "table.pause": "F9", "table.motive": "ctrl+shift+shift+m"},
                     theme="solarized-darkest")
    assert bad.keys == {} and bad.theme is None
    assert [p.split(":")[0] for p in bad.problems] == ["theme", "keys.table.facilitatr", "keys.table.pause = 'F9'",
                                                     "keys.table.motive = 'ctrl+shift+shift+m'"]
    assert "did you mean 'f9'" in bad.problems[2]


def test_remaps_that_clash_on_the_apps_screens():
    checked = _app_check({"table.facilitator": "p", "table.advance": "enter", "setup.start": "ctrl+p"})
    assert checked.keys == {}
    assert [p.split(": ")[1] for p in checked.problems] == ["ignored"] * 3
    assert "'p' would be Pause (table.pause) and Facilitator (table.facilitator) on the table" in checked.problems[0]
    # The same key on two screens is no clash: F on the setup screen, f on the table.
    assert _app_check({"setup.start": "f"}).keys == {"setup.start": "f"}


def test_no_remap_leaves_a_screen_without_quit_or_help():
    for keys, why in [({"table.facilitator": "q"}, "on the table, leaving it without Quit (table.quit)"),
                      ({"table.pause": "f1"}, "on the table, leaving it without Help (app.help)"),
                      ({"app.help": "p"}, "typed into the text fields of the setup screen"),
                      ({"app.help": "ctrl+p"}, "the command palette on the setup screen, leaving it without Help"),
                      ({"table.quit": "f"}, "on the table, leaving it without Quit (table.quit)"),
                      ({"quit.no": "y"}, "on the quit question, leaving it without Keep playing (quit.no)"),
                      ({"setup.quit": "x"}, "typed into the text fields of the setup screen"),
                      ({"facilitator.close": "q,w"}, "typed into the text fields of the facilitator's panel")]:
        checked = _app_check(keys)
        assert checked.keys == {}, keys
        assert len(checked.problems) == 1 and ": refused: " in checked.problems[0] and why in checked.problems[0], \
            checked.problems
    # Swapping Pause and Quit leaves both reachable; Help with one more key is still Help.
    assert _app_check({"table.pause": "q", "table.quit": "p"}).problems == ()
    assert _app_check({"app.help": "f1,h", "facilitator.close": "escape,q"}).problems == ()


def test_every_screen_is_known_and_has_a_way_out():
    import importlib
    import pkgutil

    from textual.screen import Screen

    import tabletop.ui.screens
    from tabletop.ui.app import TabletopApp
    from tabletop.ui.settings import SCREENS, screens

    found = set()
    for module in pkgutil.iter_modules(tabletop.ui.screens.__path__, "tabletop.ui.screens."):
        for obj in vars(importlib.import_module(module.name)).values():
            if isinstance(obj, type) and issubclass(obj, Screen) and obj.__module__ == module.name:
                found.add(obj.__name__)
    assert found == {name for _, _, name, _ in SCREENS}
    for screen in screens(TabletopApp):
        # the guess and a team's stance are choices that must be made: the way out is to make one
        assert any(b.essential and b.id != "app.help" for b in screen.bindings) or screen.name in (
            "the motive guess", "the stance choice"), screen.name
