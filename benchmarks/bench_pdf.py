"""How much the PDF reader costs on top of pdfminer's own character extraction.

For each PDF (the committed fixtures and reports rendered on the fly: synthetic content, and the
seed reports when ../shared/seeds is there) three ways of reading it are timed, round-robin, and
the best of each is reported:

* ``bare``: pdfminer's interpreter with a device that only collects characters (the floor);
* ``reader``: ``gklint.readers.pdf.PdfReader().read`` (characters, ruling lines, tables, paragraphs);
* ``extract_text``: ``pdfminer.high_level.extract_text`` (pdfminer's layout analysis).

The target is reader <= 1.5 x bare. Run from the repository root::

    .venv/bin/python -m benchmarks.bench_pdf [--rounds 9]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
SEEDS = ROOT.parent / "shared" / "seeds"
TARGET = 1.5


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

    return len(PdfReader().read("bench.pdf", data).blocks)


def extract_text(data: bytes) -> int:
    from pdfminer.high_level import extract_text as pdfminer_extract_text

    return len(pdfminer_extract_text(io.BytesIO(data)))


METHODS: dict[str, Callable[[bytes], int]] = {"bare": bare_extraction, "reader": reader, "extract_text": extract_text}


def inputs() -> Iterator[tuple[str, bytes]]:
    for path in sorted(FIXTURES.glob("*.pdf")):
        if not path.name.startswith("bad_"):
            yield path.name, path.read_bytes()
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


def measure(data: bytes, rounds: int) -> dict[str, float]:
    """Best-of-rounds CPU milliseconds per method (``process_time``; the minimum is the figure
    least disturbed by other load on a shared machine); methods alternate within each round so that
    load drifts hit all of them alike."""
    for method in METHODS.values():
        method(data)  # warm-up: imports, predefined CMaps
    times: dict[str, list[float]] = {name: [] for name in METHODS}
    for _ in range(rounds):
        for name, method in METHODS.items():
            start = time.process_time()
            method(data)
            times[name].append((time.process_time() - start) * 1000)
    return {name: min(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=11)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    header = (
        f"{'input':<34} {'pages':>5} {'bare ms':>8} {'reader ms':>9} {'extract_text ms':>15}"
        f" {'reader/bare':>11} {'extract_text/bare':>17}"
    )
    print(header)
    print("-" * len(header))
    ratios, text_ratios = [], []
    for name, data in inputs():
        ms = measure(data, args.rounds)
        ratio, text_ratio = ms["reader"] / ms["bare"], ms["extract_text"] / ms["bare"]
        ratios.append(ratio)
        text_ratios.append(text_ratio)
        print(
            f"{name:<34} {pages(data):>5} {ms['bare']:>8.1f} {ms['reader']:>9.1f} {ms['extract_text']:>15.1f}"
            f" {ratio:>10.2f}x {text_ratio:>16.2f}x"
        )
    reader_mean, text_mean = statistics.geometric_mean(ratios), statistics.geometric_mean(text_ratios)
    verdict = "within" if max(ratios) <= TARGET else "OVER"
    print(f"\ngeometric mean: reader {reader_mean:.2f}x bare, extract_text {text_mean:.2f}x bare")
    print(f"worst reader/bare {max(ratios):.2f}x: {verdict} the target of {TARGET}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
