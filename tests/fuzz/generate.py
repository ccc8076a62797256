"""Fuzz samples: seeds (real and rendered reports), their mutations, inputs built to hurt, and junk."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.fuzz.hostile import MAKERS
from tests.fuzz.mutate import mutate

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf", ".doc", ".wps", ".text", ".markdown", ".xyz", "")


@dataclass(frozen=True)
class Sample:
    name: str  # a file name, suffix included
    data: bytes
    origin: str  # how it was made, to reproduce it: "mutated html/portal.html", "hostile pdf_flate_bomb"


@cache
def rendered() -> tuple[tuple[str, bytes], ...]:
    """The synthetic report in every layout and format the renderers make."""
    from tests.fuzz.wps import lines_of, wps_pdf
    from tests.render import text, wild
    from tests.render.docx import render_docx
    from tests.render.html import render_html, sample_content
    from tests.render.pdf import render_borderless_pdf, render_pdf

    content = sample_content()
    layouts = {
        "cell-per-line.txt": text.cell_per_line(content),
        "tab-rows.txt": text.tab_rows(content),
        "pipe-rows.txt": text.pipe_rows(content),
        "report.md": text.markdown(content),
        "bar-cells.txt": wild.bar_cells(content),
        "bare-lines.txt": wild.bare_lines(content),
        "label-lines.txt": wild.label_lines(content),
        "fullwidth-bars.txt": wild.bar_cells(content, bar="｜"),
        "ocr.md": wild.ocr_markdown(content),
        "converted.md": wild.torn_markdown(content),
        "crawled-one-line.txt": wild.one_line(content),
        "converted-pages.txt": converted_pages(lines_of(content)),
    }
    made = [(name, body.encode("utf-8")) for name, body in layouts.items()]
    made += [("plain.html", render_html(content)), ("portal.html", render_html(content, "portal"))]
    made += [("report.docx", render_docx(content)), ("split.docx", render_docx(content, split_labels=True))]
    made += [("ruled.pdf", render_pdf(content)), ("borderless.pdf", render_borderless_pdf(content))]
    made += [("wps.pdf", wps_pdf(content)), ("wps-glyphs.pdf", wps_pdf(content, one_by_one=True))]
    return tuple(made)


def converted_pages(items: list[str | list[str]], width: int = 28, page: int = 40) -> str:
    """Text as a PDF-to-text converter leaves it: lines broken at the page's width (mid-word, mid-
    number), a table row's cells joined by spaces, a page footer (``— 2 —``) every ``page`` lines."""
    lines: list[str] = []
    for item in items:
        text = " ".join(item) if isinstance(item, list) else item
        lines += [text[i : i + width] for i in range(0, len(text), width)] or [""]
    out: list[str] = []
    for start in range(0, len(lines), page):
        out += [*lines[start : start + page], "", f"— {start // page + 1} —", ""]
    return "\n".join(out)


@cache
def real() -> tuple[tuple[str, bytes], ...]:
    """Reports on disk: the examples and reader fixtures, and the shared corpus when it is there."""
    folders = [ROOT / "examples", *(ROOT / "tests" / "fixtures" / kind for kind in ("html", "docx", "pdf"))]
    folders += [SHARED / "seeds", SHARED / "corpus" / "openings", SHARED / "corpus" / "full"]
    files = [p for folder in folders if folder.is_dir() for p in sorted(folder.iterdir())]
    return tuple((p.name, p.read_bytes()) for p in files if p.suffix in SUFFIXES and p.is_file())


def seeds() -> tuple[tuple[str, bytes], ...]:
    return rendered() + real()


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


def mutated(rng: random.Random) -> Sample:
    name, data = rng.choice(seeds())
    suffix = _suffix(name)
    if rng.random() < 0.05:  # the right bytes under the wrong name
        suffix = rng.choice(SUFFIXES)
    return Sample(f"mutated{suffix}", mutate(rng, _suffix(name), data), f"mutated {name}")


def hostile(rng: random.Random, scale: float) -> Sample:
    name = rng.choice(sorted(MAKERS))
    suffix, data = MAKERS[name](rng, scale * rng.choice([0.1, 0.5, 1.0]))
    return Sample(f"hostile{suffix}", data, f"hostile {name}")


def junk(rng: random.Random) -> Sample:
    size = rng.choice([0, 1, 16, 512, 4096, 100_000])
    head = rng.choice(
        [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html>", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf"]
    )
    return Sample(f"junk{rng.choice(SUFFIXES)}", head + rng.randbytes(size), "junk")


def sample(seed: int, index: int, scale: float = 1.0) -> Sample:
    """Sample ``index`` of ``seed``: the same bytes every time."""
    rng = random.Random(f"{seed}:{index}")
    kind = rng.random()
    if kind < 0.78:
        return mutated(rng)
    if kind < 0.93:
        return hostile(rng, scale)
    return junk(rng)


def generate(count: int, seed: int = 0, scale: float = 1.0, start: int = 0) -> Iterator[Sample]:
    """``count`` samples of ``seed`` from ``start`` on; ``scale`` shrinks the inputs built to hurt."""
    for index in range(start, start + count):
        yield sample(seed, index, scale)
