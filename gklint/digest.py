"""SHA-256 of the small things gklint names by their content (a finding's identity, a report's
compared facts), without loading OpenSSL.

``hashlib.sha256`` is OpenSSL's: importing ``hashlib`` loads libcrypto, a few per cent of a
one-file check that hashes nothing large. CPython's own SHA-256 gives the same digest and costs
nothing to import; it is slower per byte, which only counts for large inputs (the content cache
hashes whole source files with ``hashlib``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _constructor() -> Callable[[bytes], Any]:
    for name in ("_sha2", "_sha256"):  # the built-in module's name since 3.12, and before
        try:
            module = __import__(name)
        except ImportError:
            continue
        sha256: Callable[[bytes], Any] = module.sha256
        return sha256
    from hashlib import sha256 as openssl  # an interpreter built without its own

    return openssl


_SHA256 = _constructor()


def sha256(data: bytes = b"") -> Any:
    """A SHA-256 hash object that has read ``data`` (``update``, ``copy``, ``hexdigest``)."""
    return _SHA256(data)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of ``data`` in hexadecimal, as ``hashlib.sha256(data).hexdigest()``."""
    digest: str = _SHA256(data).hexdigest()
    return digest
