"""The same inputs give byte-identical output in any order and with any number of processes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES, seed_files


def _run(cwd: Path, *args: str) -> bytes:
    result = subprocess.run([sys.executable, "-m", "gklint", "check", *args], cwd=cwd, capture_output=True)
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


def test_output_is_identical_across_orders_and_job_counts(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for index, source in enumerate([EXAMPLES / "mistakes-2023.txt", EXAMPLES / "clean-2023.md", *seed_files()]):
        shutil.copyfile(source, reports / f"{index:02d}-{source.name}")
    names = sorted(p.name for p in reports.iterdir())

    serial = _run(tmp_path, "reports", "--format", "json", "--jobs", "1")
    parallel = _run(tmp_path, "reports", "--format", "json", "--jobs", "2")
    reversed_order = _run(tmp_path, *[f"reports/{n}" for n in reversed(names)], "--format", "json", "--jobs", "2")

    assert serial == parallel == reversed_order
    assert b'"GK201"' in serial


def test_run_options_reach_the_worker_processes(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / name)
    (tmp_path / "notes.txt").write_text("会议纪要，不是年度报告。\n", encoding="utf-8")
    args = ("a.md", "b.md", "notes.txt", "--published", "2024-03-15", "--skip-non-reports", "--format", "json")

    serial = _run(tmp_path, *args, "--jobs", "1")
    parallel = _run(tmp_path, *args, "--jobs", "2")

    assert serial == parallel
    assert serial.count(b'"GK305"') == 2 and b'"GK002"' not in serial
