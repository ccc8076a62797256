"""Bounds on pdfminer's work, for PDFs built to hurt.

pdfminer.six trusts the file: it inflates a stream whatever its size (a 1 MB flate bomb becomes
2 GB), follows a chain of references that points at itself forever, lexes a long string by
appending 4 KB pieces to it (quadratic: a 30 MB string takes minutes), and interprets as many
operators as a page holds. While ``bounded()`` is active, pdfminer runs quietly (its warnings about
a damaged file would flood the terminal) and with:

* streams decoded by bounded filters: at most ``MAX_STREAM`` bytes per stream and
  ``MAX_DECODED`` for the whole document (flate, LZW, run-length and ASCII85, the last in linear
  time; damaged flate data keeps what inflated, without pdfminer's byte-at-a-time recovery);
* references followed at most ``MAX_HOPS`` times before the object counts as missing;
* the lexer reading 4 KB after a seek and twice as much at each read that goes on from the last
  one, up to 1 MB, so that long tokens grow in a few large pieces while an object lookup does not
  copy a megabyte of the file;
* at most ``MAX_PAGE_OBJECTS`` operators and operands per page, Form XObjects included, and at
  most ``MAX_PAGE_CONTENT`` bytes of content per page (``MAX_CONTENT`` per document) to lex;
* fonts naming at most ``MAX_FONT_CODES`` codes in all (width ranges, ToUnicode ranges, TrueType
  cmap groups: pdfminer walks every code of a range, and ``/W [0 4000000000 500]`` is a few bytes)
  and lexing at most ``MAX_FONT_TOKENS`` tokens of CMaps and font programs (some 20,000 a second).

Going over a cap raises ``TooLarge``, which the reader reports as one GK002 naming the cap. The
patches are undone when the block ends: pdfminer used elsewhere in the process is untouched.
"""

from __future__ import annotations

import contextlib
import io
import logging
import zlib
from collections.abc import Callable, Iterator
from typing import Any

MIB = 1 << 20
MAX_STREAM = 64 * MIB  # a report's largest stream (an embedded font) is a few MB
MAX_DECODED = 256 * MIB
MAX_HOPS = 32
MAX_PAGE_OBJECTS = 100_000  # a dense page of a real report has some 12,000
# pdfminer lexes content byte by byte where it finds no token (a run of NULs): some 1 MB a second.
# A real report's page has 5-50 KB of content.
MAX_PAGE_CONTENT = 4 * MIB
MAX_CONTENT = 12 * MIB
LEXER_CHUNK = MIB
FIRST_READ = 4096  # pdfminer's own read size
MAX_FONT_CODES = 1_000_000  # a CJK font maps up to 65,536 codes; a report embeds a handful of fonts
MAX_FONT_TOKENS = 250_000  # a subset font's ToUnicode map has a few thousand entries, two tokens each


class TooLarge(Exception):
    """A cap was reached; ``message`` and ``message_en`` say which."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


class Meter:
    """What the document has cost so far."""

    def __init__(self) -> None:
        self.decoded = 0
        self.page_objects = 0
        self.page_content = 0
        self.content = 0
        self.font_codes = 0
        self.font_tokens = 0

    def new_page(self) -> None:
        self.page_objects = self.page_content = 0

    def content_bytes(self, size: int) -> None:
        """Content streams about to be interpreted (Form XObjects each time they are drawn)."""
        self.page_content += size
        self.content += size
        if self.page_content > MAX_PAGE_CONTENT or self.content > MAX_CONTENT:
            limit, where, where_en = (
                (MAX_PAGE_CONTENT, "PDF 的一页", "a page of the PDF")
                if self.page_content > MAX_PAGE_CONTENT
                else (MAX_CONTENT, "PDF", "the PDF")
            )
            raise TooLarge(
                f"{where}的绘制内容超过 {limit // MIB} MB，远超任何年度报告，拒绝读取",
                f"{where_en} holds more than {limit // MIB} MB of drawing content, "
                "far beyond any annual report; refused",
            )

    def stream_size(self, size: int) -> None:
        if size > MAX_STREAM:
            raise TooLarge(
                f"PDF 中有数据流解压后超过 {MAX_STREAM // MIB} MB（疑为压缩炸弹），拒绝读取",
                f"a stream of the PDF inflates past {MAX_STREAM // MIB} MB (a decompression bomb?); refused",
            )

    def decoded_bytes(self, size: int) -> None:
        self.stream_size(size)
        self.decoded += size
        if self.decoded > MAX_DECODED:
            raise TooLarge(
                f"PDF 的数据流解压后合计超过 {MAX_DECODED // MIB} MB，拒绝读取",
                f"the PDF's streams inflate past {MAX_DECODED // MIB} MB in all; refused",
            )

    def page_object(self) -> None:
        self.page_objects += 1
        if self.page_objects > MAX_PAGE_OBJECTS:
            raise TooLarge(
                f"PDF 页面的绘制指令超过 {MAX_PAGE_OBJECTS} 条，远超任何年度报告，拒绝读取",
                f"a page of the PDF holds more than {MAX_PAGE_OBJECTS} drawing operations, "
                "far beyond any annual report; refused",
            )

    def font_code(self, count: int = 1) -> None:
        self.font_codes += count
        if self.font_codes > MAX_FONT_CODES:
            raise _font_tables_too_large(f"{MAX_FONT_CODES} 个编码", f"{MAX_FONT_CODES} codes")

    def font_token(self) -> None:
        self.font_tokens += 1
        if self.font_tokens > MAX_FONT_TOKENS:
            raise _font_tables_too_large(f"{MAX_FONT_TOKENS} 个记号", f"{MAX_FONT_TOKENS} tokens")


def _font_tables_too_large(what: str, what_en: str) -> TooLarge:
    return TooLarge(
        f"PDF 的字体表（字宽、字符映射）超过 {what}，远超任何年度报告，拒绝读取",
        f"the PDF's font tables (widths, character maps) hold more than {what_en}, "
        "far beyond any annual report; refused",
    )


# --------------------------------------------------------------------------- bounded filters


def inflate(data: bytes, meter: Meter) -> bytes:
    """zlib data, at most ``MAX_STREAM`` bytes of it; damaged data gives what inflated before the damage."""
    inflater = zlib.decompressobj()
    out = bytearray()
    pending = data
    try:
        while pending and not inflater.eof:
            out += inflater.decompress(pending, MAX_STREAM + 1 - len(out))
            meter.stream_size(len(out))
            pending = inflater.unconsumed_tail
        if not inflater.eof:
            out += inflater.flush(MAX_STREAM + 1 - len(out))
    except zlib.error:
        pass  # a damaged or truncated stream: keep what inflated, as PDF viewers do
    meter.decoded_bytes(len(out))
    return bytes(out)


def lzw(data: bytes, meter: Meter) -> bytes:
    from pdfminer.lzw import CorruptDataError, LZWDecoder

    decoder = LZWDecoder(io.BytesIO(data))
    out = bytearray()
    while True:
        try:
            code = decoder.readbits(decoder.nbits)
            out += decoder.feed(code)
        except (EOFError, CorruptDataError):
            break
        meter.stream_size(len(out))
    meter.decoded_bytes(len(out))
    return bytes(out)


def run_length(data: bytes, meter: Meter) -> bytes:
    """PDF RunLengthDecode: a length byte, then 1-128 bytes to copy or one byte to repeat 2-128 times."""
    out = bytearray()
    i = 0
    while i < len(data):
        length = data[i]
        if length == 128:
            break
        if length < 128:
            out += data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            out += data[i + 1 : i + 2] * (257 - length)
            i += 2
        meter.stream_size(len(out))
    meter.decoded_bytes(len(out))
    return bytes(out)


def ascii85(data: bytes, meter: Meter) -> bytes:
    """pdfminer's ASCII85 filter in linear time: it strips ``<~`` and ``~>`` with regular expressions
    that take quadratic time on a long run of white space (a 60 KB stream took seconds)."""
    import base64

    meter.stream_size(len(data) * 4 // 5)
    text = data.strip()
    head = text[1:].lstrip() if text.startswith(b"<") else text
    if head.startswith(b"~"):
        text = head[1:].lstrip()
    tail = text[:-1].rstrip() if text.endswith(b">") else text
    if tail.endswith(b"~"):
        text = tail[:-1].rstrip()
    out = base64.a85decode(text)
    meter.decoded_bytes(len(out))
    return out


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside ``pdfminer.pdftypes``."""

    error = zlib.error

    def __init__(self, meter: Meter) -> None:
        self.meter = meter

    def decompress(self, data: bytes) -> bytes:
        return inflate(data, self.meter)

    def decompressobj(self, *args: Any, **kwargs: Any) -> Any:
        return zlib.decompressobj(*args, **kwargs)


# --------------------------------------------------------------------------- the patches


def bounded_resolve(not_found: type[Exception], reference: type) -> Any:
    """``PDFObjRef.resolve`` (``not_found`` is pdfminer's ``PDFObjectNotFound``, ``reference`` its
    ``PDFObjRef``) that gives up on a chain of references that never reaches an object; the classes
    are bound once, not imported at every call (this runs for every reference pdfminer follows)."""

    def resolve(self: Any, default: object = None) -> Any:
        current: Any = self
        for _ in range(MAX_HOPS):
            try:
                current = current.doc.getobj(current.objid)
            except not_found:
                return default
            if not isinstance(current, reference):
                return current
        return default  # a reference loop: as if the object were missing

    return resolve


# Takes any arguments and does nothing with them, in C: "".format formats none of them into "".
_IGNORE: Callable[..., object] = "".format


class _QuietDebug:
    """A pdfminer module's logger whose ``debug`` does nothing: pdfminer logs every token and
    operator at DEBUG, which costs a call chain each even when nobody listens. Everything else goes
    to the logger itself. ``debug`` is a builtin, not a Python function: some 45,000 calls a file
    cost no Python frame each."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger
        self.debug = _IGNORE

    def __getattr__(self, name: str) -> Any:
        return getattr(self.logger, name)


QUIET_DEBUG = True  # False leaves pdfminer's debug calls as they are (the benchmark measures both)
_LOGGING_MODULES = ("cmapdb", "pdfdocument", "pdffont", "pdfinterp", "pdfpage", "pdfparser", "psparser")


def quiet_debug_patches() -> list[tuple[Any, str, Any]]:
    """(module, name, stand-in) for each pdfminer module logger not enabled for DEBUG, checked
    when the block starts: a logger someone turned DEBUG on for keeps logging every call."""
    import importlib

    patches: list[tuple[Any, str, Any]] = []
    for name in _LOGGING_MODULES:
        module = importlib.import_module(f"pdfminer.{name}")
        logger = getattr(module, "log", None)
        if isinstance(logger, logging.Logger) and not logger.isEnabledFor(logging.DEBUG):
            patches.append((module, "log", _QuietDebug(logger)))
    return patches


def growing_reads(eof: type[Exception]) -> Any:
    """pdfminer's ``PSBaseParser.fillbuf`` (``eof`` is its ``PSEOF``), reading ``FIRST_READ`` bytes
    after a seek and twice as much as last time when it reads on (up to ``BUFSIZ``): a long token or
    line costs linear time, and looking an object up reads a few KB, not the next megabyte."""

    def fillbuf(self: Any) -> bool:
        if self.charpos < len(self.buf):
            return False  # called for every token: nothing more before this
        pos = self.fp.tell()
        size = 2 * len(self.buf) if pos == self.bufpos + len(self.buf) else 0
        self.bufpos = pos
        self.buf = self.fp.read(min(max(size, FIRST_READ), self.BUFSIZ))
        if not self.buf:
            raise eof("Unexpected EOF")
        self.charpos = 0
        return False

    return fillbuf


@contextlib.contextmanager
def bounded(meter: Meter) -> Iterator[None]:
    """pdfminer with the caps above, for the duration of the block."""
    from pdfminer import pdfinterp, pdftypes, psparser

    from gklint.readers.pdf.fontcaps import font_patches

    class CountingContentParser(pdfinterp.PDFContentParser):
        def __init__(self, streams: Any) -> None:
            meter.content_bytes(sum(len(pdftypes.stream_value(s).get_data()) for s in streams))
            super().__init__(streams)

        def flush(self) -> None:
            """``PDFContentParser.flush`` counting the operators and operands it hands on: every
            object the interpreter gets passes here once, and counting here costs no call of its own
            (this runs for every operator and operand of every page)."""
            objects = self.curstack  # popall() inlined
            self.curstack = []
            meter.page_objects += len(objects)
            if meter.page_objects > MAX_PAGE_OBJECTS:
                meter.page_object()
            self.add_results(*objects)

    patches: list[tuple[Any, str, Any]] = [
        *font_patches(meter),
        (pdftypes, "zlib", _BoundedZlib(meter)),
        (pdftypes, "lzwdecode", lambda data: lzw(data, meter)),
        (pdftypes, "rldecode", lambda data: run_length(data, meter)),
        (pdftypes, "ascii85decode", lambda data: ascii85(data, meter)),
        (pdftypes.PDFObjRef, "resolve", bounded_resolve(pdftypes.PDFObjectNotFound, pdftypes.PDFObjRef)),
        (pdfinterp, "PDFContentParser", CountingContentParser),
        (psparser.PSBaseParser, "BUFSIZ", LEXER_CHUNK),
        (psparser.PSBaseParser, "fillbuf", growing_reads(psparser.PSEOF)),
    ]
    log = logging.getLogger("pdfminer")
    level = log.level
    saved: list[tuple[Any, str, Any]] = []
    try:
        log.setLevel(logging.CRITICAL)  # its complaints about a damaged file are ours to report, once
        for owner, name, value in [*patches, *(quiet_debug_patches() if QUIET_DEBUG else [])]:
            saved.append((owner, name, getattr(owner, name)))
            setattr(owner, name, value)
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
        log.setLevel(level)
