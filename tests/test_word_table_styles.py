"""Word's table styles, exported to PDF by LibreOffice: a style that draws no rule, or only an
outer box and the line under the headings (``Medium Shading 1``), or the column rules of every
other row (``Light List``), leaves a table a reader must find from where its text stands, with
labels wrapped and centred in cells that span two label columns and headings centred across the
columns of numbers. Each export binds back to the values
it was made from with no finding; a broken number gives its findings. And short heading lines
one under the other stay apart where no line of prose sets the page's right margin. Skipped where
LibreOffice is not installed."""

from __future__ import annotations

import copy
import dataclasses
import random
from pathlib import Path

import pytest

from tests.render.docx import docx_to_pdf, in_table_style, render_docx
from tests.render.pdf import soffice
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import bound_values, expected_codes, lint

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")

STYLES = ["Normal Table", "Medium Shading 1", "Light Shading Accent 1", "Light List", "Table Grid"]


def _exported(documents: dict[str, bytes], tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, pdf in docx_to_pdf(documents).items():
        paths[name] = tmp_path / f"{name}.pdf"
        paths[name].write_bytes(pdf)
    return paths


def test_tables_in_word_styles_bind_back_and_a_broken_number_is_found(tmp_path: Path) -> None:
    values = consistent_values(random.Random(11), 0.4)
    broken = copy.deepcopy(values)
    broken["applications"]["new"]["natural_person"] = str(int(values["applications"]["new"]["natural_person"]) + 1)
    documents = {style.replace(" ", "-"): in_table_style(render_docx(make_content(values)), style) for style in STYLES}
    documents["broken"] = in_table_style(render_docx(make_content(broken)), "Medium Shading 1")
    paths = _exported(documents, tmp_path)

    failed = []
    for name, path in paths.items():
        findings, report = lint(path)
        wanted = values if name != "broken" else broken
        if name != "broken" and (findings or report is None or bound_values(report) != wanted):
            failed.append((name, sorted({code for code, _, _ in findings})))
    assert failed == []
    findings, report = lint(paths["broken"])
    assert report is not None and bound_values(report) == broken
    assert {code for code, _, _ in findings} == expected_codes("applications", "new")


def test_short_heading_lines_stay_apart(tmp_path: Path) -> None:
    """A short report, no line of it full: the widest line is no paragraph's first line, and two
    part headings one under the other are two paragraphs."""
    values = consistent_values(random.Random(12), 0.4)
    content = make_content(values)
    short = dataclasses.replace(
        content,
        preamble=["本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"],
        sections={number: ["无。"] for number in range(1, 7)},
        values={"review_litigation": values["review_litigation"]},
    )
    path = _exported({"short": in_table_style(render_docx(short), "Table Grid")}, tmp_path)["short"]
    findings, report = lint(path)
    assert report is not None and set(report.sections) == {1, 2, 3, 4, 5, 6}
    assert {code for code, _, _ in findings} <= {"GK103", "GK503"}


def _with_a_revision(data: bytes, shown: str, deleted: str) -> bytes:
    """The document with the first table cell that reads ``shown`` revised from ``deleted``: the
    old number deleted and the new one inserted, with Word's change tracking (w:del, w:ins)."""
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    cell = next(c for t in document.tables for row in t.rows for c in row.cells if c.text == shown)
    run = cell.paragraphs[0].runs[0]._r
    removed, added = OxmlElement("w:del"), OxmlElement("w:ins")
    for n, mark in enumerate((removed, added)):
        mark.set(qn("w:id"), str(n + 1))
        mark.set(qn("w:author"), "editor")
    old, old_text = OxmlElement("w:r"), OxmlElement("w:delText")
    old_text.text = deleted
    old.append(old_text)
    removed.append(old)
    run.addprevious(removed)
    run.addprevious(added)
    added.append(run)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_revision_shown_struck_through_is_not_read(tmp_path: Path) -> None:
    """Printed with its changes shown, the deleted number is struck through beside the new one:
    it is no part of the cell's value (3 deleted before 12 is not 312)."""
    values = consistent_values(random.Random(13), 0.4)
    number = values["applications"]["new"]["total"]
    revised = _with_a_revision(in_table_style(render_docx(make_content(values)), "Table Grid"), number, "3")
    path = _exported({"revised": revised}, tmp_path)["revised"]
    findings, report = lint(path)
    assert findings == []
    assert report is not None and bound_values(report) == values


def test_a_part_heading_and_its_one_line_text_stay_apart(tmp_path: Path) -> None:
    """Every part a heading and one short line (无。), all set as body text in 16 pt: no line of prose
    sets the right margin, and a heading is still no part of the line under it."""
    import io

    import docx
    from docx.shared import Pt

    document = docx.Document()
    lines = ["某某县某某局2023年政府信息公开工作年度报告"]
    lines += ["本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"]
    titles = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况"]
    titles += ["政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
    for numeral, title in zip("一二三四五六", titles):
        lines += [f"{numeral}、{title}", "无。" if numeral != "六" else "本年度未收取信息处理费。"]
    for text in lines:
        run = document.add_paragraph().add_run(text)
        run.font.size = Pt(16)
    buffer = io.BytesIO()
    document.save(buffer)
    path = _exported({"short": buffer.getvalue()}, tmp_path)["short"]
    findings, report = lint(path)
    assert report is not None and set(report.sections) == {1, 2, 3, 4, 5, 6}
    assert {code for code, _, _ in findings} == {"GK103"}
