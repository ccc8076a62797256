"""A page's tables and lines in reading order, margins dropped, and lines joined into paragraphs."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from gklint.plugin import Block, Location, Paragraph, Table, TextCell, lazy_pattern
from gklint.readers.pdf.borderless import (
    PART_HEADING,
    WRAP_LINES,
    borderless,
    cells_table,
    line_cells,
    may_sit_in_table,
)
from gklint.readers.pdf.collect import Glyph, Page, Segment
from gklint.readers.pdf.lines import Line, lines_of
from gklint.readers.pdf.pagebreak import holds_values, join_broken_row, rows_carried, tail_taken
from gklint.readers.pdf.ruled import TOL, Ruled, _Grid, grid_table, ruled_grids
from gklint.readers.pdf.ruled_break import join_split_row, take_beside
from gklint.readers.pdf.skew import upright
from gklint.readers.pdf.struck import STRIKE_REACH, not_struck
from gklint.readers.pdf.wrapped import MARKER, is_value

_PAGE_NUMBER = re.compile(r"^[\s\-—–－~·_]*(?:第\s*)?\d{1,4}\s*页?(?:\s*(?:/|共)\s*\d{1,4}\s*页?)?[\s\-—–－~·_]*$")

_Item = Line | Table | Ruled | Paragraph  # a Paragraph: a picture (Paragraph.image)


def _top(item: _Item) -> float:
    if isinstance(item, Line):
        return item.top
    bbox = (item.table if isinstance(item, Ruled) else item).location.bbox
    return bbox[3] if bbox else 0.0


def page_items(page: Page) -> list[_Item]:
    """The page's tables and text lines, top to bottom."""
    strays: list[Segment] = []
    grids = ruled_grids(page.number, page.segments, strays)
    strikes = [line for line in strays if line.hi - line.lo < STRIKE_REACH]
    glyphs = upright(page)
    glyphs = not_struck(glyphs, strikes) if strikes else glyphs
    if grids:
        free, in_cells = _place(glyphs, grids)
    else:
        free, in_cells = [g for g in glyphs if not g.size < 0.5], []
    tables = [grid_table(grid, cells) for grid, cells in zip(grids, in_cells)]
    if any(table.frames for table in tables):  # rules that frame a table drawn without them: read it from its text
        grids = [grid for grid, table in zip(grids, tables) if not table.frames]
        free, in_cells = _place(glyphs, grids) if grids else ([g for g in glyphs if g.size >= 0.5], [])
        tables = [grid_table(grid, cells) for grid, cells in zip(grids, in_cells)]
    items: list[_Item] = list(tables)
    items.extend(borderless(lines_of(free, page.number)))
    items.sort(key=lambda item: -_top(item))
    return items


def _place(glyphs: list[Glyph], grids: list[_Grid]) -> tuple[list[Glyph], list[dict[int, list[Glyph]]]]:
    """The glyphs outside every grid, and each grid's glyphs by merged cell: a glyph belongs to the
    first grid whose box holds its centre. Glyphs under half a point are dropped."""
    free: list[Glyph] = []
    in_cells: list[dict[int, list[Glyph]]] = [{} for _ in grids]
    # each grid's box and edges unpacked once, and _Grid.cell written out: this runs for every glyph
    # of a page with tables
    boxes = [(*grid.bounds(), cells) for grid, cells in zip(grids, in_cells)]
    for g in glyphs:
        if g[5] < 0.5:
            continue
        x, y = (g[1] + g[3]) / 2, (g[2] + g[4]) / 2
        for left, right, bottom, top, xs, down, last_col, last_row, owner, cells in boxes:
            if left <= x <= right and bottom <= y <= top:
                col, row = bisect_right(xs, x) - 1, bisect_left(down, -y) - 1
                col = 0 if col < 0 else last_col if col > last_col else col
                row = 0 if row < 0 else last_row if row > last_row else row
                cell = owner[row * (last_col + 1) + col]
                found = cells.get(cell)
                if found is None:
                    cells[cell] = [g]
                else:
                    found.append(g)
                break
        else:
            free.append(g)
    if any(grid.open_below for grid in grids):
        free = [g for g in free if not _overflowed(g, grids, in_cells)]
    return free, in_cells


def _overflowed(glyph: Glyph, grids: list[_Grid], in_cells: list[dict[int, list[Glyph]]]) -> bool:
    """Put in a grid's last row a glyph just under a bottom cell the page break left open: a browser
    that breaks a table row over two pages paints the open cell's last line of text just under the
    rule (a header cell 「自然人」 wrapped as 「自然」 / 「人」), in the page's margin."""
    x = (glyph.x0 + glyph.x1) / 2
    for grid, cells in zip(grids, in_cells):
        left, bottom, right, _ = grid.bbox
        if not grid.open_below or not (left <= x <= right and 0 <= bottom - glyph.y1 < 0.5 * glyph.size):
            continue
        col = min(max(bisect_right(grid.xs, x) - 1, 0), grid.columns - 1)
        if col in grid.open_below:
            cells.setdefault(grid.owner[(len(grid.ys) - 2) * grid.columns + col], []).append(glyph)
            return True
    return False


def drop_margins(pages: list[list[_Item]]) -> None:
    """Remove page numbers and running headers/footers: a page's first or last line that is a page
    number, or whose text stands at the same height on at least half of the pages (two or more), its
    numbers aside (a browser's footer: the page's address and 1/4, 2/4…)."""
    edges: Counter[tuple[str, int]] = Counter()
    for items in pages:
        for line in {id(i): i for i in (items[:1] + items[-1:]) if isinstance(i, Line)}.values():
            edges[_margin_key(line)] += 1
    repeated = {key for key, n in edges.items() if n >= 2 and 2 * n >= len(pages)}
    for items in pages:
        for index in (-1, 0):
            if not items:
                break
            edge = items[index]
            if isinstance(edge, Line) and (_PAGE_NUMBER.match(edge.text) or _margin_key(edge) in repeated):
                items.pop(index)


def _margin_key(line: Line) -> tuple[str, int]:
    return _DIGITS.sub("#", line.text.strip()), round(line.y0 / TOL)


_DIGITS = lazy_pattern(r"\d+")


def add_pictures(pages: list[list[_Item]], pictures: list[list[Paragraph]]) -> None:
    """Put each page's pictures among its items, by height."""
    for items, found in zip(pages, pictures):
        for picture in found:
            top = _top(picture)
            at = next((n for n, item in enumerate(items) if _top(item) < top), len(items))
            items.insert(at, picture)


def join_pages(pages: list[list[_Item]]) -> None:
    """Rejoin rows broken where a table runs from the foot of a page onto the next."""
    for items, following in itertools.pairwise(pages):
        if items and following and isinstance(items[-1], Ruled) and isinstance(following[0], Ruled):
            take_beside(items[-1], following)
            join_split_row(items[-1], following[0])
            if not following[0].table.rows:
                del following[0]
        elif items and following and _heads_carried(items, following):
            continue
        elif items and following and isinstance(items[-1], Table):
            _tail_taken(items, following)
            _rows_carried(items, following)
            below = _table_below(items[-1], following)
            if below is not None:
                n, table = below
                items[-1], following[n] = join_broken_row(items[-1], table)


def _table_below(above: Table, following: list[_Item]) -> tuple[int, Table] | None:
    """Where the table goes on at the top of a page, and that table: the first item, or the first
    table under short lines of heading over its columns of values (``申请人情况`` centred over the
    repeated headings, standing apart from them)."""
    last = above.rows[-1] if above.rows else ()
    values = [cell.location.bbox[0] for cell in last if cell.text and is_value(cell.text) and cell.location.bbox]
    for n, item in enumerate(following[: WRAP_LINES + 1]):
        if isinstance(item, Table):
            return n, item
        if not isinstance(item, Line) or not values or not may_sit_in_table(item) or len(line_cells(item)) > 1:
            return None
        if item.x0 < min(values) - item.size and not _heading_on(item, following[n + 1 : n + 2]):
            return None
    return None


def _heading_on(line: Line, after: list[_Item]) -> bool:
    """True when ``line`` stands right on the table that follows it, at the line spacing: the first
    line of its headings (``（本列数据的勾稽关系为：第一项`` over ``加第二项之和…``)."""
    table = after[0] if after else None
    top = table.location.bbox[3] if isinstance(table, Table) and table.location.bbox else None
    return top is not None and line.y0 - top <= 1.6 * line.size


def _tail_taken(items: list[_Item], following: list[_Item]) -> None:
    """Short lines at the top of a page, right before a borderless table goes on (or, a line or two,
    before the next part's heading: the table ended with that row), ended a label of the table on
    the page before (``pagebreak.tail_taken``): they join it."""
    lines: list[Line] = []
    for item in following[:WRAP_LINES]:
        if not isinstance(item, Line) or MARKER.match(item.text):
            break  # the table goes on, or the next row's label begins
        if not may_sit_in_table(item):
            return
        lines.append(item)
    table = items[-1]
    below = following[len(lines)] if len(lines) < len(following) else None
    ended = isinstance(below, Line) and PART_HEADING.match(below.text) is not None and len(lines) <= 2
    if not lines or not (isinstance(below, Table) or ended) or not isinstance(table, Table):
        return
    if isinstance(below, Table) and below.rows and not holds_values(below.rows[0]) and _heading_on(lines[-1], [below]):
        return  # the first line of the headings repeated over the table, standing apart
    pieces = [TextCell.in_box(line.text.strip(), line.page, (line.x0, line.y0, line.x1, line.y1)) for line in lines]
    joined = tail_taken(table, pieces)
    if joined is not None:
        items[-1] = joined
        del following[: len(lines)]


def _heads_carried(items: list[_Item], following: list[_Item]) -> bool:
    """A borderless table's headings end a page and its rows begin the next: one table, each cell on
    its own page. The headings: a table without a value, or a line of pieces none a value; the rows:
    a table, or lines of pieces ending in a value (as many pieces as a headings line has)."""
    last = items[-1]
    if isinstance(last, Table) and not any(map(holds_values, last.rows)):
        heads = [list(row) for row in last.rows]
    elif isinstance(last, Line) and len(cells := line_cells(last)) >= 2 and not holds_values(cells):
        heads = [cells]
    else:
        return False
    first = following[0]
    if isinstance(first, Table):
        rows, taken = [list(row) for row in first.rows], 1
        if not any(map(holds_values, rows)):
            return False
    else:
        rows = _value_lines(following)
        taken = len(rows)
        if not rows or (isinstance(last, Line) and any(len(row) != len(heads[0]) for row in rows)):
            return False
    # the table goes where its rows are: it may run on to the page after
    following[:taken] = [cells_table(heads + rows)]
    items.pop()
    return True


def _value_lines(following: list[_Item]) -> list[list[TextCell]]:
    """The cells of the lines at the top of a page that end in a value (at most ``WRAP_LINES``)."""
    rows: list[list[TextCell]] = []
    for item in following[:WRAP_LINES]:
        if not isinstance(item, Line):
            break
        cells = line_cells(item)
        if len(cells) < 2 or not is_value(cells[-1].text):
            break
        rows.append(cells)
    return rows


def _rows_carried(items: list[_Item], following: list[_Item]) -> None:
    """Lines at the top of a page that end in values, too few to be a table of their own (the last
    row of a borderless table alone on the next page): rows of the table on the page before
    (``pagebreak.rows_carried``)."""
    rows = _value_lines(following)
    taken = len(rows)
    if not rows:
        rows, taken = _centred_row(following)
    table = items[-1]
    if rows and isinstance(table, Table) and (joined := rows_carried(table, rows)) is not None:
        items[-1] = joined
        del following[:taken]


def _centred_row(following: list[_Item]) -> tuple[list[list[TextCell]], int]:
    """A row whose label is centred over its numbers, alone at the top of a page: the label's first
    line, the line of bare numbers, and the label's last line under them in its column (四、结转下年度
    继续 / numbers / 办理); the row's cells and how many lines it takes, or nothing."""
    if len(following) < 2:
        return [], 0
    head, numbers, *more = following[:3]
    if not (isinstance(head, Line) and isinstance(numbers, Line)) or len(line_cells(head)) != 1:
        return [], 0
    values = line_cells(numbers)
    if len(values) < 2 or not all(is_value(cell.text) for cell in values):
        return [], 0
    label = [head]
    rest = more[0] if more and isinstance(more[0], Line) else None
    if rest is not None and len(line_cells(rest)) == 1 and abs(rest.x0 - head.x0) <= rest.size:
        label += [rest] if numbers.y0 - rest.y0 <= 1.6 * rest.size else []
    text = "".join(line.text.strip() for line in label)
    cell = TextCell.in_box(text, head.page, (head.x0, min(line.y0 for line in label), head.x1, head.y1))
    return [[cell, *values]], len(label) + 1


# --------------------------------------------------------------------------- paragraphs


def _edge(values: list[float], pick: Callable[[list[float]], float]) -> float:
    """The outermost position shared by at least two lines (one stray line does not move it)."""
    buckets = Counter(round(v / TOL) for v in values)
    shared = [b * TOL for b, n in buckets.items() if n >= 2]
    return pick(shared or values)


def _pitch(items: list[_Item]) -> tuple[float, float] | None:
    """The commonest baseline distance between successive lines of one size on one page (the line
    spacing inside paragraphs: paragraph spacing, when a document has it, is larger), and the
    commonest size of the lines so spaced."""
    distances: Counter[float] = Counter()
    sizes: dict[float, Counter[float]] = {}
    for a, b in itertools.pairwise(items):
        if isinstance(a, Line) and isinstance(b, Line) and a.page == b.page and abs(a.size - b.size) <= 0.6:
            distance = a.y0 - b.y0
            if 0.9 * a.size < distance < 3 * a.size:
                key = round(distance * 2) / 2
                distances[key] += 1
                sizes.setdefault(key, Counter())[round(a.size, 1)] += 1
    if not distances:
        return None
    pitch = min(distances, key=lambda d: (-distances[d], d))
    return pitch, sizes[pitch].most_common(1)[0][0]


@dataclass
class _Measure:
    """The body text's left and right margins and line pitch, as the document's lines show them."""

    left: float
    right: float
    pitch: tuple[float, float] | None  # the line spacing and the size of type it spaces

    @classmethod
    def of(cls, items: list[_Item]) -> _Measure:
        lines = [item for item in items if isinstance(item, Line)]
        if not lines:
            return cls(0.0, 0.0, None)
        return cls(_edge([line.x0 for line in lines], min), _edge([line.x1 for line in lines], max), _pitch(items))

    def full(self, line: Line) -> bool:
        return line.x1 >= self.right - 1.5 * line.size

    def indented(self, line: Line) -> bool:
        return line.x0 > self.left + 0.8 * line.size

    def close(self, prev: Line, line: Line) -> bool:
        """True when ``line`` follows ``prev`` at the line spacing (not after a paragraph gap)."""
        if prev.page != line.page:
            return True
        if self.pitch is None:
            return prev.y0 - line.y0 <= 2.5 * prev.size
        # larger type (a title wrapped over two lines) keeps the body's spacing in proportion
        pitch, size = self.pitch
        return prev.y0 - line.y0 <= max(pitch, pitch * prev.size / size) + 0.3 * prev.size


def _continues(prev: Line, line: Line, measure: _Measure) -> bool:
    """True when ``line`` goes on with the paragraph whose last line is ``prev``."""
    if abs(prev.size - line.size) > 0.6 or not measure.full(prev) or measure.indented(line):
        return False
    if PART_HEADING.match(prev.text) and _whole_heading(prev.text):
        return False  # a part heading is its own paragraph: the line under it (无。) begins its text
    if PART_HEADING.match(line.text) and (not measure.full(line) or _whole_heading(line.text)):
        return False  # a part heading is its own paragraph, even where it is the page's longest line
    return measure.close(prev, line)


_HEADING_LENGTH = 24  # a part's title with its number, and a little more
_SENTENCE_MARKS = frozenset("，。；：,;:")


def _whole_heading(text: str) -> bool:
    """A line that can be a whole part heading: short, and no sentence in it (a wrapped paragraph's
    line that happens to begin ``二、`` runs on with prose)."""
    text = text.strip()
    return len(text) <= _HEADING_LENGTH and not _SENTENCE_MARKS.intersection(text)


def _paragraph(lines: list[Line]) -> Paragraph:
    parts = [line.text.lstrip() for line in lines]
    text = "".join(parts).rstrip()
    breaks = []  # (offset, page) where the text goes on on a later page
    offset = 0
    for previous, line, part in zip(lines, lines[1:], parts):
        offset += len(part)
        if line.page != previous.page:
            breaks.append((offset, line.page))
    first = [line for line in lines if line.page == lines[0].page]
    bbox = (
        min(line.x0 for line in first),
        min(line.y0 for line in first),
        max(line.x1 for line in first),
        max(line.y1 for line in first),
    )
    return Paragraph(text, Location(page=lines[0].page, bbox=bbox, breaks=tuple(breaks)))


def blocks(items: list[_Item]) -> list[Block]:
    measure = _Measure.of(items)
    blocks: list[Block] = []
    lines: list[Line] = []
    for item in items:
        if isinstance(item, Line) and lines and _continues(lines[-1], item, measure):
            lines.append(item)
            continue
        if lines:
            blocks.append(_paragraph(lines))
            lines = []
        if isinstance(item, Line):
            lines.append(item)
        else:
            blocks.append(item.table if isinstance(item, Ruled) else item)
    if lines:
        blocks.append(_paragraph(lines))
    return blocks
