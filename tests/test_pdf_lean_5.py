"""The PDF reader's lean paths: what each shortcut over pdfminer's plain interpreter must keep.

* the collector renders horizontal strings itself (``render_char`` and ``translate_matrix``
  inlined, a font's glyph text and widths looked up once): the same glyphs as pdfminer's own
  ``render_string`` calling ``render_char`` for every text state a page can set;
* pdfminer's lexer under the guard reads 4 KB after a seek and twice as much as it reads on: the
  same tokens as pdfminer's own reads, and a long token in a few reads;
* pdfminer's per-token debug calls are quieted only where nobody listens: a logger set to DEBUG
  still gets every record, and every pdfminer logger is back when the read ends;
* lines and grid cells come from fewer passes: the same as the plain algorithm on random glyphs.

Real reports are read from ../shared when it is there.
"""

from __future__ import annotations

import io
import logging
import random
from collections.abc import Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any

import pytest

from gklint.plugin import is_cjk_char
from gklint.readers.pdf.collect import Glyph, _collector_class, open_document
from gklint.readers.pdf.guard import FIRST_READ, LEXER_CHUNK, Meter, bounded
from gklint.readers.pdf.layout import _place
from gklint.readers.pdf.lines import Line, lines_of
from gklint.readers.pdf.ruled import ruled_grids
from tests.fuzz.pdfmake import FONT, pdf, stream
from tests.test_pdf_lean_6 import plain_place

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# A CID font without a Unicode map: written top to bottom (Identity-V) or left to right (Identity-H).
CID_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-%s /DescendantFonts [<< /Type /Font"
    b" /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity)"
    b" /Supplement 0 >> /W [1 [500 600] 32 [250]] >>] >>"
)


def one_page(content: bytes) -> bytes:
    """A page with Helvetica as /F1, a vertical CID font as /F2 and a horizontal one as /F3."""
    resources = b"/Font << /F1 4 0 R /F2 %s /F3 %s >>" % (CID_FONT % b"V", CID_FONT % b"H")
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 5 0 R /Resources << %s >> >>" % resources,
            FONT,
            stream(content),
        ]
    )


TEXT_STATES = {
    "spacing": b"BT /F1 12 Tf 2 Tc 5 Tw 80 Tz 3 Ts 40 700 Td (Hello world, a b  c) Tj ET",
    "offsets": b"BT /F1 11 Tf 14 TL 40 650 Td [(A) -250 (B) 120 (C D) 1000 (E)] TJ T* (next line) Tj ET",
    "rotated": b"BT /F1 10 Tf 0 1 -1 0 300 300 Tm (Rotated text) Tj ET",
    "mirrored": b"BT /F1 10 Tf -1 0 0 1 500 100 Tm (Mirror) Tj ET",
    "scaled": b"BT /F1 10 Tf 2 0 0 3 50 50 Tm 1.5 Tc (Scaled) Tj ET",
    "far away": b"BT /F1 10 Tf 1 0 0 1 50000000 10 Tm (far) Tj 1 0 0 1 40 40 Tm (near) Tj ET",
    "vertical": b"BT /F2 12 Tf 4 Tc 300 700 Td <00010002000100200002> Tj [<0001> -300 <0002>] TJ ET",
    "multibyte": b"BT /F3 12 Tf 6 Tw 2 Tc 40 500 Td <0001002000020020> Tj ET",
    "in a form of the page": b"q 0.5 0 0 0.5 100 100 cm BT /F1 20 Tf 10 10 Td (Half size) Tj ET Q",
}


def glyphs_by_page(data: bytes, plain: bool) -> list[list[Glyph]]:
    """Every page's glyphs as the collector keeps them; with ``plain``, through pdfminer's own
    ``render_string`` and the collector's ``render_char`` (the path the shortcut replaces)."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    collector = _collector_class()
    device_class = type("PlainCollector", (collector,), {"render_string": PDFTextDevice.render_string})
    pages = []
    with bounded(Meter()):
        resources = PDFResourceManager(caching=True)
        device = (device_class if plain else collector)(resources)
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.create_pages(open_document(data)):
            device.start()
            interpreter.process_page(page)
            pages.append(device.glyphs)
    return pages


@pytest.mark.parametrize("name", sorted(TEXT_STATES))
def test_the_collector_keeps_the_glyphs_pdfminer_renders_for_every_text_state(name: str) -> None:
    data = one_page(TEXT_STATES[name])
    plain = glyphs_by_page(data, plain=True)
    assert plain[0], "the page draws text"
    assert glyphs_by_page(data, plain=False) == plain


def real_pdfs() -> Iterator[Path]:
    yield from (p for p in sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")) if not p.name.startswith("bad_"))
    if SHARED.is_dir():
        yield from sorted(SHARED.rglob("*.pdf"))


@pytest.mark.parametrize("path", list(real_pdfs()), ids=attrgetter("name"))
def test_the_collector_keeps_the_glyphs_pdfminer_renders_on_real_pdfs(path: Path) -> None:
    data = path.read_bytes()
    assert glyphs_by_page(data, plain=False) == glyphs_by_page(data, plain=True)


# --------------------------------------------------------------------------- the lexer's reads


class ReadSizes(io.BytesIO):
    """A file that notes how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.sizes: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.sizes.append(-1 if size is None else size)
        return super().read(size)


def tokens(data: bytes, guarded: bool, seeks: tuple[int, ...] = ()) -> list[tuple[int, Any]]:
    """(position, token) of every token of ``data``, and again from each of ``seeks``."""
    from pdfminer.psparser import PSEOF, PSBaseParser

    def lex() -> list[tuple[int, Any]]:
        parser = PSBaseParser(io.BytesIO(data))
        out: list[tuple[int, Any]] = []
        for start in (0, *seeks):
            parser.seek(start)
            while True:
                try:
                    out.append(parser.nexttoken())
                except PSEOF:
                    break
        return out

    if not guarded:
        return lex()
    with bounded(Meter()):
        return lex()


def postscript(rng: random.Random, count: int) -> bytes:
    """Tokens of every kind, some long enough to cross several reads."""
    pieces = []
    for _ in range(count):
        kind = rng.randrange(8)
        if kind == 0:
            pieces.append(b"(" + bytes(rng.choice(b"ab c\\n()") for _ in range(rng.randrange(1, 3000))) + b")")
        elif kind == 1:
            pieces.append(
                b"<" + bytes(rng.choice(b"0123456789abcdef \n") for _ in range(rng.randrange(1, 3000))) + b">"
            )
        elif kind == 2:
            pieces.append(b"/N" + b"a" * rng.randrange(1, 3000))
        elif kind == 3:
            pieces.append(str(rng.uniform(-1e6, 1e6)).encode())
        elif kind == 4:
            pieces.append(b"% a comment " + b"x" * rng.randrange(0, 3000) + b"\n")
        elif kind == 5:
            pieces.append(rng.choice([b"q", b"Q", b"BT", b"ET", b"Tj", b"[", b"]", b"<<", b">>", b"{", b"}"]))
        else:
            pieces.append(str(rng.randrange(-99999, 99999)).encode())
    return b"\r\n".join(piece + rng.choice([b" ", b"\n", b"\t", b""]) for piece in pieces)


@pytest.mark.parametrize("seed", range(4))
def test_the_guarded_lexer_gives_pdfminer_s_own_tokens(seed: int) -> None:
    rng = random.Random(seed)
    data = postscript(rng, 150)
    seeks = tuple(rng.randrange(len(data)) for _ in range(5))
    assert tokens(data, guarded=True, seeks=seeks) == tokens(data, guarded=False, seeks=seeks)


def test_a_lookup_reads_a_few_kb_and_a_long_token_a_few_reads() -> None:
    from pdfminer.psparser import PSBaseParser

    size = 2 * LEXER_CHUNK
    data = b"1 0 obj (" + b"a" * size + b") endobj " + b"2 0 obj 42 endobj " * 1000
    file = ReadSizes(data)
    with bounded(Meter()):
        parser = PSBaseParser(file)
        parser.seek(len(data) - 100)
        parser.nexttoken()
        assert file.sizes[-1] == FIRST_READ
        parser.seek(0)
        lexed = [parser.nexttoken()[1] for _ in range(4)]
    assert lexed[3] == b"a" * size
    assert all(read <= LEXER_CHUNK for read in file.sizes)
    assert len(file.sizes) < 20  # 4 KB doubling to 1 MB, then 1 MB a read: not 800 reads of 4 KB


# --------------------------------------------------------------------------- pdfminer's debug log


def test_pdfminer_s_loggers_are_quieted_only_inside_the_read_and_given_back() -> None:
    from pdfminer import pdfinterp, psparser

    before = (psparser.log, pdfinterp.log, logging.getLogger("pdfminer").level)
    with bounded(Meter()):
        assert not isinstance(psparser.log, logging.Logger)
        assert psparser.log.name == "pdfminer.psparser"  # everything but debug goes to the logger
    assert (psparser.log, pdfinterp.log, logging.getLogger("pdfminer").level) == before
    assert isinstance(psparser.log, logging.Logger)


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def debug_listener() -> Iterator[Records]:
    """pdfminer's lexer and interpreter loggers turned to DEBUG, as a user debugging a file would."""
    names = ("pdfminer.psparser", "pdfminer.pdfinterp")
    handler = Records()
    saved = [(logging.getLogger(name), logging.getLogger(name).level) for name in names]
    for logger, _ in saved:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    yield handler
    for logger, level in saved:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_logger_turned_to_debug_still_gets_every_token(debug_listener: Records, monkeypatch: Any) -> None:
    from gklint.readers.pdf import PdfReader

    monkeypatch.setenv("GKLINT_PDF_ENGINE", "pdfminer")
    data = one_page(TEXT_STATES["offsets"])
    PdfReader().read("report.pdf", data)
    heard = list(debug_listener.messages)
    debug_listener.messages.clear()
    glyphs_by_page(data, plain=True)  # pdfminer's own interpreter, under the guard too
    assert any(message.startswith("nexttoken") for message in heard)
    assert any(message.startswith("exec") for message in heard)
    assert len(heard) >= len(debug_listener.messages) > 0


# --------------------------------------------------------------------------- lines and cells


def plain_lines(glyphs: list[Glyph], page: int) -> list[Line]:
    """Glyphs grouped by baseline as the reader first wrote it: one pass per step."""
    rows: list[list[Glyph]] = []
    ref = size = 0.0
    for g in sorted(glyphs, key=lambda g: -(g.y0 + g.y1)):
        mid = (g.y0 + g.y1) / 2
        if rows and abs(ref - mid) <= 0.45 * max(g.size, size):
            rows[-1].append(g)
        else:
            rows.append([g])
            ref, size = mid, g.size
    out = []
    for row in rows:
        kept: list[Glyph] = []
        for g in sorted(row, key=attrgetter("x0")):
            prev = kept[-1] if kept else None
            if (
                prev
                and g.text == prev.text
                and abs(g.x0 - prev.x0) < 0.3 * (prev.x1 - prev.x0)
                and not g.text.isspace()
            ):
                continue
            kept.append(g)
        ink = [g for g in kept if not g.text.isspace()]
        if ink:
            text = plain_text(kept)
            box = (min(g.y0 for g in ink), max(g.x1 for g in ink), max(g.y1 for g in ink), max(g.size for g in ink))
            out.append(Line(page, kept, text, ink[0].x0, *box))
    return out


def _seen(glyphs: list[Glyph]) -> list[Glyph]:
    """Less each space that follows a visible glyph with nothing visible after it, or only a glyph
    touching that one (closer than 0.15 of the larger size)."""
    out: list[Glyph] = []
    for index, g in enumerate(glyphs):
        visible_after = [later for later in glyphs[index + 1 :] if not later.text.isspace()]
        if g.text.isspace() and out and not out[-1].text.isspace():
            if not visible_after:
                continue
            nearest = visible_after[0]
            if nearest.x0 - out[-1].x1 < 0.15 * max(nearest.size, out[-1].size):
                continue
        out.append(g)
    return out


def plain_text(glyphs: list[Glyph]) -> str:
    parts: list[str] = []
    glyphs = _seen(glyphs)
    for prev, g in zip([None, *glyphs], glyphs):
        if (
            prev is not None
            and g.x0 - prev.x1 > 0.35 * max(g.size, prev.size)
            and not (g.text.isspace() or prev.text.isspace() or is_cjk_char(g.text) or is_cjk_char(prev.text[-1:]))
        ):
            parts.append(" ")
        parts.append(g.text)
    return "".join(parts)


def random_glyphs(rng: random.Random, count: int) -> list[Glyph]:
    out = []
    for _ in range(count):
        size = rng.choice([9.0, 10.5, 12.0, 16.0, rng.uniform(0.2, 20)])
        x0, y0 = rng.choice([rng.uniform(0, 500), round(rng.uniform(0, 500), 0)]), rng.uniform(0, 700)
        y0 = rng.choice([y0, round(y0 / 14) * 14])  # most glyphs share baselines
        glyph = Glyph(rng.choice("一二三ab1 ，。x"), x0, y0, x0 + size * rng.uniform(0.3, 1.0), y0 + size, size)
        out.append(glyph)
        if rng.random() < 0.1:  # drawn twice a hair apart: fake bold
            out.append(glyph._replace(x0=glyph.x0 + 0.1, x1=glyph.x1 + 0.1))
    return out


@pytest.mark.parametrize("seed", range(40))
def test_lines_come_out_as_the_plain_grouping_gives_them(seed: int) -> None:
    rng = random.Random(seed)
    glyphs = random_glyphs(rng, rng.choice([1, 2, 5, 40, 400]))
    assert lines_of(glyphs, 3) == plain_lines(glyphs, 3)


@pytest.mark.parametrize("path", list(real_pdfs()), ids=attrgetter("name"))
def test_glyphs_fall_into_the_grid_cells_the_plain_search_finds(path: Path) -> None:
    from gklint.readers.pdf.collect import extract

    pages, _ = extract(path.read_bytes())
    for page in pages:
        grids = ruled_grids(page.number, page.segments)
        assert _place(page.glyphs, grids) == plain_place(page.glyphs, grids)
