"""Text struck through: the deletions of a document printed with its revisions shown (Word's and
LibreOffice's 修订 marks), a line drawn through the middle of each deleted character. What is struck
out is no longer the document's text: a total changed from 3 to 2 reads 2, not 32."""

from __future__ import annotations

from gklint.readers.pdf.collect import Glyph, Segment

# Where a strike line crosses a character, as a share of its height from its foot: its middle; an
# underline lies below it, a table's rule at a cell's edge, not through its text.
_LOW, _HIGH = 0.3, 0.7


def not_struck(glyphs: list[Glyph], lines: list[Segment]) -> list[Glyph]:
    """``glyphs`` without those a horizontal line in ``lines`` strikes through: it crosses the
    glyph's middle third and runs under most of its width."""
    kept = []
    for glyph in glyphs:
        _, x0, y0, x1, y1, _ = glyph
        low, high, width = y0 + _LOW * (y1 - y0), y0 + _HIGH * (y1 - y0), x1 - x0
        for _, at, lo, hi in lines:
            if low <= at <= high and min(hi, x1) - max(lo, x0) >= 0.6 * width:
                break
        else:
            kept.append(glyph)
    return kept
