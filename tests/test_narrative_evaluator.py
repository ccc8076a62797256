"""What an evaluator reading the prose against the tables catches, and what an evaluator knows is
no contradiction: counts of last year said in words, of other applications, of subordinate units,
of plans; parts that a sentence states twice; none said in other words; 已全部办结 with applications
carried over; the notes under the tables.

The clean example's tables: 123 applications received, 3 carried over to next year, 2 reviews,
5 + 1 suits, 1 normative document issued, 1332 licences, 277 penalties and 37 enforcement
decisions; of the results 0 disclosed, 3 partly, 49 withheld, 25
unavailable, 31 not processed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_narrative import narrative_findings

NEW = "一、本年新收政府信息公开申请数量·总计"


def _codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, **kw: object) -> list[tuple[str, str]]:
    found = narrative_findings(tmp_path, capsys, sentence, **kw)  # type: ignore[arg-type]
    return [(f["code"], f["logical"]["title"]) for f in found]


@pytest.mark.parametrize(
    ("sentence", "cells"),
    [
        ("本年度，本局未被申请行政复议。", ["行政复议·总计"]),
        ("本年度无政府信息公开行政复议案件。", ["行政复议·总计"]),
        ("本年度没有因政府信息公开被提起行政诉讼。", ["未经复议直接起诉·总计"]),
        ("本年度行政复议、行政诉讼数量均为0。", ["行政复议·总计", "未经复议直接起诉·总计"]),
        ("本年度实现行政复议、行政诉讼零发生。", ["行政复议·总计", "未经复议直接起诉·总计"]),
        ("本局共收到政府信息公开申请125件，其中网上申请100件、信函申请25件。", [NEW]),
        ("本局共收到政府信息公开申请125件（其中自然人100件、法人25件）。", [NEW]),
        ("本局共收到政府信息公开申请123件，已全部办结。", ["四、结转下年度继续办理·总计"]),
        ("本局共收到政府信息公开申请123件，均已办结。", ["四、结转下年度继续办理·总计"]),
        ("本年度因政府信息公开被申请行政复议3次。", ["行政复议·总计"]),
        ("本年度本局收到并答复政府信息公开申请125件。", [NEW]),
        ("全年共接到依申请公开事项一百二十五件。", [NEW]),
        # a line break copied from a PDF inside the sentence
        ("本局共收到政府信息公开\n申请125件，均在法定期限内答复。", [NEW]),
        ("本年度发生政府信息公开行政复议和行政诉讼各2件。", ["未经复议直接起诉·总计"]),
        ("行政许可、行政处罚、行政强制决定数量分别为1332件、270件、37件。", ["行政处罚·本年处理决定数量"]),
        # the kinds of result, in a breakdown or on their own
        ("本局共收到政府信息公开申请123件，其中予以公开2件、部分公开3件。", ["（一）予以公开·总计"]),
        ("本年度同意公开答复5件，不予公开40件。", ["（一）予以公开·总计", "（三）不予公开·总计（1至8项之和）"]),
        ("办结申请123件，其中无法提供20件，不予处理31件。", ["（四）无法提供·总计（1至3项之和）"]),
        # a count of applications with no verb: any count the verbs may mean, named as the new ones
        ("本年度，本局政府信息公开申请数量为130件。", [NEW]),
        ("本年度依申请公开数量为130件。", [NEW]),
        ("本年度政府信息公开申请共130件，均按时答复。", [NEW]),
        # the outcomes of the reviews the agency was the respondent of
        ("本年度被申请行政复议2件，其中维持1件、纠正1件。", ["行政复议·结果维持", "行政复议·结果纠正"]),
        ("本年度因政府信息公开被申请行政复议2件，被纠错1件。", ["行政复议·结果纠正"]),
        ("行政复议结果维持1件，其他结果1件。", ["行政复议·结果维持"]),
    ],
)
def test_contradictions_an_evaluator_catches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, cells: list[str]
) -> None:
    assert sorted(_codes(tmp_path, capsys, sentence)) == sorted(("GK701", cell) for cell in cells)


@pytest.mark.parametrize(
    "sentence",
    [
        "上年度收到政府信息公开申请98件，本年度收到123件。",
        "去年共收到政府信息公开申请98件。",
        "本局收到政府信息公开申请较上年减少5件。",
        "本局收到政府信息公开申请数量同比增加12件。",
        "本年度共受理行政许可申请300件，办结率100%。",
        "本年度共收到户外广告设置申请126件。",
        "各乡镇街道和市直部门共收到政府信息公开申请325件。",
        "全年共应诉行政诉讼案件15件。",
        "本年度办理行政复议案件12件，公开行政复议决定书12件。",
        "以局名义印发行政规范性文件3件，以办公室名义印发行政规范性文件4件。",
        "二〇二二年，本局共收到政府信息公开申请98件；二〇二三年共收到123件。",
        "2024年，本局计划制定行政规范性文件3件。",
        "本局共收到政府信息公开申请123件，均在法定期限内答复。",
        "本局共收到政府信息公开申请123件，其中部分公开3件、不予公开49件、无法提供25件、不予处理31件。",
        "本局共收到政府信息公开申请123件，其中网上申请60件，予以公开2件。",  # the kinds of the online ones
        "行政许可、行政处罚、行政强制决定数量分别为1332件、277件、37件。",
        "本年度发生政府信息公开行政复议2件，全年开展培训3次。",
        "依申请公开情况\n本局共收到政府信息公开申请123件。",  # a heading over the sentence: read once
        # counts of part of the applications, of other applications, or of other things
        "全年受理行政许可申请350件，已全部办结。",
        "本年度办理上年结转申请3件，均已办结。",
        "另有3件申请尚在答复期限内，将于2024年答复。",
        "全年收到自然人申请16件，法人或其他组织申请107件。",
        "全年共收到临时占道经营申请56件。",
        "1件因涉及第三方合法权益不予公开，1件因属于过程性信息不予公开。",
        "上年结转的3件申请中，2件予以公开，1件部分公开。",
        "同意公开（含部分公开）3件。",
        "全年共制发公文320件，主动公开280件，依申请公开20件，不予公开20件。",
        "行政复议结果维持2件，纠正0件。",
        "全年收到行政复议申请86件，依法作出行政复议决定80件。",
        "全年涉及城市管理的行政诉讼案件8件。",
        "全年作出准予行政许可决定1300件，不予许可32件。",
        "乡镇（街道）共收到政府信息公开申请18件。",
        "区县（市）政府共收到政府信息公开申请1,234件。",
        "本局将在2024年制定行政规范性文件2件。",
        "本年度政府信息公开申请数量为123件。",
        "本年度政府信息公开申请数量为126件（含上年结转3件）。",
        "本年度被申请行政复议2件，结果均为维持。",
        "本年度被申请行政复议2件，其中维持2件。",
        "本年度被申请行政复议2件，无被纠错情况。",
        "本年度行政复议维持率100%。",
        "本局作为复议机关办理行政复议案件30件，维持25件，纠正5件。",
        "本年度被申请行政复议2件、提起行政诉讼6件，其中维持3件。",
    ],
)
def test_what_an_evaluator_knows_is_no_contradiction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str
) -> None:
    assert _codes(tmp_path, capsys, sentence) == []


def test_reviews_all_upheld_against_the_upheld_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one_upheld = ("| 2 | 0 | 0 | 0 | 2 | 0 | 0 | 4 |", "| 1 | 0 | 1 | 0 | 2 | 0 | 0 | 4 |")
    found = _codes(tmp_path, capsys, "本年度被申请行政复议2件，结果均为维持。", edits=[one_upheld])
    assert found == [("GK701", "行政复议·结果维持")]
    for negated in ("复议机关未全部维持。", "结果不是全部维持。", "并非都被维持。"):
        assert _codes(tmp_path, capsys, f"本年度被申请行政复议2件，{negated}", edits=[one_upheld]) == []


def test_the_note_under_table_four_is_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    part_five = "## 五、存在的主要问题及改进情况"
    note = (part_five, f"2023年，本局未发生政府信息公开行政复议案件。\n\n{part_five}")
    found = _codes(tmp_path, capsys, "本局共收到政府信息公开申请123件。", edits=[note])
    assert found == [("GK701", "行政复议·总计")]


@pytest.mark.parametrize(
    "row", ["| 一、本年新收政府信息公开申请数量 |", "| 二、上年结转政府信息公开申请数量 |"], ids=["new", "carried_in"]
)
def test_a_handling_count_is_not_compared_while_a_row_it_may_mean_is_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str
) -> None:
    """受理 126 = 123 new + 3 carried in: with either row unread (a cell too many, GK010), the count
    may be the sum the table cannot give, so it is not said to contradict the results (123)."""
    sentence = "本年度共受理政府信息公开申请126件。"
    assert _codes(tmp_path, capsys, sentence) == []
    unread = [(row, row + " 5 |")]  # one cell more than the template's: the row is not read

    assert _codes(tmp_path, capsys, sentence, edits=unread) == []
    assert "GK010" in {code for code, _ in _codes(tmp_path, capsys, sentence, edits=unread, select="GK0")}


def test_a_row_written_slash_is_read_not_unread(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """上年结转 written "/" in every cell is none carried in (the 3 moved into the new applications, so
    that the table adds up): a count handled of 200 is still compared."""
    row = "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 3 | 0 | 3 |"
    slashes = "| 二、上年结转政府信息公开申请数量 |  |  | / | / | / | / | / | / | / |"
    edits = [(row, slashes), ("| 16 | 9 | 19 | 26 | 35 | 18 | 123 |", "| 16 | 9 | 19 | 26 | 38 | 18 | 126 |")]
    assert "GK701" in {code for code, _ in _codes(tmp_path, capsys, "本年度共受理政府信息公开申请200件。", edits=edits)}


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("本年度共受理政府信息公开申请126件，答复125件。", ["（七）总计·总计"]),  # 126 = 123 new + 3 carried in
        ("本年度共受理政府信息公开申请126件，已办结123件。", []),  # the results' total
        ("本年度共受理政府信息公开申请123件，办结120件，3件结转下年度办理。", []),  # new less carried over
        ("本年度共受理政府信息公开申请126件，按时答复120件。", []),  # those in time: some of them
    ],
)
def test_a_count_concluded_after_the_count_handled_is_compared_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, found: list[str]
) -> None:
    """受理…件，答复…件: the second count, which names no applications, is theirs, and is compared
    with the table as a count handled is (not dropped as the same topic stated twice)."""
    assert [title for code, title in _codes(tmp_path, capsys, sentence) if code == "GK701"] == found
