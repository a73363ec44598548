"""The wheel carries what a bare `tabletop` needs: the bundled decks, their schema, the stylesheet."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_wheel_ships_decks_schema_and_stylesheet(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(tmp_path)], check=True, capture_output=True, timeout=300)
    [wheel] = tmp_path.glob("tabletop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    default = (REPO / "decks" / "default.txt").read_text(encoding="utf-8").strip()
    for needed in (f"tabletop/decks/{default}", "tabletop/decks/default.txt", "tabletop/decks/deck.schema.json",
                   "tabletop/ui/app.tcss", "tabletop/__main__.py"):
        assert needed in names, f"{needed} is missing from {wheel.name}"
    assert not any(name.startswith(("tests/", "benchmarks/")) for name in names)
