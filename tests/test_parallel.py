"""Output is the same whatever the number of workers, with and without the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.cli import main
from gklint.testing import base_report

CARRIED_IN = "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 3 | 0 | 3 |"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve agencies over two years, some with faults, in two folders, and notes beside them."""
    folder = tmp_path_factory.mktemp("sweep")
    base = base_report()
    for index in range(24):
        year = 2022 + index % 2
        text = base.replace("示例市示例局", f"第{index // 2}区民政局").replace("2023", str(year))
        if index % 5 == 0:
            text = text.replace(CARRIED_IN, CARRIED_IN.replace("| 3 | 0 | 3 |", "| 2 | 0 | 2 |"))
        sub = folder / ("a" if index < 12 else "b")
        sub.mkdir(exist_ok=True)
        (sub / f"report-{index:02d}.md").write_text(text, encoding="utf-8")
    (folder / "a" / "notes.md").write_text("# 笔记\n\n不是年报。\n", encoding="utf-8")
    return folder


def _output(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_any_jobs_gives_the_same_output(corpus: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    serial = _output(capsys, "--no-cache", "--jobs", "1", "--format", fmt, str(corpus))
    assert "GK601" in serial[1]
    for jobs in ("2", "3", "0"):
        assert _output(capsys, "--no-cache", "--jobs", jobs, "--format", fmt, str(corpus)) == serial, jobs


def test_cached_parallel_runs_match_the_serial_run(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serial = _output(capsys, "--no-cache", "--jobs", "1", "--format", "json", str(corpus))
    cache = str(tmp_path / "cache")
    for jobs in ("2", "1", "2"):  # cold with two workers, warm with one, warm with two
        assert _output(capsys, "--cache-dir", cache, "--jobs", jobs, "--format", "json", str(corpus)) == serial
