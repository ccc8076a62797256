"""Change one number in a real report: the matching rule fires at that cell, nothing else appears.

Lines to mutate are found by searching the raw text for the row label, independently of the
readers and the binder under test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_json


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines), encoding="utf-8")


def _label_line(lines: list[str], label: str, start: int = 0) -> int:
    """0-based index of the first line from ``start`` that contains ``label``."""
    return next(i for i in range(start, len(lines)) if label in lines[i])


def _findings(capsys: pytest.CaptureFixture[str], path: Path) -> set[tuple[str, int | None]]:
    _, data = run_json(capsys, str(path))
    return {(f["code"], f["line"]) for f in data["findings"]}


def _new_findings(capsys: pytest.CaptureFixture[str], path: Path, mutate: Callable[[list[str]], None]) -> set:  # type: ignore[type-arg]
    before = _findings(capsys, path)
    lines = _lines(path)
    mutate(lines)
    _write(path, lines)
    return _findings(capsys, path) - before


def _set_cell(lines: list[str], index: int, value: str) -> None:
    assert lines[index].startswith("\t"), "a cell-per-line cell"
    lines[index] = "\t" + value


# Cells whose original value §一 states: the text then corroborates which cell is wrong (GK701).
STATED_IN_TEXT = {("一、本年新收政府信息公开申请数量", 7): "共接到2件"}


@pytest.mark.parametrize(
    ("label", "offset", "value", "codes"),
    [
        ("一、本年新收政府信息公开申请数量", 1, "3", {"GK201", "GK401"}),  # a table B applicant cell
        ("一、本年新收政府信息公开申请数量", 7, "3", {"GK201", "GK401"}),  # a row's 总计
        ("3.危及“三安全一稳定”", 2, "1", {"GK201", "GK202"}),  # a result leaf
        ("（七）总计", 1, "5", {"GK201", "GK202", "GK401"}),  # （七）总计 itself
        ("四、结转下年度继续办理", 3, "4", {"GK201", "GK401"}),  # carried over to next year
    ],
)
def test_table_b_cell_mutation_fires_at_that_cell(
    seed_copy: Callable[[str], Path],
    capsys: pytest.CaptureFixture[str],
    label: str,
    offset: int,
    value: str,
    codes: set[str],
) -> None:
    path = seed_copy("000")
    lines = _lines(path)
    target = _label_line(lines, label) + offset

    new = _new_findings(capsys, path, lambda ls: _set_cell(ls, target, value))

    expected = {(code, target + 1) for code in codes}
    stated = STATED_IN_TEXT.get((label, offset))
    if stated is not None:
        expected.add(("GK701", _label_line(lines, stated) + 1))
    assert new == expected


@pytest.mark.parametrize("offset", [0, 2, 4])  # 结果维持, 其他结果, 总计 of 行政复议
def test_table_c_cell_mutation_fires_on_its_group(
    seed_copy: Callable[[str], Path], capsys: pytest.CaptureFixture[str], offset: int
) -> None:
    path = seed_copy("000")
    lines = _lines(path)
    part_four = _label_line(lines, "四、政府信息公开行政复议")
    last_header = max(i for i in range(part_four, _label_line(lines, "五、存在的主要问题")) if lines[i] == "\t总计")
    first_value = next(i for i in range(last_header + 1, len(lines)) if lines[i].strip())
    target = first_value + offset
    _set_cell(lines, target, str(int(lines[target].strip()) + 1))
    before = _findings(capsys, path)
    _write(path, lines)
    _, data = run_json(capsys, str(path))
    new = [f for f in data["findings"] if (f["code"], f["line"]) not in before]
    assert [f["code"] for f in new] == ["GK203"]
    assert new[0]["line"] <= target + 1 <= new[0]["end_line"]
    assert new[0]["logical"]["row"] == "review"


def test_period_year_mutation(seed_copy: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = seed_copy("000")
    lines = _lines(path)
    target = _label_line(lines, "统计时限")

    def mutate(ls: list[str]) -> None:
        ls[target] = ls[target].replace("2023年1月1日至2023年12月31日", "2022年1月1日至2022年12月31日")

    assert _new_findings(capsys, path, mutate) == {("GK302", target + 1)}


def test_tab_row_mutation_in_shifted_layout(
    seed_copy: Callable[[str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = seed_copy("002")
    lines = _lines(path)
    target = _label_line(lines, "一、本年新收政府信息公开申请数量")
    cells = lines[target].split("\t")
    cells[2] = "1"  # label, a merged-away empty cell, then 自然人

    new = _new_findings(capsys, path, lambda ls: ls.__setitem__(target, "\t".join(cells)))

    assert new == {("GK201", target + 1), ("GK401", target + 1)}


def test_pipe_row_mutation(seed_copy: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = seed_copy("004")
    lines = _lines(path)
    target = _label_line(lines, "四、结转下年度继续办理")

    def mutate(ls: list[str]) -> None:
        ls[target] = ls[target].replace("| 1 | 0 |", "| 2 | 0 |", 1)

    assert _new_findings(capsys, path, mutate) == {("GK201", target + 1), ("GK401", target + 1)}
