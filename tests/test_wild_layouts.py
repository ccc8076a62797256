"""Layouts seen in real published reports (tests/render/wild.py makes each the way its producer
does): a consistent report binds back to the same values with nothing to report beyond what the
layout itself forces; one broken number gives exactly the matching findings."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gklint.binder import bind
from gklint.config import Layer, Resolver
from gklint.model import Finding, Report
from gklint.runner import Linter
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021
from tests.render.html import render_html
from tests.render.synth import consistent_values, make_content
from tests.render.text import tab_rows
from tests.render.wild import WILD
from tests.test_roundtrip import PLUGINS, RULESETS, bound_values, expected_codes

# What the layout itself forces: GK105 where a row of numbers lost its label (bound by position).
FORCED = {"torn-markdown": {"GK105"}}


def lint(text: str, suffix: str, tmp_path: Path) -> tuple[list[Finding], Report]:
    path = tmp_path / f"report{suffix}"
    path.write_text(text, encoding="utf-8")
    result = Linter(PLUGINS, Resolver(RULESETS, Layer("test"))).lint_file(path)
    reader = next(r for r, _ in PLUGINS.readers if suffix in r.suffixes)
    return list(result.findings), bind(reader.read(str(path), path.read_bytes()), [NATIONAL_2021, NATIONAL_2019])


@pytest.mark.parametrize("layout", sorted(WILD))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), busy=st.sampled_from([0.0, 0.4, 0.9]))
def test_a_consistent_report_binds_back_unchanged(tmp_path: Path, layout: str, seed: int, busy: float) -> None:
    values = consistent_values(random.Random(seed), busy)
    suffix, render = WILD[layout]

    findings, report = lint(render(make_content(values)), suffix, tmp_path)

    assert {f.code for f in findings} <= FORCED.get(layout, set())
    assert bound_values(report) == values


def _cases() -> list[tuple[str, str, str]]:
    rows = ["new", "carried_in", "disclosed", "withheld.4", "other.2", "results_total", "carried_out"]
    return [("applications", row, col) for row in rows for col in ("natural_person", "total")] + [
        ("review_litigation", "review", "upheld")
    ]


@pytest.mark.parametrize("layout", sorted(WILD))
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), case=st.sampled_from(_cases()))
def test_one_broken_number_gives_exactly_its_findings(
    tmp_path: Path, layout: str, seed: int, case: tuple[str, str, str]
) -> None:
    table, row, column = case
    values = copy.deepcopy(consistent_values(random.Random(seed), 0.5))
    values[table][row][column] = str(int(values[table][row][column]) + 3)
    suffix, render = WILD[layout]

    findings, _ = lint(render(make_content(values)), suffix, tmp_path)

    arithmetic = [f for f in findings if f.code not in FORCED.get(layout, set())]
    assert {f.code for f in arithmetic} == expected_codes(table, row)
    assert all(f.place.row == row for f in arithmetic)


def test_bare_lines_lose_blank_cells_and_a_row_without_cells_is_blank(tmp_path: Path) -> None:
    values = consistent_values(random.Random(7), 0.5)
    for column in values["applications"]["withheld.1"]:
        values["applications"]["withheld.1"][column] = ""  # vanishes entirely from bare lines
    suffix, render = WILD["bare-lines"]

    findings, report = lint(render(make_content(values)), suffix, tmp_path)

    assert {(f.code, f.place.row) for f in findings} == {("GK107", "withheld.1")}
    assert len(findings) == 7
    assert report.tables["applications"]["withheld.1"]["total"].raw == ""


def test_a_cut_column_header_is_named_by_its_position(tmp_path: Path) -> None:
    text = (
        "示例局2019年政府信息公开工作年度报告\n二、主动公开政府信息情况\n"
        "第二十条第(一)项 | | | |\n信息内容 | 本年新 | 本年新 | 对外公开总数量 |\n"
        "规章 | 0 | 0 | 0 |\n规范性文件 | 1 | 1 | 5 |\n"
    )
    findings, _ = lint(text, ".txt", tmp_path)

    typos = [(f.code, f.actual, f.place.column) for f in findings if f.code == "GK105"]
    assert typos == [("GK105", "本年新", "made"), ("GK105", "本年新", "published")]


def test_ocr_punctuation_in_a_label_is_no_typo(tmp_path: Path) -> None:
    """OCR and converters write 、 as a comma: 「1. 申请人无正当理由逾期不补正, 行政机关…」 is the label."""
    values = consistent_values(random.Random(9), 0.5)
    suffix, render = WILD["ocr-markdown"]
    text = render(make_content(values)).replace("补正、行政机关", "补正, 行政机关")
    assert "补正, 行政机关" in text

    findings, report = lint(text, suffix, tmp_path)

    assert findings == []
    assert bound_values(report) == values


@pytest.mark.parametrize("layout", ["bare-lines", "label-lines"])
def test_navigation_run_onto_the_first_headings_line_leaves_the_heading(tmp_path: Path, layout: str) -> None:
    """A portal page's text taken whole (lxml ``text_content``): the breadcrumbs and the font-size
    links run onto the line of 一、总体情况. The part is still found: no GK101."""
    values = consistent_values(random.Random(11), 0.5)
    suffix, render = WILD[layout]
    text = render(make_content(values, year=2023))
    navigation = "当前位置：首页 > 政务公开 > 政府信息公开年报发布时间：2024-01-20  来源：本机关  字号：[大 中 小]"
    assert text.count("\n一、总体情况\n") == 1
    text = text.replace("\n一、总体情况\n", f"\n{navigation}一、总体情况\n")

    findings, report = lint(text, suffix, tmp_path)

    assert findings == []
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    assert report.sections[1].heading == "一、总体情况"


def test_part_headings_numbered_by_an_html_list_are_found(tmp_path: Path) -> None:
    """LibreOffice writes Word's numbered headings as ``<ol start="2"><li><p>主动公开政府信息情况``: the
    number is the list's, not the text's. A part's title alone on its line is its heading."""
    values = consistent_values(random.Random(13), 0.5)
    content = make_content(values, year=2023)
    page = render_html(content).decode("utf-8")
    for number in range(1, 7):
        heading = content.heading(number)
        assert page.count(f"<h2>{heading}</h2>") == 1
        title = heading.split("、", 1)[1]
        page = page.replace(f"<h2>{heading}</h2>", f'<ol start="{number}"><li><p>{title}</p></li></ol>')

    findings, report = lint(page, ".html", tmp_path)

    assert findings == []
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    assert bound_values(report) == values


def test_a_numbered_heading_wins_over_the_same_title_unnumbered(tmp_path: Path) -> None:
    values = consistent_values(random.Random(13), 0.5)
    text = tab_rows(make_content(values, year=2023))
    text = text.replace("\n一、总体情况\n", "\n主动公开政府信息情况\n一、总体情况\n", 1)
    _, report = lint(text, ".txt", tmp_path)
    assert report.sections[2].heading == "二、主动公开政府信息情况"


@pytest.mark.parametrize("layout", ["bar-cells", "bar-cells-fullwidth"])
@pytest.mark.parametrize("row", ["carried_in", "results_total", "carried_out"])
def test_a_blank_last_cell_is_the_rows_last_value(tmp_path: Path, layout: str, row: str) -> None:
    """A row's total left blank in a table flattened a cell a line, after the blank cell its label
    leaves over the merged label columns: the blank is the total, not the first applicant column."""
    values = consistent_values(random.Random(7), 0.0)  # every row all zeros: a blank total still adds up
    values["applications"][row]["total"] = ""
    suffix, render = WILD[layout]

    findings, _ = lint(render(make_content(values)), suffix, tmp_path)

    assert [(f.code, f.place.row, f.place.column) for f in findings] == [("GK107", row, "total")]
