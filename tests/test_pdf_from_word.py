"""Reports set in Word and exported to PDF by LibreOffice, as agencies publish them: fixed column
widths, small type, borders on or off, cells top-aligned or centred in their height. Prose before
the tables, a few paragraphs more each time, moves the page breaks through every table; each
export binds back to the values it was made from, with no finding, and a broken number gives its
findings. Skipped where LibreOffice is not installed."""

from __future__ import annotations

import copy
import dataclasses
import random
from pathlib import Path

import pytest

from tests.render.content import ReportContent
from tests.render.docx import as_word_sets_it, docx_to_pdf, render_docx
from tests.render.pdf import soffice
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import assert_binds_back_clean, bound_values, expected_codes, lint, page_texts

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")

# name: (borders, centred in the cell's height, type size in points)
SETTINGS = {
    "ruled": (True, False, 9.0),
    "borderless": (False, False, 9.0),
    "borderless-centred": (False, True, 9.0),
    "ruled-12pt-centred": (True, True, 12.0),  # 小四 in the cells: the headings break over pages
}


def _with_prose(content: ReportContent, paragraphs: int) -> ReportContent:
    more = [*content.sections[1], *["补充说明工作情况。" * 6] * paragraphs]
    return dataclasses.replace(content, sections={**content.sections, 1: more})


def test_word_exports_bind_back_unchanged_wherever_the_page_breaks(tmp_path: Path) -> None:
    values = consistent_values(random.Random(7), 0.5)
    content = make_content(values)
    documents = {}
    for extra in range(0, 40, 3):
        data = render_docx(_with_prose(content, extra))
        for name, (borders, middle, size) in SETTINGS.items():
            documents[f"{name}-{extra}"] = as_word_sets_it(data, borders, middle, size)

    failed = []
    for name, pdf in docx_to_pdf(documents).items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        findings, report = lint(path)
        if findings or report is None or bound_values(report) != values:
            failed.append((name, sorted({code for code, _, _ in findings})))

    assert failed == []


@pytest.mark.parametrize("row", ["new", "withheld.4", "other.1"])
def test_one_broken_number_in_a_word_export_gives_exactly_its_findings(tmp_path: Path, row: str) -> None:
    values = copy.deepcopy(consistent_values(random.Random(8), 0.5))
    values["applications"][row]["natural_person"] = str(int(values["applications"][row]["natural_person"]) + 3)
    data = render_docx(_with_prose(make_content(values), 9))
    documents = {name: as_word_sets_it(data, *setting) for name, setting in SETTINGS.items()}

    for name, pdf in docx_to_pdf(documents).items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        findings, _ = lint(path)
        assert {code for code, _, _ in findings} == expected_codes("applications", row), name
        assert all(found_row == row for _, found_row, _ in findings), name


def test_headings_broken_by_the_page_join_back(tmp_path: Path) -> None:
    """12 pt type: the page breaks inside 表二's headings (自然 | 人, the corner note), and the next
    page's first row holds both the headings' rest and the next row of headings."""
    values = consistent_values(random.Random(13), 0.5)
    data = render_docx(_with_prose(make_content(values), 2))
    pdf = docx_to_pdf({"report": as_word_sets_it(data, True, True, 12.0)})["report"]
    pages = page_texts(pdf)
    assert any("申请人情况" in page and "商业企业" not in page for page in pages)  # the layout this is about

    assert_binds_back_clean(tmp_path / "report.pdf", pdf, values)


@pytest.mark.parametrize(
    ("prose", "page_starts"),
    [
        (13, "办理四、政府信息公开"),  # the label's last line alone, right before part 四's heading
        (14, "四、结转下年度继续"),  # the whole row, its label centred over its numbers
    ],
)
def test_the_last_row_ending_on_the_next_page_joins_its_table(tmp_path: Path, prose: int, page_starts: str) -> None:
    """12 pt type centred in borderless cells: 四、结转下年度继续办理 at a page break."""
    values = consistent_values(random.Random(17), 0.5)
    data = render_docx(_with_prose(make_content(values), prose))
    pdf = docx_to_pdf({"report": as_word_sets_it(data, False, True, 12.0)})["report"]
    pages = page_texts(pdf)
    assert any(page.startswith(page_starts) for page in pages)  # the layout this is about

    assert_binds_back_clean(tmp_path / "report.pdf", pdf, values)
