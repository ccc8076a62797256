"""Tables that arrive as bare lines: one label or value a paragraph, no separator at all.

Crawlers and copy-paste from portal pages keep a table's cells as lines of their own, and a cell
left blank simply vanishes; PDF text gives a row as one line, ``行政许可 0``. A run of such
paragraphs that holds template labels becomes a ``Table`` marked ``sparse`` before anything else is
bound, so that the table binder sees cells, whatever the source format was. Text laid out by
position (``gklint.binder.layout``) gives its rows the same way, with columns and wrapped labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise

from gklint.binder.labels import Labels, is_amount, is_ordinal, is_value
from gklint.binder.layout import (
    LABEL_AND_VALUES,
    VALUES,
    Wrapped,
    blanks_placed,
    columns_of,
    ends_in_value,
    has_wide_gap,
    label_cells,
    last_column,
    names_group_and_label,
    split_row,
    word_cells,
    wrapped_rows,
)
from gklint.binder.textrows import is_footer, is_row_label
from gklint.model import Block, Document, Paragraph, Table, TextCell
from gklint.template import Template
from gklint.text import has_cjk, lazy_pattern, normalize_label

_MIN_LABELS = 2  # one word alone ("行政许可" in a list) does not make a table
_MAX_LABEL = 80
_MAX_PIECE = 6  # a wrapped label's line on its own, beside rows laid out by position
_UPRIGHT = 3  # lines of one character each: a label set upright, when they spell one
_PIECE_LINE = 2 * _MAX_PIECE  # characters of such a line as written, spaces and marks with it
_MARKED = lazy_pattern(r"^[(（]?[一二三四五六七八九十\d]{1,2}[)）、.．]")  # (三), 1., 一、: a numbered label
_UNIT = lazy_pattern(r"^\((?:单位:)?(?:万元|元|件|个|项|次)\)$")  # (单位:万元), normalised: a heading's wrapped end
_MAX_CELL = 200  # a longer paragraph is prose, never one cell (and is not worth normalising to find out)


def gather_loose_tables(document: Document, templates: Sequence[Template], headings: Sequence[int]) -> Document:
    """``document`` with every run of bare-line table cells turned into a sparse ``Table``.

    Labels of every template count (the template is chosen afterwards, from the tables found);
    ``headings`` are the block indices of part headings: a heading always ends a run.
    """
    labels = [Labels.of(spec) for template in templates for spec in template.tables]
    heading_blocks = set(headings)
    wrapped = wrapped_rows(document.blocks, labels, _MAX_CELL)
    blocks: list[Block] = []
    index = 0
    while index < len(document.blocks):
        end = _run_end(document.blocks, index, labels, heading_blocks, wrapped)
        if end > index:
            blocks.append(_table(document.blocks, index, end, labels, wrapped))
            index = end
        else:
            blocks.append(document.blocks[index])
            index += 1
    if len(blocks) == len(document.blocks):
        return document
    return replace(document, blocks=tuple(blocks))


def label_pieces_joined(document: Document, templates: Sequence[Template]) -> Document:
    """``document`` with each two short lines that are one heading or label of a table together made
    one line: a crawler's text of a page whose cells break their words with ``<br>`` (行政 / 复议,
    结果 / 维持, 未经复议 / 直接起诉), which no label matches piece by piece. A second piece that is a
    label of its own stays a line of its own (其他 / 总计 are two headings). Done before the part
    headings are looked for: the blocks after a join move up."""
    blocks = list(document.blocks)
    short = [isinstance(block, Paragraph) and len(block.text) <= _PIECE_LINE for block in blocks]
    if not any(a and b for a, b in pairwise(short)):
        return document  # no two short lines side by side: most documents, told without a label looked up
    labels = [Labels.of(spec) for template in templates for spec in template.tables]
    index, changed = 0, False
    while index + 1 < len(blocks):
        upright = _upright_label(blocks, index, labels)
        if upright is not None:  # a label written a character a line (三 / 、 / 本 / 年 …)
            end, text = upright
            first = blocks[index]
            assert isinstance(first, Paragraph)
            blocks[index:end] = [replace(first, text=text)]
            changed = True
            index += 1
            continue
        first, second = blocks[index], blocks[index + 1]
        joined = _one_label(first, second, labels)
        if joined is not None and isinstance(first, Paragraph):
            blocks[index : index + 2] = [replace(first, text=joined)]
            changed = True
        index += 1
    return replace(document, blocks=tuple(blocks)) if changed else document


def _upright_label(blocks: list[Block], start: int, labels: list[Labels]) -> tuple[int, str] | None:
    """(end, text) of a run of at least three lines of one character each from ``start``, no digit
    among them, that together are a table's label exactly: a group label set upright in a narrow cell
    (三、本年度办理结果 down the cell), which a crawler gives a character a line; else None."""
    end = start
    while end < len(blocks) and _one_character(blocks[end]):
        end += 1
    if end - start < _UPRIGHT:
        return None
    text = "".join(block.text.strip() for block in blocks[start:end] if isinstance(block, Paragraph))
    return (end, text) if _is_exact(normalize_label(text), labels) else None


def _one_character(block: Block) -> bool:
    if not isinstance(block, Paragraph):
        return False
    text = block.text.strip()
    return len(text) == 1 and not text.isdigit()


def _one_label(first: Block, second: Block, labels: list[Labels]) -> str | None:
    if not (isinstance(first, Paragraph) and isinstance(second, Paragraph)):
        return None
    if len(first.text) > _PIECE_LINE or len(second.text) > _PIECE_LINE:
        return None  # no piece of a heading: most paragraphs end here
    head, tail = normalize_label(first.text), normalize_label(second.text)
    if not (0 < len(head) <= _MAX_PIECE and 0 < len(tail) <= _MAX_PIECE):
        return None
    marker = _MARKED.match(head)
    if marker and marker.end() < len(head):
        return None  # a numbered label wrapped over lines ((三)不 / 予公开) is the rows' to rejoin
    if not marker and _is_label(tail, labels):
        return None  # two headings (其他 / 总计); but a bare marker is no cell: 3. / 其他 is one label
    text = first.text.strip() + second.text.strip()
    return text if _is_exact(normalize_label(text), labels) else None


def _kind(block: Block, labels: list[Labels]) -> str:
    """'label', 'row' (a label followed by its values), 'values' (numbers only), 'value', 'footer',
    'piece' (of a label a layout wrapped: ``年度办``, under ``三、本``) or '' (not a table cell)."""
    if not isinstance(block, Paragraph) or len(block.text) > _MAX_CELL:
        return ""
    text = block.text
    norm = normalize_label(text)
    if is_footer(norm):
        return "footer"
    if VALUES.match(text):
        return "values"
    if is_value(norm) or is_amount(text):
        return "value"
    if len(norm) > _MAX_LABEL:
        return ""
    gap = has_wide_gap(text)
    split = LABEL_AND_VALUES.match(text.strip()) if ends_in_value(text) else None
    if split and _names_a_label(split.group("label"), normalize_label(split.group("label")), gap, labels):
        return "row"
    if split and names_group_and_label(split.group("label").strip(), lambda norm: _is_label(norm, labels)):
        return "row"  # a group label's piece one space before the row label (label_cells splits them)
    if split and is_ordinal(normalize_label(split.group("label").split()[-1])):
        return "row"  # the numbering of a label whose words wrap to the next line: （一） 0 0 … / 予以公开
    if _names_a_label(text, norm, gap, labels):
        return "label"
    return "piece" if _pieces_of_labels(text, norm, gap, labels) else ""


def _kind_at(blocks: Sequence[Block], index: int, labels: list[Labels]) -> str:
    """``_kind`` of the block at ``index``, a page's running header counted as a footer: the short line
    of text right after a page footer (第 2 页) and right before a cell of the table going on."""
    kind = _kind(blocks[index], labels)
    if kind or index == 0 or index + 1 >= len(blocks):
        return kind
    block = blocks[index]
    if not isinstance(block, Paragraph) or len(block.text.strip()) > _RUNNING_HEADER:
        return kind
    if _kind(blocks[index - 1], labels) == "footer" and _kind(blocks[index + 1], labels) not in ("", "footer"):
        return "footer"
    return kind


_RUNNING_HEADER = 40  # characters: a page's running header (the report's title) is one short line


def _names_a_label(text: str, norm: str, gap: bool, labels: list[Labels]) -> bool:
    """Whether ``text`` (``norm`` normalised) is a label, as a whole or (``gap``: it has columns) in
    its last column."""
    if _is_label(norm, labels):
        return True
    return gap and _is_label(normalize_label(last_column(text)), labels)


def _pieces_of_labels(text: str, norm: str, gap: bool, labels: list[Labels]) -> bool:
    """A short piece of a label on its own, or a line of such pieces in columns (column headings a
    layout wrapped: ``结果    结果    其他    尚未``), or one space apart where a layout ran the
    columns together (``维持 纠正 结果 审结 计``: a heading's one character, 总 over 计, says nothing
    either way, as long as the others are pieces)."""
    if len(norm) <= _MAX_PIECE:
        if _is_piece(norm, labels):
            return True
        if not gap:
            return False  # short, and no columns to look at one by one
    if not _words_apart(text, gap):
        return all(_is_piece(normalize_label(column), labels) for column in columns_of(text))
    words = [normalize_label(word) for word in text.split()]
    judged = [word for word in words if len(word) > 1]
    if len(judged) < 2 or any(not has_cjk(word) for word in words):
        return False
    if any(is_row_label(word, table) for word in judged for table in labels):
        return False  # a row's label with its group's piece: a row, not headings
    # run together: whole labels too; and a heading's unit a layout wrapped under it
    return all(_is_piece(word, labels) or _is_label(word, labels) or bool(_UNIT.match(word)) for word in judged)


def _words_apart(text: str, gap: bool) -> bool:
    """Whether a line's pieces are its words: it has no columns a wide gap apart, or one of its
    columns is too long to be a piece (headings a layout ran together one space apart)."""
    return not gap or any(len(normalize_label(column)) > _MAX_PIECE for column in columns_of(text))


def _is_piece(norm: str, labels: list[Labels]) -> bool:
    return len(norm) <= _MAX_PIECE and (_is_label(norm, labels) or _is_fragment(norm, labels))


def _is_fragment(norm: str, labels: list[Labels]) -> bool:
    return any(table.is_fragment(norm) for table in labels)


def _is_exact(norm: str, labels: list[Labels]) -> bool:
    return any(norm in table.exact for table in labels)


def _is_label(norm: str, labels: list[Labels]) -> bool:
    return any(table.match(norm) is not None for table in labels)


def _run_end(blocks: Sequence[Block], start: int, labels: list[Labels], headings: set[int], wrapped: Wrapped) -> int:
    """The end (exclusive) of the run of bare-line cells starting at ``start``, or ``start``."""
    if start in headings:
        return start
    if start not in wrapped and (kind := _kind(blocks[start], labels)) not in ("label", "row"):
        return _headed_run_end(blocks, start, kind, labels, headings) if kind == "piece" else start
    end, named = start, 0
    while end < len(blocks) and (end == start or end not in headings):
        if end in wrapped:
            named += 1
            end += wrapped[end][0]
            continue
        kind = _kind_at(blocks, end, labels)
        if not kind:
            break
        named += kind in ("label", "row")
        end += 1
    while end > start and _kind(blocks[end - 1], labels) == "footer":
        end -= 1
    return end if named >= _MIN_LABELS else start


def _headed_run_end(blocks: Sequence[Block], start: int, kind: str, labels: list[Labels], headings: set[int]) -> int:
    """The end of a run right under a part heading of lines of heading pieces (the first of ``kind``),
    then one line of values: a table of no row labels (table 四) whose headings a layout wrapped into
    pieces (行政  行政 / 复议  诉讼 / … / 2  1  0 …); else ``start``."""
    if start - 1 not in headings or kind != "piece":
        return start
    end = start
    while end < len(blocks) and end not in headings and _kind(blocks[end], labels) in ("piece", "label"):
        end += 1  # headings, in pieces (a line of whole headings among them reads as labels)
    if end - start < _MIN_LABELS or end >= len(blocks) or end in headings or _kind(blocks[end], labels) != "values":
        return start
    return end + 1


def _table(blocks: Sequence[Block], start: int, end: int, labels: list[Labels], wrapped: Wrapped) -> Table:
    rows: list[tuple[TextCell, ...]] = []
    index = start
    while index < end:
        if index in wrapped:
            taken, cells = wrapped[index]
            rows.append(cells)
            index += taken
            continue
        block = blocks[index]
        assert isinstance(block, Paragraph)
        index += 1
        kind = _kind_at(blocks, index - 1, labels)
        if kind == "footer":
            continue
        if kind in ("row", "values"):
            rows.append(_row_cells(block, labels))
        elif kind == "piece" and " " in block.text.strip() and _words_apart(block.text, has_wide_gap(block.text)):
            rows.append(word_cells(block))  # one heading a word: a row of headings, not one label
        else:
            rows.append(label_cells(block, block.text, 0, lambda norm: _is_label(norm, labels)))
    first, last = blocks[start].location, blocks[end - 1].location
    rows = _headings_joined(rows, lambda norm: _is_label(norm, labels))
    return Table(tuple(blanks_placed(rows)), replace(first, end_line=last.end_line or last.line), sparse=True)


def _headings_joined(rows: list[tuple[TextCell, ...]], is_label: Callable[[str], bool]) -> list[tuple[TextCell, ...]]:
    """Column headings a narrow column wrapped (``社会公益`` over ``组织``) joined, where the line
    below holds only pieces each standing under a heading of the line above, and a joined heading
    is a label: the lower line's pieces end the headings they stand under."""
    joined: list[tuple[TextCell, ...]] = []
    for row in rows:
        merged = _under(joined[-1], row, is_label) if joined else None
        if merged is None:
            joined.append(row)
        else:
            joined[-1] = merged
    return joined


def _under(
    above: tuple[TextCell, ...], row: tuple[TextCell, ...], is_label: Callable[[str], bool]
) -> tuple[TextCell, ...] | None:
    """``above`` with the pieces of ``row`` (the next line) joined to the headings they stand under;
    None when ``row`` is no such line."""
    if len(above) < 2 or not row or not all(_heading_piece(cell) for cell in row):
        return None
    if any(cell.location.column is None or is_value(normalize_label(cell.text)) for cell in above):
        return None
    if (row[0].location.line or 0) != (above[0].location.line or -1) + 1:
        return None
    cells = list(above)
    for piece in row:
        hits = [n for n, cell in enumerate(above) if _overlap(cell, piece)]
        if len(hits) != 1:
            return None
        cells[hits[0]] = TextCell(cells[hits[0]].text + piece.text, cells[hits[0]].location)
    if not any(is_label(normalize_label(cell.text)) for cell, old in zip(cells, above) if cell is not old):
        return None
    return tuple(cells)


def _heading_piece(cell: TextCell) -> bool:
    norm = normalize_label(cell.text)
    short = 0 < len(norm) <= _MAX_PIECE or bool(_UNIT.match(norm))
    return short and has_cjk(norm) and cell.location.column is not None


def _overlap(cell: TextCell, piece: TextCell) -> bool:
    a, b = cell.location, piece.location
    assert a.column is not None and b.column is not None
    return a.column < (b.end_column or b.column + 1) and b.column < (a.end_column or a.column + 1)


def _row_cells(paragraph: Paragraph, labels: list[Labels]) -> tuple[TextCell, ...]:
    """``行政许可 0`` as the cells ``行政许可`` and ``0``, ``3 0 1`` as three cells, each at its column."""
    label, offset, values = split_row(paragraph)
    if not label:
        return values
    return (*label_cells(paragraph, label, offset, lambda norm: _is_label(norm, labels)), *values)
