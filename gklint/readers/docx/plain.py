"""A plain Word table read in one pass over the few elements that make its grid and its text.

Most report tables hold nothing but rows of cells of paragraphs of runs. Such a table is read from
one walk of lxml over its rows, cells, paragraphs and text elements (``iterdescendants`` with a tag
filter, in C), so the many other elements of a real document (run and cell properties, bookmarks,
proofing marks) never become Python objects. Everything this walk assumes is checked as it goes:
a table holding anything else (a nested table, a text box, tracked deletions, content controls, list
numbering, a text element under paragraph properties, a cell outside a row…) or reaching a reading cap is
answered ``None``, and the caller reads it element by element as before, with the same result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gklint.plugin import is_cjk_char
from gklint.readers.docx.names import MC_FALLBACK, VAL, WRAPPERS, W, number

if TYPE_CHECKING:
    from lxml.etree import _Element

P, TBL, TR, TC, TC_PR = (W + name for name in ("p", "tbl", "tr", "tc", "tcPr"))
_T = W + "t"
GRID_SPAN = W + "gridSpan"
MERGES = frozenset({W + "vMerge", W + "hMerge"})
_RUN = W + "r"
_PROPERTIES = W + "pPr"  # the one fence a plain table may hold: tab stops are w:tab too
# What the other text elements stand for (w:t gives its own text).
_MARKS = {W + "tab": " ", W + "ptab": " ", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
# Elements after which a table is no longer plain: read otherwise (nested tables, text boxes read after
# their paragraph, deleted or moved-away text, a drawing's fallback copy, content controls and wrappers,
# list numbering, whose labels are not in the text, and hidden text).
_TANGLES = (TBL, W + "txbxContent", W + "del", W + "moveFrom", MC_FALLBACK, W + "numPr", W + "vanish", *WRAPPERS)
_WALKED = (TR, TC, P, _T, GRID_SPAN, *MERGES, *_MARKS)

# A cell as the grid needs it: its span, whether it continues a merge, and its text (or the cell's
# children to read it from, read only for a cell that is not covered).
CellRead = tuple[int, bool, "str | list[_Element]"]
PlainRow = tuple["_Element", list[CellRead]]


class _Tangled(Exception):
    """The table is not plain after all: the caller reads it element by element."""


def plain_rows(tbl: _Element, max_rows: int, max_cells: int) -> list[PlainRow] | None:
    """Each row of ``tbl`` with its cells' texts, or None when the table is not plain or reaches
    ``max_rows`` rows or ``max_cells`` cells in a row (the caller then reads it, and notes the cut)."""
    for _ in tbl.iterdescendants(*_TANGLES):
        return None
    try:
        return _Walk(tbl, max_rows, max_cells).run()
    except _Tangled:
        return None


class _Walk:
    """One walk over a table's rows, cells, paragraphs and text elements, in document order."""

    def __init__(self, tbl: _Element, max_rows: int, max_cells: int) -> None:
        self.tbl = tbl
        self.max_rows = max_rows
        self.max_cells = max_cells
        self.rows: list[PlainRow] = []
        self.cells: list[CellRead] = []
        self.tr: Any = None
        self.tc: Any = None
        self.marked = False  # the cell has span or merge marks: its properties are read whole
        self.lines: list[str] = []  # the cell's paragraphs so far, split at their line breaks

    def run(self) -> list[PlainRow]:
        # One loop with the paragraph's state in locals: it runs for every text element of the table.
        p: Any = None
        pieces: list[str] = []
        for el in self.tbl.iterdescendants(*_WALKED):
            tag = el.tag
            if tag == _T or tag in _MARKS:
                parent = el.getparent()
                off_the_run = parent.getparent() is not p or p is None or parent.tag == _PROPERTIES
                if off_the_run and _fenced(el, p, self.tc):
                    continue
                pieces.append((el.text or "") if tag == _T else _MARKS[tag])
                continue
            if tag == GRID_SPAN or tag in MERGES:  # the cell's properties are read as the slower walk reads them
                self.marked = True
                continue
            if p is not None:  # a row, cell or paragraph ends the paragraph
                self.lines.extend("".join(pieces).split("\n"))
                pieces = []
                p = None
            if tag == P:
                if self.tc is None or el.getparent() is not self.tc:
                    raise _Tangled
                p = el
            elif tag == TC:
                self.cell(el)
            else:
                self.row(el)
        if p is not None:
            self.lines.extend("".join(pieces).split("\n"))
        self.end_cell()
        return self.rows

    def row(self, tr: _Element) -> None:
        if tr.getparent() is not self.tbl or len(self.rows) >= self.max_rows:
            raise _Tangled
        self.end_cell()
        self.cells = []
        self.rows.append((tr, self.cells))
        self.tr = tr

    def cell(self, tc: _Element) -> None:
        if self.tr is None or tc.getparent() is not self.tr or len(self.cells) + 1 >= self.max_cells:
            raise _Tangled
        self.end_cell()
        self.tc = tc

    def end_cell(self) -> None:
        if self.tc is None:
            return
        text = join_lines(self.lines)
        if self.marked:
            span, covered = cell_properties(first(list(self.tc), TC_PR))
            self.cells.append((span, covered, text))
        else:
            self.cells.append((1, False, text))
        self.lines = []
        self.tc = None
        self.marked = False


def _fenced(el: _Element, p: _Element | None, tc: _Element | None) -> bool:
    """Whether ``el`` stands under paragraph properties within ``p``; a text element outside the current
    paragraph (directly in a cell or a row) is not what this walk can place."""
    node = el.getparent()
    while node is not None and node is not p:
        if node is tc or node.tag == _PROPERTIES:
            if node is tc or p is None:
                raise _Tangled
            return True
        node = node.getparent()
    if node is None:
        raise _Tangled
    return False


def join_lines(lines: list[str]) -> str:
    """Join a cell's lines without inventing a space between two CJK characters."""
    if len(lines) == 1:
        return lines[0].strip()  # most cells hold one line
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if out and not (is_cjk_char(out[-1]) and is_cjk_char(line[0])):
            out += " "
        out += line
    return out


def cell_properties(properties: _Element | None) -> tuple[int, bool]:
    """(grid columns spanned, whether the cell continues a merge from above or the left)."""
    span, covered = 1, False
    for child in properties if properties is not None else ():
        tag = child.tag
        if tag == GRID_SPAN:
            value = number(child.get(VAL, ""))
            span = min(max(value, 1), 64) if value is not None else 1
        elif tag in MERGES:
            covered = covered or child.get(VAL, "continue") != "restart"  # no w:val means continue
    return span, covered


def first(elements: list[_Element], tag: str) -> _Element | None:
    for el in elements:
        if el.tag == tag:
            return el
    return None
