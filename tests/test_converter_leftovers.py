"""What HTML-to-text converters leave of a portal page that is no part of the report: Word's
conditional markers turned into a table row, and the like. None of it is read as a row."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import edited_example, run_json

LAST_ROW_B = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |\n"


@pytest.mark.parametrize(
    "leftover",
    [
        "if !supportMisalignedColumns|  |  |  |  |  |  |  |  |  |  |\nendif\n",  # markdownify
        "| <![if !supportMisalignedColumns]> |  |  |  |  |  |  |  |  |  |\n",
        "| endif |  |  |  |\n",
    ],
)
def test_word_s_conditional_row_is_no_row(tmp_path: Path, capsys: pytest.CaptureFixture[str], leftover: str) -> None:
    """Word saves its tables to HTML with a row of empty spacer cells inside ``<![if
    !supportMisalignedColumns]>`` … ``<![endif]>``; converters keep the markers as text, and the row
    ran into the table's last row (GK010: 8 cells for 7, the carry-over balance unchecked)."""
    path = edited_example(tmp_path, (LAST_ROW_B, LAST_ROW_B + leftover))
    _, data = run_json(capsys, str(path))
    assert data["findings"] == []


def _bare_lines(text: str) -> str:
    """A crawler's text of a portal page (``get_text("\\n")``): every cell a line, no tab, no blank line."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


BROKEN_HEADINGS = {
    "行政复议": "行政\n复议",
    "行政诉讼": "行政\n诉讼",
    "结果维持": "结果\n维持",
    "结果纠正": "结果\n纠正",
    "其他结果": "其他\n结果",
    "尚未审结": "尚未\n审结",
    "未经复议直接起诉": "未经复议\n直接起诉",
    "复议后起诉": "复议\n后起诉",
    "科研机构": "科研\n机构",  # table 三's headings and labels too
    "社会公益组织": "社会公\n益组织",
    "法律服务机构": "法律服\n务机构",
    "3.其他": "3.\n其他",
    "（七）总计": "（七\n）总计",
    "三、本年度办理结果": "\n".join("三、本年度办理结果"),
}


@pytest.mark.parametrize("broken", [False, True])
def test_table_four_s_headings_broken_over_lines_in_a_crawler_s_text(tmp_path: Path, broken: bool) -> None:
    """Cells whose words a ``<br>`` breaks (行政<br>复议) come out of a crawler as two lines each; a group
    label set upright in a narrow cell (三、本年度办理结果 down the cell) a character a line."""
    import random

    from tests.render.synth import consistent_values, make_content
    from tests.render.text import cell_per_line
    from tests.test_roundtrip import bound_values, lint

    values = consistent_values(random.Random(12), 0.6)
    lines = _bare_lines(cell_per_line(make_content(values))).splitlines()
    if broken:
        lines = [BROKEN_HEADINGS.get(line, line) for line in lines]
    path = tmp_path / "crawled.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings, report = lint(path)
    assert findings == []
    assert report is not None and bound_values(report) == values


@pytest.mark.parametrize("period_year", ["2023", "2022"])
def test_a_page_laid_out_in_a_table_run_onto_one_line_before_a_bar(tmp_path: Path, period_year: str) -> None:
    """html2text writes a page laid out in a table as one line: the preamble, part 一 and part 二's
    heading, then ``| 第二十条第（一）项`` and a ``---`` line under it. That line is prose, not a table's
    heading row: its period and its parts are read."""
    from tests.conftest import EXAMPLES
    from tests.test_roundtrip import lint

    lines = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("## 二、主动公开政府信息情况")
    opening = " ".join(line.lstrip("# ") for line in lines[2 : start + 1] if line.strip())
    opening = opening.replace("统计期限自2023年", f"统计期限自{period_year}年").replace(
        "至2023年12月", f"至{period_year}年12月"
    )
    first_row = lines[start + 2]
    assert first_row.startswith("| 第二十条第（一）项")
    text = "\n".join(
        [lines[0], "", f"{opening} {first_row[:-1].rstrip().rstrip('|').rstrip()}", "---", *lines[start + 4 :]]
    )
    path = tmp_path / "page.md"
    path.write_text(text + "\n", encoding="utf-8")
    findings, _ = lint(path)
    assert [code for code, *_ in findings] == ([] if period_year == "2023" else ["GK302"])


def test_numbers_broken_digit_by_digit_are_no_older_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Word writes a number as one run per digit; a crawler that puts a line between runs breaks 277 into
    2 | 7 | 7. Such rows do not fit (GK010), and the one that happens to have the width of the 2019
    format's row is no sign of that format (no GK106)."""
    edits = (
        ("| 行政规范性文件 | 1 | 3 | 39 |", "| 行政规范性文件 | 1 | 3 | 3 | 9 |"),
        ("| 行政处罚 | 277 |  |  |", "| 行政处罚 | 2 | 7 | 7 |"),
    )
    _, data = run_json(capsys, str(edited_example(tmp_path, *edits)))
    codes = [f["code"] for f in data["findings"]]
    assert "GK106" not in codes and codes.count("GK010") == 2


def test_html2text_s_rows_whose_cells_end_in_a_line_break_are_table_rows() -> None:
    """html2text writes a cell ending in ``<br>`` as a line break: the row's first cells on one line,
    each later cell on a line of its own after a bar. The first line is a table row even when its bars
    are more than the next line's (三、本年度办理结果| （一）予以公开| 0, then | 0)."""
    from gklint.model import Paragraph, Table
    from gklint.readers.markdown import MarkdownReader

    text = "三、本年度办理结果| （一）予以公开| 0  \n| 0  \n| 2  \n  \n一、本年新收政府信息公开申请数量| 11  \n| 2  \n"
    blocks = MarkdownReader().read("page.md", text.encode("utf-8")).blocks
    assert not any(isinstance(block, Paragraph) for block in blocks)
    cells = [[cell.text for cell in row] for block in blocks if isinstance(block, Table) for row in block.rows]
    assert cells == [
        ["三、本年度办理结果", "（一）予以公开", "0"],
        ["0"],
        ["2"],
        ["一、本年新收政府信息公开申请数量", "11"],
        ["2"],
    ]


def test_html2text_s_cells_broken_by_line_breaks_stay_in_their_table() -> None:
    """html2text writes each ``<br>`` in a cell as a line break, so a row's cells run over lines, some
    with no bar at all (行政规 / 范性文件| 16, a first cell alone before ``| v`` lines, a lone row
    between blank lines under one with as many bars). Each such line is a row of the table, as GFM
    reads a line in a table's body; a line after the table that no row follows stays prose, and so
    does a line after a table with outer bars."""
    from gklint.model import Paragraph, Table
    from gklint.readers.markdown import MarkdownReader

    def read(text: str) -> list[list[str] | str]:
        blocks = MarkdownReader().read("page.md", text.encode("utf-8")).blocks
        return [
            [" / ".join(cell.text for cell in row) for row in block.rows] if isinstance(block, Table) else block.text
            for block in blocks
            if isinstance(block, (Table, Paragraph))
        ]

    broken = "".join(
        f"{line}  \n" if line else "\n"
        for line in [
            "信息内容| 本年制发件数",
            "规章| 0",
            "行政规",
            "范性文件| 16",
            "行政处罚| 277",
            "",
            "行政强制| 37",
            "",
        ]
    )
    broken += "说明：无。\n"
    assert read(broken) == [
        ["信息内容 / 本年制发件数", "规章 / 0", "行政规", "范性文件 / 16", "行政处罚 / 277"],
        ["行政强制 / 37"],
        "说明：无。",
    ]
    assert read("结果维持| 总计  \n---|---  \n1  \n| 0  \n| 3  \n") == [["结果维持 / 总计", "1", "0", "3"]]
    assert read("说明如下：  \n\n1  \n| 0  \n| 3  \n") == ["说明如下：", ["1", "0", "3"]]
    assert read("规章| 0  \n行政规| 16  \n本年度无变化\n") == [["规章 / 0", "行政规 / 16"], "本年度无变化"]
    page = (
        "| 位置：首页  \n---  \n**某局2021年年度报告**  \n发布时间：2022-01-26  \n" + "本报告" * 30 + "| 第二十条  \n"
    )
    assert read(page)[2:4] == ["某局2021年年度报告", "发布时间：2022-01-26"]  # html2text's page laid out in tables
    assert read("| 规章 | 0 |\n|---|---|\n| 行政规 | 16 |\n范性文件\n| 行政处罚 | 277 |\n") == [
        ["规章 / 0", "行政规 / 16"],
        "范性文件",
        ["行政处罚 / 277"],
    ]


def test_a_label_whose_last_character_wrapped_into_the_row_below(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """PDF→Markdown: （一）予以公 stands as a line of text, its row below starts | 开 | 0 | …: the cell is
    the label's tail, not the first value (GK010: 8 cells for 7, and a misspelt （一）予以公)."""
    row = "| 三、本年度办理结果 | （一）予以公开 |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    wrapped = "\n（一）予以公\n\n| 开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\n"
    path = edited_example(tmp_path, (row, "| 三、本年度办理结果 |  |  |  |  |  |  |  |  |  |\n" + wrapped))
    _, data = run_json(capsys, str(path))
    assert [f["code"] for f in data["findings"]] == []
