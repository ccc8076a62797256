"""Pictures on the pages, as paragraphs of their own: a table pasted into Word as a picture, or a
page scanned among pages of text, stands where its part's table should, and the binder says the
table is a picture instead of saying it is missing.

Only a picture that could hold a table counts: one of table size, with no text over it (a
background or a watermark has text over it), that is not drawn at the same place on several pages
(a letterhead, a logo in the header) unless it fills the page (a scan's page without an OCR layer)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from gklint.plugin import Location, Paragraph, ReadNote
from gklint.readers.pdf.collect import Box, Page

MIN_WIDTH = 120.0  # points: a third of a page's text width, narrower than any table
MIN_HEIGHT = 40.0  # points: two rows of a table
MIN_PAGE_HEIGHT = 400.0  # points: more than half an A4 page's height, taller than any letterhead
_GRID = 10.0  # points: boxes on two pages this close are the same place


def picture_paragraphs(pages: Sequence[Page]) -> list[list[Paragraph]]:
    """Each page's pictures that could be tables, top to bottom, as ``Paragraph.image``."""
    places = Counter(_place(box) for page in pages for box in {_place(b): b for b in page.images}.values())
    return [
        [
            Paragraph.image(Location(page=page.number, bbox=box))
            for box in sorted(page.images, key=lambda b: -b[3])
            if _table_sized(box) and (places[_place(box)] < 2 or _page_sized(box)) and not _written_over(box, page)
        ]
        for page in pages
    ]


def _place(box: Box) -> tuple[int, ...]:
    return tuple(round(edge / _GRID) for edge in box)


def _table_sized(box: Box) -> bool:
    return box[2] - box[0] >= MIN_WIDTH and box[3] - box[1] >= MIN_HEIGHT


def _page_sized(box: Box) -> bool:
    """Whether the picture fills most of a page: a scanned page, which a scan repeats at the same place
    on every page (its pages with an OCR layer have text over it), never a letterhead."""
    return box[3] - box[1] >= MIN_PAGE_HEIGHT


def _written_over(box: Box, page: Page) -> bool:
    """Whether text stands on the picture: a glyph's centre inside its box."""
    x0, y0, x1, y1 = box
    for glyph in page.glyphs:
        x, y = (glyph[1] + glyph[3]) / 2, (glyph[2] + glyph[4]) / 2
        if x0 <= x <= x1 and y0 <= y <= y1 and not glyph[0].isspace():
            return True
    return False


def unscanned_notes(pages: Sequence[Page]) -> list[ReadNote]:
    """A note for each page that is a picture of the page with no text over it among pages of text:
    a scan whose OCR missed that page (read as nothing, its parts and tables would only be missing)."""
    return [
        ReadNote(
            f"第 {page.number} 页是扫描图片，没有文字层（需要先做文字识别 OCR），该页内容未能读取",
            f"page {page.number} is a scanned picture without a text layer (needs OCR): its content was not read",
            Location(page=page.number),
        )
        for page in pages
        if any(_page_sized(box) and _table_sized(box) and not _written_over(box, page) for box in page.images)
    ]
