"""Scans with an OCR text layer, as many published reports are.

A page scanned off square: OCR places each word where it found it, so the text slopes, and a long row
drifts into the line below. The reader turns such a page's text level before it forms lines
(``gklint.readers.pdf.skew``), so the report binds back unchanged. A page the OCR missed, among
pages it read, is told as that page (GK003), not taken for a scan without any text."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest

from gklint.reader import ReadError
from gklint.readers.pdf import PdfReader
from gklint.readers.pdf.collect import Glyph
from gklint.readers.pdf.engine import ENGINE_VARIABLE, pdfium_installed
from gklint.readers.pdf.skew import MIN_SLOPE, page_slope
from tests.render.pdf import FONT, Style, picture, render_pdf
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import assert_binds_back_clean

ENGINES = ["pdfminer", pytest.param("pdfium", marks=pytest.mark.skipif(not pdfium_installed(), reason="no pypdfium2"))]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("degrees", [0.5, -0.7, 1.0, 1.5])
def test_a_skewed_scan_binds_back_unchanged_and_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, degrees: float, engine: str
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, engine)  # PDFium's glyph boxes are their ink, pdfminer's the font's
    values = consistent_values(random.Random(int(degrees * 10)), 0.3)
    data = render_pdf(make_content(values), Style(ruled=False, pad=5.4, scan_skew=degrees))
    assert_binds_back_clean(tmp_path / "scan.pdf", data, values)


def _line(y: float, slope: float, start: float, count: int, size: float = 10.0) -> list[Glyph]:
    return [
        Glyph("字", x, y + slope * x, x + size, y + slope * x + size, size)
        for x in (start + i * size for i in range(count))
    ]


def test_the_slope_is_the_long_runs_median_and_short_runs_do_not_count() -> None:
    slope = 0.01
    glyphs = _line(700, slope, 50, 40) + _line(650, slope, 50, 40) + _line(600, slope, 50, 30)
    glyphs += [g for y in range(100, 500, 20) for g in _line(y, -0.2, 300, 3)]  # cells of a few characters
    assert page_slope(glyphs) == pytest.approx(slope)
    assert page_slope(_line(700, 0.0, 50, 40) * 3) == 0.0
    assert page_slope(_line(700, slope, 50, 40)) is None  # one line is too little to go by
    assert MIN_SLOPE > 0


def _scan(pages: list[int], seal_page: bool = False) -> bytes:
    """A scan: each page a picture of the page with ``pages[n]`` characters of OCR text over it (0:
    the OCR missed the page); with ``seal_page``, a last page holding a signature and a seal."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=True)
    for count in pages:
        page.drawImage(picture(), 0, 0, A4[0], A4[1])
        page.setFont(FONT, 10.5)
        for line in range(0, count, 40):
            page.drawString(72, 760 - line // 2, "本机关依法做好政府信息公开工作，" * 3)
        page.showPage()
    if seal_page:
        page.setFont(FONT, 10.5)
        page.drawString(360, 500, "某某局 2024年1月20日")
        page.drawImage(picture(), 380, 460, 110, 110)
        page.showPage()
    page.save()
    return out.getvalue()


def _notes(data: bytes) -> list[str]:
    return [note.message_en for note in PdfReader().read("scan.pdf", data).notes]


def test_a_page_the_ocr_missed_is_told_by_its_number_and_the_rest_is_read() -> None:
    assert _notes(_scan([400, 0, 400])) == [
        "page 2 is a scanned picture without a text layer (needs OCR): its content was not read"
    ]
    assert _notes(_scan([400, 0], seal_page=True)) == [  # most pages hold little text, the first a report's
        "page 2 is a scanned picture without a text layer (needs OCR): its content was not read"
    ]
    assert _notes(_scan([400, 400], seal_page=True)) == []  # a seal is no page


def test_a_scan_without_a_report_s_text_is_still_refused_as_a_scan() -> None:
    for pages in ([0, 0, 0], [40, 0, 0]):
        with pytest.raises(ReadError, match="OCR"):
            PdfReader().read("scan.pdf", _scan(pages))


def _tesseract_page(lines: list[str]) -> bytes:
    """One scanned page whose OCR text is placed as Tesseract places Chinese: each character a word of
    its own at its place, written with a space after it that no one sees (the next character stands
    where the space begins)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=True)
    page.drawImage(picture(), 0, 0, A4[0], A4[1])
    page.setFont(FONT, 14)
    for number, line in enumerate(lines):
        x = 72.0
        for char in line:
            page.drawString(x, 700 - 20 * number, char + " ")
            x += page.stringWidth(char, FONT, 14)
    page.showPage()
    page.save()
    return out.getvalue()


def test_spaces_no_one_sees_are_not_read_and_a_number_wrapped_at_the_line_end_stays_whole() -> None:
    data = _tesseract_page(["本机关共收到政府信息公开申请1", "73件，均已按时答复。"] * 8)
    text = " ".join(block.text for block in PdfReader().read("scan.pdf", data).blocks)
    assert "本机关共收到政府信息公开申请173件，均已按时答复。" in text
    assert "申请1 73" not in text and "收 到" not in text
