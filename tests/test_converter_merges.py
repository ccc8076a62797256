"""What PDF-to-Markdown converters and OCR merge: the border between two cells lost (``13 0`` in one
cell, the row a cell short), two rows stacked into one (``5.…<br>6.…`` over ``0<br>0`` in every
cell). The values are read as the report wrote them, never a number made of two."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gklint.binder.rowsplit import rows_apart
from gklint.cli import main
from gklint.model import Table
from gklint.readers.markdown import MarkdownReader, markdown_blocks
from gklint.templates.national import NATIONAL_2021
from tests.conftest import EXAMPLES, edited_example, run_json

LABEL = "|  | （二）部分公开（区分处理的，只计这一情形，不计其他情形） |  | "
PARTLY = LABEL + "1 | 0 | 0 | 0 | 0 | 2 | 3 |\n"
FIFTH = "|  |  | 5.属于三类内部事务信息 | 0 | 0 | 4 | 3 | 4 | 0 | 11 |\n"
SIXTH = "|  |  | 6.属于四类过程性信息 | 0 | 0 | 0 | 4 | 3 | 0 | 7 |\n"


def codes(capsys: pytest.CaptureFixture[str], path: Path) -> list[tuple[str, str | None, str | None]]:
    _, data = run_json(capsys, str(path))
    return [(f["code"], f["logical"]["row"], f["logical"]["column"]) for f in data["findings"]]


@pytest.mark.parametrize(
    "merged",
    [
        LABEL + "1 | 0 0 | 0 | 0 | 2 | 3 |  |\n",  # the row ends in a blank it did not have
        LABEL + "1 | 0 0 | 0 | 0 | 2 | 3 |\n",  # the row a cell short
        LABEL + "1 | 0 | 0 0 0 | 2 | 3 |\n",  # two borders lost in one cell
    ],
)
def test_a_cell_holding_two_numbers_is_split_where_that_fills_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], merged: str
) -> None:
    assert codes(capsys, edited_example(tmp_path, (PARTLY, merged))) == []
    broken = merged.replace("| 2 | 3 |", "| 2 | 4 |")  # the row's total one off: exactly that finding
    found = codes(capsys, edited_example(tmp_path, (PARTLY, broken)))
    assert ("GK201", "partly_disclosed", "total") in found
    assert {code for code, _, _ in found} <= {"GK201", "GK202", "GK401"} and not any(c == "GK109" for c, _, _ in found)


def test_every_two_columns_in_one_cell_digits_alone_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A converter that put every two columns in one cell (markitdown): 2 3 beside 0 0 is two counts,
    as they are, not 23 spaced out; the row adds up only so."""
    row = "|  |  | 8.属于行政查询事项 | 2 | 3 | 0 | 0 | 4 | 0 | 9 |\n"
    paired = "|  |  | 8.属于行政查询事项 | 2 3 | 0 0 | 4 0 | 9 |\n"
    assert row in (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert codes(capsys, edited_example(tmp_path, (row, paired))) == []
    broken = paired.replace("| 2 3 |", "| 2 4 |")  # one count one more: the row's sum says so
    found = codes(capsys, edited_example(tmp_path, (row, broken)))
    assert ("GK201", "withheld.8", "commercial") in found and ("GK202", "withheld.8", "commercial") in found
    assert not any(code in ("GK010", "GK109") for code, _, _ in found)


def test_a_label_wrapped_over_many_rows_is_one_label(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A narrow label column converted a row at a time: the label's first piece on the row of its
    values (``2.其他``, itself a misspelt ``3.其他`` at most), its rest alone on the rows under it.
    The pieces make one label; the values are its own, not （六）'s 3.其他."""
    row = "|  |  | 2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 4 | 0 | 0 | 4 |\n"
    pieces = ["法律行", "政法规", "禁止公", "开"]
    wrapped = "|  |  | 2.其他 | 0 | 0 | 0 | 4 | 0 | 0 | 4 |\n" + "".join(
        f"|  |  | {p} |  |  |  |  |  |  |  |\n" for p in pieces
    )
    assert codes(capsys, edited_example(tmp_path, (row, wrapped))) == []
    broken = wrapped.replace("| 4 | 0 | 0 | 4 |", "| 5 | 0 | 0 | 4 |", 1)
    assert ("GK201", "withheld.2", "public_interest") in codes(capsys, edited_example(tmp_path, (row, broken)))


@pytest.mark.parametrize("group", ["三、本年度办理结果", "三、本年度办理结"])
def test_a_label_cut_by_a_page_break_its_rest_repeated_in_the_next_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], group: str
) -> None:
    """A row cut at a page break: its values above the break, its label's rest on the next page's
    first row, written twice by a converter (the label's cell spans two columns), beside the tail of
    the group label (果), which the break cut too or which the converter repeated. One row, read
    once: no repeated row, no misspelt label."""
    rest = "的，只计这一情形，不计其他情形）"
    cut = (
        "|  | （二）部分公开（区分处理 |  | 1 | 0 | 0 | 0 | 0 | 2 | 3 |\n\n\n\n"
        f"| 果 | {rest} | {rest} |  |  |  |  |  |  |  |\n|---|---|---|---|---|---|---|---|---|---|\n"
    )
    group_row = ("| 三、本年度办理结果 | （一）", f"| {group} | （一）")
    assert codes(capsys, edited_example(tmp_path, group_row, (PARTLY, cut))) == []
    broken = cut.replace("| 2 | 3 |", "| 2 | 4 |")
    found = codes(capsys, edited_example(tmp_path, group_row, (PARTLY, broken)))
    assert ("GK201", "partly_disclosed", "total") in found and {code for code, _, _ in found} <= {"GK201", "GK202"}


TABLE_FOUR = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8").split("行政诉讼情况\n\n")[1].split("\n\n")[0]
HEADING_WORDS = "行政 行政 复议 诉讼 未经复议 复议 结果 结果 其他 尚未 直接起诉 后起诉 维持 纠正 结果 审结[总][计]"


@pytest.mark.parametrize(
    ("written", "code", "message_id"),
    [
        (HEADING_WORDS + " 2 0 0 0 2 0 0 4 1 5 1 0 0 0 1", "GK010", "table-flattened"),
        (HEADING_WORDS.replace("[总][计]", " 总计") + " 2 0 0 0 2 0 0 4 1 5 1 0 0 0 1", "GK010", "table-flattened"),
        ("本年度未发生政府信息公开行政复议、行政诉讼案件。", "GK103", "missing"),
        ("行政 复议 诉讼 情况见附件，编号 1 2 3 4 5 6 7 8 9", "GK103", "missing"),
    ],
)
def test_table_four_cut_into_words_then_its_numbers_is_flattened_not_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, code: str, message_id: str
) -> None:
    """Table 四's headings cut into words by a converter, then its fifteen numbers in a row: the table
    is there, flattened, and cannot be read; a sentence with its words and a few numbers is no table."""
    _, data = run_json(capsys, str(edited_example(tmp_path, (TABLE_FOUR, written))))
    assert [(f["code"], f["message_id"]) for f in data["findings"]] == [(code, message_id)]


@pytest.mark.parametrize(
    "moved",
    [
        "四、结转下年度继续办理 0 0 0 0 1 2 3",
        "四、结转下年度继续办理 0 0\n\n0 0 1 2 3",
        "四、结转下年度继续办理\n\n0 0 0 0 1 2 3",  # the label and its values in paragraphs of their own
    ],
)
def test_the_last_row_a_page_break_moved_out_of_the_table_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], moved: str
) -> None:
    """The table's last row pushed onto the next page, where a converter wrote it as text under the
    table (its values on the label's line or on lines of their own): still the table's row."""
    row = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |\n"
    assert codes(capsys, edited_example(tmp_path, (row, "\n" + moved + "\n\n"))) == []
    broken = "\n" + moved.replace("1 2 3", "1 2 4") + "\n\n"
    assert ("GK201", "carried_out", "total") in codes(capsys, edited_example(tmp_path, (row, broken)))


@pytest.mark.parametrize("label", ["3.危“及三安全一”稳定", "3.危及「三安全一稳定」", "3.危及三安全一稳定"])
def test_quotation_marks_are_no_part_of_a_label(tmp_path: Path, capsys: pytest.CaptureFixture[str], label: str) -> None:
    """A converter that moved the label's quotation marks (危“及三安全一”稳定: PDF text in the order
    of its runs), a report that quotes otherwise or not at all: the label, not a misspelling."""
    row = "|  |  | 3.危及“三安全一稳定” | 0 | 0 | 0 | 0 | 0 | 4 | 4 |\n"
    assert codes(capsys, edited_example(tmp_path, (row, row.replace("3.危及“三安全一稳定”", label)))) == []


def test_a_part_heading_a_converter_joined_into_a_paragraph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A paragraph's last line, the next part's heading and its first line joined into one paragraph
    (…提高公开质量。 六、其他需要报告的事项 本局…): the part is there, not missing."""
    lines = "存在的问题是主动公开的深度还不够。下一步将加强政策解读，提高公开质量。\n\n## 六、其他需要报告的事项\n"
    joined = "存在的问题是主动公开的深度还不够。下一步将加强政策解读，提高公开质量。 六、其他需要报告的事项 "
    assert lines in (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert codes(capsys, edited_example(tmp_path, (lines, joined))) == []
    within = "。下一步将按“六、其他需要报告的事项”的要求报告。 "  # the title quoted inside a sentence: no heading
    assert ("GK101", None, None) in codes(capsys, edited_example(tmp_path, (lines, lines.split("\n")[0] + within)))


def test_a_small_table_flattened_onto_one_line_under_its_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last of table 二's little tables written as one line of text under the others, its headings
    before its row: the row is read (the fee's unit checked as ever), not missing."""
    fees = (
        "| 第二十条第（八）项 |  |  |  |\n| 信息内容 | 本年收费金额（单位：万元） |  |  |\n"
        "| 行政事业性收费 | 524.94 |  |  |\n"
    )
    flat = "\n第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费 524.94\n"
    assert fees in (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert codes(capsys, edited_example(tmp_path, (fees, flat))) == []
    prose = "\n本年收费 行政事业性收费 524.94\n"  # a word that is no heading of the table: no row
    assert ("GK104", "fees", None) in codes(capsys, edited_example(tmp_path, (fees, prose)))


def test_two_numbers_in_a_cell_of_a_full_row_stay_unread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing to say where the second number belongs when the row has all its cells: the cell is
    reported (GK109), never read as 130 or as 13."""
    full = LABEL + "13 0 | 0 | 0 | 0 | 0 | 2 | 3 |\n"
    found = codes(capsys, edited_example(tmp_path, (PARTLY, full)))
    assert ("GK109", "partly_disclosed", "natural_person") in found


def test_rows_stacked_in_pipe_cells_are_read_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    labels = "|  |  | 5.属于三类内部事务信息<br>6.属于四类过程性信息 | "
    stacked = labels + "0<br>0 | 0<br>0 | 4<br>0 | 3<br>4 | 4<br>3 | 0<br>0 | 11<br>7 |\n"
    assert codes(capsys, edited_example(tmp_path, (FIFTH + SIXTH, stacked))) == []
    wrapped = FIFTH.replace("5.属于三类内部事务信息", "5.属于三类<br>内部事务信息")  # a label wrapped: one row
    assert codes(capsys, edited_example(tmp_path, (FIFTH, wrapped))) == []


def html_table_three(merge: tuple[str, str] | None = None) -> str:
    """Table 三 of the clean example as MinerU writes it: one ``<table>`` line, a row a ``<tr>``;
    with ``merge``, those two rows stacked into one, their cells joined by ``<br>``."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    start = text.index("| （本列数据")
    end = text.index("\n\n", start)
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in text[start:end].splitlines()]
    rows = [row for row in rows if not all(set(cell) <= {"-"} for cell in row)]
    if merge is not None:
        first = next(i for i, row in enumerate(rows) if merge[0] in row)
        second = next(i for i, row in enumerate(rows) if merge[1] in row)
        rows[first] = [f"{a}<br>{b}" if a and b else a or b for a, b in zip(rows[first], rows[second])]
        del rows[second]
    html = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return text[:start] + f"<table>{html}</table>" + text[end:]


def test_rows_stacked_in_an_html_table_are_read_apart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mineru.md"
    path.write_text(html_table_three(), encoding="utf-8")
    assert codes(capsys, path) == []  # the table as MinerU writes it reads as the pipe table does
    path.write_text(html_table_three(("5.属于三类内部事务信息", "6.属于四类过程性信息")), encoding="utf-8")
    assert codes(capsys, path) == []


def test_a_br_in_an_html_cell_is_a_line_break_of_its_text() -> None:
    """The reader keeps a cell's lines (the binder tells rows stacked in one from a wrapped number)."""
    text = "<table><tr><td>行政许可<br>事项</td><td>2<br>0</td><td> 1 <br/> 7 </td></tr></table>\n"
    table = next(b for b in markdown_blocks(text) if isinstance(b, Table))
    assert [cell.text for cell in table.rows[0]] == ["行政许可\n事项", "2\n0", "1\n7"]


@pytest.mark.parametrize("cell", ["12<br>3", "1<br>23"])
def test_a_number_its_cell_wrapped_is_one_number(tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str) -> None:
    """A long number in a narrow column wraps; a converter writes the break as <br> (pipe or HTML cell)."""
    first = "| 一、本年新收政府信息公开申请数量 |  |  | 16 | 9 | 19 | 26 | 35 | 18 | 123 |\n"
    assert codes(capsys, edited_example(tmp_path, (first, first.replace("| 123 |", f"| {cell} |")))) == []
    path = tmp_path / "mineru.md"
    path.write_text(html_table_three().replace("<td>123</td>", f"<td>{cell}</td>", 1), encoding="utf-8")
    assert codes(capsys, path) == []


CLEAN = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
TABLE_TWO = CLEAN[CLEAN.index("| 第二十条第（一）项") : CLEAN.index("## 三、")]
TWO_AS_LINES = """第二十条第（一）项

信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 行政规范性文件 1 3 39 第二十条第（五）项

信息内容 本年处理决定数量 行政许可 1332

第二十条第（六）项 信息内容 本年处理决定数量 行政处罚 277 行政强制 37

第二十条第（八）项

信息内容 本年收费金额（单位：万元） 行政事业性收费 524.94

"""


def active_cells(capsys: pytest.CaptureFixture[str], path: Path) -> dict[tuple[str, str], tuple[object, str]]:
    assert main(["extract", "--format", "json", str(path)]) == 0
    cells = json.loads(capsys.readouterr().out)["cells"]
    return {(c["row"], c["column"]): (c["value"], c["status"]) for c in cells if c["table"] == "active"}


@pytest.mark.parametrize("changed", [("", ""), ("行政规范性文件 1 3 39", "行政规范性文件 1 3 38")])
def test_a_table_written_as_lines_of_several_rows_is_read_row_by_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], changed: tuple[str, str]
) -> None:
    """Table 二 as a converter writes a borderless page: a line may hold the headings and two rows,
    or the headings and then the one row. Every row is read with its own numbers, as from the table."""
    as_table = active_cells(capsys, edited_example(tmp_path, name="table.md"))
    lines = TWO_AS_LINES.replace(*changed)
    path = edited_example(tmp_path, (TABLE_TWO, lines), name="lines.md")
    assert codes(capsys, path) == []
    read = active_cells(capsys, path)
    expected = dict(as_table)
    if changed[0]:
        expected[("normative_documents", "in_force")] = (38, "ok")
    assert read == expected and len(read) == 10  # 2 rows of 3 columns, 4 of one


@pytest.mark.parametrize(
    "line",
    [
        "本年度制发规章 0 件， 行政规范性文件 1 3 39 件。",  # a sentence: prose, whatever it holds
        "其中 行政许可 1332",  # one row after words that are no table's headings
        "行政许可 1332",  # one row alone: a line as it is
    ],
)
def test_a_line_that_is_not_rows_stays_as_it_is(line: str) -> None:
    document = MarkdownReader().read("a.md", f"# 二、主动公开政府信息情况\n\n{line}\n".encode())
    assert rows_apart(document, [NATIONAL_2021]) is document
