"""Tables gklint keeps between runs beside its own byte-code, as Python keeps compiled modules.

The plugin manifest, the code ``@dataclass`` generates and compiled regular expressions are each
one file in gklint's ``__pycache__`` (``$GKLINT_MANIFEST_DIR`` elsewhere), written with marshal
(which needs no import) under a stamp of everything the table depends on. Reading gives nothing
for a missing or damaged file and for one stamped otherwise (another interpreter, another
installation); writing is atomic, so concurrent runs are safe, and a folder that cannot be written
only means the table is made again by every run.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import time
from typing import Any

MANIFEST_DIR = "GKLINT_MANIFEST_DIR"


def kept_path(name: str) -> str:
    """Where the table ``name`` is kept."""
    folder = os.environ.get(MANIFEST_DIR) or os.path.join(os.path.dirname(__file__), "__pycache__")
    return os.path.join(folder, name)


def load_kept(path: str, stamp: str) -> Any | None:
    """What ``store_kept`` wrote at ``path`` under ``stamp``; None when there is nothing usable."""
    try:
        with open(path, "rb") as stored:
            kept_stamp, value = marshal.loads(stored.read())
    except Exception:  # missing, damaged, or not a pair: made again
        return None
    return value if kept_stamp == stamp else None


def store_kept(path: str, stamp: str, value: Any) -> bool:
    """Write ``value`` under ``stamp`` atomically: a temporary file of this process's own, then
    renamed into place. False when the folder cannot be written or marshal cannot keep ``value``."""
    try:
        data = marshal.dumps((stamp, value))
    except ValueError:  # something marshal cannot keep
        return False
    return store_bytes(path, [data])


def store_bytes(path: str, parts: list[bytes]) -> bool:
    """Write ``parts`` one after another as the file ``path``, atomically; False when it cannot be."""
    temporary = f"{path}.{os.getpid()}-{time.monotonic_ns()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    except OSError:
        return False
    try:
        with os.fdopen(descriptor, "wb") as out:
            for part in parts:
                out.write(part)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return False
    return True
