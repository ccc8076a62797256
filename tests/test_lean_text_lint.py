"""The shortcuts that make a text report's lint cheap give what the long way gave.

Each test below pits a shortcut (a model class filling its fields in one step, a pipe row split
without a walk over its characters, cells grouped by status once per report, a balance decided
once, period lines made as they are read) against the plain computation it replaces.
"""

from __future__ import annotations

import inspect
import pickle
import random
from dataclasses import MISSING, FrozenInstanceError, fields, replace
from decimal import Decimal

import pytest

from gklint.binder import bind
from gklint.binder.period import find_period
from gklint.lines import split_pipe_row
from gklint.model import Cell, CellStatus, Document, Location, LogicalPlace, Paragraph, TextCell
from gklint.readers.markdown import MarkdownReader
from gklint.readers.text import TextReader
from gklint.relations import Balance
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021

TEMPLATES = [NATIONAL_2021, NATIONAL_2019]


# --------------------------------------------------------------------------- model classes


@pytest.mark.parametrize("cls", [Location, TextCell, Cell])
def test_hand_written_init_takes_exactly_the_fields(cls: type) -> None:
    parameters = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [p.name for p in parameters] == [f.name for f in fields(cls)]
    for parameter, field in zip(parameters, fields(cls), strict=True):
        default = inspect.Parameter.empty if field.default is MISSING else field.default
        assert parameter.default == default


def test_fast_init_objects_behave_as_frozen_dataclasses() -> None:
    location = Location(line=3, column=5, end_line=3, end_column=9)
    assert location == Location(3, 5, 3, 9) and hash(location) == hash(Location(3, 5, 3, 9))
    assert replace(location, column=6).column == 6 and location.column == 5
    assert pickle.loads(pickle.dumps(location)) == location
    with pytest.raises(FrozenInstanceError):
        location.line = 4  # type: ignore[misc]
    cell = Cell("12", 12, CellStatus.OK, location, LogicalPlace(2, "applications", "new", "total"))
    assert (cell.raw, cell.value, cell.status, cell.location) == ("12", 12, CellStatus.OK, location)
    assert TextCell("a") == TextCell("a", Location(), False) and TextCell("a", merged=True).merged


# --------------------------------------------------------------------------- pipe rows


def _reference_split(line: str) -> list[tuple[str, int]]:
    """The character walk every row once took, kept here to compare the shortcut with."""
    stripped = line.rstrip()
    start = len(line) - len(line.lstrip())
    if stripped[start : start + 1] == "|":
        start += 1
    end = len(stripped)
    if end > start and stripped[end - 1] == "|" and not stripped.endswith("\\|"):
        end -= 1
    cells, cell_start, i = [], start, start
    while i < end:
        if line[i] == "\\" and i + 1 < end and line[i + 1] == "|":
            i += 2
            continue
        if line[i] == "|":
            cells.append((line[cell_start:i].replace("\\|", "|"), cell_start))
            cell_start = i + 1
        i += 1
    cells.append((line[cell_start:end].replace("\\|", "|"), cell_start))
    return cells


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("| a | b |", [(" a ", 1), (" b ", 5)]),
        ("  |规章| 0 |  ", [("规章", 3), (" 0 ", 6)]),
        ("a | b | c", [("a ", 0), (" b ", 3), (" c", 7)]),
        ("|", [("", 1)]),
        ("   ", [("", 3)]),
        ("| a | b \\| c |", [(" a ", 1), (" b | c ", 5)]),
    ],
)
def test_pipe_rows_split_with_their_columns(line: str, expected: list[tuple[str, int]]) -> None:
    assert split_pipe_row(line) == expected


def test_split_agrees_with_the_walk_on_random_rows() -> None:
    rng = random.Random(7)
    for _ in range(2000):
        line = "".join(rng.choice("  ||a0\\\t") for _ in range(rng.randint(0, 16)))
        assert split_pipe_row(line) == _reference_split(line), line


# --------------------------------------------------------------------------- per report, once

REPORT = """# 示例局2023年政府信息公开工作年度报告

## 三、收到和处理政府信息公开申请情况

| 一、本年新收政府信息公开申请数量 | 1 |  | / | 0 | x | 0 | 2 |
| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |
"""


def test_cells_with_a_status_are_the_report_cells_in_order() -> None:
    report = bind(MarkdownReader().read("r.md", REPORT.encode()), TEMPLATES)
    every = [cell for table in report.tables.values() for cell in table.cells()]
    for status in CellStatus:
        assert list(report.cells_with(status)) == [cell for cell in every if cell.status is status]
    assert {cell.raw for cell in report.cells_with(CellStatus.INVALID)} == {"x"}
    assert len(report.cells_with(CellStatus.BLANK)) == 1 and len(report.cells_with(CellStatus.NA)) == 1


def _cell(raw: str, value: int | Decimal | None, status: CellStatus = CellStatus.OK) -> Cell:
    return Cell(raw, value, status, Location(line=1), LogicalPlace(3, "applications", raw, "total"))


def test_balance_sums_keep_decimals_and_whole_numbers() -> None:
    whole = Balance("T2", "row", "new", (_cell("1", 1), _cell("2", 2)), (_cell("3", 3),))
    assert whole.sums() == (Decimal(3), Decimal(3)) and not whole.fails() and whole.decidable()
    mixed = Balance(
        "T2", "row", "new", (_cell("1.25", Decimal("1.25")), _cell("2", 2)), (_cell("3.3", Decimal("3.3")),)
    )
    assert mixed.sums() == (Decimal("3.25"), Decimal("3.3")) and mixed.fails()
    assert str(mixed.sums()[0]) == "3.25"
    blank = Balance("T2", "row", "new", (_cell("", None, CellStatus.BLANK),), (_cell("0", 0),))
    assert not blank.decidable() and not blank.fails()


def test_period_found_past_the_opening_and_across_a_line_break() -> None:
    filler = [Paragraph(f"第{i}段，与统计期限无关。", Location(line=i + 1)) for i in range(40)]
    late = [
        Paragraph("本报告统计期限自2023年1月1日", Location(line=50)),
        Paragraph("至2023年12月31日止。", Location(line=51)),
    ]
    period = find_period(Document("r.txt", "text", tuple(filler + late)))
    assert period is not None and period.start == (2023, 1, 1) and period.end == (2023, 12, 31)
    assert period.location.line == 50
    assert find_period(Document("r.txt", "text", tuple(filler))) is None


def test_text_and_markdown_readers_agree_on_a_pipe_table() -> None:
    text = TextReader().read("r.txt", REPORT.encode())
    markdown = MarkdownReader().read("r.md", REPORT.encode())
    text_rows = [[c.text.strip() for c in row] for t in text.tables for row in t.rows]
    markdown_rows = [[c.text for c in row] for t in markdown.tables for row in t.rows]
    assert text_rows == markdown_rows and len(markdown_rows) == 2
    assert [c.location.column for c in next(text.tables).rows[0][:3]] == [3, 22, 25]  # code points
