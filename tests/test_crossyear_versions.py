"""Several reports of one agency and year in one folder (a page and its broken PDF copy, an original
and its correction): the year after is compared with the one that can stand for that year."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_json
from tests.test_crossyear import CARRIED_IN_2023, report_2022

MISMATCH = {**CARRIED_IN_2023, "legal_service": "2", "total": "2"}


def _compared_with(folder: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, str]]:
    """The GK601 findings of the folder: (column, the last year's file the message names)."""
    _, data = run_json(capsys, str(folder), "--select", "GK601")
    found = []
    for finding in data["findings"]:
        named = [p.name for p in folder.iterdir() if p.name in finding["message"]]
        found.append((finding["logical"]["column"], ",".join(named)))
    return found


@pytest.fixture
def years(tmp_path: Path) -> Path:
    (tmp_path / "2023.md").write_bytes((EXAMPLES / "clean-2023.md").read_bytes())
    return tmp_path


def test_a_copy_whose_tables_cannot_be_read_does_not_hide_the_readable_one(
    years: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readable = report_2022(MISMATCH)
    tableless = "\n".join(line for line in readable.splitlines() if not line.lstrip().startswith("|"))
    (years / "1.txt").write_text(tableless, encoding="utf-8")  # sorts before the readable copy
    (years / "2022.txt").write_text(readable, encoding="utf-8")
    assert _compared_with(years, capsys) == [("legal_service", "2022.txt"), ("total", "2022.txt")]


@pytest.mark.parametrize("corrected_first", [True, False])
def test_the_corrected_version_stands_for_its_year(
    years: Path, capsys: pytest.CaptureFixture[str], corrected_first: bool
) -> None:
    names = ("a-2022（更正）.txt", "b-2022.txt"), ("b-2022（更正）.txt", "a-2022.txt")
    corrected, original = names[0] if corrected_first else names[1]
    (years / original).write_text(report_2022(MISMATCH), encoding="utf-8")
    (years / corrected).write_text(report_2022(CARRIED_IN_2023), encoding="utf-8")
    assert _compared_with(years, capsys) == []
    (years / corrected).write_text(report_2022(MISMATCH), encoding="utf-8")
    (years / original).write_text(report_2022(CARRIED_IN_2023), encoding="utf-8")
    assert _compared_with(years, capsys) == [("legal_service", corrected), ("total", corrected)]
