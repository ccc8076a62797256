"""Tables an agency adds after a national one in the same part (its departments' counts, its
channels, its new-media accounts) are no rows of the national table before them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, edited_example, run_json

LAST_ROW_B = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |\n"
DATA_ROW_C = "| 2 | 0 | 0 | 0 | 2 | 0 | 0 | 4 | 1 | 5 | 1 | 0 | 0 | 0 | 1 |\n"
DEPARTMENTS = """
各部门收到和处理政府信息公开申请情况如下：

| 序号 | 单位名称 | 收到申请（件） | 办结（件） | 结转下年度（件） |
|---|---|---|---|---|
| 1 | 示例市发展和改革局 | 26 | 23 | 3 |
| 2 | 示例市教育局 | 23 | 23 | 0 |
| 合计 |  | 49 | 46 | 3 |
"""
NEW_MEDIA = """
| 政务新媒体名称 | 类型 | 发布信息数 |
|---|---|---|
| 示例局发布 | 微信公众号 | 120 |
| 示例局 | 微博 | 45 |
"""


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], *edits: tuple[str, str]) -> list[tuple[str, str]]:
    _, data = run_json(capsys, str(edited_example(tmp_path, *edits)))
    return [(f["code"], f["logical"]["row"]) for f in data["findings"]]


CHANNELS = """
本年度收到申请按渠道统计：

| 申请渠道 | 当面申请 | 信函申请 | 网络申请 | 合计 |
|---|---|---|---|---|
| 申请数量（件） | 34 | 23 | 66 | 123 |
"""


@pytest.mark.parametrize(
    ("after", "table"), [(LAST_ROW_B, DEPARTMENTS), (DATA_ROW_C, NEW_MEDIA), (LAST_ROW_B, CHANNELS)]
)
def test_an_added_table_after_a_national_one(
    after: str, table: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check(tmp_path, capsys, (after, after + table)) == []


def test_the_national_table_before_an_added_one_is_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = LAST_ROW_B.replace("| 1 | 2 | 3 |", "| 1 | 3 | 4 |")
    found = _check(tmp_path, capsys, (LAST_ROW_B, broken + DEPARTMENTS))
    assert {code for code, _ in found} == {"GK401"} and {row for _, row in found} == {"carried_out"}


def _with_notes(text: str, carried_out: str) -> str:
    """Table 三 and table 四 with a 备注 column added by the agency: the column heading on the first
    row, a remark on the last row of table 三 and on table 四's numbers, the other cells blank."""
    lines = text.split("\n")
    inside = False
    for n, line in enumerate(lines):
        if line.startswith("| （本列数据的勾稽关系") or line.startswith("| 行政复议 |"):
            inside, lines[n] = True, line + " 备注 |"
        elif not line.startswith("|"):
            inside = False
        elif not inside:
            continue
        elif line.startswith("|---"):
            lines[n] = line + "---|"
        elif line.startswith("| 四、结转下年度继续办理"):
            lines[n] = carried_out + " 已于次年1月办结 |"
        elif line.startswith("| 2 | 0 | 0 | 0 | 2 |"):
            lines[n] = line + " 无 |"
        else:
            lines[n] = line + "  |"
    return "\n".join(lines)


def test_a_notes_column_after_the_national_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    last = LAST_ROW_B.rstrip("\n")
    path = tmp_path / "report.md"
    path.write_text(_with_notes(text, last), encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert data["findings"] == []
    path.write_text(_with_notes(text, last.replace("| 1 | 2 | 3 |", "| 1 | 3 | 4 |")), encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert {(f["code"], f["logical"]["row"]) for f in data["findings"]} == {("GK401", "carried_out")}


SUBTOTAL_AFTER = {
    "|  |  | 8.属于行政查询事项 | 2 | 3 | 0 | 0 | 4 | 0 | 9 |\n": "|  |  | 小计 | 7 | 6 | 4 | 13 | 11 | 8 | 49 |\n",
    "|  |  | 3.补正后申请内容仍不明确 | 0 | 0 | 5 | 0 | 4 | 0 | 9 |\n": (
        "|  |  | 小计 | 3 | 0 | 11 | 0 | 5 | 6 | 25 |\n"
    ),
    "| 行政强制 | 37 |  |  |\n": "| 合计 | 99 |  |  |\n",
}


def test_subtotal_rows_the_agency_added(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """小计 under a group of table 三's rows, 合计 under table 二's: no rows of the national tables."""
    edits = [(row, row + added) for row, added in SUBTOTAL_AFTER.items()]
    assert _check(tmp_path, capsys, *edits) == []
    broken = "|  |  | 3.补正后申请内容仍不明确 | 0 | 0 | 5 | 0 | 4 | 0 | 8 |\n"
    edits[1] = (edits[1][0], broken + SUBTOTAL_AFTER[edits[1][0]])
    assert set(_check(tmp_path, capsys, *edits)) == {("GK201", "unavailable.3"), ("GK202", "unavailable.3")}


COMPARISON = """
| 项目 | 2023年 | 2022年 | 增减 |
|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 123 | 110 | +13 |
| 二、上年结转政府信息公开申请数量 | 3 | 1 | +2 |
| （七）总计 | 123 | 108 | +15 |
| 四、结转下年度继续办理 | 3 | 3 | 0 |
"""


def test_a_comparison_with_last_year_in_the_national_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """This year against last, row by row in the national labels, in part 一: no copy of table 三."""
    sentence = "（二）依申请公开情况。2023年，本局共收到政府信息公开申请123件，均在法定期限内答复。\n"
    assert _check(tmp_path, capsys, (sentence, sentence + COMPARISON)) == []
    broken = LAST_ROW_B.replace("| 1 | 2 | 3 |", "| 1 | 3 | 4 |")
    found = _check(tmp_path, capsys, (sentence, sentence + COMPARISON), (LAST_ROW_B, broken))
    assert {code for code, _ in found} == {"GK401"}


def test_a_subtotal_column_under_the_organisations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """小计 after the five kinds of organisation, a column no national table has: no value of the rows."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    lines, inside = text.split("\n"), False
    for n, line in enumerate(lines):
        inside = inside or line.startswith("| （本列数据的勾稽关系")
        if not inside or not line.startswith("|"):
            inside = inside and line.startswith("|")
            continue
        cells = line.split("|")  # ['', label 1, label 2, label 3, natural, 5 organisations, total, '']
        organisations = [c.strip() for c in cells[5:10]]
        added = " 小计 " if "其他" in organisations else (" --- " if line.startswith("|---") else " ")
        if all(c.isdigit() for c in organisations):
            added = f" {sum(map(int, organisations))} "
        lines[n] = "|".join([*cells[:10], added, *cells[10:]])
    path = tmp_path / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert data["findings"] == []


def test_a_caption_before_the_numbers_of_table_four(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """件数 | 2 | 0 …: a word in a column of its own before table 四's fifteen numbers."""
    edits = [
        ("| 行政复议 |", "|  | 行政复议 |"),
        (
            "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |",
            "|  | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |",
        ),
        ("|  |  |  |  |  | 结果维持 |", "|  |  |  |  |  |  | 结果维持 |"),
        (DATA_ROW_C, "| 件数 " + DATA_ROW_C),
        ("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n", "|---" * 16 + "|\n"),
    ]
    assert _check(tmp_path, capsys, *edits) == []
    broken = DATA_ROW_C.replace("| 2 | 0 | 0 | 0 | 2 |", "| 2 | 0 | 0 | 0 | 3 |")
    assert _check(tmp_path, capsys, *edits[:3], (DATA_ROW_C, "| 件数 " + broken), edits[4]) == [("GK203", "review")]


def test_a_second_copy_of_table_three_is_one_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """本级 then 全县汇总: the second copy is not checked, and one finding says so, not one per row."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    start, end = text.index("| （本列数据的勾稽关系"), text.index(LAST_ROW_B) + len(LAST_ROW_B)
    summary = text[start:end]
    for ours, county in [("| 16 | 9 | 19 | 26 | 35 | 18 | 123 |", "| 26 | 9 | 19 | 26 | 35 | 18 | 133 |"),
                         ("| 16 | 9 | 19 | 26 | 37 | 16 | 123 |", "| 26 | 9 | 19 | 26 | 37 | 16 | 133 |"),
                         ("| 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 10 | 0 | 0 | 0 | 0 | 0 | 10 |")]:  # fmt: skip
        assert ours in summary
        summary = summary.replace(ours, county)
    found = _check(tmp_path, capsys, (LAST_ROW_B, LAST_ROW_B + "\n（二）全县汇总\n\n" + summary))
    assert found == [("GK010", None)]


def test_a_copy_of_table_three_with_the_same_numbers_says_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An appendix repeating table 三's rows with the same numbers (as a PDF page break cuts it, say)."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    start, end = text.index("| 一、本年新收"), text.index(LAST_ROW_B) + len(LAST_ROW_B)
    copy = "\n附表：\n\n| 项目 |  |  | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n"
    copy += "|---|---|---|---|---|---|---|---|---|---|\n" + text[start:end]
    assert _check(tmp_path, capsys, (LAST_ROW_B, LAST_ROW_B + copy)) == []
    changed = copy.replace("| 0 | 0 | 0 | 0 | 1 | 2 | 3 |", "| 0 | 0 | 0 | 0 | 2 | 2 | 4 |")
    assert _check(tmp_path, capsys, (LAST_ROW_B, LAST_ROW_B + changed)) == [("GK010", "carried_out")]


def test_a_notes_column_carries_over_a_page_break(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Table 三 with its 备注 column, cut by a page into two tables, the second without the headings
    that showed the column: its rows keep the column out."""
    text = _with_notes((EXAMPLES / "clean-2023.md").read_text(encoding="utf-8"), LAST_ROW_B.rstrip("\n"))
    cut = "|  |  | 8.属于行政查询事项 |"
    assert cut in text
    head, tail = text.split(cut, 1)
    first, rest = tail.split("\n", 1)
    width = first.count("|") - 1
    text = head + cut + first + "\n\n— 3 —\n\n" + rest.replace("\n", "\n" + "|---" * width + "|\n", 1)
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert data["findings"] == []


def test_a_comparison_cut_by_a_page_break(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The comparison's last rows on the next page, without its year headings: still no national rows."""
    sentence = "（二）依申请公开情况。2023年，本局共收到政府信息公开申请123件，均在法定期限内答复。\n"
    cut = COMPARISON.replace("| （七）总计 |", "\n— 2 —\n\n| （七）总计 |").replace(
        "| 123 | 108 | +15 |\n", "| 123 | 108 | +15 |\n|---|---|---|---|\n"
    )
    assert _check(tmp_path, capsys, (sentence, sentence + cut)) == []


PARTLY = "|  | （二）部分公开（区分处理的，只计这一情形，不计其他情形） |  | 1 | 0 | 0 | 0 | 0 | 2 | 3 |\n"


@pytest.mark.parametrize("mark", ["— 3 —", "file:///C:/年报/report.html 3/5", "3/5"])
def test_a_label_cut_by_a_page_break_beside_its_group_labels_rest(
    mark: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A browser's print of a portal page: the page breaks inside （二）部分公开…'s label and inside the
    group label beside it (三、本年度办 / 理结果), with the page's mark between the two halves."""
    halves = (
        "|  | （二）部分公开（区分处 |  | 1 | 0 | 0 | 0 | 0 | 2 | 3 |\n\n"
        f"{mark}\n\n"
        "| 理结果 | 理的，只计这一情形，不计其他情形） |  |  |  |  |  |  |  |  |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    assert _check(tmp_path, capsys, (PARTLY, halves)) == []


def test_a_notes_column_carries_over_a_page_of_another_width(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A browser's print: the next page's part of table 三 has a column more on the left, its numbers
    and remarks stand as far from the right."""
    text = _with_notes((EXAMPLES / "clean-2023.md").read_text(encoding="utf-8"), LAST_ROW_B.rstrip("\n"))
    cut = "|  |  | 8.属于行政查询事项 |"
    head, tail = text.split(cut, 1)
    first, rest = tail.split("\n", 1)
    page, after = rest.split("\n\n", 1)
    narrower = "\n".join("|  " + line for line in page.split("\n"))  # a column more on the left
    width = narrower.split("\n")[0].count("|") - 1
    narrower = narrower.replace("\n", "\n" + "|---" * width + "|\n", 1)
    path = tmp_path / "report.md"
    path.write_text(head + cut + first + "\n\n3/5\n\n" + narrower + "\n\n" + after, encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert data["findings"] == []


def test_a_notes_column_of_a_table_before_the_national_one_is_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A channels table with 备注 right under part 二's heading, a sentence, then table 二: the
    remarks column is the channels table's, not one of table 二's columns."""
    channels = (
        "\n| 公开渠道 | 发布数量（条） | 备注 |\n|---|---|---|\n| 政府网站 | 1520 |  |\n| 新闻发布会 | 12 | 场次 |\n"
    )
    heading = "## 二、主动公开政府信息情况\n"
    assert _check(tmp_path, capsys, (heading, heading + channels + "\n主动公开政府信息情况统计如下：\n")) == []


def _crawled(tmp_path: Path, remarks: dict[str, str], before: dict[str, list[str]]) -> Path:
    """The example as a crawler's text gives it (a cell a line after a tab, a blank line between rows),
    with a remark after the last value of each row ``remarks`` names by its first cell, as a 备注
    column leaves them when a few rows fill it and the crawler drops the empty cells; and the rows
    ``before`` names (cells split by ``|``) before the row it names them by, with no line between."""
    from tests.render.content import from_report
    from tests.render.text import cell_per_line
    from tests.test_roundtrip import lint

    _, report = lint(EXAMPLES / "clean-2023.md")
    assert report is not None
    rows = cell_per_line(from_report(report)).split("\n\n")
    for n, row in enumerate(rows):
        lines = row.split("\n")
        at = next((i for i, line in enumerate(lines) if line.startswith("\t")), None)
        if at is None:
            continue
        first = lines[at].strip()
        if first in remarks:
            lines.append("\t" + remarks[first])
        added = ["\n".join("\t" + cell for cell in cells.split("|")) + "\n" for cells in before.get(first, [])]
        rows[n] = "\n".join(lines[:at] + added + lines[at:])
    path = tmp_path / "crawled.txt"
    path.write_text("\n\n".join(rows), encoding="utf-8")
    return path


def test_a_remark_after_a_row_s_values_in_a_crawler_s_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remarks = {
        "行政规范性文件": "本年清理废止1件",
        "行政许可": "含告知承诺制审批",
        "四、结转下年度继续办理": "已于次年1月办结",
    }
    _, data = run_json(capsys, str(_crawled(tmp_path, remarks, {})))
    assert data["findings"] == []


def test_a_comparison_run_into_table_three_in_a_crawler_s_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """This year against last in the national rows' words, right before table 三 with no line between:
    table 三 starts at its own headings, and the comparison is no row of it."""
    caption = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    comparison = ["项目|2023年|2022年|增减", "一、本年新收政府信息公开申请数量|999|998|+1", "（七）总计|997|996|+1"]
    _, data = run_json(capsys, str(_crawled(tmp_path, {}, {caption: comparison})))
    assert data["findings"] == []
