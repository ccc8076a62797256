"""One report, whatever its format, gives the same findings at the same logical places.

Each seed is read as text, re-rendered as HTML, DOCX and PDF the way users publish it (label
typos kept), and linted again: the rule codes and their (part, table, row, column) must agree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.config import Layer, Resolver
from gklint.model import Report
from gklint.readers.text import TextReader
from gklint.runner import Linter
from gklint.templates.national import NATIONAL_2021
from tests.conftest import seed_files
from tests.render.content import ReportContent, from_report
from tests.render.docx import render_docx
from tests.render.html import render_html
from tests.render.pdf import found_labels, render_pdf
from tests.test_roundtrip import PLUGINS, RULESETS


def _typos(report: Report) -> dict[str, str]:
    return {n.expected: n.found for n in report.notes if n.kind == "label-mismatch" and n.place.table}


RENDERERS: dict[str, tuple[str, Callable[[ReportContent, Report], bytes]]] = {
    "html": (".html", lambda content, report: render_html(content, "portal", _typos(report))),
    "docx": (".docx", lambda content, report: render_docx(content, True, _typos(report))),
    "pdf": (".pdf", lambda content, report: render_pdf(content, labels=found_labels(report))),
}


def content_of(report: Report) -> ReportContent:
    """The report's content; an agency standing alone above the title (seed 000) joins the title,
    as portals print it, since the renderers put the title first."""
    content = from_report(report)
    if content.title and report.agency and report.agency not in content.title:
        content.title = report.agency + content.title
        content.preamble = [p for p in content.preamble if p.strip() != report.agency]
    return content


def logical_findings(path: Path) -> list[tuple[str, int | None, str | None, str | None, str | None]]:
    result = Linter(PLUGINS, Resolver(RULESETS, Layer("test"))).lint_file(path)
    return sorted((f.code, f.place.part, f.place.table, f.place.row, f.place.column) for f in result.findings)


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.name[:3])
def test_seed_gives_the_same_findings_in_every_format(tmp_path: Path, seed: Path, fmt: str) -> None:
    report = bind(TextReader().read(str(seed), seed.read_bytes()), [NATIONAL_2021])
    suffix, render = RENDERERS[fmt]
    path = tmp_path / f"{seed.stem}{suffix}"
    path.write_bytes(render(content_of(report), report))

    expected = logical_findings(seed)
    assert expected, "every seed has findings to compare"
    assert logical_findings(path) == expected
