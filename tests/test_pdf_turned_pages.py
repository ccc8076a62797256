"""Pages whose text runs up or down: a report set on landscape pages and printed sideways onto
portrait paper (its text turned by the page's content), or a page turned in a viewer and saved (its
/Rotate). Both PDF engines read them as they read the same report upright."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gklint.readers.pdf.engine import extract_pages
from tests.render.pdf import Style, render_pdf
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import assert_binds_back_clean

TURNS = [Style(turned=90), Style(turned=270), Style(landscape=True, page_rotation=90), Style(page_rotation=270)]


@pytest.mark.parametrize("engine", ["pdfminer", "pdfium"])
@pytest.mark.parametrize("style", TURNS, ids=["text-up", "text-down", "landscape-rotate-90", "rotate-270"])
def test_a_report_on_turned_pages_binds_as_upright(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str, style: Style
) -> None:
    if engine == "pdfium":
        pytest.importorskip("pypdfium2")
    monkeypatch.setenv("GKLINT_PDF_ENGINE", engine)
    values = consistent_values(random.Random(3), busy=0.6)
    data = render_pdf(make_content(values), style)
    pages, _, used = extract_pages(data)
    assert used == engine
    assert all(page.turn in (90, 270) for page in pages)  # the text does run up or down on every page
    assert_binds_back_clean(tmp_path / "report.pdf", data, values)


def test_an_upright_report_is_not_turned() -> None:
    values = consistent_values(random.Random(3), busy=0.6)
    pages, _, _ = extract_pages(render_pdf(make_content(values), Style(landscape=True)))
    assert [page.turn for page in pages] == [0] * len(pages)
