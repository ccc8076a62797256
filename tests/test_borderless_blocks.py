"""Table 二 without borders, as Word and LibreOffice export it with the borders turned off: its blocks
(第二十条第（一）项 …) each under a line of headings (信息内容 | 本年处理决定数量) that no label carries
on, whether a page break falls between the blocks or the numbers stand at one side of their cells
(the headings centred, so that they stand apart from the numbers)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tests.render.pdf import content_html, html_to_pdf, soffice
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import bound_values, lint, page_texts

pytestmark = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")

VALUE_CELL = re.compile(r"<td align='left' valign='top'( rowspan='\d+' colspan='\d+'>[\d.]+</td>)")
OTHER_CELL = re.compile(r"<td align='left' valign='top'( rowspan='\d+' colspan='\d+'>(?![\d.]+</td>))")


Values = dict[str, dict[str, dict[str, str]]]


def _page(values: Values, align: str, lines_before: int, others: str = "center") -> str:
    """The report without borders, its numbers aligned ``align`` and its other cells ``others``,
    ``lines_before`` empty lines above it."""
    page = content_html(make_content(values), borders=False)
    page = VALUE_CELL.sub(rf"<td align='{align}' valign='top'\1", page)
    page = OTHER_CELL.sub(rf"<td align='{others}' valign='top'\1", page)
    padding = "".join("<p style='font-size:12pt'>　</p>" for _ in range(lines_before))
    return page.replace("<body>", f"<body>{padding}", 1)


@pytest.mark.parametrize(("align", "others"), [("left", "center"), ("right", "center"), ("right", "left")])
def test_blocks_with_numbers_at_one_side(tmp_path: Path, align: str, others: str) -> None:
    values = consistent_values(random.Random(3), busy=0.5)
    path = tmp_path / "report.pdf"
    path.write_bytes(html_to_pdf(_page(values, align, 0, others)))
    findings, report = lint(path)
    assert findings == []
    assert report is not None and bound_values(report) == values


def test_a_page_break_between_the_blocks(tmp_path: Path) -> None:
    values = consistent_values(random.Random(3), busy=0.5)
    path = tmp_path / "report.pdf"
    for lines_before in range(14, 40, 2):
        data = html_to_pdf(_page(values, "center", lines_before))
        pages = page_texts(data)
        broken = next((n for n, text in enumerate(pages) if "规章" in text), None)
        if broken is not None and "行政许可" not in pages[broken] and "行政许可" in pages[broken + 1]:
            break
    else:
        pytest.fail("no padding put a page break between 表二's blocks")
    path.write_bytes(data)
    findings, report = lint(path)
    assert findings == []
    assert report is not None and bound_values(report) == values
