"""Parsed deck files kept as JSON, as Python keeps compiled bytecode: `parsed(folder, raw, text)` is
``tomllib.loads(text)``, read from ``folder`` when this very file was parsed before.

Parsing the bundled deck's TOML is most of loading it (about 24 ms, where reading the same data as JSON takes
under 1 ms); the checks that follow run either way, on the same data. An entry is named by the SHA-256 of the
file's bytes and a tag (this entry format and the exact Python version, whose `tomllib` parsed it), and holds them
again beside the data, so that it serves that file and no other: a changed file, or another file's entry under
its name, is a miss. It is data only (JSON, never pickle), and is used only if it is a regular file of this user's
that no one else may write, bounded in size, with the shape that parsing TOML gives (tables with string keys,
arrays, strings, integers, finite floats, booleans); a file whose data would not come back from JSON exactly, types
included (dates and times), is never kept. An entry made up on purpose for a file can still give other data: no
more than an edit of the file could (the cache is the user's, as the deck is), and it is checked as a deck, as any
file's data is. Entries are written whole (a temporary file, then `os.replace`), and the folder keeps the newest
`MAX_ENTRIES`. Any failure to read or write the cache is silent: the file is parsed, as without a cache.

The folder is passed in (``load_deck(path, cache=...)``): this package reads no environment or settings.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..digests import sha256

#: Changes when an entry's layout changes; with the Python version (its `tomllib`), it names each entry.
FORMAT = 1
TAG = f"{sys.implementation.name}-{'.'.join(map(str, sys.version_info[:3]))}-f{FORMAT}"
#: An entry larger than this is not written, and not read (a deck file is at most 192 KiB of TOML).
MAX_ENTRY_BYTES = 2 * 1024 * 1024
#: The folder keeps this many entries, the most recently used.
MAX_ENTRIES = 64
SUFFIX = ".json"
_KEYS = ["format", "sha256", "size", "data"]
_TEMP = ".tabletop-deck-"  # how a temporary file being written starts (it ends in .tmp)
# Only what this module writes is ever removed from the folder: its entries (of any Python) and temporary files.
_OURS = re.compile(rf"[0-9a-f]{{64}}\.[A-Za-z0-9_]+-[0-9.]+-f[0-9]+{re.escape(SUFFIX)}|{re.escape(_TEMP)}[A-Za-z0-9_]+\.tmp")


def entry_path(folder: Path, raw: bytes) -> Path:
    """Where the entry for a file of these bytes lives."""
    return _entry(folder, sha256(raw).hexdigest())


def _entry(folder: Path, digest: str) -> Path:
    return folder / f"{digest}.{TAG}{SUFFIX}"


def parsed(folder: Path | None, raw: bytes, text: str, parse: Callable[[str], dict]) -> dict:
    """``parse(text)`` (``text`` is ``raw`` decoded), or the data kept for ``raw`` in ``folder`` (None: no cache).
    What ``parse`` raises is raised, and nothing is kept."""
    if folder is None:
        return parse(text)
    digest = sha256(raw).hexdigest()
    path = _entry(folder, digest)
    data = _read(path, digest, len(raw))
    if data is not None:
        return data
    data = parse(text)
    _write(folder, path, digest, len(raw), data)
    return data


def _read(path: Path, digest: str, size: int) -> dict | None:
    """The data of the entry at ``path`` if it is one for these bytes, of a shape parsing gives; else None."""
    try:
        # Not blocking: a FIFO put in the entry's place must not hang the start; only a regular file is read.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES or not _ours(info):
                return None
            body = f.read(info.st_size + 1)  # not a buffer of the largest size allowed
        if len(body) > MAX_ENTRY_BYTES:
            return None
        entry = json.loads(body.decode("utf-8"), parse_constant=_no_constant)
        if (type(entry) is not dict or list(entry) != _KEYS or entry["format"] != TAG or entry["sha256"] != digest
                or type(entry["size"]) is not int or entry["size"] != size
                or type(entry["data"]) is not dict or not _toml_shaped(entry["data"])):
            return None
        try:
            os.utime(path)  # used now: kept among the newest
        except OSError:
            pass
        return entry["data"]
    except (OSError, ValueError, RecursionError):  # missing, unreadable, not UTF-8 or not JSON (ValueError), too deep
        return None


def _ours(info: os.stat_result) -> bool:
    """Whether a file is this user's and no one else could have written it (where files have owners): an entry
    that another user put in a shared folder is not read."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is None or (info.st_uid == geteuid() and not info.st_mode & 0o022)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not TOML data")  # NaN and Infinity: TOML's nan and inf are never kept


def _toml_shaped(value: Any) -> bool:
    """Whether ``value`` is made only of what `tomllib` returns, dates and times aside (they are never kept)."""
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and _toml_shaped(v) for k, v in value.items())
    if kind is list:
        return all(_toml_shaped(v) for v in value)
    if kind is float:
        return math.isfinite(value)
    return kind is str or kind is int or kind is bool


def _same(a: Any, b: Any) -> bool:
    """Equal, of the same types all the way down (1 is not 1.0 nor True), floats to the sign of a zero."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return list(a) == list(b) and all(_same(v, b[k]) for k, v in a.items())
    if type(a) is list:
        return len(a) == len(b) and all(map(_same, a, b))
    if type(a) is float:
        return repr(a) == repr(b)
    return bool(a == b)


def _write(folder: Path, path: Path, digest: str, size: int, data: dict) -> None:
    """Keep ``data`` at ``path`` if it comes back from JSON exactly; whole or not at all, silently."""
    try:
        body = json.dumps({"format": TAG, "sha256": digest, "size": size, "data": data}, ensure_ascii=False,
                          separators=(",", ":"), allow_nan=False).encode("utf-8")
        if len(body) > MAX_ENTRY_BYTES or not _same(json.loads(body)["data"], data):
            return  # too large, or not plain data (a date or a time)
    except (TypeError, ValueError, RecursionError):  # a date or time; a float TOML allows that JSON does not
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=_TEMP, suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(body)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        _prune(folder)
    except OSError:
        return


def _prune(folder: Path) -> None:
    """Keep the newest `MAX_ENTRIES` entries (a temporary file that a stopped write left counts as one); any other
    file in the folder is left alone."""
    found = []
    with os.scandir(folder) as entries:
        for item in entries:
            if _OURS.fullmatch(item.name):
                with contextlib.suppress(OSError):  # removed meanwhile by another process
                    found.append((item.stat(follow_symlinks=False).st_mtime, item.path))
    if len(found) <= MAX_ENTRIES:
        return
    found.sort(reverse=True)
    for _, old in found[MAX_ENTRIES:]:
        with contextlib.suppress(OSError):
            os.unlink(old)

