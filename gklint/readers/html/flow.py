"""The page in document order, as paragraphs and tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gklint.plugin import MAX_UNITS, Block, Paragraph, ReadError, Table
from gklint.readers.html.cells import Shared
from gklint.readers.html.tables import grid, is_layout
from gklint.readers.html.text import BLOCK, HEADINGS, cell_text, collapse, dropped, kept

if TYPE_CHECKING:
    from lxml.etree import _Element


_ICON_PIXELS = 64  # a picture given a width or height below this is an icon, not a table


def _pixels(size: str | None) -> float:
    """A width or height attribute in pixels (``600``, ``600px``); unknown sizes count as large."""
    digits = (size or "").strip().lower().removesuffix("px").strip()
    try:
        return float(digits)
    except ValueError:
        return float("inf")


class _Enough(Exception):
    """The page holds more than the kernel will check: reading stops."""


class Flow:
    """Walks the page in document order, turning it into paragraphs and tables."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.line: int | None = None  # where the current paragraph starts
        self.headings: list[int] = []  # levels of the h1-h6 elements we are inside
        self.pre = 0  # inside <pre>: line breaks in the source end paragraphs
        self.units = 0  # paragraphs and table rows so far
        self.shared = Shared()

    def run(self, root: _Element) -> list[Block]:
        body = root.find("body")
        start = body if body is not None else root
        try:
            self.element(start, start.tag)
            self.flush()
        except RecursionError:
            raise ReadError("HTML 嵌套过深，无法读取", "the HTML is nested too deeply to be read") from None
        except _Enough:
            pass  # the kernel checks no more paragraphs and rows than these, and says so
        return self.blocks

    def append(self, block: Block) -> None:
        self.blocks.append(block)
        self.units += len(block.rows) if isinstance(block, Table) else 1
        if self.units > MAX_UNITS:
            raise _Enough

    def flush(self) -> None:
        text = "".join(self.pieces).strip() if self.pre else collapse("".join(self.pieces))
        self.pieces, line = [], self.line
        self.line = None
        if text:
            level = self.headings[-1] if self.headings else 0
            self.append(Paragraph(text, self.shared.location(line), heading_level=level))

    def add(self, text: str | None, line: int | None) -> None:
        if not text:
            return
        if self.pre and "\n" in text:
            first, *rest = text.split("\n")
            self.add_piece(first, line)
            for n, part in enumerate(rest, 1):
                self.flush()
                self.add_piece(part, None if line is None else line + n)
            return
        self.add_piece(text, line)

    def add_piece(self, text: str, line: int | None) -> None:
        if self.line is None:
            if not text.strip():
                return  # whitespace before a paragraph's first text, which the paragraph would drop
            lead = text[: len(text) - len(text.lstrip())]
            self.line = None if line is None else line + lead.count("\n")
        self.pieces.append(text)

    def element(self, el: _Element, tag: str) -> None:
        """Read ``el`` (whose tag is ``tag``, which kept() lets through only as a str) and its children."""
        if tag == "table" and not is_layout(el):
            if self.pieces:
                self.flush()
            self.table(el)
            return
        if tag == "img":
            self.image(el)
            return
        block = tag in BLOCK
        if block and self.pieces:
            self.flush()
        heading = HEADINGS.get(tag)
        if heading:
            self.headings.append(heading)
        pre = tag == "pre"
        self.pre += pre
        text = el.text
        if text:
            self.add(text, el.sourceline)
        for child in el:
            child_tag = child.tag
            if kept(child, child_tag):
                if child_tag == "br":
                    if self.pieces:
                        self.flush()
                else:
                    self.element(child, child_tag)
            tail = child.tail
            if tail:
                self.add(tail, child.sourceline)
        self.pre -= pre
        if block and self.pieces:
            self.flush()
        if heading:
            self.headings.pop()

    def image(self, el: _Element) -> None:
        """A picture as a paragraph of its own (a table published as an image), unless it stands
        inside running text (a character drawn as a picture) or its size makes it an icon."""
        if self.pieces or any(_pixels(el.get(side)) < _ICON_PIXELS for side in ("width", "height")):
            return
        self.append(Paragraph.image(self.shared.location(el.sourceline)))

    def table(self, el: _Element) -> None:
        caption = next(el.iterchildren("caption"), None)  # find()'s path parsing costs more than this iterator
        if caption is not None and not dropped(caption):
            text = cell_text(caption)
            if text:
                self.append(Paragraph(text, self.shared.location(caption.sourceline)))
        rows = grid(el, self.shared)
        if rows:
            self.append(Table(rows, self.shared.location(el.sourceline)))
