"""A ``<table>`` as a rectangular grid: rowspan and colspan resolved, layout tables told apart."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gklint.plugin import MAX_UNITS, ReadError, TextCell
from gklint.readers.html.cells import Shared
from gklint.readers.html.text import raw_cell_text, tag_of

if TYPE_CHECKING:
    from lxml.etree import _Element

_MAX_SPAN_ROWS = 65534  # the HTML standard's limits
_MAX_SPAN_COLS = 1000
_MAX_CELLS = 500_000  # a 30 x 15 report table has 450; far beyond this is an attack, not a report

_CELL_TAGS = frozenset({"td", "th"})
_SPAN = re.compile(r"\s*0*([0-9]{1,6})", re.A)  # rowspan="٣", "1e9999": digits a browser reads, capped


def _rows(table: _Element) -> Iterator[_Element]:
    """The table's own rows (not those of nested tables), in source order."""
    for child in table:
        tag = tag_of(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if tag_of(row) == "tr")


def _cells(row: _Element) -> list[_Element]:
    return [cell for cell in row if cell.tag in _CELL_TAGS]


def is_layout(table: _Element) -> bool:
    for _ in table.iterdescendants("table"):
        return True
    return all(sum(_span(cell, "colspan", _MAX_SPAN_COLS) for cell in _cells(row)) <= 1 for row in _rows(table))


def _span(cell: _Element, name: str, limit: int) -> int:
    return _span_value(cell.get(name), name, limit)


def _spans(cell: _Element, rows_left: int) -> tuple[int, int]:
    """(rows, columns) the cell covers, its rows cut at the table's end."""
    rowspan, colspan = cell.get("rowspan"), cell.get("colspan")
    if rowspan is None and colspan is None:
        return 1, 1
    height = min(_span_value(rowspan, "rowspan", _MAX_SPAN_ROWS), rows_left)
    return height, _span_value(colspan, "colspan", _MAX_SPAN_COLS)


def _span_value(raw: str | None, name: str, limit: int) -> int:
    if raw is None:
        return 1
    match = _SPAN.match(raw)
    value = int(match.group(1)) if match else 1
    if value == 0 and name == "rowspan":
        return limit  # rowspan="0": to the end of the table (cut below)
    return min(max(value, 1), limit)


def grid(table: _Element, shared: Shared) -> tuple[tuple[TextCell, ...], ...]:
    """Resolve rowspan/colspan: text once at the top-left, empty cells at the covered positions."""
    rows = list(itertools.islice(_rows(table), MAX_UNITS + 1))  # the kernel checks no more rows
    carried: dict[int, tuple[int, TextCell]] = {}  # column -> (rows it still covers, its empty cell)
    out = []
    size = 0
    for r, row in enumerate(rows):
        cells: list[TextCell] = []
        fresh: dict[int, tuple[int, TextCell]] = {}
        for cell in _cells(row):
            while carried and len(cells) in carried:
                cells.append(carried[len(cells)][1])
            height, width = _spans(cell, len(rows) - r)
            size += height * width
            if size > _MAX_CELLS:
                raise ReadError("HTML 表格过大，无法读取", "an HTML table is too large to be read")
            line = cell.sourceline
            cells.append(shared.cell(shared.collapsed(raw_cell_text(cell)), line))
            if height > 1 or width > 1:
                empty = shared.cell("", line, merged=True)
                if height > 1:
                    fresh.update((c, (height - 1, empty)) for c in range(len(cells) - 1, len(cells) - 1 + width))
                cells.extend([empty] * (width - 1))
        if carried:
            gap = shared.cell("", row.sourceline)  # no cell there at all (a ragged row)
            while len(cells) <= max(carried):
                cells.append(carried[len(cells)][1] if len(cells) in carried else gap)
        carried = {c: (left - 1, empty) for c, (left, empty) in carried.items() if left > 1}
        carried.update(fresh)
        if cells:
            out.append(tuple(cells))
    return tuple(out)
