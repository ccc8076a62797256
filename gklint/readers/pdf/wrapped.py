"""A borderless table's labels wrapped over several lines, joined back into one row each.

A table drawn without borders is read line by line (``borderless``): where a label column is too
narrow, a label wraps and its pieces stand on lines of their own, and a column heading wraps the
same way::

    三、本年   （一）予以公开        2  0  0
    度办理结   （二）部分公开（区    0  0  0
    果         分处理的，只计这一
               情形，不计其他情
               形）

Nothing on the page says which lines are one cell. The table's own form does: in each label
column a label starts with its list marker (``三、``, ``（二）``, ``1.``), so a piece that starts
with one begins a label and the pieces below it carry it on, and a row label standing on the line
of its values begins one too, when the label before it has its values already. A row of values
takes, in the deepest column it has a piece in, the label its piece belongs to (its row label),
and in the columns before it the labels open there (its group's), which go to the first row that
takes them; lines of pieces alone are taken into their labels. The same goes for cells centred in
their rows: the first piece of a label may stand above the line of its values.

The plan is made from the cells' texts only and says, for each row it keeps, which lines each of
its cells joins; a table in which neither a label nor a heading wraps is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gklint.readers.pdf.ruled import VALUE

Plan = list[list[tuple[int, ...]]]  # rows kept: for each column, the lines whose texts its cell joins

# A label's list marker: 三、  （二）  (2)  1.  1、 and a bracket's numeral cut from its closing bracket
# by a narrow column (``（三`` over ``）不予公开``).
MARKER = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*(?:[）)]|$)|\d{1,2}\s*[.．、])"
)
_ORDINAL = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*$")  # "2." alone: an ordinal a wrap set apart from its text
MAX_WRAP = 20  # lines one label may wrap over (the longest, 37 characters, in a column two wide): no more
_HEADING_PIECE = 4  # characters: a column heading's wrapped piece is short (``组织`` under ``社会公益``)


@dataclass
class _Label:
    """One label being gathered in a column: the lines its pieces stand on."""

    lines: list[int]
    leaf_of: int | None = None  # the row of values whose row label it is
    given: bool = False  # written into a row already (a group's label goes to its first row)


_Cell = tuple[int, ...] | _Label  # a label's lines are read when the table is done: pieces below it come later


@dataclass
class _Rows:
    texts: list[list[str]]
    labels: int  # the columns before this one hold labels, the rest values
    begins: set[tuple[int, int]]  # (line, column) of the pieces that begin a label
    open: list[_Label | None] = field(default_factory=list)
    made: list[tuple[int, list[_Cell]]] = field(default_factory=list)  # (line, cells), in the order made
    every: list[tuple[int, _Label]] = field(default_factory=list)  # (column, label), as opened

    def __post_init__(self) -> None:
        self.open = [None] * self.labels


def rejoined(texts: list[list[str]]) -> Plan | None:
    """The rows of a borderless table (``texts``: each line's cell texts, one per column) with wrapped
    labels and column headings joined; None when nothing wraps."""
    starts = [_values_from(row) for row in texts]
    value_rows = [n for n, start in enumerate(starts) if start is not None]
    if not value_rows:
        return None
    labels = min(start for start in starts if start is not None)
    if labels == 0:  # values in every column (表三): only headings may wrap
        plan = _headings_joined(texts, value_rows[0], 0)
        plan += [[(n,)] * len(texts[n]) for n in range(value_rows[0], len(texts))]
        return None if len(plan) == len(texts) else plan
    begins = _beginnings(texts, labels)
    # the columns labels stand in: up to the deepest where a label begins or text stands beside a row's
    # values (a group's column before it holds labels too); a line with text past them heads the rows
    # below (信息内容 | 本年处理决定数量 between the blocks of 表二), it carries on no label
    beside = [c for n in value_rows for c in range(labels) if texts[n][c].strip()]
    deepest = max([column for _, column in begins] + beside, default=labels - 1)
    pieces = _before_headings(
        [start is None and _pieces_only(row, deepest + 1) for row, start in zip(texts, starts)], starts
    )
    first = _first_row(pieces, begins, value_rows[0], labels)
    headings = _headings_joined(texts, first, labels)
    rows = _Rows(texts, labels, begins)
    for n in range(first, len(texts)):
        if starts[n] is not None:
            _row_of_values(rows, n)
        elif pieces[n]:
            _line_of_pieces(rows, n)
        else:  # a line of anything else (a heading repeated, a note): labels do not run past it
            rows.open = [None] * labels
            rows.made.append((n, [(n,)] * len(texts[n])))
    for column, label in rows.every:
        if label.leaf_of is None and not label.given:  # pieces no row of values took: kept as a row
            cells: list[_Cell] = [()] * len(texts[0])
            cells[column] = label
            rows.made.append((label.lines[0], cells))
    rows.made.sort(key=lambda made: made[0])
    body = [
        [
            _ordinal_first(cell.lines, texts, column) if isinstance(cell, _Label) else cell
            for column, cell in enumerate(made)
        ]
        for _, made in rows.made
    ]
    plan = headings + body
    if plan == [[(n,) if text.strip() else () for text in row] for n, row in enumerate(texts)]:
        return None  # nothing wraps
    return plan


def _values_from(row: list[str]) -> int | None:
    """The column the row's values start in (every written cell from there on a value), or None."""
    start = None
    for column in range(len(row) - 1, -1, -1):
        text = row[column].strip()
        if not text:
            continue
        if not is_value(text):
            break
        start = column
    return start


def is_value(text: str) -> bool:
    """A number (or a mark standing for one); never ``2.``, a label's ordinal set apart from its text."""
    return VALUE.fullmatch(text) is not None and _ORDINAL.match(text) is None


def _ordinal_first(lines: list[int], texts: list[list[str]], column: int) -> tuple[int, ...]:
    """A label's lines in reading order: an ordinal a wrap set on a line of its own (``2.`` under
    ``其他法律行政法规禁``) begins the label."""
    ordinals = [n for n in lines[1:] if _ORDINAL.match(texts[n][column])]
    if len(ordinals) != 1:
        return tuple(lines)
    return (ordinals[0], *(n for n in lines if n != ordinals[0]))


def _before_headings(pieces: list[bool], starts: list[int | None]) -> list[bool]:
    """``pieces`` without a line of pieces right above a line of headings: it heads the rows below
    (``第二十条第（五）项`` over ``信息内容 本年处理决定数量``), it carries on no label."""
    return [
        piece and not (n + 1 < len(pieces) and not pieces[n + 1] and starts[n + 1] is None)
        for n, piece in enumerate(pieces)
    ]


def _pieces_only(row: list[str], labels: int) -> bool:
    return any(text.strip() for text in row[:labels]) and not any(text.strip() for text in row[labels:])


def _beginnings(texts: list[list[str]], labels: int) -> set[tuple[int, int]]:
    """(line, column) of the pieces that begin a label: those with a list marker, but an ordinal alone
    under a piece without one is that piece's (the wrap, or a baseline of its own, set it apart), and
    the piece begins the label instead."""
    found = set()
    for n, row in enumerate(texts):
        for column, text in enumerate(row[:labels]):
            if not text.strip():
                continue
            above = texts[n - 1][column] if n > 0 else ""
            below = texts[n + 1][column] if n + 1 < len(texts) else ""
            if _ORDINAL.match(text):
                if not above.strip() or MARKER.match(above):
                    found.add((n, column))
            elif MARKER.match(text) or _ORDINAL.match(below):
                found.add((n, column))
    return found


def _first_row(pieces: list[bool], begins: set[tuple[int, int]], values: int, labels: int) -> int:
    """The first row of labels: the first row of values, or a line of pieces above it starting a label
    there (cells centred in their rows), no further up than a label wraps."""
    for n in range(values - 1, max(-1, values - MAX_WRAP), -1):
        if not pieces[n]:
            break
        if any((n, column) in begins for column in range(labels)):
            return n
    return values


def _row_of_values(rows: _Rows, n: int) -> None:
    row = rows.texts[n]
    written = [column for column in range(rows.labels) if row[column].strip()]
    deepest = written[-1] if written else -1
    # Cells centred in their rows: a deeper label opened above, no row's yet, is this row's, and the
    # pieces on the row's line are its group's.
    leaf_column = _unowned(rows, deeper_than=deepest)
    if leaf_column is None and written:
        leaf_column = deepest
    for column in written:
        label = rows.open[column]
        if (
            label is None
            or (n, column) in rows.begins
            or (column == leaf_column and label.leaf_of is not None)
            or len(label.lines) >= MAX_WRAP
        ):
            _open(rows, column, n, leaf=column == leaf_column)
        else:
            label.lines.append(n)
    cells: list[_Cell] = [() if column < rows.labels else (n,) for column in range(len(row))]
    if leaf_column is None:
        rows.made.append((n, cells))
        return
    leaf = rows.open[leaf_column]
    assert leaf is not None
    leaf.leaf_of = n
    cells[leaf_column] = leaf
    rows.made.append((n, cells))
    for column in range(leaf_column):
        group = rows.open[column]
        if group is not None and group.leaf_of is None and not group.given:
            group.given = True
            cells[column] = group


def _line_of_pieces(rows: _Rows, n: int) -> None:
    for column in range(rows.labels):
        text = rows.texts[n][column]
        if not text.strip():
            continue
        label = rows.open[column]
        if label is None or (n, column) in rows.begins or len(label.lines) >= MAX_WRAP:
            _open(rows, column, n, leaf=False)
        else:
            label.lines.append(n)


def _open(rows: _Rows, column: int, n: int, leaf: bool) -> None:
    """A new label in ``column`` from line ``n``; a row label closes the labels of deeper columns."""
    label = _Label([n])
    rows.open[column] = label
    rows.every.append((column, label))
    if leaf:
        for deeper in range(column + 1, rows.labels):
            rows.open[deeper] = None


def _unowned(rows: _Rows, deeper_than: int) -> int | None:
    """The column of the deepest open label, deeper than ``deeper_than``, that no row of values has
    taken (in a table whose cells are centred, a row's label may start on the lines above its values)."""
    for column in range(rows.labels - 1, deeper_than, -1):
        label = rows.open[column]
        if label is not None and label.leaf_of is None and not label.given:
            return column
    return None


def _headings_joined(texts: list[list[str]], first: int, labels: int) -> Plan:
    """The lines above the first row of labels, wrapped headings joined. In a column of values, short
    pieces one after the other are one heading (``社会`` ``公益`` ``组织``, on lines of their own
    where headings are centred in their cells); in a label column, a piece under the column's text
    on the line before carries that text on (the corner cell's note over three lines)."""
    cells: Plan = [[(n,) for _ in texts[n]] for n in range(first)]
    for column in range(len(texts[0]) if texts else 0):
        joins = _label_lines if column < labels else _short_pieces
        for into, n in joins(texts, first, column):
            cells[into][column] = (*cells[into][column], n)
            cells[n][column] = ()
    return [row for n, row in enumerate(cells) if any(row[c] for c, text in enumerate(texts[n]) if text.strip())]


def _label_lines(texts: list[list[str]], first: int, column: int) -> list[tuple[int, int]]:
    """(line joined into, line) for the pieces of a label column that carry on the text right above."""
    joins: list[tuple[int, int]] = []
    holder = None
    for n in range(first):
        text = texts[n][column].strip()
        if not text:
            holder = None
        elif holder is not None and not MARKER.match(text):
            joins.append((holder, n))
        else:
            holder = n
    return joins


def _short_pieces(texts: list[list[str]], first: int, column: int) -> list[tuple[int, int]]:
    """(line joined into, line) for the short pieces of a column of values that follow a short piece."""
    joins: list[tuple[int, int]] = []
    holder = None
    for n in range(first):
        text = texts[n][column].strip()
        if not text:
            continue
        if len(text) > _HEADING_PIECE or is_value(text):
            holder = None
        elif holder is None or 2 * _written(texts[holder]) < _written(texts[n]):
            holder = n  # (a heading spanning columns, 行政复议, is not the start of those under it)
        else:
            joins.append((holder, n))
    return joins


def _written(row: list[str]) -> int:
    return sum(1 for text in row if text.strip())
