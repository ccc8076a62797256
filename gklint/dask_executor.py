"""The Dask executor: phase one of a run spread over a Dask distributed cluster.

Files travel as paths (the cluster reads them from storage it shares with this machine, mounted at
the same place) in batches; each batch is one Dask task, which runs its files through
``gklint.workers.run_all`` inside the Dask worker process, so every file keeps its time and memory
budget in a forked child there, as on this machine. The results come back as the same objects a
local run makes, and are put back in task order: the output, its order and the exit code are a
local run's.

Plugins are code, and the loaded ones are not picklable in general, so the per-file function is
shipped with every object of the run's ``Linter`` (the linter, its plugins, their readers and
templates) replaced by a reference: a small recipe (the plugins blocked with ``-p``, the resolver's
inputs, the linter's own settings) from which each Dask worker process rebuilds an equivalent
linter once and finds the same objects in it. A worker whose gklint or plugins differ from this
machine's refuses the batch, and the run stops with a usage error.
"""

from __future__ import annotations

import io
import logging
import math
import os
import pickle
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from gklint import __version__
from gklint.budget import Exceeded
from gklint.config import ConfigError, Layer, Resolver
from gklint.executors import Progress
from gklint.manager import Plugins, load_plugins
from gklint.workers import can_isolate, run_all

if TYPE_CHECKING:
    from gklint.runner import Linter

T = TypeVar("T")
R = TypeVar("R")

MAX_BATCH = 64  # files per Dask task: one fork and one round trip each, yet enough tasks to balance
BATCHES_PER_SLOT = 4  # so that a slow batch at the end holds up little of the run
LOST = Exceeded("crash", "SIGKILL, Dask worker lost")  # reported like a local worker that died
Fingerprint = tuple[tuple[str, str, str], ...]  # (plugin, distribution, version) of every plugin in use
OWN_FIELDS = ("plugins", "resolver", "executor")  # the Linter's fields a recipe rebuilds rather than copies


class ClusterMismatch(Exception):
    """The Dask workers cannot run this run as this machine would (other plugins, no fork, no shared folder)."""


def require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ConfigError(
            "--executor dask 需要安装 Dask / --executor dask needs Dask: pip install 'gklint[dask]'"
        ) from None


# --------------------------------------------------------------------------- the recipe of a Linter


@dataclass(frozen=True)
class Recipe:
    """What a Dask worker needs to rebuild the run's Linter: all of it small and picklable."""

    blocked: tuple[str, ...]
    fingerprint: Fingerprint
    cli: Layer
    config_file: Path | None
    ruleset: str | None
    jobs: int
    aliases: dict[Path, Path] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)  # the Linter's other fields, as they are


def fingerprint(plugins: Plugins) -> Fingerprint:
    loaded = sorted((r.name, r.distribution, r.version) for r in plugins.records if not r.error)
    return (("gklint", "gklint", __version__), *loaded)


def recipe_of(linter: Linter) -> Recipe:
    plugins, resolver = linter.plugins, linter.resolver
    in_process = [r.name for r in plugins.records if not r.distribution and not r.blocked]
    if in_process:
        raise ConfigError(
            f"--executor dask: 插件 {', '.join(in_process)} 不是已安装的包，无法在 Dask 工作进程中加载 / "
            f"plugins registered in this process only cannot be loaded on Dask workers: {', '.join(in_process)}"
        )
    config = Path(os.path.abspath(resolver.config_file)) if resolver.config_file else None
    return Recipe(
        blocked=tuple(sorted(r.name for r in plugins.records if r.blocked)),
        fingerprint=fingerprint(plugins),
        cli=resolver.cli,
        config_file=config,
        ruleset=resolver.ruleset,
        jobs=resolver.jobs,
        aliases=dict(resolver.aliases),
        settings={f.name: getattr(linter, f.name) for f in fields(linter) if f.name not in OWN_FIELDS and f.init},
    )


REBUILT_KEPT = 4  # linters a worker keeps: a long-lived cluster serves run after run
_rebuilt: dict[bytes, Linter] = {}  # the most recently used last
_rebuilding = threading.Lock()  # a Dask worker runs several tasks at once in threads


def rebuilt_linter(recipe_bytes: bytes) -> Linter:
    """The Linter of a recipe, built once per worker process (while its run goes on)."""
    with _rebuilding:
        linter = _rebuilt.pop(recipe_bytes, None) or _rebuild(pickle.loads(recipe_bytes))
        _rebuilt[recipe_bytes] = linter
        while len(_rebuilt) > REBUILT_KEPT:
            del _rebuilt[next(iter(_rebuilt))]
        return linter


def _rebuild(recipe: Recipe) -> Linter:
    from gklint.runner import Linter

    # The worker process has threads of its own; the children forked for files only run the linter.
    warnings.filterwarnings("ignore", message=".*fork.*", category=DeprecationWarning)
    plugins = load_plugins(blocked=recipe.blocked)
    own = fingerprint(plugins)
    if own != recipe.fingerprint:
        differ = sorted(set(own) ^ set(recipe.fingerprint))
        raise ClusterMismatch(
            "Dask 工作进程上的 gklint 或插件与本机不同 / the Dask workers' gklint or plugins differ from this "
            f"machine's: {', '.join(f'{name} ({dist} {version})' for name, dist, version in differ)}"
        )
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    resolver = Resolver(rulesets, recipe.cli, recipe.config_file, recipe.ruleset, recipe.jobs)
    resolver.aliases.update(recipe.aliases)
    return Linter(plugins, resolver, **recipe.settings)


def _linter_part(recipe_bytes: bytes, path: tuple[str | int, ...]) -> Any:
    """An object of the rebuilt linter: ``()`` the linter, ``("plugins", "readers", 0, 0)`` its first reader."""
    found: Any = rebuilt_linter(recipe_bytes)
    for step in path:
        found = found[step] if isinstance(step, int) else getattr(found, step)
    return found


# --------------------------------------------------------------------------- shipping the function


def pack(fn: Callable[..., Any], linter: Linter) -> bytes:
    """``fn`` pickled by value (cloudpickle), with the linter and its plugins' objects by reference."""
    import cloudpickle

    recipe_bytes = pickle.dumps(recipe_of(linter), protocol=pickle.HIGHEST_PROTOCOL)
    parts: dict[int, tuple[str | int, ...]] = {id(linter): (), id(linter.plugins): ("plugins",)}
    parts[id(linter.resolver)] = ("resolver",)
    for kind in ("readers", "templates"):
        for index, (item, _) in enumerate(getattr(linter.plugins, kind)):
            parts[id(item)] = ("plugins", kind, index, 0)

    class ByReference(cloudpickle.Pickler):
        def reducer_override(self, obj: Any) -> Any:
            path = parts.get(id(obj))
            if path is not None:
                return _linter_part, (recipe_bytes, path)
            return super().reducer_override(obj)

    buffer = io.BytesIO()
    ByReference(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump((fn, linter.budget))
    return buffer.getvalue()


def run_batch(payload: bytes, tasks: list[Any], folder: str) -> list[Any]:
    """On a Dask worker: one batch of files, each in a forked child within its budget, working in
    ``folder`` (the client's working directory) so that paths and the paths shown are the client's."""
    if not can_isolate():
        raise ClusterMismatch("Dask 工作进程需要 fork / the Dask workers must run where os.fork exists (Linux, macOS)")
    if not os.path.isdir(folder):
        raise ClusterMismatch(
            f"Dask 工作进程看不到文件夹 {folder}：文件须在共享存储上，且挂载在相同路径 / the Dask workers cannot see "
            f"{folder}: the files must be on shared storage mounted at the same path on every machine"
        )
    fn, budget = pickle.loads(payload)
    return run_all(_in_folder(fn, folder), tasks, 1, budget.timeout, budget.memory)


def _in_folder(fn: Callable[[T], R], folder: str) -> Callable[[T], R]:
    def run(task: T) -> R:
        if os.getcwd() != folder:  # in the forked child only: the worker's threads share a directory
            os.chdir(folder)
        return fn(task)

    return run


def batches(count: int, slots: int) -> list[range]:
    """``count`` tasks cut into consecutive batches: a few per slot, at most ``MAX_BATCH`` each."""
    size = max(1, min(MAX_BATCH, math.ceil(count / (max(1, slots) * BATCHES_PER_SLOT))))
    return [range(start, min(start + size, count)) for start in range(0, count, size)]


# --------------------------------------------------------------------------- the client's side


class DaskExecutor:
    """Files over a Dask cluster: the one at ``address``, or a local one started for the run."""

    def __init__(self, address: str | None, workers: int, timeout: float) -> None:
        self.address = address
        self.workers = workers
        self.timeout = timeout
        self._client: Any = None
        self._cluster: Any = None

    @classmethod
    def create(cls, address: str | None, workers: int = 0, timeout: float = 10.0) -> DaskExecutor:
        require_dask()
        return cls(address, workers, timeout)

    def run(
        self,
        linter: Linter,
        fn: Callable[[T], R],
        tasks: Sequence[T],
        jobs: int,
        progress: Progress | None = None,
        on_result: Callable[[int, R | Exceeded], None] | None = None,
    ) -> list[R | Exceeded]:
        if not tasks:
            return []
        payload = pack(fn, linter)
        client = self._connect()
        slots = sum(client.nthreads().values())
        folder = os.getcwd()

        def submit(part: range) -> Any:
            return client.submit(run_batch, payload, [tasks[i] for i in part], folder, pure=False)

        futures = {submit(part): (part, False) for part in batches(len(tasks), slots)}
        return self._gather(client, futures, submit, len(tasks), progress, on_result)

    def _gather(
        self,
        client: Any,
        futures: dict[Any, tuple[range, bool]],
        submit: Callable[[range], Any],
        total: int,
        progress: Progress | None,
        on_result: Callable[[int, Any], None] | None,
    ) -> list[Any]:
        """The results in task order; or, with ``on_result``, each handed on as its batch ends.

        Dask gives up on a batch whose workers died several times (``KilledWorker``). A worker that
        dies takes every batch it holds with it, so the batch's files then go once more, each on its
        own: only a file that kills workers by itself is reported lost."""
        from concurrent.futures import CancelledError

        from distributed import KilledWorker, as_completed

        results: list[Any] = [None] * total if on_result is None else []
        done = 0
        pending = as_completed(futures, loop=client.loop)
        for future in pending:
            part, alone = futures.pop(future)
            try:
                values = future.result()
            except KilledWorker:  # Dask retried the batch on other workers and lost them too
                if not alone:
                    for index in part:
                        retry = submit(range(index, index + 1))
                        futures[retry] = (range(index, index + 1), True)
                        pending.add(retry)
                    continue
                values = [LOST]
            except ClusterMismatch as exc:
                raise ConfigError(str(exc)) from None
            except ImportError as exc:  # gklint or a plugin missing on a worker: its task cannot even start
                raise ConfigError(
                    f"Dask 工作进程无法导入 {exc.name or exc} / a Dask worker cannot import {exc.name or exc}: "
                    "install the same gklint and plugins on every worker"
                ) from None
            except CancelledError:
                raise ConfigError(f"与 Dask 调度器的连接中断 / lost the Dask scheduler at {self._where()}") from None
            for index, value in zip(part, values):
                if on_result is None:
                    results[index] = value
                else:
                    on_result(index, value)
            done += len(part)
            if progress is not None:
                progress(done, total)
        return results

    def _connect(self) -> Any:
        if self._client is None:
            self._client = self._remote() if self.address else self._local()
            try:
                self._client.wait_for_workers(1, timeout=self.timeout)
            except TimeoutError:
                raise ConfigError(
                    f"Dask 调度器 {self._where()} 没有工作进程 / the Dask scheduler at {self._where()} has no workers "
                    f"(waited {self.timeout:g} s)"
                ) from None
        return self._client

    def _remote(self) -> Any:
        from distributed import Client

        try:
            return Client(self.address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(
                f"无法连接 Dask 调度器 {self.address} / cannot reach the Dask scheduler at {self.address} "
                f"within {self.timeout:g} s (--scheduler-timeout): {exc}"
            ) from None

    def _local(self) -> Any:
        from distributed import Client, LocalCluster

        with warnings.catch_warnings():  # its status page moves to a free port when another cluster has 8787
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            self._cluster = LocalCluster(
                n_workers=self.workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        return Client(self._cluster, set_as_default=False)

    def _where(self) -> str:
        return self.address or "(local cluster)"

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
