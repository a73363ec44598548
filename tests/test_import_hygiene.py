"""The deck, dice and engine modules must load without any user-interface library."""

import json
import subprocess
import sys

SCRIPT = """
import importlib, json, pkgutil, sys
import tabletop.deck, tabletop.dice, tabletop.engine
engine = [m.name for m in pkgutil.iter_modules(tabletop.engine.__path__, "tabletop.engine.")]
for name in engine:
    importlib.import_module(name)
print(json.dumps({"engine": engine, "modules": sorted(sys.modules)}))
"""


def test_no_ui_library_is_imported():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"tabletop.engine.rules", "tabletop.engine.bots", "tabletop.engine.play"} <= set(result["engine"])
    loaded = set(result["modules"])
    assert set(result["engine"]) <= loaded
    assert not [m for m in loaded if m.startswith("textual")]
    assert not loaded & {"rich.console", "rich.live"}
