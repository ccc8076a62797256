"""Counts written otherwise than in Arabic digits: letters OCR reads for digits (O for 0, l and I
for 1), the Chinese zero 〇 and Chinese numerals, a count with its unit (3件). Each is read as the
count it stands for, so its row is bound and checked, not lost (GK104) nor named cell by cell."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from gklint.text import count_written_otherwise, normalize_label
from tests.render.synth import consistent_values, make_content
from tests.render.text import tab_rows
from tests.test_layout_text import rows_of
from tests.test_wild_layouts import lint


@pytest.mark.parametrize(
    ("written", "count"),
    [("O", 0), ("o", 0), ("l", 1), ("I", 1), ("1O", 10), ("〇", 0), ("十二", 12), ("一百零五", 105), ("3件", 3)],
)
def test_a_count_written_otherwise_is_read(written: str, count: int) -> None:
    assert count_written_otherwise(written) == count


@pytest.mark.parametrize("written", ["", "规章", "OK", "Ol.5", "3万元", "一、", "十二条款", "l" * 16])
def test_words_are_not_counts(written: str) -> None:
    assert count_written_otherwise(written) is None


def test_letters_for_digits_stand_in_a_laid_out_row() -> None:
    rows = rows_of("规章  O  O  O\n行政规范性文件  O  O  l\n")
    assert rows == [["规章", "O", "O", "O"], ["行政规范性文件", "O", "O", "l"]]


def _with_zeros_as(text: str, mark: str) -> str:
    """Every zero count of the tables (a tab-separated cell ``0``) written as ``mark``."""
    return re.sub(r"(?<=\t)0(?=\t|\n)", mark, text)


@pytest.mark.parametrize("mark", ["O", "〇", "0件"])
def test_zeros_written_otherwise_bind_as_zeros_and_raise_nothing(tmp_path: Path, mark: str) -> None:
    values = consistent_values(random.Random(21), 0.5)
    text = tab_rows(make_content(values, year=2023))
    changed = _with_zeros_as(text, mark)
    assert changed.count(f"\t{mark}") > 20
    findings, report = lint(changed, ".txt", tmp_path)
    assert findings == []
    assert report.cell("applications", "new", "total").value == int(values["applications"]["new"]["total"])
    written = [cell for table in report.tables.values() for cell in table.cells() if cell.raw == mark]
    assert written and all(cell.value == 0 for cell in written)


def test_a_broken_total_among_letters_for_digits_is_still_found(tmp_path: Path) -> None:
    values = consistent_values(random.Random(21), 0.5)
    text = _with_zeros_as(tab_rows(make_content(values, year=2023)), "O")
    row = next(line for line in text.splitlines() if line.startswith("一、本年新收"))
    total = row.rsplit("\t", 1)[1]
    broken = text.replace(row, row[: -len(total)] + str(int(total) + 1))
    findings, _ = lint(broken, ".txt", tmp_path)
    assert {(f.code, f.place.row) for f in findings if f.code == "GK201"} == {("GK201", "new")}


def test_angle_brackets_read_for_round_ones_are_round(tmp_path: Path) -> None:
    assert normalize_label("〈二〉部分公开") == normalize_label("（二）部分公开")
    values = consistent_values(random.Random(21), 0.5)
    text = tab_rows(make_content(values, year=2023)).replace("（二）部分公开", "〈二〉部分公开")
    assert "〈二〉部分公开" in text
    findings, report = lint(text, ".txt", tmp_path)
    assert findings == []
    assert report.cell("applications", "partly_disclosed", "total").value == int(
        values["applications"]["partly_disclosed"]["total"]
    )
