"""The binder the way it fails in the wild: consistent reports rendered in every layout we read,
bound back, must give the same values and no findings; one broken number must give exactly the
matching findings, at that cell."""

from __future__ import annotations

import copy
import random
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gklint.binder import bind
from gklint.config import Layer, Resolver
from gklint.manager import load_plugins
from gklint.model import Report
from gklint.runner import Linter
from gklint.templates.national import NATIONAL_2021, REVIEW_GROUPS
from tests.render.content import ReportContent
from tests.render.synth import consistent_values, make_content
from tests.render.text import HTML2TEXT, LAYOUTS, markdown

PLUGINS = load_plugins()
RULESETS = {name: path for name, (path, _) in PLUGINS.rulesets.items()}


def _renderers() -> dict[str, tuple[str, Callable[[ReportContent], bytes]]]:
    """Every layout we can render: text layouts always, HTML/DOCX/PDF when their renderers exist."""
    found: dict[str, tuple[str, Callable[[ReportContent], bytes]]] = {
        name: (".txt", lambda c, f=render: f(c).encode("utf-8")) for name, render in LAYOUTS.items()
    }
    found["markdown"] = (".md", lambda c: markdown(c).encode("utf-8"))
    found.update({name: (".md", lambda c, f=render: f(c).encode("utf-8")) for name, render in HTML2TEXT.items()})
    for module, function, suffix in (("html", "render_html", ".html"), ("docx", "render_docx", ".docx"),
                                     ("pdf", "render_pdf", ".pdf")):  # fmt: skip
        try:
            render = getattr(__import__(f"tests.render.{module}", fromlist=[function]), function)
        except (ImportError, AttributeError):
            continue
        if any(suffix in reader.suffixes for reader, _ in PLUGINS.readers):
            found[module] = (suffix, render)
    found.update(_laid_out_by_position())
    return found


def _laid_out_by_position() -> dict[str, tuple[str, Callable[[ReportContent], bytes]]]:
    """The PDF, ruled and borderless, as ``pdftotext -layout`` gives its text (columns kept apart by
    spaces, labels wrapped around their values, a group label's pieces on lines of their own), when
    poppler's pdftotext is installed."""
    if shutil.which("pdftotext") is None:
        return {}
    from tests.render.pdf import render_borderless_pdf, render_pdf

    def laid_out(render: Callable[[ReportContent], bytes]) -> Callable[[ReportContent], bytes]:
        return lambda content: pdftotext_layout(render(content))

    renders = {"pdftotext-layout": render_pdf, "pdftotext-layout-borderless": render_borderless_pdf}
    return {name: (".txt", laid_out(render)) for name, render in renders.items()}


def pdftotext_layout(pdf: bytes) -> bytes:
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout


RENDERERS = _renderers()
LAID_OUT = {"pdftotext-layout", "pdftotext-layout-borderless"}


def lint(path: Path) -> tuple[list[tuple[str, str | None, str | None]], Report | None]:
    linter = Linter(PLUGINS, Resolver(RULESETS, Layer("test")))
    result = linter.lint_file(path)
    reader = next(r for r, _ in PLUGINS.readers if path.suffix in r.suffixes)
    report = bind(reader.read(str(path), path.read_bytes()), [NATIONAL_2021])
    return [(f.code, f.place.row, f.place.column) for f in result.findings], report


def bound_values(report: Report) -> dict[str, dict[str, dict[str, str]]]:
    return {
        key: {row: {col: cell.raw for col, cell in cells.items()} for row, cells in table.items()}
        for key, table in report.tables.items()
    }


def page_texts(pdf: bytes) -> list[str]:
    """Each page's characters as the PDF gives them: for a test to check the layout it is about."""
    from gklint.readers.pdf.engine import extract_pages

    return ["".join(glyph[0] for glyph in page.glyphs) for page in extract_pages(pdf)[0]]


def assert_binds_back_clean(path: Path, data: bytes, values: dict[str, dict[str, dict[str, str]]]) -> None:
    """The report written to ``path`` gives no finding and binds back to ``values``."""
    path.write_bytes(data)
    findings, report = lint(path)
    assert findings == []
    assert report is not None and bound_values(report) == values


@pytest.mark.parametrize("layout", sorted(RENDERERS))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), busy=st.sampled_from([0.0, 0.3, 0.9]))
def test_consistent_report_binds_back_unchanged_and_clean(tmp_path: Path, layout: str, seed: int, busy: float) -> None:
    values = consistent_values(random.Random(seed), busy)
    suffix, render = RENDERERS[layout]
    path = tmp_path / f"report{suffix}"
    path.write_bytes(render(make_content(values)))

    findings, report = lint(path)

    assert findings == []
    assert report is not None and bound_values(report) == values


def _mutation_cases() -> list[tuple[str, str, str]]:
    rows = ["new", "carried_in", "disclosed", "withheld.4", "other.2", "results_total", "carried_out"]
    cases = [("applications", row, col) for row in rows for col in ("natural_person", "legal_service", "total")]
    return cases + [("review_litigation", g, o) for g in REVIEW_GROUPS for o in ("upheld", "pending", "total")]


def expected_codes(table: str, row: str) -> set[str]:
    if table == "review_litigation":
        return {"GK203"}
    codes = {"GK201"}
    if row in ("new", "carried_in", "results_total", "carried_out"):
        codes.add("GK401")
    if row not in ("new", "carried_in", "carried_out"):
        codes.add("GK202")
    return codes


@pytest.mark.parametrize("layout", sorted(RENDERERS))
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), case=st.sampled_from(_mutation_cases()), delta=st.sampled_from([1, 7]))
def test_one_broken_number_gives_exactly_the_matching_findings(
    tmp_path: Path, layout: str, seed: int, case: tuple[str, str, str], delta: int
) -> None:
    table, row, column = case
    values = copy.deepcopy(consistent_values(random.Random(seed), 0.5))
    values[table][row][column] = str(int(values[table][row][column]) + delta)
    suffix, render = RENDERERS[layout]
    path = tmp_path / f"report{suffix}"
    path.write_bytes(render(make_content(values)))

    findings, _ = lint(path)

    assert {code for code, _, _ in findings} == expected_codes(table, row)
    for code, found_row, found_column in findings:
        assert found_row == row
        if code != "GK203":  # one relation alone cannot tell which of its cells is wrong
            assert found_column == column


def test_layouts_cover_every_text_shape() -> None:
    assert {"cell-per-line", "cell-per-line-blank", "tab-rows", "pipe-rows", "markdown"} <= set(RENDERERS)


@pytest.mark.parametrize("layout", sorted(RENDERERS))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), case=st.sampled_from(_mutation_cases()))
def test_one_blank_cell_gives_exactly_one_blank_cell_finding_in_place(
    tmp_path: Path, layout: str, seed: int, case: tuple[str, str, str]
) -> None:
    table, row, column = case
    values = copy.deepcopy(consistent_values(random.Random(seed), 0.5))
    values[table][row][column] = ""
    suffix, render = RENDERERS[layout]
    path = tmp_path / f"report{suffix}"
    path.write_bytes(render(make_content(values)))

    findings, _ = lint(path)

    ends = ((REVIEW_GROUPS[0], "upheld"), (REVIEW_GROUPS[-1], "total"))
    if layout in HTML2TEXT and (row, column) in ends and [code for code, *_ in findings] == ["GK010"]:
        # html2text writes a blank first cell closed by a <br> as an empty line, and a blank last cell
        # as a last bar, which no other row of table C's width explains: as below.
        return
    if layout in LAID_OUT and table == "review_litigation":
        # Table C has one row of values: nothing shows which column the vanished blank stood in,
        # and the binder says it cannot bind the row reliably.
        assert findings[0][0] == "GK010" and findings[0][1] in REVIEW_GROUPS
        return
    assert findings == [("GK107", row, column)]
