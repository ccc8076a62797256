"""GK701, GK702 and GK503/GK504 on more of the ways reports phrase their counts: each contradiction
an evaluator marks by hand is found, and what only looks like one is left alone.

The clean example's tables: 本年新收 123, 上年结转 3, （七）总计 123, 结转下年度 3; results 予以公开 0,
部分公开 3, 不予公开 49, 无法提供 25, 不予处理 31, 其他处理 15 (5 + 7 + 3); 行政许可 1332, 行政处罚 277;
行政复议 2, all upheld."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.test_narrative import narrative_findings

FEE_STATEMENT = "本局2023年度未收取信息处理费。"


def places(findings: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None]]:
    return [(f["code"], f["logical"].get("row"), f["logical"].get("column")) for f in findings]


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # a count of those applications in a clause that names none
        ("本局收到政府信息公开申请123件，共办结119件。", ("results_total", "total")),
        # the sixth kind of result
        ("本局收到政府信息公开申请123件，其中予以公开0件、其他处理16件。", ("other.1", "total")),
        # a breakdown of all those handled, introduced as such
        ("在办结的123件申请中，予以公开1件，部分公开3件。", ("disclosed", "total")),
        ("本局全年累计收到政府信息公开申请124件。", ("new", "total")),  # 累计 within the year
        ("本年度新增政府信息公开申请124件。", ("new", "total")),
        ("本局收到政府信息公开申请123件，已全部按时办结。", ("carried_out", "total")),  # none carried over
        ("2022年收到政府信息公开申请100件，2023年收到政府信息公开申请124件。", ("new", "total")),
        ("本局收到政府信息公开申请123件，上年结转五件。", ("carried_in", "total")),
        ("本年度被申请行政复议2件，被复议机关纠错1件。", ("review", "corrected")),
        ("本年度行政许可、行政处罚决定数量分别为1332、278件。", ("penalty", "decisions")),  # one measure for all
        # a clause that counts nothing between the applications and the count handled
        ("本局收到政府信息公开申请123件，全部在法定期限内答复，办结119件。", ("results_total", "total")),
        ("本局收到政府信息公开申请123件，全部在法定期限内答复，已全部办结。", ("carried_out", "total")),
        ("本局收到政府信息公开申请123件，上年结转3件，均已按期办结。", ("carried_out", "total")),  # new and carried in
        # after a semicolon, the handling of the applications just counted (and broken down)
        ("本局收到政府信息公开申请123件，其中自然人申请100件；共办理119件。", ("results_total", "total")),
        ("本局收到政府信息公开申请123件，截至12月31日，尚有2件申请正在办理中。", ("carried_out", "total")),
        ("本局收到政府信息公开申请123件。上述申请均已按期办结。", ("carried_out", "total")),
        # the counts of 规范性文件 apart by 、 in one clause (the table: 1 issued, 3 abolished, 39 in force)
        ("本年度制发行政规范性文件1件、废止3件、现行有效40件。", ("normative_documents", "in_force")),
        ("本年度制发行政规范性文件2件、废止3件、现行有效39件。", ("normative_documents", "issued")),
        # a count that includes those carried in, said in brackets
        ("本局收到政府信息公开申请128件（含上年结转3件）。", ("new", "total")),
        # 同意公开 beside 部分同意公开 and 不同意公开: three kinds of result, not one named twice
        ("本局收到政府信息公开申请123件，其中同意公开1件，部分同意公开3件。", ("disclosed", "total")),
        ("本局收到政府信息公开申请123件，其中同意公开0件，部分同意公开4件。", ("partly_disclosed", "total")),
        ("本局收到政府信息公开申请123件，其中同意公开0件，不同意公开48件。", ("withheld.1", "total")),
        # last year as what a figure is set against: the clauses after it are this year's
        ("本局政府信息公开申请量较上年减少5件，共收到政府信息公开申请124件。", ("new", "total")),
        ("本年度作出行政处罚决定277件，未实施行政强制。", ("enforcement", "decisions")),
        # a breakdown of all the applications, not of some of them
        ("所有办结的信息公开申请中同意公开1件。", ("disclosed", "total")),
        ("在全部申请中予以公开1件。", ("disclosed", "total")),
        # a sentence a PDF laid out over three lines
        ("所有办结的信息公开\n申请中同意公开\n答复1件，部分公开3件。", ("disclosed", "total")),
        # a line that goes on with a sentence the line before began: read with its start (申请中 is all)
        (
            "本局收到政府信息公开申请123件，所有办结的信息公开\n申请中予以公开0件，部分公开4件。",
            ("partly_disclosed", "total"),
        ),
        ("本局收到政府信息公开申请123件。在123件申请中，予以公开1件。", ("disclosed", "total")),
        ("本年度实施行政强制措施38次。", ("enforcement", "decisions")),  # measures taken, in times
        # 规范性文件 counted in the ways agencies write it (the table: 1 issued, 3 abolished, 39 in force)
        ("本年度无新增规范性文件，废止3件，现行有效39件。", ("normative_documents", "issued")),
        ("规范性文件本年制发、废止、现行有效件数分别为1件、3件、40件。", ("normative_documents", "in_force")),
        ("本年制发、废止、现行有效规范性文件分别为1件、2件、39件。", ("normative_documents", "abolished")),
        ("本年度制发行政规范性文件1件；废止3件；现行有效40件。", ("normative_documents", "in_force")),
        ("本年度制发行政规范性文件1件，累计现行有效行政规范性文件40件。", ("normative_documents", "in_force")),
        ("本年度被申请行政复议2件，涉及的行政诉讼数为5件。", ("litigation_direct", "total")),
    ],
)
def test_a_contradiction_in_these_words_is_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, place: tuple[str, str]
) -> None:
    assert places(narrative_findings(tmp_path, capsys, sentence)) == [("GK701", *place)]


@pytest.mark.parametrize(
    "sentence",
    [
        "本局收到政府信息公开申请123件，共办结123件。",
        "本局收到政府信息公开申请123件，已办结120件。",  # of the new ones (3 carried over)
        "本局收到政府信息公开申请123件，5件正在办理中。",  # pending: no count handled
        "本局收到政府信息公开申请123件，其中予以公开0件、其他处理15件。",
        "在办结的123件申请中，予以公开0件，部分公开3件。",
        "2022年收到政府信息公开申请100件，2023年收到政府信息公开申请123件。",
        "本年度被申请行政复议2件，被复议机关维持2件。",
        # no count of decisions: a time limit, a list of powers
        "行政许可审批时限压缩至3个工作日，行政处罚案件平均办结时间15个工作日。",
        "本局共有行政许可权力12项、行政处罚权力203项。",
        "本年度行政许可、行政处罚决定数量分别为1332、277件。",
        "本局收到政府信息公开申请123件，全部在法定期限内答复，办结123件。",
        # last year's figures in brackets, given respectively
        "本年度发生行政复议2件、行政诉讼6件（2022年分别为3件、8件）。",
        "本年度发生行政复议2件、行政诉讼6件（上年分别为3件、8件）。",
        "本年度制发行政规范性文件1件、废止3件、现行有效39件。",
        "本局收到政府信息公开申请126件（含上年结转3件）。",
        "本局受理政府信息公开申请126件（含上年结转3件）。",
        "本局收到政府信息公开申请123件（含网上申请100件）。",
        # a subordinate unit's count, part of the year's, cases opened: not the table's figure
        "局属执法大队作出行政处罚决定30件。",
        "局机关收到政府信息公开申请100件，局属单位收到政府信息公开申请23件。",  # the whole, split by unit
        "上半年收到政府信息公开申请60件。",
        "一季度作出行政处罚决定70件。",
        "行政处罚案件立案300件。",
        "本局收到政府信息公开申请123件，其中同意公开0件，部分同意公开3件，不同意公开49件。",
        "本局政府信息公开申请量较上年减少5件，共收到政府信息公开申请123件。",
        "2022年收到政府信息公开申请100件，本年度收到政府信息公开申请123件。",
        "2024年1月至今，已作出行政处罚决定5件。",  # the next year's months: not the report's year
        "本年度开展行政强制执法培训3次。",
        "本局收到政府信息公开申请123件。与上年相比，申请数量增加37件。",  # a difference after its comparison
        "本局收到政府信息公开申请123件，有5件申请正在办理中。",  # pending, not handled; at writing, not year end
        "本局收到政府信息公开申请123件，截至2024年1月10日，尚有2件申请正在办理中。",
        # what a review (清理) abolished may be some of the year's abolished documents only
        "开展规范性文件清理，共清理28件，废止2件。",
        "本年度制发行政规范性文件1件，清理后废止2件。",
        "本年度无新增规范性文件以外的其他文件。本年度制发行政规范性文件1件；废止3件；现行有效39件。",
    ],
)
def test_words_that_agree_or_count_something_else_are_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str
) -> None:
    assert narrative_findings(tmp_path, capsys, sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "全年主动公开政府信息120条，其中工作动态63条、通知公告30条，较上年增加45条。",
        "全年主动公开政府信息120条，其中工作动态63条、通知公告30条，政务新媒体推送40条。",
    ],
)
def test_a_parts_list_ends_where_the_sentence_turns_to_something_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str
) -> None:
    assert narrative_findings(tmp_path, capsys, sentence) == []
    over = sentence.replace("通知公告30条", "通知公告60条")  # 63 + 60 > 120: the list itself is wrong
    assert places(narrative_findings(tmp_path, capsys, over)) == [("GK702", None, None)]


@pytest.mark.parametrize(
    ("statement", "missing"),
    [
        ("本年度依申请公开工作未产生任何费用。", False),
        ("本年度未收取信息处\n理费。", False),  # a line break copied from a PDF inside the words
        ("本机关严格执行《政府信息公开信息处理费管理办法》。", True),  # the measures' title reports nothing
        ("依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。", False),
        (
            "\n| 信息处理费收取情况 | 发出收费通知件数 | 收费总金额（元） | 实际收取总金额（元） |\n|---|---|---|---|\n"
            "| 本年度 | 0 | 0 | 0 |\n",
            False,
        ),
        (
            "本行政机关应当报告《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》"
            "（国办函〔2020〕109号）规定的信息处理费收取情况。",
            True,  # the format's own instruction, left in: no report
        ),
    ],
)
def test_the_fee_statement_of_part_six(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], statement: str, missing: bool
) -> None:
    found = narrative_findings(tmp_path, capsys, "", edits=[(FEE_STATEMENT, statement)], select="GK503")
    assert [f["code"] for f in found] == (["GK503"] if missing else [])


@pytest.mark.parametrize(
    "statement",
    [
        "本年度发出收费通知的件数和总金额以及实际收取的总金额均为0。",
        "本年度信息处理费收费通知书0份，收取信息处理费0元。",
        "本年度未产生收费通知，未收取信息处理费。",
        "本年度未发出收费通\n知，未收取信息处理费。",
    ],
)
def test_a_fee_notice_denial_in_the_format_s_own_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], statement: str
) -> None:
    """Table 三's （六）2 is 7 in the example: notices were sent, and the text says none was."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert "逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 2 |" in text
    found = narrative_findings(tmp_path, capsys, "", edits=[(FEE_STATEMENT, statement)], select="GK504")
    assert places(found) == [("GK504", "other.2", "total")]


def test_parts_over_every_whole_are_measured_against_the_largest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """收到123件，上年结转3件，其中已办结120件，10件结转下年度: 130 parts of at most 126 to handle."""
    sentence = "本局收到政府信息公开申请123件，上年结转3件，其中已办结120件，10件结转下年度办理。"
    found = narrative_findings(tmp_path, capsys, sentence, select="GK702")
    assert [f["code"] for f in found] == ["GK702"] and "130" in found[0]["message"] and "126" in found[0]["message"]


@pytest.mark.parametrize(("whole", "codes"), [(120, []), (119, ["GK702"])])
def test_a_parts_list_after_a_colon_with_its_items_apart_by_semicolons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], whole: int, codes: list[str]
) -> None:
    sentence = f"全年主动公开政府信息{whole}条，其中：工作动态63条；通知公告30条；政策文件17条；人事信息10条。"
    assert [f["code"] for f in narrative_findings(tmp_path, capsys, sentence)] == codes


@pytest.mark.parametrize(
    ("agency", "sentence", "found"),
    [
        # a government's report gives its whole area's counts: 全市 is its own
        ("示例市人民政府", "2023年，全市共收到政府信息公开申请124件。", [("GK701", "new", "total")]),
        ("示例市人民政府", "2023年，全市共收到政府信息公开申请123件。", []),
        ("示例县", "2023年，全县共收到政府信息公开申请124件。", [("GK701", "new", "total")]),
        # a department's report: the city's total is another body's count
        ("示例市示例局", "2023年，全市共收到政府信息公开申请124件。", []),
        # the new and the carried in (123 + 3) said as received: those carried in came last year
        ("示例市示例局", "本局收到政府信息公开申请126件。", [("GK701", "new", "total")]),
    ],
)
def test_a_government_s_own_area_and_the_received_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], agency: str, sentence: str, found: list[tuple[str, str, str]]
) -> None:
    edits = [("# 示例市示例局2023年", f"# {agency}2023年")]
    assert places(narrative_findings(tmp_path, capsys, sentence, edits=edits)) == found


def test_a_contradiction_names_the_value_of_the_cell_it_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """办结 may also mean the new applications less those carried over (120 here), but the finding
    names （七）总计, so it quotes that cell's 123."""
    found = narrative_findings(tmp_path, capsys, "本局收到政府信息公开申请123件，办结118件。")
    assert [(f["code"], f["expected"]) for f in found] == [("GK701", "123")]
    assert "的 123 不一致" in found[0]["message"]


def test_a_list_followed_by_a_sentence_on_one_of_its_parts_is_found_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sentence = "主动公开政府信息60条，其中工作动态43条、政策文件20条。其中，政策文件以表格形式公开。"
    assert [f["code"] for f in narrative_findings(tmp_path, capsys, sentence)] == ["GK702"]


@pytest.mark.parametrize(
    ("sentence", "codes"),
    [
        # a list a PDF's line break cut: the next line goes on with it
        ("全年主动公开政府信息120条，其中工作动态63条、通知公告30条、政策文件\n17条、人事信息20条。", ["GK702"]),
        ("全年主动公开政府信息120条，其中工作动态63条、通知公告30条、政策文件\n17条、人事信息10条。", []),
        # the sum after the list, said with 共 alone
        ("全年发布工作动态63条、通知公告30条，共83条。", ["GK702"]),
        # the channel named once before the list is no item of it
        ("我局通过政府门户网站发布工作动态63条、通知公告30条，共计83条。", ["GK702"]),
        # channels as items: the same information counted on each
        ("通过门户网站发布信息63条、微信公众号发布30条，共计83条。", []),
        # parts named then counted, the last "the others": they claim to be the whole
        ("全年主动公开政府信息120条，其中工作动态、通知公告、其他信息分别为63条、30条、17条。", ["GK702"]),
        ("全年主动公开政府信息120条，其中工作动态、通知公告、其他信息分别为63条、30条、27条。", []),
        ("全年主动公开政府信息120条，其中工作动态、通知公告分别为63条、30条。", []),  # some kinds only
        ("本年度开展业务培训5次，其中集中培训2次、专题培训4次。", ["GK702"]),  # times add up too
        # each part with its verb, spaced as PDF→Markdown writes it: the verb before a count names an item
        ("网站全年发布信息 120 条，其中动态类信息发布 63 条，政务信息发布 60 条。", ["GK702"]),
        # the parts named between the whole and 分别为: more than the whole is wrong, less may be some only
        ("全年主动公开政府信息120条，工作动态、通知公告、政策文件分别为63条、30条、37条。", ["GK702"]),
        ("全年主动公开政府信息120条，工作动态、通知公告、政策文件分别为63条、30条、17条。", []),
        ("本局收到政府信息公开申请123件，行政复议、行政诉讼分别为2件、6件。", []),
    ],
)
def test_lists_wrapped_summed_with_gong_or_led_by_a_channel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, codes: list[str]
) -> None:
    assert [f["code"] for f in narrative_findings(tmp_path, capsys, sentence, select="GK702")] == codes


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("本年度被申请行政复议2件，其中维持1件、纠正0件、其他1件、尚未审结0件。", [("GK701", "review", "upheld")]),
        ("本年度被申请行政复议2件，其中维持2件、纠正0件、其他0件、尚未审结0件。", []),
    ],
)
def test_a_full_list_of_review_outcomes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, found: list[tuple[str, str, str]]
) -> None:
    """其他 and 尚未审结 name no outcome the text is checked for; the list's others still are."""
    assert places(narrative_findings(tmp_path, capsys, sentence)) == found


def test_a_caption_before_a_table_does_not_run_on_into_the_note_after_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """表3 收到和处理政府信息公开申请情况 / [table] / 注：…: the caption's sentence ends at the table; the
    note's count is stated once, at the note."""
    table_end = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |\n"
    heading = "## 三、收到和处理政府信息公开申请情况\n"
    edits = [
        (heading, heading + "\n表3 收到和处理政府信息公开申请情况\n"),
        (table_end, table_end + "\n注：本年度办理结果中予以公开1件。\n"),
    ]
    found = narrative_findings(tmp_path, capsys, "本局收到政府信息公开申请123件。", edits=edits)
    lines = (tmp_path / "report.md").read_text(encoding="utf-8").splitlines()
    note_line = next(n for n, line in enumerate(lines, 1) if "注：" in line)
    assert [(f["code"], f["line"]) for f in found] == [("GK701", note_line)]


def test_a_count_after_lines_that_stop_nowhere_is_stated_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lines without a stop before a sentence (a PDF's placeholders for tables left out) each run on into
    it: the paragraph holding the count states it, once."""
    found = narrative_findings(tmp_path, capsys, "（略）\n" * 6 + "注：本年度办理结果中予以公开1件。")
    assert [(f["code"], "「注：本年度办理结果中予以公开1件」" in f["message"]) for f in found] == [("GK701", True)]
