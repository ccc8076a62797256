"""Glyphs grouped into text lines by baseline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

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

    @property
    def mid(self) -> float:
        return (self.y0 + self.y1) / 2


def _dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop the second copy of a glyph drawn twice a hair apart (fake bold, shadows)."""
    kept: list[Glyph] = []
    prev: Glyph | None = None
    for g in glyphs:
        text = g[0]
        if (
            prev is not None
            and text == prev[0]
            and abs(g[1] - prev[1]) < 0.3 * (prev[3] - prev[1])
            and not text.isspace()
        ):
            continue
        kept.append(g)
        prev = g
    return kept


_TEXT, _X0, _Y0, _X1, _Y1, _SIZE = (itemgetter(i) for i in range(6))

TOUCHING = 0.15  # glyph sizes: two glyphs closer than this stand side by side, nothing seen between
# A broken ToUnicode map can give half of a UTF-16 pair: no output could encode it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _unseen_spaces_dropped(glyphs: Sequence[Glyph]) -> Sequence[Glyph]:
    """The glyphs less each space between two glyphs that touch, or at the end: a space no reader of
    the page sees, as OCR writes one after every word it places (Tesseract's Chinese: one after each
    character), so that a number wrapped at the line's end joins the rest of it on the next line."""
    after: list[Glyph | None] = [None] * len(glyphs)  # the next visible glyph, found in one pass back
    seen: Glyph | None = None
    for index in range(len(glyphs) - 1, -1, -1):
        after[index] = seen
        if not glyphs[index][0].isspace():
            seen = glyphs[index]
    kept: list[Glyph] = []
    for glyph, following in zip(glyphs, after):
        if glyph[0].isspace() and kept and not kept[-1][0].isspace() and _nothing_between(kept[-1], following):
            continue
        kept.append(glyph)
    return kept


def _nothing_between(before: Glyph, after: Glyph | None) -> bool:
    """Whether no gap shows after ``before``: ``after`` touches it, or nothing follows on the line."""
    return after is None or after[1] - before[3] < TOUCHING * max(after[5], before[5])


def line_text(glyphs: Sequence[Glyph]) -> str:
    """The glyphs' text, with a space where a wide gap separates two non-CJK characters, and none
    where two glyphs touch."""
    if any(map(str.isspace, map(_TEXT, glyphs))):  # in C: this runs for every line of every cell
        glyphs = _unseen_spaces_dropped(glyphs)
    parts: list[str] = []
    prev_x1 = prev_size = 0.0
    prev_text: str | None = None
    # fields by position, max(size, prev_size) written out: this runs for every glyph of every line
    for text, x0, _, x1, _, size in glyphs:
        if (
            prev_text is not None
            and x0 - prev_x1 > 0.35 * (prev_size if prev_size > size else size)
            and not (text.isspace() or prev_text.isspace() or is_cjk_char(text) or is_cjk_char(prev_text[-1:]))
        ):
            parts.append(" ")
        parts.append(text)
        prev_text, prev_x1, prev_size = text, x1, size
    return _LONE_SURROGATE.sub("\ufffd", "".join(parts))


def _make_line(glyphs: list[Glyph], page: int) -> Line | None:
    glyphs = _dedupe(sorted(glyphs, key=_X0)) if len(glyphs) > 1 else glyphs
    ink = [g for g in glyphs if not g[0].isspace()]
    if not ink:
        return None
    # map and itemgetter run in C: this runs for every line of every cell
    y0, x1 = min(map(_Y0, ink)), max(map(_X1, ink))
    y1, size = max(map(_Y1, ink)), max(map(_SIZE, ink))
    return Line(page, glyphs, line_text(glyphs), ink[0][1], y0, x1, y1, size)


def _top_down(glyphs: list[Glyph]) -> list[Glyph]:
    """The glyphs sorted by the height of their middle, top first, stably: the keys computed in one
    comprehension and looked up by index in C (a key function would be a call per glyph)."""
    keys = [-(g[2] + g[4]) for g in glyphs]
    return [glyphs[i] for i in sorted(range(len(glyphs)), key=keys.__getitem__)]


def lines_of(glyphs: list[Glyph], page: int) -> list[Line]:
    """Glyphs grouped by baseline, top to bottom."""
    if len(glyphs) == 1:  # a cell holding one digit, the commonest cell of a report's tables
        (g,) = glyphs
        return [] if g[0].isspace() else [Line(page, [g], line_text(glyphs), g[1], g[2], g[3], g[4], g[5])]
    if not glyphs:
        return []
    out: list[Line] = []
    row: list[Glyph] = []
    ref = size = 0.0
    for g in _top_down(glyphs):
        mid = (g[2] + g[4]) / 2
        if row and abs(ref - mid) <= 0.45 * (size if size > g[5] else g[5]):
            row.append(g)
            continue
        if row and (line := _make_line(row, page)) is not None:
            out.append(line)
        row = [g]
        ref, size = mid, g[5]
    if (line := _make_line(row, page)) is not None:
        out.append(line)
    return out
