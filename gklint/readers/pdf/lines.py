"""Glyphs grouped into text lines by baseline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from gklint.plugin import is_cjk_char
from gklint.readers.pdf.collect import Glyph


@dataclass
class Line:
    """Glyphs on one baseline, left to right; the box covers the visible (non-space) glyphs."""

    page: int
    glyphs: list[Glyph]
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float

    @property
    def top(self) -> float:
        return self.y1


def _dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop the second copy of a glyph drawn twice a hair apart (fake bold, shadows)."""
    kept: list[Glyph] = []
    for g in glyphs:
        prev = kept[-1] if kept else None
        if prev and g.text == prev.text and abs(g.x0 - prev.x0) < 0.3 * (prev.x1 - prev.x0) and not g.text.isspace():
            continue
        kept.append(g)
    return kept


_Y0, _X1, _Y1, _SIZE = attrgetter("y0"), attrgetter("x1"), attrgetter("y1"), attrgetter("size")

# A broken ToUnicode map can give half of a UTF-16 pair: no output could encode it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def line_text(glyphs: Sequence[Glyph]) -> str:
    """The glyphs' text, with a space where a wide gap separates two non-CJK characters."""
    parts: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if (
            prev is not None
            and g.x0 - prev.x1 > 0.35 * max(g.size, prev.size)
            and not (g.text.isspace() or prev.text.isspace() or is_cjk_char(g.text) or is_cjk_char(prev.text[-1:]))
        ):
            parts.append(" ")
        parts.append(g.text)
        prev = g
    return _LONE_SURROGATE.sub("\ufffd", "".join(parts))


def _make_line(glyphs: list[Glyph], page: int) -> Line | None:
    glyphs = _dedupe(sorted(glyphs, key=attrgetter("x0")))
    ink = [g for g in glyphs if not g.text.isspace()]
    if not ink:
        return None
    # map and attrgetter run in C: this runs for every line of every cell
    y0, x1 = min(map(_Y0, ink)), max(map(_X1, ink))
    y1, size = max(map(_Y1, ink)), max(map(_SIZE, ink))
    return Line(page, glyphs, line_text(glyphs), ink[0].x0, y0, x1, y1, size)


def lines_of(glyphs: list[Glyph], page: int) -> list[Line]:
    """Glyphs grouped by baseline, top to bottom."""
    if not glyphs:
        return []
    rows: list[list[Glyph]] = []
    ref = size = 0.0
    for g in sorted(glyphs, key=lambda g: -(g.y0 + g.y1)):
        mid = (g.y0 + g.y1) / 2
        if rows and abs(ref - mid) <= 0.45 * max(g.size, size):
            rows[-1].append(g)
        else:
            rows.append([g])
            ref, size = mid, g.size
    return [line for row in rows if (line := _make_line(row, page)) is not None]
