"""Every test runs with its own data and config folders: no test reads or writes the user's."""

import pytest


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path_factory, monkeypatch):
    root = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TABLETOP_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("TABLETOP_CONFIG_DIR", str(root / "config"))
    monkeypatch.delenv("NO_COLOR", raising=False)
