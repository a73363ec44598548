"""Below the interface, nothing loads a user-interface library: the engine, the decks, the saves, the balance
simulation, the words for people and the file helpers all import without Textual or Rich."""

import json
import subprocess
import sys

PACKAGES = ["tabletop.engine", "tabletop.deck", "tabletop.saves", "tabletop.balance", "tabletop.present"]
MODULES = ["tabletop.dice", "tabletop.files", "tabletop.outputs", "tabletop.safetext", "tabletop.config",
           "tabletop.signals", "tabletop.workers", "tabletop.paths"]

SCRIPT = f"""
import importlib, json, pkgutil, sys
loaded = []
for name in {PACKAGES!r}:
    package = importlib.import_module(name)
    for module in pkgutil.iter_modules(package.__path__, name + "."):
        importlib.import_module(module.name)
        loaded.append(module.name)
for name in {MODULES!r}:
    importlib.import_module(name)
print(json.dumps({{"walked": loaded, "modules": sorted(sys.modules)}}))
"""


def test_no_ui_library_is_imported_below_the_interface():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"tabletop.engine.rules", "tabletop.engine.bots", "tabletop.present.play", "tabletop.balance.simulate",
            "tabletop.saves.autosave"} <= set(result["walked"])
    loaded = set(result["modules"])
    assert not [m for m in loaded if m.startswith(("textual", "tabletop.ui"))]
    assert not [m for m in loaded if m == "rich" or m.startswith("rich.")]
