"""Timing shared by the per-report benchmarks."""

from __future__ import annotations

import time
from collections.abc import Callable


def fastest_ms(method: Callable[[bytes], object], data: bytes, inner: int) -> float:
    """CPU milliseconds (``process_time``) of the fastest of ``inner`` calls of ``method(data)`` in a
    row: a moment of load on a shared machine slows one call, rarely all of them."""
    best = float("inf")
    for _ in range(inner):
        started = time.process_time()
        method(data)
        best = min(best, time.process_time() - started)
    return best * 1000
