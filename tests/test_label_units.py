"""Row labels written with the unit of their counts (``行政许可（件）``, ``（七）总计（件）``): the
rows they name, not missing rows, and no misspelling; a money unit is never taken off a label."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gklint.binder.labels import Labels
from gklint.templates.national import NATIONAL_2021
from gklint.text import normalize_label
from tests.render.synth import consistent_values, make_content
from tests.render.text import tab_rows
from tests.test_wild_layouts import bound_values, lint

UNITS = {
    "行政许可": "行政许可（件）",
    "行政处罚": "行政处罚(件)",
    "（七）总计": "（七）总计（件）",
    "规章": "规章（个）",
}


def with_units(text: str) -> str:
    for label, written in UNITS.items():
        assert f"\n{label}\t" in text or f"\t{label}\t" in text, label
        text = text.replace(f"\n{label}\t", f"\n{written}\t").replace(f"\t{label}\t", f"\t{written}\t")
    return text


def test_a_report_whose_row_labels_carry_units_binds_unchanged(tmp_path: Path) -> None:
    values = consistent_values(random.Random(5), 0.5)
    findings, report = lint(with_units(tab_rows(make_content(values))), ".txt", tmp_path)
    assert findings == []
    assert bound_values(report) == values


def test_a_broken_total_beside_a_unit_is_found_in_its_row(tmp_path: Path) -> None:
    values = consistent_values(random.Random(5), 0.5)
    values["applications"]["results_total"]["natural_person"] = str(
        int(values["applications"]["results_total"]["natural_person"]) + 3
    )
    findings, _ = lint(with_units(tab_rows(make_content(values))), ".txt", tmp_path)
    assert {(f.code, f.place.row) for f in findings if f.code == "GK201"} == {("GK201", "results_total")}


@pytest.mark.parametrize("text", ["行政事业性收费（元）", "行政许可（万元）", "行政许可（件数）"])
def test_no_money_unit_or_other_word_is_taken_off(text: str) -> None:
    labels = Labels.of(next(spec for spec in NATIONAL_2021.tables if spec.key == "active"))
    match = labels.match(normalize_label(text))
    assert match is None or not match[1]
