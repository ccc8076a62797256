"""Part headings and notes where converters and editors leave them: a note row under a table
(``注：…``), a part heading inside a table, a heading wrapped over two lines, parts numbered as
subsections. The report binds as if they stood where they belong: no finding, every value in its
place; and a number broken beside them is still found exactly."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tests.render.html import HtmlStyle, render_html
from tests.render.synth import consistent_values, make_content
from tests.render.text import pipe_rows
from tests.test_roundtrip import bound_values, lint

NOTE = "注：行政复议、行政诉讼数量含上年度结转数量。"
PART_FOUR = "四、政府信息公开行政复议、行政诉讼情况"


def _values(seed: int = 5) -> dict[str, dict[str, dict[str, str]]]:
    return consistent_values(random.Random(seed), 0.6)


def _pipe_report(values: dict[str, dict[str, dict[str, str]]]) -> str:
    return pipe_rows(make_content(values))


def _after_table_row(text: str, starts: str, extra: str) -> str:
    """``text`` with the line ``extra`` right after the first table row that starts with ``starts``."""
    row = next(line for line in text.splitlines() if line.startswith(starts))
    return text.replace(row + "\n", row + "\n" + extra + "\n", 1)


def _check(tmp_path: Path, text: str, suffix: str = ".txt") -> tuple[list[tuple[str, str | None, str | None]], dict]:
    path = tmp_path / f"report{suffix}"
    path.write_text(text, encoding="utf-8")
    findings, report = lint(path)
    assert report is not None
    return findings, bound_values(report)


@pytest.mark.parametrize("after", ["| 四、结转下年度继续办理", "| 2 |", "| 行政事业性收费"])
def test_a_note_row_under_a_table_is_prose(tmp_path: Path, after: str) -> None:
    values = _values()
    text = _pipe_report(values)
    if after == "| 2 |":  # table C's one row of values
        after = next(line for line in text.splitlines() if re.fullmatch(r"\|( \d+ \|){15}", line))
    findings, bound = _check(tmp_path, _after_table_row(text, after, f"| {NOTE} |"))
    assert findings == []
    assert bound == values


def test_a_broken_row_above_a_note_is_still_found(tmp_path: Path) -> None:
    values = _values()
    text = _after_table_row(_pipe_report(values), "| 四、结转下年度继续办理", "| 注：本表按申请人类型统计。 |")
    row = next(line for line in text.splitlines() if line.startswith("| 四、结转下年度继续办理"))
    total = row.rstrip(" |").rsplit("| ", 1)[1]
    broken = text.replace(row, row[: row.rindex(total)] + str(int(total) + 1) + " |")
    findings, _ = _check(tmp_path, broken)
    assert ("GK201", "carried_out", "total") in findings


def test_a_part_heading_inside_a_table_heads_its_part(tmp_path: Path) -> None:
    values = _values()
    text = _pipe_report(values)
    heading_then_table = f"\n{PART_FOUR}\n| 行政复议"
    assert heading_then_table in text
    one_table = text.replace(heading_then_table, f"\n| {PART_FOUR} |\n| 行政复议", 1)
    one_table = one_table.replace(" |\n\n| " + PART_FOUR, " |\n| " + PART_FOUR, 1)  # no blank line: one table
    findings, bound = _check(tmp_path, one_table)
    assert findings == []
    assert bound == values


def test_notes_and_headings_in_html_tables(tmp_path: Path) -> None:
    values = _values(8)
    html = render_html(make_content(values), HtmlStyle()).decode("utf-8")
    tables = html.count("</table>")
    note_row = f'<tr><td colspan="15">{NOTE}</td></tr>'
    html = html.replace("</table>", note_row + "</table>")
    assert html.count(note_row) == tables
    findings, bound = _check(tmp_path, html, ".html")
    assert findings == []
    assert bound == values


@pytest.mark.parametrize(
    ("heading", "wrapped"),
    [
        ("五、存在的主要问题及改进情况", "五、存在的主要问题\n及改进情况"),
        ("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开\n申请情况"),
        (PART_FOUR, "四、政府信息公开行政复议、行政诉讼\n情况"),
    ],
)
def test_a_part_heading_wrapped_over_two_lines(tmp_path: Path, heading: str, wrapped: str) -> None:
    values = _values()
    text = _pipe_report(values)
    assert f"\n{heading}\n" in text
    findings, bound = _check(tmp_path, text.replace(f"\n{heading}\n", f"\n{wrapped}\n", 1))
    assert findings == []
    assert bound == values


def test_a_line_under_a_heading_that_names_its_part_alone_stays_prose(tmp_path: Path) -> None:
    text = _pipe_report(_values()).replace("\n六、其他需要报告的事项\n", "\n六、其他需要报告的事项\n无。\n", 1)
    findings, _ = _check(tmp_path, text)
    assert findings == []


def test_parts_numbered_as_subsections(tmp_path: Path) -> None:
    values = _values()
    text = _pipe_report(values)
    for numeral in "一二三四五六":
        part = rf"(?m)^{numeral}、(?=\S+情况$|其他需要报告的事项$|存在的主要问题)"
        text = re.sub(part, f"（{numeral}）", text, count=1)
    assert "\n（四）政府信息公开行政复议、行政诉讼情况\n" in text and "\n四、政府信息公开" not in text
    findings, bound = _check(tmp_path, text)
    assert findings == []
    assert bound == values


def test_a_hidden_copy_of_the_report_on_its_page_is_read_once(tmp_path: Path) -> None:
    values = _values(9)
    html = render_html(make_content(values), HtmlStyle()).decode("utf-8")
    body = html[html.index("<body>") + len("<body>") : html.index("</body>")]
    copy = f'<div class="mobile-content" style="display:none">{body}</div>'
    findings, bound = _check(tmp_path, html.replace("</body>", copy + "</body>"), ".html")
    assert findings == []
    assert bound == values
