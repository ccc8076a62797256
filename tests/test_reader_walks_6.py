"""The readers' sixth round: a table cell's location is made only when something asks where it stands
(an HTML cell keeps its source line, a Word cell its row's name and its column), and reads, compares,
hashes, pickles and prints as the location made at once did; HTML merges are carried with the last
row they cover; whitespace at either end of a text is dropped before it is collapsed, and whitespace
before a paragraph's first text is not kept."""

from __future__ import annotations

import dataclasses
import pickle
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.model import Location, Paragraph, Table, TextCell
from gklint.model.report import Cell, CellStatus, LogicalPlace
from gklint.plugin import is_cjk_char
from gklint.readers.html import HtmlReader
from gklint.readers.html.text import collapse

# --------------------------------------------------------------------------- cells made without a location

Made = Callable[[], TextCell]
BOX = (72.0, 500.25, 144.5, 520.0)
LAZY_AND_EAGER: list[tuple[Made, TextCell]] = [
    (lambda: TextCell.on_line("12", 7), TextCell("12", Location(line=7))),
    (lambda: TextCell.on_line("", 7, merged=True), TextCell("", Location(line=7), merged=True)),
    (lambda: TextCell.on_line("甲", None), TextCell("甲", Location())),
    (
        lambda: TextCell.in_element("乙", "表格 2 / 行 3 / 列 ", 4),
        TextCell("乙", Location(element="表格 2 / 行 3 / 列 4")),
    ),
    (
        lambda: TextCell.in_element("", "表格 1 / 行 1 / 列 ", 2, merged=True),
        TextCell("", Location(element="表格 1 / 行 1 / 列 2"), merged=True),
    ),
    # A PDF table's cells (the seventh round: TextCell.in_box), by page and box.
    (lambda: TextCell.in_box("12", 3, BOX), TextCell("12", Location(page=3, bbox=BOX))),
    (lambda: TextCell.in_box("", 1, BOX, True), TextCell("", Location(page=1, bbox=BOX), merged=True)),
    (lambda: TextCell.in_box("", 2, (0, 0, 1, 1)), TextCell("", Location(page=2, bbox=(0, 0, 1, 1)))),
]


@pytest.mark.parametrize(("lazy", "eager"), LAZY_AND_EAGER)
def test_a_cell_made_without_its_location_reads_as_one_made_with_it(lazy: Made, eager: TextCell) -> None:
    assert lazy().location == eager.location
    assert lazy().location.describe() == eager.location.describe()
    assert lazy().location.sort_key() == eager.location.sort_key()
    assert lazy() == eager and hash(lazy()) == hash(eager)
    assert repr(lazy()) == repr(eager)
    assert (lazy().text, lazy().merged) == (eager.text, eager.merged)
    assert dataclasses.replace(lazy(), text="x") == dataclasses.replace(eager, text="x")


@pytest.mark.parametrize(("lazy", "eager"), LAZY_AND_EAGER)
def test_a_lazy_cell_pickles_to_the_same_cell_whether_or_not_its_location_was_read(lazy: Made, eager: TextCell) -> None:
    never_read = pickle.loads(pickle.dumps(lazy()))
    read = lazy()
    read.location  # noqa: B018 (made now, before pickling)
    assert never_read == pickle.loads(pickle.dumps(read)) == eager
    assert never_read.location == eager.location


@pytest.mark.parametrize(("lazy", "eager"), LAZY_AND_EAGER)
def test_a_cell_is_frozen_whichever_way_it_was_made(lazy: Made, eager: TextCell) -> None:
    for cell in (lazy(), eager):
        with pytest.raises(dataclasses.FrozenInstanceError):
            cell.text = "改"


def test_a_bound_cell_pickles_its_lazy_source_as_plain_data() -> None:
    place = LogicalPlace(part=2, table="active", row="rules", column="made")
    for source, expected in ((TextCell.on_line("3", 9), 9), (TextCell.in_element("3", "表格 1 / 行 2 / 列 ", 3), None)):
        bound = Cell.deferred("3", 3, CellStatus.OK, source, place)
        state = bound.__getstate__()
        assert not isinstance(state["_at"], TextCell)  # never the source cell itself
        if expected is not None:
            assert state["_at"] == expected
        again = pickle.loads(pickle.dumps(bound))
        assert again.location == source.location
        assert again == Cell("3", 3, CellStatus.OK, source.location, place)
    assert Cell.deferred("1.5", Decimal("1.5"), CellStatus.OK, TextCell.on_line("1.5", 4), place).location.line == 4


def test_paragraphs_and_tables_are_made_positionally_by_keyword_and_by_default_alike() -> None:
    where = Location(line=3)
    assert Paragraph("标题", where, 2) == Paragraph(text="标题", location=where, heading_level=2)
    assert Paragraph("正文") == Paragraph("正文", Location(), 0)
    rows = ((TextCell.on_line("1", 3),),)
    assert Table(rows, where, True) == Table(rows=rows, location=where, sparse=True)
    assert Table(rows).sparse is False and Table(rows).location == Location()
    assert dataclasses.replace(Paragraph("a", where), heading_level=1) == Paragraph("a", where, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Paragraph("a").text = "b"
    assert repr(Paragraph("a", where, 1)) == f"Paragraph(text='a', location={where!r}, heading_level=1)"


# --------------------------------------------------------------------------- HTML grids against the definition

_SPANS = st.sampled_from([None, "1", "2", "3", "0", "x"])


def _reference(rows: list[list[tuple[str, int, int]]]) -> list[list[tuple[str, bool]]]:
    """Rowspan and colspan resolved as the reader always has, counting down: each row's cells go to the
    next column no merge from above covers; a merge reaches right at once and down for its rowspan's
    rows, each row counting one off; a row ends at the last column a merge still covers."""
    carried: dict[int, int] = {}  # column -> rows it still covers
    out = []
    for r, row in enumerate(rows):
        cells: list[tuple[str, bool]] = []
        fresh: dict[int, int] = {}
        for text, height, width in row:
            while len(cells) in carried:
                cells.append(("", True))
            height = len(rows) - r if height == 0 else min(height, len(rows) - r)
            if height > 1:
                fresh.update((c, height - 1) for c in range(len(cells), len(cells) + width))
            cells.append((text.strip(), False))
            cells.extend([("", True)] * (width - 1))
        while carried and len(cells) <= max(carried):
            cells.append(("", True) if len(cells) in carried else ("", False))
        carried = {c: left - 1 for c, left in carried.items() if left > 1}
        carried.update(fresh)
        if cells:
            out.append(cells)
    return out


def _span(raw: str | None) -> int:
    return 1 if raw is None or not raw.isdigit() else int(raw)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(["甲", "1", "0", " 2 ", ""]), _SPANS, _SPANS), min_size=1, max_size=4),
        min_size=1,
        max_size=6,
    )
)
def test_any_grid_of_spans_resolves_as_counting_down_the_rows_of_each_merge_does(
    rows: list[list[tuple[str, str | None, str | None]]],
) -> None:
    markup = []
    for row in rows:
        cells = []
        for text, rowspan, colspan in row:
            attributes = "".join(
                f' {name}="{value}"' for name, value in (("rowspan", rowspan), ("colspan", colspan)) if value
            )
            cells.append(f"<td{attributes}>{text}</td>")
        markup.append(f"<tr>{''.join(cells)}</tr>")
    page = f"<html><body><table border=1>\n{chr(10).join(markup)}\n</table></body></html>".encode()
    tables = [block for block in HtmlReader().read("page.html", page).blocks if isinstance(block, Table)]
    spans = [[(text, _span(rowspan), max(_span(colspan), 1)) for text, rowspan, colspan in row] for row in rows]
    expected = _reference(spans)
    if all(sum(width for _, _, width in row) <= 1 for row in spans):
        assert not tables  # a one-column table is a layout table, read as running text
        return
    (table,) = tables
    assert [[(cell.text, cell.merged) for cell in row] for row in table.rows] == expected
    lines = [[cell.location.line for cell in row] for row in table.rows]
    assert all(line is not None and 2 <= line <= 1 + len(rows) for row in lines for line in row)


def test_a_merge_from_above_ends_where_its_rowspan_ends_and_a_gap_is_an_empty_unmerged_cell() -> None:
    page = (
        "<html><body><table border=1>\n"
        '<tr><td rowspan="2">甲</td><td rowspan="3">乙</td><td>1</td></tr>\n'
        "<tr><td>2</td></tr>\n"
        "<tr></tr>\n"
        "<tr><td>3</td><td>4</td><td>5</td></tr>\n"
        "</table></body></html>"
    ).encode()
    (table,) = [block for block in HtmlReader().read("page.html", page).blocks if isinstance(block, Table)]
    seen = [[(cell.text, cell.merged, cell.location.line) for cell in row] for row in table.rows]
    assert seen == [
        [("甲", False, 2), ("乙", False, 2), ("1", False, 2)],
        [("", True, 2), ("", True, 2), ("2", False, 3)],
        [("", False, 4), ("", True, 2)],  # nothing in column 0 any more: a gap on the row's own line
        [("3", False, 5), ("4", False, 5), ("5", False, 5)],
    ]


# --------------------------------------------------------------------------- whitespace


def _collapse_by_definition(text: str) -> str:
    """Every run of ASCII whitespace becomes one space, or nothing when it holds a line break between
    two CJK characters; then whitespace at either end goes."""

    def space(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        joined = "\n" in match.group() and start > 0 and end < len(text)
        return "" if joined and is_cjk_char(text[start - 1]) and is_cjk_char(text[end]) else " "

    return re.sub(r"[ \t\n\r\f]+", space, text).strip()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n\r\f\xa0\u3000甲乙、，1a-")), max_size=12))
def test_a_text_collapses_as_the_definition_says_with_whitespace_at_its_ends_dropped_first(text: str) -> None:
    assert collapse(text) == _collapse_by_definition(text)


@pytest.mark.parametrize("lead", ["", "\n", "  \n\t", "\xa0", "\u3000\n"])
def test_whitespace_before_a_paragraph_neither_makes_a_paragraph_nor_moves_its_line(lead: str) -> None:
    page = f"<html><body>\n<div>{lead}<span>{lead}</span>\n甲乙\n丙</div>\n<p>{lead}</p>\n<p>丁</p></body></html>"
    blocks = HtmlReader().read("page.html", page.encode()).blocks
    assert [(block.text, block.location.line) for block in blocks if isinstance(block, Paragraph)] == [
        ("甲乙丙", 3 + lead.count("\n")),  # the tail's own line break, after the line the span starts on
        ("丁", 6 + lead.count("\n") * 3),
    ]
