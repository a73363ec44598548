import sys

from tabletop.config import load_config, save_theme

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


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
