"""Column headings a page break cuts in two, as a browser prints a table whose narrow columns wrap
their headings over several lines (商业 / 企业): the lines on the next page go back into their
headings, though the browser left space under the first lines and the second page's grid has
label columns the first page's lacks."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from gklint.model import Table
from gklint.readers.pdf import PdfReader

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium (Debian package chromium) is not installed")

HEADINGS = ["商业<br>企业", "科研<br>机构", "社会公<br>益组织", "法律服<br>务机构", "其他"]
WHOLE = ["商业企业", "科研机构", "社会公益组织", "法律服务机构"]


def _cell(text: object, span: str = "") -> str:
    style = "border:1px solid #000;padding:2px;text-align:center;font-size:12pt;line-height:150%"
    return f'<td {span} style="{style}">{text}</td>'


def page(space: int) -> str:
    """Table B's headings and first rows, ``space`` pixels down a page (its label columns three wide)."""
    rows = [
        _cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "rowspan=3 colspan=3")
        + _cell("申请人情况", "colspan=7"),
        _cell("自然人", "rowspan=2") + _cell("法人或<br>其他组织", "colspan=5") + _cell("总计", "rowspan=2"),
        "".join(_cell(heading) for heading in HEADINGS),
        _cell("一、本年新收政府信息公开申请数量", "colspan=3") + "".join(_cell(v) for v in (3, 1, 0, 0, 0, 1, 5)),
        _cell("三、本年度办理结果", "rowspan=2") + _cell("（一）予以公开", "colspan=2")
        + "".join(_cell(v) for v in (3, 1, 0, 0, 0, 1, 5)),
        _cell("（二）部分公开", "colspan=2") + "".join(_cell(0) for _ in range(7)),
    ]  # fmt: skip
    table = "".join(f"<tr>{row}</tr>" for row in rows)
    return (
        '<html><head><meta charset="utf-8"></head><body style="margin:0">'
        f'<div style="height:{space}px"></div><table style="border-collapse:collapse;width:560px">{table}</table>'
        "</body></html>"
    )


def printed(tmp_path: Path, space: int) -> bytes:
    html, pdf = tmp_path / "page.html", tmp_path / "page.pdf"
    html.write_text(page(space), encoding="utf-8")
    command = [BROWSER or "", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", html.as_uri()]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=180, check=True)
    return pdf.read_bytes()


def headings_broken(data: bytes) -> bool:
    """The first page shows the headings' first lines and not their last."""
    from pdfminer.high_level import extract_text

    first = extract_text(io.BytesIO(data), page_numbers=[0])
    return "商" in first and "企" not in first


def test_headings_broken_by_a_page_are_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKLINT_PDF_ENGINE", "pdfminer")
    broken = []
    for space in range(700, 1000, 10):
        data = printed(tmp_path, space)
        if headings_broken(data):
            broken.append(data)
            if len(broken) == 2:
                break
    assert broken, "no space above the table made the browser break its headings"
    for data in broken:
        document = PdfReader().read("page.pdf", data)
        tables = [block for block in document.blocks if isinstance(block, Table)]
        cells = [cell.text for table in tables for row in table.rows for cell in row]
        assert [heading for heading in WHOLE if heading in cells] == WHOLE
        assert not {"企业", "机构", "益组织", "务机构"} & set(cells)
