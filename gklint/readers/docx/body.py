"""The body in reading order: paragraphs with their heading level, and tables resolved into grids."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from gklint.plugin import MAX_UNITS, Block, Location, Paragraph, ReadError, ReadNote, Table, TextCell
from gklint.readers.docx.names import MC_FALLBACK, VAL, WRAPPERS, W, children, find, int_attr, int_val
from gklint.readers.docx.numbering import Numbering
from gklint.readers.docx.plain import TBL, TC, TC_PR, TR, CellRead, P, cell_properties, first, join_lines, plain_rows
from gklint.readers.docx.styles import outline_level

if TYPE_CHECKING:
    from lxml.etree import _Element

# A report's table has some 30 rows of up to 15 cells; far past these a table is not a report's.
MAX_CELLS = 1_000
MAX_ROWS = MAX_UNITS + 1  # the kernel checks no more paragraphs and rows of a document (and says so)

# What a paragraph's text is made of (None: the element's own text).
_TEXT: dict[str, str | None] = {
    W + "t": None,
    W + "tab": " ",
    W + "ptab": " ",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
}
# Subtrees whose text is not the paragraph's: properties (tab stops are w:tab too), deleted and
# moved-away text, the fallback copy of a drawing, and text boxes (read after the paragraph).
# Field codes and deleted runs have tags of their own (w:instrText, w:delText), never collected.
_TEXT_BOX = W + "txbxContent"
_RUN_PROPERTIES = W + "rPr"  # a paragraph mark's are under w:pPr, a fence: those seen are a run's
_FENCES = frozenset({W + "pPr", W + "del", W + "moveFrom", MC_FALLBACK, _TEXT_BOX})
_NOT_TEXT: Any = object()  # what _TEXT gives for a tag that holds no text
_BUILTIN_ID = re.compile(r"^(?:Heading([1-9])|Title)$")
Label = Callable[["_Element"], str]  # a paragraph's properties -> its list label, counted (Body.label)


def _paragraph_lines(p: _Element, boxes: list[_Element]) -> list[str]:
    """A paragraph's text, split at its line breaks; its text boxes go to ``boxes``, to be read after it.

    The paragraph's own children are looked at one by one, so that its properties (a fence that
    nearly every paragraph has first) are passed over without a step into them; below a child,
    the walk is ``_gather``'s."""
    pieces: list[str] = []
    for child in p:
        tag = child.tag
        text = _TEXT.get(tag, _NOT_TEXT)
        if text is not _NOT_TEXT:
            pieces.append((child.text or "") if text is None else text)
        elif tag in _FENCES:
            if tag == _TEXT_BOX:
                boxes.append(child)
            continue
        if len(child):
            _gather(child, pieces, boxes)
    return "".join(pieces).split("\n")


def _gather(el: _Element, pieces: list[str], boxes: list[_Element]) -> None:
    """The text below ``el``, in document order. lxml walks its descendants; a fence (deleted text,
    properties, a drawing's fallback, a text box) is skipped whole, its descendants being the elements
    that follow it, so no element is visited more than twice however many fences there are."""
    walk = el.iterdescendants()
    for found in walk:
        tag = found.tag
        text = _TEXT.get(tag, _NOT_TEXT)
        if text is _NOT_TEXT:
            if tag in _FENCES:
                if tag == _TEXT_BOX:
                    boxes.append(found)
                _skip(walk, sum(1 for _ in found.iterdescendants()))
            elif tag == _RUN_PROPERTIES and _hides(found):
                _skip(walk, _rest_of_run(found))
            continue
        pieces.append((found.text or "") if text is None else text)


def _hides(properties: _Element) -> bool:
    """Whether a run's properties hide its text (``w:vanish``): Word neither shows nor prints it."""
    hidden = find(properties, "vanish")
    return hidden is not None and hidden.get(VAL, "true") not in _OFF


_OFF = frozenset({"0", "false", "off"})


def _rest_of_run(properties: _Element) -> int:
    """How many elements of a walk follow a run's properties up to the run's end."""
    count = sum(1 for _ in properties.iterdescendants())
    for sibling in properties.itersiblings():
        count += 1 + sum(1 for _ in sibling.iterdescendants())
    return count


def _cell_paragraph(p: _Element, boxes: list[_Element], label: Label | None) -> list[str]:
    """A paragraph of a cell, after the list label its own ``w:numPr`` gives it. A label from the
    paragraph's style is not looked for here: a plain table (read by ``plain``) would not show it."""
    lines = _paragraph_lines(p, boxes)
    if label is not None:
        properties = find(p, "pPr")
        if properties is not None and find(properties, "numPr") is not None and not _deleted_whole(properties, lines):
            lines[0] = label(properties) + lines[0].lstrip()
    return lines


def _deleted_whole(properties: _Element | None, lines: list[str]) -> bool:
    """Whether a paragraph was deleted, its mark and all its text, under tracked changes: what is
    left of it is no paragraph, and its list number is not counted (Word renumbers the rest)."""
    marks = find(properties, "rPr") if properties is not None else None
    return marks is not None and find(marks, "del") is not None and not any(line.strip() for line in lines)


def _holds_picture(p: _Element) -> bool:
    """Whether an empty paragraph holds a drawing or a VML picture (Word's older pictures)."""
    return next(p.iter(W + "drawing", W + "pict"), None) is not None


def _skip(walk: Iterator[Any], count: int) -> None:
    """Advance ``walk`` by ``count`` items."""
    if count:
        next(itertools.islice(walk, count - 1, count), None)


# --------------------------------------------------------------------------- body


class Body:
    """Walks the body (and text boxes) in order, numbering paragraphs and tables."""

    def __init__(
        self, load_styles: Callable[[], dict[str, int]], load_numbering: Callable[[], Numbering] = Numbering
    ) -> None:
        self.load_styles = load_styles  # styles.xml is parsed only if a paragraph names a style
        self.styles: dict[str, int] | None = None
        self.load_numbering = load_numbering  # numbering.xml too, only if a paragraph may be numbered
        self.numbering: Numbering | None = None
        self.blocks: list[Block] = []
        self.notes: list[ReadNote] = []
        self.paragraphs = 0
        self.tables = 0
        self.units = 0  # paragraphs and table rows so far

    def run(self, body: _Element) -> list[Block]:
        self.container(body)
        return self.blocks

    def container(self, el: _Element) -> None:
        for child in el:
            if self.units > MAX_UNITS:
                return  # the kernel checks no more paragraphs and rows than this, and says so
            tag = child.tag
            if tag == P:
                self.paragraph(child)
            elif tag == TBL:
                self.table(child)
            elif tag in WRAPPERS:
                self.container(child)

    def paragraph(self, p: _Element) -> None:
        self.paragraphs += 1
        boxes: list[_Element] = []
        location = Location(element=f"段落 {self.paragraphs}")
        properties = find(p, "pPr")
        level = self.level(properties)
        lines = _paragraph_lines(p, boxes)
        if _deleted_whole(properties, lines) and not boxes:
            return  # deleted with its text under tracked changes: Word neither shows nor numbers it
        if properties is not None and len(properties):
            # The label Word shows is not in the text; locations name the paragraph, so they stay right.
            lines[0] = self.label(properties) + lines[0].lstrip()
        for line in lines:
            if line.strip():
                self.blocks.append(Paragraph(line.strip(), location, heading_level=level))
                self.units += 1
        if not boxes and not any(line.strip() for line in lines) and _holds_picture(p):
            self.blocks.append(Paragraph.image(location))  # a table pasted as a picture, say
            self.units += 1
        for box in boxes:
            self.container(box)

    def label(self, properties: _Element) -> str:
        """The list label Word shows before the paragraph, counting it (see ``numbering``)."""
        try:
            if self.numbering is None:
                if find(properties, "numPr") is None and find(properties, "pStyle") is None:
                    return ""
                self.numbering = self.load_numbering()
            return self.numbering.label(properties)
        except ReadError as exc:  # numbering.xml cannot be read: the labels are lost, not the text
            self.numbering = Numbering()
            self.notes.append(
                ReadNote(
                    f"自动编号无法读取，段落编号未显示：{exc.message}",
                    f"the automatic numbering cannot be read, paragraph numbers are not shown: {exc.message_en}",
                )
            )
            return ""

    def level(self, properties: _Element | None) -> int:
        if properties is None:
            return 0
        direct = outline_level(properties)
        if direct:
            return direct
        style = find(properties, "pStyle")
        style_id = style.get(VAL, "") if style is not None else ""
        if not style_id:
            return 0
        builtin = _BUILTIN_ID.match(style_id)
        if builtin:  # the ids Word gives its own heading styles: no need to parse styles.xml
            return int(builtin.group(1) or 1)
        if self.styles is None:
            self.styles = self.load_styles()
        return self.styles.get(style_id, 0)

    def table(self, tbl: _Element) -> None:
        frame = _frame_cells(tbl)
        if frame is not None:  # a frame around text (a page pasted into Word): its content is the body's
            for tc in frame:
                self.container(tc)
            return
        self.tables += 1
        number = self.tables
        rows = _Grid(number, self.label).rows(tbl, self.notes)
        self.units += len(rows)
        if rows:
            self.blocks.append(Table(rows, Location(element=f"表格 {number}")))


def _frame_cells(tbl: _Element) -> list[_Element] | None:
    """The cells, in reading order, of a table that only lays out what it holds: one of one column
    (a frame), or one of a row or two with a table inside a cell (a two-column page, a national
    table in its right half). Never a report's own table; else None."""
    rows = [list(children(tr, TC)) for tr in children(tbl, TR)]
    if not rows:
        return None
    if all(len(row) == 1 for row in rows):
        return [row[0] for row in rows]
    if len(rows) <= _LAYOUT_ROWS and any(tc.find(TBL) is not None for row in rows for tc in row):
        return [tc for row in rows for tc in row]
    return None


_LAYOUT_ROWS = 2  # rows of a table laying out the page; a national table has many more


class _Grid:
    """Resolves one table's merges: gridSpan across, vMerge down.

    Word keeps a grid column for every cell boundary of every row, so rows whose boundaries
    differ by a hair leave slivers a few twips wide, and a cell spanning one looks merged though
    nobody merged it. Columns narrower than ``SLIVER`` are not counted in a span.
    """

    SLIVER = 60  # twips (about 1 mm): no text fits in a column this narrow

    def __init__(self, number: int, label: Label | None = None) -> None:
        self.number = number
        self.label = label  # numbered paragraphs in cells: plain_rows leaves such a table to the slower walk
        self.before: list[int] = [0]  # real (not sliver) grid columns before each grid column

    def cut(self, what: str, what_en: str) -> ReadNote:
        """A note that part of this table, past a cap, was not read."""
        where = f"表格 {self.number}"
        return ReadNote(
            f"{where}：{what}，其余部分未读取",
            f"table {self.number}: {what_en}; the rest was not read",
            Location(element=where),
        )

    def real(self, start: int) -> int:
        """Real grid columns before grid column ``start`` (columns past the declared grid count)."""
        last = len(self.before) - 1
        return self.before[start] if start <= last else self.before[last] + start - last

    def rows(self, tbl: _Element, notes: list[ReadNote], plain: bool = True) -> tuple[tuple[TextCell, ...], ...]:
        """The table's rows on the grid; with ``plain`` false, read element by element even when plain."""
        grid = find(tbl, "tblGrid")
        for col in itertools.islice(grid.iterchildren(W + "gridCol") if grid is not None else (), MAX_CELLS):
            width = int_attr(col, "w")
            self.before.append(self.before[-1] + (width is None or width >= self.SLIVER))
        walked = plain_rows(tbl, MAX_ROWS, MAX_CELLS) if plain else None
        if walked is not None:
            read = [self.row(r, tr, cells) for r, (tr, cells) in enumerate(walked)]
            if all(whole for _, whole in read):  # else a row reached the cap: read again below, noting the cut
                return tuple(tuple(cells) for cells, _ in read if cells)
        out = []
        for r, tr in enumerate(children(tbl, TR)):
            if r == MAX_ROWS:
                break  # the kernel checks no more rows than this, and says so
            cells, whole = self.row(r, tr, _cells(tr))
            if not whole:
                notes.append(
                    self.cut(f"第 {r + 1} 行的单元格超过 {MAX_CELLS} 个", f"row {r + 1}: more than {MAX_CELLS} cells")
                )
            if cells:
                out.append(tuple(cells))
        return tuple(out)

    def row(self, r: int, tr: _Element, read: Iterable[CellRead]) -> tuple[list[TextCell], bool]:
        """The row's cells on the grid, and whether they are all there (reading stops at ``MAX_CELLS``);
        none for a row deleted under tracked changes (its numbered labels are not counted either)."""
        row_properties = find(tr, "trPr")
        if find(row_properties, "del") is not None:
            return [], True
        start = min(int_val(find(row_properties, "gridBefore"), 0), 64)
        cells: list[TextCell] = []
        before = self.before
        last = len(before) - 1
        column = self.real(start)
        stem = f"表格 {self.number} / 行 {r + 1} / 列 "  # each cell's location named only when asked
        in_element = TextCell.in_element
        label = self.label
        for span, covered, text in read:
            if len(cells) >= MAX_CELLS:
                return cells, False
            start += span
            end = before[start] if start <= last else before[last] + start - last  # the next cell's column
            if not covered:
                cells.append(in_element(text if isinstance(text, str) else _cell_text(text, label), stem, column + 1))
            if covered or end - column > 1:
                for offset in range(0 if covered else 1, max(end - column, 1)):
                    cells.append(in_element("", stem, column + offset + 1, merged=True))
            column = end
        return cells, True


def _cells(tr: _Element) -> Iterable[CellRead]:
    for tc in children(tr, TC):
        parts = list(tc)  # made once: the properties come first, then the text
        span, covered = cell_properties(first(parts, TC_PR))
        yield span, covered, parts


def _cell_text(parts: list[_Element], label: Label | None = None) -> str:
    """The text of a cell, from its children; ``label`` gives numbered paragraphs their labels."""
    if len(parts) == 2 and parts[0].tag == TC_PR and parts[1].tag == P:  # most cells: one paragraph
        boxes: list[_Element] = []
        lines = _cell_paragraph(parts[1], boxes, label)
        if not boxes:
            return join_lines(lines)
    lines = []
    _cell_lines(parts, lines, label)
    return join_lines(lines)


def _cell_lines(parts: Iterable[_Element], lines: list[str], label: Label | None) -> None:
    boxes: list[_Element] = []
    for child in parts:
        tag: Any = child.tag
        if tag == P:
            lines.extend(_cell_paragraph(child, boxes, label))
        elif tag == TBL:
            for tr in children(child, TR):
                for tc in children(tr, TC):
                    _cell_lines(tc, lines, label)
        elif tag in WRAPPERS:
            _cell_lines(child, lines, label)
    for box in boxes:
        _cell_lines(box, lines, label)
