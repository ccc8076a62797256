"""Rows of a table as lines of text: a label, then its values, the way text taken from a PDF or a
web page gives them, and the same laid out by position (``pdftotext -layout``).

Text laid out by position keeps a ruled table's columns apart with runs of spaces, so a line may
start with a piece of a group label before the row label (``三、本      （一）予以公开    2  0 …``),
and a label too long for its cell wraps around the line of its values::

    （二）部分公开（区分处理的，只计这一情形，
                                   0     0     0 …
         不计其他情形）
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise

from gklint.binder.labels import Labels
from gklint.model import Block, Paragraph, TextCell
from gklint.template import RowSpec
from gklint.text import lazy_pattern, normalize_label

# A fee may carry its unit (GK501 judges it); a number never ends in a dot: "1." is a row label's
# ordinal a layout wrapped apart from its text. OCR reads 0 as O and 1 as l: such a letter alone
# stands in a value's place (GK109 names it), so that its row is not lost.
_VALUE = r"(?:[-+]?[\d.,]*[\d,](?:万元?|元)?|[/／无—-]|[OolI](?![^\s]))"
# A label, then values separated by spaces: "行政许可 0", "规章 2 0 15".
LABEL_AND_VALUES = lazy_pattern(rf"^(?P<label>.*?\S)(?P<values>(?:[ \t\u3000\u00a0]+{_VALUE})+)\s*$")
VALUES = lazy_pattern(rf"^\s*{_VALUE}(?:[ \t\u3000\u00a0]+{_VALUE})+\s*$")  # "3 0 1 0 4": a row of numbers
_ONE_VALUE = lazy_pattern(rf"^{_VALUE}$")
_WIDE_GAP = lazy_pattern(r"(?:[ \u00a0]{2,}|[\t\u3000]+)")  # between columns laid out by position
_PIECE = lazy_pattern(r"\S+(?:[ \u00a0]\S+)*")  # a column's text: single spaces stay inside it
_WORD = lazy_pattern(r"\S+")
_ORDINAL = lazy_pattern(r"^\d{1,2}[.．、]$")  # "1.": a row label's ordinal on its own
_VALUE_ENDS = frozenset("/／无—-元万OolI")  # a value's last character, digits aside
Wrapped = dict[int, tuple[int, tuple[TextCell, ...]]]  # first paragraph -> (paragraphs taken, the row's cells)
_MIN_GRID = 3  # values a row of a table laid out by position must hold for its columns to place blanks
_WIDE_GRID = 5  # from this many columns on, a row of any number of values is placed
_REACH = 3  # how far (in characters) a value may stand from its column's middle
_SPACING = 4  # the least distance between two columns laid out by position
_MAX_WRAP = 8  # lines a label wraps over after its line of values, in a narrow column
_MAX_HEAD = 6  # a group label's piece before a row label, one space apart: "（四）无", "（六）其他"


def split_row(paragraph: Paragraph) -> tuple[str, int, tuple[TextCell, ...]]:
    """A line's label (empty for a line of values only), the label's column, and its values as
    cells, each at its column."""
    text = paragraph.text
    offset = len(text) - len(text.lstrip())
    values, start, label = text.strip(), offset, ""
    split = LABEL_AND_VALUES.match(values)
    if split is not None and not VALUES.match(text):
        label, values, start = split.group("label"), split.group("values"), offset + split.start("values")
    cells = tuple(_cell(paragraph, start, word) for word in _WORD.finditer(values))
    return label, offset, cells


def word_cells(paragraph: Paragraph) -> tuple[TextCell, ...]:
    """Each word of a line as a cell at its column."""
    return tuple(_cell(paragraph, 0, word) for word in _WORD.finditer(paragraph.text))


def columns_of(text: str) -> list[str]:
    """The texts of ``text``'s columns (between wide gaps)."""
    return _WIDE_GAP.split(text.strip())


def last_column(text: str) -> str:
    """The text after the last wide gap (the row label, where a group label's piece stands before it)."""
    return columns_of(text)[-1]


def label_cells(paragraph: Paragraph, text: str, offset: int, is_label: Callable[[str], bool]) -> tuple[TextCell, ...]:
    """The label ``text`` (at ``offset`` in the paragraph) as one cell; as one cell a column when it
    holds wide gaps and is no label as a whole (a group label's piece, then the row label) or two of
    its columns are labels (``行政复议      行政诉讼``)."""
    if _WIDE_GAP.search(text.strip()):
        columns = [_cell(paragraph, offset, piece) for piece in _PIECE.finditer(text)]
        if not is_label(normalize_label(text)) or sum(is_label(normalize_label(c.text)) for c in columns) >= 2:
            return tuple(columns)
    elif (parts := _group_before_label(text, is_label)) is not None:
        head, tail = parts
        where = paragraph.location
        tail_at = offset + len(head) + 1
        return TextCell(head, where.within(offset, len(head))), TextCell(tail, where.within(tail_at, len(tail)))
    if offset == 0 and text is paragraph.text:
        return (TextCell(text, paragraph.location),)
    return (TextCell(text, paragraph.location.within(offset, len(text))),)


def _group_before_label(text: str, is_label: Callable[[str], bool]) -> tuple[str, str] | None:
    """``_group_split`` of a text that is no label while the rest after its first word is one."""
    parts = _group_split(text)
    if parts is None or is_label(normalize_label(text)) or not is_label(normalize_label(parts[1])):
        return None
    return parts


def names_group_and_label(text: str, is_label: Callable[[str], bool]) -> bool:
    """Whether ``text`` is a group label's piece, one space, then a label (``（四）无 2.没有现成信息…``)."""
    return _group_before_label(text, is_label) is not None


def _cell(paragraph: Paragraph, offset: int, found: re.Match[str]) -> TextCell:
    return TextCell(found.group(0), paragraph.location.within(offset + found.start(), len(found.group(0))))


def wrapped_rows(blocks: Sequence[Block], labels: Sequence[Labels], longest: int) -> Wrapped:
    """Rows whose label wraps around their line of values: two or three lines in a row (each at most
    ``longest`` long), one holding the values, whose label pieces joined are a row label while the
    first piece is none and a last piece after the values is no label of its own."""
    found: Wrapped = {}
    taken = -1  # the last paragraph a row took
    for index, block in enumerate(blocks):
        if index <= taken or not isinstance(block, Paragraph) or len(block.text) > longest:
            continue
        if not has_values(block.text):
            continue
        windows = [(index - 1, index + 1), (index - 1, index), (index, index + 1)]
        if _piece_line(blocks, index + 1, longest):  # a narrow column wraps a label over more lines
            windows += [(start, index + more) for more in range(2, _MAX_WRAP + 1) for start in (index, index - 1)]
        # A label's whole text first: "（二）部分公开（区" and its next line already begin a label
        # (the template allows variants after its start), but its two lines more end it.
        for whole, (first, last) in ((w, span) for w in (True, False) for span in windows):
            if first <= taken or last >= len(blocks):
                continue
            window = [b for b in blocks[first : last + 1] if isinstance(b, Paragraph) and len(b.text) <= longest]
            cells = _wrapped_cells(window, index - first, labels, whole) if len(window) == last - first + 1 else None
            if cells is not None:
                found[first], taken = (len(window), cells), last
                break
    return found


def _piece_line(blocks: Sequence[Block], index: int, longest: int) -> bool:
    """Whether the block at ``index`` is a line that may carry on a label: short, and no values."""
    if index >= len(blocks):
        return False
    block = blocks[index]
    return isinstance(block, Paragraph) and len(block.text) <= longest and not has_values(block.text)


def has_values(text: str) -> bool:
    """Whether the line ends in values."""
    return ends_in_value(text) and bool(VALUES.match(text) or LABEL_AND_VALUES.match(text.strip()))


def ends_in_value(text: str) -> bool:
    """Whether the line's last character could end a value: asked first of every short paragraph
    (most end otherwise), before the patterns."""
    end = text.rstrip()[-1:]
    return end.isdigit() or end in _VALUE_ENDS


def has_wide_gap(text: str) -> bool:
    return _WIDE_GAP.search(text.strip()) is not None


def _wrapped_cells(
    window: list[Paragraph], values_at: int, labels: Sequence[Labels], whole: bool
) -> tuple[TextCell, ...] | None:
    groups: list[TextCell] = []  # pieces of group labels, standing before the row label's pieces
    pieces: list[TextCell] = []  # the row label's pieces, line by line
    values: tuple[TextCell, ...] = ()
    for n, paragraph in enumerate(window):
        if n == values_at:
            text, offset, values = split_row(paragraph)
        elif has_values(paragraph.text):
            return None
        else:
            text, offset = paragraph.text.strip(), len(paragraph.text) - len(paragraph.text.lstrip())
        columns = [_cell(paragraph, offset, piece) for piece in _PIECE.finditer(text)]
        groups += columns[:-1]
        pieces += columns[-1:]
    if len(pieces) < 2:
        return None
    pieces = _ordinal_first(pieces)
    after_values = values_at < len(window) - 1
    if not _wraps_a_row_label(pieces, after_values, labels, whole):
        # "（六）其 2.申请人…" over "他处理 费用、…": a group label's pieces, one space, the row label's
        parted = _group_pieces_apart(pieces)
        if parted is None:
            return None
        groups[:0], pieces = parted
        if not (_wraps_a_row_label(pieces, after_values, labels, whole) or _whole_row_label(pieces, labels)):
            return None
    label = TextCell("".join(piece.text for piece in pieces), pieces[0].location)
    return (*_singles_joined(groups), label, *values)


def _singles_joined(groups: list[TextCell]) -> list[TextCell]:
    """Group label pieces with a piece of one character joined to the piece before it (``度办理结``
    over ``果``): a character alone would be read as a value."""
    joined: list[TextCell] = []
    for piece in groups:
        if joined and len(piece.text) == 1:
            joined[-1] = TextCell(joined[-1].text + piece.text, joined[-1].location)
        else:
            joined.append(piece)
    return joined


def _group_pieces_apart(pieces: list[TextCell]) -> tuple[list[TextCell], list[TextCell]] | None:
    """A group label's pieces and the row label's, where the first line starts with a group piece one
    space before the row label (``（四）无 2.没有现成信息…``): later lines may too (``他处理 费用、…``), or
    hold only a group piece, standing in the group's column (``法提供`` under ``（四）无``)."""
    first = _group_and_rest(pieces[0])
    if first is None:
        return None
    groups, rest = [first[0]], [first[1]]
    group_column = pieces[0].location.column
    for piece in pieces[1:]:
        parts = _group_and_rest(piece)
        column = piece.location.column
        if parts is not None:
            groups.append(parts[0])
            rest.append(parts[1])
        elif column is not None and group_column is not None and column <= group_column + 1:
            groups.append(piece)
        else:
            rest.append(piece)
    return groups, rest


def _group_and_rest(cell: TextCell) -> tuple[TextCell, TextCell] | None:
    """``_group_split`` of a cell, as two cells."""
    parts = _group_split(cell.text)
    if parts is None:
        return None
    head, tail = parts
    where = cell.location
    return TextCell(head, where.within(0, len(head))), TextCell(tail, where.within(len(head) + 1, len(tail)))


def _group_split(text: str) -> tuple[str, str] | None:
    """A text that starts with a short word, then one space (a piece of a group label a layout ran
    onto the row label's line: ``（四）无 2.没有现成信息…``), as that word and the rest; else None."""
    head, _, tail = text.partition(" ")
    return (head, tail) if tail and len(head) <= _MAX_HEAD else None


def _ordinal_first(pieces: list[TextCell]) -> list[TextCell]:
    """The pieces of a wrapped label in reading order: a bare ordinal (``1.``) starts its label, even
    where the layout set it on the line below the text (beside the row's values)."""
    ordinals = [n for n, piece in enumerate(pieces) if n > 0 and _ORDINAL.match(piece.text)]
    if len(ordinals) != 1:
        return pieces
    n = ordinals[0]
    return [pieces[n], *pieces[:n], *pieces[n + 1 :]]


def _wraps_a_row_label(pieces: list[TextCell], ends_after_values: bool, labels: Sequence[Labels], whole: bool) -> bool:
    """Whether the pieces joined are a row label (``whole``: one of its forms exactly, not a text that
    only begins like one), the first piece is not, and a piece standing after the values is no label
    on its own (it would be the next row's)."""
    if any(normalize_label(pieces[0].text) in table.exact for table in labels):
        return False
    if ends_after_values and any(_exactly(table, normalize_label(pieces[-1].text)) for table in labels):
        return False
    joined = normalize_label("".join(piece.text for piece in pieces))
    if whole:
        return any(isinstance(table.exact.get(joined), RowSpec) for table in labels)
    return any(_exactly(table, joined, RowSpec) for table in labels)


def _whole_row_label(pieces: list[TextCell], labels: Sequence[Labels]) -> bool:
    """Whether the only piece left is a row label: its values stand on the next line, beside the
    rest of its group's label (``法提供   0 0 …`` under ``（四）无 2.没有现成信息需要另行制作``)."""
    return len(pieces) == 1 and any(_exactly(table, normalize_label(pieces[0].text), RowSpec) for table in labels)


def _exactly(table: Labels, norm: str, kind: type = object) -> bool:
    """Whether ``norm`` is exactly one of the table's labels (of a ``kind`` of item)."""
    match = table.match(norm)
    return match is not None and match[1] and isinstance(match[0], kind)


def blanks_placed(rows: list[tuple[TextCell, ...]]) -> list[tuple[TextCell, ...]]:
    """``rows`` with a blank cell where a row laid out by position lacks a value: the columns are
    where the values of the nearest rows holding the most (three values or more) stand, two such
    rows agreeing, and a row one value short (any number, with five columns or more) gets a blank in
    each column none of its values stands in. A row that fits no columns is left as it is (a blank
    vanished: the binder says so)."""
    counts = [len(_values_at_end(row)) for row in rows]
    most = max(counts, default=0)
    if most < _MIN_GRID:
        return rows
    fewest = 1 if most >= _WIDE_GRID else most - 1  # table 二 has rows of one value beside rows of three
    full = [n for n, count in enumerate(counts) if count == most]
    placed = list(rows)
    for n, count in enumerate(counts):
        if fewest <= count < most:
            grid = _nearest_grid(rows, full, n)
            placed[n] = rows[n] if grid is None else _placed(rows[n], count, grid)
    return placed


def _nearest_grid(rows: list[tuple[TextCell, ...]], full: list[int], n: int) -> list[float] | None:
    """The columns of the two full rows before row ``n``, else of the two after it, else of the one
    on either side (a page break may move the columns: the nearest rows stand on the same page),
    else of the nearest full row and the column headings above it (a table of one full row)."""
    before = [m for m in full if m < n][-2:]
    after = [m for m in full if m > n][:2]
    for pair in (before, after, before[-1:] + after[:1]):
        grid = _grid([_values_at_end(rows[m]) for m in pair])
        if grid is not None:
            return grid
    nearest = (before[-1:] + after[:1])[:1]
    if nearest:
        values = _values_at_end(rows[nearest[0]])
        headings = next((row for row in reversed(rows[: nearest[0]]) if _values_at_end(row) == ()), ())
        if len(headings) >= len(values):
            return _grid([values, headings[len(headings) - len(values) :]])
    return None


def _values_at_end(row: tuple[TextCell, ...]) -> tuple[TextCell, ...]:
    n = len(row)
    while n > 0 and _ONE_VALUE.match(row[n - 1].text) and row[n - 1].location.column is not None:
        n -= 1
    return row[n:]


def _middle(cell: TextCell) -> float:
    location = cell.location
    return (location.column or 0) + len(cell.text) / 2


def _grid(witnesses: list[tuple[TextCell, ...]]) -> list[float] | None:
    """The middle of each column, where the cells of two witnesses (rows of values, or a row's
    values and their headings) agree on it."""
    if len(witnesses) < 2:
        return None
    columns = list(zip(*witnesses))
    middles = [[_middle(cell) for cell in column] for column in columns]
    if any(max(column) - min(column) > 2 * _REACH for column in middles):
        return None
    grid = [sum(column) / len(column) for column in middles]
    if any(right - left < _SPACING for left, right in pairwise(grid)):
        return None  # values one space apart (text not laid out by position): their place tells nothing
    return grid


def _placed(row: tuple[TextCell, ...], count: int, grid: list[float]) -> tuple[TextCell, ...]:
    values = row[len(row) - count :]
    slots: list[TextCell | None] = [None] * len(grid)
    column = 0
    for value in values:
        middle = _middle(value)
        while column < len(grid) and (
            abs(middle - grid[column]) > _REACH
            or (column + 1 < len(grid) and abs(middle - grid[column + 1]) < abs(middle - grid[column]))
        ):
            column += 1  # to the nearest column within reach, in order
        if column == len(grid):
            return row
        slots[column] = value
        column += 1
    anchor = values[0].location
    blanks = [
        cell if cell is not None else TextCell("", replace(anchor, column=round(grid[n]), end_column=round(grid[n])))
        for n, cell in enumerate(slots)
    ]
    return (*row[: len(row) - count], *blanks)
