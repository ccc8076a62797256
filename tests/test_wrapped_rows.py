"""Row labels a converter wrapped over two rows of a table (PDF to Markdown): the label's first piece
on one row and its rest on the next, the numbers on either. The two rows are one row of the
report: no finding, every value in its place, and a number broken in it is found."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tests.render.synth import consistent_values, make_content
from tests.render.text import pipe_rows, tab_rows
from tests.test_roundtrip import bound_values, lint

WRAPPED = [
    ("一、本年新收政府信息公开申请数量", 10),
    ("（一）予以公开", 3),  # the marker alone, its rest a label of the same row
    ("5.要求行政机关确认或重新出具已获取信息", 13),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 19),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 20),
]


def _wrapped(text: str, label: str, cut: int, values_first: bool) -> str:
    row = next(line for line in text.splitlines() if f"| {label} |" in line)
    before, after = row.split(f"| {label} |", 1)
    cells = after.count("|")
    blank = "|" + "  |" * (before.count("|") - 1) if before.count("|") > 1 else before  # group labels: above
    if values_first:
        lines = [f"{before}| {label[:cut]} |{after}", f"{blank}| {label[cut:]} |" + " |" * cells]
    else:
        lines = [f"{before}| {label[:cut]} |" + " |" * cells, f"{blank}| {label[cut:]} |{after}"]
    return text.replace(row, "\n".join(lines), 1)


@pytest.mark.parametrize(("label", "cut"), WRAPPED)
@pytest.mark.parametrize("values_first", [True, False])
def test_a_label_wrapped_over_two_rows_is_one_row(tmp_path: Path, label: str, cut: int, values_first: bool) -> None:
    values = consistent_values(random.Random(4), 0.7)
    path = tmp_path / "report.md"
    path.write_text(_wrapped(pipe_rows(make_content(values)), label, cut, values_first), encoding="utf-8")
    findings, report = lint(path)
    assert findings == []
    assert report is not None and bound_values(report) == values


def test_a_broken_total_in_a_wrapped_row_is_found(tmp_path: Path) -> None:
    values = consistent_values(random.Random(4), 0.7)
    new = values["applications"]["new"]
    new["natural_person"] = str(int(new["natural_person"]) + 1)
    path = tmp_path / "report.md"
    text = _wrapped(pipe_rows(make_content(values)), "一、本年新收政府信息公开申请数量", 10, False)
    path.write_text(text, encoding="utf-8")
    findings, report = lint(path)
    assert report is not None and bound_values(report) == values
    assert {code for code, _, _ in findings} == {"GK201", "GK401"}
    assert all(column == "natural_person" for _, _, column in findings)


def test_labels_on_lines_of_their_own_above_their_numbers(tmp_path: Path) -> None:
    """Bare lines as a crawler copies a table whose labels fill their cells: each label on a line,
    its numbers on the line under it."""
    values = consistent_values(random.Random(6), 0.7)
    lines = []
    for line in tab_rows(make_content(values)).splitlines():
        cells = [cell for cell in line.split("\t") if cell]
        numbers = [cell for cell in cells if cell.isdigit()]
        if len(cells) == len(numbers) + 1 and len(numbers) == 7:
            lines.extend([cells[0], " ".join(numbers)])  # a label alone, then its seven numbers
        else:
            lines.append("  ".join(cells))
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert sum(1 for line in lines if re.fullmatch(r"[\d ]+", line)) >= 10
    findings, report = lint(path)
    assert findings == []
    assert report is not None and bound_values(report) == values


def test_a_row_whose_label_cell_is_empty_is_placed_by_its_position(tmp_path: Path) -> None:
    values = consistent_values(random.Random(4), 0.7)
    text = pipe_rows(make_content(values)).replace("| 3.要求提供公开出版物 |", "|  |", 1)
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    findings, report = lint(path)
    assert findings == [("GK105", "not_processed.3", None)]
    assert report is not None and bound_values(report) == values


def _without_leading_bars(text: str) -> str:
    """Rows as some portals copy them: ``label | 3 | 0 |``, no bar (nor empty cell) before the first cell."""
    return re.sub(r"(?m)^(?:\|\s*)+", "", text)


@pytest.mark.parametrize("row", ["一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", "table C"])
def test_a_rows_last_cell_wrapped_alone_onto_the_next_line(tmp_path: Path, row: str) -> None:
    values = consistent_values(random.Random(5), 0.7)
    text = _without_leading_bars(pipe_rows(make_content(values)))
    if row == "table C":
        line = next(line for line in text.splitlines() if re.fullmatch(r"(\d+ \| ){15}", line + " "))
    else:
        line = next(line for line in text.splitlines() if line.startswith(row))
    head, last = re.fullmatch(r"(.*\| )(\d+ \|)", line).groups()  # type: ignore[union-attr]
    path = tmp_path / "report.txt"
    path.write_text(text.replace(line, f"{head.rstrip()}\n{last}", 1), encoding="utf-8")
    findings, report = lint(path)
    assert findings == []
    assert report is not None and bound_values(report) == values


def test_a_label_on_a_line_of_its_own_with_its_bar(tmp_path: Path) -> None:
    values = consistent_values(random.Random(5), 0.7)
    text = _without_leading_bars(pipe_rows(make_content(values)))
    line = next(line for line in text.splitlines() if line.startswith("4.保护第三方合法权益 |"))
    path = tmp_path / "report.txt"
    alone = line.replace("4.保护第三方合法权益 | ", "4.保护第三方合法权益 |\n", 1)
    path.write_text(text.replace(line, alone, 1), encoding="utf-8")
    findings, report = lint(path)
    # the row's first cell on a line of its own, its bar after it: the numbers on the next line are its
    assert findings == []
    assert report is not None and bound_values(report) == values


@pytest.mark.parametrize(
    "label", ["规章", "行政规范性文件", "一、本年新收政府信息公开申请数量", "4.保护第三方合法权益"]
)
def test_a_pipe_row_split_after_its_label_cell(tmp_path: Path, label: str) -> None:
    """``规章 |`` then ``0 | 0 | 0 |``: a row of bars broken after its first cell, as a copy that
    wraps long lines leaves it."""
    values = consistent_values(random.Random(8), 0.7)
    text = _without_leading_bars(pipe_rows(make_content(values)))
    line = next(line for line in text.splitlines() if line.startswith(f"{label} |"))
    path = tmp_path / "report.txt"
    path.write_text(text.replace(line, line.replace(f"{label} | ", f"{label} |\n", 1), 1), encoding="utf-8")
    findings, report = lint(path)
    assert findings == []
    assert report is not None and bound_values(report) == values


@pytest.mark.parametrize(("label", "cut"), WRAPPED)
def test_a_row_cut_between_its_labels_lines_by_a_page_break_is_one_row(tmp_path: Path, label: str, cut: int) -> None:
    """A PDF table broken by the page between a label's two lines (四、结转下 | 2 | … on one page,
    年度继续办理 on the next) reads as two tables; the row is still one row of the report."""
    values = consistent_values(random.Random(4), 0.7)
    wrapped = _wrapped(pipe_rows(make_content(values)), label, cut, values_first=True)
    first, rest = wrapped.split(f"| {label[:cut]} |", 1)
    line_end = rest.index("\n")
    text = first + f"| {label[:cut]} |" + rest[:line_end] + "\n\n" + rest[line_end + 1 :]
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    findings, report = lint(path)
    assert report is not None and len(list(report.document.tables)) > len(make_content(values).values)
    assert findings == []
    assert bound_values(report) == values


def test_each_page_of_a_broken_table_keeps_its_own_value_column(tmp_path: Path) -> None:
    """A table broken by pages whose first page's grid has fewer label columns (a browser prints
    each page's grid as it finds it): a blank first value there stays in the first applicant column."""
    values = consistent_values(random.Random(4), 0.0)  # all zeros: the first applicant column may be blank
    text = pipe_rows(make_content(values))
    row = next(line for line in text.splitlines() if line.startswith("| 一、本年新收"))
    cells = row.strip("|").split("|")
    narrow = "| " + cells[0].strip() + " |  | " + " | ".join(c.strip() for c in cells[4:]) + " |"
    path = tmp_path / "report.md"
    empty = "|" + "  |" * (narrow.count("|") - 1)  # the rest of the page: the row's box, empty
    path.write_text(text.replace(row, narrow + "\n" + empty + "\n"), encoding="utf-8")  # the page ends after it
    findings, report = lint(path)
    assert findings == [("GK107", "new", "natural_person")]
    values["applications"]["new"]["natural_person"] = ""
    assert report is not None and bound_values(report) == values
