"""Reports that leave zeros blank: the arithmetic still holds (blank-as-0 policy of gklint.relations).

Two ways real reports write nothing: every zero left blank, or the unused legal-person columns left
empty while the rest writes 0. Rendered in every layout we read, such a consistent report gives only
its GK107 blank-cell findings; one changed number gives exactly the matching totals findings, at that
cell, saying that blanks were counted as 0.
"""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gklint.config import Layer, Resolver
from gklint.model import Finding
from gklint.runner import Linter
from gklint.templates.national import APPLICANTS
from tests.conftest import EXAMPLES, run_json
from tests.render.content import Values
from tests.render.synth import consistent_values, make_content
from tests.render.text import HTML2TEXT
from tests.test_roundtrip import LAID_OUT, PLUGINS, RENDERERS, RULESETS, expected_codes

# Text laid out by position shows where a blank was only by the columns of full rows around it;
# rows of zeros left blank leave too few of them (tests/test_roundtrip.py covers one blank). html2text
# writes a blank first cell as a bar that reads as an outer one, and a blank closed by a <br> as an
# empty line: some rows of many blanks cannot be placed (see the test of its own below).
LAYOUTS = sorted(set(RENDERERS) - LAID_OUT - set(HTML2TEXT))

ORGANISATIONS = APPLICANTS[1:-1]


def zeros_blank(values: Values) -> Values:
    """Every 0 of tables B and C written as a blank cell, totals included."""
    out = copy.deepcopy(values)
    for table in ("applications", "review_litigation"):
        for row in out[table].values():
            for column, text in row.items():
                if text == "0":
                    row[column] = ""
    return out


def organisations_blank(values: Values) -> Values:
    """The five legal-person columns of table B left empty in every row (all of them 0)."""
    out = copy.deepcopy(values)
    for row in out["applications"].values():
        for column in ORGANISATIONS:
            row[column] = ""
    return out


def people_only(rng: random.Random, busy: float) -> Values:
    """Consistent values in which only natural persons applied."""
    values = consistent_values(rng, busy)
    for row in values["applications"].values():
        row.update(dict.fromkeys(ORGANISATIONS, "0"))
        row["total"] = row["natural_person"]
    return values


STYLES = {
    "zeros-blank": lambda rng: zeros_blank(consistent_values(rng, 0.3)),
    "organisations-blank": lambda rng: organisations_blank(people_only(rng, 0.5)),
}


def lint(values: Values, layout: str, tmp_path: Path) -> list[Finding]:
    suffix, render = RENDERERS[layout]
    path = tmp_path / f"report{suffix}"
    path.write_bytes(render(make_content(values)))
    linter = Linter(PLUGINS, Resolver(RULESETS, Layer("test")))
    return list(linter.lint_file(path).findings)


def blank_places(values: Values) -> set[tuple[str, str | None, str | None]]:
    """Where GK107 stands: at each blank cell, or once at a table left blank throughout."""
    places: set[tuple[str, str | None, str | None]] = set()
    for table in ("applications", "review_litigation"):
        blanks = {
            (table, row, column) for row, cells in values[table].items() for column, t in cells.items() if t == ""
        }
        whole = len(blanks) > 1 and len(blanks) == sum(len(cells) for cells in values[table].values())
        places |= {(table, None, None)} if whole else blanks
    return places


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("layout", LAYOUTS)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_a_consistent_report_with_blank_zeros_gives_only_its_blank_cells(
    tmp_path: Path, layout: str, style: str, seed: int
) -> None:
    values = STYLES[style](random.Random(seed))

    findings = lint(values, layout, tmp_path)

    assert {f.code for f in findings} <= {"GK107"}
    assert {(f.place.table or "", f.place.row, f.place.column) for f in findings} == blank_places(values)


@pytest.mark.parametrize("layout", sorted(HTML2TEXT))
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_html2text_s_blank_zeros_are_blank_cells_or_rows_it_says_it_cannot_place(
    tmp_path: Path, layout: str, seed: int
) -> None:
    """Where html2text's text leaves a row's blanks no place (see ``LAYOUTS``), the row is GK010 (table
    四 left blank throughout, every cell an empty line, reads as its rows missing: GK104); never a blank
    taken for another cell's number, so never a sum that seems not to add up."""
    values = zeros_blank(consistent_values(random.Random(seed), 0.3))

    findings = lint(values, layout, tmp_path)

    assert {f.code for f in findings} <= {"GK107", "GK010", "GK104"}
    assert all(f.place.table == "review_litigation" for f in findings if f.code == "GK104")
    bound_blanks = {(f.place.table or "", f.place.row, f.place.column) for f in findings if f.code == "GK107"}
    assert bound_blanks <= blank_places(values)


def _nonzero_cells(values: Values) -> list[tuple[str, str, str]]:
    return [
        (table, row, column)
        for table in ("applications", "review_litigation")
        for row, cells in values[table].items()
        for column, text in cells.items()
        if text not in ("", "0")
    ]


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("layout", LAYOUTS)
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), pick=st.integers(0, 10**6), delta=st.sampled_from([1, 7]))
def test_one_changed_number_among_blank_zeros_gives_exactly_its_findings(
    tmp_path: Path, layout: str, style: str, seed: int, pick: int, delta: int
) -> None:
    values = STYLES[style](random.Random(seed))
    candidates = _nonzero_cells(values)
    if not candidates:
        return
    table, row, column = candidates[pick % len(candidates)]
    values[table][row][column] = str(int(values[table][row][column]) + delta)

    findings = [f for f in lint(values, layout, tmp_path) if f.code != "GK107"]

    assert {f.code for f in findings} == expected_codes(table, row)
    for finding in findings:
        assert finding.place.row == row
        if finding.code != "GK203":
            assert finding.place.column == column


def test_a_blank_total_is_never_counted_as_zero(tmp_path: Path) -> None:
    values = consistent_values(random.Random(3), 0.5)
    values["applications"]["new"]["total"] = ""

    findings = lint(values, "pipe-rows", tmp_path)

    assert [(f.code, f.place.row, f.place.column) for f in findings] == [("GK107", "new", "total")]


def test_a_single_forgotten_blank_in_a_table_that_writes_zeros_is_not_counted(tmp_path: Path) -> None:
    values = consistent_values(random.Random(5), 0.5)
    key, column = next(
        (key, column)
        for key, row in values["applications"].items()
        for column in APPLICANTS[:-1]
        if key.startswith("withheld") and row[column] != "0"
    )
    values["applications"][key][column] = ""  # the table writes 0 elsewhere: this blank is not a 0

    findings = lint(values, "tab-rows", tmp_path)

    assert [(f.code, f.place.row, f.place.column) for f in findings] == [("GK107", key, column)]


def test_a_finding_that_counted_blanks_as_zero_says_so(tmp_path: Path) -> None:
    values = zeros_blank(people_only(random.Random(11), 0.5))
    row = values["applications"]["new"]
    row["natural_person"] = str(int(row["natural_person"]) + 2)

    findings = [f for f in lint(values, "pipe-rows", tmp_path) if f.code == "GK201"]

    assert len(findings) == 1
    assert "空白单元格按 0 计算" in findings[0].message
    assert "blank cells counted as 0" in findings[0].message_en


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_total_column_blank_in_every_row_binds_in_place(tmp_path: Path, layout: str) -> None:
    values = consistent_values(random.Random(1), 0.5)
    for row in values["applications"].values():
        row["total"] = ""  # a common real mistake: 总计 never filled in

    findings = lint(values, layout, tmp_path)

    assert {(f.code, f.place.column) for f in findings} == {("GK107", "total")}


def test_a_table_left_blank_throughout_is_one_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An opening published with table 三 empty: one GK107 says so, not one per cell; a table with a
    single number in it keeps a finding for each blank cell."""
    lines = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8").split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith("| 一、本年新收"))
    end = next(n for n, line in enumerate(lines) if line.startswith("| 四、结转下年度继续办理"))
    for n in range(start, end + 1):
        cells = lines[n].split("|")
        lines[n] = "|".join(c if not c.strip().isdigit() else "  " for c in cells)
    path = tmp_path / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK107")
    assert [(f["message_id"], f["logical"]["table"], f["line"]) for f in data["findings"]] == [
        ("table-blank", "applications", start + 1)
    ]
    lines[end] = lines[end].replace("|  |  |  |  |  |  |  |", "|  |  |  |  |  |  | 0 |", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK107")
    assert len(data["findings"]) > 100 and {f["message_id"] for f in data["findings"]} == {"blank"}
