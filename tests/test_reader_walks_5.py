"""The readers' fifth round of cheaper walks, each checked against the slower way it stands beside: a plain
Word table is read from one tag-filtered walk of its rows, cells, paragraphs and text elements, and gives
what reading it element by element gives, for any table, plain or not; an HTML page is scanned once for
entity declarations and suppression comments together, and looked at closer only where one may start."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from gklint.model import Document, ReadNote, TextCell
from gklint.plugin import ReadError
from gklint.readers.docx.body import MAX_CELLS, MAX_ROWS, _Grid
from gklint.readers.docx.plain import plain_rows
from gklint.readers.html import HtmlReader
from gklint.readers.html.text import collapse

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
GRID = (
    '<w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="30"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid>'
)

Read = tuple[tuple[tuple[str, str | None, bool], ...], ...]


def table(body: str) -> etree._Element:
    return etree.fromstring(f'<w:tbl xmlns:w="{W_NS}" xmlns:mc="{MC_NS}">{GRID}{body}</w:tbl>')


def read(tbl: etree._Element, plain: bool) -> tuple[Read, list[ReadNote]]:
    notes: list[ReadNote] = []
    rows = _Grid(1).rows(tbl, notes, plain=plain)
    return tuple(tuple(_seen(cell) for cell in row) for row in rows), notes


def _seen(cell: TextCell) -> tuple[str, str | None, bool]:
    return cell.text, cell.location.element, cell.merged


def same_either_way(tbl: etree._Element) -> Read:
    walked, walked_notes = read(tbl, plain=True)
    stepped, stepped_notes = read(tbl, plain=False)
    assert walked == stepped
    assert walked_notes == stepped_notes
    return walked


# --------------------------------------------------------------------------- generated tables

_RUN_LEAVES = ["<w:t>甲</w:t>", "<w:t> 乙 </w:t>", "<w:t>1</w:t>", "<w:t/>", "<w:tab/>", "<w:br/>", "<w:cr/>"]
_RUN_LEAVES += ["<w:noBreakHyphen/>", "<w:ptab/>", "<w:instrText>PAGE</w:instrText>", "<w:delText>删</w:delText>"]
_RUN_LEAVES += ['<w:rPr><w:sz w:val="24"/><w:b/></w:rPr>', '<w:fldChar w:fldCharType="begin"/>']
# Rare in a report's table, each sends it to the slower reading, or is a fence the walk must honour.
_ODD = ["<w:t>外<w:b/>文</w:t>", "<w:del><w:r><w:t>删</w:t></w:r></w:del>", "<w:ins><w:r><w:t>增</w:t></w:r></w:ins>"]
_ODD += ["<mc:AlternateContent><mc:Choice><w:t>选</w:t></mc:Choice><mc:Fallback><w:t>备</w:t></mc:Fallback>"]
_ODD[-1] += "</mc:AlternateContent>"
_ODD += ["<w:pPr><w:t>属性</w:t></w:pPr>", '<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>', "<w:bookmarkStart/>"]
_ODD += ["<w:sdt><w:sdtContent><w:r><w:t>控</w:t></w:r></w:sdtContent></w:sdt>", '<w:gridSpan w:val="3"/>']

run = st.lists(st.sampled_from(_RUN_LEAVES), max_size=4).map(lambda leaves: f"<w:r>{''.join(leaves)}</w:r>")
inline = st.one_of(
    run,
    run.map(lambda r: f"<w:hyperlink>{r}</w:hyperlink>"),
    st.sampled_from(_ODD),
)
properties = st.sampled_from(
    ["", '<w:pPr><w:jc w:val="center"/></w:pPr>', '<w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>']
)
paragraph = st.builds(lambda pPr, inner: f"<w:p>{pPr}{''.join(inner)}</w:p>", properties, st.lists(inline, max_size=3))
_CELL_PROPERTIES = ["", '<w:tcPr><w:tcW w:w="2000"/></w:tcPr>', '<w:tcPr><w:gridSpan w:val="2"/></w:tcPr>']
_CELL_PROPERTIES += [
    '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>',
    "<w:tcPr><w:vMerge/></w:tcPr>",
    "<w:tcPr><w:hMerge/></w:tcPr>",
]
_CELL_PROPERTIES += ['<w:tcPr><w:tcW w:w="1"/><w:gridSpan w:val="x"/><w:vMerge w:val="continue"/></w:tcPr>']
cell_properties = st.sampled_from(_CELL_PROPERTIES)
cell_extra = st.sampled_from(
    [
        "",
        "",
        "",
        "<w:r><w:t>格外</w:t></w:r>",
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
    ]
)
cell = st.builds(
    lambda tcPr, paragraphs, extra: f"<w:tc>{tcPr}{''.join(paragraphs)}{extra}</w:tc>",
    cell_properties,
    st.lists(paragraph, max_size=3),
    cell_extra,
)
row_properties = st.sampled_from(["", '<w:trPr><w:gridBefore w:val="1"/></w:trPr>'])
row = st.builds(lambda trPr, cells: f"<w:tr>{trPr}{''.join(cells)}</w:tr>", row_properties, st.lists(cell, max_size=4))


@settings(max_examples=400, deadline=None)
@given(st.lists(row, max_size=4))
def test_any_table_reads_the_same_from_the_filtered_walk_as_element_by_element(rows: list[str]) -> None:
    same_either_way(table("".join(rows)))


# --------------------------------------------------------------------------- what takes which way

REPORT_ROW = (
    '<w:tr><w:tc><w:tcPr><w:tcW w:w="4000"/><w:gridSpan w:val="2"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="21"/></w:rPr><w:t>（一）予以</w:t></w:r>'
    '<w:proofErr w:type="spellStart"/><w:r><w:t>公开</w:t></w:r></w:p></w:tc>'
    '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r><w:r><w:br/><w:t>2</w:t></w:r></w:p>'
    "<w:p><w:hyperlink><w:r><w:tab/><w:t>3</w:t></w:r></w:hyperlink></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>"
)


def test_a_report_table_with_properties_breaks_and_links_is_plain_and_reads_the_same() -> None:
    tbl = table(REPORT_ROW * 2)
    assert plain_rows(tbl, MAX_ROWS, MAX_CELLS) is not None
    assert same_either_way(tbl)[0] == (
        ("（一）予以公开", "表格 1 / 行 1 / 列 1", False),
        ("1 2 3", "表格 1 / 行 1 / 列 2", False),
        ("", "表格 1 / 行 1 / 列 3", False),
    )


def test_tab_stops_in_paragraph_properties_are_no_text_in_a_plain_table() -> None:
    tab_stops = '<w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>'
    tbl = table(f"<w:tr><w:tc><w:p>{tab_stops}<w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t></w:r></w:p></w:tc></w:tr>")
    assert plain_rows(tbl, MAX_ROWS, MAX_CELLS) == [(tbl[1], [(1, False, "甲 乙")])]
    assert same_either_way(tbl) == ((("甲 乙", "表格 1 / 行 1 / 列 1", False),),)


def test_text_the_walk_cannot_place_sends_the_table_the_slower_way() -> None:
    outside = table("<w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:r><w:t>乙</w:t></w:r></w:tc></w:tr>")
    inner = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    nested = table(f"<w:tr><w:tc><w:p/>{inner}</w:tc></w:tr>")
    tracked = table("<w:tr><w:tc><w:p><w:del><w:r><w:t>删</w:t></w:r></w:del></w:p></w:tc></w:tr>")
    for tbl in (outside, nested, tracked):
        assert plain_rows(tbl, MAX_ROWS, MAX_CELLS) is None
        same_either_way(tbl)
    assert same_either_way(outside) == ((("甲", "表格 1 / 行 1 / 列 1", False),),)


def test_a_row_past_the_cell_cap_is_cut_with_its_note_either_way() -> None:
    cell = "<w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc>"
    tbl = table(f"<w:tr>{cell * (MAX_CELLS + 5)}</w:tr><w:tr>{cell * 4}</w:tr>")
    rows = same_either_way(tbl)
    assert [len(r) for r in rows] == [MAX_CELLS, 4]
    notes = read(tbl, plain=True)[1]
    assert len(notes) == 1 and "第 1 行" in notes[0].message


# --------------------------------------------------------------------------- HTML: one scan for rare markup

PAGE = "<html><body>\n{before}\n<p>第一段</p>\n{after}\n<p>第二段</p>\n</body></html>\n"
ENTITY = '<!DOCTYPE html [<!ENTITY lol "lol">]>'


def html_read(before: str, after: str) -> Document | ReadError:
    try:
        return HtmlReader().read("page.html", PAGE.format(before=before, after=after).encode())
    except ReadError as exc:
        return exc


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (ENTITY, ""),
        ("<!-- gklint: disable-file=GK107 -->", ENTITY),
        ("<!-- 栏目 -->", ENTITY.lower()),  # any case, as the declaration was always looked for
        ("<!-- gklint: disable-file=GK107 -->", "<!-- gklint: enable=GK1 -->" + ENTITY),
    ],
)
def test_an_entity_declaration_is_refused_wherever_it_stands_among_directives(before: str, after: str) -> None:
    assert isinstance(html_read(before, after), ReadError)


@pytest.mark.parametrize(
    ("before", "after", "kinds"),
    [
        ("<!-- 栏目 --><!DOCTYPE x>", "<!-- gklint: disable-next-line=GK107 -->", ["disable-next-line"]),
        ("<!-- gklint: disable=GK1 -->", "<!-- gklint: enable=GK1 -->", ["disable", "enable"]),
        ("<!-- 栏目 -->", "<!-- entity -->", []),
        ("<!--\u3000GKLINT: disable-file=ALL -->", "", ["invalid"]),  # found, and reported as not understood
    ],
)
def test_directives_are_found_after_other_markup_and_none_without_them(
    before: str, after: str, kinds: list[str]
) -> None:
    document = html_read(before, after)
    assert isinstance(document, Document)
    assert [directive.kind for directive in document.directives] == kinds


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Lu", "Ll", "Lo", "Nd", "Nl", "No", "Zs", "Cc", "Po"]), max_size=12))
def test_a_cell_text_collapses_as_the_whitespace_rule_says_whether_or_not_it_is_all_letters_and_digits(
    text: str,
) -> None:
    expected = " ".join(part for part in re.split(r"[ \t\r\f]+", text.replace("\n", " ")) if part).strip()
    if "\n" not in text:
        assert collapse(text) == expected
    assert (
        collapse(text.replace("\n", ""))
        == " ".join(part for part in re.split(r"[ \t\r\f]+", text.replace("\n", "")) if part).strip()
    )
