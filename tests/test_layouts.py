"""Table layouts people paste besides the seeds': GFM rows without outer bars, full-width bars."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_json


def _clean_md() -> str:
    return (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")


def test_gfm_rows_without_outer_bars(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = re.sub(r"(?m)^\|(.*)\|\s*$", r"\1", _clean_md())
    assert "\n| " not in text
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    assert run_json(capsys, str(path))[1]["findings"] == []


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_full_width_bars(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    text = _clean_md().replace("|", "｜")
    path = tmp_path / f"report{suffix}"
    path.write_text(text, encoding="utf-8")
    assert run_json(capsys, str(path))[1]["findings"] == []


def test_a_changed_cell_is_still_found_without_outer_bars(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = re.sub(r"(?m)^\|(.*)\|\s*$", r"\1", _clean_md()).replace(" 行政强制 | 37 ", " 行政强制 | 若干 ")
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    assert [(f["code"], f["line"]) for f in run_json(capsys, str(path))[1]["findings"]] == [("GK109", 25)]
