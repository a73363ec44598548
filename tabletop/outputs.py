"""Files tabletop writes for people (reports, simulation results), and what they may replace.

The rule for every such file: a new file; or a file of the same kind that
tabletop wrote before (a report over a report, recognised by its first line);
or anything else when the person says ``--force``. Never the game's save or
its deck, never any tabletop save, and never a folder, device, FIFO or socket,
even with ``--force``. A symlink is written through to its target, and a
replaced file keeps its permissions.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from . import files

#: The first line of every report file tabletop writes (a Markdown comment: invisible when rendered).
REPORT_MARK = "<!-- tabletop: after-action report -->"
#: The first key of every simulation result written as JSON.
SIMULATION_MARK = '{\n  "format": "tabletop-simulation"'

#: The first line of every motive slip (a seat's secret, to print and hand over: `tabletop.present.private`).
SLIP_MARK = "tabletop: motive slip"

#: The first line of a private view's link slip (`tabletop serve --private`: a seat's URL with its token).
LINK_MARK = "tabletop: private view link"

KINDS = {"report": REPORT_MARK, "simulation": SIMULATION_MARK, "slip": SLIP_MARK, "link": LINK_MARK}
NAMES = {"report": "an after-action report", "simulation": "a simulation result", "slip": "a motive slip",
         "link": "a private view's link slip"}


class OutputRefused(Exception):
    """An output file that must not be written; the message says why and what to do."""


def game_files(save_path: Path | str | None, deck) -> list[tuple[Path | str, str]]:
    """The files of a game that no output may replace: its save and every file of its deck."""
    out: list[tuple[Path | str, str]] = [(save_path, "the save of this game")] if save_path else []
    if deck.origin is not None:
        out += [(f, "a file of this game's deck") for f in deck.origin.files]
    return out


def report_file_text(markdown: str) -> str:
    """A report as written to a file: marked as tabletop's, so that a later report may replace it."""
    return f"{REPORT_MARK}\n{markdown}"


def is_kind(path: Path | str, kind: str) -> bool:
    """Whether the regular file at ``path`` is one tabletop wrote as ``kind``."""
    mark = KINDS[kind].encode("utf-8")
    try:
        head = files.read_regular(path, len(mark) + 3)
    except OSError:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").startswith(mark)


def looks_like_save(path: Path | str) -> bool:
    """Whether the file at ``path`` is, or was meant to be, a tabletop save: one this version reads, and also one
    from a newer version or one damaged past reading (never replaced by an output, even with ``--force``)."""
    try:
        head = files.read_regular(path, 4096)[:4096]
    except OSError:
        return False
    return b'"format": "tabletop-save"' in head or b'"format":"tabletop-save"' in head


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return files.target_of(a) == files.target_of(b)


def check_output(path: Path | str, kind: str, *, force: bool = False,
                 protected: Iterable[tuple[Path | str, str]] = ()) -> bool:
    """Nothing to fear in writing ``kind`` to ``path``? True if it replaces a file, False if it is new.

    ``protected`` is (path, what it is) pairs never to be written over, e.g. the
    game's save and deck. `OutputRefused` saying why otherwise.
    """
    path = Path(path)
    try:
        st = files.regular_or_absent(path)
    except files.FileRefused as e:
        raise OutputRefused(f"{e}; choose a file name") from None
    for other, what in protected:
        if _same_file(path, Path(other)):
            raise OutputRefused(f"{path} is {what}; choose another file")
    if st is None:
        return False
    if looks_like_save(path):
        raise OutputRefused(f"{path} is a tabletop save; choose another file")
    if is_kind(path, kind) or force:
        return True
    raise OutputRefused(f"{path} already exists and is not {NAMES[kind]} that tabletop wrote; "
                        "choose another file, or pass --force to replace it")


def write_output(path: Path | str, text: str, kind: str, *, force: bool = False,
                 protected: Iterable[tuple[Path | str, str]] = (), make_folder: bool = False,
                 private_as: Path | str | None = None) -> Path:
    """Write ``text`` to ``path`` under the rule above (``make_folder``: its folder too, if missing); the path
    really written. A new file is as private as ``private_as`` (a report of a save only its owner may read is
    not left for all to read). `OutputRefused` or `OSError`."""
    replace = check_output(path, kind, force=force, protected=protected)
    if make_folder:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        written = files.write_file(path, text, replace_existing=replace)
    except FileExistsError:  # appeared since the check
        raise OutputRefused(f"{path} appeared while writing; choose another file") from None
    if not replace and private_as is not None:
        try:
            like = os.stat(private_as).st_mode & 0o666
            os.chmod(written, written.stat().st_mode & like)
        except OSError:
            pass  # only tighter, never looser: a failure leaves the usual permissions
    return written


def new_name(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix`` if nothing is there, else ``stem-2``, ``stem-3`` ...: a name no file has (for a file
    written without asking, such as a motive slip: it never replaces anything)."""
    for n in range(1, 1000):
        path = folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
        if not os.path.lexists(path):
            return path
    raise OutputRefused(f"no free file name for {stem}{suffix} in {folder}")


def free_name(folder: Path, stem: str, suffix: str, kind: str,
              protected: Iterable[tuple[Path | str, str]] = ()) -> Path:
    """``folder/stem+suffix`` if it may be written, else ``stem-2``, ``stem-3`` ... (never over another file)."""
    protected = list(protected)
    for n in range(1, 1000):
        path = folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
        try:
            check_output(path, kind, protected=protected)
        except OutputRefused:
            continue
        return path
    raise OutputRefused(f"no free file name for {stem}{suffix} in {folder}")
