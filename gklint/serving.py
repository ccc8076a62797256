"""A worker's side of ``gklint.workers``: read tasks from the parent's pipe, run each within the
time and memory limits, and answer each on its own; end with the parent.

Messages on both pipes are frames: an 8-byte length, then the message. A request frame holds the
tasks to run: their numbers, as 8-byte integers, when the worker holds the tasks (it was forked
after their list was made in memory), else the tasks pickled. A reply frame is a pickle of one
task's answer, ``("done", result)`` or the limit it went over.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import struct
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from gklint.budget import deadline, failed, limit_address_space

COLLECT_EVERY = 256  # tasks between a worker's collections of reference cycles
ORPHAN_CHECK = 0.25  # seconds between a worker's looks at whether its parent is still there
HEADER = struct.Struct("!Q")


def write_frame(fd: int, data: bytes) -> None:
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exactly(fd: int, size: int) -> bytes | None:
    parts, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _stop(signum: int, frame: Any) -> None:
    # At once: an exception could be caught by whatever code is running (a rule catching everything).
    # A reader waiting on a tool of its own handles the signal itself while it waits (see office).
    os._exit(128 + signum)


def serve(
    fn: Callable[[Any], Any],
    held: Sequence[Any] | None,
    requests: int,
    replies: int,
    memory: int | None,
    timeout: float | None,
) -> None:
    """Answer the tasks that come on ``requests`` (by number, of ``held``, when it is given) until
    the parent closes it, or a task leaves this worker unfit to go on (out of memory, broken); then
    end the process. Never returns."""
    code = 0
    try:
        signal.signal(signal.SIGTERM, _stop)
        _die_with_parent()
        if memory is not None:
            limit_address_space(memory)
        gc.freeze()  # what the parent holds is never garbage here: collections need not look at it
        served = 0
        while (tasks := _next_message(requests, held)) is not None:
            for task in tasks:
                served += 1
                if served % COLLECT_EVERY == 0:
                    gc.collect()  # a run pauses the collector, which a worker inherits: cycles must not pile up
                reply, last = _answer(fn, task, timeout)
                write_frame(replies, reply)
                if last:
                    return  # the tasks behind it are sent to another worker
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def request(tasks: Sequence[Any], batch: Sequence[int], held: bool) -> bytes:
    """The message that asks a worker for the tasks numbered ``batch``: their numbers when it
    ``held`` the tasks (none is pickled, in the parent or in the worker), else the tasks."""
    if held:
        return array("q", batch).tobytes()
    return pickle.dumps([tasks[index] for index in batch], protocol=pickle.HIGHEST_PROTOCOL)


def _next_message(requests: int, held: Sequence[Any] | None) -> Iterable[Any] | None:
    """The tasks of the parent's next message; None once it has closed the pipe."""
    header = _read_exactly(requests, HEADER.size)
    data = None if header is None else _read_exactly(requests, HEADER.unpack(header)[0])
    if data is None:
        return None
    if held is None:
        return list(pickle.loads(data))
    numbers = array("q")
    numbers.frombytes(data)
    return map(held.__getitem__, numbers)


def _answer(fn: Callable[[Any], Any], task: Any, timeout: float | None) -> tuple[bytes, bool]:
    """The pickled reply to one task, and whether this worker must end after it."""
    try:
        with deadline(timeout):
            result = fn(task)
        return pickle.dumps(("done", result), protocol=pickle.HIGHEST_PROTOCOL), False
    except Exception as exc:  # the task function is meant to catch everything; this is the last fence
        return pickle.dumps(failed(exc)), True


def _die_with_parent() -> None:
    """A worker whose parent is gone ends too instead of finishing a runaway file: a timer looks
    every quarter second (``prctl`` through ctypes did it at once, but importing ctypes cost every
    worker more than a small file's whole lint). System calls the timer interrupts restart."""
    parent = os.getppid()

    def orphaned(signum: int, frame: Any) -> None:
        if os.getppid() != parent:
            os._exit(128 + signal.SIGKILL)

    signal.signal(signal.SIGALRM, orphaned)
    signal.siginterrupt(signal.SIGALRM, False)
    signal.setitimer(signal.ITIMER_REAL, ORPHAN_CHECK, ORPHAN_CHECK)
