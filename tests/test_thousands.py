"""Numbers written with thousands separators (12,966 and 12，966), as agencies with thousands of
decisions write them: read as the whole numbers they are, in every format, and no finding drawn."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from gklint.config import Layer, Resolver
from gklint.runner import Linter
from tests.render.content import ReportContent, Values
from tests.render.docx import render_docx
from tests.render.html import render_html
from tests.render.pdf import render_pdf
from tests.render.synth import consistent_values, make_content
from tests.render.text import pipe_rows
from tests.test_roundtrip import PLUGINS, RULESETS

RENDERERS: dict[str, tuple[str, Callable[[ReportContent], bytes]]] = {
    "txt": (".txt", lambda content: pipe_rows(content).encode("utf-8")),
    "html": (".html", lambda content: render_html(content, "portal")),
    "docx": (".docx", lambda content: render_docx(content)),
    "pdf": (".pdf", lambda content: render_pdf(content)),
}


def busy_values(comma: str) -> tuple[Values, dict[tuple[str, str, str], int]]:
    """Consistent values with a thousand more 予以公开 decisions for 自然人 (so its row, its column's
    totals and 本年新收 pass a thousand) and large counts in table A, every number over 999 written
    with ``comma`` between its groups of three digits; and what some of those cells hold."""
    values = consistent_values(random.Random(7), busy=0.6)
    applications = values["applications"]
    for row in ("disclosed", "results_total", "new"):
        for column in ("natural_person", "total"):
            applications[row][column] = str(int(applications[row][column]) + 1000)
    values["active"]["licensing"]["decisions"] = "12966"
    values["active"]["penalty"]["decisions"] = "1202"
    expected = {
        ("active", "licensing", "decisions"): 12966,
        ("active", "penalty", "decisions"): 1202,
        ("applications", "new", "total"): int(applications["new"]["total"]),
    }
    for rows in values.values():
        for cells in rows.values():
            for column, text in cells.items():
                if text.isdigit() and int(text) > 999:
                    cells[column] = f"{int(text):,}".replace(",", comma)
    return values, expected


@pytest.mark.parametrize("comma", [",", "，"], ids=["ascii", "full-width"])
@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_thousands_separators_read_as_whole_numbers(tmp_path: Path, fmt: str, comma: str) -> None:
    values, expected = busy_values(comma)
    content = make_content(values, 2023, "示例市示例局")
    suffix, render = RENDERERS[fmt]
    path = tmp_path / f"report{suffix}"
    path.write_bytes(render(content))

    outcome = Linter(PLUGINS, Resolver(RULESETS, Layer("test"))).examine(path, keep_report=True)
    assert [(f.code, f.message) for f in outcome.findings] == []
    report = outcome.report
    assert report is not None
    for (table, row, column), number in expected.items():
        assert report.cell(table, row, column).value == number
