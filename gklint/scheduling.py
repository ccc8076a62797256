"""How a run's files are scheduled in this process: how many processors it may use, results handed
on in file order as they arrive, tasks run here when no limit asks for a worker, and the cyclic
garbage collector kept out of the way while thousands of results arrive.
"""

from __future__ import annotations

import gc
import os
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Generic, TypeVar

from gklint.sequences import ItemSequence, in_memory

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]


def processors() -> int:
    """The processors this process may run on (a container or taskset may allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


@contextmanager
def collector_paused() -> Iterator[None]:
    """The results of thousands of files hold no reference cycles: scanning them again and again
    as they arrive is what made large runs slow, so the cyclic collector waits until the run ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def in_process(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    progress: Progress | None,
    on_result: Callable[[int, R], None] | None,
) -> list[R]:
    """``fn`` over ``tasks`` here, without limits (``--timeout 0 --memory-limit 0``); the results, or,
    with ``on_result``, each handed over as it comes and not kept."""
    results: list[R] = []
    for index, task in enumerate(tasks):
        result = fn(task)
        if on_result is not None:
            on_result(index, result)
        else:
            results.append(result)
        if progress is not None:
            progress(index + 1, len(tasks))
    return results


class InOrder(Generic[T]):
    """Hands outcomes to ``emit`` in file order, each as soon as it and every file before it is known."""

    def __init__(self, emit: Callable[[T], None]) -> None:
        self.emit = emit
        self.waiting: dict[int, T] = {}
        self.next = 0

    def add(self, index: int, outcome: T) -> None:
        if index != self.next:
            self.waiting[index] = outcome
            return
        self.emit(outcome)  # the usual case: the file everything before it waited for
        self.next += 1
        while self.next in self.waiting:
            self.emit(self.waiting.pop(self.next))
            self.next += 1


class Picked(ItemSequence[T]):
    """The items of ``items`` at ``positions``, without a list of them."""

    def __init__(self, items: Sequence[T], positions: Sequence[int]) -> None:
        self.items = items
        self.positions = positions

    @property
    def in_memory(self) -> bool:
        return in_memory(self.items)

    def __len__(self) -> int:
        return len(self.positions)

    def item(self, index: int) -> T:
        return self.items[self.positions[index]]


class Paired(ItemSequence[tuple[T, R]]):
    """Each item with its value, where thousands of items share a few values (a folder's files
    their settings): an item holds the number of its value in an array, not a pair of references.
    Values equal in ``repr`` are one."""

    def __init__(self, items: Sequence[T], value_of: Callable[[T], R]) -> None:
        self.items = items
        self.values: list[R] = []
        self.which = array("L")
        by_text: dict[str, int] = {}
        by_object: dict[int, int] = {}  # only for objects ``values`` keeps alive
        for item in items:
            value = value_of(item)
            number = by_object.get(id(value))
            if number is None:
                number = by_text.setdefault(repr(value), len(self.values))
                if number == len(self.values):
                    self.values.append(value)
                if self.values[number] is value:
                    by_object[id(value)] = number
            self.which.append(number)

    @property
    def in_memory(self) -> bool:
        return in_memory(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def item(self, index: int) -> tuple[T, R]:
        return self.items[index], self.values[self.which[index]]
