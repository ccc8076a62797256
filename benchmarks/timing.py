"""Timing shared by the per-report benchmarks.

Each call is timed as ``timeit`` times it: the garbage of what ran before is collected first,
untimed, and the collector is off while the call runs (a collection a call triggers would mostly
be paying for the garbage of the call before it; gklint itself pauses the collector for its run).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Mapping

Method = Callable[[bytes], object]


def timed_ms(method: Method, data: bytes) -> float:
    """CPU milliseconds (``process_time``) of one call of ``method(data)``."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        started = time.process_time()
        method(data)
        return (time.process_time() - started) * 1000
    finally:
        if enabled:
            gc.enable()


def fastest_ms(method: Method, data: bytes, inner: int) -> float:
    """The fastest of ``inner`` calls of ``method(data)`` in a row: a moment of load on a shared
    machine slows one call, rarely all of them."""
    return min(timed_ms(method, data) for _ in range(inner))


def fastest_each(methods: Mapping[str, Method], data: bytes, inner: int) -> dict[str, float]:
    """The fastest of ``inner`` calls of each method on ``data``, the methods taking turns call by
    call, each turn starting one method later (A B C, B C A, C A B …): a drift of the machine's
    speed, or what one call leaves behind for the next, falls on every method alike."""
    names = list(methods)
    best = dict.fromkeys(names, float("inf"))
    for turn in range(inner):
        shift = turn % len(names)
        for name in names[shift:] + names[:shift]:
            best[name] = min(best[name], timed_ms(methods[name], data))
    return best
