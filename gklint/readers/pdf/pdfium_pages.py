"""Glyphs, ruling segments and images of each page, read with PDFium (pypdfium2).

The same ``Page`` data as the pdfminer device in ``collect``: glyph boxes as pdfminer computes
them (left, baseline plus the font's descent, advance width, font size times the text matrix),
in the coordinates pdfminer gives them (the page's media box corner at the origin, /Rotate turned
back), and painted paths turned into segments by the same code. Characters PDFium generates
(spaces and line breaks it infers) are left out; pdfminer has none.

The caps on glyphs and segments are pdfminer's, with the same messages. Every PDFium object is
closed before the function returns, also when a cap is reached.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any, NamedTuple

from gklint.readers.pdf.collect import (
    MAX_PAGE_GLYPHS,
    MAX_PAGE_IMAGES,
    MAX_PAGE_SEGMENTS,
    UNMAPPED,
    Box,
    Glyph,
    Page,
    Segment,
    check_glyph_total,
    check_page_number,
    fold_radicals,
    is_placed,
    path_segments,
    quarter,
    too_many,
    turn_of,
    unit_square_box,
)
from gklint.readers.pdf.guard import Meter

# The newest of the functions the reader calls: an older PDFium without them leaves files to pdfminer.
PDFIUM_FUNCTIONS = (
    "FPDFText_HasUnicodeMapError",
    "FPDFText_IsGenerated",
    "FPDFText_GetLooseCharBox",
    "FPDFText_GetMatrix",
    "FPDFText_GetTextObject",
    "FPDFTextObj_GetFont",
    "FPDFFont_GetDescent",
    "FPDFPath_GetDrawMode",
    "FPDFFont_GetIsEmbedded",
    "FPDFFont_GetGlyphPath",
    "FPDFGlyphPath_CountGlyphSegments",
)

Matrix = tuple[float, ...]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# PDFium adds at most a space or a line break (two characters) per character it reads.
_MAX_PAGE_CHARACTERS = 3 * MAX_PAGE_GLYPHS
_MAYBE_GENERATED = frozenset(" \r\n")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Unopenable(Exception):
    """PDFium cannot open the file (damage it does not repair, an unknown security handler…), sees
    another document in it than pdfminer does, or would read it otherwise on another machine (see
    ``_Placer.check_drawable``)."""


def compose(first: Matrix, then: Matrix) -> Matrix:
    """The transformation applying ``first``, then ``then``."""
    a, b, c, d, e, f = first
    p, q, r, s, t, u = then
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


@contextlib.contextmanager
def _opened(data: bytes) -> Iterator[Any]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:  # pdfminer, which opened it, says what it makes of it
        raise Unopenable(str(exc)) from None
    try:
        yield document
    finally:
        document.close()


def read_pages(data: bytes, ctms: list[Matrix]) -> list[Page]:
    """Every page's glyphs, segments and images; ``ctms`` are the pages' starting transformations
    (from the survey): a file whose page count PDFium sees otherwise is ``Unopenable``."""
    import pypdfium2.raw as pdfium_c

    with _opened(data) as document:
        count = pdfium_c.FPDF_GetPageCount(document.raw)
        check_page_number(count)
        if count != len(ctms):
            raise Unopenable(f"PDFium sees {count} pages, pdfminer {len(ctms)}")
        pages: list[Page] = []
        glyphs = 0
        for index, ctm in enumerate(ctms):
            pages.append(_read_page(document.raw, index, ctm))
            glyphs += len(pages[-1].glyphs)
            check_glyph_total(glyphs)
        return pages


def _read_page(document: Any, index: int, ctm: Matrix) -> Page:
    import pypdfium2.raw as pdfium_c

    handle = pdfium_c.FPDF_LoadPage(document, index)
    if not handle:
        raise Unopenable(f"PDFium cannot load page {index + 1}")
    try:
        segments, images = _paths_and_images(handle, ctm)
        text_page = pdfium_c.FPDFText_LoadPage(handle)
        if not text_page:
            raise Unopenable(f"PDFium cannot read the text of page {index + 1}")
        try:
            glyphs, turn = _glyphs(text_page, ctm)
        finally:
            pdfium_c.FPDFText_ClosePage(text_page)
    finally:
        pdfium_c.FPDF_ClosePage(handle)
    return Page(index + 1, glyphs, segments, images, turn)


# --------------------------------------------------------------------------- glyphs


def _glyphs(text_page: Any, ctm: Matrix) -> tuple[list[Glyph], int]:
    """The page's glyphs and the turn of most of them (``Page.turn``); a glyph whose font has no
    Unicode mapping for it is unreadable (PDFium would give the glyph code's guess)."""
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(text_page)
    if count > _MAX_PAGE_CHARACTERS:
        raise too_many("个字符", "characters", MAX_PAGE_GLYPHS)
    place = _Placer(text_page, ctm)
    glyphs: list[Glyph] = []
    turns: Counter[int] = Counter()  # glyphs not upright, by turn
    for i, text in enumerate(_texts(text_page, count)):
        if text in _MAYBE_GENERATED and pdfium_c.FPDFText_IsGenerated(text_page, i):
            continue
        if not text or pdfium_c.FPDFText_HasUnicodeMapError(text_page, i):
            text = UNMAPPED
        glyph = place.glyph(fold_radicals(text), i)
        if is_placed(glyph):
            glyphs.append(glyph)
            if place.turn:
                turns[place.turn] += 1
            if len(glyphs) > MAX_PAGE_GLYPHS:
                raise too_many("个字符", "characters", MAX_PAGE_GLYPHS)
    return glyphs, turn_of(turns, len(glyphs))


def _texts(text_page: Any, count: int) -> list[str]:
    """Each character's text: all in one call when each is one UTF-16 unit, else one at a time."""
    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * (2 * count + 2))()
    written = pdfium_c.FPDFText_GetText(text_page, 0, count, buffer)
    units = bytes(buffer)[: 2 * max(written - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(units) == count and not _SURROGATE.search(units):
        return ["" if ch == "\0" else ch for ch in units]
    codes = [pdfium_c.FPDFText_GetUnicode(text_page, i) for i in range(count)]
    return [chr(code) if 0 < code < 0x110000 else "" for code in codes]


class _Run(NamedTuple):
    """What the glyphs of one text object (one string) share."""

    upright: bool  # upright on an upright page
    turn: int  # the quarter turn its text runs at on the page (collect.quarter)
    size: float  # font size times the text matrix's vertical scale
    baseline: float
    descent: float  # per unit of size, at most 0
    borrowed: int | None  # a font the file does not embed, until this machine is seen to draw it


class _Placer:
    """Glyph boxes in pdfminer's terms, from a character's origin, advance and font.

    Horizontal text runs from the origin by the advance (the width of PDFium's loose box), and from
    the font's descent below the baseline one font size up. Vertical text (a CJK font written top
    to bottom; PDFium's loose box is no use there) is the square of one font size above the origin.
    """

    def __init__(self, text_page: Any, ctm: Matrix) -> None:
        import pypdfium2.raw as pdfium_c

        self.c = pdfium_c
        self.text_page = text_page
        self.ctm = ctm
        self.upright_page = ctm[:4] == _IDENTITY[:4]
        self.box, self.matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.runs: dict[int | None, _Run] = {}
        self.drawable: set[int] = set()  # fonts not embedded that this machine was seen to draw
        self.turn = 0  # the turn of the last glyph placed (Page.turn)

    def _run(self, i: int) -> _Run:
        """The text object character ``i`` belongs to, looked at once."""
        c = self.c
        obj = c.FPDFText_GetTextObject(self.text_page, i)
        key = ctypes.c_void_p.from_buffer(obj).value if obj else None
        found = self.runs.get(key)
        if found is None:
            m, descent = self.matrix, ctypes.c_float()
            c.FPDFText_GetMatrix(self.text_page, i, m)
            font = c.FPDFTextObj_GetFont(obj) if obj else None
            if not (font and c.FPDFFont_GetDescent(font, 1.0, descent)):
                descent.value = 0.0
            upright = self.upright_page and m.b == 0 and m.c == 0 and m.a > 0 and m.d > 0
            size = c.FPDFText_GetFontSize(self.text_page, i) * m.d
            borrowed = None
            if font and not c.FPDFFont_GetIsEmbedded(font):
                borrowed = ctypes.c_void_p.from_buffer(font).value
            a, b = m.a * self.ctm[0] + m.b * self.ctm[2], m.a * self.ctm[1] + m.b * self.ctm[3]
            baseline, low = m.f + self.ctm[5], min(descent.value, 0.0)
            found = self.runs[key] = _Run(upright, quarter(a, b), size, baseline, low, borrowed)
        return found

    def check_drawable(self, font_key: int, text: str, i: int) -> None:
        """A font the file does not embed is drawn, and its glyphs measured, with a font of this
        machine; where the machine has none that draws it (a server without Chinese fonts), PDFium
        drops and misplaces characters, so the file is left to pdfminer, which reads the same on
        every machine. One glyph the machine draws clears the font for the page."""
        if font_key in self.drawable or text.isspace():
            return
        c = self.c
        font = c.FPDFTextObj_GetFont(c.FPDFText_GetTextObject(self.text_page, i))
        path = c.FPDFFont_GetGlyphPath(font, ord(text[0]), 1.0)
        if not path or c.FPDFGlyphPath_CountGlyphSegments(path) <= 0:
            raise Unopenable("a font the file does not embed, which no font of this machine draws")
        self.drawable.add(font_key)

    def glyph(self, text: str, i: int) -> Glyph:
        box = self.box
        self.c.FPDFText_GetLooseCharBox(self.text_page, i, box)
        run = self._run(i)
        self.turn = 0 if run.upright else run.turn
        if run.borrowed is not None:
            self.check_drawable(run.borrowed, text, i)
        if run.upright:
            size, e, advance = run.size, self.ctm[4], box.right - box.left
            if advance > 2 * size:  # vertical writing: the glyphs of a string do not share a baseline
                self.c.FPDFText_GetCharOrigin(self.text_page, i, self.x, self.y)
                x, y = self.x.value + e, self.y.value + self.ctm[5]
                return Glyph(text, x, y, x + size, y + size, size)
            x, low = box.left + e, run.baseline + run.descent * size
            return Glyph(text, x, low, x + advance, low + size, size)
        corners = [_apply(self.ctm, px, py) for px in (box.left, box.right) for py in (box.bottom, box.top)]
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        return Glyph(text, min(xs), min(ys), max(xs), max(ys), max(ys) - min(ys))


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


# --------------------------------------------------------------------------- paths and images


class _PathReader:
    """Walks a page's objects, Form XObjects included, collecting ruling segments and images."""

    def __init__(self) -> None:
        import pypdfium2.raw as pdfium_c

        self.c = pdfium_c
        self.segments: list[Segment] = []
        self.images: list[Box] = []
        self.meter = Meter()
        self._matrix = pdfium_c.FS_MATRIX()
        self._x, self._y = ctypes.c_float(), ctypes.c_float()
        self._fill, self._stroke = ctypes.c_int(), ctypes.c_int()

    def walk(self, parent: Any, form: bool, outer: Matrix) -> None:
        """The objects of a page (or of a Form XObject when ``form``), drawn through ``outer``."""
        c = self.c
        count, get = (
            (c.FPDFFormObj_CountObjects(parent), c.FPDFFormObj_GetObject)
            if form
            else (c.FPDFPage_CountObjects(parent), c.FPDFPage_GetObject)
        )
        for i in range(count):
            self.meter.page_object()
            obj = get(parent, i)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_PATH:
                self._path(obj, outer)
            elif kind == c.FPDF_PAGEOBJ_IMAGE:
                if len(self.images) < MAX_PAGE_IMAGES:
                    self.images.append(unit_square_box(compose(self._own_matrix(obj), outer)))
            elif kind == c.FPDF_PAGEOBJ_FORM:
                self.walk(obj, True, compose(self._own_matrix(obj), outer))

    def _own_matrix(self, obj: Any) -> Matrix:
        m = self._matrix
        if not self.c.FPDFPageObj_GetMatrix(obj, m):
            return _IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def _path(self, obj: Any, outer: Matrix) -> None:
        c = self.c
        count = c.FPDFPath_CountSegments(obj)
        if count > MAX_PAGE_SEGMENTS:
            raise too_many("条线段", "path segments", MAX_PAGE_SEGMENTS)
        if count < 2 or not c.FPDFPath_GetDrawMode(obj, self._fill, self._stroke):
            return
        stroke, fill = bool(self._stroke.value), self._fill.value != 0
        if not (stroke or fill):
            return
        matrix = compose(self._own_matrix(obj), outer)
        self.segments.extend(path_segments(self._operations(obj, count), matrix, stroke, fill))
        if len(self.segments) > MAX_PAGE_SEGMENTS:
            raise too_many("条线段", "path segments", MAX_PAGE_SEGMENTS)

    def _operations(self, obj: Any, count: int) -> list[tuple[Any, ...]]:
        """The path as pdfminer's path operations (m, l, c, h)."""
        c = self.c
        ops: list[tuple[Any, ...]] = []
        curve: list[float] = []
        start = (0.0, 0.0)
        for i in range(count):
            segment = c.FPDFPath_GetPathSegment(obj, i)
            c.FPDFPathSegment_GetPoint(segment, self._x, self._y)
            point = (self._x.value, self._y.value)
            kind = c.FPDFPathSegment_GetType(segment)
            if kind == c.FPDF_SEGMENT_MOVETO:
                ops.append(("m", *point))
                start = point
            elif kind == c.FPDF_SEGMENT_BEZIERTO:
                curve.extend(point)
                if len(curve) == 6:
                    ops.append(("c", *curve))
                    curve = []
            else:
                ops.append(("l", *point))
            # PDFium marks the point a subpath closes on; pdfminer's h draws back to the start
            if c.FPDFPathSegment_GetClose(segment) and point != start:
                ops.append(("h",))
        return ops


def _paths_and_images(page: Any, ctm: Matrix) -> tuple[list[Segment], list[Box]]:
    reader = _PathReader()
    reader.walk(page, False, ctm)
    return reader.segments, reader.images
