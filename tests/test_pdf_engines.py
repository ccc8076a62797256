"""The two PDF engines: PDFium (pypdfium2, the ``pdfium`` extra) and pdfminer give the same documents
and the same findings at the same pages; PDFium falls back to pdfminer where its text is not
mappable; the caps of the PDF reader hold with PDFium too, and PDFium's objects are closed.

Real reports are read from ../shared when it is there; the tests that need pypdfium2 skip without it.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from gklint.model import Document, Table
from gklint.reader import ReadError
from gklint.readers.pdf import PdfReader
from gklint.readers.pdf.engine import ENGINE_VARIABLE, extract_pages, pdfium_installed
from tests.fuzz import hostile
from tests.fuzz.pdfmake import page_pdf, pdf, stream, text_page
from tests.render.pdf import render_pdf, synthetic_content

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
needs_pdfium = pytest.mark.skipif(not pdfium_installed(), reason="pypdfium2 (gklint[pdfium]) is not installed")


def pdf_files() -> list[Path]:
    """Every PDF of the repository's tests and of ../shared (real reports, when present)."""
    found = sorted((ROOT / "tests").rglob("*.pdf"))
    if SHARED.is_dir():
        found += sorted(SHARED.rglob("*.pdf"))
    return found


Choose = Callable[[str], None]


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> Choose:
    """Sets ``GKLINT_PDF_ENGINE`` for the test: ``engine("pdfium")``."""

    def choose(name: str) -> None:
        monkeypatch.setenv(ENGINE_VARIABLE, name)

    return choose


def read_with(name: str, data: bytes) -> Document | tuple[str, str]:
    previous = os.environ.get(ENGINE_VARIABLE)
    os.environ[ENGINE_VARIABLE] = name
    try:
        return PdfReader().read("report.pdf", data)
    except ReadError as exc:
        return ("refused", exc.message)
    finally:
        if previous is None:
            del os.environ[ENGINE_VARIABLE]
        else:
            os.environ[ENGINE_VARIABLE] = previous


def shape(result: Document | tuple[str, str]) -> object:
    """A document's blocks as (kind, page, text or cell texts); boxes differ by the engines' font metrics."""
    if isinstance(result, tuple):
        return result
    out: list[object] = []
    for block in result.blocks:
        if isinstance(block, Table):
            rows = tuple(tuple((cell.text, cell.merged) for cell in row) for row in block.rows)
            out.append(("table", block.location.page, rows))
        else:
            out.append(("paragraph", block.location.page, block.text))
    return (out, result.metadata)


# --------------------------------------------------------------------------- same results


@needs_pdfium
@pytest.mark.parametrize("path", pdf_files(), ids=lambda p: p.name)
def test_both_engines_read_the_same_document(path: Path) -> None:
    """``auto`` (PDFium, pdfminer where PDFium's text is not to be trusted) reads as pdfminer does."""
    data = path.read_bytes()
    assert shape(read_with("auto", data)) == shape(read_with("pdfminer", data))


def _no_cache() -> list[str]:
    """``--no-cache`` where gklint has a cache: the engine is not part of a cached result's key."""
    usage = subprocess.run(
        [sys.executable, "-m", "gklint", "check", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    return ["--no-cache"] if "--no-cache" in usage.stdout else []


def _findings(engine_name: str, paths: list[Path]) -> list[tuple[object, ...]]:
    env = {**os.environ, ENGINE_VARIABLE: engine_name}
    command = [sys.executable, "-m", "gklint", "check", *map(str, paths), "--format", "json", *_no_cache()]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode in (0, 1), result.stderr
    findings = json.loads(result.stdout)["findings"]
    return [(f["path"], f["code"], f["page"], f["message"], json.dumps(f["logical"], sort_keys=True)) for f in findings]


@needs_pdfium
def test_both_engines_give_the_same_findings_at_the_same_pages() -> None:
    paths = pdf_files()
    pdfium, pdfminer = _findings("auto", paths), _findings("pdfminer", paths)
    assert pdfium == pdfminer
    assert any(code == "GK002" for _, code, *_ in pdfium)  # the bad fixtures are among them


@needs_pdfium
def test_auto_reads_the_good_fixtures_with_pdfium(engine: Choose) -> None:
    """So that the comparisons above compare PDFium's reading, not pdfminer's twice."""
    engine("auto")
    good = [p for p in sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf")) if not p.name.startswith("bad_")]
    assert len(good) >= 4
    for path in good:
        _, metadata, used = extract_pages(path.read_bytes())
        assert used == "pdfium", path.name
        assert metadata["producer"]


# --------------------------------------------------------------------------- fallback


def type3_glyph_names_pdf(text: str, ascii_page: list[str] | None = None) -> bytes:
    """A page in a Type 3 font without a ToUnicode map whose glyph names (uniXXXX) give the text:
    PDFium reads only the character codes, pdfminer the names. With ``ascii_page``, a second page
    holds those lines in Helvetica."""
    chars = sorted(set(text))
    code = {ch: 33 + i for i, ch in enumerate(chars)}
    names = b" ".join(b"/uni%04X" % ord(ch) for ch in chars)
    procs = b" ".join(b"/uni%04X 8 0 R" % ord(ch) for ch in chars)
    string = bytes(code[ch] for ch in text).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    widths = b" ".join(b"1000" for _ in chars)
    kids = b"3 0 R 9 0 R" if ascii_page else b"3 0 R"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, 2 if ascii_page else 1),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(b"BT /F1 14 Tf 72 700 Td (" + string + b") Tj ET"),
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] "
        b"/CharProcs 6 0 R /Encoding 7 0 R /FirstChar 33 /LastChar %d /Widths [%s] >>" % (32 + len(chars), widths),
        b"<< " + procs + b" >>",
        b"<< /Type /Encoding /Differences [33 " + names + b"] >>",
        stream(b"1000 0 0 0 1000 1000 d1 100 100 800 800 re f"),
    ]
    if ascii_page:
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 10 0 R "
            b"/Resources << /Font << /F1 11 0 R >> >> >>",
            stream(text_page(ascii_page)),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    return pdf(objects)


FALLBACK_TEXT = "一、总体情况本报告根据政府信息公开条例编制"


@needs_pdfium
def test_a_font_without_a_unicode_map_is_read_through_pdfminer_under_auto(engine: Choose) -> None:
    data = type3_glyph_names_pdf(FALLBACK_TEXT)
    engine("auto")
    pages, _, used = extract_pages(data)
    assert used == "pdfminer"
    assert "".join(g.text for g in pages[0].glyphs) == FALLBACK_TEXT
    engine("pdfium")  # PDFium alone: every glyph unreadable, so the reader refuses the file
    pages, _, used = extract_pages(data)
    assert used == "pdfium" and {g.text for g in pages[0].glyphs} == {"\ufffd"}
    refused = read_with("pdfium", data)
    assert isinstance(refused, tuple) and "Unicode" in refused[1]


@needs_pdfium
def test_one_page_without_a_unicode_map_sends_the_whole_file_to_pdfminer(engine: Choose) -> None:
    data = type3_glyph_names_pdf(FALLBACK_TEXT, ascii_page=["Annual report 2023, page two"] * 40)
    engine("auto")
    pages, _, used = extract_pages(data)
    assert used == "pdfminer"
    assert "".join(g.text for g in pages[0].glyphs) == FALLBACK_TEXT


def test_pdfminer_alone_reads_the_glyph_names(engine: Choose) -> None:
    engine("pdfminer")
    pages, _, used = extract_pages(type3_glyph_names_pdf(FALLBACK_TEXT))
    assert used == "pdfminer" and "".join(g.text for g in pages[0].glyphs) == FALLBACK_TEXT


@needs_pdfium
def test_a_page_without_text_is_left_to_pdfminer(engine: Choose) -> None:
    engine("auto")
    _, _, used = extract_pages(page_pdf([b"0 0 m 100 100 l S"]))
    assert used == "pdfminer"


def test_an_unknown_engine_is_a_clear_read_error(engine: Choose) -> None:
    engine("fastest")
    with pytest.raises(ReadError) as caught:
        PdfReader().read("report.pdf", render_pdf(synthetic_content(0)))
    assert ENGINE_VARIABLE in caught.value.message and "pdfminer" in caught.value.message_en


def test_importing_the_reader_imports_neither_engine() -> None:
    engines = "{'pypdfium2', 'pdfminer'}"
    code = f"import sys, gklint.readers.pdf; print(sorted({{m.split('.')[0] for m in sys.modules}} & {engines}))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------- caps


def _hostile(name: str, scale: float) -> bytes:
    return hostile.MAKERS[name](random.Random(0), scale)[1]


def _deflated_zeros(size: int) -> bytes:
    """``size`` bytes of zeros, deflated in a moment (see ``tests.fuzz.pdfmake.flate_bomb``)."""
    packer = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    return first + again * ((size >> 20) - 1) + packer.flush()


@needs_pdfium
def test_a_bomb_in_a_stream_no_page_uses_is_refused_before_pdfium(engine: Choose) -> None:
    """PDFium would inflate it when it loads the font; the survey inflates every stream, within the caps."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page,
        stream(text_page(["2023"])),
        stream(_deflated_zeros(80 << 20), b"/Filter /FlateDecode"),
    ]
    engine("pdfium")
    with pytest.raises(ReadError) as caught:
        PdfReader().read("report.pdf", pdf(objects))
    assert "64 MB" in caught.value.message


@needs_pdfium
@pytest.mark.parametrize(("maker", "scale"), [("pdf_glyph_storm", 0.06), ("pdf_long_string", 0.13)])
def test_glyph_caps_hold_with_pdfium(maker: str, scale: float) -> None:
    data = _hostile(maker, scale)
    refused = read_with("pdfium", data)
    assert refused == read_with("pdfminer", data)
    assert isinstance(refused, tuple) and "100000" in refused[1]


@needs_pdfium
def test_segment_cap_holds_with_pdfium() -> None:
    """Thirteen thousand small squares, four segments each: few objects, too many segments."""
    squares = b"".join(b"%d %d 2 2 re S\n" % (i % 500, i // 500 * 3) for i in range(13_000))
    refused = read_with("pdfium", page_pdf([squares], compress=True))
    assert isinstance(refused, tuple) and "50000 条线段" in refused[1]


@needs_pdfium
def test_forms_drawn_over_and_over_are_left_to_pdfminer() -> None:
    from gklint.readers.pdf.survey import survey

    assert survey(_hostile("pdf_form_fanout", 1.0)).leave_to_pdfminer
    assert not survey(render_pdf(synthetic_content(0))).leave_to_pdfminer
    assert not survey(_form_page(draws=1)).leave_to_pdfminer
    assert survey(_form_page(draws=20)).leave_to_pdfminer  # 20 drawings of 100 KB: 2 MB to draw


@needs_pdfium
def test_a_damaged_cross_reference_table_is_left_to_pdfminer(engine: Choose) -> None:
    """Both can rebuild it; PDFium's repair can take minutes on a large damaged file."""
    from gklint.readers.pdf.survey import survey

    sound = page_pdf([text_page(["2023 annual report"] * 5)])
    shifted = sound.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%" + b"x" * 50 + b"\n", 1)  # every offset now wrong
    assert not survey(sound).leave_to_pdfminer
    assert survey(shifted).leave_to_pdfminer
    engine("auto")
    pages, _, used = extract_pages(shifted)
    assert used == "pdfminer" and "2023 annual report" in "".join(g.text for g in pages[0].glyphs)


@needs_pdfium
def test_a_damaged_stream_is_left_to_pdfminer() -> None:
    """The engines recover differently from damaged compressed data: pdfminer's recovery decides."""
    from gklint.readers.pdf.survey import survey

    data = (ROOT / "tests" / "fixtures" / "pdf" / "libreoffice_1.pdf").read_bytes()
    start = data.index(b"stream\n", data.index(b"/FlateDecode")) + len(b"stream\n")
    damaged = data[: start + 40] + bytes(b ^ 0x5A for b in data[start + 40 : start + 48]) + data[start + 48 :]
    assert not survey(data).leave_to_pdfminer
    assert survey(damaged).leave_to_pdfminer
    assert shape(read_with("auto", damaged)) == shape(read_with("pdfminer", damaged))


def _form_page(draws: int) -> bytes:
    """A page drawing ``draws`` times a Form XObject of 100 KB of text."""
    form = b"BT /F1 1 Tf 10 700 Td\n" + b"(2023) Tj\n" * 10_000 + b"ET"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
            b"/Resources << /XObject << /X 5 0 R >> /Font << /F1 6 0 R >> >> >>",
            stream(b"/X Do\n" * draws),
            stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 600 800]"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


# --------------------------------------------------------------------------- resources


def _resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


@needs_pdfium
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc")
def test_pdfium_objects_are_closed(engine: Choose) -> None:
    """Hundreds of reads of a report leave the process as large as a few did (each read that kept
    its document, pages and text pages open would keep about a megabyte)."""
    engine("pdfium")
    data = (ROOT / "tests" / "fixtures" / "pdf" / "libreoffice_1.pdf").read_bytes()
    for _ in range(30):
        extract_pages(data)
    before = _resident_mib()
    for _ in range(300):
        extract_pages(data)
    assert _resident_mib() - before < 40
