"""A scan with a text layer, the page scanned off square: OCR places each word where it found it, so
the text slopes, and a long row drifts into the line below. The reader turns such a page's text
level before it forms lines (``gklint.readers.pdf.skew``), so the report binds back unchanged."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gklint.readers.pdf.collect import Glyph
from gklint.readers.pdf.engine import ENGINE_VARIABLE, pdfium_installed
from gklint.readers.pdf.skew import MIN_SLOPE, page_slope
from tests.render.pdf import Style, render_pdf
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
