"""Worker processes that can be stopped: each task runs in a forked child under a time and memory limit.

The pool forks its workers from the calling process, so they hold the same plugins and settings
without loading anything again, and a one-file run pays only for one fork. Tasks made in memory
(the files to lint and their settings) are held by the workers too, and each is sent as its
number. Each worker serves tasks one at a time over a pair of pipes (the next few wait in its
pipe, sent in one message). A task that outlives its time limit has its worker stopped (SIGTERM,
so that a reader can stop the tools it started; SIGKILL if that does not end it) and replaced; a
worker that runs out of memory (its address space is limited with ``RLIMIT_AS``)
answers so and is replaced too; a worker that dies is replaced. The caller gets one result per
task, in task order, whatever happened.

Where ``os.fork`` is missing (Windows) tasks run in the calling process: without isolation, only the
size limit and the readers' own caps hold.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import pickle
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from gklint.budget import Exceeded
from gklint.scheduling import in_process
from gklint.sequences import in_memory
from gklint.serving import COLLECT_EVERY, HEADER, request, serve, write_frame

__all__ = ["COLLECT_EVERY", "Exceeded", "can_isolate", "reap_exited", "run_all"]

T = TypeVar("T")
R = TypeVar("R")

GRACE = 2.0  # seconds a stopped worker gets to stop its own children before SIGKILL
REPLY_READ = 1 << 16  # bytes asked of a worker's pipe at once: a pipe holds 64 KiB
LARGEST_READ = 1 << 20


def can_isolate() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32"


def run_all(
    fn: Callable[[T], R],
    tasks: Sequence[T],
    jobs: int = 1,
    timeout: float | None = None,
    memory: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_result: Callable[[int, R | Exceeded], None] | None = None,
) -> list[R | Exceeded]:
    """``fn`` over ``tasks`` in up to ``jobs`` workers, each task within ``timeout`` s and ``memory`` bytes;
    ``progress(done, total)`` as each task ends. The results, in task order; or, with ``on_result``,
    each handed to ``on_result(index, result)`` as its task ends and not kept (a sweep's thousands of
    results must not pile up here)."""
    if not tasks:
        return []
    done = _Done(len(tasks), progress, on_result)
    if not can_isolate():
        return list(in_process(fn, tasks, progress, on_result))
    pool = _Pool(fn, max(1, min(jobs, len(tasks))), timeout, memory, done)
    try:
        return pool.run(tasks)
    finally:
        pool.close()


# --------------------------------------------------------------------------- the parent's side


@dataclass
class _Done:
    """Tells the caller of each task that ends: its result, and how many have ended."""

    total: int
    progress: Callable[[int, int], None] | None
    on_result: Callable[[int, Any], None] | None
    count: int = 0

    def __call__(self, index: int, result: Any) -> None:
        self.count += 1
        if self.on_result is not None:
            self.on_result(index, result)
        if self.progress is not None:
            self.progress(self.count, self.total)


@dataclass
class _Worker:
    """One worker process and the two pipes to it."""

    pid: int
    requests: int  # fd we write tasks to
    replies: int  # fd we read answers from
    buffer: bytearray = field(default_factory=bytearray)
    tasks: deque[int] = field(default_factory=deque)  # sent and not answered, the first one running
    started: float = 0.0  # when the first of ``tasks`` started


class _Pool(Generic[T, R]):
    """Workers that each hold a few tasks: the next ones are waiting in the pipe when one ends, so
    a worker never idles while the parent reads its answer and sends it more work.

    How many a worker holds follows how long tasks take: two when each is real work (a report),
    up to ``MOST_HELD`` when each is a small fraction of a millisecond (a folder of notes), and the
    tasks sent at once travel in one message. A worker still answers each task on its own, so a
    task's time limit, and which task a dying worker was on, are as exact as with one at a time."""

    FEWEST_HELD = 2
    MOST_HELD = 32
    HELD_WORK = 0.02  # seconds of work a worker holds queued, by the tasks' average time
    GATHER = 0.001  # seconds the parent lets answers gather when every busy worker has enough queued

    def __init__(
        self,
        fn: Callable[[T], R],
        jobs: int,
        timeout: float | None,
        memory: int | None,
        done: _Done,
    ) -> None:
        import selectors

        self.fn = fn
        self.done = done
        self.jobs = jobs
        self.timeout = timeout
        self.memory = memory
        self.workers: list[_Worker] = []
        self.selector = selectors.DefaultSelector()
        self.tasks: Sequence[T] = ()
        self.held = False
        self.queue: deque[int] = deque()  # tasks to send again: they waited behind one that failed
        self.sent = self.total = 0  # tasks 0 … total-1 go out in order; only requeued ones wait in ``queue``
        self.task_time = 0.01  # a running average of the seconds a task takes, from the answers

    def run(self, tasks: Sequence[T]) -> list[R | Exceeded]:
        keep = self.done.on_result is None  # else each result is handed on and not kept here
        results: list[Any] = [None] * len(tasks) if keep else []
        self.tasks, self.sent, self.total = tasks, 0, len(tasks)
        self.held = in_memory(tasks)  # workers forked from now on hold them: each is sent as its number
        while self._waiting() or any(w.tasks for w in self.workers):
            while self._waiting() and (ready := self._ready()) is not None:
                self._send(ready, self._batch(ready))
            self._gather()
            for index, outcome in self._wait():
                if keep:
                    results[index] = outcome
                self.done(index, outcome)
        assert self.done.count == len(tasks)
        return results

    def _waiting(self) -> int:
        return len(self.queue) + self.total - self.sent

    def _held(self) -> int:
        """How many tasks a worker may hold: about ``HELD_WORK`` seconds of them."""
        wanted = int(self.HELD_WORK / max(self.task_time, 1e-6))
        return max(self.FEWEST_HELD, min(self.MOST_HELD, wanted))

    def _batch(self, worker: _Worker) -> list[int]:
        """The next tasks for ``worker``: as many as it has room for, and no more than its share of
        those left (the last ones go to whichever worker frees up first, not behind a slow one)."""
        share = -(-self._waiting() // max(1, len(self.workers)))
        count = max(1, min(self._held() - len(worker.tasks), share))
        batch: list[int] = []
        while self.queue and len(batch) < count:
            batch.append(self.queue.popleft())
        take = min(count - len(batch), self.total - self.sent)
        batch.extend(range(self.sent, self.sent + take))
        self.sent += take
        return batch

    def _ready(self) -> _Worker | None:
        """A worker to give tasks to: an idle one, a new one, else one with room in its pipe."""
        for worker in self.workers:
            if not worker.tasks:
                return worker
        if len(self.workers) < self.jobs:
            return self._spawn()
        if self._waiting() < len(self.workers):
            return None  # the last tasks go to whichever worker frees up first, not behind a slow one
        low = self._held() // 2  # topped up once half are done: a message carries several tasks
        room = [w for w in self.workers if len(w.tasks) <= low]
        return min(room, key=lambda w: len(w.tasks)) if room else None

    def _send(self, worker: _Worker, batch: list[int]) -> None:
        if not worker.tasks:
            worker.started = time.monotonic()
        worker.tasks.extend(batch)
        message = request(self.tasks, batch, self.held)
        with contextlib.suppress(OSError):  # a worker that died between tasks: _wait sees its pipe close
            write_frame(worker.requests, message)

    def _gather(self) -> None:
        """Let answers gather for ``GATHER`` seconds when tasks are quicker than that and every busy
        worker holds at least twice as much work queued: with tasks of a fraction of a millisecond
        (a folder of notes) the parent would wake for every answer or two, and on a machine whose
        cores the workers fill, each waking took a core from a worker. Answers wait in the pipes
        meanwhile; no worker idles. Slower tasks answer seldom enough: no pause."""
        if self.task_time >= self.GATHER:
            return
        busy = [w for w in self.workers if w.tasks]
        if busy and min(len(w.tasks) for w in busy) * self.task_time >= 2 * self.GATHER:
            time.sleep(self.GATHER)

    def _wait(self) -> list[tuple[int, Any]]:
        """Wait for answers until one comes or a task runs out of time; the tasks that ended, with
        their results."""
        busy = [w for w in self.workers if w.tasks]
        wait = None
        if self.timeout is not None:
            wait = max(0.0, min(w.started for w in busy) + self.timeout - time.monotonic())
        finished: list[tuple[int, Any]] = []
        for key, _ in self.selector.select(wait):
            finished.extend(self._receive(key.data))
        now = time.monotonic()
        for worker in busy:
            late = self.timeout is not None and now - worker.started >= self.timeout
            if late and worker in self.workers and worker.tasks:
                finished.append((worker.tasks[0], Exceeded("time", f"{self.timeout:g}")))
                self._retire(worker, stop=True)
        return finished

    def _receive(self, worker: _Worker) -> list[tuple[int, Any]]:
        """The answers that have come whole from ``worker``, each with its task."""
        try:
            chunk = os.read(worker.replies, _read_size(worker.buffer))
        except OSError:
            chunk = b""
        if not chunk:  # the worker died without answering
            running = worker.tasks[0] if worker.tasks else None
            status = self._retire(worker, stop=False)
            return [] if running is None else [(running, _death(status))]
        buffer = worker.buffer
        buffer += chunk
        answers: list[tuple[int, Any]] = []
        start, now = 0, time.monotonic()
        while len(buffer) - start >= HEADER.size:
            (size,) = HEADER.unpack_from(buffer, start)
            end = start + HEADER.size + size
            if len(buffer) < end:
                break
            kind, value = pickle.loads(buffer[start + HEADER.size : end])
            start = end
            index = worker.tasks.popleft()
            self.task_time += (now - worker.started - self.task_time) / 8
            worker.started = now  # the next task, if any, starts now
            if kind != "done":
                worker.tasks.appendleft(index)
                self._retire(worker, stop=True)  # out of memory or broken: its heap is not to be trusted
                return [*answers, (index, Exceeded(kind, value))]
            answers.append((index, value))
        del buffer[:start]  # the answers read, at once: each ``del`` moves what follows
        return answers

    def _spawn(self) -> _Worker:
        requests_r, requests_w = os.pipe()
        replies_r, replies_w = os.pipe()
        inherited = [fd for w in self.workers for fd in (w.requests, w.replies)]
        pid = os.fork()
        if pid == 0:  # the child never returns from here
            self.selector.close()
            for fd in (*inherited, requests_w, replies_r):
                with contextlib.suppress(OSError):
                    os.close(fd)
            serve(self.fn, self.tasks if self.held else None, requests_r, replies_w, self.memory, self.timeout)
        os.close(requests_r)
        os.close(replies_w)
        worker = _Worker(pid, requests_w, replies_r)
        self.workers.append(worker)
        self.selector.register(replies_r, 1, worker)  # 1: EVENT_READ
        return worker

    def _retire(self, worker: _Worker, stop: bool) -> int:
        """Close a worker's pipes and reap it (stopping it first when ``stop``); its wait status. The
        tasks waiting behind its running one go back to the front of the queue."""
        self.queue.extendleft(reversed(list(worker.tasks)[1:]))
        worker.tasks.clear()
        self._detach(worker)
        if stop:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGTERM)
        return _reap(worker.pid, GRACE if stop else None)

    def _detach(self, worker: _Worker) -> None:
        """Forget a worker and close its pipes (an idle worker ends when it sees its requests close)."""
        self.workers.remove(worker)
        self.selector.unregister(worker.replies)
        for fd in (worker.requests, worker.replies):
            with contextlib.suppress(OSError):
                os.close(fd)

    def close(self) -> None:
        """Let idle workers end (they see their request pipe close); stop busy ones. Idle ones are
        not waited for: a process's exit (its memory unmapped) took milliseconds of the run's
        serial end, once a worker in turn; they are reaped once they have ended, by the next pool's
        end, or at the run's (``LocalExecutor.close``)."""
        for worker in [w for w in self.workers if w.tasks]:
            self._retire(worker, stop=True)
        for worker in list(self.workers):
            _EXITING.append(worker.pid)
            self._detach(worker)
        self.selector.close()
        reap_exited(block=False)  # an earlier pool's have ended by now; never waited for here


def _read_size(buffer: bytearray) -> int:
    """How much to ask the pipe for: a small read, or the rest of a large answer begun in
    ``buffer``. ``os.read`` allocates what it is asked for, and a megabyte asked for each answer
    (the allocator maps and unmaps it) cost ten times a small one: most answers are a note's."""
    if len(buffer) < HEADER.size:
        return REPLY_READ
    (size,) = HEADER.unpack_from(buffer)
    return min(max(REPLY_READ, HEADER.size + size - len(buffer)), LARGEST_READ)


_EXITING: list[int] = []  # idle workers told to end and not reaped yet
_REAPING = _thread.allocate_lock()  # a Dask worker's threads run pools of their own at once


def reap_exited(pids: Sequence[int] | None = None, block: bool = True) -> None:
    """Reap the idle workers pools let go (of them, ``pids``); without ``block``, only those
    that have ended."""
    with _REAPING:
        for pid in list(_EXITING if pids is None else pids):
            if pid not in _EXITING:
                continue  # reaped already (by another thread's pool)
            try:
                done, _ = os.waitpid(pid, 0 if block else os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                _EXITING.remove(pid)


def _reap(pid: int, grace: float | None) -> int:
    """Wait for ``pid``; after ``grace`` seconds (None: no limit) kill it. Its wait status."""
    end = None if grace is None else time.monotonic() + grace
    while True:
        try:
            done, status = os.waitpid(pid, 0 if end is None else os.WNOHANG)
        except ChildProcessError:
            return 0
        if done:
            return status
        if end is not None and time.monotonic() >= end:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            end = None
        else:
            time.sleep(0.005)


def _death(status: int) -> Exceeded:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGKILL:  # not ours: the system's out-of-memory killer
            return Exceeded("memory", "killed")
        return Exceeded("crash", signal.Signals(number).name)
    return Exceeded("crash", f"exit {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}")
