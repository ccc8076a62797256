"""Part headings as agencies word them around the national titles: the year before the title, the
table after it, 政府信息公开工作 before 总体情况. Each is that part, with no finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_json
from tests.render.html import render_html, sample_content

HEADINGS = {
    "一、总体情况": [
        "一、2023年度政府信息公开工作总体情况",
        "一、2023年政府信息公开工作总体情况",
        "一、二〇二三年度总体情况",
    ],
    "二、主动公开政府信息情况": [
        "二、2023年度主动公开政府信息情况",
        "二、主动公开政府信息情况（表一）",
        "二、主动公开政府信息情况统计",
    ],
    "三、收到和处理政府信息公开申请情况": [
        "三、收到和处理政府信息公开申请情况（表二）",
        "三、本年度收到和处理政府信息公开申请情况",
    ],
    "四、政府信息公开行政复议、行政诉讼情况": ["四、政府信息公开行政复议、行政诉讼情况（表三）"],
    "五、存在的主要问题及改进情况": ["五、2023年度存在的主要问题及改进情况"],
}
CASES = [(title, worded) for title, forms in HEADINGS.items() for worded in forms]


@pytest.mark.parametrize(("title", "worded"), CASES)
def test_a_part_title_with_the_year_or_its_table_named(
    title: str, worded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert f"## {title}\n" in text
    path = tmp_path / "report.md"
    path.write_text(text.replace(f"## {title}\n", f"## {worded}\n"), encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert data["findings"] == []


def test_a_sentence_after_a_number_is_no_part_title(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """一、… 情况良好 says something of the part; the part's own heading is still missing."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    path = tmp_path / "report.md"
    sentence = "二、2023年主动公开政府信息情况良好。\n"
    path.write_text(text.replace("## 二、主动公开政府信息情况\n", sentence), encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert "GK101" in {f["code"] for f in data["findings"]}


def test_parts_numbered_in_arabic_numerals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """1、总体情况 … 6、其他需要报告的事项: the six parts, as some agencies number them."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    for number, ordinal in enumerate("一二三四五六", start=1):
        assert f"## {ordinal}、" in text
        text = text.replace(f"## {ordinal}、", f"## {number}、")
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert data["findings"] == []


def test_a_subsection_titled_as_a_part_does_not_stand_for_its_missing_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Part 一's sub-heading 1. 主动公开政府信息, where 二、主动公开政府信息情况 was left out: the parts are
    numbered 一、二、…, so a title numbered 1. is a subsection's, and part 二 is missing."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    opening = "（一）主动公开情况。"
    assert opening in text and "## 二、主动公开政府信息情况\n" in text
    text = text.replace(opening, "1. 主动公开政府信息\n\n").replace("## 二、主动公开政府信息情况\n", "")
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK101")
    assert [f["message"] for f in data["findings"]] == ["缺少第二部分「主动公开政府信息情况」"]


def test_parts_out_of_order_on_a_page_of_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A portal's page whose whole text stands on one line of its source: every heading is at line 1,
    and the order of the parts is the order of the paragraphs."""
    page = render_html(sample_content(), "portal").decode("utf-8")
    five, six, end = page.index("<h2>五、"), page.index("<h2>六、"), page.index("</div></td></tr></table>")
    for name, html in (("in-order", page), ("swapped", page[:five] + page[six:end] + page[five:six] + page[end:])):
        path = tmp_path / f"{name}.html"
        path.write_text(html.replace("\n", ""), encoding="utf-8")
    _, data = run_json(capsys, str(tmp_path), "--select", "GK102")
    assert [(Path(f["path"]).name, f["message"]) for f in data["findings"]] == [
        ("swapped.html", "第五部分出现在第六部分之后，应在其前")
    ]


@pytest.mark.parametrize(
    ("heading", "worded"),
    [
        ("## 五、存在的主要问题及改进情况", "## 五、存在的不足及改进措施"),
        ("## 五、存在的主要问题及改进情况", "## 五、存在的主要问题及下一步工作打算"),
        ("## 六、其他需要报告的事项", "## 六、其他事项"),
        ("## 六、其他需要报告的事项", "## 六、需要报告的其他事项"),
    ],
)
def test_parts_five_and_six_worded_their_own_way(
    heading: str, worded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert heading in text
    path = tmp_path / "report.md"
    path.write_text(text.replace(heading, worded), encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert data["findings"] == []


def test_part_six_worded_its_own_way_still_reports_its_fees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    six = "## 六、其他需要报告的事项\n本局2023年度未收取信息处理费。"
    assert six in text
    path = tmp_path / "report.md"
    path.write_text(text.replace(six, "## 六、其他事项\n无。"), encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert [f["code"] for f in data["findings"]] == ["GK503"]
