"""Pictures on the pages, as paragraphs of their own: a table pasted into Word as a picture, or a
page scanned among pages of text, stands where its part's table should, and the binder says the
table is a picture instead of saying it is missing.

Only a picture that could hold a table counts: one of table size, with no text over it (a
background or a watermark has text over it), that is not drawn at the same place on several pages
(a letterhead, a logo in the header)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from gklint.plugin import Location, Paragraph
from gklint.readers.pdf.collect import Box, Page

MIN_WIDTH = 120.0  # points: a third of a page's text width, narrower than any table
MIN_HEIGHT = 40.0  # points: two rows of a table
_GRID = 10.0  # points: boxes on two pages this close are the same place


def picture_paragraphs(pages: Sequence[Page]) -> list[list[Paragraph]]:
    """Each page's pictures that could be tables, top to bottom, as ``Paragraph.image``."""
    places = Counter(_place(box) for page in pages for box in {_place(b): b for b in page.images}.values())
    return [
        [
            Paragraph.image(Location(page=page.number, bbox=box))
            for box in sorted(page.images, key=lambda b: -b[3])
            if _table_sized(box) and places[_place(box)] < 2 and not _written_over(box, page)
        ]
        for page in pages
    ]


def _place(box: Box) -> tuple[int, ...]:
    return tuple(round(edge / _GRID) for edge in box)


def _table_sized(box: Box) -> bool:
    return box[2] - box[0] >= MIN_WIDTH and box[3] - box[1] >= MIN_HEIGHT


def _written_over(box: Box, page: Page) -> bool:
    """Whether text stands on the picture: a glyph's centre inside its box."""
    x0, y0, x1, y1 = box
    for glyph in page.glyphs:
        x, y = (glyph[1] + glyph[3]) / 2, (glyph[2] + glyph[4]) / 2
        if x0 <= x <= x1 and y0 <= y <= y1 and not glyph[0].isspace():
            return True
    return False
