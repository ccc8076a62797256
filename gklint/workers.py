"""A process pool that survives its workers: a worker that dies (a plugin calling ``os._exit``, a
crash in a C extension, the kernel's out-of-memory killer) costs one finding for the file it was
linting, and the run goes on.

When a pool breaks, every file still pending fails with it and nothing says which one killed it:
those files go to a fresh pool, as long as each round finishes some; then the rest run one at a
time, each in a one-worker pool, so that only a file that kills its worker every time is given up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def map_surviving(
    make_pool: Callable[[int], Executor],
    work: Callable[[Item], Result],
    items: Sequence[Item],
    on_death: Callable[[Item], Result],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[Result]:
    """``[work(item) for item in items]`` in worker processes, in order; ``on_death(item)`` for
    an item whose worker died each time it was tried; ``progress(done, total)`` as results come."""
    results: dict[int, Result] = {}
    pending = list(range(len(items)))
    tick = progress or (lambda done, total: None)
    while pending:
        with make_pool(workers) as pool:
            futures = {index: pool.submit(work, items[index]) for index in pending}
            left = []
            for index, future in futures.items():
                if _collect(future, index, results):
                    tick(len(results), len(items))
                else:
                    left.append(index)
        if len(left) == len(pending):
            break  # no progress: find the culprit one file at a time
        pending = left
    for index in pending:
        results[index] = _alone(make_pool, work, items[index], on_death)
        tick(len(results), len(items))
    return [results[index] for index in range(len(items))]


def _collect(future: Future[Result], index: int, results: dict[int, Result]) -> bool:
    try:
        results[index] = future.result()
    except BrokenProcessPool:
        return False
    return True


def _alone(
    make_pool: Callable[[int], Executor], work: Callable[[Item], Result], item: Item, on_death: Callable[[Item], Result]
) -> Result:
    try:
        with make_pool(1) as pool:
            return pool.submit(work, item).result()
    except BrokenProcessPool:
        return on_death(item)
