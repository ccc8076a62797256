"""Which engine reads a PDF's characters and lines: PDFium where it is installed and safe, pdfminer
otherwise. Both give the same ``Page`` data to the layout stage.

``GKLINT_PDF_ENGINE`` chooses:

* ``auto`` (the default): PDFium when ``pypdfium2`` is installed (``gklint[pdfium]``), falling
  back to pdfminer for a whole file when PDFium cannot open it, when the survey finds it unusual
  or damaged (see ``survey``), when it uses a font it does not embed that no font of this machine
  draws (PDFium would then drop and misplace characters), or when its text is missing or not
  mappable on any page: no ink at all, glyphs whose font has no Unicode map (PDFium then guesses
  from the glyph codes, pdfminer reads glyph names and more CMaps), U+FFFD, private-use or control
  characters, or text that is not mostly Chinese, ASCII and the punctuation of reports. pdfminer
  alone without ``pypdfium2``.
* ``pdfminer``: pdfminer only.
* ``pdfium``: PDFium for every file the survey allows and this machine's fonts draw, without
  falling back for text: a glyph PDFium cannot map is unreadable (U+FFFD), as in pdfminer.
"""

from __future__ import annotations

import os
from functools import cache

from gklint.plugin import ReadError
from gklint.readers.pdf.collect import UNMAPPED, Page, extract
from gklint.readers.pdf.pdfium_pages import PDFIUM_FUNCTIONS, Unopenable, read_pages
from gklint.readers.pdf.survey import survey

ENGINE_VARIABLE = "GKLINT_PDF_ENGINE"
ENGINES = ("auto", "pdfminer", "pdfium")
MAX_BAD_RATE = 0.02
MIN_PLAUSIBLE_RATE = 0.9

# Unicode blocks of a Chinese report's text: CJK (ideographs, radicals, symbols, full-width and
# compatibility forms, enclosed ㈠ and ㎡), Latin, Greek and Cyrillic letters, general punctuation,
# letterlike ℃ №, number forms Ⅳ ①, arrows, mathematical operators, box drawing, shapes ■ □ ●.
_PLAUSIBLE = (
    (0x0020, 0x024F),
    (0x0370, 0x04FF),
    (0x2000, 0x2BFF),
    (0x2E80, 0x33FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3134F),
)


def chosen_engine() -> str:
    value = os.environ.get(ENGINE_VARIABLE, "").strip().lower() or "auto"
    if value not in ENGINES:
        raise ReadError(
            f"环境变量 {ENGINE_VARIABLE} 的值「{value}」无效，应为 {'、'.join(ENGINES)} 之一",
            f"{ENGINE_VARIABLE}={value!r} is not one of {', '.join(ENGINES)}",
        )
    return value


@cache
def pdfium_installed() -> bool:
    """True when pypdfium2 loads and its PDFium has every function the reader calls."""
    try:
        import pypdfium2.raw as pdfium_c
    except Exception:  # not installed, or its library does not load on this system
        return False
    return all(hasattr(pdfium_c, name) for name in PDFIUM_FUNCTIONS)


def extract_pages(data: bytes) -> tuple[list[Page], dict[str, str], str]:
    """The pages, the metadata and the name of the engine that read them."""
    engine = chosen_engine()
    if engine == "pdfminer" or (engine == "auto" and not pdfium_installed()):
        return (*extract(data), "pdfminer")
    if not pdfium_installed():
        raise ReadError(
            f"{ENGINE_VARIABLE}=pdfium，但没有安装 pypdfium2（pip install 'gklint[pdfium]'）",
            f"{ENGINE_VARIABLE}=pdfium but pypdfium2 is not installed (pip install 'gklint[pdfium]')",
        )
    found = survey(data)
    if found.leave_to_pdfminer:
        return (*extract(data, found.document), "pdfminer")
    try:
        pages = read_pages(data, found.ctms)
    except Unopenable:
        return (*extract(data, found.document), "pdfminer")
    if engine == "auto" and not looks_mapped(pages):
        return (*extract(data, found.document), "pdfminer")
    return pages, found.metadata, "pdfium"


def _is_plausible(ch: str) -> bool:
    code = ord(ch[0])
    return any(low <= code <= high for low, high in _PLAUSIBLE)


def looks_mapped(pages: list[Page]) -> bool:
    """True when the pages hold text and, page by page, nearly all of it is readable Chinese,
    ASCII and punctuation (one page in a font without a Unicode map is enough to fall back)."""
    found = False
    for page in pages:
        ink = [g.text for g in page.glyphs if g.text and not g.text.isspace()]
        bad = sum(1 for text in ink if text == UNMAPPED)
        plausible = sum(1 for text in ink if _is_plausible(text))
        if bad > MAX_BAD_RATE * len(ink) or plausible < MIN_PLAUSIBLE_RATE * len(ink):
            return False
        found = found or bool(ink)
    return found
