"""PDF reports as Word, WPS and LibreOffice export them, read with pdfminer.six or PDFium.

pdfminer's interpreter runs with a small device that keeps each glyph (text and box) and every
straight segment a path paints; pdfminer's own layout analysis does not run (it is slower and
groups table cells wrongly). With the ``pdfium`` extra, PDFium gives the same glyphs and segments
several times faster, where that is safe (``engine``). From those, page by page:

* ruled tables: painted segments that cross one another form a grid, and the grid's boxes, merged
  where the border between them is missing, are the cells. A merged cell's text stands once, at its
  top-left grid position; the other positions it covers are empty cells, so every row keeps the
  grid's width. Lines wrapped inside a cell are joined without a space.
* the remaining glyphs are grouped into lines by baseline. A run of lines with wide gaps (a table
  drawn without borders) becomes a table whose columns are found by clustering the gaps; a label
  or heading wrapped over lines of its own in a narrow column is joined back into its row
  (``wrapped``), also where a page break cut it.
* other lines become paragraphs: a line continues the one above when that one reaches the right
  margin and this one is not indented, across page breaks too. Page numbers and running headers
  are dropped.

Locations carry the 1-based page and the box (x0, y0, x1, y1) in PDF points, origin bottom-left.
pdfminer and pypdfium2 are imported inside ``read`` only: importing them costs ~90 and ~45 ms that
a text file must not pay.
"""

from __future__ import annotations

import re

from gklint.plugin import Document, DocumentMetadata, Reader, ReadError, hookimpl
from gklint.readers.pdf.collect import UNMAPPED, Glyph, Page
from gklint.readers.pdf.engine import extract_pages
from gklint.readers.pdf.guard import TooLarge
from gklint.readers.pdf.layout import add_pictures, blocks, drop_margins, join_pages, page_items
from gklint.readers.pdf.pictures import picture_paragraphs, unscanned_notes
from gklint.readers.pdf.skew import turned_upright

_UNMAPPED_RATIO = 0.1
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_ANY_BAD = re.compile("[\x00-\x1f\x7f-\x9f\ufffd]")
_SCANNED_INK = 20  # a page with an image and fewer characters than this is a scan
_REPORT_INK = 300  # characters: text that could be a report's, though most pages are scans without it


def _check_container(data: bytes) -> None:
    if not data.lstrip()[:5] == b"%PDF-":
        raise ReadError("不是 PDF 文件（缺少 %PDF- 文件头）", "not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data:
        raise ReadError("PDF 文件不完整（被截断，缺少 %%EOF 结束标记）", "the PDF is truncated (no %%EOF end marker)")


def _brief(text: str, limit: int = 200) -> str:
    """An error's text cut short: pdfminer may quote a whole damaged stream in it."""
    return text if len(text) <= limit else text[:limit] + "…"


def _is_bad(text: str) -> bool:
    """An unmapped glyph or a control character (category Cc: U+0000-001F, U+007F-009F)."""
    return text == UNMAPPED or _CONTROL.search(text) is not None


def _bad_count(glyphs: list[Glyph]) -> int:
    """How many of the glyphs are bad; one search of their joined text settles the common case of none."""
    if not _ANY_BAD.search("".join(g.text for g in glyphs)):
        return 0
    return sum(1 for g in glyphs if _is_bad(g.text))


def _check_text(pages: list[Page]) -> None:
    """Refuse what would read as an empty or garbled document instead of returning it."""
    if not pages:
        raise ReadError("PDF 没有任何页面", "the PDF has no pages")
    ink = [[g for g in page.glyphs if not g.text.isspace()] for page in pages]
    scanned = sum(1 for page, found in zip(pages, ink) if page.images and len(found) < _SCANNED_INK)
    total = sum(len(found) for found in ink)
    if (2 * scanned > len(pages) and total < _REPORT_INK) or (scanned and not total):
        raise ReadError("无文本层：扫描件，需要先做文字识别（OCR）", "no text layer: a scanned document, needs OCR")
    if total == 0:
        raise ReadError("PDF 中没有可提取的文字", "the PDF holds no extractable text")
    bad = sum(_bad_count(found) for found in ink)
    if bad > _UNMAPPED_RATIO * total:
        raise ReadError(
            f"PDF 字体缺少 Unicode 映射（{bad}/{total} 个字符无法识别），无法提取文字",
            f"the PDF's fonts have no Unicode mapping ({bad} of {total} characters unreadable): "
            "the text cannot be extracted",
        )


def _damage(exc: Exception) -> str:
    """What pdfminer raised, briefly. A recursion error's text names the operation that went one
    frame too deep, which depends on how deep the caller's stack already was: its name alone, so
    that the finding is the same for any ``--jobs``."""
    if isinstance(exc, RecursionError):
        return type(exc).__name__
    return _brief(f"{type(exc).__name__}: {exc}")


class PdfReader(Reader):
    name = "pdf"
    version = "1"
    suffixes = (".pdf",)
    paged = True
    mime_type = "application/pdf"

    def sniff(self, head: bytes) -> bool:
        return head.lstrip()[:5] == b"%PDF-"

    def read(self, path: str, data: bytes) -> Document:
        _check_container(data)
        try:
            pages, metadata, _ = extract_pages(data)
        except (ReadError, MemoryError):
            raise
        except TooLarge as exc:
            raise ReadError(exc.message, exc.message_en) from None
        except Exception as exc:  # pdfminer raises PDFSyntaxError, PSEOF, but also KeyError, ValueError… on damage
            detail = _damage(exc)
            raise ReadError(
                f"PDF 文件已损坏，无法解析（{detail}）", f"the PDF is damaged and cannot be parsed ({detail})"
            ) from None
        _check_text(pages)
        pages = [turned_upright(page) for page in pages]
        per_page = [page_items(page) for page in pages]
        drop_margins(per_page)
        join_pages(per_page)
        add_pictures(per_page, picture_paragraphs(pages))
        found = blocks([item for items in per_page for item in items])
        notes = tuple(unscanned_notes(pages))
        metadata_of = DocumentMetadata(fields=metadata)
        return Document(path=path, format=self.name, blocks=tuple(found), metadata=metadata_of, notes=notes)


@hookimpl
def gklint_readers() -> list[Reader]:
    return [PdfReader()]
