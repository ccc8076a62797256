"""A PDF whose font is not embedded is drawn with the machine's fonts: on a machine without one that
draws it (a server without Chinese fonts), PDFium drops and misplaces characters, so the file goes
to pdfminer, which reads the same everywhere. PDFium is started here with an empty font folder, as
on such a machine, in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gklint.readers.pdf.engine import ENGINE_VARIABLE, pdfium_installed

pytestmark = pytest.mark.skipif(not pdfium_installed(), reason="the pdfium extra is not installed")

FIXTURES = Path(__file__).parent / "fixtures"
NOT_EMBEDDED = FIXTURES / "pdf" / "synthetic_ruled.pdf"  # reportlab's STSong-Light, never embedded
EMBEDDED = FIXTURES / "pdf" / "libreoffice_1.pdf"  # LibreOffice embeds a subset of each font

ENGINE_OF = """
import ctypes, sys
import pypdfium2.raw as c  # importing pypdfium2 starts PDFium with the machine's fonts

if sys.argv[1]:  # restart it with only this font folder (its public calls only)
    c.FPDF_DestroyLibrary()
    folder = ctypes.cast(ctypes.c_char_p(sys.argv[1].encode()), ctypes.POINTER(ctypes.c_char))
    paths = (ctypes.POINTER(ctypes.c_char) * 2)(folder, None)
    config = c.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=paths, m_pIsolate=None, m_v8EmbedderSlot=0)
    c.FPDF_InitLibraryWithConfig(config)

from gklint.readers.pdf.engine import extract_pages

pages, _, engine = extract_pages(open(sys.argv[2], "rb").read())
print(engine, "".join(g.text for page in pages for g in page.glyphs).count("自然人"))
"""


def engine_of(pdf: Path, fonts: Path | None, engine: str = "auto") -> tuple[str, int]:
    """The engine that read ``pdf`` and how often its text holds 「自然人」, PDFium seeing only the
    fonts in ``fonts`` (None: the machine's own)."""
    env = {ENGINE_VARIABLE: engine}
    run = subprocess.run(
        [sys.executable, "-c", ENGINE_OF, str(fonts or ""), str(pdf)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **env},
    )
    name, count = run.stdout.split()
    return name, int(count)


@pytest.mark.parametrize("engine", ["auto", "pdfium"])
def test_a_font_no_font_of_the_machine_draws_leaves_the_file_to_pdfminer(tmp_path: Path, engine: str) -> None:
    fontless = tmp_path / "fonts"
    fontless.mkdir()
    name, count = engine_of(NOT_EMBEDDED, fontless, engine)
    assert name == "pdfminer" and count == engine_of(NOT_EMBEDDED, fontless, "pdfminer")[1] > 0


def test_embedded_fonts_need_no_font_of_the_machine(tmp_path: Path) -> None:
    fontless = tmp_path / "fonts"
    fontless.mkdir()
    assert engine_of(EMBEDDED, fontless)[0] == "pdfium"


def test_a_font_the_machine_draws_is_read_by_pdfium() -> None:
    found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    if not found.strip():
        pytest.skip("this machine has no Chinese font")
    assert engine_of(NOT_EMBEDDED, None)[0] == "pdfium"
