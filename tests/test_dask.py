"""``--executor dask``: the same bytes, order and exit code as a local run, on a two-worker LocalCluster.

The cluster tests are skipped when Dask is not installed (``pip install -e ".[dask]"``; CI installs it).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from gklint.cli import main
from gklint.config import Layer, Resolver
from gklint.manager import load_plugins
from gklint.runner import Linter
from tests.conftest import EXAMPLES, ROOT
from tests.render.synth import consistent_values, make_content
from tests.render.text import pipe_rows

try:
    import distributed
except ImportError:
    distributed = None  # type: ignore[assignment]

needs_dask = pytest.mark.skipif(distributed is None, reason="Dask is not installed (pip install -e '.[dask]')")
FIXTURES = ROOT / "tests" / "fixtures"
AGENCY = "示例市示例局"  # the agency of examples/clean-2023.md


def _year(year: int, seed: int) -> str:
    """A consistent report of the examples' agency for ``year``; its carry-over does not match the next year."""
    return pipe_rows(make_content(consistent_values(random.Random(seed), busy=0.3), year, AGENCY))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every source format, three years of one agency (cross-year rules fire), a non-report, a broken PDF."""
    folder = tmp_path_factory.mktemp("sweep")
    agency = folder / "agency"
    agency.mkdir()
    shutil.copyfile(EXAMPLES / "clean-2023.md", agency / "2023.md")
    (agency / "2022.txt").write_text(_year(2022, 11), encoding="utf-8")
    (agency / "2021.txt").write_text(_year(2021, 12), encoding="utf-8")
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", folder / "mistakes-2023.txt")
    shutil.copyfile(FIXTURES / "html" / "portal.html", folder / "portal.html")
    shutil.copyfile(FIXTURES / "docx" / "plain.docx", folder / "plain.docx")
    shutil.copyfile(FIXTURES / "pdf" / "synthetic_ruled.pdf", folder / "ruled.pdf")
    shutil.copyfile(FIXTURES / "pdf" / "bad_truncated.pdf", folder / "truncated.pdf")
    (folder / "notes.txt").write_text("会议纪要：下周一讨论年度报告的编写分工。\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster with two worker processes; a batch whose worker is lost is not retried."""
    if distributed is None:
        pytest.skip("Dask is not installed")
    import dask

    # One batch in progress per worker thread, so that a worker that dies takes exactly one batch with it.
    one_at_a_time = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
    with dask.config.set(one_at_a_time):
        with warnings.catch_warnings():  # its status page moves to a free port when 8787 is taken
            warnings.filterwarnings("ignore", message="Port .* is already in use")
            cluster = distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            )
        with cluster:
            yield cluster.scheduler_address


def _gklint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@needs_dask
def test_dask_output_is_the_serial_output_byte_for_byte(
    reports: Path, scheduler: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(reports)  # paths shown relative to the working directory, as users run it
    runs = {}
    for fmt in ("json", "text"):
        serial = _gklint(capsys, "check", ".", "--format", fmt, "--jobs", "1")
        spread = _gklint(capsys, "check", ".", "--format", fmt, "--executor", "dask", "--scheduler", scheduler)
        assert spread == serial
        runs[fmt] = serial
    assert runs["json"][0] == runs["text"][0] == 1
    codes = {(f["path"], f["code"]) for f in json.loads(runs["json"][1])["findings"]}
    assert ("agency/2023.md", "GK601") in codes  # a cross-year rule over reports read on the workers
    assert ("truncated.pdf", "GK002") in codes
    assert {path for path, _ in codes} >= {"portal.html", "plain.docx", "ruled.pdf", "mistakes-2023.txt"}


@needs_dask
def test_dask_run_of_absolute_paths_with_a_plugin_ruleset(
    reports: Path, scheduler: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Paths outside the working directory, a province's ruleset, and one plugin blocked on both sides."""
    flags = ["-p", "no:formatter_junit", "check", str(reports), "--ruleset", "hunan", "--format", "json"]
    if "hunan" not in {r.name for r in load_plugins().records}:
        flags.remove("--ruleset")
        flags.remove("hunan")
    serial = _gklint(capsys, *flags, "--jobs", "2")
    spread = _gklint(capsys, *flags, "--executor", "dask", "--scheduler", scheduler)
    assert spread == serial
    assert json.loads(serial[1])["findings"]


@needs_dask
def test_dask_extract_and_stats_match(
    reports: Path, scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serial, spread = tmp_path / "serial.sqlite", tmp_path / "dask.sqlite"
    common = ["extract", str(reports), "--format", "sqlite", "--findings"]
    assert main([*common, "--output", str(serial)]) == main(
        [*common, "--output", str(spread), "--executor", "dask", "--scheduler", scheduler]
    )
    assert _dump(spread) == _dump(serial)
    assert _dump(serial)
    stats = ["stats", str(reports), "--format", "json", "-q"]
    assert _gklint(capsys, *stats, "--executor", "dask", "--scheduler", scheduler) == _gklint(capsys, *stats)


def _dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


@needs_dask
def test_executor_dask_alone_starts_a_local_cluster(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = str(reports / "agency")
    serial = _gklint(capsys, "check", report, "--format", "json")
    assert _gklint(capsys, "check", report, "--format", "json", "--executor", "dask", "--jobs", "1") == serial


@needs_dask
def test_an_unreachable_scheduler_is_a_usage_error(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    code = main(["check", str(reports), "--executor", "dask", "--scheduler", address, "--scheduler-timeout", "1"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert f"cannot reach the Dask scheduler at {address}" in captured.err


def test_dask_not_installed_is_a_usage_error(
    reports: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # what `import distributed` meets without the extra
    code = main(["check", str(reports), "--executor", "dask"])
    assert code == 2
    assert "pip install 'gklint[dask]'" in capsys.readouterr().err


def test_scheduler_without_the_dask_executor_is_a_usage_error(
    reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(reports), "--scheduler", "tcp://127.0.0.1:8786"]) == 2
    assert "--executor dask" in capsys.readouterr().err


@needs_dask
def test_workers_with_other_plugins_refuse_the_run() -> None:
    import pickle
    from dataclasses import replace

    from gklint.dask_executor import ClusterMismatch, _rebuild, rebuilt_linter, recipe_of

    plugins = load_plugins()
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    recipe = recipe_of(Linter(plugins, Resolver(rulesets, Layer("test")), published="2024-01-15"))
    rebuilt = rebuilt_linter(pickle.dumps(recipe))
    assert rebuilt.plugins.rules.keys() == plugins.rules.keys()
    assert rebuilt.published == "2024-01-15"
    assert rebuilt_linter(pickle.dumps(recipe)) is rebuilt  # once per worker process
    other = replace(recipe, fingerprint=(*recipe.fingerprint, ("zhejiang", "gklint-zhejiang", "1.0")))
    with pytest.raises(ClusterMismatch, match=r"gklint-zhejiang 1\.0"):
        _rebuild(other)


def _kill_own_dask_worker(task: int) -> int:
    """In the child a Dask worker forked for a file: task 3 ends the Dask worker process itself."""
    if task == 3:
        os.kill(os.getppid(), signal.SIGKILL)
    return task * 10


@needs_dask
def test_a_lost_dask_worker_is_reported_for_its_files_only(scheduler: str) -> None:
    """Runs last: it costs the cluster a worker (its nanny starts another)."""
    from gklint.dask_executor import LOST, DaskExecutor

    plugins = load_plugins()
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    linter = Linter(plugins, Resolver(rulesets, Layer("test")))
    with DaskExecutor(scheduler, workers=0, timeout=10) as executor:
        results = executor.run(linter, _kill_own_dask_worker, list(range(16)), jobs=2)
    # Sixteen files on two workers go two to a batch: task 3 takes task 2's batch down with it, and
    # each worker that dies takes whatever else it held; every file but 3 gets its result.
    assert results == [task * 10 if task != 3 else LOST for task in range(16)]


@pytest.mark.parametrize(("count", "slots"), [(1, 2), (7, 2), (100, 2), (100_000, 100), (5, 0)])
def test_batches_cover_every_file_once_in_order(count: int, slots: int) -> None:
    from gklint.dask_executor import MAX_BATCH, batches

    parts = batches(count, slots)
    assert [i for part in parts for i in part] == list(range(count))
    assert all(0 < len(part) <= MAX_BATCH for part in parts)
    enough = min(count, max(1, slots) * 4)  # a few batches a slot, so that the last one holds up little
    assert len(parts) * 2 > enough or len(parts[0]) == MAX_BATCH
