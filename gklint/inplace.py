"""One task run in this process, still within the per-file budget, for a run of a single file whose
reader a signal can interrupt.

A forked worker (``gklint.workers``) is what stops a runaway in C code, which no signal reaches; it
costs a one-file run about a tenth of its time (the child's copy-on-write page faults). A reader
written in Python and regular expressions has no such code (the ``re`` engine looks for signals as
it matches), nor have the binder and the rules, so a run of one such file is read here: a timer
signal ends the task at the time limit, and the address space is capped at what the process uses
now plus the memory limit, as a worker's is. Both are put back when the task ends. Only the main
thread can take signals: anywhere else the caller forks as before.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any, TypeVar

from gklint.budget import Exceeded, failed, limit_address_space, set_address_space

T = TypeVar("T")
R = TypeVar("R")


class _TimeUp(BaseException):
    """Raised by the timer: not an ``Exception``, so that no fence on the way (a rule's, a reader's) takes it."""


def run_here(fn: Callable[[T], R], task: T, timeout: float | None, memory: int | None) -> R | Exceeded | None:
    """``fn(task)`` in this process within ``timeout`` seconds and ``memory`` more bytes of address
    space: its value, or an ``Exceeded`` as a worker would answer; None when this thread cannot take
    signals (then nothing ran)."""
    armed = [True]

    def time_up(signum: int, frame: Any) -> None:
        if armed[0]:  # not once the task is over: its end and the timer may cross
            raise _TimeUp

    try:
        previous = signal.signal(signal.SIGALRM, time_up)
    except ValueError:  # not the main thread
        return None
    limits = limit_address_space(memory) if memory is not None else None
    try:
        if timeout is not None:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        return fn(task)
    except _TimeUp:
        return Exceeded("time", f"{timeout:g}")
    except Exception as exc:  # the task function is meant to catch everything; this is the last fence
        return Exceeded(*failed(exc))
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if limits is not None:
            set_address_space(limits)
