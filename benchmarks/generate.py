"""Write N synthetic annual reports for the benchmarks: many agencies, two years each, faults planted.

    python benchmarks/generate.py OUT_DIR --count 1000 [--seed 1] [--formats md,html,docx,pdf]

Each report is the package's clean example with its own agency name and year; about one in five
gets a planted fault (a broken total, a wrong year, a carry-over that differs from last year's), so
that the rules have findings to report. With ``--formats``, report ``i`` is written in the
``i``-th format of the list in turn: the Markdown text is bound and rendered again as a portal page,
a Word document or a PDF with ruled tables (the test renderers, which need the test extras). The
output depends only on ``--count``, ``--seed`` and ``--formats``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the test renderers

CITIES = "东西南北中前后左右上"
OFFICES = ("教育局", "财政局", "民政局", "司法局", "交通运输局")
OFFICES += ("水利局", "农业农村局", "商务局", "文化旅游局", "卫生健康委员会")
CARRIED_OUT = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"
CARRIED_IN = "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 3 | 0 | 3 |"


def base_text() -> str:
    return resources.files("gklint").joinpath("testdata/clean-2023.md").read_text(encoding="utf-8")


def agency(index: int) -> str:
    city = CITIES[index % len(CITIES)] + CITIES[(index // len(CITIES)) % len(CITIES)]
    return f"{city}市第{index // 100 + 1}区{OFFICES[index % len(OFFICES)]}"


def report(base: str, index: int, rng: random.Random) -> str:
    year = 2022 + index % 2
    text = base.replace("示例市示例局", agency(index // 2)).replace("2023", str(year))
    fault = rng.random()
    if fault < 0.07:
        text = text.replace(CARRIED_OUT, CARRIED_OUT.replace("| 2 | 3 |", "| 2 | 4 |"))
    elif fault < 0.14:
        text = text.replace(CARRIED_IN, CARRIED_IN.replace("| 3 | 0 | 3 |", "| 2 | 0 | 2 |"))
    elif fault < 0.2:
        text = text.replace(f"至{year}年12月31日", f"至{year + 1}年12月31日", 1)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formats", default="md", help="comma-separated: md, html, docx, pdf (in turn)")
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - set(RENDERERS)
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))} (known: {', '.join(RENDERERS)})")
    rng = random.Random(args.seed)
    base = base_text()
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(args.count):
        folder = args.out / f"{index // 1000:03d}"
        folder.mkdir(exist_ok=True)
        fmt = formats[index % len(formats)]
        (folder / f"report-{index:06d}.{fmt}").write_bytes(RENDERERS[fmt](report(base, index, rng)))


def _content(text: str) -> Any:
    """The report's content as the test renderers take it: the Markdown read and bound."""
    from gklint.binder import bind
    from gklint.manager import load_plugins
    from tests.render.content import from_report

    plugins = _plugins.get("loaded") or _plugins.setdefault("loaded", load_plugins())
    reader = next(r for r, _ in plugins.readers if ".md" in r.suffixes)
    return from_report(bind(reader.read("report.md", text.encode("utf-8")), [t for t, _ in plugins.templates]))


def _html(text: str) -> bytes:
    from tests.render.html import render_html

    return render_html(_content(text), "portal")


def _docx(text: str) -> bytes:
    from tests.render.docx import render_docx

    return render_docx(_content(text))


def _pdf(text: str) -> bytes:
    from tests.render.pdf import render_pdf

    return render_pdf(_content(text))


_plugins: dict[str, Any] = {}
RENDERERS: dict[str, Callable[[str], bytes]] = {
    "md": lambda text: text.encode("utf-8"),
    "html": _html,
    "docx": _docx,
    "pdf": _pdf,
}


if __name__ == "__main__":
    main()
