"""The readers' third round of cheaper walks: an HTML merge's covered positions share one empty cell
per source line and spans are parsed once per distinct value, without changing what is read; the
PDF guard counts font tokens inline and still refuses the one token past its cap."""

from __future__ import annotations

import pytest

from gklint.model import Location, Table, TextCell
from gklint.plugin import ReadError
from gklint.readers.html import HtmlReader
from gklint.readers.html.tables import _span_value
from gklint.readers.pdf import guard
from gklint.readers.pdf.guard import Meter, TooLarge, bounded


def html_table(rows: str) -> Table:
    page = f"<html><body>\n<table border=1>\n{rows}\n</table>\n</body></html>".encode()
    (table,) = [block for block in HtmlReader().read("page.html", page).blocks if isinstance(block, Table)]
    return table


def test_merges_on_one_line_share_their_empty_cell_and_other_lines_get_their_own() -> None:
    table = html_table(
        '<tr><td colspan="2">甲</td><td colspan="2">乙</td></tr>\n'
        '<tr><td rowspan="2">丙</td><td>1</td><td>2</td><td>3</td></tr>\n'
        "<tr><td>4</td><td>5</td><td>6</td></tr>"
    )
    first, second, third = table.rows
    assert first[1] is first[3]  # the same line: one empty cell for every position covered
    assert first[1] == TextCell("", Location(line=3), merged=True)
    assert third[0] == TextCell("", Location(line=4), merged=True)  # covered from the line above
    assert third[0] is not first[1]
    assert [cell.text for cell in second] == ["丙", "1", "2", "3"]
    assert [cell.text for cell in third] == ["", "4", "5", "6"]


def test_a_merged_cell_and_a_blank_cell_on_the_same_line_stay_apart() -> None:
    table = html_table('<tr><td colspan="2">甲</td><td></td></tr>\n<tr><td>1</td><td>2</td><td>3</td></tr>')
    covered, blank = table.rows[0][1], table.rows[0][2]
    assert covered.merged and not blank.merged
    assert covered.text == blank.text == "" and covered.location == blank.location


@pytest.mark.parametrize(
    ("raw", "name", "expected"),
    [
        (None, "colspan", 1),
        ("2", "colspan", 2),
        (" 007", "rowspan", 7),
        ("0", "rowspan", 65534),
        ("0", "colspan", 1),
        ("1e9999", "colspan", 1),
        ("99999999", "colspan", 1000),
        ("٣", "colspan", 1),
    ],
)
def test_a_span_is_the_same_value_however_often_it_is_asked(raw: str | None, name: str, expected: int) -> None:
    limit = 65534 if name == "rowspan" else 1000
    assert [_span_value(raw, name, limit) for _ in range(3)] == [expected] * 3


def test_a_table_past_the_cell_cap_is_refused_whichever_way_its_cells_are_written() -> None:
    plain = "<tr>" + "<td>1</td>" * 800 + "</tr>\n"
    with pytest.raises(ReadError, match="表格过大"):
        html_table(plain * 700)  # 560,000 cells written one by one
    with pytest.raises(ReadError, match="表格过大"):
        html_table('<tr><td colspan="1000" rowspan="600">x</td></tr>\n' + "<tr><td>1</td></tr>\n" * 599)


def cmap(entries: int) -> bytes:
    lines = "\n".join(f"<{n:04x}> <{0x4E00 + n:04x}>" for n in range(entries))
    return (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        + f"{entries} beginbfchar\n{lines}\nendbfchar\n".encode()
        + b"endcmap end end\n"
    )


def parse_cmap(data: bytes, meter: Meter) -> dict[int, str]:
    """A ToUnicode CMap read as pdfminer's fonts read it, inside the guard."""
    import io

    from pdfminer import pdffont
    from pdfminer.cmapdb import FileUnicodeMap

    with bounded(meter):
        found = FileUnicodeMap()
        pdffont.CMapParser(found, io.BytesIO(data)).run()
    return found.cid2unichr


def test_font_tokens_are_counted_one_by_one_and_the_map_is_read_whole() -> None:
    meter = Meter()
    mapping = parse_cmap(cmap(300), meter)
    assert mapping[0] == "一" and mapping[299] == chr(0x4E00 + 299) and len(mapping) == 300
    # two tokens per entry, and the fixed words around them
    assert 600 < meter.font_tokens < 640


def test_the_token_past_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = Meter()
    parse_cmap(cmap(50), tokens)
    monkeypatch.setattr(guard, "MAX_FONT_TOKENS", tokens.font_tokens)
    parse_cmap(cmap(50), Meter())  # exactly at the cap: read
    monkeypatch.setattr(guard, "MAX_FONT_TOKENS", tokens.font_tokens - 1)
    with pytest.raises(TooLarge, match="font tables"):
        parse_cmap(cmap(50), Meter())
