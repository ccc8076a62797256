"""The ninth round's text path: a row's cells made as its line splits give what the general path gave.

``TextCell.split_at`` (through ``Reader.pipe_row`` for pipe rows) replaces splitting a line into
(text, start) pairs, spanning each and making the cells from the spans; each test pits it against
that general path on generated rows, and the readers' documents against those of the general path.
"""

from __future__ import annotations

import random

from gklint.lines import split_pipe_row
from gklint.model import TextCell
from gklint.reader import Reader
from gklint.readers.markdown import markdown_blocks
from gklint.readers.text import _span, _tab_row

PIECES = ["", " ", "0", " 12 ", "/", "本年新收政府信息公开申请数量", "x\u3000", "\u3000", "1,024", "无", " a b "]


def _general(number: int, line: str, stripped: bool) -> tuple[TextCell, ...]:
    """The cells the readers made before: split, spanned, then made (Markdown: stripped, a blank at its end)."""
    cells = []
    for text, start in split_pipe_row(line):
        body = text.strip()
        lead = len(text) - len(text.lstrip()) if body or stripped else 0
        column = start + lead + 1
        cells.append(TextCell.at(body if stripped else text, number, column, column + len(body)))
    return tuple(cells)


def _line(rng: random.Random, separator: str) -> str:
    cells = [rng.choice(PIECES) for _ in range(rng.randint(1, 9))]
    lead, edge, end = rng.choice(["", " ", "\u3000"]), rng.choice(["", separator]), rng.choice(["", separator])
    return lead + edge + separator.join(cells) + end + rng.choice(["", "  "])


def _same(left: tuple[TextCell, ...], right: tuple[TextCell, ...]) -> None:
    assert left == right
    assert [cell.__dict__ for cell in left] == [cell.__dict__ for cell in right]
    assert [cell.location for cell in left] == [cell.location for cell in right]


def test_pipe_rows_made_as_they_split_are_the_general_cells() -> None:
    rng = random.Random(91)
    for _ in range(600):
        line, number, stripped = _line(rng, "|"), rng.randint(1, 500), rng.random() < 0.5
        row = Reader.pipe_row(number, line, stripped=stripped)
        assert row is not None
        _same(row, _general(number, line, stripped))


def test_a_backslash_leaves_the_row_to_the_general_path() -> None:
    assert Reader.pipe_row(3, r"| a \| b | c |") is None
    assert Reader.pipe_row(3, "| a | b\\ |") is None


def test_tab_rows_made_as_they_split_are_the_spanned_cells() -> None:
    rng = random.Random(92)
    for _ in range(600):
        line, number = _line(rng, "\t"), rng.randint(1, 500)
        spans, start = [], 0
        for part in line.split("\t"):
            spans.append(_span(part, start))
            start += len(part) + 1
        _same(_tab_row(line, number, []), TextCell.row_at(number, spans))


def test_markdown_tables_read_as_the_general_cells() -> None:
    rng = random.Random(93)
    for _ in range(200):
        lines = ["| a | b |", "| --- | --- |", *(_line(rng, "|") for _ in range(rng.randint(1, 6)))]
        lines = [line if line.lstrip().startswith("|") else "|" + line for line in lines]
        blocks = markdown_blocks("\n".join(lines))
        rows = [row for block in blocks for row in getattr(block, "rows", ())]
        expected = [_general(n, line, True) for n, line in enumerate(lines, 1) if n != 2]
        assert len(rows) == len(expected)
        for row, want in zip(rows, expected, strict=True):
            _same(row, want)
