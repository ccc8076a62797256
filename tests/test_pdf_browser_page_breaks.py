"""A portal page printed by a browser onto pages short enough that the statistics tables break across
them, wherever the breaks fall: rows cut in two, cells merged down several rows cut with their text
wrapped (「三、本年度办」 on one page, 「理结果」 beside the next page's grid, where the browser draws
no rule), a cell's last line painted just under the page's last rule, a part's heading wrapped over
two lines. The report binds back to its values with no finding, and no piece of a cell is left
loose among the paragraphs."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from gklint.model import Paragraph
from gklint.readers.pdf import PdfReader
from tests.render.html import render_html
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import assert_binds_back_clean

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium (Debian package chromium) is not installed")

SHORT_PAGES = "<style>@page{size:560px 700px;margin:40px}body{font-size:18px;line-height:27px;margin:0}</style>"
# a portal's column on a Letter page: collapsed borders and small type in the cells
PORTAL_COLUMN = (
    "<style>body{margin:0 auto;width:560px;font-size:18px;line-height:30px}"
    "td{font-size:12px;line-height:normal;text-align:center}</style>"
)
PLAIN_TABLE = '<table border="1" cellspacing="0" cellpadding="2">'


def printed(folder: Path, page: str) -> bytes:
    html, pdf = folder / "page.html", folder / "page.pdf"
    html.write_text(page, encoding="utf-8")
    command = [BROWSER or "", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
               f"--user-data-dir={folder.parent / 'profile'}", f"--print-to-pdf={pdf}", html.as_uri()]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=180, check=True)
    return pdf.read_bytes()


def pushed_down(page: str, pixels: int) -> str:
    """Part 三 on a page of its own, ``pixels`` below its top: its table breaks at another row."""
    spacer = f'<div style="break-before:page;height:{pixels}px"></div>'
    return page.replace("<h2>三、", spacer + "<h2>三、", 1)


def loose_pieces_of_cells(pdf: Path, page: str) -> list[str]:
    """The paragraphs read from ``pdf`` that are a piece of a table cell of ``page`` and of nothing else."""
    from lxml import html

    tree = html.fromstring(page)
    cells = [cell.text_content() for cell in tree.iter("td")]
    prose = [element.text_content() for element in tree.iter("h1", "h2", "p")]
    document = PdfReader().read(str(pdf), pdf.read_bytes())
    texts = [block.text for block in document.blocks if isinstance(block, Paragraph)]
    return [t for t in texts if any(t in cell for cell in cells) and not any(t in text for text in prose)]


@pytest.mark.parametrize(
    ("style", "offsets"),
    [(SHORT_PAGES, range(0, 481, 40)), (PORTAL_COLUMN, range(800, 881, 10))],
    ids=["short-pages", "portal-column"],
)
def test_tables_broken_anywhere_by_the_page_bind_clean(tmp_path: Path, style: str, offsets: range) -> None:
    values = consistent_values(random.Random(7), busy=0.6)
    page = render_html(make_content(values)).decode("utf-8").replace("</head>", style + "</head>")
    if style == PORTAL_COLUMN:
        collapsed = PLAIN_TABLE.replace(">", ' style="border-collapse:collapse;width:100%">')
        page = page.replace(PLAIN_TABLE, collapsed)
    for pixels in offsets:
        folder = tmp_path / str(pixels)
        folder.mkdir()
        data = printed(folder, pushed_down(page, pixels))
        assert loose_pieces_of_cells(folder / "page.pdf", page) == [], pixels
        assert_binds_back_clean(folder / "report.pdf", data, values)


def test_a_finding_in_a_paragraph_running_on_to_the_next_page_names_the_page_it_is_on(tmp_path: Path) -> None:
    """The count stated wrongly stands on the page after the one its paragraph begins on: the finding
    names that page, where a reader finds the sentence."""
    from gklint.config import Layer, Resolver
    from gklint.manager import load_plugins
    from gklint.runner import Linter
    from tests.test_roundtrip import page_texts

    values = consistent_values(random.Random(7), busy=0.6)
    new = int(values["applications"]["new"]["total"])
    page = render_html(make_content(values)).decode("utf-8").replace("</head>", SHORT_PAGES + "</head>")
    stated = f"本局共收到政府信息公开申请{new}件"
    assert stated in page
    filler = "本局坚持依法办理，严格按照程序审查每一件申请，并及时与申请人沟通。" * 12
    page = page.replace(stated, filler + f"本局共收到政府信息公开申请{new + 1}件", 1)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(printed(tmp_path, page))
    pages = [text.replace(" ", "") for text in page_texts(pdf.read_bytes())]
    first = next(n for n, text in enumerate(pages, 1) if "本局坚持依法办理" in text)
    wrong = next(n for n, text in enumerate(pages, 1) if f"申请{new + 1}件" in text)
    assert wrong > first  # the paragraph runs on to the next page before the count

    plugins = load_plugins()
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    findings = Linter(plugins, Resolver(rulesets, Layer("test"))).lint_file(pdf).findings
    assert [(f.code, f.location.page) for f in findings] == [("GK701", wrong)]
