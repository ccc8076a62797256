"""The seventh round's cheaper text path gives what the plain one gave.

Each test pits a shortcut against the plain computation it replaces: a text row's cells made in one
call (``TextCell.row_at``) against ``TextCell.at`` cell by cell, a reader's rows against cells cut
from the line by hand, a bound row's cells made in place against ``make_cell``, and the document
bounds counted without a generator against the cut they must make.
"""

from __future__ import annotations

import pickle
import random
from itertools import pairwise

from gklint.binder import bind
from gklint.binder.labels import Token
from gklint.binder.tables import _typed, make_cell
from gklint.bounds import MAX_CELLS, MAX_TEXT, bound_document
from gklint.model import Cell, Document, Location, LogicalPlace, Paragraph, Table, TextCell
from gklint.readers.markdown import markdown_blocks
from gklint.readers.text import blocks_from_text
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021

TEMPLATES = [NATIONAL_2021, NATIONAL_2019]
TEXTS = ["", "0", " 12 ", "/", "本年新收政府信息公开申请数量", "x\u3000", "1,024", "\u00a0", "无"]


def _spans(rng: random.Random, count: int) -> list[tuple[str, int, int]]:
    spans = []
    for _ in range(count):
        column = rng.randint(1, 90)
        spans.append((rng.choice(TEXTS), column, column + rng.randint(0, 30)))
    return spans


def test_a_row_made_at_once_is_its_cells_made_one_by_one() -> None:
    rng = random.Random(71)
    for _ in range(200):
        line, spans = rng.randint(1, 900), _spans(rng, rng.randint(0, 16))
        row = TextCell.row_at(line, spans)
        assert isinstance(row, tuple)
        one_by_one = tuple(TextCell.at(text, line, column, end) for text, column, end in spans)
        assert [cell.__dict__ for cell in row] == [cell.__dict__ for cell in one_by_one]  # nothing made yet
        assert row == one_by_one
        for cell, (text, column, end) in zip(row, spans, strict=True):
            assert cell == TextCell(text, Location(line, column, line, end))
            assert cell.location == Location(line=line, column=column, end_line=line, end_column=end)
            assert pickle.loads(pickle.dumps(cell)) == cell


def _cut(line: str, start: int, end: int, blank_at_end: bool = False) -> tuple[str, int, int]:
    """A cell of ``line`` between 0-based offsets, with the 1-based columns of its stripped text (a
    blank cell's at its start, or with ``blank_at_end`` at its end, as the Markdown reader has it)."""
    text = line[start:end]
    body = text.strip()
    lead = len(text) - len(text.lstrip()) if body or blank_at_end else 0
    return text, start + lead + 1, start + lead + 1 + len(body)


def _row(rng: random.Random, bar: str) -> tuple[str, list[str]]:
    cells = [rng.choice([*TEXTS, "  其中：1.行政机关 ", " "]) for _ in range(rng.randint(2, 9))]
    lead = rng.choice(["", " ", "\u3000"])
    return lead + bar + bar.join(cells) + bar + rng.choice(["", "  "]), cells


def test_pipe_rows_read_as_cells_cut_from_the_line_by_hand() -> None:
    rng = random.Random(72)
    for bar in ("|", "｜"):
        for _ in range(100):
            line, cells = _row(rng, bar)
            for markdown, blocks in ((False, blocks_from_text([line])), (True, markdown_blocks(line))):
                (table,) = blocks
                assert isinstance(table, Table)
                (row,) = table.rows
                plain = line.replace("｜", "|")
                bars = [i for i, c in enumerate(plain) if c == "|"]
                expected = [_cut(plain, a + 1, b, markdown) for a, b in pairwise(bars)]
                assert len(row) == len(cells)
                for cell, (text, column, end) in zip(row, expected, strict=True):
                    assert cell.text.strip() == text.strip()
                    assert (cell.location.line, cell.location.column, cell.location.end_column) == (1, column, end)


def test_tab_rows_read_as_cells_cut_from_the_line_by_hand() -> None:
    rng = random.Random(73)
    for _ in range(200):
        values = [rng.choice([*TEXTS, "行政许可", " 3 "]) for _ in range(rng.randint(1, 9))]
        cells = [rng.choice(["行政许可", "规章 "]), *values]  # a label first: a leading tab is another layout
        line = "\t".join(cells)
        lines = ["标题", line, line]
        blocks = blocks_from_text(lines)
        tables = [b for b in blocks if isinstance(b, Table)]
        for number, row in enumerate(tables[0].rows, 2):
            starts = [0]
            for text in cells[:-1]:
                starts.append(starts[-1] + len(text) + 1)
            for cell, text, start in zip(row, cells, starts, strict=True):
                _, column, end = _cut(line, start, start + len(text))
                column, end = (start + 1, start + 1) if not text.strip() else (column, end)
                assert cell == TextCell(text, Location(number, column, number, end))


def _tokens(rng: random.Random, count: int) -> list[Token]:
    sources = [TextCell.at(rng.choice(TEXTS), n, 1, 3) for n in range(1, count + 1)]
    return [Token(s.text, s.text.strip(), s, (0, 0), i) for i, s in enumerate(sources)]


def test_a_row_of_deferred_cells_is_the_cells_make_cell_makes() -> None:
    rng = random.Random(74)
    columns = tuple(f"c{i}" for i in range(7))
    places = tuple(LogicalPlace(3, "applications", "new", column) for column in columns)
    for _ in range(100):
        values = _tokens(rng, rng.randint(0, 9))
        made = Cell.deferred_row(columns, places, values, _typed)
        assert list(made) == list(columns[: len(values)])
        for cell, place, token in zip(made.values(), places, values, strict=False):
            assert cell == make_cell(token.text, token.source.location, place)
            assert cell.location is token.source.location and cell.place is place
            assert pickle.loads(pickle.dumps(cell)) == cell


def test_a_bound_report_takes_its_values_from_the_cells_it_read() -> None:
    spec = NATIONAL_2021.table("applications")
    rng = random.Random(75)
    lines = ["某某局2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    expected = {}
    for row in spec.rows:
        values = [str(rng.randint(0, 30)) for _ in row.columns]
        expected[row.key] = [int(v) for v in values]
        lines.append("\t".join([row.label, *values]))
    document = Document("r.txt", "text", tuple(blocks_from_text(lines)))
    table = bind(document, TEMPLATES).tables["applications"]
    for key, values in expected.items():
        assert [cell.value for cell in table[key].values()] == values
        for cell in table[key].values():
            number = cell.location.line
            assert lines[number - 1][cell.location.column - 1 : cell.location.end_column - 1] == cell.raw


def _table(rows: int, width: int, text: str) -> Table:
    return Table(tuple(tuple(TextCell(text) for _ in range(width)) for _ in range(rows)))


def test_bounds_count_every_cell_and_character_of_a_table() -> None:
    small = Document("a.txt", "text", (Paragraph("x"), _table(30, 15, "12")))
    assert bound_document(small) is small
    width = 100
    over = Document("b.txt", "text", tuple(_table(MAX_CELLS // width // 4 + 1, width, "1") for _ in range(4)))
    cut = bound_document(over)
    assert sum(len(row) for t in cut.tables for row in t.rows) <= MAX_CELLS < 4 * (MAX_CELLS // width // 4 + 1) * width
    assert len(cut.notes) == 1
    long = Document("c.txt", "text", (_table(10, 10, "9" * (MAX_TEXT // 100 + 1)),))
    assert len(bound_document(long).notes) == 1
