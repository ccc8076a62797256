"""Word's tables with their borders off: the PDF has no vertical rulings, the label columns are
narrow, and every label and column heading that wraps stands on lines of its own. A consistent
report so made binds back unchanged and clean, top-aligned, centred in its cells, or with its rows
broken across pages; one broken number gives exactly its findings. The plan that joins the lines
is tested on cell texts as the reader cuts them."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gklint.readers.pdf.wrapped import is_value, rejoined
from tests.render.pdf import (
    WORD_BORDERLESS,
    render_borderless_pdf,
    render_pdf,
    render_pdf_libreoffice,
    soffice,
)
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import assert_binds_back_clean, bound_values, expected_codes, lint, page_texts

SLOW = settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("style", sorted(WORD_BORDERLESS))
@SLOW
@given(seed=st.integers(0, 2**32 - 1), busy=st.sampled_from([0.0, 0.5, 0.9]))
def test_a_consistent_report_binds_back_unchanged_and_clean(tmp_path: Path, style: str, seed: int, busy: float) -> None:
    values = consistent_values(random.Random(seed), busy)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(make_content(values), WORD_BORDERLESS[style]))

    findings, report = lint(path)

    assert findings == []
    assert report is not None and bound_values(report) == values


_CASES = [
    ("applications", row, column)
    for row in ("new", "disclosed", "withheld.1", "withheld.8", "other.2", "results_total", "carried_out")
    for column in ("natural_person", "legal_service")
]


@pytest.mark.parametrize("style", sorted(WORD_BORDERLESS))
@SLOW
@given(seed=st.integers(0, 2**32 - 1), case=st.sampled_from(_CASES))
def test_one_broken_number_gives_exactly_its_findings(
    tmp_path: Path, style: str, seed: int, case: tuple[str, str, str]
) -> None:
    table, row, column = case
    values = copy.deepcopy(consistent_values(random.Random(seed), 0.5))
    values[table][row][column] = str(int(values[table][row][column]) + 3)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(make_content(values), WORD_BORDERLESS[style]))

    findings, _ = lint(path)

    assert {code for code, _, _ in findings} == expected_codes(table, row)
    assert all(found_row == row for _, found_row, _ in findings)


def _joined(texts: list[list[str]]) -> list[list[str]]:
    plan = rejoined(texts)
    assert plan is not None
    return [["".join(texts[n][column] for n in lines) for column, lines in enumerate(row)] for row in plan]


def test_a_top_aligned_label_takes_the_lines_below_its_values() -> None:
    texts = [
        ["", "", "商业企业", "总计"],
        ["三、本年", "（一）予以公开", "2", "2"],
        ["度办理结", "（二）部分公开（区", "0", "0"],
        ["果", "分处理的，只计这一", "", ""],
        ["", "情形）", "", ""],
        ["", "（三）不予公开", "1", "1"],
    ]
    assert _joined(texts) == [
        ["", "", "商业企业", "总计"],
        ["三、本年度办理结果", "（一）予以公开", "2", "2"],
        ["", "（二）部分公开（区分处理的，只计这一情形）", "0", "0"],
        ["", "（三）不予公开", "1", "1"],
    ]


def test_a_centred_label_starts_above_its_values_and_a_line_of_values_alone_takes_it() -> None:
    texts = [
        ["", "商业企业", "总计"],
        ["（一）予以公开", "2", "2"],
        ["（二）部分公开（区", "", ""],
        ["", "0", "0"],
        ["分处理的）", "", ""],
        ["（三）不予公开", "1", "1"],
    ]
    assert _joined(texts) == [
        ["", "商业企业", "总计"],
        ["（一）予以公开", "2", "2"],
        ["（二）部分公开（区分处理的）", "0", "0"],
        ["（三）不予公开", "1", "1"],
    ]


def test_labels_without_a_marker_each_have_their_row_and_a_heading_line_joins_no_label() -> None:
    texts = [
        ["信息内容", "本年制发件数", "现行有效件数"],
        ["规章", "0", "0"],
        ["行政规范性", "1", "5"],
        ["文件", "", ""],
        ["第二十条第（五）项", "", ""],
        ["信息内容", "本年处理决定数量", ""],
        ["行政许可", "3", ""],
    ]
    assert _joined(texts) == [
        ["信息内容", "本年制发件数", "现行有效件数"],
        ["规章", "0", "0"],
        ["行政规范性文件", "1", "5"],
        ["第二十条第（五）项", "", ""],
        ["信息内容", "本年处理决定数量", ""],
        ["行政许可", "3", ""],
    ]


def test_wrapped_column_headings_join_and_a_table_that_does_not_wrap_is_left_alone() -> None:
    texts = [
        ["（本列数据的勾稽关系为：第一", "", "申请人情况", "", ""],
        ["项加第二项之和）", "", "自然人", "社会公益", "法律"],
        ["", "", "", "组织", "服务"],
        ["", "", "", "", "机构"],
        ["一、本年新收政府信息公开申请数量", "", "1", "0", "0"],
        ["二、上年结转政府信息公开申请数量", "", "0", "0", "0"],
    ]
    assert _joined(texts)[:2] == [
        ["（本列数据的勾稽关系为：第一项加第二项之和）", "", "申请人情况", "", ""],
        ["", "", "自然人", "社会公益组织", "法律服务机构"],
    ]
    assert rejoined([["规章", "0"], ["行政规范性文件", "1"]]) is None


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("valign", ["top", "middle"])
def test_libreoffice_tables_without_borders_bind_back_unchanged(tmp_path: Path, valign: str) -> None:
    """LibreOffice keeps half of Word's margin between a cell's text and its edge: columns stand
    closer, and an ordinal may sit on a baseline of its own."""
    values = consistent_values(random.Random(5), 0.5)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf_libreoffice(make_content(values), borders=False, valign=valign))

    findings, report = lint(path)

    assert findings == []
    assert report is not None and bound_values(report) == values


def _headings_end_a_page(data: bytes) -> bool:
    """True when a page holds 表二's headings and the next page its first row, and not before."""
    pages = page_texts(data)
    return any("申请人情况" in a and "本年新收" not in a and "本年新收" in b for a, b in itertools.pairwise(pages))


@pytest.mark.parametrize("style", ["pdf-borderless-wrapped", "pdf-borderless-centred"])
def test_headings_that_end_a_page_join_the_rows_on_the_next(tmp_path: Path, style: str) -> None:
    """Without Word's 标题行重复, a table's headings may stand alone at the foot of a page."""
    values = copy.deepcopy(consistent_values(random.Random(7), 0.5))
    values["applications"]["new"]["natural_person"] = str(int(values["applications"]["new"]["natural_person"]) + 3)
    content = make_content(values)
    alone = dataclasses.replace(WORD_BORDERLESS[style], repeat_headers=False)
    for extra in range(40):  # prose before the table until the break falls right under its headings
        sections = {**content.sections, 1: [*content.sections[1], *["补充说明工作情况。" * 6] * extra]}
        data = render_pdf(dataclasses.replace(content, sections=sections), alone)
        if _headings_end_a_page(data):
            break
    else:
        pytest.fail("no length of prose puts the headings alone at the foot of a page")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)

    findings, report = lint(path)

    assert {code for code, _, _ in findings} == expected_codes("applications", "new")
    assert report is not None and bound_values(report) == values


def test_the_last_row_of_a_part_alone_on_the_next_page_joins_its_headings(tmp_path: Path) -> None:
    """表一's fee row, the only row under its headings, on a page of its own."""
    values = consistent_values(random.Random(3), 0.5)
    data = render_borderless_pdf(make_content(values))
    pages = page_texts(data)
    assert "本年收费金额" in pages[0] and "行政事业性收费" in pages[1]  # the layout this test is about

    assert_binds_back_clean(tmp_path / "report.pdf", data, values)


def test_a_fee_written_with_its_unit_alone_on_the_next_page_is_still_the_fee(tmp_path: Path) -> None:
    """The fee row on a page of its own, its amount written in 元 (GK501's business): a value, so the
    row joins its headings and GK501 names it, not a row of the headings (GK010)."""
    values = consistent_values(random.Random(3), 0.5)
    values["active"]["fees"]["amount"] = "251000元"
    data = render_borderless_pdf(make_content(values))
    assert "行政事业性收费" in page_texts(data)[1]
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    findings, report = lint(path)
    assert findings == [("GK501", "fees", "amount")]
    assert report is not None and bound_values(report) == values


@pytest.mark.parametrize("style", sorted(WORD_BORDERLESS))
@pytest.mark.parametrize("repeat", [True, False], ids=["headers-repeated", "headers-once"])
def test_wherever_the_page_breaks_a_consistent_report_binds_back_unchanged(
    tmp_path: Path, style: str, repeat: bool
) -> None:
    """Prose before the tables, one more paragraph at a time, moves every page break through every
    table: a group label centred over rows on two pages, 表二's headings and a single row on a page,
    a (一) label wider than its column, a row broken under a heading standing apart."""
    values = consistent_values(random.Random(4), 0.5)
    content = make_content(values)
    layout = dataclasses.replace(WORD_BORDERLESS[style], repeat_headers=repeat)
    failed = []
    for extra in range(40):
        sections = {**content.sections, 1: [*content.sections[1], *["补充说明工作情况。" * 6] * extra]}
        path = tmp_path / f"report-{extra}.pdf"
        path.write_bytes(render_pdf(dataclasses.replace(content, sections=sections), layout))
        findings, report = lint(path)
        if findings or report is None or bound_values(report) != values:
            failed.append((extra, sorted({code for code, _, _ in findings})))

    assert failed == []


def test_every_column_of_values_still_joins_its_wrapped_headings() -> None:
    """表三 in columns one character wide: each heading stands one character to a line; a heading
    spanning columns (行政复议) is not the start of those under it."""
    texts = [
        ["行政复议", "", "", "", "行政诉讼", "", "", ""],
        ["结", "结", "其", "总", "未经复议直接起诉", "", "", ""],
        ["果", "果", "他", "计", "结", "结", "其", "总"],
        ["维", "纠", "结", "", "果", "果", "他", "计"],
        ["持", "正", "果", "", "维", "纠", "结", ""],
        ["", "", "", "", "持", "正", "果", ""],
        ["1", "2", "0", "3", "0", "1", "1", "2"],
    ]
    assert _joined(texts) == [
        ["行政复议", "", "", "", "行政诉讼", "", "", ""],
        ["结果维持", "结果纠正", "其他结果", "总计", "未经复议直接起诉", "", "", ""],
        ["", "", "", "", "结果维持", "结果纠正", "其他结果", "总计"],
        ["1", "2", "0", "3", "0", "1", "1", "2"],
    ]


def test_an_ordinal_before_wu_is_a_label_not_a_value() -> None:
    """无 alone stands for a number; 4.无 is the start of 4.无正当理由大量反复申请 in a narrow column."""
    assert is_value("无") and is_value("0") and is_value("—")
    assert not is_value("4.无") and not is_value("无0")
