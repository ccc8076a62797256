"""A portal page whose tables are written ``<table border="1">`` (cells spaced apart, as HTML draws
them by default), printed to PDF by a browser: every cell is its own box, so every rule between two
cells is two rules a few points apart. The tables bind as the page's own do."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.render.html import render_html
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import assert_binds_back_clean

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium (Debian package chromium) is not installed")


def printed(tmp_path: Path, page: bytes) -> bytes:
    html, pdf = tmp_path / "page.html", tmp_path / "page.pdf"
    html.write_bytes(page)
    command = [BROWSER or "", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", html.as_uri()]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=180, check=True)
    return pdf.read_bytes()


@pytest.mark.parametrize("engine", ["pdfminer", "pdfium"])
def test_cells_drawn_in_boxes_of_their_own_bind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    if engine == "pdfium":
        pytest.importorskip("pypdfium2")
    monkeypatch.setenv("GKLINT_PDF_ENGINE", engine)
    values = consistent_values(random.Random(5), busy=0.6)
    page = render_html(make_content(values)).replace(b'<table border="1" cellspacing="0"', b'<table border="1"')
    assert b'<table border="1" cellpadding' in page
    assert_binds_back_clean(tmp_path / "report.pdf", printed(tmp_path, page), values)


def test_a_browser_s_own_header_and_footer_are_margins_not_text(tmp_path: Path) -> None:
    """Printed as a browser prints by default: the date and title above each page, the page's address
    and its number (1/3, 2/3…) below. They are no part of the report's text, where a page break would
    run them into a sentence."""
    from gklint.readers.pdf import PdfReader

    values = consistent_values(random.Random(7), busy=0.6)
    html, pdf = tmp_path / "page.html", tmp_path / "page.pdf"
    html.write_bytes(render_html(make_content(values)))
    command = [BROWSER or "", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path / 'p'}",
               f"--print-to-pdf={pdf}", html.as_uri()]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=180, check=True)
    document = PdfReader().read(str(pdf), pdf.read_bytes())
    assert len({p.location.page for p in document.paragraphs}) >= 2  # the footer repeats, numbered
    assert not [p.text for p in document.paragraphs if "file:" in p.text or html.name in p.text]
    assert_binds_back_clean(tmp_path / "report.pdf", pdf.read_bytes(), values)
