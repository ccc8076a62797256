"""A report as office suites on Chinese desktops write PDFs (WPS, and converters after it).

Not the shapes reportlab writes: a subset CID font (Type0, ``Identity-H``) whose text is recoverable
only through its ``ToUnicode`` map, a document information dictionary in UTF-16, glyphs placed one
by one (each with its own ``Tm``) or in ``TJ`` arrays with kerning, and table rules drawn as thin
filled rectangles rather than stroked lines. ``wps_pdf`` lays out the rendered report that way.
"""

from __future__ import annotations

import zlib

from tests.fuzz.pdfmake import pdf, stream
from tests.render.content import TABLE_OF_PART, ReportContent, table_grid
from tests.render.text import flat_rows

PAGE_LINES = 46
LEFT, TOP, LEADING, SIZE = 56.0, 780.0, 16.0, 10.5
LABEL_WIDTH, CELL_WIDTH = 250.0, 38.0


def lines_of(content: ReportContent) -> list[str | list[str]]:
    """The report in reading order: a paragraph is a string, a table row a list of its cells."""
    out: list[str | list[str]] = [content.title] if content.title else []
    out += content.preamble
    for number in range(1, 7):
        out.append(content.heading(number))
        out += content.sections.get(number, [])
        if number in TABLE_OF_PART:
            out += flat_rows(table_grid(content, TABLE_OF_PART[number]), "blank")
    return out


def _wrap(text: str, width: int = 38) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


class _Glyphs:
    """CIDs handed out in order of first use, as a subset font numbers its glyphs."""

    def __init__(self) -> None:
        self.cids: dict[str, int] = {}

    def hex(self, text: str) -> bytes:
        return b"".join(b"%04X" % self.cids.setdefault(ch, len(self.cids) + 1) for ch in text)

    def to_unicode(self) -> bytes:
        pairs = sorted((cid, ch) for ch, cid in self.cids.items())
        out = [b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def"]
        out.append(b"1 begincodespacerange <0000> <FFFF> endcodespacerange")
        for start in range(0, len(pairs), 100):
            chunk = pairs[start : start + 100]
            out.append(b"%d beginbfchar" % len(chunk))
            out += [b"<%04X> <%s>" % (cid, ch.encode("utf-16-be").hex().upper().encode()) for cid, ch in chunk]
            out.append(b"endbfchar")
        out.append(b"endcmap CMapName currentdict /CMap defineresource pop end end")
        return b"\n".join(out)


def _text(glyphs: _Glyphs, text: str, x: float, y: float, one_by_one: bool) -> bytes:
    if one_by_one:  # every glyph its own text matrix
        placed = [b"1 0 0 1 %.2f %.2f Tm <%s> Tj\n" % (x + i * SIZE, y, glyphs.hex(ch)) for i, ch in enumerate(text)]
        return b"".join(placed)
    kerned = b" -12 ".join(b"<%s>" % glyphs.hex(ch) for ch in text)
    return b"1 0 0 1 %.2f %.2f Tm [%s] TJ\n" % (x, y, kerned)


def _row(glyphs: _Glyphs, cells: list[str], y: float, one_by_one: bool) -> tuple[bytes, bytes]:
    """A table row's text and its rules (thin filled rectangles around each cell)."""
    text, rules, x = [], [], LEFT
    for index, cell in enumerate(cells):
        width = LABEL_WIDTH if index == 0 else CELL_WIDTH
        if cell:
            text.append(_text(glyphs, cell, x + 2, y, one_by_one))
        rules.append(b"%.2f %.2f %.2f 0.5 re f\n%.2f %.2f 0.5 %.2f re f\n" % (x, y - 4, width, x, y - 4, LEADING))
        x += width
    rules.append(b"%.2f %.2f 0.5 %.2f re f\n" % (x, y - 4, LEADING))
    return b"".join(text), b"".join(rules)


def _pages(glyphs: _Glyphs, content: ReportContent, one_by_one: bool) -> list[bytes]:
    pages: list[bytes] = []
    text: list[bytes] = []
    rules: list[bytes] = []
    y = TOP
    for item in lines_of(content):
        for piece in [item] if isinstance(item, list) else _wrap(item):
            if y < TOP - PAGE_LINES * LEADING:
                pages.append(b"BT /F1 %.1f Tf\n%sET\n%s" % (SIZE, b"".join(text), b"".join(rules)))
                text, rules, y = [], [], TOP
            if isinstance(piece, list):
                drawn, ruled = _row(glyphs, piece, y, one_by_one)
                text.append(drawn)
                rules.append(ruled)
            else:
                text.append(_text(glyphs, piece, LEFT, y, one_by_one))
            y -= LEADING
    pages.append(b"BT /F1 %.1f Tf\n%sET\n%s" % (SIZE, b"".join(text), b"".join(rules)))
    return pages


def wps_pdf(content: ReportContent, one_by_one: bool = False) -> bytes:
    """``content`` as a WPS-style PDF: CID font with a ToUnicode map, rules as filled rectangles."""
    glyphs = _Glyphs()
    pages = _pages(glyphs, content, one_by_one)
    count = len(pages)
    first_page, font = 3, 3 + 2 * count
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    for index, page in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.3 841.9] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (first_page + 2 * index + 1, font)
        )
        objects.append(stream(zlib.compress(page), b"/Filter /FlateDecode"))
    name = b"/ABCDEF+#e5#ae#8b#e4#bd#93"  # a subset of 宋体, its name in UTF-8 hex escapes
    objects += [
        b"<< /Type /Font /Subtype /Type0 /BaseFont %s /Encoding /Identity-H /DescendantFonts [%d 0 R] "
        b"/ToUnicode %d 0 R >>" % (name, font + 1, font + 3),
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont %s /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>"
        % (name, font + 2),
        b"<< /Type /FontDescriptor /FontName %s /Flags 6 /FontBBox [-8 -145 1000 859] /ItalicAngle 0 "
        b"/Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>" % name,
        stream(zlib.compress(glyphs.to_unicode()), b"/Filter /FlateDecode"),
        b"<< /Producer (%s) /Creator (%s) >>" % (_utf16("WPS 文字"), _utf16("WPS 文字")),
    ]
    return pdf(objects, trailer=b"/Info %d 0 R " % len(objects))


def _utf16(text: str) -> bytes:
    raw = b"\xfe\xff" + text.encode("utf-16-be")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
