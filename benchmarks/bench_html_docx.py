"""How much the HTML and DOCX readers cost on top of merely parsing the same files.

Reports are rendered on the fly (the synthetic report, and the seed reports when ../shared/seeds
is there) as HTML (plain and portal pages) and as DOCX; the repository's HTML and DOCX fixtures and
the portal pages of ../shared/corpus join them when present. Each is read by:

* HTML: ``bare`` = ``lxml.html.fromstring`` of the bytes; ``reader`` = ``HtmlReader().read``;
* DOCX: ``bare`` = ``zipfile`` read of ``word/document.xml`` + ``lxml.etree.fromstring``;
  ``reader`` = ``DocxReader().read``; ``python-docx`` = opening it with python-docx and
  collecting every paragraph's and cell's text (for comparison, when it is installed).

Times are CPU time (``process_time``), bare and reader alternating (A B A B …) so that load on a
shared machine hits both alike; each figure is the minimum over the rounds. The target is reader
<= 4 x bare. Run from the repository root::

    .venv/bin/python -m benchmarks.bench_html_docx [--rounds 15]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import fastest_each, fastest_ms  # noqa: E402

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
TARGET = 4.0
INNER = 3  # calls per method per round: the fastest of them is the round's figure

Case = tuple[str, str, bytes]  # (report, format, bytes)
Method = Callable[[bytes], object]


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


def read_html(data: bytes) -> object:
    from gklint.readers.html import HtmlReader

    return HtmlReader().read("bench.html", data)


def read_docx(data: bytes) -> object:
    from gklint.readers.docx import DocxReader

    return DocxReader().read("bench.docx", data)


def rendered() -> list[Case]:
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


def files() -> list[Case]:
    """The fixtures and the real portal pages, as served."""
    paths = sorted((FIXTURES / "html").glob("*.html")) + sorted((FIXTURES / "docx").glob("*.docx"))
    paths += sorted(CORPUS.glob("*/*.html")) if CORPUS.is_dir() else []
    kinds = {".html": "html-file", ".docx": "docx-file"}
    return [(path.stem[:12], kinds[path.suffix], path.read_bytes()) for path in paths]


def cases() -> list[Case]:
    sys.path.insert(0, str(ROOT))
    return rendered() + files()


def is_docx(kind: str) -> bool:
    return kind.startswith("docx")


def methods(kind: str) -> tuple[Method, Method]:
    """(bare, reader) for a case's format."""
    return (bare_docx, read_docx) if is_docx(kind) else (bare_html, read_html)


def side_by_side(bare: Method, reader: Method, data: bytes, rounds: int) -> tuple[list[float], list[float]]:
    """CPU milliseconds of ``bare`` and ``reader``, alternating, one figure each per round."""
    bare(data), reader(data)  # warm-up: imports
    bare_ms: list[float] = []
    reader_ms: list[float] = []
    for _ in range(rounds):
        fastest = fastest_each({"bare": bare, "reader": reader}, data, INNER)
        bare_ms.append(fastest["bare"])
        reader_ms.append(fastest["reader"])
    return bare_ms, reader_ms


def ratio_rows(rounds: int) -> list[tuple[str, list[float]]]:
    """One row per format: per round, the reader's CPU time over all that format's inputs divided
    by the bare parse's over the same inputs (measured alternating, input by input)."""
    totals: dict[str, tuple[list[float], list[float]]] = {}
    for _, kind, data in cases():
        label = "docx" if is_docx(kind) else "html"
        bare_ms, reader_ms = side_by_side(*methods(kind), data, rounds)
        bare_sum, reader_sum = totals.setdefault(label, ([0.0] * rounds, [0.0] * rounds))
        for n in range(rounds):
            bare_sum[n] += bare_ms[n]
            reader_sum[n] += reader_ms[n]
    labels = {
        "html": "html: HtmlReader().read / lxml.html.fromstring of the bytes",
        "docx": "docx: DocxReader().read / zipfile + lxml.etree.fromstring of word/document.xml",
    }
    return [
        (labels[label], [reader / bare for bare, reader in zip(bare_sum, reader_sum)])
        for label, (bare_sum, reader_sum) in totals.items()
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)

    try:
        import docx  # noqa: F401

        have_python_docx = True
    except ImportError:
        have_python_docx = False
    header = (
        f"{'report':<13}{'format':<13}{'KiB':>7}{'bare ms':>10}{'reader ms':>11}{'ratio':>7}"
        f"{'min/med/max ratio':>20}{'python-docx ms':>16}"
    )
    print(header)
    print("-" * len(header))
    ratios: dict[str, list[float]] = {}
    for name, kind, data in cases():
        bare_ms, reader_ms = side_by_side(*methods(kind), data, args.rounds)
        per_round = [reader / bare for bare, reader in zip(bare_ms, reader_ms)]
        bare, ours = min(bare_ms), min(reader_ms)
        other = f"{fastest_ms(python_docx, data, INNER):>16.2f}" if is_docx(kind) and have_python_docx else ""
        ratios.setdefault(kind, []).append(ours / bare)
        spread = f"{min(per_round):.2f}/{statistics.median(per_round):.2f}/{max(per_round):.2f}"
        print(
            f"{name:<13}{kind:<13}{len(data) / 1024:>7.1f}{bare:>10.2f}{ours:>11.2f}{ours / bare:>7.2f}"
            f"{spread:>20}{other}"
        )
    print()
    for kind, values in ratios.items():
        verdict = "within" if max(values) <= TARGET else "OVER"
        print(
            f"{kind}: reader / bare, median over inputs = {statistics.median(values):.2f}, "
            f"worst {max(values):.2f}: {verdict} the target of {TARGET}x"
        )


if __name__ == "__main__":
    main()
