"""How much the HTML and DOCX readers cost on top of merely parsing the same files.

Reports are rendered on the fly (the synthetic report, and the seed reports when ../shared/seeds
is there) as HTML (plain and portal pages) and as DOCX. Each is read, round-robin, by:

* HTML: ``bare`` = ``lxml.html.fromstring`` of the bytes; ``reader`` = ``HtmlReader().read``;
* DOCX: ``bare`` = ``zipfile`` read of ``word/document.xml`` + ``lxml.etree.fromstring``;
  ``reader`` = ``DocxReader().read``; ``python-docx`` = opening it with python-docx and
  collecting every paragraph's and cell's text (for comparison, when it is installed).

The median per report is reported, and reader / bare as a ratio. Run from the repository root::

    .venv/bin/python -m benchmarks.bench_html_docx [--rounds 15]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT))

Case = tuple[str, str, bytes]  # (report, format, bytes)


def bare_html(data: bytes) -> object:
    import lxml.html

    return lxml.html.fromstring(data)


def bare_docx(data: bytes) -> object:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def python_docx(data: bytes) -> int:
    import docx

    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return len(texts)


def cases() -> list[Case]:
    from gklint.binder import bind
    from gklint.readers.text import TextReader
    from gklint.templates.national import NATIONAL_2021
    from tests.render.content import from_report
    from tests.render.docx import render_docx
    from tests.render.html import render_html, sample_content

    contents = [("sample", sample_content())]
    for path in sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []:
        report = bind(TextReader().read(str(path), path.read_bytes()), [NATIONAL_2021])
        contents.append((path.name[:3], from_report(report)))
    out: list[Case] = []
    for name, content in contents:
        out.append((name, "html", render_html(content, "plain")))
        out.append((name, "html-portal", render_html(content, "portal")))
        out.append((name, "docx", render_docx(content)))
    return out


def median_ms(function: Callable[[bytes], object], data: bytes, rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function(data)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)

    from gklint.readers.docx import DocxReader
    from gklint.readers.html import HtmlReader

    try:
        import docx  # noqa: F401

        have_python_docx = True
    except ImportError:
        have_python_docx = False
    html_reader, docx_reader = HtmlReader(), DocxReader()
    header = f"{'report':<8}{'format':<13}{'KiB':>7}{'bare ms':>10}{'reader ms':>11}{'ratio':>7}{'python-docx ms':>16}"
    print(header)
    print("-" * len(header))
    ratios: dict[str, list[float]] = {}
    for name, kind, data in cases():
        is_docx = kind == "docx"
        reader = docx_reader if is_docx else html_reader
        bare = median_ms(bare_docx if is_docx else bare_html, data, args.rounds)
        ours = median_ms(lambda d, r=reader: r.read("bench", d), data, args.rounds)
        other = f"{median_ms(python_docx, data, args.rounds):>16.2f}" if is_docx and have_python_docx else ""
        ratios.setdefault(kind, []).append(ours / bare)
        print(f"{name:<8}{kind:<13}{len(data) / 1024:>7.1f}{bare:>10.2f}{ours:>11.2f}{ours / bare:>7.2f}{other}")
    print()
    for kind, values in ratios.items():
        print(f"{kind}: reader / bare, median over reports = {statistics.median(values):.2f}")


if __name__ == "__main__":
    main()
