"""The HTML reader's tenth round of lean paths: what each shortcut must keep.

* a cell holding one element without children has its text joined without the general walk: the
  same text as the plain walk joins, whatever that one element is (inline, block, a line break, a
  dropped element, a navigation role in any case) and whatever text stands around it;
* a text with no whitespace of any kind is its own collapsed text, and every other text still
  collapses as the definition says;
* a table's rows are found without a helper call per child: its own rows and those of its row groups,
  in source order, a comment between them skipped.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.model import Table
from gklint.readers.html import HtmlReader
from gklint.readers.html.text import collapse, raw_cell_text
from tests.test_reader_walks_6 import _collapse_by_definition
from tests.test_readers_lean_7 import _plain_text

# --------------------------------------------------------------------------- a cell with one leaf element

LEAVES = (
    "<span>3</span>",
    "<span></span>",
    "<p>段落</p>",
    "<p></p>",
    "<div> 块 </div>",
    "<br>",
    "<script>x()</script>",
    "<style>p{}</style>",
    '<span role="navigation">导航</span>',
    '<p role="NAVIGATION">导航</p>',
    '<span role="note">注</span>',
    '<span class="x">\n12\n</span>',
    "<button>按钮</button>",
    "<font>字</font>",
    "<img src=x.png>",
)
AROUND = ("", "甲", " \n ", "1 ")


def _cells(markup: list[str]) -> list[Any]:
    from lxml import etree

    page = "<html><body><table><tr>" + "".join(f"<td>{cell}</td>" for cell in markup) + "</tr></table></body></html>"
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    root = etree.fromstring(page.encode("utf-8"), parser)
    return list(root.iter("td"))


@pytest.mark.parametrize("leaf", LEAVES)
def test_a_cell_with_one_leaf_element_has_the_text_the_plain_walk_joins(leaf: str) -> None:
    markup = [f"{before}{leaf}{after}" for before, after in itertools.product(AROUND, repeat=2)]
    cells = _cells(markup)
    assert len(cells) == len(markup)
    for cell in cells:
        assert raw_cell_text(cell) == _plain_text(cell)


def test_the_one_leaf_path_is_the_one_taken_and_its_texts_are_as_a_browser_joins_them() -> None:
    markup = ["<span>3</span>", "甲<p>乙</p>丙", "<br>尾", "<script>x()</script>后", '<b role="Navigation">x</b>y']
    cells = _cells(markup)
    assert all(len(cell) == 1 and not len(cell[0]) for cell in cells)
    assert [raw_cell_text(cell) for cell in cells] == ["3", "甲\n乙\n丙", "\n尾", "后", "y"]


# --------------------------------------------------------------------------- whitespace collapsing's shortcut

# Every character str.isspace() knows, ASCII and not, besides letters, CJK, punctuation and digits.
_SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()]


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=st.sampled_from([*_SPACES, "甲", "乙", "、", "（", "1", "a", "-", "\x00", "\u200b"]), max_size=10)
)
def test_a_text_with_or_without_whitespace_collapses_as_the_definition_says(text: str) -> None:
    assert collapse(text) == _collapse_by_definition(text)


@pytest.mark.parametrize("text", ["0", "第二十条第（一）项", "205.0451", "（本列数据）", "", "a\u200bb"])
def test_a_text_without_whitespace_is_its_own_collapsed_text(text: str) -> None:
    assert collapse(text) == text
    assert collapse(f"\n{text}\r\n") == text


# --------------------------------------------------------------------------- a table's rows


def test_a_table_s_rows_are_its_own_and_those_of_its_row_groups_in_source_order() -> None:
    page = (
        "<html><body><table>\n"
        "<caption>表</caption>\n"
        "<thead><tr><th>甲</th><th>乙</th></tr></thead>\n"
        "<tbody><tr><td>1</td><td>2</td></tr><!-- 注 --><tr><td>3</td><td>4</td></tr></tbody>\n"
        "<tr><td>5</td><td>6</td></tr>\n"
        "<tfoot><tr><td>7</td><td>8</td></tr></tfoot>\n"
        "</table></body></html>"
    ).encode()
    (table,) = [block for block in HtmlReader().read("page.html", page).blocks if isinstance(block, Table)]
    assert [[cell.text for cell in row] for row in table.rows] == [
        ["甲", "乙"],
        ["1", "2"],
        ["3", "4"],
        ["5", "6"],
        ["7", "8"],
    ]
