"""A row with more or fewer cells than its columns (blanks lost by a crawler, a note run into it)
draws GK010 and nothing else: which value stood in which column would be a guess, and no total,
balance, narrative or cross-year rule may reckon with a guessed value."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.model import CellStatus
from gklint.readers.text import TextReader
from gklint.templates.national import NATIONAL_2021
from tests.conftest import run_json
from tests.render.synth import consistent_values, make_content
from tests.render.text import cell_per_line, pipe_rows

ROW = "（二）部分公开"


def report_with_row(cells: list[str]) -> str:
    """A consistent report whose 部分公开 row holds ``cells`` after its label instead of its own."""
    values = consistent_values(random.Random(5), busy=0.7)
    lines = pipe_rows(make_content(values, 2023, "示例县示例局")).splitlines()
    (index,) = [i for i, line in enumerate(lines) if ROW in line]
    label = next(cell for cell in lines[index].split("|") if ROW in cell)
    lines[index] = f"|  | {label.strip()} |  | " + " | ".join(cells) + " |"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "cells",
    [["1", "4", "1"], ["1", "4", "1", "6"], ["0", "1", "0", "4", "0", "1", "6", "3", "（注：含转办）"]],
    ids=["blanks-dropped", "blanks-dropped-with-total", "surplus"],
)
def test_a_row_that_does_not_fit_its_columns_draws_gk010_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cells: list[str]
) -> None:
    path = tmp_path / "2023.txt"
    path.write_text(report_with_row(cells), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--no-cache")
    found = [(f["code"], f["logical"]["row"]) for f in data["findings"]]
    assert found == [("GK010", "partly_disclosed")]


def test_the_same_report_with_the_row_whole_draws_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "2023.txt"
    path.write_text(report_with_row(["0", "1", "0", "4", "0", "1", "6"]), encoding="utf-8")
    code, data = run_json(capsys, str(path), "--no-cache")
    assert (code, data["findings"]) == (0, [])


def test_rows_left_without_cells_are_not_blank_when_other_rows_hold_their_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text that gives a table column by column (plain PDF-to-text) puts one row's values after
    another's label: the row that holds too many says GK010, and the row left with none is no
    evidence of blank cells (it drew a GK107 for each of its seven cells)."""
    values = consistent_values(random.Random(5), busy=0.7)
    text = cell_per_line(make_content(values, 2023, "示例县示例局")).replace("\t", " " * 8)
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip() == "（一）予以公开")
    second = next(i for i, line in enumerate(lines) if line.strip().startswith("（二）部分公开"))
    moved = lines[second + 1 : second + 8]
    lines[second + 1 : second + 8] = []
    lines[second - 1 : second - 1] = moved  # after the first row's values, before the blank line
    path = tmp_path / "2023.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert first < second
    _, data = run_json(capsys, str(path), "--no-cache")
    assert [(f["code"], f["logical"]["row"]) for f in data["findings"]] == [("GK010", "disclosed")]


def test_values_given_column_by_column_are_not_taken_for_one_repeated_value() -> None:
    """Table 一 given column by column (every value after the last label): ten zeros after 行政事业性收费
    are no merged cell's value repeated (docling's pipe tables); the rows stay unbound (GK010)."""
    labels = ["规章", "行政规范性文件", "第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可"]
    labels += ["第二十条第（六）项", "信息内容", "本年处理决定数量", "行政处罚", "行政强制", "第二十条第（八）项"]
    labels += ["信息内容", "本年收费金额（单位：万元）", "行政事业性收费"]
    head = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
    text = head + "\n".join(labels) + "\n" + "0\n" * 10 + "三、收到和处理政府信息公开申请情况\n"
    report = bind(TextReader().read("t.txt", text.encode("utf-8")), [NATIONAL_2021])
    active = report.tables["active"]
    assert active["fees"]["amount"].status is CellStatus.MISSING
    assert all(cell.status is not CellStatus.BLANK for row in active.values() for cell in row.values())
