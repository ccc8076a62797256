"""The pool lets the answers of quick tasks gather before it reads them: a folder of notes must not
wake the parent for every answer, taking a core from the workers each time."""

from __future__ import annotations

import pytest

from gklint import workers
from gklint.workers import can_isolate, run_all

pytestmark = pytest.mark.skipif(not can_isolate(), reason="no fork here: tasks run in this process")


def _square(value: int) -> int:
    return value * value


def test_quick_tasks_answered_in_gathered_bunches_keep_their_order() -> None:
    tasks = list(range(4000))
    assert run_all(_square, tasks, jobs=2, timeout=30.0) == [value * value for value in tasks]
    arrived: list[int] = []
    run_all(_square, tasks, jobs=2, timeout=30.0, on_result=lambda index, _: arrived.append(index))
    assert sorted(arrived) == tasks


def test_a_slow_task_is_not_waited_for_longer(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(workers.time, "sleep", slept.append)
    pool = workers._Pool(_square, 2, 30.0, None, workers._Done(1, None, None))
    pool.task_time = 0.5  # tasks of half a second: a gathering pause is never worth it
    pool.workers = [workers._Worker(0, -1, -1)]
    pool.workers[0].tasks.extend([1, 2])
    pool._gather()
    assert slept == []
    pool.task_time = 0.0001  # a note's: with two queued, a pause could leave the worker idle
    pool._gather()
    assert slept == []
    pool.workers[0].tasks.extend(range(100))  # with a hundred queued, answers may gather a moment
    pool._gather()
    assert slept == [pool.GATHER]
    pool.selector.close()
