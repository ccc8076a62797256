"""The per-file budget: how long, how much memory and how large a file may be.

Every file is read, bound and checked within ``timeout`` seconds and ``memory`` bytes (in a worker
process that is stopped and replaced when it goes over, see ``gklint.workers``, or, for a lone file
that a signal can stop, in this process, see ``gklint.inplace``); a file larger than
``max_size`` bytes is refused before it is read. ``None`` turns a limit off.

A reader that runs an outside tool (LibreOffice) asks ``time_left()`` how long it may let the tool
run, so that the tool's own timeout fits inside the file's budget.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from gklint.text import lazy_pattern

Limits = tuple[int, int]  # (soft, hard) of RLIMIT_AS
MIB = 1 << 20
DEFAULT_TIMEOUT = 30.0  # seconds
DEFAULT_MEMORY = 1 << 30  # 1 GiB
DEFAULT_MAX_SIZE = 200 * MIB


@dataclass(frozen=True)
class Exceeded:
    """A task that did not finish: ``limit`` is ``time``, ``memory`` or ``crash`` (the worker died)."""

    limit: str
    detail: str = ""

    @property
    def signalled(self) -> bool:
        """The worker was ended by a signal (a crash in a C library, say), not by Python code exiting."""
        return self.detail.startswith("SIG")


@dataclass(frozen=True)
class Budget:
    """The limits of one file; ``None``: no limit."""

    timeout: float | None = DEFAULT_TIMEOUT
    memory: int | None = DEFAULT_MEMORY
    max_size: int | None = DEFAULT_MAX_SIZE

    @property
    def isolated(self) -> bool:
        """True when files must be processed where a runaway can be stopped."""
        return self.timeout is not None or self.memory is not None


DEFAULT_BUDGET = Budget()
UNLIMITED = Budget(None, None, None)

_UNITS = {"": 1, "b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
_SIZE = lazy_pattern(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$", re.I)
_DURATION = lazy_pattern(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h)?\s*$", re.I)


def parse_size(text: str | int | float) -> int | None:
    """``"1GiB"``, ``"512M"``, ``"200MB"``, ``1073741824`` -> bytes (binary units); 0 -> None (no limit).

    Raises ``ValueError`` for anything else, including NaN and infinities."""
    if isinstance(text, bool):
        raise ValueError(f"not a size: {text!r}")
    match = _SIZE.match(str(text))
    if not match:
        raise ValueError(f"not a size (like 200MB or 1GiB): {text!r}")
    value = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    return value or None


def parse_duration(text: str | int | float) -> float | None:
    """``"30"``, ``"30s"``, ``"2m"``, ``1.5`` -> seconds; 0 -> None (no limit)."""
    if isinstance(text, bool):
        raise ValueError(f"not a duration: {text!r}")
    match = _DURATION.match(str(text))
    if not match:
        raise ValueError(f"not a duration in seconds (like 30 or 2m): {text!r}")
    factor = {"": 1, "s": 1, "m": 60, "min": 60, "h": 3600}[(match.group(2) or "").lower()]
    return float(match.group(1)) * factor or None


def describe_size(size: int) -> str:
    """``1073741824`` -> ``1 GiB``, ``209715200`` -> ``200 MB`` (whole units where they divide)."""
    if size >= 1 << 30 and size % (1 << 30) == 0:
        return f"{size >> 30} GiB"
    if size >= MIB:
        return f"{size / MIB:.0f} MB"
    return f"{size} B"


def describe_seconds(seconds: float) -> str:
    return f"{seconds:g}"


# --------------------------------------------------------------------------- the running file's deadline

_deadline: float | None = None


def time_left() -> float | None:
    """Seconds left in the budget of the file being processed; None when time is not limited."""
    return None if _deadline is None else max(0.0, _deadline - time.monotonic())


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Within the block, ``time_left()`` counts down from ``seconds``."""
    global _deadline
    saved = _deadline
    _deadline = None if seconds is None else time.monotonic() + seconds
    try:
        yield
    finally:
        _deadline = saved


def failed(exc: Exception) -> tuple[str, str]:
    """The limit a task that raised ``exc`` went over, and what to say of it: ``memory`` for a
    ``MemoryError``, else ``crash`` and the error (a worker's reply, an ``Exceeded``'s fields)."""
    if isinstance(exc, MemoryError) or _refused_memory(exc):
        return "memory", ""
    return "crash", f"{type(exc).__name__}: {exc}"


def _refused_memory(exc: Exception) -> bool:
    """A library that cannot be mapped in, or a system call refused, for want of memory."""
    return isinstance(exc, (ImportError, OSError)) and any(words in str(exc) for words in _OUT_OF_MEMORY_WORDS)


# What the system says when an address-space limit refuses a mapping: "failed to map segment from
# shared object" of a library imported under the limit, or an ENOMEM ("Cannot allocate memory").
_OUT_OF_MEMORY_WORDS = ("failed to map segment", "Cannot allocate memory")


def limit_address_space(budget: int) -> Limits | None:
    """Cap the address space at what the process uses now plus ``budget``; the limits it had
    before, or None where there is no such limit to set."""
    try:
        import resource
    except ImportError:
        return None
    before = resource.getrlimit(resource.RLIMIT_AS)
    hard = before[1]
    limit = _address_space() + budget
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    return before if set_address_space((limit, hard)) else None


def set_address_space(limits: Limits) -> bool:
    import resource

    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, limits)
        return True
    return False


def _address_space() -> int:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
