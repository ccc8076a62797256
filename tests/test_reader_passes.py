"""The readers' single passes: an HTML table's cells and spans read in one walk of its rows, a Word
cell's properties and text from one list of its children, and the unreadable-glyph count settled by
one search of a page's text; the PDF guard's patches undone after it."""

from __future__ import annotations

import io

import pytest

from gklint.model import Location, Table, TextCell
from gklint.readers.html import HtmlReader
from gklint.readers.pdf import _bad_count
from gklint.readers.pdf.collect import UNMAPPED, Glyph
from gklint.readers.pdf.guard import LEXER_CHUNK, Meter, bounded
from tests.test_reader_docx import package, read_docx


def html_rows(rows: str) -> list[list[tuple[str, int | None, bool]]]:
    page = f"<html><body>\n<table border=1>\n{rows}\n</table>\n</body></html>".encode()
    (table,) = [block for block in HtmlReader().read("page.html", page).blocks if isinstance(block, Table)]
    return [[(cell.text, cell.location.line, cell.merged) for cell in row] for row in table.rows]


def test_html_spans_ragged_rows_and_comments_between_cells() -> None:
    rows = html_rows(
        '<tr><td rowspan="3">甲</td><!-- note --><td colspan="2">乙</td></tr>\n'
        '<tr><th>丙</th><td rowspan="1" colspan="1">丁</td></tr>\n'
        "<tr><td>戊</td></tr>"
    )
    assert rows == [
        [("甲", 3, False), ("乙", 3, False), ("", 3, True)],
        [("", 3, True), ("丙", 4, False), ("丁", 4, False)],
        [("", 3, True), ("戊", 5, False)],
    ]


def test_html_a_ragged_row_under_a_merge_gets_a_blank_cell_in_the_gap() -> None:
    rows = html_rows('<tr><td>甲</td><td>乙</td><td rowspan="2">丙</td></tr>\n<tr><td>丁</td></tr>')
    assert rows == [
        [("甲", 3, False), ("乙", 3, False), ("丙", 3, False)],
        [("丁", 4, False), ("", 4, False), ("", 3, True)],
    ]


def test_html_rowspan_zero_runs_to_the_end_of_the_table_only() -> None:
    rows = html_rows('<tr><td rowspan="0">甲</td><td>1</td></tr>\n<tr><td>2</td></tr>')
    assert rows == [[("甲", 3, False), ("1", 3, False)], [("", 3, True), ("2", 4, False)]]


def test_html_cells_of_different_markup_and_the_same_text_are_equal() -> None:
    rows = html_rows("<tr><td>a  b</td><td><span>a</span> b</td><td>a\n b</td><td><p>a b</p></td></tr>")
    assert rows == [[("a b", 3, False)] * 3 + [("a b", 4, False)]]  # the last cell starts past the line break


W_PROPS = '<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
W_PROPS_TWICE = W_PROPS + '<w:tcPr><w:gridSpan w:val="3"/></w:tcPr>'


def docx_rows(rows: str, columns: int = 3) -> tuple[tuple[TextCell, ...], ...]:
    grid = "<w:tblGrid>" + '<w:gridCol w:w="2000"/>' * columns + "</w:tblGrid>"
    (table,) = [
        block for block in read_docx(package(f"<w:tbl>{grid}{rows}</w:tbl>")).blocks if isinstance(block, Table)
    ]
    return table.rows


def cell(text: str, props: str = "", before: bool = True) -> str:
    paragraph = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
    return f"<w:tc>{props}{paragraph}</w:tc>" if before else f"<w:tc>{paragraph}{props}</w:tc>"


def test_docx_cell_properties_are_read_wherever_they_stand_and_the_first_wins() -> None:
    first, second, third = docx_rows(
        f"<w:tr>{cell('甲', W_PROPS)}{cell('乙')}</w:tr>"
        f"<w:tr>{cell('丙', W_PROPS, before=False)}{cell('丁')}</w:tr>"
        f"<w:tr>{cell('戊', W_PROPS_TWICE)}{cell('己')}</w:tr>"
    )
    for row, (left, right) in zip((first, second, third), (("甲", "乙"), ("丙", "丁"), ("戊", "己"))):
        assert [(c.text, c.merged) for c in row] == [(left, False), ("", True), (right, False)]
    assert first[1].location == Location(element="表格 1 / 行 1 / 列 2")
    assert third[2].location == Location(element="表格 1 / 行 3 / 列 3")


def test_docx_a_cell_continuing_a_vertical_merge_keeps_no_text() -> None:
    merge_start = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
    merge_on = "<w:tcPr><w:vMerge/></w:tcPr>"
    top, below = docx_rows(
        f"<w:tr>{cell('甲', merge_start)}{cell('乙')}</w:tr><w:tr>{cell('不读', merge_on)}{cell('丙')}</w:tr>", 2
    )
    assert [(c.text, c.merged) for c in top] == [("甲", False), ("乙", False)]
    assert [(c.text, c.merged) for c in below] == [("", True), ("丙", False)]


def test_docx_nested_table_and_text_box_of_a_cell_join_its_text() -> None:
    nested = f"<w:tbl><w:tr>{cell('内一')}{cell('内二')}</w:tr></w:tbl>"
    box = "<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r>"
    outer = f"<w:tc><w:p><w:r><w:t>外</w:t></w:r>{box}</w:p>{nested}</w:tc>"
    # two columns and rows enough for a table, not a frame nor a page's layout (a row or two)
    rows = f"<w:tr>{outer}{cell('右')}</w:tr>" + f"<w:tr>{cell('1')}{cell('2')}</w:tr>" * 2
    assert [c.text for c in docx_rows(rows, 2)[0]] == ["外内一内二框", "右"]


def lexed(data: bytes) -> list[object]:
    from pdfminer.psparser import PSEOF, PSBaseParser

    tokens: list[object] = []
    with bounded(Meter()):
        assert PSBaseParser.BUFSIZ == LEXER_CHUNK
        parser = PSBaseParser(io.BytesIO(data))
        while True:
            try:
                tokens.append(parser.nexttoken()[1])
            except PSEOF:
                break
    return tokens


def test_the_guard_lexes_in_its_own_reads_and_leaves_pdfminer_as_it_was() -> None:
    from pdfminer.psparser import PSBaseParser

    before = PSBaseParser.BUFSIZ
    string, hexadecimal, name, number = lexed(b"(a) <ab> /n 1")
    assert (string, hexadecimal, getattr(name, "name", None), number) == (b"a", b"\xab", "n", 1)
    assert PSBaseParser.BUFSIZ == before == 4096 != LEXER_CHUNK


def glyphs(*texts: str) -> list[Glyph]:
    return [Glyph(text, 0.0, 0.0, 1.0, 1.0, 1.0) for text in texts]


@pytest.mark.parametrize(
    ("texts", "bad"),
    [
        (("一", "二", "fi"), 0),
        ((UNMAPPED, "二", UNMAPPED), 2),
        (("a\x00", "\x85", "\u00a0", "ok"), 2),
        (("x\ufffdy", "z"), 0),  # only a glyph that is wholly U+FFFD is unmapped
        ((), 0),
    ],
)
def test_bad_glyphs_are_counted_exactly(texts: tuple[str, ...], bad: int) -> None:
    assert _bad_count(glyphs(*texts)) == bad
