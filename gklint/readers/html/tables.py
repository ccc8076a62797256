"""A ``<table>`` as a rectangular grid: rowspan and colspan resolved, layout tables told apart."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from gklint.plugin import MAX_UNITS, ReadError, TextCell
from gklint.readers.html.cells import Shared
from gklint.readers.html.text import collapse, joined_text, leaf_text

if TYPE_CHECKING:
    from lxml.etree import _Element

_MAX_SPAN_ROWS = 65534  # the HTML standard's limits
_MAX_SPAN_COLS = 1000
_MAX_CELLS = 500_000  # a 30 x 15 report table has 450; far beyond this is an attack, not a report

_SPAN = re.compile(r"\s*0*([0-9]{1,6})", re.A)  # rowspan="٣", "1e9999": digits a browser reads, capped


def _rows(table: _Element) -> Iterator[_Element]:
    """The table's own rows (not those of nested tables), in source order."""
    for child in table:
        tag = child.tag  # a comment's is a function, equal to no name
        if tag == "tr":
            yield child
        elif tag == "tbody" or tag == "thead" or tag == "tfoot":
            for row in child:
                if row.tag == "tr":
                    yield row


def is_layout(table: _Element) -> bool:
    """Whether the table holds another table or has a single column (no row's cells span more than one)."""
    for _ in table.iterdescendants("table"):
        return True
    for row in _rows(table):
        width = 0
        for cell in row:  # a row's width counted only until it passes one column: a report table's first row does
            tag = cell.tag
            if tag == "td" or tag == "th":
                width += _colspan(cell.get("colspan"))
                if width > 1:
                    return False
    return True


def _span_value(raw: str | None, name: str, limit: int) -> int:
    if raw is None:
        return 1
    match = _SPAN.match(raw)
    value = int(match.group(1)) if match else 1
    if value == 0 and name == "rowspan":
        return limit  # rowspan="0": to the end of the table (cut below)
    return min(max(value, 1), limit)


@functools.lru_cache(maxsize=256)
def _rowspan(raw: str | None) -> int:
    return _span_value(raw, "rowspan", _MAX_SPAN_ROWS)


@functools.lru_cache(maxsize=256)
def _colspan(raw: str | None) -> int:
    return _span_value(raw, "colspan", _MAX_SPAN_COLS)


# Where merges from rows above reach: column -> (the last row it covers, its empty cell).
Carried = dict[int, tuple[int, TextCell]]


def grid(table: _Element, shared: Shared) -> tuple[tuple[TextCell, ...], ...]:
    """Resolve rowspan/colspan: text once at the top-left, empty cells at the covered positions."""
    rows = list(itertools.islice(_rows(table), MAX_UNITS + 1))  # the kernel checks no more rows
    count = len(rows)
    carried: Carried = {}
    soonest = count  # the first row after which a carried merge ends
    out = []
    size = 0
    known, texts, on_line, merged = shared.raw_cells, shared.texts, TextCell.on_line, shared.merged_cells
    last_line: int | None = -1  # no source line: the first cell looks its line up
    on_this_line: dict[str, TextCell] = {}
    for r, row in enumerate(rows):
        cells: list[TextCell] = []
        fresh: Carried | None = None  # made for the few rows that start a merge downwards
        for cell in row:  # a tag-filtered iterator costs more to set up than a row has cells
            tag = cell.tag  # compared, not hashed: a fresh string each time
            if tag != "td" and tag != "th":
                continue
            if carried:
                column = len(cells)
                while column in carried:
                    cells.append(carried[column][1])
                    column += 1
            line = cell.sourceline
            children = len(cell)
            if not children:
                raw = cell.text or ""
            elif children == 1 and not len(only := cell[0]):  # joined_text's own fast path, without its call
                raw = (cell.text or "") + leaf_text(only) + (only.tail or "")
            else:
                raw = joined_text(cell)
            if line != last_line:  # a row's cells mostly share a line: its cells looked up once
                last_line = line
                on_this_line = known.setdefault(line, {})
            found = on_this_line.get(raw)
            if found is None:  # a new raw text or line: its cell made here, with no second lookup by its text
                text = texts.get(raw)
                if text is None:
                    text = texts[raw] = collapse(raw)
                found = on_this_line[raw] = on_line(text, line)
            cells.append(found)
            names = cell.keys()  # one call, where most cells have no attribute at all
            if not names or ("rowspan" not in names and "colspan" not in names):
                size += 1
                if size > _MAX_CELLS:
                    raise _too_large()
                continue
            # An attribute the cell does not have reads as 1: most merged cells have only one of the two.
            height = min(_rowspan(cell.get("rowspan")), count - r) if "rowspan" in names else 1
            width = _colspan(cell.get("colspan")) if "colspan" in names else 1
            size += height * width
            if size > _MAX_CELLS:
                raise _too_large()
            if width > 1 or height > 1:
                cover = merged.get(line) or shared.merged(line)
                if width > 1:
                    cells.extend([cover] * (width - 1))
                if height > 1:  # the positions below it, from the next row on
                    below = (r + height - 1, cover)
                    if fresh is None:
                        fresh = {}
                    end = len(cells)
                    for column in range(end - width, end):
                        fresh[column] = below
        if carried:
            if max(carried) >= len(cells):
                _fill(cells, carried, shared, row)
            if r >= soonest:
                carried = {c: merge for c, merge in carried.items() if merge[0] > r}
                soonest = min((last for last, _ in carried.values()), default=count)
        if fresh is not None:
            carried.update(fresh)
            soonest = min(soonest, *(last for last, _ in fresh.values()))
        if cells:
            out.append(tuple(cells))
    return tuple(out)


def _too_large() -> ReadError:
    return ReadError("HTML 表格过大，无法读取", "an HTML table is too large to be read")


def _fill(cells: list[TextCell], carried: Carried, shared: Shared, row: _Element) -> None:
    """Extend a row to every column a merge from above still covers; an empty cell where no cell is at all."""
    while len(cells) <= max(carried):
        merge = carried.get(len(cells))
        cells.append(shared.gap(row.sourceline) if merge is None else merge[1])
