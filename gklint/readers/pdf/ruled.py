"""Ruled tables: painted segments that cross one another form a grid; its boxes are the cells."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from operator import itemgetter
from typing import Any

from gklint.plugin import Location, Table, TextCell
from gklint.readers.pdf.collect import Glyph, Segment
from gklint.readers.pdf.lines import Line, line_text, lines_of

TOL = 2.0  # points: ruling lines closer than this are one line
# A report's page holds a few tables of some 30 x 15 cells (Word's slivers make it a few thousand
# boxes). Far beyond these bounds lines are a drawing, not a table: they are not read as one.
MAX_GRID_BOXES = 50_000
MAX_CROSSING_TESTS = 1_000_000
MAX_GRIDS = 50


def _merge_collinear(segments: list[Segment]) -> list[Segment]:
    """Join segments on one line (within ``TOL``) that touch or overlap."""
    out: list[Segment] = []
    for group in _groups_at(sorted(segments, key=_AT)):
        at = sum(map(_AT, group)) / len(group)
        spans = sorted(map(_SPAN, group))
        lo, hi = spans[0]
        for start, end in spans[1:]:
            if start <= hi + TOL:
                hi = end if end > hi else hi  # max(hi, end) written out
            else:
                out.append(Segment(group[0].horizontal, at, lo, hi))
                lo, hi = start, end
        out.append(Segment(group[0].horizontal, at, lo, hi))
    return out


def _groups(items: list[Any], key: Callable[[Any], float]) -> Iterator[list[Any]]:
    """Runs of sorted ``items`` whose ``key`` stays within ``TOL`` of the run's first."""
    group: list[Any] = []
    for item in items:
        if group and key(item) - key(group[0]) > TOL:
            yield group
            group = []
        group.append(item)
    if group:
        yield group


_AT, _SPAN = itemgetter(1), itemgetter(2, 3)  # Segment.at, (Segment.lo, Segment.hi)


def _groups_at(segments: list[Segment]) -> Iterator[list[Segment]]:
    """``_groups`` of segments sorted by ``at``, by that field (no key call per segment: a page of
    Word's border slivers has hundreds)."""
    group: list[Segment] = []
    first = 0.0
    for segment in segments:
        if group and segment[1] - first > TOL:
            yield group
            group = []
        if not group:
            first = segment[1]
        group.append(segment)
    if group:
        yield group


def _cluster(values: list[float]) -> list[float]:
    return [sum(g) / len(g) for g in _groups(sorted(values), key=float)]


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
    # The columns with no rule under them in a bottom edge ruled elsewhere: the cells a page break
    # cut, whose text goes on below the edge (see layout._overflowed).
    open_below: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        self.columns = len(self.xs) - 1
        self._down = [-y for y in self.ys]  # ascending, for bisect

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[-1], self.xs[-1], self.ys[0])

    def bounds(self) -> tuple[float, float, float, float, list[float], list[float], int, int, list[int]]:
        """What ``cell`` needs, for a caller that places many points: left, right, bottom, top, the
        column edges, the row edges negated (ascending), the last column and row, the owners."""
        return (
            self.xs[0],
            self.xs[-1],
            self.ys[-1],
            self.ys[0],
            self.xs,
            self._down,
            self.columns - 1,
            len(self.ys) - 2,
            self.owner,
        )

    def locate(self, x: float, y: float) -> int | None:
        """The merged cell holding the point, or None when it lies outside the table."""
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[-1] <= y <= self.ys[0]):
            return None
        return self.cell(x, y)

    def cell(self, x: float, y: float) -> int:
        """The merged cell holding a point inside the table."""
        # each index held to the grid: this runs for every glyph inside a table
        col, last = bisect.bisect_right(self.xs, x) - 1, self.columns - 1
        col = 0 if col < 0 else last if col > last else col
        row, last = bisect.bisect_left(self._down, -y) - 1, len(self.ys) - 2
        row = 0 if row < 0 else last if row > last else row
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
    for a, b in spans:
        if a <= lo and hi <= b:
            return True  # one span covers it all (a ruled table's usual edge): the sum below would say so
    # max(0.0, min(hi, b) - max(lo, a)) written out: this runs for every edge of every grid box
    overlaps = ((b if b < hi else hi) - (a if a > lo else lo) for a, b in spans)
    covered = sum(overlap if overlap > 0.0 else 0.0 for overlap in overlaps)
    return covered >= 0.5 * (hi - lo)


def _nearest(ascending: list[float], value: float, high_on_tie: bool = False) -> int:
    """The index of the edge nearest to ``value``; on a tie the lower one (the higher with ``high_on_tie``)."""
    i = bisect.bisect_left(ascending, value)
    candidates = [j for j in (i - 1, i) if 0 <= j < len(ascending)]
    return min(candidates, key=lambda j: (abs(ascending[j] - value), -j if high_on_tie else j))


DOUBLE_RULE = 4.0  # points: two rules closer than this bound no cell (no type is this small)


def _double_rules_joined(positions: list[float]) -> list[float]:
    """Ascending rule positions with each pair closer than ``DOUBLE_RULE`` made one, at their middle:
    a page printed by a browser draws each cell of an HTML ``<table border="1">`` in its own box, so
    every rule between two cells is two rules a cell spacing apart."""
    joined: list[float] = []
    for position in positions:
        if joined and position - joined[-1] < DOUBLE_RULE:
            joined[-1] = (joined[-1] + position) / 2
        else:
            joined.append(position)
    return joined


def _grid(page: int, hs: list[Segment], vs: list[Segment]) -> _Grid | None:
    xs = _double_rules_joined(_cluster([v.at for v in vs]))
    ys = _double_rules_joined(_cluster([h.at for h in hs]))
    # a table without outer side (or top/bottom) borders still ends where its lines end
    left, right = min(h.lo for h in hs), max(h.hi for h in hs)
    bottom, top = min(v.lo for v in vs), max(v.hi for v in vs)
    xs = ([left] if left < xs[0] - TOL else []) + xs + ([right] if right > xs[-1] + TOL else [])
    ys = ([bottom] if bottom < ys[0] - TOL else []) + ys + ([top] if top > ys[-1] + TOL else [])
    if len(xs) < 2 or len(ys) < 2 or (len(xs) - 1) * (len(ys) - 1) > MAX_GRID_BOXES:
        return None
    at_x: dict[int, list[tuple[float, float]]] = {}
    for v in vs:
        at_x.setdefault(_nearest(xs, v.at), []).append((v.lo, v.hi))
    at_y: dict[int, list[tuple[float, float]]] = {}
    for h in hs:  # rows run top to bottom: index from the top
        at_y.setdefault(len(ys) - 1 - _nearest(ys, h.at, high_on_tie=True), []).append((h.lo, h.hi))
    ys.reverse()
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
    return _Grid(page, xs, ys, [first[root] for root in roots], _open_below(at_y.get(rows, []), xs))


def _open_below(bottom_rules: list[tuple[float, float]], xs: list[float]) -> frozenset[int]:
    """The columns the bottom edge leaves open, when it rules some of them (a browser closes the cells
    of a row a page break cuts that end on this page, and leaves open those that go on)."""
    ruled = [_covered(bottom_rules, xs[c], xs[c + 1]) for c in range(len(xs) - 1)]
    if all(ruled) or not any(ruled):
        return frozenset()
    return frozenset(c for c, closed in enumerate(ruled) if not closed)


def _link_crossings(hs: list[Segment], vs: list[Segment], links: _UnionFind) -> None:
    """Join each horizontal segment (``i``) with every vertical one (``len(hs) + j``) it crosses
    within ``TOL``. The vertical ones' reach is computed once, and a crossing already joined costs
    no union: this tests every pair of a page's lines."""
    reach = [(x, low - TOL, high + TOL) for _, x, low, high in vs]
    find, parent, first = links.find, links.parent, len(hs)
    for i, (_, y, left, right) in enumerate(hs):
        left, right = left - TOL, right + TOL
        root = find(i)
        for j, (x, low, high) in enumerate(reach, first):
            if low <= y <= high and left <= x <= right:  # the segments cross (within TOL)
                other = find(j)
                if other != root:
                    parent[root] = other
                    root = other


def ruled_grids(page: int, segments: list[Segment], strays: list[Segment] | None = None) -> list[_Grid]:
    """Tables made of the page's ruling segments: each set of crossing lines with at least two
    horizontal and two vertical ones. The horizontal segments that cross no other go to ``strays``
    (underlines, or lines that strike text through)."""
    hs = _merge_collinear([s for s in segments if s.horizontal])
    vs = _merge_collinear([s for s in segments if not s.horizontal])
    if len(hs) * len(vs) > MAX_CROSSING_TESTS:
        return []  # a mesh of lines, no report table: the page's text is read as text
    links = _UnionFind(len(hs) + len(vs))
    _link_crossings(hs, vs, links)
    parts: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        parts.setdefault(links.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        parts.setdefault(links.find(len(hs) + j), ([], []))[1].append(v)
    grids = []
    for part_hs, part_vs in parts.values():
        if strays is not None and len(part_hs) == 1 and not part_vs:
            strays.append(part_hs[0])
        if len(part_hs) >= 2 and len(part_vs) >= 2:
            grid = _grid(page, part_hs, part_vs)
            if grid is not None:
                grids.append(grid)
    return grids if len(grids) <= MAX_GRIDS else []


@dataclass
class Ruled:
    """A ruled table of one page, with what joining a row split by a page break needs: the column
    edges, the grid position of the cell covering each position, and the cells whose text fills
    them to the bottom-right corner (text that may go on on the next page).

    ``frames`` says that the grid's rules do not divide the table: one of its cells holds two lines
    or more that each stand in several columns, or one line in three columns or more (Word's table
    styles that rule an outer box and the line under the headings, or the columns of every other
    row). A ruled table's cell holds a label or a number; such a table is read from its text."""

    table: Table
    edges: list[float]
    owners: list[list[tuple[int, int]]]
    filled: set[tuple[int, int]]
    frames: bool = False


COLUMN_GAP = 2.5  # sizes of type: a wider gap inside a cell's line parts two columns


def _column_gaps(lines: list[Line]) -> list[int]:
    """For each line, how many gaps wider than ``COLUMN_GAP`` its text leaves (none in a line too
    narrow to hold one, the commonest: it is not walked)."""
    counts = []
    for line in lines:
        if line.x1 - line.x0 <= (COLUMN_GAP + 1) * line.size:
            counts.append(0)
            continue
        ink = [g for g in line.glyphs if not g[0].isspace()]
        counts.append(sum(1 for a, b in pairwise(ink) if b[1] - a[3] > COLUMN_GAP * max(a[5], b[5])))
    return counts


def _divides(gaps: list[int]) -> bool:
    return sum(1 for n in gaps if n) >= 2 or any(n >= 2 for n in gaps)


# How far short of a cell's right edge its last line may stop and still fill it: the padding, and two
# characters, since 禁则 (no 、 or ， at a line's start) carries the last character over with it.
SHORT_BY = 2.5


def _fills(line: Line, box: tuple[float, float, float, float]) -> bool:
    """True when a cell's last line reaches its right edge and its bottom (6 pt: the padding)."""
    return line.x1 >= box[2] - SHORT_BY * line.size - 6.0 and line.y0 <= box[1] + 1.5 * line.size + 6.0


def _one_glyph_cell(glyph: Glyph, box: tuple[float, float, float, float]) -> tuple[str, bool]:
    """The text of a cell holding one glyph and whether it fills the cell, as ``lines_of`` and
    ``_fills`` find them: a space makes no line."""
    if glyph[0].isspace():
        return "", False
    _, _, y0, x1, _, size = glyph
    fills = x1 >= box[2] - SHORT_BY * size - 6.0 and y0 <= box[1] + 1.5 * size + 6.0
    return line_text((glyph,)).strip(), fills


def grid_table(grid: _Grid, glyphs: dict[int, list[Glyph]]) -> Ruled:
    """The grid's cells in rows; a merged cell's text at its top-left position, empty cells at the
    other positions it covers; rows and columns where no cell starts (stray lines) are dropped."""
    cols = grid.columns
    members: dict[int, list[int]] = {}
    for i, origin in enumerate(grid.owner):
        members.setdefault(origin, []).append(i)
    keep_rows = sorted({origin // cols for origin in members})
    keep_cols = sorted({origin % cols for origin in members})
    where = {(r, c): (n, m) for n, r in enumerate(keep_rows) for m, c in enumerate(keep_cols)}
    position = {origin: where[divmod(origin, cols)] for origin in members}
    rows, owners, filled, frames = [], [], set(), False
    page, owner, xs, ys, in_box = grid.page, grid.owner, grid.xs, grid.ys, TextCell.in_box
    for r in keep_rows:
        row, row_owners = [], []
        top, bottom = ys[r], ys[r + 1]
        for c in keep_cols:
            i = r * cols + c
            origin = owner[i]
            row_owners.append(position[origin])
            if origin != i:
                # covered by the merged cell at `origin`: a position, not a blank cell
                row.append(in_box("", page, (xs[c], bottom, xs[c + 1], top), True))
                continue
            spanned = members[i]  # grid.box of one atomic box written out: most cells are one
            box = (xs[c], bottom, xs[c + 1], top) if len(spanned) == 1 else grid.box(spanned)
            found = glyphs.get(i)
            if found is None:
                row.append(in_box("", page, box))
                continue
            if len(found) == 1:  # one glyph (a digit: the commonest cell), without making its line
                text, fills = _one_glyph_cell(found[0], box)
            else:
                lines = lines_of(found, page)
                text = "".join([line.text.strip() for line in lines])
                fills = bool(lines) and _fills(lines[-1], box)
                frames = frames or (len(found) >= 4 and _divides(_column_gaps(lines)))
            if fills:
                filled.add(where[(r, c)])
            row.append(in_box(text, page, box))
        rows.append(tuple(row))
        owners.append(row_owners)
    edges = [grid.xs[c] for c in keep_cols] + [grid.xs[keep_cols[-1] + 1]]
    table = Table(tuple(rows), Location(page=grid.page, bbox=grid.bbox))
    return Ruled(table, edges, owners, filled, frames)


# A cell's value: a number, or a mark standing for one (无, —); never a label's ordinal before 无 (4.无…)
# (or an amount with its unit, 251000元, which GK501 judges; or a count with its unit, 2件).
VALUE = re.compile(r"[\d\s.,，%+\-－—/\\]+|\s*无\s*|[\d\s.,，]+(?:万?元|[件条项个次起宗份])")
