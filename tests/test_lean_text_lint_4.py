"""The fourth round's structural shortcuts in a text report's lint give what the long way gave.

Each test pits a shortcut against the plain computation it replaces: a text reader's cell, a bound
cell and a bound row made without their ``Location`` (made from where they were read, on first use)
against the same objects made with it.
"""

from __future__ import annotations

import copy
import pickle
import random
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.binder.labels import Token
from gklint.binder.tables import make_cell
from gklint.binder.walk import value_column as _value_column
from gklint.history import compact
from gklint.model import (
    NOWHERE,
    BoundRow,
    BoundTable,
    Cell,
    CellStatus,
    Location,
    LogicalPlace,
    Paragraph,
    Report,
    Table,
    TextCell,
)
from gklint.readers.markdown import MarkdownReader
from gklint.readers.text import TextReader
from gklint.relations import zero_blanks
from gklint.template import RowSpec
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
TEMPLATES = [NATIONAL_2021, NATIONAL_2019]


def _spots(rng: random.Random, count: int) -> list[tuple[str, int, int, int]]:
    texts = ["", "0", " 12 ", "/", "本年新收政府信息公开申请数量", "x\u3000", "1,024"]
    spots = []
    for _ in range(count):
        line, column = rng.randint(1, 900), rng.randint(1, 90)
        spots.append((rng.choice(texts), line, column, column + rng.randint(0, 30)))
    return spots


def _plain_cell(text: str, line: int, column: int, end: int) -> TextCell:
    return TextCell(text, Location(line, column, line, end))


# --------------------------------------------------------------------------- deferred locations


def test_a_text_cell_made_at_a_spot_is_the_cell_made_with_its_location() -> None:
    for text, line, column, end in _spots(random.Random(4), 300):
        lazy, plain = TextCell.at(text, line, column, end), _plain_cell(text, line, column, end)
        assert lazy == plain and hash(lazy) == hash(plain)
        assert repr(lazy) == repr(plain)
        assert lazy.location == Location(line=line, column=column, end_line=line, end_column=end)
        assert lazy.location is lazy.location  # made once, then kept
        assert (lazy.text, lazy.merged) == (plain.text, plain.merged)


def test_a_deferred_cell_pickles_copies_and_replaces_as_the_plain_one() -> None:
    for text, line, column, end in _spots(random.Random(5), 100):
        for touched in (False, True):
            lazy = TextCell.at(text, line, column, end)
            if touched:
                assert lazy.location.line == line
            back = pickle.loads(pickle.dumps(lazy, protocol=pickle.HIGHEST_PROTOCOL))
            assert back == _plain_cell(text, line, column, end)
            assert copy.copy(lazy) == copy.deepcopy(lazy) == lazy
            moved = replace(lazy, text="7")
            assert moved == TextCell("7", Location(line, column, line, end))
            assert [getattr(lazy, f.name) for f in fields(TextCell)] == [text, lazy.location, False]


def test_the_class_attribute_is_still_the_field_default() -> None:
    assert TextCell.location is NOWHERE and BoundRow.location is NOWHERE
    assert TextCell("a").location is NOWHERE
    with pytest.raises(AttributeError):
        _ = object.__new__(Cell).location  # neither a location nor where to make it from


def test_a_bound_cell_takes_its_location_from_its_source_when_asked() -> None:
    place = LogicalPlace(2, "applications", "new", "total")
    rng = random.Random(6)
    for text, line, column, end in _spots(rng, 200):
        source: TextCell | Paragraph | Location = rng.choice(
            [
                TextCell.at(text, line, column, end),
                _plain_cell(text, line, column, end),
                Paragraph(text, Location(line, column, line, end)),
                Location(line, column, line, end),
            ]
        )
        lazy = Cell.deferred(text.strip(), None, CellStatus.BLANK, source, place)
        plain = Cell(text.strip(), None, CellStatus.BLANK, Location(line, column, line, end), place)
        assert lazy == plain and hash(lazy) == hash(plain) and repr(lazy) == repr(plain)
        assert pickle.loads(pickle.dumps(lazy)) == plain
        chained = Cell.deferred(lazy.raw, lazy.value, lazy.status, lazy, place)  # a cell dealt on, as table C's
        assert chained.location is lazy.location
        row = BoundRow.deferred("new", "label", {"total": lazy}, source)
        assert row == BoundRow("new", "label", {"total": plain}, plain.location)
        assert row.location == plain.location


def test_a_token_stands_where_its_source_stands() -> None:
    cell = TextCell.at("3", 4, 5, 6)
    paragraph = Paragraph("一、本年新收", Location(line=9, column=1))
    where = Location(line=2)
    for source in (cell, paragraph, where):
        token = Token("x", "x", source, (0, 0), 0)
        assert token.location == (source if isinstance(source, Location) else source.location)


# --------------------------------------------------------------------------- readers and binder


def _markdown_report(rng: random.Random) -> str:
    lines = ["# 某某局2023年政府信息公开工作年度报告", "", "## 三、收到和处理政府信息公开申请情况", ""]
    spec = NATIONAL_2021.table("applications")
    width = 1 + len(spec.rows[0].columns)
    lines.append("|" + "|".join(["项目", *spec.rows[0].columns]) + "|")
    lines.append("|" + "|".join(["---"] * width) + "|")
    for row in spec.rows:
        values = [rng.choice(["0", " 3 ", "", "/", "**5**", "[7](x)", "12"]) for _ in row.columns]
        lines.append(rng.choice(["| ", "|", "｜ "]) + " | ".join([row.label, *values]) + " |")
    return "\n".join(lines) + "\n"


def _tab_report(rng: random.Random) -> str:
    lines = ["某某局2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    for row in NATIONAL_2021.table("applications").rows:
        values = [rng.choice(["0", " 3", "", "/", "12 "]) for _ in row.columns]
        lines.append("\t".join([row.label, *values]))
    return "\n".join(lines) + "\n"


def _each_text_cell(report: Report) -> list[TextCell]:
    return [c for b in report.document.blocks if isinstance(b, Table) for row in b.rows for c in row]


@pytest.mark.parametrize("kind", ["md", "txt"])
def test_read_cells_stand_where_their_text_stands_in_the_line(kind: str) -> None:
    rng = random.Random(7 if kind == "md" else 8)
    for _ in range(5):
        text = _markdown_report(rng) if kind == "md" else _tab_report(rng)
        reader = MarkdownReader() if kind == "md" else TextReader()
        document = reader.read(f"r.{kind}", text.encode("utf-8"))
        lines = text.split("\n")
        cells = [c for b in document.blocks if isinstance(b, Table) for row in b.rows for c in row]
        assert len(cells) > 100
        for cell in cells:
            at = cell.location
            assert at.line == at.end_line and at.column is not None and at.end_column is not None
            shown = lines[at.line - 1][at.column - 1 : at.end_column - 1]
            assert at.end_column - at.column == len(cell.text.strip())
            line = lines[at.line - 1]
            if kind == "txt" or not line[at.column - 1 : at.column].startswith(("*", "[")):
                assert shown == cell.text.strip()
            else:  # a Markdown cell's markup is gone from its text: its span starts where the markup does
                assert line[at.column - 1 :].lstrip("*[").startswith(cell.text)


def _seed_and_written() -> list[tuple[str, bytes]]:
    rng = random.Random(9)
    made = [(f"w{i}.md", _markdown_report(rng).encode()) for i in range(3)]
    made += [(f"w{i}.txt", _tab_report(rng).encode()) for i in range(3)]
    if SEEDS.is_dir():
        made += [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    return made


def test_bound_cells_and_rows_stand_where_their_source_cells_stand() -> None:
    for name, data in _seed_and_written():
        reader = MarkdownReader() if name.endswith(".md") else TextReader()
        report = bind(reader.read(name, data), TEMPLATES)
        sources = {id(c): c for c in _each_text_cell(report)}
        cells = [cell for table in report.tables.values() for row in table.values() for cell in row.values()]
        assert cells
        lazy = [cell for cell in cells if "_at" in cell.__dict__]
        assert len(lazy) > len(cells) // 2  # binding asked few of them where they stand
        for cell in lazy:
            source = cell.__dict__["_at"]
            if id(source) in sources:
                assert cell.location == source.location
                assert cell.raw == source.text.strip().strip("\u00a0\u3000")
        for table in report.tables.values():
            for row in table.values():
                assert isinstance(row.location, Location)


# --------------------------------------------------------------------------- table binder and blanks


def _plain_zero_blanks(table: BoundTable) -> frozenset[LogicalPlace]:
    cells = [(column, cell) for row in table.rows.values() for column, cell in row.cells.items()]
    blanks = [(column, cell) for column, cell in cells if cell.status is CellStatus.BLANK]
    zeros = sum(1 for _, cell in cells if cell.status is CellStatus.OK and cell.value == 0)
    if len(blanks) > zeros:
        return frozenset(cell.place for _, cell in blanks)
    filled = {column for column, cell in cells if cell.status is not CellStatus.BLANK}
    return frozenset(cell.place for column, cell in blanks if column not in filled)


def _blank_heavy_table(rng: random.Random) -> BoundTable:
    spec = NATIONAL_2021.table("applications")
    rows = {}
    for number, row in enumerate(spec.rows):
        cells = {}
        for column in row.columns:
            raw = rng.choice(["", "", "0", "3", "/", "x"] if column != "total" else ["", "5"])
            cells[column] = make_cell(raw, Location(line=number + 1), LogicalPlace(3, spec.key, row.key, column))
        rows[row.key] = BoundRow(row.key, row.label, cells)
    return BoundTable(spec.key, spec.part, rows)


def test_blanks_counted_as_zero_are_those_of_the_plain_passes() -> None:
    rng = random.Random(10)
    tables = [_blank_heavy_table(rng) for _ in range(40)]
    for name, data in _seed_and_written():
        reader = MarkdownReader() if name.endswith(".md") else TextReader()
        tables.extend(bind(reader.read(name, data), TEMPLATES).tables.values())
    verdicts = set()
    for table in tables:
        assert zero_blanks(table) == _plain_zero_blanks(table)
        verdicts.add(len(zero_blanks(table)) > 0)
    assert verdicts == {True, False}  # both the evident-zero tables and the others were met


def _plain_value_column(rows: list[tuple[RowSpec, Token, list[Token]]]) -> int | None:
    starts: Counter[int] = Counter()
    for row, label, following in rows:
        values = [v for v in following if v.row == label.row]
        if not values:
            continue
        surplus = len(values) - len(row.columns)
        lead = next((i for i, v in enumerate(values) if v.norm), len(values))
        trail = next((i for i, v in enumerate(reversed(values)) if v.norm), len(values))
        if surplus == 0 or (surplus > 0 and lead + trail == surplus and lead < len(values)):
            starts[values[lead if surplus else 0].column] += 1
    return min(starts.items(), key=lambda kv: (-kv[1], kv[0]))[0] if starts else None


def test_the_value_column_is_the_one_the_plain_count_finds() -> None:
    rng = random.Random(11)
    specs = NATIONAL_2021.table("applications").rows
    for _ in range(300):
        rows = []
        for number in range(rng.randint(0, 8)):
            spec = rng.choice(specs)
            label = Token(spec.label, spec.label, Location(line=number), (0, number), rng.randint(0, 2))
            width = len(spec.columns) + rng.choice([-2, -1, 0, 0, 0, 1, 2, 3])
            following = [
                Token(t, t, Location(line=number), (0, number + rng.choice([0, 0, 0, 1])), label.column + 1 + i)
                for i, t in enumerate(rng.choice(["", "", "3", "0"]) for _ in range(max(width, 0)))
            ]
            rows.append((spec, label, following))
        assert _value_column(rows) == _plain_value_column(rows)


# --------------------------------------------------------------------------- packed reports


def test_a_packed_report_keeps_no_source_cell_and_stands_where_it_stood() -> None:
    for name, data in _seed_and_written():
        reader = MarkdownReader() if name.endswith(".md") else TextReader()
        report = bind(reader.read(name, data), TEMPLATES)
        packed = pickle.dumps(compact(report), protocol=pickle.HIGHEST_PROTOCOL)
        back = pickle.loads(packed)
        for key, table in report.tables.items():
            for row_key, row in table.items():
                again = back.tables[key][row_key]
                kept = [again.__dict__.get("_at"), *(c.__dict__.get("_at") for c in again.values())]
                assert all(at is None or isinstance(at, tuple | Location) for at in kept)  # no source cell
                assert again.location == row.location
                for column, cell in row.items():
                    assert again[column] == cell  # raw, value, status, location, place
