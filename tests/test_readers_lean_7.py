"""The readers' seventh round of lean paths: what each shortcut must keep.

* a PDF table's cell is made with its page and box (``TextCell.in_box``), its ``Location`` made only
  when something asks where it stands: it reads, compares, hashes, pickles and prints as the cell
  made with its location did, and so does a bound cell made from it; the cells of a rendered PDF's
  tables stand on their table's page, inside its box;
* an HTML cell's text is joined with ``kept`` written out: the same text as the plain walk joins,
  whatever the cell holds (blocks, line breaks, dropped elements and their tails, navigation roles in
  any case, nested inline runs).
"""

from __future__ import annotations

import dataclasses
import pickle
import random
from pathlib import Path

import pytest

from gklint.model import Location, Table, TextCell
from gklint.model.report import Cell, CellStatus, LogicalPlace
from gklint.readers.html.text import BLOCK, kept, raw_cell_text

# --------------------------------------------------------------------------- PDF cells made without a location

BOX = (72.0, 500.25, 144.5, 520.0)  # the lazy cell's reading, comparing and pickling: test_reader_walks_6


def test_a_pdf_cell_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        TextCell.in_box("1", 1, BOX).text = "改"


def test_a_word_cell_s_name_is_still_its_stem_and_number() -> None:
    """A DOCX cell's ``_at`` is a pair too: its second item, a number, is no box."""
    assert TextCell.in_element("3", "表格 1 / 行 2 / 列 ", 3).location == Location(element="表格 1 / 行 2 / 列 3")


def test_a_bound_cell_pickles_a_pdf_source_as_its_page_and_box() -> None:
    place = LogicalPlace(part=2, table="active", row="rules", column="made")
    source = TextCell.in_box("3", 4, BOX)
    bound = Cell.deferred("3", 3, CellStatus.OK, source, place)
    state = bound.__getstate__()
    assert state["_at"] == (4, BOX)  # plain data, never the source cell
    again = pickle.loads(pickle.dumps(bound))
    assert again.location == Location(page=4, bbox=BOX) == source.location
    assert again == Cell("3", 3, CellStatus.OK, Location(page=4, bbox=BOX), place)


def _inside(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    slack = 0.01
    return (
        outer[0] - slack <= inner[0] < inner[2] <= outer[2] + slack
        and outer[1] - slack <= inner[1] < inner[3] <= outer[3] + slack
    )


def _rendered_tables(monkeypatch: pytest.MonkeyPatch, borderless: bool) -> list[Table]:
    pytest.importorskip("reportlab")
    from gklint.readers.pdf import PdfReader
    from tests.render.pdf import render_borderless_pdf, render_pdf, synthetic_content

    monkeypatch.setenv("GKLINT_PDF_ENGINE", "pdfminer")
    data = render_borderless_pdf(synthetic_content(1)) if borderless else render_pdf(synthetic_content(0))
    return [block for block in PdfReader().read("rendered.pdf", data).blocks if isinstance(block, Table)]


def test_every_cell_of_a_rendered_ruled_table_stands_on_its_page_inside_its_box(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tables = _rendered_tables(monkeypatch, borderless=False)
    assert tables
    for table in tables:
        assert table.location.page is not None and table.location.bbox is not None
        for row in table.rows:
            for cell in row:
                where = cell.location
                assert where == Location(page=table.location.page, bbox=where.bbox)
                assert where.bbox is not None and _inside(where.bbox, table.location.bbox)


def test_every_cell_of_a_rendered_borderless_table_stands_on_its_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """A borderless table's cell is the box of its text, which may reach past the column bands."""
    tables = _rendered_tables(monkeypatch, borderless=True)
    assert tables
    for table in tables:
        for row in table.rows:
            for cell in row:
                where = cell.location
                assert where.bbox is not None and where.bbox[0] < where.bbox[2]
                assert where == Location(page=table.location.page, bbox=where.bbox)


def _fixture_tables(path: Path, engine: str, monkeypatch: pytest.MonkeyPatch) -> list[Table]:
    from gklint.readers.pdf import PdfReader

    monkeypatch.setenv("GKLINT_PDF_ENGINE", engine)
    return [block for block in PdfReader().read(str(path), path.read_bytes()).blocks if isinstance(block, Table)]


def test_a_libreoffice_pdf_s_cells_stand_inside_their_tables_with_either_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = Path(__file__).parent / "fixtures" / "pdf" / "libreoffice_1.pdf"
    engines = ["pdfminer"]
    try:
        import pypdfium2  # noqa: F401

        engines.append("pdfium")
    except ImportError:
        pass
    found = {engine: _fixture_tables(path, engine, monkeypatch) for engine in engines}
    for tables in found.values():
        assert tables
        for table in tables:
            for row in table.rows:
                for cell in row:
                    assert cell.location.page == table.location.page
                    assert cell.location.bbox is not None and _inside(cell.location.bbox, table.location.bbox)
    texts = {
        engine: [[[cell.text for cell in row] for row in table.rows] for table in tables]
        for engine, tables in found.items()
    }
    assert len({repr(t) for t in texts.values()}) == 1  # the same cells from both engines


# --------------------------------------------------------------------------- HTML cell text


def _plain_gather(el: object, pieces: list[str]) -> None:
    """The walk with ``kept`` called per child, as it was before it was written out."""
    for child in el:  # type: ignore[attr-defined]
        tag = child.tag
        if kept(child, tag):
            block = tag in BLOCK
            if block or tag == "br":
                pieces.append("\n")
            if child.text:
                pieces.append(child.text)
            if len(child):
                _plain_gather(child, pieces)
            if block:
                pieces.append("\n")
        if child.tail:
            pieces.append(child.tail)


def _plain_text(cell: object) -> str:
    pieces = [cell.text or ""]  # type: ignore[attr-defined]
    _plain_gather(cell, pieces)
    return "".join(pieces)


PIECES = (
    "12",
    " 甲 乙 ",
    "\n",
    "<span>3</span>",
    "<b>粗<i>斜</i>体</b>尾",
    "<p>段落</p>",
    "<div> 块 <br>行</div>",
    "<br/>",
    "<script>x()</script>后",
    "<style>p{}</style>",
    '<span role="navigation">导航</span>留',
    '<span role="NAVIGATION">导航</span>',
    '<div role="Navigation"><p>x</p></div>尾',
    '<span role="note">注</span>',
    "<!-- 注释 -->",
    "<button>按钮</button>字",
    "<ul><li>一</li><li>二</li></ul>",
    "<font>字<sup>2</sup></font>",
)


def _random_cell(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6)))


@pytest.mark.parametrize("seed", range(5))
def test_an_html_cell_s_text_is_the_text_the_plain_walk_joins(seed: int) -> None:
    from lxml import etree

    rng = random.Random(seed)
    cells = [_random_cell(rng) for _ in range(60)]
    page = "<html><body><table><tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr></table></body></html>"
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True)
    root = etree.fromstring(page.encode("utf-8"), parser)
    found = list(root.iter("td"))
    assert len(found) == len(cells)
    for cell in found:
        assert raw_cell_text(cell) == _plain_text(cell)
