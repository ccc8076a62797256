"""Tables published as pictures: a screenshot pasted in place of the table, in a portal page, a
Markdown copy, a Word document and a PDF. The table is there but cannot be read: GK010 says so at
the picture, never GK103 (which tells the agency the table is missing) nor a GK104 per row.

Pictures that are no table leave the reading alone: an icon on a portal page, a letterhead
repeated at the head of every page of a PDF."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from gklint.config import Layer, Resolver
from gklint.model import Finding
from gklint.runner import Linter
from tests.render.content import TABLE_OF_PART
from tests.render.html import render_html, sample_content
from tests.render.pdf import Style, _png, render_pdf, soffice, synthetic_content
from tests.render.text import markdown
from tests.test_roundtrip import PLUGINS, RULESETS

_TABLES = {2: "主动公开政府信息情况", 3: "收到和处理政府信息公开申请情况", 4: "政府信息公开行政复议、行政诉讼情况"}


def lint_file(path: Path) -> list[Finding]:
    return list(Linter(PLUGINS, Resolver(RULESETS, Layer("test"))).lint_file(path).findings)


def _codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


def _picture_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code == "GK010" and "图片" in f.message]


def _assert_tables_pictured(findings: list[Finding]) -> None:
    """Exactly one picture finding per table, naming the table, and no missing table or row."""
    pictured = _picture_findings(findings)
    assert [f.place.part for f in pictured] == [2, 3, 4]
    for finding in pictured:
        assert _TABLES[finding.place.part or 0] in finding.message
    assert not [f for f in findings if f.code in ("GK103", "GK104")]


def test_portal_page_with_tables_as_pictures(tmp_path: Path) -> None:
    page = render_html(sample_content()).decode("utf-8")
    pictured = re.sub(r"<table\b.*?</table>", '<p style="text-align:center"><img src="/u/t.png" width="600"></p>', page,
                      flags=re.S)  # fmt: skip
    assert pictured.count("<img") == 3
    path = tmp_path / "report.html"
    path.write_text(pictured, encoding="utf-8")
    _assert_tables_pictured(lint_file(path))


def test_an_icon_is_no_table(tmp_path: Path) -> None:
    """A small picture (a share button) where a table is missing: the table is missing."""
    page = render_html(sample_content()).decode("utf-8")
    without = re.sub(r"<table\b.*?</table>", '<p><img src="/u/share.png" width="24" height="24"></p>', page, flags=re.S)
    path = tmp_path / "report.html"
    path.write_text(without, encoding="utf-8")
    findings = lint_file(path)
    assert not _picture_findings(findings)
    assert _codes(findings).count("GK103") == 3


def test_a_picture_inside_running_text_leaves_the_text_whole(tmp_path: Path) -> None:
    page = render_html(sample_content()).decode("utf-8")
    plain = tmp_path / "plain.html"
    plain.write_text(page, encoding="utf-8")
    marked = tmp_path / "marked.html"
    marked.write_text(page.replace("本年度", '本年<img src="/u/du.png">度', 1), encoding="utf-8")
    assert '<img src="/u/du.png">' in marked.read_text(encoding="utf-8")
    assert [(f.code, f.message) for f in lint_file(marked)] == [(f.code, f.message) for f in lint_file(plain)]


@pytest.mark.parametrize("image", ["![](/u/cms/202301/t1.png)", "![表二](t1.png)", '<img src="t1.png" />'])
def test_markdown_copy_with_tables_as_pictures(tmp_path: Path, image: str) -> None:
    text = markdown(sample_content())
    lines, out, in_table = text.splitlines(), [], False
    for line in lines:
        if line.lstrip().startswith("|"):
            if not in_table:
                out.append(image)
            in_table = True
            continue
        in_table = False
        out.append(line)
    path = tmp_path / "report.md"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    _assert_tables_pictured(lint_file(path))


def _word_with_pictures() -> bytes:
    """A Word document of the sample report whose tables were replaced by pictures of them."""
    import docx
    from docx.shared import Inches

    from tests.render.docx import render_docx

    document = docx.Document(io.BytesIO(render_docx(sample_content())))
    for table in list(document.tables):
        holder = document.add_paragraph()
        holder.add_run().add_picture(io.BytesIO(_png(320, 200)), width=Inches(6))
        table._element.addprevious(holder._p)
        table._element.getparent().remove(table._element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_document_with_tables_as_pictures(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(_word_with_pictures())
    _assert_tables_pictured(lint_file(path))


@pytest.mark.parametrize("engine", ["pdfminer", "pdfium"])
def test_pdf_with_tables_as_pictures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    if engine == "pdfium":
        pytest.importorskip("pypdfium2")
    monkeypatch.setenv("GKLINT_PDF_ENGINE", engine)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(synthetic_content(0), Style(tables_as_pictures=True, letterhead=True)))
    _assert_tables_pictured(lint_file(path))


def test_letterhead_on_every_page_changes_nothing(tmp_path: Path) -> None:
    content = synthetic_content(0)
    plain, headed = tmp_path / "plain.pdf", tmp_path / "headed.pdf"
    plain.write_bytes(render_pdf(content))
    headed.write_bytes(render_pdf(content, Style(letterhead=True)))
    assert [(f.code, f.message) for f in lint_file(headed)] == [(f.code, f.message) for f in lint_file(plain)]


def test_word_with_pictures_exported_by_libreoffice(tmp_path: Path) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from tests.render.docx import docx_to_pdf

    path = tmp_path / "report.pdf"
    path.write_bytes(docx_to_pdf({"report": _word_with_pictures()})["report"])
    _assert_tables_pictured(lint_file(path))


def test_every_table_part_is_known() -> None:
    assert set(TABLE_OF_PART) == set(_TABLES)
