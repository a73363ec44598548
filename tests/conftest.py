"""Every test runs with its own data, config and cache folders: no test reads or writes the user's.
`count_apply` counts how often the rules are applied to an action (work done, not time)."""

import pytest

import tabletop.engine.game as game_module


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("TABLETOP_CONFIG_DIR", str(root / "config"))
    monkeypatch.setenv("TABLETOP_CACHE_DIR", str(root / "cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def count_apply(monkeypatch):
    """How many times the rules are applied (to an action) from now on."""
    calls = [0]
    apply = game_module.apply

    def counted(state, action):
        calls[0] += 1
        return apply(state, action)

    monkeypatch.setattr(game_module, "apply", counted)
    return calls


import profiles  # noqa: E402,F401 - registers and loads the hypothesis profile before any test module
