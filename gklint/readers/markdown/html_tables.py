"""HTML tables written into Markdown (PDF-to-Markdown tools such as MinerU write their tables so): read
with lxml, row and column spans spread as blank cells, each cell located on its source line."""

from __future__ import annotations

from typing import Any

from gklint.plugin import Location, Table, TextCell

_HTML_TABLE_LINES = 2_000  # a report table's rows, written one a line, and far more
_MAX_COLSPAN = 50
_MAX_ROWSPAN = 100
_MAX_HTML_CELLS = 20_000  # a report table has some 450
_MAX_ROW_CELLS = 1_000  # as for a pipe row: far past a report table's rows


def html_table_end(lines: list[str], start: int) -> int:
    """The line (1-based) that closes the HTML table opened on line ``start``: the first to hold
    ``</table>``, within ``_HTML_TABLE_LINES`` lines (else the opening line alone)."""
    for number in range(start, min(len(lines), start + _HTML_TABLE_LINES) + 1):
        if "</table" in lines[number - 1].lower():
            return number
    return start


def html_table(lines: list[str], start: int, end: int) -> Table | None:
    """The HTML table written on lines ``start``…``end`` (PDF-to-Markdown tools such as MinerU write
    their tables so), its row and column spans spread as blank cells; None when it is no table."""
    from lxml import etree, html  # only for a Markdown file that holds an HTML table

    try:
        root = html.fragment_fromstring("\n".join(lines[start - 1 : end]), create_parent="div")
    except (etree.ParserError, ValueError):
        return None
    table = next(root.iter("table"), None)
    if table is None:
        return None
    rows: list[tuple[TextCell, ...]] = []
    below: dict[int, int] = {}  # column -> rows a cell above still covers
    read_to: dict[int, int] = {}  # line -> where its last cell's text ended: the next is sought after it
    total = 0
    for tr in table.iter("tr"):
        row: list[TextCell] = []
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            _covered(row, below, tr.sourceline or 1, start)
            number = start + (cell.sourceline or 1) - 1
            text = _cell_text(cell)
            colspan = _html_span(cell.get("colspan"), _MAX_COLSPAN)
            rowspan = _html_span(cell.get("rowspan"), _MAX_ROWSPAN)
            row.append(TextCell(text, _found_at(number, lines[number - 1], text, read_to)))
            row += [TextCell("", Location(line=number))] * (colspan - 1)
            if rowspan > 1:
                below.update(dict.fromkeys(range(len(row) - colspan, len(row)), rowspan - 1))
            if len(row) > _MAX_ROW_CELLS:
                return None
        _covered(row, below, tr.sourceline or 1, start, every=True)
        rows.append(tuple(row))
        total += len(row)
        if total > _MAX_HTML_CELLS:
            return None  # no report table: read as the text it is
    return Table(tuple(rows), Location(line=start, end_line=end)) if rows else None


def _cell_text(cell: Any) -> str:
    """A cell's text, its spaces collapsed, a ``<br>`` kept as a line break: ``2<br>0`` is two
    numbers a converter stacked in one cell, not 20."""
    lines: list[list[str]] = [[]]
    _gather(cell, lines)
    texts = [" ".join("".join(pieces).split()) for pieces in lines]
    return "\n".join(text for text in texts if text)


def _gather(el: Any, lines: list[list[str]]) -> None:
    """The text of ``el`` and its descendants (as ``text_content``), a new line at each ``<br>``."""
    if isinstance(el.tag, str) and el.text:  # a comment's text is no text of the cell
        lines[-1].append(el.text)
    for child in el:
        if child.tag == "br":
            lines.append([])
        else:
            _gather(child, lines)
        if child.tail:
            lines[-1].append(child.tail)


def _found_at(number: int, line: str, text: str, read_to: dict[int, int]) -> Location:
    """Where ``text`` stands on its line, sought after the cell before it (a one-line table's "0"
    is the next "0", not the first); the line alone when it is not found as written."""
    at = line.find(text, read_to.get(number, 0)) if text else -1
    if at < 0:
        return Location(line=number)
    read_to[number] = at + len(text)
    return Location(number, at + 1, number, at + 1 + len(text))


def _covered(row: list[TextCell], below: dict[int, int], line: int, start: int, every: bool = False) -> None:
    """Blank cells where cells of rows above reach into ``row`` at its next column (``every``: at
    every column from there on)."""
    while len(row) in below or (every and any(column >= len(row) for column in below)):
        column = len(row)
        if column in below:
            below[column] -= 1
            if not below[column]:
                del below[column]
        row.append(TextCell("", Location(line=start + line - 1)))


def _html_span(raw: str | None, limit: int) -> int:
    # ASCII digits only ("²" passes isdigit(), int() refuses it); thousands of digits are over
    # int()'s limit, and any span past six digits is past ``limit`` anyway
    value = (raw or "").strip().lstrip("0")
    if not (value.isascii() and value.isdigit()):
        return 1
    return limit if len(value) > 6 else min(int(value), limit)
