"""A scanned page's text layer straightened.

OCR (ocrmypdf, Tesseract, a scanner's own) puts invisible text over the page's picture, each word
where it found it. A page scanned a degree off square has lines that slope: across a 450-point table
row at 0.5° the text drifts four points, more than the tolerance that keeps a line's glyphs
together, so the end of a row joins the next line and its numbers shift by a cell. Under such a
picture, the page's slope is measured from the long runs of text it holds (a line of prose, written
left to right in the content stream) and every glyph is turned back by it before lines are formed.
The boxes such a page's blocks and cells report are in that level frame: at a degree, a few points
off the picture toward the page's far edges.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from gklint.plugin import is_cjk_char
from gklint.readers.pdf.collect import Box, Glyph, Page, Segment

_new_tuple = tuple.__new__
MIN_SLOPE = math.tan(math.radians(0.1))  # flatter than this the lines hold together as they are
MAX_SLOPE = math.tan(math.radians(5))  # steeper than this is no scan's skew: text set at an angle
RUN_STEP = 3.0  # glyph sizes: the farthest one glyph of a run may stand from the one before
RUN_DRIFT = 0.25  # glyph sizes: how far up or down it may stand
LONG_RUN = 8.0  # glyph sizes: a run at least this long measures the slope
MIN_RUNS = 3
MIN_POINTS = 6  # ideographs in a run that measures
SCAN_COVER = 0.8  # a picture over this share of the text's width and height is the scan itself


def upright(page: Page) -> list[Glyph]:
    """The page's glyphs, turned level when they lie over a scan of the page and slope."""
    glyphs = page.glyphs
    if not page.images or len(glyphs) < 2 * LONG_RUN or not _over_a_scan(page):
        return glyphs
    slope = page_slope(glyphs)
    if slope is None or abs(slope) < MIN_SLOPE:
        return glyphs
    return _turned(glyphs, slope)


def _over_a_scan(page: Page) -> bool:
    left = min(g[1] for g in page.glyphs)
    bottom = min(g[2] for g in page.glyphs)
    right = max(g[3] for g in page.glyphs)
    top = max(g[4] for g in page.glyphs)
    wide, high = (right - left) * SCAN_COVER, (top - bottom) * SCAN_COVER
    return any(x1 - x0 >= wide and y1 - y0 >= high for x0, y0, x1, y1 in page.images)


def page_slope(glyphs: list[Glyph]) -> float | None:
    """The slope of the page's text (rise over run): each long run's least-squares line through its
    glyphs' middles (a glyph's box may be its ink, which stands higher or lower glyph by glyph), and
    the median of those weighted by their length; None with fewer than ``MIN_RUNS`` such runs."""
    runs: list[tuple[float, float]] = []  # (slope, length)
    run: list[tuple[float, float]] = []  # its ideographs' middles: digits and marks sit lower or higher
    last = (0.0, 0.0)
    size = 0.0
    for text, x0, y0, x1, y1, glyph_size in glyphs:
        if glyph_size <= 0 or text.isspace():
            continue
        x, y = (x0 + x1) / 2, (y0 + y1) / 2
        if not (size and 0 < x - last[0] <= RUN_STEP * size and abs(y - last[1]) <= RUN_DRIFT * size):
            _measure(run, size, runs)
            run = []
            size = glyph_size
        last = (x, y)
        if is_cjk_char(text):
            run.append(last)
    _measure(run, size, runs)
    if len(runs) < MIN_RUNS:
        return None
    runs.sort()
    half, seen = sum(length for _, length in runs) / 2, 0.0
    for slope, length in runs:
        seen += length
        if seen >= half:
            return slope
    return None  # not reached: the lengths add up to twice half


def _measure(run: list[tuple[float, float]], size: float, runs: list[tuple[float, float]]) -> None:
    length = run[-1][0] - run[0][0] if len(run) >= MIN_POINTS else 0.0
    if not size or length < LONG_RUN * size:
        return
    count = len(run)
    mean_x = sum(x for x, _ in run) / count
    mean_y = sum(y for _, y in run) / count
    spread = sum((x - mean_x) ** 2 for x, _ in run)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in run) / spread
    if abs(slope) <= MAX_SLOPE:
        runs.append((slope, length))


def _turned(glyphs: list[Glyph], slope: float) -> list[Glyph]:
    """Each glyph's box turned about the page's origin by the angle whose tangent is ``-slope``,
    keeping its width and height."""
    angle = math.atan(slope)
    cos, sin = math.cos(angle), math.sin(angle)
    turned = []
    for g in glyphs:
        text, x0, y0, x1, y1, size = g
        x, y = (x0 + x1) / 2, (y0 + y1) / 2
        half_wide, half_high = (x1 - x0) / 2, (y1 - y0) / 2
        x, y = x * cos + y * sin, y * cos - x * sin
        turned.append(_new_tuple(Glyph, (text, x - half_wide, y - half_high, x + half_wide, y + half_high, size)))
    return turned


def turned_upright(page: Page) -> Page:
    """A page whose text runs up, down or upside down (a landscape table set sideways on a portrait
    page, a page turned in a viewer and saved) turned a quarter or a half so that it reads left to
    right; its boxes are given in that frame, from the turned page's lower left corner."""
    if not page.turn:
        return page
    boxes = [g[1:5] for g in page.glyphs] + page.images
    right = max([box[2] for box in boxes] + [s.hi if s.horizontal else s.at for s in page.segments], default=0.0)
    top = max([box[3] for box in boxes] + [s.at if s.horizontal else s.hi for s in page.segments], default=0.0)
    turn = _QUARTERS[page.turn]
    glyphs = []
    for text, *box, _ in page.glyphs:
        x0, y0, x1, y1 = turn(box, right, top)
        glyphs.append(_new_tuple(Glyph, (text, x0, y0, x1, y1, y1 - y0)))
    images = [turn(list(box), right, top) for box in page.images]
    segments = [_segment(turn((s.lo, s.at, s.hi, s.at) if s.horizontal else (s.at, s.lo, s.at, s.hi), right, top))
                for s in page.segments]  # fmt: skip
    return Page(page.number, glyphs, segments, images)


def _back_from_90(box: Sequence[float], right: float, top: float) -> Box:
    """Turned a quarter clockwise: text that ran up runs left to right."""
    x0, y0, x1, y1 = box
    return (y0, right - x1, y1, right - x0)


def _back_from_270(box: Sequence[float], right: float, top: float) -> Box:
    """Turned a quarter anticlockwise: text that ran down runs left to right."""
    x0, y0, x1, y1 = box
    return (top - y1, x0, top - y0, x1)


def _back_from_180(box: Sequence[float], right: float, top: float) -> Box:
    x0, y0, x1, y1 = box
    return (right - x1, top - y1, right - x0, top - y0)


_QUARTERS = {90: _back_from_90, 180: _back_from_180, 270: _back_from_270}


def _segment(box: Box) -> Segment:
    x0, y0, x1, y1 = box
    if y1 - y0 <= x1 - x0:
        return Segment(True, (y0 + y1) / 2, x0, x1)
    return Segment(False, (x0 + x1) / 2, y0, y1)
