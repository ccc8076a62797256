"""Glyphs, ruling segments and images of each page, collected by a pdfminer device."""

from __future__ import annotations

import io
import itertools
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from gklint.plugin import ReadError
from gklint.readers.pdf.guard import Meter, TooLarge, bounded

UNMAPPED = "\ufffd"  # stands for a glyph whose font gives no Unicode text ("(cid:N)" in pdfminer)
_MIN_SEGMENT = 1.0
_THIN = 2.5  # a filled rectangle at most this thick is a ruling line (Word draws borders so)
_FAR = 1e6  # points: a coordinate farther from the origin (or NaN, or infinite) is on no page
# A dense page of a report holds some 3,000 glyphs and 1,000 ruling segments; a long report 40 pages.
MAX_PAGES = 1_000
MAX_PAGE_GLYPHS = 100_000
MAX_PAGE_SEGMENTS = 50_000
MAX_PAGE_IMAGES = 1_000  # past these a page's images are counted no more: it holds images, which is all that matters
MAX_GLYPHS = 1_000_000


class Glyph(NamedTuple):
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float


_new_tuple = tuple.__new__  # a Glyph made from its fields without NamedTuple's Python-level __new__


class Segment(NamedTuple):
    horizontal: bool
    at: float  # y of a horizontal segment, x of a vertical one
    lo: float
    hi: float


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 on the page


@dataclass
class Page:
    number: int
    glyphs: list[Glyph]
    segments: list[Segment]
    images: list[Box]  # where each image is painted
    turn: int = 0  # most of its text runs this many degrees anticlockwise of left to right (90, 180, 270)


def quarter(a: float, b: float) -> int:
    """The quarter turn, in degrees anticlockwise, nearest to text running in direction (a, b)."""
    if abs(a) >= abs(b):
        return 0 if a > 0 else 180
    return 90 if b > 0 else 270


def turn_of(turns: Counter[int], glyphs: int) -> int:
    """The turn of more than half of a page's ``glyphs``, counted by turn in ``turns`` (upright ones
    left out); 0 where there is none."""
    for turn, count in turns.most_common(1):
        if 2 * count > glyphs:
            return turn
    return 0


def unit_square_box(ctm: Sequence[float]) -> Box:
    """Where an image lands: PDF paints every image on the unit square, mapped by the current matrix."""
    a, b, c, d, e, f = ctm
    xs, ys = (e, e + a, e + c, e + a + c), (f, f + b, f + d, f + b + d)
    return min(xs), min(ys), max(xs), max(ys)


def path_segments(path: Sequence[tuple[Any, ...]], ctm: Sequence[float], stroke: bool, fill: bool) -> list[Segment]:
    """The axis-parallel straight segments of a painted path, in page coordinates.

    Stroked paths give their edges; a filled rectangle gives its centre line when it is thin
    (a border drawn as a rectangle) and nothing otherwise (cell shading, backgrounds).
    """
    a, b, c, d, e, f = ctm
    out: list[Segment] = []
    run: list[tuple[float, float]] = []

    def flush() -> None:
        if len(run) >= 2:
            out.extend(_polyline_segments(run, stroke, fill))

    for op in path:
        kind = op[0]
        if kind in ("m", "l") and len(op) >= 3:
            x, y = float(op[1]), float(op[2])
            point = (a * x + c * y + e, b * x + d * y + f)
            if not (-_FAR < point[0] < _FAR and -_FAR < point[1] < _FAR):
                flush()
                run = []
            elif kind == "m":
                flush()
                run = [point]
            else:
                run.append(point)
        elif kind == "h" and run:
            run.append(run[0])
        elif len(op) >= 3:  # a curve: not a ruling line; start afresh at its end point
            flush()
            x, y = float(op[-2]), float(op[-1])
            end = (a * x + c * y + e, b * x + d * y + f)
            run = [end] if -_FAR < end[0] < _FAR and -_FAR < end[1] < _FAR else []
    flush()
    return out


def _polyline_segments(points: list[tuple[float, float]], stroke: bool, fill: bool) -> list[Segment]:
    if not stroke:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        if len(points) not in (4, 5) or min(x1 - x0, y1 - y0) > _THIN:
            return []
        if x1 - x0 >= y1 - y0:
            return [Segment(True, (y0 + y1) / 2, x0, x1)] if x1 - x0 >= _MIN_SEGMENT else []
        return [Segment(False, (x0 + x1) / 2, y0, y1)] if y1 - y0 >= _MIN_SEGMENT else []
    out = []
    for (xa, ya), (xb, yb) in itertools.pairwise(points):
        if abs(ya - yb) < 0.5 and abs(xa - xb) >= _MIN_SEGMENT:
            out.append(Segment(True, (ya + yb) / 2, min(xa, xb), max(xa, xb)))
        elif abs(xa - xb) < 0.5 and abs(ya - yb) >= _MIN_SEGMENT:
            out.append(Segment(False, (xa + xb) / 2, min(ya, yb), max(ya, yb)))
    return out


def _glyph_box(
    matrix: Sequence[float], font: Any, fontsize: float, rise: float, cid: int, adv: float
) -> tuple[float, float, float, float, float]:
    """(x0, y0, x1, y1, size) of a glyph, as pdfminer's LTChar computes it."""
    a, b, c, d, e, f = matrix
    vertical = font.is_vertical()
    if vertical:
        vx, vy = font.char_disp(cid)
        vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
        vy = (1000 - vy) * fontsize * 0.001
        box = (-vx, vy + rise + adv, -vx + fontsize, vy + rise)
    else:
        descent = font.get_descent() * fontsize
        box = (0.0, descent + rise, adv, descent + rise + fontsize)
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return x0, y0, x1, y1, (x1 - x0) if vertical else (y1 - y0)


def fold_radicals(text: str) -> str:
    """A Kangxi radical from a sloppy ToUnicode map read as its ideograph: 一 not ⼀."""
    return unicodedata.normalize("NFKC", text) if "\u2f00" <= text[:1] <= "\u2fdf" else text


def is_placed(glyph: Glyph) -> bool:
    """False for a glyph with a coordinate that is on no page (far away, infinite or NaN)."""
    return -_FAR < glyph.x0 < _FAR and -_FAR < glyph.y0 < _FAR and -_FAR < glyph.x1 < _FAR and -_FAR < glyph.y1 < _FAR


def page_ctm(mediabox: Sequence[float], rotate: int) -> tuple[float, ...]:
    """The transformation pdfminer starts a page with: the media box's corner to the origin, and
    the page's /Rotate turned back."""
    x0, y0, x1, y1 = mediabox
    if rotate == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotate == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotate == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


@cache
def _collector_class() -> type:
    """The pdfminer device that collects glyphs, ruling segments and images (built on first use,
    because pdfminer is imported lazily)."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import mult_matrix

    def glyph_text(font: Any, cid: int) -> str:
        try:
            text: str = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            return UNMAPPED
        return fold_radicals(text) if "\u2f00" <= text[:1] <= "\u2fdf" else text

    class Collector(PDFTextDevice):
        def __init__(self, resources: Any) -> None:
            super().__init__(resources)
            self.metrics: dict[Any, tuple[bool, float]] = {}  # font -> (vertical, descent): fixed per font
            # font -> (cid -> text, cid -> width): each glyph of a font looked up once per document
            self.lookups: dict[Any, tuple[dict[int, str], dict[int, float]]] = {}

        def start(self) -> None:
            self.glyphs: list[Glyph] = []
            self.segments: list[Segment] = []
            self.images: list[Box] = []
            self.turns: Counter[int] = Counter()  # glyphs not upright, by turn

        def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
            """pdfminer's ``PDFTextDevice.render_string`` for horizontal text, with ``render_char``
            and ``translate_matrix`` inlined and each glyph's text and width looked up once per font;
            vertical text goes glyph by glyph through ``render_char``."""
            font = textstate.font
            if font is None or self.ctm is None or font.is_vertical():
                return super().render_string(textstate, seq, ncs, graphicstate)
            # in pdfminer's order, so that a damaged text state fails with the same error
            matrix = mult_matrix(textstate.matrix, self.ctm)
            fontsize = textstate.fontsize
            scaling = textstate.scaling * 0.01
            charspace = textstate.charspace * scaling
            wordspace = textstate.wordspace * scaling
            rise = textstate.rise
            if font.is_multibyte():
                wordspace = 0
            spacing = (0.001 * fontsize * scaling, scaling, charspace, wordspace, rise)
            textstate.linematrix = self.horizontal(seq, matrix, textstate.linematrix, font, fontsize, spacing)
            return None

        def horizontal(
            self, seq: Any, matrix: Any, pos: Any, font: Any, fontsize: float, spacing: tuple[float, ...]
        ) -> tuple[float, float]:
            """``render_string_horizontal``: the glyphs of ``seq`` kept, the pen position returned."""
            dxscale, scaling, charspace, wordspace, rise = spacing
            texts, widths = self.lookups.get(font) or self.lookups.setdefault(font, ({}, {}))
            metrics = self.metrics.get(font)
            if metrics is None:
                metrics = self.metrics[font] = (font.is_vertical(), font.get_descent())
            a, b, c, d, e, f = matrix
            upright = b == 0 and c == 0 and a > 0 and d > 0
            descent = metrics[1]
            glyphs = self.glyphs
            x, y = pos
            needcharspace = False
            for obj in seq:
                if isinstance(obj, (int, float)):
                    x -= obj * dxscale
                    needcharspace = True
                    continue
                if not isinstance(obj, bytes):
                    _device_log().warning(
                        "Cannot render horizontal string because %r is not a valid int, float or bytes.", obj
                    )
                    continue
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    text = texts.get(cid)
                    if text is None:
                        text = texts[cid] = glyph_text(font, cid)
                    width = widths.get(cid)
                    if width is None:
                        width = widths[cid] = font.char_width(cid)
                    adv: float = width * fontsize * scaling
                    ex, fy = x * a + y * c + e, x * b + y * d + f  # translate_matrix(matrix, (x, y))
                    if upright:
                        low = descent * fontsize + rise
                        y0, x1, y1 = d * low + fy, a * adv + ex, d * (low + fontsize) + fy
                        if -_FAR < ex < _FAR and -_FAR < y0 < _FAR and -_FAR < x1 < _FAR and -_FAR < y1 < _FAR:
                            glyphs.append(_new_tuple(Glyph, (text, ex, y0, x1, y1, d * fontsize)))
                            if len(glyphs) > MAX_PAGE_GLYPHS:
                                raise too_many("个字符", "characters", MAX_PAGE_GLYPHS)
                    elif self.keep(Glyph(text, *_glyph_box((a, b, c, d, ex, fy), font, fontsize, rise, cid, adv))):
                        self.turns[quarter(a, b)] += 1
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            return (x, y)

        def keep(self, glyph: Glyph) -> bool:
            if not is_placed(glyph):
                return False
            self.glyphs.append(glyph)
            if len(self.glyphs) > MAX_PAGE_GLYPHS:
                raise too_many("个字符", "characters", MAX_PAGE_GLYPHS)
            return True

        def render_char(
            self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, cid: int, ncs: Any, gs: Any
        ) -> float:
            text = glyph_text(font, cid)
            adv: float = font.char_width(cid) * fontsize * scaling
            a, b, c, d, e, f = matrix
            metrics = self.metrics.get(font)
            if metrics is None:
                metrics = self.metrics[font] = (font.is_vertical(), font.get_descent())
            if b == 0 and c == 0 and a > 0 and d > 0 and not metrics[0]:  # upright text: inlined for speed
                low = metrics[1] * fontsize + rise
                y0, x1, y1 = d * low + f, a * adv + e, d * (low + fontsize) + f
                if -_FAR < e < _FAR and -_FAR < y0 < _FAR and -_FAR < x1 < _FAR and -_FAR < y1 < _FAR:  # is_placed
                    self.glyphs.append(_new_tuple(Glyph, (text, e, y0, x1, y1, d * fontsize)))
                    if len(self.glyphs) > MAX_PAGE_GLYPHS:
                        raise too_many("个字符", "characters", MAX_PAGE_GLYPHS)
                return adv
            if self.keep(Glyph(text, *_glyph_box(matrix, font, fontsize, rise, cid, adv))):
                self.turns[quarter(a, b)] += 1
            return adv

        def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
            if self.ctm is None:
                return
            if len(path) > MAX_PAGE_SEGMENTS:
                raise too_many("条线段", "path segments", MAX_PAGE_SEGMENTS)
            self.segments.extend(path_segments(path, self.ctm, stroke, fill))
            if len(self.segments) > MAX_PAGE_SEGMENTS:
                raise too_many("条线段", "path segments", MAX_PAGE_SEGMENTS)

        def render_image(self, name: str, stream: Any) -> None:
            if self.ctm is not None and len(self.images) < MAX_PAGE_IMAGES:
                self.images.append(unit_square_box(self.ctm))

    return Collector


def _device_log() -> Any:
    import logging

    return logging.getLogger("pdfminer.pdfdevice")


def too_many(what: str, what_en: str, limit: int) -> TooLarge:
    return TooLarge(
        f"PDF 的一页中有超过 {limit} {what}，远超任何年度报告，拒绝读取",
        f"a page of the PDF holds more than {limit} {what_en}, far beyond any annual report; refused",
    )


def extract(data: bytes, document: Any = None) -> tuple[list[Page], dict[str, str]]:
    """Every page's glyphs, segments and images, and the document's metadata, within the caps;
    ``document`` is pdfminer's document of ``data`` when it was opened already."""
    meter = Meter()
    with bounded(meter):
        return _extract(data, meter, document)


def open_document(data: bytes) -> Any:
    """pdfminer's document of ``data`` (call inside ``bounded``); an encrypted one is a ``ReadError``."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        return PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFPasswordIncorrect:
        raise ReadError("PDF 已加密，需要密码才能打开", "the PDF is encrypted and needs a password to open") from None
    except PDFEncryptionError as exc:
        raise ReadError(
            f"PDF 已加密，无法解密：{exc}", f"the PDF is encrypted and cannot be decrypted: {exc}"
        ) from None


def check_page_number(number: int) -> None:
    if number > MAX_PAGES:
        raise TooLarge(
            f"PDF 超过 {MAX_PAGES} 页，远超任何年度报告，拒绝读取",
            f"the PDF has more than {MAX_PAGES} pages, far beyond any annual report; refused",
        )


def check_glyph_total(glyphs: int) -> None:
    if glyphs > MAX_GLYPHS:
        raise TooLarge(
            f"PDF 中的字符超过 {MAX_GLYPHS} 个，远超任何年度报告，拒绝读取",
            f"the PDF holds more than {MAX_GLYPHS} characters, far beyond any annual report; refused",
        )


def _extract(data: bytes, meter: Meter, document: Any) -> tuple[list[Page], dict[str, str]]:
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    document = open_document(data) if document is None else document
    resources = PDFResourceManager(caching=True)
    device = _collector_class()(resources)
    interpreter = PDFPageInterpreter(resources, device)
    pages: list[Page] = []
    glyphs = 0
    for number, page in enumerate(PDFPage.create_pages(document), 1):
        check_page_number(number)
        device.start()
        meter.new_page()
        interpreter.process_page(page)
        glyphs += len(device.glyphs)
        check_glyph_total(glyphs)
        turn = turn_of(device.turns, len(device.glyphs))
        pages.append(Page(number, device.glyphs, device.segments, device.images, turn))
    return pages, metadata_of(document)


def metadata_of(document: Any) -> dict[str, str]:
    """Only the producer: the Info dictionary's dates say when the file was made, not published."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral
    from pdfminer.utils import decode_text

    for info in document.info:
        value = resolve1(info.get("Producer"))
        if isinstance(value, bytes):
            value = decode_text(value)
        elif isinstance(value, PSLiteral):
            value = str(value.name)
        if isinstance(value, str) and value.strip("\x00 "):
            return {"producer": value.strip("\x00 ")}
    return {}
