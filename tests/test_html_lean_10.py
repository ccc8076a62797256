"""The HTML reader's tenth round of lean paths: what each shortcut must keep.

* a cell holding one element without children has its text joined without the general walk: the
  same text as the plain walk joins, whatever that one element is (inline, block, a line break, a
  dropped element, a navigation role in any case) and whatever text stands around it.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from gklint.readers.html.text import raw_cell_text
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
