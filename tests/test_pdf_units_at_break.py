"""Counts written with their unit in every cell (0件, 12件), in a ruled table a page break cuts: the
first row on the next page is a row of its own, not the rest of the last row above it, though the
short cells above reach their right edges as a text that goes on would."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.render.pdf import render_pdf_libreoffice, soffice
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import lint


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_counts_with_their_unit_across_a_page_break(tmp_path: Path) -> None:
    values = consistent_values(random.Random(1), busy=0.5)
    for row in values["applications"].values():
        for column in row:
            row[column] += "件"
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf_libreoffice(make_content(values)))

    findings, report = lint(path)

    assert findings == []
    assert report is not None
    bound = report.tables["applications"].rows
    assert {row: {c: cell.raw for c, cell in cells.cells.items()} for row, cells in bound.items()} == values[
        "applications"
    ]
