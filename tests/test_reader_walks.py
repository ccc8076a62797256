"""The readers' fast walks: a Word paragraph's fences skipped whole and nothing after them lost,
and an HTML page's repeated cells and locations made once without changing what is read."""

from __future__ import annotations

from gklint.model import Location, Paragraph, Table, TextCell
from gklint.readers.html import HtmlReader
from tests.test_reader_docx import package, read_docx

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def paragraph_texts(body: str) -> list[str]:
    return [block.text for block in read_docx(package(body)).blocks if isinstance(block, Paragraph)]


def test_text_after_each_kind_of_fence_is_kept_and_text_inside_is_not() -> None:
    tab_stops = '<w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/><w:tab w:val="left" w:pos="840"/></w:tabs></w:pPr>'
    body = (
        f"<w:p>{tab_stops}<w:r><w:t>甲</w:t></w:r>"
        "<w:del><w:r><w:t>删</w:t><w:tab/></w:r><w:r><w:delText>除</w:delText></w:r></w:del>"
        "<w:r><w:t>乙</w:t></w:r>"
        "<w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom>"
        f'<w:r><w:t>丙</w:t><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps"/>'
        "<mc:Fallback><w:pict><w:r><w:t>备用</w:t></w:r></w:pict></mc:Fallback></mc:AlternateContent>"
        "<w:t>丁</w:t></w:r>"
        "<w:del><w:moveFrom><w:r><w:t>套</w:t></w:r></w:moveFrom><w:r><w:t>层</w:t></w:r></w:del>"
        "<w:r><w:tab/><w:t>戊</w:t></w:r></w:p>"
    )
    assert paragraph_texts(body) == ["甲乙丙丁 戊"]


def test_a_text_box_is_read_after_its_paragraph_and_only_once() -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent>"
    body = (
        f"<w:p><w:r><w:t>框前</w:t></w:r><w:r><w:drawing>{box}</w:drawing></w:r>"
        "<w:r><w:t>框后</w:t></w:r></w:p><w:p><w:r><w:t>下一段</w:t></w:r></w:p>"
    )
    assert paragraph_texts(body) == ["框前框后", "框内", "下一段"]


def html_table(rows: str) -> Table:
    page = f"<html><body>\n<table border=1>\n{rows}\n</table>\n</body></html>".encode()
    (table,) = [block for block in HtmlReader().read("page.html", page).blocks if isinstance(block, Table)]
    return table


def test_repeated_cells_keep_their_text_line_and_merge_flags() -> None:
    table = html_table(
        '<tr><td rowspan="2">项目</td><td>0</td><td>0</td><td colspan="2"> 0 </td></tr>\n'
        "<tr><td>0</td><td><span>0</span></td><td>0</td><td>1</td></tr>"
    )
    first, second = table.rows
    assert first == (
        TextCell("项目", Location(line=3)),
        TextCell("0", Location(line=3)),
        TextCell("0", Location(line=3)),
        TextCell("0", Location(line=3)),
        TextCell("", Location(line=3), merged=True),
    )
    assert second == (
        TextCell("", Location(line=3), merged=True),
        TextCell("0", Location(line=4)),
        TextCell("0", Location(line=4)),
        TextCell("0", Location(line=4)),
        TextCell("1", Location(line=4)),
    )


def test_cell_text_whitespace_is_collapsed_the_same_wherever_it_repeats() -> None:
    table = html_table("<tr><td>a\n b</td><td>a\n b</td><td>共\n计</td><td>a  b</td></tr>")
    assert [cell.text for cell in table.rows[0]] == ["a b", "a b", "共计", "a b"]
