"""OCR reads 0 as O and 1 as l: a letter alone in a value's place is that value's cell, named by
GK109, and its row is neither lost (GK104) nor taken for a row of headings."""

from __future__ import annotations

import random
from pathlib import Path

from tests.render.synth import consistent_values, make_content
from tests.render.text import tab_rows
from tests.test_layout_text import rows_of
from tests.test_wild_layouts import lint


def test_letters_for_digits_stand_in_a_laid_out_row() -> None:
    rows = rows_of("规章  O  O  O\n行政规范性文件  O  O  l\n")
    assert rows == [["规章", "O", "O", "O"], ["行政规范性文件", "O", "O", "l"]]


def test_a_row_of_letters_for_digits_is_found_and_each_cell_named(tmp_path: Path) -> None:
    values = consistent_values(random.Random(21), 0.0)  # every count 0
    text = tab_rows(make_content(values, year=2023))
    row = next(line for line in text.splitlines() if "\t1.属于国家秘密\t" in line)
    text = text.replace(row, row.replace("\t0", "\tO"))
    findings, _ = lint(text, ".txt", tmp_path)
    assert {(f.code, f.place.row) for f in findings} == {("GK109", "withheld.1")}
    assert len(findings) == 7
