"""PDF reports as Word, WPS and LibreOffice export them, read with pdfminer.six.

pdfminer's interpreter runs with a small device that keeps each glyph (text and box) and every
straight segment a path paints; pdfminer's own layout analysis does not run (it is slower and
groups table cells wrongly). From those, page by page:

* ruled tables: painted segments that cross one another form a grid, and the grid's boxes, merged
  where the border between them is missing, are the cells. A merged cell's text stands once, at its
  top-left grid position; the other positions it covers are empty cells, so every row keeps the
  grid's width. Lines wrapped inside a cell are joined without a space.
* the remaining glyphs are grouped into lines by baseline. A run of lines with wide gaps (a table
  drawn without borders) becomes a table whose columns are found by clustering the gaps.
* other lines become paragraphs: a line continues the one above when that one reaches the right
  margin and this one is not indented, across page breaks too. Page numbers and running headers
  are dropped.

Locations carry the 1-based page and the box (x0, y0, x1, y1) in PDF points, origin bottom-left.
pdfminer is imported inside ``read`` only: importing it costs ~90 ms that a text file must not pay.
"""

from __future__ import annotations

import bisect
import io
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any, NamedTuple

from gklint.plugin import Block, Document, Location, Paragraph, Reader, ReadError, Table, TextCell, hookimpl

_UNMAPPED = "\ufffd"  # stands for a glyph whose font gives no Unicode text ("(cid:N)" in pdfminer)
_TOL = 2.0  # points: ruling lines closer than this are one line
_MIN_SEGMENT = 1.0
_THIN = 2.5  # a filled rectangle at most this thick is a ruling line (Word draws borders so)
_UNMAPPED_RATIO = 0.1
_SCANNED_INK = 20  # a page with an image and fewer characters than this is a scan


# --------------------------------------------------------------------------- extraction


class _Glyph(NamedTuple):
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


class _Segment(NamedTuple):
    horizontal: bool
    at: float  # y of a horizontal segment, x of a vertical one
    lo: float
    hi: float


@dataclass
class _Page:
    number: int
    glyphs: list[_Glyph]
    segments: list[_Segment]
    images: int


def _segments(path: Sequence[tuple[Any, ...]], ctm: Sequence[float], stroke: bool, fill: bool) -> list[_Segment]:
    """The axis-parallel straight segments of a painted path, in page coordinates.

    Stroked paths give their edges; a filled rectangle gives its centre line when it is thin
    (a border drawn as a rectangle) and nothing otherwise (cell shading, backgrounds).
    """
    a, b, c, d, e, f = ctm
    out: list[_Segment] = []
    run: list[tuple[float, float]] = []

    def flush() -> None:
        if len(run) >= 2:
            out.extend(_polyline_segments(run, stroke, fill))

    for op in path:
        kind = op[0]
        if kind in ("m", "l") and len(op) >= 3:
            x, y = float(op[1]), float(op[2])
            point = (a * x + c * y + e, b * x + d * y + f)
            if kind == "m":
                flush()
                run = [point]
            else:
                run.append(point)
        elif kind == "h" and run:
            run.append(run[0])
        elif len(op) >= 3:  # a curve: not a ruling line; start afresh at its end point
            flush()
            x, y = float(op[-2]), float(op[-1])
            run = [(a * x + c * y + e, b * x + d * y + f)]
    flush()
    return out


def _polyline_segments(points: list[tuple[float, float]], stroke: bool, fill: bool) -> list[_Segment]:
    if not stroke:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if len(points) not in (4, 5) or min(x1 - x0, y1 - y0) > _THIN:
            return []
        if x1 - x0 >= y1 - y0:
            return [_Segment(True, (y0 + y1) / 2, x0, x1)] if x1 - x0 >= _MIN_SEGMENT else []
        return [_Segment(False, (x0 + x1) / 2, y0, y1)] if y1 - y0 >= _MIN_SEGMENT else []
    out = []
    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        if abs(ya - yb) < 0.5 and abs(xa - xb) >= _MIN_SEGMENT:
            out.append(_Segment(True, (ya + yb) / 2, min(xa, xb), max(xa, xb)))
        elif abs(xa - xb) < 0.5 and abs(ya - yb) >= _MIN_SEGMENT:
            out.append(_Segment(False, (xa + xb) / 2, min(ya, yb), max(ya, yb)))
    return out


def _glyph_box(
    matrix: Sequence[float], font: Any, fontsize: float, rise: float, cid: int, adv: float
) -> tuple[float, float, float, float, float]:
    """(x0, y0, x1, y1, size) of a glyph, as pdfminer's LTChar computes it."""
    a, b, c, d, e, f = matrix
    vertical = font.is_vertical()
    if vertical:
        vx, vy = font.char_disp(cid)
        vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
        vy = (1000 - vy) * fontsize * 0.001
        box = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
    else:
        descent = font.get_descent() * fontsize
        box = (0.0, descent + rise, adv, descent + rise + fontsize)
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return x0, y0, x1, y1, (x1 - x0) if vertical else (y1 - y0)


@cache
def _collector_class() -> type:
    """The pdfminer device that collects glyphs, ruling segments and images (built on first use,
    because pdfminer is imported lazily)."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdffont import PDFUnicodeNotDefined

    class Collector(PDFTextDevice):
        def start(self) -> None:
            self.glyphs: list[_Glyph] = []
            self.segments: list[_Segment] = []
            self.images = 0

        def render_char(
            self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, cid: int, ncs: Any, gs: Any
        ) -> float:
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = _UNMAPPED
            if "\u2f00" <= text[:1] <= "\u2fdf":  # a Kangxi radical from a sloppy ToUnicode map: 一 not ⼀
                text = unicodedata.normalize("NFKC", text)
            adv: float = font.char_width(cid) * fontsize * scaling
            a, b, c, d, e, f = matrix
            if b == 0 and c == 0 and a > 0 and d > 0 and not font.is_vertical():  # upright text: inlined for speed
                low = font.get_descent() * fontsize + rise
                self.glyphs.append(_Glyph(text, e, d * low + f, a * adv + e, d * (low + fontsize) + f, d * fontsize))
            else:
                self.glyphs.append(_Glyph(text, *_glyph_box(matrix, font, fontsize, rise, cid, adv)))
            return adv

        def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
            if self.ctm is not None:
                self.segments.extend(_segments(path, self.ctm, stroke, fill))

        def render_image(self, name: str, stream: Any) -> None:
            self.images += 1

    return Collector


def _extract(data: bytes) -> tuple[list[_Page], dict[str, str]]:
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFPasswordIncorrect:
        raise ReadError("PDF 已加密，需要密码才能打开", "the PDF is encrypted and needs a password to open") from None
    except PDFEncryptionError as exc:
        raise ReadError(
            f"PDF 已加密，无法解密：{exc}", f"the PDF is encrypted and cannot be decrypted: {exc}"
        ) from None
    resources = PDFResourceManager(caching=True)
    device = _collector_class()(resources)
    interpreter = PDFPageInterpreter(resources, device)
    pages = []
    for number, page in enumerate(PDFPage.create_pages(document), 1):
        device.start()
        interpreter.process_page(page)
        pages.append(_Page(number, device.glyphs, device.segments, device.images))
    return pages, _metadata(document)


def _metadata(document: Any) -> dict[str, str]:
    """Only the producer: the Info dictionary's dates say when the file was made, not published."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    for info in document.info:
        value = resolve1(info.get("Producer"))
        if isinstance(value, bytes):
            value = decode_text(value)
        elif isinstance(value, PSLiteral):
            value = str(value.name)
        if isinstance(value, str) and value.strip("\x00 "):
            return {"producer": value.strip("\x00 ")}
    return {}


# --------------------------------------------------------------------------- lines


def _is_cjk(ch: str) -> bool:
    """CJK ideographs, kana, CJK and full-width punctuation: no space is ever put between these."""
    code = ord(ch[0]) if ch else 0
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFFEF or code >= 0x20000


@dataclass
class _Line:
    """Glyphs on one baseline, left to right; the box covers the visible (non-space) glyphs."""

    page: int
    glyphs: list[_Glyph]
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float

    @property
    def top(self) -> float:
        return self.y1


def _dedupe(glyphs: list[_Glyph]) -> list[_Glyph]:
    """Drop the second copy of a glyph drawn twice a hair apart (fake bold, shadows)."""
    kept: list[_Glyph] = []
    for g in glyphs:
        prev = kept[-1] if kept else None
        if prev and g.text == prev.text and abs(g.x0 - prev.x0) < 0.3 * (prev.x1 - prev.x0) and not g.text.isspace():
            continue
        kept.append(g)
    return kept


def _text(glyphs: Sequence[_Glyph]) -> str:
    """The glyphs' text, with a space where a wide gap separates two non-CJK characters."""
    parts: list[str] = []
    prev: _Glyph | None = None
    for g in glyphs:
        if (
            prev is not None
            and g.x0 - prev.x1 > 0.35 * max(g.size, prev.size)
            and not (g.text.isspace() or prev.text.isspace() or _is_cjk(g.text) or _is_cjk(prev.text[-1:]))
        ):
            parts.append(" ")
        parts.append(g.text)
        prev = g
    return "".join(parts)


def _make_line(glyphs: list[_Glyph], page: int) -> _Line | None:
    glyphs = _dedupe(sorted(glyphs, key=attrgetter("x0")))
    ink = [g for g in glyphs if not g.text.isspace()]
    if not ink:
        return None
    y0, x1, y1, size = ink[0].y0, ink[0].x1, ink[0].y1, ink[0].size
    for g in ink:  # one pass: this runs for every line of every cell
        y0, x1, y1, size = min(y0, g.y0), max(x1, g.x1), max(y1, g.y1), max(size, g.size)
    return _Line(page, glyphs, _text(glyphs), ink[0].x0, y0, x1, y1, size)


def _lines(glyphs: list[_Glyph], page: int) -> list[_Line]:
    """Glyphs grouped by baseline, top to bottom."""
    if not glyphs:
        return []
    rows: list[list[_Glyph]] = []
    ref = size = 0.0
    for g in sorted(glyphs, key=lambda g: -(g.y0 + g.y1)):
        mid = (g.y0 + g.y1) / 2
        if rows and abs(ref - mid) <= 0.45 * max(g.size, size):
            rows[-1].append(g)
        else:
            rows.append([g])
            ref, size = mid, g.size
    return [line for row in rows if (line := _make_line(row, page)) is not None]


# --------------------------------------------------------------------------- ruled tables


def _merge_collinear(segments: list[_Segment]) -> list[_Segment]:
    """Join segments on one line (within ``_TOL``) that touch or overlap."""
    out: list[_Segment] = []
    for group in _groups(sorted(segments, key=lambda s: s.at), key=lambda s: s.at):
        at = sum(s.at for s in group) / len(group)
        spans = sorted((s.lo, s.hi) for s in group)
        lo, hi = spans[0]
        for start, end in spans[1:]:
            if start <= hi + _TOL:
                hi = max(hi, end)
            else:
                out.append(_Segment(group[0].horizontal, at, lo, hi))
                lo, hi = start, end
        out.append(_Segment(group[0].horizontal, at, lo, hi))
    return out


def _groups(items: list[Any], key: Callable[[Any], float]) -> Iterator[list[Any]]:
    """Runs of sorted ``items`` whose ``key`` stays within ``_TOL`` of the run's first."""
    group: list[Any] = []
    for item in items:
        if group and key(item) - key(group[0]) > _TOL:
            yield group
            group = []
        group.append(item)
    if group:
        yield group


def _cluster(values: list[float]) -> list[float]:
    return [sum(g) / len(g) for g in _groups(sorted(values), key=float)]


def _crosses(h: _Segment, v: _Segment) -> bool:
    return v.lo - _TOL <= h.at <= v.hi + _TOL and h.lo - _TOL <= v.at <= h.hi + _TOL


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


@dataclass
class _Grid:
    """A ruled table: column edges left to right, row edges top to bottom, and for each atomic
    box the merged cell (its top-left atomic index) it belongs to."""

    page: int
    xs: list[float]
    ys: list[float]
    owner: list[int]

    def __post_init__(self) -> None:
        self.columns = len(self.xs) - 1
        self._down = [-y for y in self.ys]  # ascending, for bisect

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[-1], self.xs[-1], self.ys[0])

    def locate(self, x: float, y: float) -> int | None:
        """The merged cell holding the point, or None when it lies outside the table."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0]):
            return None
        col = min(max(bisect.bisect_right(self.xs, x) - 1, 0), self.columns - 1)
        row = min(max(bisect.bisect_left(self._down, -y) - 1, 0), len(self.ys) - 2)
        return self.owner[row * self.columns + col]

    def box(self, cells: list[int]) -> tuple[float, float, float, float]:
        if len(cells) == 1:
            row, col = divmod(cells[0], self.columns)
            return (self.xs[col], self.ys[row + 1], self.xs[col + 1], self.ys[row])
        rows = [i // self.columns for i in cells]
        cols = [i % self.columns for i in cells]
        return (self.xs[min(cols)], self.ys[max(rows) + 1], self.xs[max(cols) + 1], self.ys[min(rows)])


def _covered(spans: list[tuple[float, float]], lo: float, hi: float) -> bool:
    """True when ``spans`` cover at least half of [lo, hi]."""
    covered = sum(max(0.0, min(hi, b) - max(lo, a)) for a, b in spans)
    return covered >= 0.5 * (hi - lo)


def _nearest(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _grid(page: int, hs: list[_Segment], vs: list[_Segment]) -> _Grid | None:
    xs = _cluster([v.at for v in vs])
    ys = _cluster([h.at for h in hs])
    # a table without outer side (or top/bottom) borders still ends where its lines end
    left, right = min(h.lo for h in hs), max(h.hi for h in hs)
    bottom, top = min(v.lo for v in vs), max(v.hi for v in vs)
    xs = ([left] if left < xs[0] - _TOL else []) + xs + ([right] if right > xs[-1] + _TOL else [])
    ys = ([bottom] if bottom < ys[0] - _TOL else []) + ys + ([top] if top > ys[-1] + _TOL else [])
    ys.reverse()
    if len(xs) < 2 or len(ys) < 2:
        return None
    at_x: dict[int, list[tuple[float, float]]] = {}
    for v in vs:
        at_x.setdefault(_nearest(xs, v.at), []).append((v.lo, v.hi))
    at_y: dict[int, list[tuple[float, float]]] = {}
    for h in hs:
        at_y.setdefault(_nearest(ys, h.at), []).append((h.lo, h.hi))
    rows, cols = len(ys) - 1, len(xs) - 1
    boxes = _UnionFind(rows * cols)
    for r in range(rows):
        for c in range(cols):
            if c + 1 < cols and not _covered(at_x.get(c + 1, []), ys[r + 1], ys[r]):
                boxes.union(r * cols + c, r * cols + c + 1)
            if r + 1 < rows and not _covered(at_y.get(r + 1, []), xs[c], xs[c + 1]):
                boxes.union(r * cols + c, (r + 1) * cols + c)
    roots = [boxes.find(i) for i in range(rows * cols)]
    first: dict[int, int] = {}
    for i, root in enumerate(roots):
        first.setdefault(root, i)
    if len(first) < 2:
        return None  # a frame around text, not a table
    return _Grid(page, xs, ys, [first[root] for root in roots])


def _ruled_grids(page: int, segments: list[_Segment]) -> list[_Grid]:
    """Tables made of the page's ruling segments: each set of crossing lines with at least two
    horizontal and two vertical ones."""
    hs = _merge_collinear([s for s in segments if s.horizontal])
    vs = _merge_collinear([s for s in segments if not s.horizontal])
    links = _UnionFind(len(hs) + len(vs))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _crosses(h, v):
                links.union(i, len(hs) + j)
    parts: dict[int, tuple[list[_Segment], list[_Segment]]] = {}
    for i, h in enumerate(hs):
        parts.setdefault(links.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        parts.setdefault(links.find(len(hs) + j), ([], []))[1].append(v)
    grids = []
    for part_hs, part_vs in parts.values():
        if len(part_hs) >= 2 and len(part_vs) >= 2:
            grid = _grid(page, part_hs, part_vs)
            if grid is not None:
                grids.append(grid)
    return grids


@dataclass
class _Ruled:
    """A ruled table of one page, with what joining a row split by a page break needs: the column
    edges, the grid position of the cell covering each position, and the cells whose text fills
    them to the bottom-right corner (text that may go on on the next page)."""

    table: Table
    edges: list[float]
    owners: list[list[tuple[int, int]]]
    filled: set[tuple[int, int]]


def _fills(line: _Line, box: tuple[float, float, float, float]) -> bool:
    """True when a cell's last line reaches its right edge and its bottom (6 pt: the padding)."""
    return line.x1 >= box[2] - 1.5 * line.size - 6.0 and line.y0 <= box[1] + 1.5 * line.size + 6.0


def _grid_table(grid: _Grid, glyphs: dict[int, list[_Glyph]]) -> _Ruled:
    """The grid's cells in rows; a merged cell's text at its top-left position, empty cells at the
    other positions it covers; rows and columns where no cell starts (stray lines) are dropped."""
    cols = grid.columns
    members: dict[int, list[int]] = {}
    for i, origin in enumerate(grid.owner):
        members.setdefault(origin, []).append(i)
    keep_rows = sorted({origin // cols for origin in members})
    keep_cols = sorted({origin % cols for origin in members})
    where = {(r, c): (n, m) for n, r in enumerate(keep_rows) for m, c in enumerate(keep_cols)}
    rows, owners, filled = [], [], set()
    for r in keep_rows:
        row, row_owners = [], []
        for c in keep_cols:
            i = r * cols + c
            origin = grid.owner[i]
            row_owners.append(where[(origin // cols, origin % cols)])
            if origin != i:
                # covered by the merged cell at `origin`: a position, not a blank cell
                row.append(TextCell("", Location(page=grid.page, bbox=grid.box([i])), merged=True))
                continue
            box = grid.box(members[i])
            lines = _lines(glyphs.get(i, []), grid.page)
            if lines and _fills(lines[-1], box):
                filled.add(where[(r, c)])
            row.append(TextCell("".join(line.text.strip() for line in lines), Location(page=grid.page, bbox=box)))
        rows.append(tuple(row))
        owners.append(row_owners)
    edges = [grid.xs[c] for c in keep_cols] + [grid.xs[keep_cols[-1] + 1]]
    table = Table(tuple(rows), Location(page=grid.page, bbox=grid.bbox))
    return _Ruled(table, edges, owners, filled)


_VALUE = re.compile(r"[\d\s.,，%+\-－—/\\无]+")


def _texts(row: tuple[TextCell, ...]) -> list[str]:
    return [cell.text for cell in row]


def _span(table: _Ruled, row: int, origin: tuple[int, int]) -> tuple[list[int], bool]:
    """The columns a cell covers in ``row`` and whether it covers other rows too."""
    columns = [c for c, owner in enumerate(table.owners[row]) if owner == origin]
    rows = sum(1 for owners in table.owners if origin in owners)
    return columns, rows > 1


def _continued(above: _Ruled, below: _Ruled, skip: int) -> Iterator[tuple[int, tuple[int, int], bool]]:
    """(column, origin above, multi-row) for each filled cell of ``below``'s row ``skip`` that may
    continue the cell above it: same columns, no value, the cell above full to its bottom-right."""
    last = len(above.table.rows) - 1
    for c, cell in enumerate(below.table.rows[skip]):
        if not cell.text or _VALUE.fullmatch(cell.text):
            continue
        target = above.owners[last][c]
        if target not in above.filled:
            continue
        columns, tall = _span(above, last, target)
        below_columns, below_tall = _span(below, skip, (skip, c))
        if columns == below_columns:
            yield c, target, tall or below_tall


def _join_split_row(above: _Ruled, below: _Ruled) -> None:
    """Move text that a page break pushed onto the next page back into its cell.

    Word and LibreOffice let a row break across pages, and LibreOffice lets the text of a cell
    merged down several rows flow on: the lines that did not fit go on in the first row of the
    table on the next page (after any repeated header rows). A cell there continues the cell
    above it when both cover the same columns, it holds no value, and the text above reaches the
    cell's bottom-right corner. A whole row of such cells is the tail of a broken row and goes;
    otherwise only cells merged over several rows are joined (a one-row cell that happens to be
    full is just followed by the next row).
    """
    if len(above.edges) != len(below.edges) or any(abs(a - b) > 2 * _TOL for a, b in zip(above.edges, below.edges)):
        return
    rows_above, rows_below = list(above.table.rows), list(below.table.rows)
    skip = 0
    while skip < min(len(rows_above) - 1, len(rows_below)) and _texts(rows_below[skip]) == _texts(rows_above[skip]):
        skip += 1  # header rows repeated on the new page
    if skip >= len(rows_below):
        return
    pairs = list(_continued(above, below, skip))
    whole_row = len(pairs) == sum(1 for cell in rows_below[skip] if cell.text) > 0
    tail = list(rows_below[skip])
    for c, (r, m), tall in pairs:
        if whole_row or tall:
            row = list(rows_above[r])
            row[m] = TextCell(row[m].text + tail[c].text, row[m].location)
            rows_above[r] = tuple(row)
            tail[c] = TextCell("", tail[c].location, merged=True)  # its text went to the cell above
    if whole_row:
        del rows_below[skip]
    else:
        rows_below[skip] = tuple(tail)
    above.table = Table(tuple(rows_above), above.table.location)
    below.table = Table(tuple(rows_below), below.table.location)


# --------------------------------------------------------------------------- tables without borders


class _Chunk(NamedTuple):
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def _chunks(line: _Line) -> list[_Chunk]:
    """The line cut where the gap between two visible glyphs exceeds 1 em (a column gap)."""
    out: list[_Chunk] = []
    run: list[_Glyph] = []
    last: _Glyph | None = None
    for g in line.glyphs:
        if g.text.isspace():
            run.append(g)
            continue
        if last is not None and g.x0 - last.x1 > max(g.size, last.size):
            out.append(_chunk(run))
            run = []
        run.append(g)
        last = g
    if run:
        out.append(_chunk(run))
    return [c for c in out if c.text]


def _chunk(glyphs: list[_Glyph]) -> _Chunk:
    ink = [g for g in glyphs if not g.text.isspace()] or glyphs
    return _Chunk(
        _text(glyphs).strip(),
        min(g.x0 for g in ink),
        min(g.y0 for g in ink),
        max(g.x1 for g in ink),
        max(g.y1 for g in ink),
    )


_PART_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]")


def _may_sit_in_table(line: _Line) -> bool:
    """A one-piece line that may be a row of a borderless table (a group label), not prose."""
    return len(line.text.strip()) <= 30 and not _PART_HEADING.match(line.text)


def _borderless(lines: list[_Line]) -> list[_Line | Table]:
    """Runs of lines with column gaps become tables: at least two such lines, and either one with
    three or more pieces or most ending in a value (label-number rows); short one-piece lines may
    stand between them, no wide vertical gap inside."""
    pieces = [_chunks(line) for line in lines]
    out: list[_Line | Table] = []
    i = 0
    while i < len(lines):
        if len(pieces[i]) < 2:
            out.append(lines[i])
            i += 1
            continue
        last, j = i, i + 1
        while j < len(lines) and lines[j - 1].y0 - lines[j].y0 <= 3 * lines[j].size:
            if len(pieces[j]) >= 2:
                last = j
            elif not _may_sit_in_table(lines[j]):
                break
            j += 1
        multi = [pieces[k] for k in range(i, last + 1) if len(pieces[k]) >= 2]
        valued = sum(1 for row in multi if _VALUE.fullmatch(row[-1].text))
        if len(multi) >= 2 and (max(len(row) for row in multi) >= 3 or 2 * valued >= len(multi)):
            out.append(_gap_table([pieces[k] for k in range(i, last + 1)], lines[i].page))
            i = last + 1
        else:
            out.append(lines[i])
            i += 1
    return out


def _bands(rows: list[list[_Chunk]]) -> list[list[float]]:
    """Column bands [x0, x1] from the fuller rows, narrow pieces first; a piece that overlaps two
    bands already found (a spanning header) does not join them."""
    most = max(len(row) for row in rows)
    pieces = sorted((c for row in rows if 2 * len(row) >= most for c in row), key=lambda c: c.x1 - c.x0)
    bands: list[list[float]] = []
    for c in pieces:
        hits = [b for b in bands if c.x0 <= b[1] and b[0] <= c.x1]
        if not hits:
            bands.append([c.x0, c.x1])
        elif len(hits) == 1:
            hits[0][0], hits[0][1] = min(hits[0][0], c.x0), max(hits[0][1], c.x1)
    return sorted(bands)


def _band_of(bands: list[list[float]], c: _Chunk) -> int:
    for n, (x0, x1) in enumerate(bands):
        if c.x0 <= x1 and x0 <= c.x1:
            return n
    middle = (c.x0 + c.x1) / 2
    return min(range(len(bands)), key=lambda n: abs((bands[n][0] + bands[n][1]) / 2 - middle))


def _gap_table(rows: list[list[_Chunk]], page: int) -> Table:
    bands = _bands(rows)
    out = []
    for row in rows:
        cells: list[list[_Chunk]] = [[] for _ in bands]
        for c in row:
            cells[_band_of(bands, c)].append(c)
        y0, y1 = min(c.y0 for c in row), max(c.y1 for c in row)
        out.append(tuple(_gap_cell(found, band, y0, y1, page) for found, band in zip(cells, bands)))
    x0, x1 = bands[0][0], bands[-1][1]
    y0 = min(c.y0 for row in rows for c in row)
    y1 = max(c.y1 for row in rows for c in row)
    return Table(tuple(out), Location(page=page, bbox=(x0, y0, x1, y1)))


def _gap_cell(found: list[_Chunk], band: list[float], y0: float, y1: float, page: int) -> TextCell:
    if not found:
        return TextCell("", Location(page=page, bbox=(band[0], y0, band[1], y1)))
    box = (min(c.x0 for c in found), min(c.y0 for c in found), max(c.x1 for c in found), max(c.y1 for c in found))
    return TextCell(" ".join(c.text for c in found), Location(page=page, bbox=box))


# --------------------------------------------------------------------------- pages


_PAGE_NUMBER = re.compile(r"^[\s\-—–－~·_]*(?:第\s*)?\d{1,4}\s*页?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[\s\-—–－~·_]*$")

_Item = _Line | Table | _Ruled


def _top(item: _Item) -> float:
    if isinstance(item, _Line):
        return item.top
    bbox = (item.table if isinstance(item, _Ruled) else item).location.bbox
    return bbox[3] if bbox else 0.0


def _page_items(page: _Page) -> list[_Item]:
    """The page's tables and text lines, top to bottom."""
    grids = _ruled_grids(page.number, page.segments)
    free: list[_Glyph] = []
    in_cells: list[dict[int, list[_Glyph]]] = [{} for _ in grids]
    for g in page.glyphs:
        if g.size < 0.5:
            continue
        x, y = (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2
        for n, grid in enumerate(grids):
            cell = grid.locate(x, y)
            if cell is not None:
                in_cells[n].setdefault(cell, []).append(g)
                break
        else:
            free.append(g)
    items: list[_Item] = [_grid_table(grid, cells) for grid, cells in zip(grids, in_cells)]
    items.extend(_borderless(_lines(free, page.number)))
    items.sort(key=lambda item: -_top(item))
    return items


def _drop_margins(pages: list[list[_Item]]) -> None:
    """Remove page numbers and running headers/footers: a page's first or last line that is a page
    number, or whose text stands at the same height on at least half of the pages (two or more)."""
    edges: Counter[tuple[str, int]] = Counter()
    for items in pages:
        for line in {id(i): i for i in (items[:1] + items[-1:]) if isinstance(i, _Line)}.values():
            edges[(line.text.strip(), round(line.y0 / _TOL))] += 1
    repeated = {key for key, n in edges.items() if n >= 2 and 2 * n >= len(pages)}
    for items in pages:
        for index in (-1, 0):
            if not items:
                break
            edge = items[index]
            if isinstance(edge, _Line) and (
                _PAGE_NUMBER.match(edge.text) or (edge.text.strip(), round(edge.y0 / _TOL)) in repeated
            ):
                items.pop(index)


def _join_pages(pages: list[list[_Item]]) -> None:
    """Rejoin rows broken where a ruled table runs from the foot of a page onto the next."""
    for items, following in itertools.pairwise(pages):
        if items and following and isinstance(items[-1], _Ruled) and isinstance(following[0], _Ruled):
            _join_split_row(items[-1], following[0])
            if not following[0].table.rows:
                del following[0]


# --------------------------------------------------------------------------- paragraphs


def _edge(values: list[float], pick: Callable[[list[float]], float]) -> float:
    """The outermost position shared by at least two lines (one stray line does not move it)."""
    buckets = Counter(round(v / _TOL) for v in values)
    shared = [b * _TOL for b, n in buckets.items() if n >= 2]
    return pick(shared or values)


def _pitch(items: list[_Item]) -> float | None:
    """The commonest baseline distance between successive lines of one size on one page: the line
    spacing inside paragraphs (paragraph spacing, when a document has it, is larger)."""
    distances: Counter[float] = Counter()
    for a, b in itertools.pairwise(items):
        if isinstance(a, _Line) and isinstance(b, _Line) and a.page == b.page and abs(a.size - b.size) <= 0.6:
            distance = a.y0 - b.y0
            if 0.9 * a.size < distance < 3 * a.size:
                distances[round(distance * 2) / 2] += 1
    if not distances:
        return None
    return min(distances, key=lambda d: (-distances[d], d))


@dataclass
class _Measure:
    """The body text's left and right margins and line pitch, as the document's lines show them."""

    left: float
    right: float
    pitch: float | None

    @classmethod
    def of(cls, items: list[_Item]) -> _Measure:
        lines = [item for item in items if isinstance(item, _Line)]
        if not lines:
            return cls(0.0, 0.0, None)
        return cls(_edge([line.x0 for line in lines], min), _edge([line.x1 for line in lines], max), _pitch(items))

    def full(self, line: _Line) -> bool:
        return line.x1 >= self.right - 1.5 * line.size

    def indented(self, line: _Line) -> bool:
        return line.x0 > self.left + 0.8 * line.size

    def close(self, prev: _Line, line: _Line) -> bool:
        """True when ``line`` follows ``prev`` at the line spacing (not after a paragraph gap)."""
        if prev.page != line.page:
            return True
        limit = self.pitch + 0.3 * prev.size if self.pitch else 2.5 * prev.size
        return prev.y0 - line.y0 <= limit


def _continues(prev: _Line, line: _Line, measure: _Measure) -> bool:
    """True when ``line`` goes on with the paragraph whose last line is ``prev``."""
    if abs(prev.size - line.size) > 0.6 or not measure.full(prev) or measure.indented(line):
        return False
    if _PART_HEADING.match(line.text) and not measure.full(line):
        return False  # a part heading is its own paragraph
    return measure.close(prev, line)


def _paragraph(lines: list[_Line]) -> Paragraph:
    text = "".join(line.text.lstrip() for line in lines).strip()
    first = [line for line in lines if line.page == lines[0].page]
    bbox = (
        min(line.x0 for line in first),
        min(line.y0 for line in first),
        max(line.x1 for line in first),
        max(line.y1 for line in first),
    )
    return Paragraph(text, Location(page=lines[0].page, bbox=bbox))


def _blocks(items: list[_Item]) -> list[Block]:
    measure = _Measure.of(items)
    blocks: list[Block] = []
    lines: list[_Line] = []
    for item in items:
        if isinstance(item, _Line) and lines and _continues(lines[-1], item, measure):
            lines.append(item)
            continue
        if lines:
            blocks.append(_paragraph(lines))
            lines = []
        if isinstance(item, _Line):
            lines.append(item)
        else:
            blocks.append(item.table if isinstance(item, _Ruled) else item)
    if lines:
        blocks.append(_paragraph(lines))
    return blocks


# --------------------------------------------------------------------------- checks and the reader


def _check_container(data: bytes) -> None:
    if not data.lstrip()[:5] == b"%PDF-":
        raise ReadError("不是 PDF 文件（缺少 %PDF- 文件头）", "not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data:
        raise ReadError("PDF 文件不完整（被截断，缺少 %%EOF 结束标记）", "the PDF is truncated (no %%EOF end marker)")


def _is_bad(text: str) -> bool:
    """An unmapped glyph or a control character (category Cc: U+0000-001F, U+007F-009F)."""
    return text == _UNMAPPED or any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in text)


def _check_text(pages: list[_Page]) -> None:
    """Refuse what would read as an empty or garbled document instead of returning it."""
    if not pages:
        raise ReadError("PDF 没有任何页面", "the PDF has no pages")
    ink = [[g for g in page.glyphs if not g.text.isspace()] for page in pages]
    scanned = sum(1 for page, found in zip(pages, ink) if page.images and len(found) < _SCANNED_INK)
    if 2 * scanned > len(pages) or (scanned and not any(ink)):
        raise ReadError("无文本层：扫描件，需要先做文字识别（OCR）", "no text layer: a scanned document, needs OCR")
    total = sum(len(found) for found in ink)
    if total == 0:
        raise ReadError("PDF 中没有可提取的文字", "the PDF holds no extractable text")
    bad = sum(1 for found in ink for g in found if _is_bad(g.text))
    if bad > _UNMAPPED_RATIO * total:
        raise ReadError(
            f"PDF 字体缺少 Unicode 映射（{bad}/{total} 个字符无法识别），无法提取文字",
            f"the PDF's fonts have no Unicode mapping ({bad} of {total} characters unreadable): "
            "the text cannot be extracted",
        )


class PdfReader(Reader):
    name = "pdf"
    version = "1"
    suffixes = (".pdf",)

    def sniff(self, head: bytes) -> bool:
        return head.lstrip()[:5] == b"%PDF-"

    def read(self, path: str, data: bytes) -> Document:
        _check_container(data)
        try:
            pages, metadata = _extract(data)
        except ReadError:
            raise
        except Exception as exc:  # pdfminer raises PDFSyntaxError, PSEOF, but also KeyError, ValueError… on damage
            raise ReadError(
                f"PDF 文件已损坏，无法解析（{type(exc).__name__}: {exc}）",
                f"the PDF is damaged and cannot be parsed ({type(exc).__name__}: {exc})",
            ) from None
        _check_text(pages)
        per_page = [_page_items(page) for page in pages]
        _drop_margins(per_page)
        _join_pages(per_page)
        blocks = _blocks([item for items in per_page for item in items])
        return Document(path=path, format=self.name, blocks=tuple(blocks), metadata=metadata)


@hookimpl
def gklint_readers() -> list[Reader]:
    return [PdfReader()]
