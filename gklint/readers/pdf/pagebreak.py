"""A borderless table cut by a page break: the text that ran on past the foot of the page, joined back.

Word and LibreOffice let a row break across pages, and a cell merged down several rows (a group's
label) flows on with its rows; without rulings nothing marks where that text belongs, but the
table's form does. On the next page, above the table or under its repeated headings:

* short lines standing in a label column right of the table's left edge, before the table goes on,
  and lines of label pieces before the first row of values, none starting a label (no list marker),
  are the end of the last row's label, and join it column by column as they stand;
* lines ending in values before anything else, too few to make a table of their own, are the
  table's last rows (also where the table ends in the headings of a part, 表一's fee row alone);
* (``layout._heads_carried``) a table of headings alone, or a line of them, at the foot of a page
  and a table or lines of values at the top of the next are one table, each cell on its own page;
* a group label's last piece standing first in its column, beside a deeper row label, with no list
  marker (``果`` of ``三、本年度办理结果``, centred over rows on both pages), ends the group's label
  above.
"""

from __future__ import annotations

from collections.abc import Sequence

from gklint.plugin import Table, TextCell
from gklint.readers.pdf.wrapped import MARKER, is_value

Row = tuple[TextCell, ...]


def join_broken_row(above: Table, below: Table) -> tuple[Table, Table]:
    """``above`` and ``below``, the two parts of one table, with the text a page break cut joined back;
    unchanged where the part above does not end in a row of values."""
    if not above.rows or not holds_values(above.rows[-1]):
        return above, below
    first = next((n for n, row in enumerate(below.rows) if holds_values(row)), None)
    if first is None:
        return above, below
    values_from = _values_column(below.rows[first])
    upper, lower = [list(row) for row in above.rows], [list(row) for row in below.rows]
    page = above.location.page or 0
    start = first
    labelled = _label_columns(above), _label_columns(below)
    while (
        start > 0
        and _label_tail(below.rows[start - 1], values_from)
        and _in_label_columns(above, below, start - 1, labelled)
    ):
        start -= 1
    for row in below.rows[start:first]:
        for cell in row:
            if cell.text:
                _carry_on(upper, _column_under(above, cell), cell, page)
    for column in range(values_from):
        _group_end_joined(above, upper, lower, first, column, values_from, page)
    kept = lower[:start] + lower[first:]
    return Table(tuple(map(tuple, upper)), above.location), Table(tuple(map(tuple, kept)), below.location)


def _group_end_joined(
    above: Table, upper: list[list[TextCell]], lower: list[list[TextCell]], first: int, column: int, end: int, page: int
) -> None:
    """The first piece of ``column`` in the lower part's rows of values, when it is a group label's end
    (no list marker, a deeper label beside it), moved to the end of that column's last text above."""
    n = next((n for n in range(first, len(lower)) if lower[n][column].text), None)
    if n is None:
        return
    cell = lower[n][column]
    if MARKER.match(cell.text) or not any(beside.text for beside in lower[n][column + 1 : end]):
        return
    target = _column_under(above, cell)
    row = next((r for r in range(len(upper) - 1, -1, -1) if upper[r][target].text), None)
    if row is None or holds_values(above.rows[row][target : target + 1]):
        return
    _append(upper, row, target, cell, page)
    lower[n][column] = TextCell.in_box("", cell.location.page or 0, _box(cell))


def tail_taken(above: Table, pieces: list[TextCell]) -> Table | None:
    """``above`` with ``pieces`` (the short lines at the top of the next page, before the table goes
    on) joined to its last row's label, each in the column it stands in; None when the table does not
    end in a row of values, or a piece starts a label, reaches its columns of values (a heading), or
    stands at the table's left edge while the label there does not fill its column (续表, say)."""
    if not above.rows or not pieces or not holds_values(above.rows[-1]):
        return None
    last = above.rows[-1]
    left, labels_end = _box(last[0])[0], _box(last[_values_column(last)])[0]
    for piece in pieces:
        x0, y0, x1, y1 = _box(piece)
        at_edge = x0 < left + (y1 - y0)
        if MARKER.match(piece.text) or x1 > labels_end or (at_edge and not _fills_first_column(above, y1 - y0)):
            return None
    upper = [list(row) for row in above.rows]
    for piece in pieces:
        _carry_on(upper, _column_under(above, piece), piece, above.location.page or 0)
    return Table(tuple(map(tuple, upper)), above.location)


def _fills_first_column(table: Table, size: float) -> bool:
    """True when the last row's label in the first column runs up to the next column's text, as a
    label the wrap and then the page break cut does (not 行政规范性文件 in a wide column)."""
    label, *rest = table.rows[-1]
    after = next((cell for cell in rest if cell.text), None)
    return bool(label.text) and after is not None and _box(after)[0] - _box(label)[2] <= 2.5 * size


def _carry_on(rows: list[list[TextCell]], column: int, cell: TextCell, page: int) -> None:
    """``cell``'s text at the end of the label it carries on: the last row's in ``column``, or where
    the last row has none there, the label above it in that column (a group's, given to its first row)."""
    row = next(
        (r for r in range(len(rows) - 1, -1, -1) if rows[r][column].text and holds_values(rows[r])), len(rows) - 1
    )
    _append(rows, row, column, cell, page)


def _append(rows: list[list[TextCell]], row: int, column: int, cell: TextCell, page: int) -> None:
    before = rows[row][column]
    rows[row][column] = TextCell.in_box(before.text + cell.text, page, _box(before))


def rows_carried(above: Table, rows: list[list[TextCell]]) -> Table | None:
    """``above`` with ``rows`` (lines at the top of the next page, each a label and its values) as its
    last rows, each piece in the column it stands under; None when the table holds no value (the
    headings alone: see ``layout._heads_carried``) or two pieces of a line stand under one column.
    The table may end in a row of values or in the headings of a part whose rows the break cut off."""
    if not any(map(holds_values, above.rows)):
        return None
    added = []
    for pieces in rows:
        row = [TextCell.in_box("", pieces[0].location.page or 0, _box(cell)) for cell in above.rows[-1]]
        columns = [_column_under(above, piece) for piece in pieces]
        if len(set(columns)) < len(columns):
            return None
        for column, piece in zip(columns, pieces):
            row[column] = piece
        added.append(tuple(row))
    return Table((*above.rows, *added), above.location)


def holds_values(row: Sequence[TextCell]) -> bool:
    """True when some cell of the row holds a number."""
    return any(cell.text and is_value(cell.text) for cell in row)


def _values_column(row: Row) -> int:
    return next(n for n, cell in enumerate(row) if cell.text and is_value(cell.text))


def _label_tail(row: Row, values_from: int) -> bool:
    """A row of label pieces alone, none starting a label."""
    written = [cell for cell in row if cell.text]
    return (
        bool(written)
        and not any(cell.text for cell in row[values_from:])
        and not any(MARKER.match(cell.text) for cell in written)
    )


def _in_label_columns(above: Table, below: Table, row: int, labelled: tuple[set[int], set[int]]) -> bool:
    """Whether every piece of the lower part's ``row`` stands in a column that holds labels beside
    values in one part or the other (``labelled``: those columns of each part): a row of headings
    (信息内容 | 本年处理决定数量, over the next block of 表二) carries on no label cut by the break."""
    above_labels, below_labels = labelled
    return all(
        column in below_labels or _column_under(above, cell) in above_labels
        for column, cell in enumerate(below.rows[row])
        if cell.text
    )


def _label_columns(table: Table) -> set[int]:
    """The columns in which some row of values of ``table`` holds a label, before its values."""
    found: set[int] = set()
    for row in table.rows:
        if holds_values(row):
            first = _values_column(row)
            found.update(column for column in range(first) if row[column].text)
    return found


def _box(cell: TextCell) -> tuple[float, float, float, float]:
    return cell.location.bbox or (0.0, 0.0, 0.0, 0.0)


def _column_under(table: Table, cell: TextCell) -> int:
    """The column of ``table`` (by its last row's cells) that overlaps ``cell`` most across the page."""
    x0, _, x1, _ = _box(cell)
    boxes = [_box(above) for above in table.rows[-1]]
    return max(range(len(boxes)), key=lambda n: (min(x1, boxes[n][2]) - max(x0, boxes[n][0]), -n))
