"""A ruled table cut by a page break: the text that ran on onto the next page, moved back into its cell.

Word and LibreOffice let a row break across pages, and LibreOffice lets the text of a cell merged
down several rows flow on; a table may run over several pages, broken at every one. The rulings
on both pages say which cell goes on in which.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gklint.plugin import Table, TextCell
from gklint.readers.pdf.lines import Line
from gklint.readers.pdf.ruled import TOL, VALUE, Ruled
from gklint.readers.pdf.wrapped import MARKER


def _texts(row: tuple[TextCell, ...]) -> list[str]:
    """The row's texts, empty cells left out: a header repeated on the next page is the same row
    even where that page's grid has more columns (a column none of its first page's cells start in)."""
    return [cell.text for cell in row if cell.text]


def _span(table: Ruled, row: int, origin: tuple[int, int]) -> tuple[list[int], bool]:
    """The columns a cell covers in ``row`` and whether it covers other rows too."""
    columns = [c for c, owner in enumerate(table.owners[row]) if owner == origin]
    rows = sum(1 for owners in table.owners if origin in owners)
    return columns, rows > 1


def _reach(table: Ruled, columns: list[int]) -> tuple[float, float]:
    """Where a cell covering ``columns`` stands across the page: its left and right edges."""
    return table.edges[columns[0]], table.edges[columns[-1] + 1]


def _same_reach(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) <= 2 * TOL and abs(a[1] - b[1]) <= 2 * TOL


def _continued(
    above: Ruled, below: Ruled, skip: int, filled_only: bool = True
) -> Iterator[tuple[int, tuple[int, int], bool]]:
    """(column, origin above, multi-row) for each filled cell of ``below``'s row ``skip`` that may
    continue the cell above it: the same edges across the page, no value, and (``filled_only``)
    the cell above full to its bottom-right. The two pages' grids may differ in columns (a page
    drops a column no cell of its own starts in), so cells are matched by where they stand, not by
    their column numbers."""
    last = len(above.table.rows) - 1
    origins_above = dict.fromkeys(above.owners[last])
    reaches = {target: _span(above, last, target) for target in origins_above}
    for c, cell in enumerate(below.table.rows[skip]):
        if not cell.text or VALUE.fullmatch(cell.text) or MARKER.match(cell.text):
            continue  # a value, or a label of its own (一、本年新收…): a row, not the rest of one
        below_columns, below_tall = _span(below, skip, (skip, c))
        reach = _reach(below, below_columns)
        for target, (columns, tall) in reaches.items():
            if (target in above.filled or not filled_only) and _same_reach(_reach(above, columns), reach):
                yield c, target, tall or below_tall
                break


def _labels_only(row: tuple[TextCell, ...]) -> bool:
    """A row with text and no value: column headings, say."""
    return any(cell.text for cell in row) and not any(cell.text and VALUE.fullmatch(cell.text) for cell in row)


def _runs_on(above: Ruled, below: Ruled) -> bool:
    """Whether ``below`` may be ``above`` going on: the same right edge, and the left edge of each on
    an edge of the other (a browser draws no rule across a tall cell that a page break cut, so the
    grid of either page may begin right of it)."""
    if abs(above.edges[-1] - below.edges[-1]) > 2 * TOL:
        return False
    return _on_edge(below.edges[0], above.edges) and _on_edge(above.edges[0], below.edges)


def _on_edge(x: float, edges: list[float]) -> bool:
    return x < edges[0] - 2 * TOL or any(abs(edge - x) <= 2 * TOL for edge in edges[:-1])


def take_beside(above: Ruled, following: list[Any]) -> None:
    """Give back to ``above``'s cells the lines a page break left beside the next page's first grid,
    left of it, each in the column of ``above`` it stands in: the rest of a tall cell (「三、本年度办」
    / 「理结果」) whose column the next page's grid leaves out."""
    below = following[0]
    box = below.table.location.bbox
    if box is None or above.edges[0] >= below.edges[0] - 2 * TOL:
        return
    last = len(above.table.rows) - 1
    rows = [list(row) for row in above.table.rows]
    taken = []
    for n, item in enumerate(following[1:], 1):
        if not (isinstance(item, Line) and item.x1 <= below.edges[0] + TOL and box[1] <= item.mid <= box[3]):
            continue
        column = _column_holding(above.edges, item.x0, item.x1)
        if column is None:
            continue
        r, m = above.owners[last][column]
        cell = rows[r][m]
        if cell.text and not VALUE.fullmatch(cell.text):
            rows[r][m] = TextCell(cell.text + item.text.strip(), cell.location)
            taken.append(n)
    if taken:
        above.table = Table(tuple(tuple(row) for row in rows), above.table.location)
        for n in reversed(taken):
            del following[n]


def _column_holding(edges: list[float], left: float, right: float) -> int | None:
    for column in range(len(edges) - 1):
        if edges[column] - TOL <= left and right <= edges[column + 1] + TOL:
            return column
    return None


def join_split_row(above: Ruled, below: Ruled) -> None:
    """Move text that a page break pushed onto the next page back into its cell.

    Word and LibreOffice let a row break across pages, and LibreOffice lets the text of a cell
    merged down several rows flow on: the lines that did not fit go on in the first row of the
    table on the next page (after any repeated header rows). A cell there continues the cell
    above it when both cover the same columns, it holds no value, and the text above reaches the
    cell's bottom-right corner. A whole row of such cells is the tail of a broken row and goes;
    otherwise only cells merged over several rows are joined (a one-row cell that happens to be
    full is just followed by the next row).
    """
    if not _runs_on(above, below):
        return
    rows_above, rows_below = list(above.table.rows), list(below.table.rows)
    skip = 0
    while skip < min(len(rows_above) - 1, len(rows_below)) and _texts(rows_below[skip]) == _texts(rows_above[skip]):
        skip += 1  # header rows repeated on the new page
    if skip >= len(rows_below):
        return
    written = sum(1 for cell in rows_below[skip] if cell.text)
    pairs = list(_continued(above, below, skip))
    whole_row = len(pairs) == written > 0
    headings = _labels_only(rows_above[-1]) and _labels_only(rows_below[skip])
    if not whole_row and headings:
        # A row of column headings broken by the page: a browser may leave lines of space under
        # the first lines of each heading, so they need not reach their cells' corners.
        candidates = _continued(above, below, skip, filled_only=False)
        loose = [(c, (r, m), tall) for c, (r, m), tall in candidates if rows_above[r][m].text]
        if len(loose) == written > 0:
            pairs, whole_row = loose, True
    tail = list(rows_below[skip])
    for c, (r, m), tall in pairs:
        # headings: the next page's row may also hold the next row of headings (自然|人 over 商业企业)
        if whole_row or tall or headings:
            row = list(rows_above[r])
            row[m] = TextCell(row[m].text + tail[c].text, row[m].location)
            rows_above[r] = tuple(row)
            tail[c] = TextCell("", tail[c].location, merged=True)  # its text went to the cell above
    if whole_row:
        del rows_below[skip]
        _drop_grid_row(below, skip)
    else:
        rows_below[skip] = tuple(tail)
    above.table = Table(tuple(rows_above), above.table.location)
    below.table = Table(tuple(rows_below), below.table.location)


def _drop_grid_row(table: Ruled, row: int) -> None:
    """Forget grid row ``row`` (its table row is gone): the cells are still named by their table
    row and column, so that the next page break, where this table is the one above, finds them. A
    cell that started in the row now starts in the next."""

    def renamed(origin: tuple[int, int]) -> tuple[int, int]:
        return (origin[0] - 1, origin[1]) if origin[0] > row else origin

    del table.owners[row]
    kept = {origin for owners in table.owners for origin in owners}
    table.owners = [[renamed(origin) for origin in owners] for owners in table.owners]
    table.filled = {renamed(origin) for origin in table.filled if origin in kept}
