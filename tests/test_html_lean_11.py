"""The HTML reader's eleventh round of lean paths: what each shortcut must keep.

* the first place an entity declaration or a suppression comment may start is found by looking at
  each ``<!`` in turn (a regular expression searching the rest past a few dozen of them): the same
  place the regular expression's own search finds, whatever whitespace, case or number of ``<!``;
* a merged cell's rowspan or colspan is read only when the cell has that attribute, whatever other
  attributes it has and however its names are written; its text is joined as the plain walk joins it;
* a table is a layout table (it holds another table, or has a single column) as the definition says,
  its rows' widths counted only until one passes a single column.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.model import Table
from gklint.readers.html import _ENTITY_OR_DIRECTIVE, _FIND_TRIES, HtmlReader, _first_markup
from gklint.readers.html.tables import _colspan, is_layout
from tests.test_reader_walks_6 import _reference, _span

# --------------------------------------------------------------------------- the first markup to look at

_PIECES = ["<!", "<!--", "<", "!", "-", "--", "gklint", "GKLINT", "g\u212along", "ENTITY", "entity", "Entit"]
_PIECES += [" ", "\n", "\u3000", "\x85", "甲", "x", "<!DOCTYPE html>"]


def _searched(text: str) -> int:
    found = _ENTITY_OR_DIRECTIVE.search(text)
    return len(text) if found is None else found.start()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_the_first_markup_is_where_the_regular_expression_s_search_finds_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _first_markup(text) == _searched(text)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=0, max_value=3 * _FIND_TRIES),
    st.sampled_from(["", "<!ENTITY x 'y'>", "<!-- gklint: disable=x -->", "<!--\u3000GKLINT-->", "<!-- note -->"]),
    st.sampled_from(["<!-- 注 -->", "<!DOCTYPE html>", "<!>", "<!"]),
)
def test_past_the_few_dozen_looked_at_one_by_one_the_search_finds_the_same_place(
    before: int, markup: str, other: str
) -> None:
    text = "<p>甲</p>".join([other] * before) + markup + "<p>尾</p>" + other
    assert _first_markup(text) == _searched(text)


def test_a_suppression_comment_after_many_other_comments_still_suppresses() -> None:
    comments = "".join(f"<!-- 注{n} -->\n" for n in range(2 * _FIND_TRIES))
    page = f"<html><body>\n{comments}<!-- gklint: disable-file -->\n<p>正文</p></body></html>".encode()
    document = HtmlReader().read("page.html", page)
    assert document.directives, "the comment past the first few dozen must still be found"
    assert [block.text for block in document.blocks] == ["正文"]


# --------------------------------------------------------------------------- merged cells' attributes

_SPANS = st.sampled_from([None, "1", "2", "3", "0", "x"])
_NAMES = st.sampled_from([("rowspan", "colspan"), ("ROWSPAN", "ColSpan")])
_OTHER = st.sampled_from(["", ' class="c"', ' style="width: 2em" valign="top"', ' data-rowspan="3"'])
# A cell's markup around its text, and the text a browser shows for it.
_INSIDE = st.sampled_from(
    [("{}", "{}"), ("<span>{}</span>", "{}"), ("<p>{}</p>", "{}"), ("<b>{}</b><i>注</i>", "{}注"), (" {} ", "{}")]
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(["甲", "1", "0", ""]), _SPANS, _SPANS, _NAMES, _OTHER, _INSIDE), max_size=4),
        min_size=1,
        max_size=6,
    )
)
def test_a_merged_cell_s_attributes_read_only_when_present_resolve_as_the_definition_says(
    rows: list[list[tuple[str, str | None, str | None, tuple[str, str], str, tuple[str, str]]]],
) -> None:
    markup = []
    for row in rows:
        cells = []
        for text, rowspan, colspan, (row_name, column_name), other, inside in row:
            spans = ((row_name, rowspan), (column_name, colspan))
            attributes = "".join(f' {name}="{value}"' for name, value in spans if value) + other
            cells.append(f"<td{attributes}>{inside[0].format(text)}</td>")
        markup.append(f"<tr>{''.join(cells)}</tr>")
    page = f"<html><body><table border=1>\n{chr(10).join(markup)}\n</table></body></html>".encode()
    tables = [block for block in HtmlReader().read("page.html", page).blocks if isinstance(block, Table)]
    spans = [
        [(shown.format(text), _span(rs), max(_span(cs), 1)) for text, rs, cs, _, _, (_, shown) in row] for row in rows
    ]
    if all(sum(width for _, _, width in row) <= 1 for row in spans):
        assert not tables  # a one-column table is a layout table, read as running text
        return
    (table,) = tables
    assert [[(cell.text, cell.merged) for cell in row] for row in table.rows] == _reference(spans)


def test_the_reader_keeps_a_table_of_merged_cells_whose_attributes_vary() -> None:
    page = (
        "<html><body><table border=1>\n"
        '<tr><td ROWSPAN="2" style="x">甲</td><td colspan="2" class="c"><span>乙</span></td></tr>\n'
        '<tr><td valign="top">1</td><td rowspan="1" colspan="1">2</td></tr>\n'
        "</table></body></html>"
    ).encode()
    (table,) = [block for block in HtmlReader().read("page.html", page).blocks if isinstance(block, Table)]
    assert [[(cell.text, cell.merged, cell.location.line) for cell in row] for row in table.rows] == [
        [("甲", False, 2), ("乙", False, 2), ("", True, 2)],
        [("", True, 2), ("1", False, 3), ("2", False, 3)],
    ]


# --------------------------------------------------------------------------- layout tables


def _layout_by_definition(table: Any) -> bool:
    """A layout table holds another table, or no row's cells (td or th) span more than one column."""
    if any(True for _ in table.iterdescendants("table")):
        return True
    rows = [row for row in table.iter("tr") if row.getparent() is table or row.getparent().getparent() is table]
    return all(sum(_colspan(cell.get("colspan")) for cell in row if cell.tag in ("td", "th")) <= 1 for row in rows)


_CELL = st.sampled_from(
    ["<td>甲</td>", "<th>乙</th>", '<td colspan="2">丙</td>', '<td colspan="0">丁</td>', "<!-- 注 -->"]
)
_CELL |= st.sampled_from(['<th colspan="x">戊</th>', "<td><table><tr><td>内</td></tr></table></td>", "<div>外</div>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=4), max_size=4), st.booleans())
def test_a_table_is_a_layout_table_as_the_definition_says(rows: list[list[str]], grouped: bool) -> None:
    from lxml import etree

    body = "".join(f"<tr>{''.join(cells)}</tr>" for cells in rows)
    body = f"<tbody>{body}</tbody>" if grouped else body
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=False)
    root = etree.fromstring(f"<html><body><table>{body}</table></body></html>".encode(), parser)
    table = root.find(".//table")
    assert is_layout(table) == _layout_by_definition(table)
