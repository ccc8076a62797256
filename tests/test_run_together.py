"""Tables a crawler flattened into one line, their cells' separators lost: a row is read back when
its digits split one way only (as many digits as cells, zeros, spaces kept between cells), or when,
of the splits that keep each row's 总计, exactly one choice makes the table's column relations hold;
every other row is one GK010 of its own, a table of which too few rows can be read stays one
flattened text (GK010 once), and no value bound is ever wrong, however the report's numbers break."""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gklint.binder.digitsplit import splits
from gklint.model import NOWHERE, BindingNote, CellStatus, Finding, LogicalPlace, Report
from tests.render.synth import consistent_values, make_content
from tests.render.text import tab_rows
from tests.render.wild import one_line
from tests.test_roundtrip import expected_codes
from tests.test_wild_layouts import lint

ROW_TOTAL = (((0, 1, 2, 3, 4, 5), (6,)),)  # six applicant columns, then 总计


def numbers(run: str, reading: list[tuple[int, int]]) -> list[int]:
    return [int(run[a:b]) for a, b in reading]


def test_a_row_splits_one_way_when_its_total_must_hold() -> None:
    (reading,) = splits("640020470", 7, ROW_TOTAL)
    assert numbers("640020470", reading) == [64, 0, 0, 2, 0, 4, 70]


def test_a_space_the_crawler_kept_stands_between_two_cells() -> None:
    (reading,) = splits("200 000121", 7, ROW_TOTAL)
    assert numbers("200 000121", reading) == [20, 0, 0, 0, 0, 1, 21]


def test_two_splits_that_both_add_up_are_both_given() -> None:
    readings = splits("270020130", 7, ROW_TOTAL, limit=6)
    assert sorted(numbers("270020130", r) for r in readings) == [[2, 7, 0, 0, 20, 1, 30], [27, 0, 0, 2, 0, 1, 30]]


def test_a_row_whose_numbers_do_not_add_up_has_no_split() -> None:
    assert splits("713000075", 7, ROW_TOTAL) == []


def test_without_a_total_only_the_leading_zeros_decide() -> None:
    assert [numbers("0012", r) for r in splits("0012", 3)] == [[0, 0, 12]]
    assert len(splits("5312", 3)) == 2


def rows_bound(report: Report) -> dict[tuple[str, str], dict[str, str]]:
    """The rows of tables 三 and 四 whose every cell holds a number."""
    return {
        (key, row): {column: cell.raw for column, cell in cells.items()}
        for key in ("applications", "review_litigation")
        for row, cells in report.tables.get(key, {}).items()
        if all(cell.status is CellStatus.OK for cell in cells.values())
    }


def unread_rows(findings: list[Finding]) -> set[str | None]:
    return {f.place.row for f in findings if f.code == "GK010" and f.message_id == "run-together"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), busy=st.sampled_from([0.1, 0.5, 0.9]))
def test_a_flattened_page_is_read_back_where_its_digits_allow(tmp_path: Path, seed: int, busy: float) -> None:
    values = consistent_values(random.Random(seed), busy)

    findings, report = lint(one_line(make_content(values, year=2023)), ".txt", tmp_path)

    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6] and report.year == 2023
    assert {f.code for f in findings} <= {"GK010"}
    bound = rows_bound(report)
    for (table, row), cells in bound.items():
        assert cells == values[table][row], (table, row)
    unread = unread_rows(findings)
    for row in values["applications"]:
        assert (("applications", row) in bound) != (row in unread), row
    flattened = [f for f in findings if f.message_id == "table-flattened"]
    assert len(flattened) <= 1
    if "applications" not in report.tables:
        assert flattened and "三" in flattened[0].message


def test_most_rows_of_a_quiet_year_are_read(tmp_path: Path) -> None:
    """Few applications, most cells 0: nearly every row splits one way only."""
    values = consistent_values(random.Random(5), 0.1)

    findings, report = lint(one_line(make_content(values, year=2023)), ".txt", tmp_path)

    assert len(rows_bound(report)) >= 25
    assert len(findings) <= 2


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 2**32 - 1),
    row=st.sampled_from(["new", "disclosed", "withheld.4", "results_total", "carried_out"]),
    column=st.sampled_from(["natural_person", "commercial", "total"]),
)
def test_a_broken_number_is_found_or_its_row_is_said_unreadable(
    tmp_path: Path, seed: int, row: str, column: str
) -> None:
    """Never a wrong value: a row whose total no longer holds splits no way (GK010 for it), or a
    total broken with its row kept (the column relations break)."""
    values = copy.deepcopy(consistent_values(random.Random(seed), 0.2))
    values["applications"][row][column] = str(int(values["applications"][row][column]) + 3)

    findings, report = lint(one_line(make_content(values, year=2023)), ".txt", tmp_path)

    for (table, key), cells in rows_bound(report).items():
        assert cells == values[table][key], (table, key)
    codes = {f.code for f in findings if f.place.row == row}
    assert codes & (expected_codes("applications", row) | {"GK010"})


@pytest.mark.parametrize("digits", ["1 0 0 0 0 0 1", "1000001"])
def test_a_read_cell_points_at_its_digits_in_the_line(tmp_path: Path, digits: str) -> None:
    values = consistent_values(random.Random(2), 0.0)
    text = one_line(make_content(values, year=2023))
    start = text.index("（一）予以公开") + len("（一）予以公开")
    end = text.index("（二）部分公开")
    assert text[start:end] == "0000000"
    text = text[:start] + digits + text[end:]  # one more application disclosed, (七)总计 unchanged

    findings, report = lint(text, ".txt", tmp_path)

    cell = report.tables["applications"]["disclosed"]["natural_person"]
    assert cell.raw == "1" and cell.location.line is not None and cell.location.column is not None
    line = text.splitlines()[cell.location.line - 1]
    assert line[cell.location.column - 1 :].startswith(digits)
    assert "GK202" in {f.code for f in findings if f.place.column == "natural_person"}


def test_a_thousands_separator_or_a_unit_stays_in_its_cell(tmp_path: Path) -> None:
    """``行政许可6,717``: the comma is no cell's end, and a one-cell row keeps its unit for the rules
    (``行政事业性收费3662300元`` is in 元, GK501)."""
    values = consistent_values(random.Random(4), 0.5)
    text = one_line(make_content(values, year=2023))
    licensing = "行政许可" + values["active"]["licensing"]["decisions"]
    fees = "行政事业性收费" + values["active"]["fees"]["amount"]
    assert licensing in text and fees in text
    text = text.replace(licensing, "行政许可6,717").replace(fees, "行政事业性收费3662300元")

    findings, report = lint(text, ".txt", tmp_path)

    assert report.tables["active"]["licensing"]["decisions"].value == 6717
    assert report.tables["active"]["fees"]["amount"].raw == "3662300元"
    assert "GK501" in {f.code for f in findings}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), share=st.sampled_from([0.1, 0.3, 0.6]))
def test_blank_cells_that_left_no_trace_never_give_a_wrong_value(tmp_path: Path, seed: int, share: float) -> None:
    """An agency leaves zeros blank; run together, a blank cell leaves nothing (``12`` blank blank ``3``
    reads ``123``): such a row splits one way with the wrong cells, so one split alone is not enough
    where the arithmetic cannot confirm it."""
    rng = random.Random(seed)
    values = copy.deepcopy(consistent_values(rng, 0.4))
    for table in values.values():
        for cells in table.values():
            for column, value in cells.items():
                if value == "0" and rng.random() < share:
                    cells[column] = ""

    findings, report = lint(one_line(make_content(values, year=2023)), ".txt", tmp_path)

    for key, table in report.tables.items():
        for row, cells in table.items():
            if all(cell.status is CellStatus.OK for cell in cells.values()):
                assert {column: cell.raw for column, cell in cells.items()} == values[key][row], (key, row)
    assert {f.code for f in findings} <= {"GK010", "GK104", "GK107"}


def test_a_row_the_page_puts_first_is_found_out_of_order(tmp_path: Path) -> None:
    """A table's ``<tfoot>`` row (四、结转下年度继续办理) that an extractor writes before the body."""
    values = consistent_values(random.Random(5), 0.1)
    text = one_line(make_content(values, year=2023))
    last = text.index("四、结转下年度继续办理")
    row = text[last : text.index("四、", last + 2)]
    first = text.index("一、本年新收")
    moved = text[:first] + row + text[first:last] + text[last + len(row) :]

    findings, report = lint(moved, ".txt", tmp_path)

    assert "GK104" not in {f.code for f in findings}
    assert report.tables["applications"]["carried_out"]["total"].raw == values["applications"]["carried_out"]["total"]


def test_a_row_of_digits_run_together_is_told_from_a_row_of_another_shape() -> None:
    """Such a row says nothing of the format its table follows (``binder.choice`` does not count it
    against one) and has a message of its own."""

    def note(found: str, count: int, expected: str = "7") -> BindingNote:
        return BindingNote("row-shape", NOWHERE, LogicalPlace(part=3), found, expected=expected, count=count)

    assert note("5000004", 1).digits_run_together
    assert note("20 0 00 0 121", 1).digits_run_together
    assert not note("500", 1).digits_run_together  # fewer digits than cells: cells lost, not run together
    assert not note("5 | 0 | 4", 3).digits_run_together
    assert not note("264", 1, expected="1").digits_run_together


@pytest.mark.parametrize("digits", ["1.5 0 0 0 0 0 1.5", "9" * 5000, "1" + "0" * 4400 + " 5"])
def test_numbers_no_count_can_be_are_left_unread_without_harm(tmp_path: Path, digits: str) -> None:
    """A fraction in a row of counts, or thousands of digits (more than ``int`` converts by default)."""
    values = consistent_values(random.Random(2), 0.0)
    text = one_line(make_content(values, year=2023))
    start = text.index("（一）予以公开") + len("（一）予以公开")
    text = text[:start] + digits + text[text.index("（二）部分公开") :]

    findings, report = lint(text, ".txt", tmp_path)

    assert not [f for f in findings if f.code == "GK099"]
    assert report.tables["applications"]["disclosed"]["total"].status is not CellStatus.OK


def rows_a_line(values: dict[str, dict[str, dict[str, str]]]) -> str:
    """A report whose tables' rows stand a line each, their cells run together (an extractor that
    keeps the line breaks between a page's table rows and nothing between its cells)."""
    text = tab_rows(make_content(values, year=2023))
    return "\n".join(re.sub(r"(?<=[0-9])\t(?=[0-9])", "", line).replace("\t", "") for line in text.split("\n"))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), busy=st.sampled_from([0.1, 0.4, 0.8]), broken=st.booleans())
def test_rows_a_line_run_together_are_read_back(tmp_path: Path, seed: int, busy: float, broken: bool) -> None:
    values = copy.deepcopy(consistent_values(random.Random(seed), busy))
    if broken:
        values["applications"]["withheld.4"]["natural_person"] = str(
            int(values["applications"]["withheld.4"]["natural_person"]) + 2
        )
    text = rows_a_line(values)
    assert "一、本年新收政府信息公开申请数量" + "".join(values["applications"]["new"].values()) + "\n" in text

    findings, report = lint(text, ".txt", tmp_path)

    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    bound = rows_bound(report)
    for (table, row), cells in bound.items():
        assert cells == values[table][row], (table, row)
    codes = {f.code for f in findings}
    assert codes <= ({"GK010", "GK201", "GK202"} if broken else {"GK010"})
    if not broken:
        assert len(bound) >= 20


def test_a_part_that_holds_its_flattened_table_alone_is_read(tmp_path: Path) -> None:
    """A crawler that kept the paragraphs: each part's table a line of its own, nothing else on it."""
    values = consistent_values(random.Random(6), 0.1)
    text = one_line(make_content(values, year=2023))
    for heading in ("三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "五、"):
        text = text.replace(heading, "\n" + heading + "\n", 1)
    assert "\n（本列数据的勾稽关系为" in text

    findings, report = lint(text, ".txt", tmp_path)

    assert len(rows_bound(report)) >= 25
    assert not [f for f in findings if f.message_id == "table-flattened"]


def test_a_table_whose_results_do_not_add_up_is_read_by_its_other_relation(tmp_path: Path) -> None:
    """A leaf row one more in 自然人 and 总计 (its own total holds, （七）总计 no longer does): no choice
    of splits makes every relation hold, but 一 + 二 = 三（七）+ 四 still confirms the rows it holds
    with, and the broken relation is reported (GK202), not hidden behind rows said unreadable."""
    values = copy.deepcopy(consistent_values(random.Random(8), 0.1))
    leaf = values["applications"]["withheld.1"]
    leaf["natural_person"], leaf["total"] = str(int(leaf["natural_person"]) + 1), str(int(leaf["total"]) + 1)

    findings, report = lint(one_line(make_content(values, year=2023)), ".txt", tmp_path)

    for (table, row), cells in rows_bound(report).items():
        assert cells == values[table][row], (table, row)
    assert ("applications", "results_total") in rows_bound(report)
    assert {(f.code, f.place.column) for f in findings if f.code == "GK202"} == {
        ("GK202", "natural_person"),
        ("GK202", "total"),
    }


@pytest.mark.parametrize("seed", [3, 6])
@pytest.mark.parametrize(("row", "codes"), [("carried_out", {"GK201", "GK401"}), ("withheld.3", {"GK201", "GK202"})])
def test_a_row_with_a_space_between_its_cells_is_read_as_written_when_it_does_not_add_up(
    tmp_path: Path, seed: int, row: str, codes: set[str]
) -> None:
    """``四、结转下年度继续办理1 0 1 0 0 0 5``: spaces mark every cell, so the row splits one way
    whatever its sums; its broken total is reported, not the row said unreadable (GK010), and the
    other rows are read as they would be without it."""
    values = copy.deepcopy(consistent_values(random.Random(seed), 0.1))
    cells = values["applications"][row]
    cells["total"] = str(int(cells["total"]) + 3)

    findings, report = lint(one_line(make_content(values, year=2023), numbers_apart=(3,)), ".txt", tmp_path)

    bound = rows_bound(report)
    assert bound[("applications", row)] == cells
    for (table, key), read in bound.items():
        assert read == values[table][key], (table, key)
    assert {f.code for f in findings if f.place.row == row} == codes
    assert row not in unread_rows(findings)
