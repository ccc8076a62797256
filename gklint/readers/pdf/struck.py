"""Text struck through: the deletions of a document printed with its revisions shown (Word's and
LibreOffice's 修订 marks), a line drawn through the middle of each deleted character. What is struck
out is no longer the document's text: a total changed from 3 to 2 reads 2, not 32."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from gklint.readers.pdf.collect import Glyph, Segment

# Where a strike line crosses a character, as a share of its height from its foot: its middle; an
# underline lies below it, a table's rule at a cell's edge, not through its text.
_LOW, _HIGH = 0.3, 0.7
# A strike line runs under the few characters of a revision (a number, a word); a longer line that
# crosses no other is a rule of a table drawn with horizontal rules only, and is not asked.
STRIKE_REACH = 150.0  # points


def not_struck(glyphs: list[Glyph], lines: list[Segment]) -> list[Glyph]:
    """``glyphs`` without those a horizontal line in ``lines`` strikes through: it crosses the
    glyph's middle third and runs under most of its width. The lines are sorted by height, so a
    glyph is held against the few at its own height only (a page ruled by horizontal lines alone
    has dozens)."""
    ordered = sorted(lines, key=lambda line: line.at)
    heights = [line.at for line in ordered]
    kept = []
    for glyph in glyphs:
        _, x0, y0, x1, y1, _ = glyph
        first = bisect_left(heights, y0 + _LOW * (y1 - y0))
        last = bisect_right(heights, y0 + _HIGH * (y1 - y0))
        width = x1 - x0
        if first == last or not any(min(hi, x1) - max(lo, x0) >= 0.6 * width for _, _, lo, hi in ordered[first:last]):
            kept.append(glyph)
    return kept
