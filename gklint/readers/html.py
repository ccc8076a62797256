"""HTML reports: pages of government portals, and Word/WPS documents saved as web pages.

The page is read as a browser shows it, without guessing which part is the "main content": the
binder finds the report's parts by their headings. Script, style, navigation, sidebars, footers
and form controls are dropped. Block elements and ``<br>`` end a paragraph; inline elements run
together. A ``<table>`` becomes a ``Table`` with rowspan/colspan resolved into a rectangular
grid (the text once, at the merged cell's top-left position; an empty ``merged`` cell at every
other position it covers), unless it is a layout table: one that holds another table or has a single
column, which old portals wrap whole pages in; its cells are then read as running text.

Locations are the source line of the element (lxml's ``sourceline``). The charset comes from a
byte-order mark, then ``<meta charset>`` / ``<meta http-equiv="Content-Type">`` (GB2312 and GBK
are decoded as their superset GB18030), then ``decode_text``'s detection.
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from gklint.plugin import (
    MAX_UNITS,
    Block,
    Decoded,
    DecodeError,
    Document,
    Location,
    Paragraph,
    Reader,
    ReadError,
    Table,
    TextCell,
    decode_report,
    decoding_notes,
    hookimpl,
    scan_directives,
)

if TYPE_CHECKING:
    from lxml.etree import _Element

# Elements whose text is never report content.
_DROP = frozenset(
    {"head", "script", "style", "noscript", "template", "nav", "aside", "footer", "select", "button", "textarea",
     "iframe", "object", "embed", "svg", "canvas", "map", "audio", "video"}
)  # fmt: skip
_BLOCK = frozenset(
    {"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl",
     "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
     "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
     "th", "thead", "tr", "ul"}
)  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_MAX_SPAN_ROWS = 65534  # the HTML standard's limits
_MAX_SPAN_COLS = 1000
_MAX_CELLS = 500_000  # a 30 x 15 report table has 450; far beyond this is an attack, not a report

_SPAN = re.compile(r"\s*0*([0-9]{1,6})", re.A)  # rowspan="٣", "1e9999": digits a browser reads, capped
_WS = re.compile(r"[ \t\n\r\f]+")  # HTML collapses ASCII whitespace only (NBSP stays)
_ENTITY_DECL = re.compile(r"<!ENTITY", re.I)
_META_CHARSET = re.compile(rb"""<meta\s[^>]{0,1024}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,64})""", re.I)
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.I)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PUBLISHED_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date.issued")
_GB_ALIASES = frozenset({"gb2312", "gbk", "gb_2312-80", "gb_2312", "x-gbk", "cp936", "ms936", "csgb2312", "euc-cn"})
# The text encodings of the WHATWG Encoding Standard (what browsers honour), as Python names them.
# A <meta charset> naming anything else (base64, hex, zlib, rot13, unicode_escape…) is ignored:
# those are not text encodings, and some would even run a decompressor on the page.
_TEXT_ENCODINGS = frozenset(
    {"utf-8", "gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr",
     "cp949", "cp866", "cp874", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic"}
    | {f"cp125{n}" for n in range(9)}
    | {f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)}
)  # fmt: skip
_LATIN1 = frozenset({"ascii", "iso8859-1", "latin-1"})  # the standard reads these as windows-1252


_LINES = re.compile(r"\r\n|\r|\n")
_XML_ERR_NO_MEMORY = 2  # libxml2's error code when an allocation fails


class HtmlReader(Reader):
    name = "html"
    version = "1"
    suffixes = (".html", ".htm", ".shtml", ".xhtml")

    def sniff(self, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
        return start.startswith(b"<!doctype html") or b"<html" in start

    def read(self, path: str, data: bytes) -> Document:
        if not data.strip():
            raise ReadError("文件为空", "the file is empty")
        decoded = _decode(data)
        text = decoded.text
        if _ENTITY_DECL.search(text):
            # Real pages never declare entities; a declaration is an entity-expansion attack.
            raise ReadError(
                "HTML 文件含有实体声明（<!ENTITY>），出于安全原因拒绝读取",
                "the HTML file declares entities (<!ENTITY>); refused for safety",
            )
        root = _parse(text)
        blocks = _Flow().run(root)
        metadata = _metadata(root)
        # Suppression comments on lines of their own; the parser drops comments, the lines keep them.
        directives = scan_directives(_LINES.split(text))
        return Document(
            path=path,
            format=self.name,
            blocks=tuple(blocks),
            encoding=decoded.encoding,
            metadata=metadata,
            directives=directives,
            notes=decoding_notes(decoded),
        )


# --------------------------------------------------------------------------- decoding and parsing


def _declared_charset(data: bytes) -> str | None:
    end = _HEAD_END.search(data, 0, 65536)
    found = _META_CHARSET.search(data, 0, end.start() if end else 16384)
    if not found:
        return None
    label = found.group(1).decode("ascii").lower()
    if label in _GB_ALIASES or label == "gb18030":
        return "gb18030"
    if label.startswith(("utf-16", "utf-32", "unicode")):
        return "utf-8"  # the meta tag was readable as ASCII, so the file is not UTF-16 (per the HTML standard)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _LATIN1:
        return "cp1252"
    return name if name in _TEXT_ENCODINGS else None


def _decode(data: bytes) -> Decoded:
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    declared = None if has_bom else _declared_charset(data)  # a byte-order mark outranks any declaration
    if declared:
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common (UTF-8 pages declaring gb2312): detect instead
    try:
        return decode_report(data)
    except DecodeError as exc:
        raise ReadError(f"无法按 HTML 文本读取：{exc}", f"cannot be read as HTML text: {exc}") from None


def _parse(text: str) -> _Element:
    from lxml import etree

    parser = etree.HTMLParser(
        encoding="utf-8",
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.LxmlError, ValueError) as exc:
        if getattr(exc, "code", None) == _XML_ERR_NO_MEMORY:
            raise MemoryError from None
        raise ReadError(f"HTML 无法解析：{exc}", f"the HTML cannot be parsed: {exc}") from None
    for error in parser.error_log:
        if error.level_name == "FATAL" and error.type == _XML_ERR_NO_MEMORY:
            raise MemoryError
        if error.level_name == "FATAL":
            # libxml2 stops at its resource limits (nesting deeper than 256, a text node over 10 MB)
            # and returns what it has so far: a truncated page must not pass for a whole one.
            raise ReadError(
                f"HTML 结构异常（嵌套过深或内容过大），无法完整读取：{error.message}",
                f"the HTML is abnormal (nested too deeply or too large) and cannot be read whole: {error.message}",
            )
    if root is None:
        raise ReadError("HTML 中没有内容", "the HTML has no content")
    return root


# --------------------------------------------------------------------------- text


def _is_wide(ch: str) -> bool:
    """CJK ideographs, CJK punctuation and full-width forms: no space is implied between them."""
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def collapse(text: str) -> str:
    """Collapse ASCII whitespace as HTML does; a line break between two CJK characters vanishes."""

    if "\n" not in text:
        return _WS.sub(" ", text).strip()

    def space(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        joined = "\n" in match.group() and start > 0 and end < len(text)
        return "" if joined and _is_wide(text[start - 1]) and _is_wide(text[end]) else " "

    return _WS.sub(space, text).strip()


def _tag(el: Any) -> str:
    tag = el.tag
    return tag if isinstance(tag, str) else ""  # libxml2's HTML parser lower-cases names; comments have no str tag


def _dropped(el: _Element) -> bool:
    tag = _tag(el)
    return not tag or tag in _DROP or (el.get("role") or "").lower() == "navigation"


def _cell_text(cell: _Element) -> str:
    """A cell's text: paragraphs, line breaks and nested tables joined without inventing spaces."""
    if not len(cell):
        return collapse(cell.text or "")
    pieces = [cell.text or ""]
    _gather(cell, pieces)
    return collapse("".join(pieces))


def _gather(el: _Element, pieces: list[str]) -> None:
    for child in el:
        if not _dropped(child):
            tag = _tag(child)
            if tag == "br" or tag in _BLOCK:
                pieces.append("\n")
            if child.text:
                pieces.append(child.text)
            _gather(child, pieces)
            if tag in _BLOCK:
                pieces.append("\n")
        if child.tail:
            pieces.append(child.tail)


# --------------------------------------------------------------------------- flow


class _Enough(Exception):
    """The page holds more than the kernel will check: reading stops."""


class _Flow:
    """Walks the page in document order, turning it into paragraphs and tables."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pieces: list[str] = []
        self.line: int | None = None  # where the current paragraph starts
        self.headings: list[int] = []  # levels of the h1-h6 elements we are inside
        self.pre = 0  # inside <pre>: line breaks in the source end paragraphs
        self.units = 0  # paragraphs and table rows so far

    def run(self, root: _Element) -> list[Block]:
        body = root.find("body")
        start = body if body is not None else root
        try:
            self.element(start)
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
            self.append(Paragraph(text, Location(line=line), heading_level=level))

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
        if self.line is None and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            self.line = None if line is None else line + lead.count("\n")
        self.pieces.append(text)

    def element(self, el: _Element) -> None:
        tag = _tag(el)
        if tag == "table" and not _is_layout(el):
            self.flush()
            self.table(el)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if tag in _HEADINGS:
            self.headings.append(_HEADINGS[tag])
        self.pre += tag == "pre"
        self.add(el.text, el.sourceline)
        for child in el:
            if not _dropped(child):
                self.child(child)
            self.add(child.tail, child.sourceline)
        self.pre -= tag == "pre"
        if block:
            self.flush()
        if tag in _HEADINGS:
            self.headings.pop()

    def child(self, el: _Element) -> None:
        if _tag(el) == "br":
            self.flush()
        else:
            self.element(el)

    def table(self, el: _Element) -> None:
        caption = el.find("caption")
        if caption is not None and not _dropped(caption):
            text = _cell_text(caption)
            if text:
                self.append(Paragraph(text, Location(line=caption.sourceline)))
        rows = _grid(el)
        if rows:
            self.append(Table(rows, Location(line=el.sourceline)))


# --------------------------------------------------------------------------- tables


def _rows(table: _Element) -> Iterator[_Element]:
    """The table's own rows (not those of nested tables), in source order."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from (row for row in child if _tag(row) == "tr")


def _cells(row: _Element) -> Iterable[_Element]:
    return (cell for cell in row if _tag(cell) in ("td", "th"))


def _is_layout(table: _Element) -> bool:
    for _ in table.iterdescendants("table"):
        return True
    return all(sum(_span(cell, "colspan", _MAX_SPAN_COLS) for cell in _cells(row)) <= 1 for row in _rows(table))


def _span(cell: _Element, name: str, limit: int) -> int:
    raw = cell.get(name)
    if raw is None:
        return 1
    match = _SPAN.match(raw)
    value = int(match.group(1)) if match else 1
    if value == 0 and name == "rowspan":
        return limit  # rowspan="0": to the end of the table (cut below)
    return min(max(value, 1), limit)


def _grid(table: _Element) -> tuple[tuple[TextCell, ...], ...]:
    """Resolve rowspan/colspan: text once at the top-left, empty cells at the covered positions."""
    rows = list(itertools.islice(_rows(table), MAX_UNITS + 1))  # the kernel checks no more rows
    carried: dict[int, tuple[int, TextCell]] = {}  # column -> (rows it still covers, its empty cell)
    out = []
    size = 0
    for r, row in enumerate(rows):
        cells: list[TextCell] = []
        fresh: dict[int, tuple[int, TextCell]] = {}
        for cell in _cells(row):
            while len(cells) in carried:
                cells.append(carried[len(cells)][1])
            height = min(_span(cell, "rowspan", _MAX_SPAN_ROWS), len(rows) - r)
            width = _span(cell, "colspan", _MAX_SPAN_COLS)
            size += height * width
            if size > _MAX_CELLS:
                raise ReadError("HTML 表格过大，无法读取", "an HTML table is too large to be read")
            location = Location(line=cell.sourceline)
            if height > 1 or width > 1:
                empty = TextCell("", location, merged=True)
                if height > 1:
                    fresh.update((c, (height - 1, empty)) for c in range(len(cells), len(cells) + width))
                cells.append(TextCell(_cell_text(cell), location))
                cells.extend([empty] * (width - 1))
            else:
                cells.append(TextCell(_cell_text(cell), location))
        if carried:
            gap = TextCell("", Location(line=row.sourceline))  # no cell there at all (a ragged row)
            while len(cells) <= max(carried):
                cells.append(carried[len(cells)][1] if len(cells) in carried else gap)
        carried = {c: (left - 1, empty) for c, (left, empty) in carried.items() if left > 1}
        carried.update(fresh)
        if cells:
            out.append(tuple(cells))
    return tuple(out)


# --------------------------------------------------------------------------- metadata


def _metadata(root: _Element) -> dict[str, str]:
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key in _PUBLISHED_META:
            published = _iso_date(meta.get("content") or "")
            if published:
                return {"published": published}
    return {}


def _iso_date(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


@hookimpl
def gklint_readers() -> list[Reader]:
    return [HtmlReader()]
