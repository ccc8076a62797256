"""Where phase one runs: the executor seam between the runner and the processes that do the work.

The runner hands an executor a per-file function, the tasks (one per file, in the run's order) and
the number of jobs, and gets back one result per task in the same order: the function's value, or
an ``Exceeded`` for a file that went over its budget or whose process died. The cross-year rules
go the same way, a pair of reports per task (``gklint.crossyears``); suppression and everything
else of phase two runs in the calling process over those results, so an executor changes where
files are read and compared, never what a run finds.

* ``local`` (the default): forked workers on this machine, each file within its time and memory
  budget (``gklint.workers``).
* ``dask``: batches of files on a Dask distributed cluster (``gklint.dask_executor``, imported only
  when asked for; ``pip install gklint[dask]``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeVar

from gklint.budget import Exceeded, parse_duration
from gklint.config import ConfigError
from gklint.scheduling import in_process

if TYPE_CHECKING:
    from gklint.runner import Linter

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]  # (files done, files in all)

EXECUTORS = ("local", "dask")
DEFAULT_SCHEDULER_TIMEOUT = 10.0  # seconds to reach a scheduler before the run stops with exit 2


class Executor(Protocol):
    """Runs ``fn`` over ``tasks``: one result per task, in task order; or, with ``on_result``, each
    result handed to ``on_result(index, result)`` as it is known and none kept (then ``[]``)."""

    def run(
        self,
        linter: Linter,
        fn: Callable[[T], R],
        tasks: Sequence[T],
        jobs: int,
        progress: Progress | None = None,
        on_result: Callable[[int, R | Exceeded], None] | None = None,
    ) -> list[R | Exceeded]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Executor: ...

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class LocalExecutor:
    """This machine: forked workers within the budget, or this process when no limit is set."""

    def run(
        self,
        linter: Linter,
        fn: Callable[[T], R],
        tasks: Sequence[T],
        jobs: int,
        progress: Progress | None = None,
        on_result: Callable[[int, R | Exceeded], None] | None = None,
    ) -> list[R | Exceeded]:
        budget = linter.budget
        if not budget.isolated:
            return in_process(fn, tasks, progress, on_result)
        from gklint.workers import run_all  # not on the path of a file linted in this process

        return run_all(fn, tasks, jobs, budget.timeout, budget.memory, progress, on_result)

    def close(self) -> None:
        """The workers of a run end with it: reap those still ending (none where none was started)."""
        workers = sys.modules.get("gklint.workers")
        if workers is not None:
            workers.reap_exited(block=True)

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


LOCAL = LocalExecutor()


def executor_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--executor", choices=EXECUTORS, default="local", help="where files are read: local processes or a Dask cluster"
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler (tcp://host:8786) for --executor dask; without it, a local cluster",
    )
    parser.add_argument(
        "--scheduler-timeout",
        metavar="SECONDS",
        help=f"how long to try to reach the scheduler (default {DEFAULT_SCHEDULER_TIMEOUT:g})",
    )


def executor_from(args: argparse.Namespace) -> Executor:
    """The executor the flags ask for; a usage error when they do not fit together or Dask is missing."""
    name = getattr(args, "executor", "local")
    scheduler = getattr(args, "scheduler", None)
    timeout = _timeout(getattr(args, "scheduler_timeout", None))
    if name == "local":
        if scheduler or timeout != DEFAULT_SCHEDULER_TIMEOUT:
            raise ConfigError("--scheduler and --scheduler-timeout need --executor dask")
        return LOCAL
    from gklint.dask_executor import DaskExecutor

    return DaskExecutor.create(scheduler, workers=getattr(args, "jobs", 0) or 0, timeout=timeout)


def _timeout(text: str | None) -> float:
    if text is None:
        return DEFAULT_SCHEDULER_TIMEOUT
    try:
        seconds = parse_duration(text)
    except ValueError as exc:
        raise ConfigError(f"--scheduler-timeout: {exc}") from None
    if seconds is None:
        raise ConfigError("--scheduler-timeout: must be more than 0 seconds")
    return seconds
