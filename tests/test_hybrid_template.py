"""Hybrid reports: a table that follows another format's rows than the rest of the report.

A 2021-layout report whose table 三 keeps the 2019 single （六）其他处理 data row (no sub-rows 1–3)
binds that row with its numbers, checks （七）总计 over the 19 leaves of the format the table
follows, and gets one GK106 naming the table. A correct 2021 table, whose merged （六） cell shares
its grid row with ``1.申请人…``, is no such case.
"""

from __future__ import annotations

import html
import io
import json
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from gklint.binder import bind
from gklint.model import Document, Report
from gklint.readers.html import HtmlReader
from gklint.readers.pdf import PdfReader
from gklint.readers.text import TextReader
from gklint.templates.national import APPLICANTS, NATIONAL_2019, NATIONAL_2021, OUTCOMES, REVIEW_GROUPS
from tests.conftest import run_json
from tests.render.content import TABLE_OF_PART, Grid, GridCell, ReportContent, expand, table_grid
from tests.render.pdf import Style, _Writer
from tests.render.synth import consistent_values, make_content
from tests.test_format2019 import report_2019

TEMPLATES = [NATIONAL_2021, NATIONAL_2019]
OTHER_LEAVES = ("other.1", "other.2", "other.3")
FULL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "full"


# --------------------------------------------------------------------------- the hybrid layout


def hybrid_content(year: int = 2023, seed: int = 7) -> ReportContent:
    """Consistent numbers whose three （六） leaves are folded into one 2019 （六）其他处理 row."""
    values = consistent_values(random.Random(seed), busy=0.6)
    rows = values["applications"]
    leaves = [rows.pop(key) for key in OTHER_LEAVES]
    rows["other"] = {c: str(sum(int(leaf[c]) for leaf in leaves)) for c in APPLICANTS}
    return make_content(values, year=year)


def _row_key(row: list[GridCell]) -> str | None:
    return next((cell.key[1] for cell in row if cell.key), None)


def hybrid_grid(content: ReportContent) -> Grid:
    """Table 三 as the 2021 layout draws it, but with the single （六） data row of 2019."""
    rows = [row for row in table_grid(content, "applications") if _row_key(row) not in OTHER_LEAVES]
    single = [GridCell("（六）其他处理", colspan=2)]
    single += [
        GridCell(content.values["applications"]["other"][c], key=("applications", "other", c)) for c in APPLICANTS
    ]
    rows.insert(next(i for i, row in enumerate(rows) if _row_key(row) == "results_total"), single)
    leaves = sum(1 for row in rows if _row_key(row) not in ("new", "carried_in", "carried_out", None))
    return [[replace(c, rowspan=leaves) if c.text == "三、本年度办理结果" else c for c in row] for row in rows]


def grids(content: ReportContent, applications: Grid | None = None) -> dict[str, Grid]:
    made = {key: table_grid(content, key) for key in TABLE_OF_PART.values()}
    return {**made, "applications": applications} if applications is not None else made


# --------------------------------------------------------------------------- renderers of given grids


def pdf_of(content: ReportContent, tables: dict[str, Grid]) -> bytes:
    out = io.BytesIO()
    writer = _Writer(out, Style(), None, "gklint test renderer (reportlab)")
    writer.title(content.title or "")
    for text in content.preamble:
        writer.paragraph(text)
    for number in range(1, 7):
        writer.paragraph(content.heading(number))
        for text in content.sections.get(number, []):
            writer.paragraph(text)
        if number in TABLE_OF_PART:
            writer.table(tables[TABLE_OF_PART[number]], TABLE_OF_PART[number])
    writer.finish()
    return out.getvalue()


def _td(cell: GridCell) -> str:
    spans = "".join(f' {n}="{v}"' for n, v in (("rowspan", cell.rowspan), ("colspan", cell.colspan)) if v > 1)
    return f"<td{spans}>{html.escape(cell.text)}</td>"


def html_of(content: ReportContent, tables: dict[str, Grid]) -> bytes:
    lines = ['<html><head><meta charset="utf-8"></head><body>', f"<h1>{content.title}</h1>"]
    lines += [f"<p>{text}</p>" for text in content.preamble]
    for number in range(1, 7):
        lines.append(f"<h2>{content.heading(number)}</h2>")
        lines += [f"<p>{text}</p>" for text in content.sections.get(number, [])]
        if number in TABLE_OF_PART:
            rows = tables[TABLE_OF_PART[number]]
            lines += ["<table border='1'>", *("<tr>" + "".join(map(_td, row)) + "</tr>" for row in rows), "</table>"]
    return "\n".join([*lines, "</body></html>"]).encode()


def text_of(content: ReportContent, tables: dict[str, Grid]) -> bytes:
    lines = [content.title or "", *content.preamble]
    for number in range(1, 7):
        lines += [content.heading(number), *content.sections.get(number, [])]
        if number in TABLE_OF_PART:
            lines += ["\t".join(row) for row in expand(tables[TABLE_OF_PART[number]], repeat=False)]
    return ("\n".join(lines) + "\n").encode()


RENDER: dict[str, tuple[str, Callable[[ReportContent, dict[str, Grid]], bytes]]] = {
    "pdf": ("report.pdf", pdf_of),
    "html": ("report.html", html_of),
    "text": ("report.txt", text_of),
}
READERS = {"pdf": PdfReader, "html": HtmlReader, "text": TextReader}


def read(fmt: str, content: ReportContent, tables: dict[str, Grid]) -> Document:
    name, render = RENDER[fmt]
    return READERS[fmt]().read(name, render(content, tables))


def lint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, content: ReportContent, tables: dict[str, Grid]
) -> list[dict[str, Any]]:
    name, render = RENDER[fmt]
    path = tmp_path / name
    path.write_bytes(render(content, tables))
    _, data = run_json(capsys, str(path))
    findings: list[dict[str, Any]] = data["findings"]
    return findings


def mixed(report: Report) -> list[tuple[str | None, str, str]]:
    return [(n.place.table, n.found, n.detail) for n in report.notes if n.kind == "template-mixed"]


FORMATS = sorted(RENDER)


# --------------------------------------------------------------------------- a hybrid report


@pytest.mark.parametrize("fmt", FORMATS)
def test_single_other_row_binds_with_its_numbers(fmt: str) -> None:
    content = hybrid_content()
    report = bind(read(fmt, content, grids(content, hybrid_grid(content))), TEMPLATES)

    assert report.template == "national-2021"
    assert mixed(report) == [("applications", "national-2019", "（六）其他处理")]
    assert [n.kind for n in report.notes] == ["template-mixed"]  # no GK104 for other.1–3, no GK010
    applications = report.applications
    assert applications is not None and not set(OTHER_LEAVES) & set(applications)
    assert {c: cell.raw for c, cell in applications["other"].items()} == content.values["applications"]["other"]
    t1 = report.balances["T1"]
    assert len(t1) == 7 and all(len(b.left) == 19 and not b.fails() for b in t1)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hybrid_report_is_one_outdated_template(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = hybrid_content()
    findings = lint(tmp_path, capsys, fmt, content, grids(content, hybrid_grid(content)))

    assert [f["code"] for f in findings] == ["GK106"]
    assert "「收到和处理政府信息公开申请情况」" in findings[0]["message"]
    assert "（六）其他处理" in findings[0]["message"]


def test_single_other_row_counts_in_the_results_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = hybrid_content()
    other = content.values["applications"]["other"]
    for column in ("natural_person", "total"):
        other[column] = str(int(other[column]) + 1)
    findings = lint(tmp_path, capsys, "pdf", content, grids(content, hybrid_grid(content)))

    assert sorted({f["code"] for f in findings}) == ["GK106", "GK202"]


def test_hybrid_report_before_2021_is_not_outdated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = hybrid_content(year=2020)
    findings = lint(tmp_path, capsys, "text", content, grids(content, hybrid_grid(content)))
    assert findings == []


# --------------------------------------------------------------------------- what is not a hybrid


@pytest.mark.parametrize("fmt", FORMATS)
def test_merged_group_cell_beside_its_first_leaf_is_2021(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(consistent_values(random.Random(7), busy=0.6))
    document = read(fmt, content, grids(content))
    rows = [[c.text for c in row] for t in document.tables for row in t.rows]
    assert any("（六）其他处理" in row and any(t.startswith("1.申请人") for t in row) for row in rows)

    report = bind(document, TEMPLATES)
    assert report.notes == ()
    assert all(len(b.left) == 21 for b in report.balances["T1"])
    assert lint(tmp_path, capsys, fmt, content, grids(content)) == []


def test_older_row_that_does_not_fit_is_no_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A single （六） row with a cell too many fits the 2019 row no better: the table stays 2021."""
    content = hybrid_content()
    grid = hybrid_grid(content)
    row = next(row for row in grid if _row_key(row) == "other")
    row.append(GridCell("0"))
    report = bind(read("text", content, grids(content, grid)), TEMPLATES)
    assert mixed(report) == []
    codes = sorted(f["code"] for f in lint(tmp_path, capsys, "text", content, grids(content, grid)))
    assert codes == ["GK104", "GK104", "GK104"]


def test_table_cut_short_is_no_evidence_of_an_older_format() -> None:
    """An excerpt that ends before （六） lacks the 2021 rows and the 2019 row alike."""
    content = make_content(consistent_values(random.Random(7), busy=0.6))
    full = table_grid(content, "applications")
    cut = full[: next(i for i, row in enumerate(full) if _row_key(row) == "other.1")]
    report = bind(read("text", content, grids(content, cut)), TEMPLATES)

    assert mixed(report) == []
    assert {n.kind for n in report.notes} == {"row-missing"}


# --------------------------------------------------------------------------- the real report


def test_real_hybrid_pdf_binds_the_hand_read_values() -> None:
    path = FULL / "hongze-2023.pdf"
    if not path.is_file():
        pytest.skip("the real reports (../shared/corpus) are not present")
    labels = json.loads((FULL / "expected.json").read_text(encoding="utf-8"))[path.name]
    report = bind(PdfReader().read(str(path), path.read_bytes()), TEMPLATES)
    applications, review = report.applications, report.review_litigation
    assert applications is not None and review is not None

    for row, numbers in labels["tableB"].items():
        assert [applications[row][c].value for c in APPLICANTS] == numbers, row
    assert [review[g][o].value for g in REVIEW_GROUPS for o in OUTCOMES] == labels["tableC"]
    assert mixed(report) == [("applications", "national-2019", "（六）其他处理")]


def test_real_hybrid_pdf_gives_its_labelled_codes(capsys: pytest.CaptureFixture[str]) -> None:
    path = FULL / "hongze-2023.pdf"
    if not path.is_file():
        pytest.skip("the real reports (../shared/corpus) are not present")
    labels = json.loads((FULL / "expected.json").read_text(encoding="utf-8"))[path.name]
    _, data = run_json(capsys, str(path))
    codes = [f["code"] for f in data["findings"]]

    assert set(labels["must"]) <= set(codes) <= set(labels["must"]) | set(labels["may"])
    assert codes.count("GK106") == 1


# --------------------------------------------------------------------------- the other way round


def _newer_other_rows(year: int) -> str:
    """A 2019-layout report whose table 三 already has the 2021 （六） group with its three leaves."""
    leaves = [row.label for row in NATIONAL_2021.table("applications").rows if row.key in OTHER_LEAVES]
    rows = ["| （六）其他处理 | | | | | | | |"]
    rows += [f"| {label} | {n} | 0 | 0 | 0 | 0 | 0 | {n} |" for label, n in zip(leaves, (1, 0, 0))]
    text = report_2019(year)
    return text.replace("| （六）其他处理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |", "\n".join(rows))


def test_newer_table_in_an_older_report_is_checked_by_its_own_rows(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(_newer_other_rows(2020), encoding="utf-8")
    report = bind(TextReader().read(str(path), path.read_bytes()), TEMPLATES)

    assert report.template == "national-2019"
    assert mixed(report) == [
        ("applications", "national-2021", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    ]
    assert [n.kind for n in report.notes] == ["template-mixed"]
    assert all(len(b.left) == 21 and not b.fails() for b in report.balances["T1"])


@pytest.mark.parametrize(("year", "codes"), [(2020, []), (2022, ["GK106"])])
def test_newer_table_is_never_outdated(
    year: int, codes: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "report.txt"
    path.write_text(_newer_other_rows(year), encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert [f["code"] for f in data["findings"]] == codes  # 2022: the report's own layout, once
