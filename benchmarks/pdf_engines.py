"""PDFium against pdfminer: bare character extraction and the whole PDF reader, per file.

For each PDF (the repository's fixtures, and ../shared/corpus/full/*.pdf when it is there) four
ways of reading it are timed, round-robin, in CPU time:

* ``pdfminer bare``: pdfminer's interpreter with a device that only keeps each character's text and
  position (``bench_pdf.bare_extraction``);
* ``pdfium bare``: PDFium's text page, each character's text and box;
* ``pdfminer reader`` / ``pdfium reader``: ``PdfReader().read`` with ``GKLINT_PDF_ENGINE`` set to the
  engine (characters, ruling lines, tables, paragraphs; with PDFium, the survey of the file too).

Each prints min / median / max milliseconds, and the ratios pdfminer / PDFium of the medians. Run
from the repository root with the pdfium extra installed::

    .venv/bin/python -m benchmarks.pdf_engines [--rounds 9]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
CORPUS = ROOT.parent / "shared" / "corpus" / "full"
ENGINE_VARIABLE = "GKLINT_PDF_ENGINE"


def pdfium_bare(data: bytes) -> int:
    """PDFium's characters: each one's text and box, every object closed."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(data)
    box = pdfium_c.FS_RECTF()
    chars: list[tuple[int, float, float]] = []
    try:
        for index in range(len(document)):
            page = pdfium_c.FPDF_LoadPage(document.raw, index)
            text_page = pdfium_c.FPDFText_LoadPage(page)
            count = pdfium_c.FPDFText_CountChars(text_page)
            buffer = (ctypes.c_ushort * (count + 1))()
            pdfium_c.FPDFText_GetText(text_page, 0, count, buffer)
            for i in range(count):
                pdfium_c.FPDFText_GetLooseCharBox(text_page, i, box)
                chars.append((buffer[i], box.left, box.bottom))
            pdfium_c.FPDFText_ClosePage(text_page)
            pdfium_c.FPDF_ClosePage(page)
    finally:
        document.close()
    return len(chars)


def pdfminer_bare(data: bytes) -> int:
    from benchmarks.bench_pdf import bare_extraction

    return bare_extraction(data)


def reader_with(engine: str) -> Callable[[bytes], int]:
    def read(data: bytes) -> int:
        from gklint.readers.pdf import PdfReader

        os.environ[ENGINE_VARIABLE] = engine
        return len(PdfReader().read("bench.pdf", data).blocks)

    return read


METHODS: dict[str, Callable[[bytes], int]] = {
    "pdfminer bare": pdfminer_bare,
    "pdfium bare": pdfium_bare,
    "pdfminer reader": reader_with("pdfminer"),
    "pdfium reader": reader_with("pdfium"),
}


def inputs() -> Iterator[tuple[str, bytes]]:
    for path in sorted(FIXTURES.glob("*.pdf")):
        if not path.name.startswith("bad_"):
            yield path.name, path.read_bytes()
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.pdf")):
            yield f"corpus {path.name}", path.read_bytes()


def measure(data: bytes, rounds: int) -> dict[str, list[float]]:
    """CPU milliseconds of each method, ``rounds`` times, the methods alternating in each round so
    that load on a shared machine hits all of them alike."""
    for method in METHODS.values():
        method(data)  # warm-up: imports, CMaps, system fonts
    times: dict[str, list[float]] = {name: [] for name in METHODS}
    for _ in range(rounds):
        for name, method in METHODS.items():
            start = time.process_time()
            method(data)
            times[name].append((time.process_time() - start) * 1000)
    return times


def spread(values: list[float]) -> str:
    return f"{min(values):6.1f} {statistics.median(values):6.1f} {max(values):6.1f}"


def ratio_rows(rounds: int) -> list[tuple[str, list[float]]]:
    """Per round, over every input (CPU time, methods alternating file by file): the PDFium-engine
    reader against PDFium's bare characters, and the pdfminer-engine reader against the
    PDFium-engine one (how many times faster PDFium makes the reader). None without pypdfium2."""
    sys.path.insert(0, str(ROOT))
    from gklint.readers.pdf.engine import pdfium_installed

    if not pdfium_installed():
        return []
    saved = os.environ.get(ENGINE_VARIABLE)
    sums = {method: [0.0] * rounds for method in METHODS}
    try:
        for _, data in inputs():
            for method, values in measure(data, rounds).items():
                sums[method] = [total + value for total, value in zip(sums[method], values)]
    finally:
        if saved is None:
            os.environ.pop(ENGINE_VARIABLE, None)
        else:
            os.environ[ENGINE_VARIABLE] = saved
    return [
        (
            "pdf, PDFium engine: PdfReader().read / PDFium's bare character extraction",
            [r / b for r, b in zip(sums["pdfium reader"], sums["pdfium bare"])],
        ),
        (
            "pdf: PdfReader().read with the pdfminer engine / with the PDFium engine (PDFium's speed-up)",
            [m / p for m, p in zip(sums["pdfminer reader"], sums["pdfium reader"])],
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from gklint.readers.pdf.engine import pdfium_installed

    if not pdfium_installed():
        print("pypdfium2 is not installed: pip install -e '.[pdfium]'", file=sys.stderr)
        return 2
    saved = os.environ.get(ENGINE_VARIABLE)
    columns = "".join(f" {name + ' min/med/max ms':>30}" for name in METHODS)
    header = f"{'input':<34}{columns} {'bare ×':>7} {'reader ×':>8}"
    print(header)
    print("-" * len(header))
    bare, reader = [], []
    try:
        for name, data in inputs():
            times = measure(data, args.rounds)
            median = {method: statistics.median(values) for method, values in times.items()}
            bare.append(median["pdfminer bare"] / median["pdfium bare"])
            reader.append(median["pdfminer reader"] / median["pdfium reader"])
            cells = "".join(f" {spread(times[method]):>30}" for method in METHODS)
            print(f"{name:<34}{cells} {bare[-1]:6.1f}× {reader[-1]:7.1f}×")
    finally:
        if saved is None:
            os.environ.pop(ENGINE_VARIABLE, None)
        else:
            os.environ[ENGINE_VARIABLE] = saved
    print(
        f"\nPDFium faster than pdfminer (ratio of medians): bare {min(bare):.1f}–{max(bare):.1f}× "
        f"(geometric mean {statistics.geometric_mean(bare):.1f}×), whole reader "
        f"{min(reader):.1f}–{max(reader):.1f}× (geometric mean {statistics.geometric_mean(reader):.1f}×)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
