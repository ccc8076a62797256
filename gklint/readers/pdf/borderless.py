"""Tables drawn without borders: runs of lines with wide gaps, columns found by clustering them."""

from __future__ import annotations

import re
from collections.abc import Callable
from operator import itemgetter
from typing import NamedTuple

from gklint.plugin import Location, Table, TextCell
from gklint.readers.pdf.collect import Glyph
from gklint.readers.pdf.lines import Line, line_text
from gklint.readers.pdf.ruled import VALUE
from gklint.readers.pdf.wrapped import MARKER, rejoined


class _Chunk(NamedTuple):
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


# Column gaps, in ems. A line whose pieces stand over an em apart may be a table's row; within a table
# found so, columns stand closer: Word's cells keep 0.19 cm (5.4 pt) from their text at each side,
# LibreOffice's 0.1 cm, so two columns' texts stand at least some 5.6 pt apart, over half an em of
# 10.5 pt type. Prose may hold such gaps (two spaces between a page's date and source), never rows.
TABLE_GAP = 1.0
CELL_GAP = 0.5


_INK_LEFT = frozenset("，。、；：！？）》」』”’")  # full-width punctuation drawn in the left half of its box


def _chunks(line: Line, gap: float = TABLE_GAP) -> list[_Chunk]:
    """The line cut where the gap between two visible glyphs exceeds ``gap`` ems (between columns)."""
    out: list[_Chunk] = []
    run: list[Glyph] = []
    last: Glyph | None = None
    for g in line.glyphs:  # fields by position and max() written out: this runs for every free glyph
        if g[0].isspace():
            run.append(g)
            continue
        if last is not None:
            space = g[1] - last[3]
            if last[0] in _INK_LEFT and g[0].isdigit():
                space += 0.4 * last[5]  # a label's hanging ，beside a number: its ink fills the left half only
            if space > gap * (last[5] if last[5] > g[5] else g[5]):
                out.append(_chunk(run))
                run = []
        run.append(g)
        last = g
    if not out:  # one piece, the whole line (prose): its text and ink box are the line's own
        text = line.text.strip()
        return [_Chunk(text, line.x0, line.y0, line.x1, line.y1)] if text else []
    if run:
        out.append(_chunk(run))
    return [c for c in out if c.text]


def line_cells(line: Line) -> list[TextCell]:
    """The line's pieces, cut as a table's rows are, as cells on its page."""
    return [TextCell.in_box(c.text, line.page, (c.x0, c.y0, c.x1, c.y1)) for c in _chunks(line, CELL_GAP)]


def _chunk(glyphs: list[Glyph]) -> _Chunk:
    ink = [g for g in glyphs if not g[0].isspace()] or glyphs
    return _Chunk(
        line_text(glyphs).strip(), min(map(_X0, ink)), min(map(_Y0, ink)), max(map(_X1, ink)), max(map(_Y1, ink))
    )


_X0, _Y0, _X1, _Y1 = itemgetter(1), itemgetter(2), itemgetter(3), itemgetter(4)


PART_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]")


def may_sit_in_table(line: Line) -> bool:
    """A one-piece line that may be a row of a borderless table (a group label), not prose."""
    return len(line.text.strip()) <= 30 and not PART_HEADING.match(line.text)


# A page holds some 50 lines; a report's borderless table some 30 rows of 8 pieces. Lines past these
# bounds are not read as one table (which also keeps the search linear on a page built to hurt).
MAX_ROWS = 500
MAX_PIECES = 5_000
WRAP_LINES = 20  # lines a label may wrap onto below the last row's values (as MAX_WRAP)
ROW_GAP = 3.6  # font sizes between one line of a table and the next: Word's cell margins around small type


def borderless(lines: list[Line]) -> list[Line | Table]:
    """Runs of lines with column gaps become tables: at least two such lines, and either one with
    three or more pieces or most ending in a value (label-number rows); short one-piece lines may
    stand between them, no wide vertical gap inside."""
    pieces = [_chunks(line) for line in lines]
    cut: dict[int, list[_Chunk]] = {}  # lines cut at the closer gap of a table's columns, as needed

    def cells_of(k: int) -> list[_Chunk]:
        if k not in cut:
            cut[k] = _chunks(lines[k], CELL_GAP)
        return cut[k]

    out: list[Line | Table] = []
    i = 0
    while i < len(lines):
        if len(pieces[i]) < 2:
            out.append(lines[i])
            i += 1
            continue
        last, j = i, i + 1
        while j < min(len(lines), i + MAX_ROWS) and lines[j - 1].y0 - lines[j].y0 <= ROW_GAP * lines[j].size:
            if len(pieces[j]) >= 2 or len(cells_of(j)) >= 2:  # a row: columns may stand closer
                last = j
            elif not may_sit_in_table(lines[j]) and not _over_its_values(lines, pieces, j) and not _between(lines, j):
                break
            j += 1
        multi = [pieces[k] for k in range(i, last + 1) if len(pieces[k]) >= 2]
        valued = sum(1 for row in multi if VALUE.fullmatch(row[-1].text))
        small = sum(len(row) for row in multi) <= MAX_PIECES
        if small and len(multi) >= 2 and (max(len(row) for row in multi) >= 3 or 2 * valued >= len(multi)):
            last = _wrapped_tail(lines, pieces, i, last)
            free = next((n for n in range(len(out)) if not isinstance(out[-1 - n], Line)), len(out))
            start = _wrapped_head(lines, pieces, i, free)
            del out[len(out) - (i - start) :]
            rows = range(start, last + 1)
            out.append(_gap_table([cells_of(k) for k in rows], [lines[k].page for k in rows]))
            i = last + 1
        else:
            out.append(lines[i])
            i += 1
    return out


def _between(lines: list[Line], n: int) -> bool:
    """True when line ``n`` stands closer under the line above than a line's height: the pieces of
    two columns' labels centred in one row (``三、本`` beside ``（三）``), never a heading after a table."""
    return lines[n - 1].y0 - lines[n].y0 < 0.9 * lines[n].size


def _over_its_values(lines: list[Line], pieces: list[list[_Chunk]], n: int) -> bool:
    """True when line ``n``, one piece, stands right over a line of values alone: the first line of a
    row label centred in its row (``一、本年新收政府信息公开申`` over its numbers, ``请数量`` under them),
    not a part heading, which no line of bare numbers follows."""
    return (
        len(lines[n].text.strip()) <= 30
        and n + 1 < len(lines)
        and lines[n].y0 - lines[n + 1].y0 <= ROW_GAP * lines[n + 1].size
        and len(pieces[n + 1]) >= 2
        and all(VALUE.fullmatch(c.text) for c in pieces[n + 1])
    )


def _wrapped_head(lines: list[Line], pieces: list[list[_Chunk]], first: int, loose: int) -> int:
    """The table's first line, taking in the lines above a first row of values that begin its label
    (cells centred in their rows, at the top of a page): one piece each, at the line spacing, the
    first of them starting with a list marker. ``loose``: how many lines before ``first`` are free."""
    if not pieces[first] or not VALUE.fullmatch(pieces[first][-1].text):
        return _label_above(lines, pieces, first, loose)

    def keeps(n: int) -> bool:
        sits = may_sit_in_table(lines[n]) or _over_its_values(lines, pieces, n)
        return sits and lines[n].y0 - lines[n + 1].y0 <= 2 * lines[n].size

    return _label_start(lines, pieces, first, loose, keeps)


def _label_above(lines: list[Line], pieces: list[list[_Chunk]], first: int, loose: int) -> int:
    """The table's first line when it starts with a label's pieces, not values: the lines above that
    begin the label (one piece each, at the line spacing, each standing over the label going on
    under it, the first with a list marker: ``2.申请`` and ``人逾期`` over ``未按收``, the row before
    on the page before); else ``first``."""
    if any(VALUE.fullmatch(c.text) for c in pieces[first]):
        return first

    def keeps(n: int) -> bool:
        line = lines[n]
        over = any(abs(c.x0 - line.x0) <= line.size for c in pieces[n + 1])
        return may_sit_in_table(line) and line.y0 - lines[n + 1].y0 <= 1.6 * line.size and over

    return _label_start(lines, pieces, first, loose, keeps)


def _label_start(
    lines: list[Line], pieces: list[list[_Chunk]], first: int, loose: int, keeps: Callable[[int], bool]
) -> int:
    """Up from ``first`` over one-piece lines that ``keeps`` takes (at most ``loose``), the first one
    that starts with a list marker: where the label begins; ``first`` when none does."""
    start = first
    while start > 0 and first - start < min(WRAP_LINES, loose):
        n = start - 1
        if len(pieces[n]) != 1 or not keeps(n):
            break
        start = n
        if MARKER.match(lines[n].text):
            return start
    return first


def _wrapped_tail(lines: list[Line], pieces: list[list[_Chunk]], first: int, last: int) -> int:
    """The table's last line, taking in the lines a last row's label wraps onto below its values: one
    piece each, at the line spacing, standing in a column right of the table's left edge, or at that
    edge under a first-column label that runs up to the next column (二、上年结转政府信息公开申请数 / 量)."""
    if not any(row and VALUE.fullmatch(row[-1].text) for row in pieces[first : last + 1]):
        return last  # no row of values: nothing wraps around one
    left = min(row[0].x0 for row in pieces[first : last + 1] if row)
    label, cut = _first_column_label(pieces, first, last, left, lines[last].size)
    values = min((c.x0 for c in pieces[last] if VALUE.fullmatch(c.text)), default=float("inf"))
    end = last
    while end + 1 < len(lines) and end - last < WRAP_LINES:
        line, piece = lines[end + 1], pieces[end + 1]
        at_edge = piece[0].x0 < left + line.size
        if (
            len(piece) != 1
            or not may_sit_in_table(line)
            or piece[0].x1 > values  # under the numbers: a page number (— 3 —), not a label's rest
            or (at_edge and not (cut and piece[0].x1 <= label + line.size))
        ):
            break
        if lines[end].y0 - line.y0 > 2 * line.size:
            break
        end += 1
    return end


def _first_column_label(
    pieces: list[list[_Chunk]], first: int, last: int, left: float, size: float
) -> tuple[float, bool]:
    """Where the last row's label in the table's first column ends, and whether it runs up to the
    next column (wrapped, its rest may stand under the row): the label on the row's line, or on the
    line right above a line of bare numbers (centred in its row)."""
    row = pieces[last]
    above = pieces[last - 1] if last > first else []
    if len(row) >= 2 and row[0].x0 < left + size and not VALUE.fullmatch(row[0].text):
        label = row[0]
    elif row and all(VALUE.fullmatch(c.text) for c in row) and len(above) == 1 and above[0].x0 < left + size:
        label = above[0]
    else:
        return 0.0, False
    after = min((c.x0 for line in pieces[first : last + 1] for c in line if c.x0 > label.x1), default=None)
    return label.x1, after is not None and after - label.x1 <= 2.5 * size


def _bands(rows: list[list[_Chunk]]) -> list[list[float]]:
    """Column bands [x0, x1] from the fuller rows, narrow pieces first; a piece that overlaps two
    bands already found (a spanning header) does not join them. Pieces of the other rows outside
    every band make bands of their own: a group label's column whose text stands on lines of its own
    (a label centred over its rows, or the rest of one cut by a page break)."""
    most = max(len(row) for row in rows)
    fuller = [row for row in rows if 2 * len(row) >= most]
    # rows of values set the columns: a heading row is full too, but its corner note spans the label
    # columns (加第四项之和） under （本列数据的勾稽关系为…）
    valued = [row for row in fuller if any(VALUE.fullmatch(c.text) for c in row)] or fuller
    bands = _clustered([c for row in valued for c in row], [])
    found = [list(band) for band in bands]
    kept = {id(row) for row in valued}
    values_from = min((c.x0 for row in valued for c in row if VALUE.fullmatch(c.text)), default=float("inf"))
    # a line's one piece over the columns of values is a heading across them (第二十条第（一）项), no column
    others = [
        c for row in rows if id(row) not in kept and not (len(row) == 1 and row[0].x0 >= values_from) for c in row
    ]
    bands = _clustered([c for c in others if not _overlapping(found, c)], bands)
    for inner in _clustered([c for c in others if _starts_inside(found, c)], []):
        for band in bands:
            if band[0] < inner[0] <= band[1]:
                band[1] = inner[0] - 0.5  # the band was a spanning label's: the deeper column starts here
        bands.append(inner)
    return sorted(bands)


def _starts_inside(bands: list[list[float]], c: _Chunk) -> bool:
    """True when a piece starts well inside one band and runs out of it, aligned with it in no way:
    a deeper label column that a label spanning it and the column beside had hidden (1.属于国 under
    （一）予以公开, where no deeper label of the page stands on its row's line)."""
    hits = [band for band in bands if c.x0 <= band[1] and band[0] <= c.x1]
    return len(hits) == 1 and not _aligned(c, hits[0]) and c.x0 > hits[0][0] + (c.y1 - c.y0)


def _overlapping(bands: list[list[float]], c: _Chunk) -> bool:
    return any(c.x0 <= band[1] and band[0] <= c.x1 for band in bands)


def _clustered(pieces: list[_Chunk], bands: list[list[float]]) -> list[list[float]]:
    for c in sorted(pieces, key=lambda c: c.x1 - c.x0):
        hits = [b for b in bands if c.x0 <= b[1] and b[0] <= c.x1]
        if not hits:
            bands.append([c.x0, c.x1])
        elif len(hits) == 1 and _aligned(c, hits[0]):
            hits[0][0], hits[0][1] = min(hits[0][0], c.x0), max(hits[0][1], c.x1)
    return bands


def _aligned(c: _Chunk, band: list[float]) -> bool:
    """True when a piece stands in the band's column: inside it, or sharing its left edge, centre or
    right edge. A wider piece aligned with none spans it and the column beside (（一）予以公开 over
    the columns of its group's label and of the deeper labels), and does not widen it."""
    slack = 0.6 * (c.y1 - c.y0)
    if band[0] - slack <= c.x0 and c.x1 <= band[1] + slack:
        return True
    centre = (band[0] + band[1]) / 2
    # right edges align for numbers; labels that fill narrow columns end alike by chance
    right = abs(c.x1 - band[1]) if VALUE.fullmatch(c.text) else slack + 1
    return min(abs(c.x0 - band[0]), right, abs((c.x0 + c.x1) / 2 - centre)) <= slack


def _wrapped_from(c: _Chunk, above: list[_Chunk]) -> _Chunk:
    """The piece on the line above whose text ``c`` goes on with, when ``c`` stands within it (the
    rest of a label centred in a cell that spans two label columns: 一、本年新收政府信息公 / 开申请数量),
    so that the two fall in one column; else ``c``."""
    slack = 0.6 * (c.y1 - c.y0)
    for piece in above:
        if piece.x0 - slack <= c.x0 and c.x1 <= piece.x1 + slack and not VALUE.fullmatch(piece.text):
            return piece
    return c


def _band_of(bands: list[list[float]], c: _Chunk) -> int:
    for n, (x0, x1) in enumerate(bands):
        if c.x0 <= x1 and x0 <= c.x1:
            return n
    middle = (c.x0 + c.x1) / 2
    return min(range(len(bands)), key=lambda n: abs((bands[n][0] + bands[n][1]) / 2 - middle))


def cells_table(rows: list[list[TextCell]]) -> Table:
    """A borderless table from rows of cells, on one page or on two (a table a page break cut under
    its headings): each cell with text a piece, standing where it stands on its own page."""
    pieces = [[_Chunk(c.text, *_bbox(c)) for c in row if c.text] for row in rows]
    pages = [next((c.location.page or 0 for c in row if c.text), 0) for row in rows]
    kept = [n for n, row in enumerate(pieces) if row]
    return _gap_table([pieces[n] for n in kept], [pages[n] for n in kept])


def _bbox(cell: TextCell) -> tuple[float, float, float, float]:
    return cell.location.bbox or (0.0, 0.0, 0.0, 0.0)


def _gap_table(rows: list[list[_Chunk]], pages: list[int]) -> Table:
    """The table of ``rows`` (each a line's pieces), each on its page in ``pages``."""
    bands = _bands(rows)
    grid: list[list[list[_Chunk]]] = []
    for n, row in enumerate(rows):
        cells: list[list[_Chunk]] = [[] for _ in bands]
        above = rows[n - 1] if n and pages[n - 1] == pages[n] else []
        wrapped = not any(VALUE.fullmatch(c.text) for c in row)
        for c in row:
            cells[_band_of(bands, _wrapped_from(c, above) if wrapped else c)].append(c)
        grid.append(cells)
    plan = rejoined([[" ".join(c.text for c in found) for found in cells] for cells in grid])
    if plan is None:
        plan = [[(n,)] * len(bands) for n in range(len(rows))]
    out = []
    for kept in plan:
        first = min((n for lines in kept for n in lines if rows[n]), default=None)
        if first is None:
            continue  # a line with no text (none is made; kept from a box of nothing all the same)
        taken = [c for lines in kept for n in lines if pages[n] == pages[first] for c in rows[n]]
        y0, y1 = min(c.y0 for c in taken), max(c.y1 for c in taken)
        out.append(
            tuple(
                _gap_cell([grid[n][b] for n in lines], band, y0, y1, pages[lines[0]] if lines else pages[first])
                for b, (lines, band) in enumerate(zip(kept, bands))
            )
        )
    x0, x1 = bands[0][0], bands[-1][1]
    on_first = [c for row, page in zip(rows, pages) if page == pages[0] for c in row]
    y0, y1 = min(c.y0 for c in on_first), max(c.y1 for c in on_first)
    return Table(tuple(out), Location(page=pages[0], bbox=(x0, y0, x1, y1)))


def _gap_cell(lines: list[list[_Chunk]], band: list[float], y0: float, y1: float, page: int) -> TextCell:
    """The cell of one column over the ``lines`` it joins: a label's wrapped pieces run on without a
    space, as the wrap broke them."""
    found = [c for line in lines for c in line]
    if not found:
        return TextCell.in_box("", page, (band[0], y0, band[1], y1))
    box = (min(c.x0 for c in found), min(c.y0 for c in found), max(c.x1 for c in found), max(c.y1 for c in found))
    return TextCell.in_box("".join(" ".join(c.text for c in line) for line in lines), page, box)
