"""Tables that arrive as bare lines: one label or value a paragraph, no separator at all.

Crawlers and copy-paste from portal pages keep a table's cells as lines of their own, and a cell
left blank simply vanishes; PDF text gives a row as one line, ``行政许可 0``. A run of such
paragraphs that holds template labels becomes a ``Table`` marked ``sparse`` before anything else is
bound, so that the table binder sees cells, whatever the source format was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from gklint.binder.labels import Labels
from gklint.binder.stream import is_footer, is_value
from gklint.model import Block, Document, Paragraph, Table, TextCell
from gklint.template import Template
from gklint.text import lazy_pattern, normalize_label

# A label, then values separated by spaces: "行政许可 0", "规章 2 0 15".
_LABEL_AND_VALUES = lazy_pattern(r"^(?P<label>.*?\S)(?P<values>(?:[ \t\u3000\u00a0]+(?:[-+]?[\d.,]+|[/／无—-]))+)\s*$")
_VALUE = r"(?:[-+]?[\d.,]+|[/／无—-])"
_VALUES = lazy_pattern(rf"^\s*{_VALUE}(?:[ \t\u3000\u00a0]+{_VALUE})+\s*$")  # "3 0 1 0 4": a row of numbers
_MIN_LABELS = 2  # one word alone ("行政许可" in a list) does not make a table
_MAX_LABEL = 80
_MAX_CELL = 200  # a longer paragraph is prose, never one cell (and is not worth normalising to find out)


def gather_loose_tables(document: Document, templates: Sequence[Template], headings: Sequence[int]) -> Document:
    """``document`` with every run of bare-line table cells turned into a sparse ``Table``.

    Labels of every template count (the template is chosen afterwards, from the tables found);
    ``headings`` are the block indices of part headings: a heading always ends a run.
    """
    labels = [Labels.of(spec) for template in templates for spec in template.tables]
    heading_blocks = set(headings)
    blocks: list[Block] = []
    index = 0
    while index < len(document.blocks):
        end = _run_end(document.blocks, index, labels, heading_blocks)
        if end > index:
            blocks.append(_table(document.blocks[index:end], labels))
            index = end
        else:
            blocks.append(document.blocks[index])
            index += 1
    if len(blocks) == len(document.blocks):
        return document
    return replace(document, blocks=tuple(blocks))


def _kind(block: Block, labels: list[Labels]) -> str:
    """'label', 'row' (a label followed by its values), 'values' (numbers only), 'value', 'footer'
    or '' (not a table cell)."""
    if not isinstance(block, Paragraph) or len(block.text) > _MAX_CELL:
        return ""
    norm = normalize_label(block.text)
    if is_footer(norm):
        return "footer"
    if _VALUES.match(block.text):
        return "values"
    if is_value(norm):
        return "value"
    if len(norm) > _MAX_LABEL:
        return ""
    split = _LABEL_AND_VALUES.match(block.text.strip())
    if split and _is_label(normalize_label(split.group("label")), labels):
        return "row"
    return "label" if _is_label(norm, labels) else ""


def _is_label(norm: str, labels: list[Labels]) -> bool:
    return any(table.match(norm) is not None for table in labels)


def _run_end(blocks: Sequence[Block], start: int, labels: list[Labels], headings: set[int]) -> int:
    """The end (exclusive) of the run of bare-line cells starting at ``start``, or ``start``."""
    if start in headings or _kind(blocks[start], labels) not in ("label", "row"):
        return start
    end, named = start, 0
    while end < len(blocks) and (end == start or end not in headings):
        kind = _kind(blocks[end], labels)
        if not kind:
            break
        named += kind in ("label", "row")
        end += 1
    while end > start and _kind(blocks[end - 1], labels) == "footer":
        end -= 1
    return end if named >= _MIN_LABELS else start


def _table(paragraphs: Sequence[Block], labels: list[Labels]) -> Table:
    rows: list[tuple[TextCell, ...]] = []
    for block in paragraphs:
        assert isinstance(block, Paragraph)
        kind = _kind(block, labels)
        if kind == "footer":
            continue
        if kind in ("row", "values"):
            rows.append(_row_cells(block))
        else:
            rows.append((TextCell(block.text, block.location),))
    first, last = paragraphs[0].location, paragraphs[-1].location
    return Table(tuple(rows), replace(first, end_line=last.end_line or last.line), sparse=True)


def _row_cells(paragraph: Paragraph) -> tuple[TextCell, ...]:
    """``行政许可 0`` as the cells ``行政许可`` and ``0``, ``3 0 1`` as three cells, each at its column."""
    text = paragraph.text
    offset = len(text) - len(text.lstrip())
    split = _LABEL_AND_VALUES.match(text.strip())
    cells: list[TextCell] = []
    values, start = text.strip(), offset
    if split is not None and not _VALUES.match(text):
        cells.append(TextCell(split.group("label"), paragraph.location.within(offset, len(split.group("label")))))
        values, start = split.group("values"), offset + split.start("values")
    for value in re.finditer(r"\S+", values):
        where = paragraph.location.within(start + value.start(), len(value.group(0)))
        cells.append(TextCell(value.group(0), where))
    return tuple(cells)
