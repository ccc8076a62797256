"""Markdown whose tables are HTML (MinerU and other PDF-to-Markdown tools): the reader reads them as
tables, spans spread as blank cells, each cell at its place on its line; what is no report table
(far too many cells, unclosed, broken markup) is read as the text it is, within its bounds."""

from __future__ import annotations

from gklint.model import Table
from gklint.readers.markdown import markdown_blocks


def tables(text: str) -> list[list[list[str]]]:
    return [[[cell.text for cell in row] for row in b.rows] for b in markdown_blocks(text) if isinstance(b, Table)]


def test_a_one_line_table_with_spans_is_a_grid() -> None:
    text = (
        "## 三、收到和处理政府信息公开申请情况\n\n"
        '<html><body><table><tr><td rowspan="2">本列</td><td colspan="2">申请人情况</td></tr>'
        "<tr><td>自然人</td><td>总计</td></tr>"
        "<tr><td>一、本年新收</td><td>0</td><td>0</td></tr></table></body></html>\n"
    )
    assert tables(text) == [[["本列", "申请人情况", ""], ["", "自然人", "总计"], ["一、本年新收", "0", "0"]]]
    table = next(b for b in markdown_blocks(text) if isinstance(b, Table))
    first, second = table.rows[2][1].location, table.rows[2][2].location
    assert first.line == second.line == 3
    assert first.column is not None and second.column is not None and second.column > first.column


def test_a_table_written_a_row_a_line_keeps_each_rows_line() -> None:
    text = "<table>\n<tr><td>行政许可</td><td>264</td></tr>\n<tr><td>行政处罚</td><td>1</td></tr>\n</table>\n后文\n"
    blocks = markdown_blocks(text)
    assert tables(text) == [[["行政许可", "264"], ["行政处罚", "1"]]]
    table = next(b for b in blocks if isinstance(b, Table))
    assert [row[1].location.line for row in table.rows] == [2, 3]
    assert blocks[-1].location.line == 5  # the text after the table is read on


def test_what_is_no_report_table_is_read_as_text() -> None:
    huge = "<table>" + "<tr><td colspan=50>2</td></tr>" * 10_000 + "</table>\n"
    assert tables(huge) == []
    assert tables("<table <<< >>> </td></tr>\n") == []
    unclosed = "<table>\n" + "<tr><td>1</td></tr>\n" * 3_000
    assert len(markdown_blocks(unclosed)) > 0
