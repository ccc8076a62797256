"""The readers' eighth round of lean paths: what each shortcut must keep.

* an HTML table's cells are looked up by their source line, then by their raw text: a cell repeated
  on one line is made once, the same text on another line (or on no line) is a cell of its own, and a
  page's tables share what they made.
"""

from __future__ import annotations

from gklint.model import Table, TextCell
from gklint.readers.html import HtmlReader


def _tables(page: str) -> list[Table]:
    document = HtmlReader().read("page.html", page.encode("utf-8"))
    return [block for block in document.blocks if isinstance(block, Table)]


def _lines(table: Table) -> list[list[tuple[str, int | None]]]:
    return [[(cell.text, cell.location.line) for cell in row] for row in table.rows]


PAGE = (
    "<html><body>\n"
    "<table><tr><td>项目</td><td>0</td></tr><tr><td>0</td><td>项目</td></tr>\n"
    "<tr><td>0</td><td> 0 </td></tr></table>\n"
    "<table><tr><td>0</td><td>项目</td></tr></table>\n"
    "</body></html>"
)


def test_cells_on_one_line_keep_their_texts_and_line() -> None:
    first, _ = _tables(PAGE)
    assert _lines(first) == [[("项目", 2), ("0", 2)], [("0", 2), ("项目", 2)], [("0", 3), ("0", 3)]]


def test_a_text_repeated_on_one_line_is_one_cell_and_on_another_line_another() -> None:
    first, second = _tables(PAGE)
    (label, zero), (zero_again, label_again), (zero_below, padded_below) = first.rows
    assert zero is zero_again and label is label_again
    assert zero_below is not zero and zero_below == TextCell.on_line("0", 3)
    assert padded_below is not zero_below and padded_below == zero_below  # another raw text, the same cell
    assert second.rows[0][0] is not zero and second.rows[0][0].location.line == 4


def test_the_tables_of_one_page_share_the_cells_of_a_line() -> None:
    tables = "<table><tr><td>0</td><td>1</td></tr></table><table><tr><td>1</td><td>0</td></tr></table>"
    page = f"<html><body>{tables}</body></html>"
    first, second = _tables(page)
    assert first.rows[0][0] is second.rows[0][1] and first.rows[0][1] is second.rows[0][0]
