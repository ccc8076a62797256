"""The readers' fourth round of cheaper walks, each checked against the slower way it replaces: an HTML
page is split into lines for its suppression comments only when a comment starts with ``gklint``, and
a table's cells are told apart from what else stands in a row and asked for spans only when they have
attributes; a Word paragraph passes over its properties without stepping into them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from gklint.model import Directive
from gklint.plugin import Reader
from gklint.readers.docx.body import _paragraph_lines
from gklint.readers.html import HtmlReader
from tests.test_reader_passes import html_rows

PAGE = "<html><body>\n{comment}\n<p>第一段</p>\n<p>第二段</p>\n</body></html>\n"


def directives_of(page: str) -> tuple[Directive, ...]:
    return HtmlReader().read("page.html", page.encode()).directives


def scanned(page: str) -> tuple[Directive, ...]:
    """What scanning every line of the page finds, as the reader did for every page with a comment."""
    return Reader.directives_in(page.splitlines())


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- gklint: disable-next-line=GK107 -->",
        "<!--gklint: disable=GK1-->",
        "<!--\u3000GKLINT: disable-file=ALL -->",  # any whitespace str.strip() strips, any case
        "<!-- g\u212alint: disable=GK2 -->",  # the Kelvin sign lower-cases to "k"
        "  <!-- gklint -->",  # names gklint but says nothing: an invalid directive, still reported
        "<!-- gklint: enable=GK1 --> <!-- note -->",  # not a comment line of its own: nothing
    ],
)
def test_a_page_whose_comments_start_with_gklint_is_scanned_line_by_line(comment: str) -> None:
    page = PAGE.format(comment=comment)
    assert directives_of(page) == scanned(page)


@pytest.mark.parametrize(
    "comment",
    ["<!-- 正文开始 -->", "<!-- about gklint: disable=GK1 -->", "<!-- gk lint: disable=GK1 -->", ""],
)
def test_a_page_whose_comments_do_not_start_with_gklint_has_no_directives(comment: str) -> None:
    page = PAGE.format(comment=comment)
    assert directives_of(page) == scanned(page) == ()


def test_directives_keep_their_lines_among_many_other_comments() -> None:
    noise = "\n".join(f"<!-- 栏目 {n} -->" for n in range(50))
    page = PAGE.format(comment=f"{noise}\n<!-- gklint: disable-next-line=GK107 -->")
    (directive,) = directives_of(page)
    assert (directive.kind, directive.codes, directive.location.line, directive.target_line) == (
        "disable-next-line",
        ("GK107",),
        52,
        53,
    )


# --------------------------------------------------------------------------- Word paragraphs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = f"{{{W_NS}}}"
_WALK_TEXT = {W + "t": None, W + "tab": " ", W + "ptab": " ", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}
_WALK_FENCES = {W + "pPr", W + "del", W + "moveFrom", f"{{{MC_NS}}}Fallback", W + "txbxContent"}


def walked_lines(p: etree._Element) -> tuple[list[str], list[etree._Element]]:
    """A paragraph's lines and text boxes by one plain walk of all its descendants, fences skipped whole:
    what the reader gave before it stopped stepping into each paragraph's properties."""
    pieces: list[str] = []
    boxes: list[etree._Element] = []
    fenced: set[etree._Element] = set()
    for el in p.iterdescendants():
        if any(ancestor in fenced for ancestor in el.iterancestors()):
            continue
        if el.tag in _WALK_FENCES:
            fenced.add(el)
            if el.tag == W + "txbxContent":
                boxes.append(el)
        elif el.tag in _WALK_TEXT:
            text = _WALK_TEXT[el.tag]
            pieces.append((el.text or "") if text is None else text)
    return "".join(pieces).split("\n"), boxes


_LEAVES = ["<w:t>甲</w:t>", "<w:t> 乙 </w:t>", "<w:tab/>", "<w:br/>", "<w:cr/>", "<w:noBreakHyphen/>", "<w:t/>"]
_LEAVES += ["<w:instrText>PAGE</w:instrText>", "<w:delText>删</w:delText>", "<w:sz/>", "<w:ptab/>"]
_WRAPPERS = ["w:r", "w:rPr", "w:pPr", "w:tabs", "w:del", "w:ins", "w:moveFrom", "w:hyperlink", "w:t"]
_WRAPPERS += ["mc:AlternateContent", "mc:Choice", "mc:Fallback", "w:txbxContent", "w:sdtContent"]


def _wrapped(children: list[str], name: str) -> str:
    return f"<{name}>{''.join(children)}</{name}>"


paragraph_content = st.recursive(
    st.sampled_from(_LEAVES),
    lambda inner: st.builds(_wrapped, st.lists(inner, max_size=4), st.sampled_from(_WRAPPERS)),
    max_leaves=14,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(paragraph_content, max_size=5))
def test_a_paragraph_reads_as_one_walk_of_all_its_descendants_would(children: list[str]) -> None:
    xml = f'<w:p xmlns:w="{W_NS}" xmlns:mc="{MC_NS}">{"".join(children)}</w:p>'
    p = etree.fromstring(xml)
    boxes: list[etree._Element] = []
    lines = _paragraph_lines(p, boxes)
    assert (lines, boxes) == walked_lines(p)


def test_paragraph_properties_give_no_text_and_what_follows_them_is_read() -> None:
    tab_stops = '<w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs><w:rPr><w:sz w:val="32"/></w:rPr></w:pPr>'
    p = etree.fromstring(
        f'<w:p xmlns:w="{W_NS}">{tab_stops}<w:r><w:rPr><w:b/></w:rPr><w:t>一、</w:t></w:r>'
        "<w:hyperlink><w:r><w:t>总体</w:t></w:r></w:hyperlink><w:t>情况</w:t><w:r><w:tab/><w:t>1</w:t></w:r></w:p>"
    )
    assert _paragraph_lines(p, []) == ["一、总体情况 1"]


# --------------------------------------------------------------------------- HTML tables


def test_spans_are_read_among_other_attributes_in_any_order_and_case() -> None:
    rows = html_rows(
        '<tr><td style="width:20%" ROWSPAN="2" class="x">甲</td><td width="80" COLSPAN=2 valign=top>乙</td></tr>\n'
        '<tr><td style="border:1px" width="10">丙</td><td nowrap>丁</td></tr>'
    )
    assert rows == [
        [("甲", 3, False), ("乙", 3, False), ("", 3, True)],
        [("", 3, True), ("丙", 4, False), ("丁", 4, False)],
    ]


def test_what_stands_in_a_row_besides_its_cells_is_not_a_cell() -> None:
    rows = html_rows(
        "<tr><td>甲</td><span>旁注</span><td>乙</td></tr>\n"
        "<tr><th>丙</th><!-- 注释 --><td>丁</td><script>var x;</script></tr>"
    )
    assert [[text for text, _, _ in row] for row in rows] == [["甲", "乙"], ["丙", "丁"]]


def test_a_cell_drops_its_navigation_scripts_and_styles_and_keeps_their_tails() -> None:
    rows = html_rows(
        '<tr><td><nav>首页</nav>合<div role="NAVIGATION">栏目</div>计<script>x()</script> 12</td>'
        '<td><div role="main">正文</div><br>续</td><td>a<style>p{}</style>b</td></tr>'
    )
    assert [text for text, _, _ in rows[0]] == ["合计 12", "正文续", "ab"]
