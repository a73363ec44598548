"""SHA-256 and BLAKE2b from Python's own implementations, without importing `hashlib`.

Importing `hashlib` loads OpenSSL's libcrypto for its constructors: about 3.5 MiB of memory
and a few milliseconds at every start-up, for two hashes that CPython also builds in (the
deck's SHA-256, a seat's BLAKE2b for the bots). The digests are the same bytes either way;
where the built-in modules are missing (another interpreter), `hashlib` is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import blake2b as blake2b
    from hashlib import sha256 as sha256
else:
    try:
        from _sha2 import sha256  # CPython 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256  # CPython 3.11
        except ImportError:
            from hashlib import sha256
    try:
        from _blake2 import blake2b  # what hashlib.blake2b is in CPython
    except ImportError:
        from hashlib import blake2b

__all__ = ["blake2b", "sha256"]
