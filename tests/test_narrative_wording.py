"""GK701 on the wording real reports use: 规范性文件 counts, carry-over phrasings, and a statement
that corroborates which cell of a failing table sum is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_json
from tests.test_format2019 import report_2019
from tests.test_narrative import narrative_findings

# The clean example's table: 行政规范性文件 1 | 3 | 39; 结转下年度继续办理 3; 本年新收 123.
NORMATIVE_ROW = "| 行政规范性文件 | 1 | 3 | 39 |"
NEW_ROW = "| 一、本年新收政府信息公开申请数量 |  |  | 16 | 9 | 19 | 26 | 35 | 18 | 123 |"
CARRIED_OUT_ROW = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"


def _places(findings: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None]]:
    return [(f["code"], f["logical"].get("row"), f["logical"].get("column")) for f in findings]


@pytest.mark.parametrize(
    ("sentence", "columns"),
    [
        ("本年度制发行政规范性文件4件。", ["issued"]),
        ("本年度制定规范性文件0件。", ["issued"]),
        ("本年度未制定规范性文件。", ["issued"]),
        ("本年度制定出台规范性文件2件。", ["issued"]),
        ("本年度废止规范性文件2件。", ["abolished"]),
        ("截至年底，现行有效规范性文件32件。", ["in_force"]),
        # the later clauses continue the clause that names the documents
        ("本年度制发规范性文件1件，废止2件，现行有效32件。", ["abolished", "in_force"]),
    ],
)
def test_normative_document_counts_against_table_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, columns: list[str]
) -> None:
    found = narrative_findings(tmp_path, capsys, sentence)
    assert _places(found) == [("GK701", "normative_documents", c) for c in columns]


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度制发规范性文件1件，废止3件，现行有效39件。",  # agrees
        "本年度清理规范性文件30件，废止2件。",  # 清理 has no column, and 废止 follows it
        "本年度制定规章和规范性文件4件。",  # two kinds of document together
        "发布规范性文件及其他主动公开文件29件。",
        "本年度制定规范性文件管理制度1项。",
        "本年度备案规范性文件5件。",
        "本年度制发规范性文件1件，废止规章2件。",  # the second clause names another document
        "全县共制发规范性文件20件。",  # a whole county's total
        "2022年制发规范性文件5件。",  # another year
        "主动公开政府信息300条，其中规范性文件3件。",  # a part of a breakdown
        "本年度制发规范性文件约5件。",
        "本年度未出现违规制发规范性文件的情况。",  # a negation of something else
    ],
)
def test_normative_wording_that_is_not_a_table_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str
) -> None:
    assert narrative_findings(tmp_path, capsys, sentence) == []


def test_zero_documents_and_decisions_that_the_table_also_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zeros = [(NORMATIVE_ROW, "| 行政规范性文件 | 0 | 3 | 39 |"), ("| 行政许可 | 1332 |", "| 行政许可 | 0 |")]
    sentence = "本年度主动公开政府信息152条，制定规范性文件0件，办理行政许可0件。"
    assert narrative_findings(tmp_path, capsys, sentence, zeros) == []
    assert _places(narrative_findings(tmp_path, capsys, sentence)) == [
        ("GK701", "normative_documents", "issued"),
        ("GK701", "licensing", "decisions"),
    ]


def _lint_2019(tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str) -> list[dict[str, Any]]:
    text = report_2019(2020).replace("本局依法做好政府信息公开工作。", sentence)
    text = text.replace("| 规范性文件 | 3 | 3 | 25 |", "| 规范性文件 | 3 | 2 | 25 |")  # made 3, published 2
    path = tmp_path / "report-2019.txt"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK7")
    return list(data["findings"])


@pytest.mark.parametrize(
    ("sentence", "column"),
    [
        ("本年度印发规范性文件5件。", "made"),
        ("本年度未制定规范性文件。", "made"),
        ("本年度新公开规范性文件3件。", "published"),
    ],
)
def test_normative_counts_in_the_2019_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, column: str
) -> None:
    assert _places(_lint_2019(tmp_path, capsys, sentence)) == [("GK701", "normative_documents", column)]


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度新制作规范性文件3件。",
        "本年度印发规范性文件2件。",  # 印发 may be the 新公开 column
        "本年度新公开规范性文件2件。",
        "本年度废止规范性文件9件。",  # the 2019 table has no 废止 column
        "现行有效规范性文件30件。",  # nor one for 现行有效 (对外公开总数量 is another thing)
    ],
)
def test_2019_columns_a_phrase_does_not_clearly_mean_are_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str
) -> None:
    assert _lint_2019(tmp_path, capsys, sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "本局收到政府信息公开申请123件，有5件申请顺延到下年度答复。",
        "本局收到政府信息公开申请123件，5件申请转入下一年度办理。",
        "本局收到政府信息公开申请123件，结转至2024年继续办理5件。",
        "本局收到政府信息公开申请123件，已办结118件，5件正在办理中，结转至2024年继续办理。",
        "本局收到政府信息公开申请123件，无结转下年度的申请。",
        "本局收到政府信息公开申请123件，其余2件延至次年答复。",
    ],
)
def test_carry_over_wording_is_the_carried_out_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str
) -> None:
    found = _places(narrative_findings(tmp_path, capsys, sentence))
    if "已办结118件" in sentence:  # of the 123 new ones the table says 120 concluded, 3 carried over
        assert found == [("GK701", "results_total", "total"), ("GK701", "carried_out", "total")]
    else:
        assert found == [("GK701", "carried_out", "total")]


@pytest.mark.parametrize(
    "sentence",
    [
        "本局收到政府信息公开申请123件，有3件申请顺延到下年度答复。",
        "本局收到政府信息公开申请123件，已办结120件，3件正在办理中，结转至2024年继续办理。",
        "本局收到政府信息公开申请123件，上年度结转的3件申请已全部办结。",  # carried in (3), not out
        "本局收到政府信息公开申请123件，依法延期答复5件。",  # a longer deadline, not next year
        "本局收到政府信息公开申请123件，5件正在办理中。",  # pending says nothing of next year
        "本局收到政府信息公开申请123件。将5项工作转入下一年度。",  # not applications
    ],
)
def test_carry_over_wording_that_agrees_or_is_about_something_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str
) -> None:
    assert narrative_findings(tmp_path, capsys, sentence) == []


NEW_TOTAL_WRONG = [(NEW_ROW, NEW_ROW.replace("| 123 |", "| 124 |"))]  # T2 and T3 fail through it
CARRIED_OUT_AT_4 = [(CARRIED_OUT_ROW, CARRIED_OUT_ROW.replace("| 2 | 3 |", "| 2 | 4 |"))]  # T2 and T3 fail
NEW_ROW_AT_124 = [(NEW_ROW, NEW_ROW.replace("| 16 |", "| 17 |").replace("| 123 |", "| 124 |"))]  # T3 fails


@pytest.mark.parametrize(
    ("sentence", "edits"),
    [
        ("本局收到政府信息公开申请123件。", NEW_TOTAL_WRONG),
        ("本局收到政府信息公开申请123件。", NEW_ROW_AT_124),
        ("本局收到政府信息公开申请123件，结转下年度继续办理3件。", CARRIED_OUT_AT_4),
    ],
)
def test_text_that_would_repair_a_failing_sum_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, edits: list[tuple[str, str]]
) -> None:
    found = narrative_findings(tmp_path, capsys, sentence, edits, select="GK4,GK7")
    narrative = [f for f in found if f["code"] == "GK701"]
    assert [f["message_id"] for f in narrative] == ["corroborated"]
    assert "GK401" in {f["code"] for f in found}  # the table's own arithmetic is reported as well


@pytest.mark.parametrize(
    ("sentence", "edits"),
    [
        ("本局收到政府信息公开申请125件。", NEW_TOTAL_WRONG),
        ("本局收到政府信息公开申请122件。", NEW_ROW_AT_124),
        ("本局收到政府信息公开申请124件。", NEW_ROW_AT_124),  # agrees with the cell
    ],
)
def test_text_that_does_not_repair_a_failing_sum_is_left_to_the_totals_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, edits: list[tuple[str, str]]
) -> None:
    found = narrative_findings(tmp_path, capsys, sentence, edits, select="GK4,GK7")
    assert {f["code"] for f in found} == {"GK401"}


def test_a_kind_of_result_is_not_the_number_handled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A result listed on a line of its own (a PDF line break cut the sentence) is not the total; its
    count is that kind's (the example has 0 disclosed and 3 partly disclosed)."""
    sentence = "所有办结的信息公开\n申请中同意公开答复 0 件，部分公开答复 3 件。"
    assert narrative_findings(tmp_path, capsys, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "row"),
    [
        ("本年度作出行政处罚决定七件。", "penalty"),  # a Chinese numeral after 决定
        ("本年度实施行政强制措施三件。", "enforcement"),  # after 措施
    ],
)
def test_a_count_in_chinese_numerals_after_a_decision_or_a_measure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, row: str
) -> None:
    found = narrative_findings(tmp_path, capsys, sentence)
    assert [(f["code"], f["logical"]["row"]) for f in found] == [("GK701", row)]
