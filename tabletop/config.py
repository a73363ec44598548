"""User settings: the theme and key remapping, in ``config.toml`` in the platform's config
directory (``$TABLETOP_CONFIG_DIR`` overrides it, for tests and portable installs).

```toml
theme = "tabletop"

[keys]          # binding id = key(s), comma-separated
"table.facilitator" = "f2"
```

A config that cannot be read is reported and ignored, never overwritten by a crash.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import attrs
import platformdirs

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

APP_NAME = "tabletop"
MAX_CONFIG_BYTES = 64 * 1024


def config_dir() -> Path:
    override = os.environ.get("TABLETOP_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    return config_dir() / "config.toml"


@attrs.frozen
class Config:
    theme: str | None = None
    keys: dict[str, str] = attrs.Factory(dict)
    problems: tuple[str, ...] = ()  # why parts of the file were ignored


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            return Config(problems=(f"{path}: ignored, larger than {MAX_CONFIG_BYTES} bytes",))
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        return Config(problems=(f"{path}: ignored, cannot be read: {e}",))
    problems = []
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: theme: expected a string, found {type(theme).__name__}")
        theme = None
    keys = {}
    raw_keys = data.get("keys", {})
    if not isinstance(raw_keys, dict):
        problems.append(f"{path}: keys: expected a table of binding id = key")
        raw_keys = {}
    for binding, key in raw_keys.items():
        if isinstance(key, str) and key.strip():
            keys[binding] = key.strip()
        else:
            problems.append(f"{path}: keys.{binding}: expected a key name such as 'f2' or 'x', found {key!r}")
    for unknown in sorted(set(data) - {"theme", "keys"}):
        problems.append(f"{path}: {unknown}: unknown setting (known: theme, keys)")
    return Config(theme=theme, keys=keys, problems=tuple(problems))


def save_theme(theme: str, path: Path | None = None) -> None:
    """Remember the theme, keeping the rest of the file as it is."""
    from .files import write_file

    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
        tomllib.loads(text)
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return  # never overwrite a file the user must fix by hand
    lines = text.splitlines()
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    head = [line for line in lines[:first_table] if not re.match(r"\s*theme\s*=", line)]
    # The theme line goes first: top-level keys must come before any table header.
    body = "\n".join([f"theme = {json.dumps(theme)}", *head, *lines[first_table:]])
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, body.rstrip("\n") + "\n", replace_existing=True)
