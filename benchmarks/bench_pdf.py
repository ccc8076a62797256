"""How much the PDF reader costs on top of pdfminer's own character extraction.

For each PDF (the committed fixtures, the real reports of ../shared/corpus/full when it is there,
and reports rendered on the fly: synthetic content, and the seed reports when ../shared/seeds is
there) three ways of reading it are timed, round-robin, and the best of each is reported:

* ``bare``: pdfminer's interpreter over every page with a device that only collects characters
  (the floor);
* ``reader``: ``gklint.readers.pdf.PdfReader().read`` with the pdfminer engine
  (``GKLINT_PDF_ENGINE=pdfminer``: characters, ruling lines, tables, paragraphs), so that both
  sides run the same interpreter whether or not PDFium is installed (``pdf_engines`` compares the
  engines);
* ``reader (debug calls kept)``: the same reader with pdfminer's per-token debug calls left as
  they are (the reader quiets them while it runs where no logger listens at DEBUG: a saving on
  pdfminer's own work, reported apart from what the reader itself costs);
* ``extract_text``: ``pdfminer.high_level.extract_text`` (pdfminer's layout analysis).

The floor stays pdfminer's plain interpreter with a plain device, its debug calls included. The
target is reader <= 1.10 x bare for every producer. Run from the repository root::

    .venv/bin/python -m benchmarks.bench_pdf [--rounds 9]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import fastest_each  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus" / "full"
TARGET = 1.10
# A PDF read takes tens to hundreds of milliseconds, so one read a round let a moment of load on a
# shared machine swing a producer's ratio by a third (one corpus file is a producer's only input).
RATIO_INNER = 3
ENGINE_VARIABLE = "GKLINT_PDF_ENGINE"


def bare_extraction(data: bytes) -> int:
    """pdfminer's interpreter with a device that keeps each character's text and position."""
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    chars: list[tuple[str, float, float, float]] = []

    class Chars(PDFTextDevice):
        def render_char(
            self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, cid: int, ncs: Any, gs: Any
        ) -> float:
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = "\ufffd"
            adv: float = font.char_width(cid) * fontsize * scaling
            chars.append((text, matrix[4], matrix[5], adv))
            return adv

    resources = PDFResourceManager(caching=True)
    interpreter = PDFPageInterpreter(resources, Chars(resources))
    for page in PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(data)))):
        interpreter.process_page(page)
    return len(chars)


def reader(data: bytes) -> int:
    from gklint.readers.pdf import PdfReader

    saved = os.environ.get(ENGINE_VARIABLE)
    os.environ[ENGINE_VARIABLE] = "pdfminer"
    try:
        return len(PdfReader().read("bench.pdf", data).blocks)
    finally:
        if saved is None:
            os.environ.pop(ENGINE_VARIABLE, None)
        else:
            os.environ[ENGINE_VARIABLE] = saved


def reader_debug_kept(data: bytes) -> int:
    """``reader`` with pdfminer's debug calls not quieted."""
    from gklint.readers.pdf import guard

    guard.QUIET_DEBUG = False
    try:
        return reader(data)
    finally:
        guard.QUIET_DEBUG = True


def extract_text(data: bytes) -> int:
    from pdfminer.high_level import extract_text as pdfminer_extract_text

    return len(pdfminer_extract_text(io.BytesIO(data)))


Methods = dict[str, Callable[[bytes], int]]
METHODS: Methods = {
    "bare": bare_extraction,
    "reader": reader,
    "reader (debug calls kept)": reader_debug_kept,
    "extract_text": extract_text,
}


def inputs() -> Iterator[tuple[str, bytes]]:
    for path in sorted(FIXTURES.glob("*.pdf")):
        if not path.name.startswith("bad_"):
            yield path.name, path.read_bytes()
    for path in sorted(CORPUS.glob("*.pdf")) if CORPUS.is_dir() else []:
        yield f"corpus {path.name}", path.read_bytes()
    from tests.render.pdf import render_borderless_pdf, render_pdf, synthetic_content

    for variant in range(2):
        yield f"render synthetic {variant}", render_pdf(synthetic_content(variant))
    yield "render synthetic borderless", render_borderless_pdf(synthetic_content(0))
    yield from seed_renders()


def seed_renders() -> Iterator[tuple[str, bytes]]:
    if not SEEDS.is_dir():
        return
    from gklint.binder import bind
    from gklint.readers.text import TextReader
    from gklint.templates.national import NATIONAL_2021
    from tests.render.content import from_report
    from tests.render.pdf import render_pdf

    for path in sorted(SEEDS.glob("*.txt")):
        report = bind(TextReader().read(str(path), path.read_bytes()), [NATIONAL_2021])
        yield f"render seed {path.name[:3]}", render_pdf(from_report(report))


def pages(data: bytes) -> int:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    return sum(1 for _ in PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(data)))))


def producer(data: bytes) -> str:
    """Who made the PDF, as its Info dictionary says: LibreOffice, WPS, Word, ReportLab…"""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    for info in PDFDocument(PDFParser(io.BytesIO(data))).info:
        for key in ("Producer", "Creator"):
            value = resolve1(info.get(key))
            name = info_text(value).strip("\x00 ") if isinstance(value, bytes) else ""
            if name:
                return producer_family(name)
    return "unnamed producer"


def info_text(value: bytes) -> str:
    """A text string of the Info dictionary: UTF-16 with either byte-order mark (WPS writes the
    little-endian one, which pdfminer's ``decode_text`` does not know), else PDFDocEncoding."""
    from pdfminer.utils import decode_text

    if value.startswith((b"\xff\xfe", b"\xfe\xff")):
        return value.decode("utf-16", errors="replace")
    return decode_text(value)


def producer_family(name: str) -> str:
    for family in ("LibreOffice", "WPS", "Microsoft", "ReportLab", "gklint"):
        if family.lower() in name.lower():
            return "ReportLab" if family == "gklint" else family
    return name.split()[0] if name.split() else "unnamed producer"


def measure(data: bytes, rounds: int, methods: Methods | None = None, inner: int = 1) -> dict[str, list[float]]:
    """CPU milliseconds per method and round (``process_time``), each the fastest of ``inner``
    reads (as ``bench_html_docx`` takes them); the methods take turns read by read, so that load
    drifts on a shared machine hit all of them alike."""
    methods = METHODS if methods is None else methods
    for method in methods.values():
        method(data)  # warm-up: imports, predefined CMaps
    times: dict[str, list[float]] = {name: [] for name in methods}
    for _ in range(rounds):
        for name, milliseconds in fastest_each(methods, data, inner).items():
            times[name].append(milliseconds)
    return times


def ratio_rows(rounds: int) -> list[tuple[str, list[float]]]:
    """One row per producer: per round, the pdfminer-engine reader's CPU time over that producer's
    PDFs divided by the bare interpreter's over the same PDFs (alternating, file by file)."""
    sys.path.insert(0, str(ROOT))
    trio = {"bare": bare_extraction, "reader": reader, "kept": reader_debug_kept}
    totals: dict[str, dict[str, list[float]]] = {}
    for _, data in inputs():
        times = measure(data, rounds, trio, RATIO_INNER)
        sums = totals.setdefault(producer(data), {method: [0.0] * rounds for method in trio})
        for method, values in times.items():
            sums[method] = [total + value for total, value in zip(sums[method], values)]
    rows = []
    for family, sums in sorted(totals.items()):
        floor = "pdfminer interpreter with a char-collecting device"
        rows.append(
            (
                f"pdf {family}: PdfReader().read (pdfminer engine) / {floor}",
                [r / b for b, r in zip(sums["bare"], sums["reader"])],
            )
        )
        rows.append(
            (
                f"pdf {family}: the same, pdfminer's debug calls not quieted / {floor}",
                [r / b for b, r in zip(sums["bare"], sums["kept"])],
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    header = (
        f"{'input':<34} {'producer':<12} {'pages':>5} {'bare ms':>8} {'reader ms':>9} {'extract_text ms':>15}"
        f" {'reader/bare':>11} {'min/med/max':>16} {'debug kept/bare':>15} {'extract_text/bare':>17}"
    )
    print(header)
    print("-" * len(header))
    ratios, text_ratios = [], []
    by_producer: dict[str, list[float]] = {}
    for name, data in inputs():
        times = measure(data, args.rounds)
        ms = {method: min(values) for method, values in times.items()}
        per_round = [r / b for b, r in zip(times["bare"], times["reader"])]
        ratio, text_ratio = ms["reader"] / ms["bare"], ms["extract_text"] / ms["bare"]
        ratios.append(ratio)
        text_ratios.append(text_ratio)
        family = producer(data)
        by_producer.setdefault(family, []).append(ratio)
        spread = f"{min(per_round):.2f}/{statistics.median(per_round):.2f}/{max(per_round):.2f}"
        kept = ms["reader (debug calls kept)"] / ms["bare"]
        print(
            f"{name:<34} {family:<12} {pages(data):>5} {ms['bare']:>8.1f} {ms['reader']:>9.1f}"
            f" {ms['extract_text']:>15.1f} {ratio:>10.2f}x {spread:>16} {kept:>14.2f}x {text_ratio:>16.2f}x"
        )
    reader_mean, text_mean = statistics.geometric_mean(ratios), statistics.geometric_mean(text_ratios)
    print(f"\ngeometric mean: reader {reader_mean:.2f}x bare, extract_text {text_mean:.2f}x bare")
    for family, values in sorted(by_producer.items()):
        verdict = "within" if max(values) <= TARGET else "OVER"
        print(f"{family}: worst reader/bare {max(values):.2f}x: {verdict} the target of {TARGET}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
