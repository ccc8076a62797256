"""A table's walk is kept by shape and replayed for the next table of that shape (``binder.walk``).

Each test binds a report with the walks of earlier reports kept and again with none kept, and
asks for the same report both ways: when only numbers differ (the plan is replayed), and when a
label differs (another shape, walked afresh).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from gklint.binder import bind, walk
from gklint.model import Report
from gklint.readers.markdown import MarkdownReader
from gklint.readers.text import TextReader
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021

TEMPLATES = [NATIONAL_2021, NATIONAL_2019]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
_CELL_NUMBER = re.compile(r"(?<=\| )\d+(?= \|)|(?<=\t)\d+(?=\t|$)", re.MULTILINE)


def read(name: str, text: str) -> Report:
    reader = MarkdownReader() if name.endswith(".md") else TextReader()
    return bind(reader.read(name, text.encode()), TEMPLATES)


def renumbered(text: str, seed: int) -> str:
    """``text`` with every table cell that is a plain number replaced by another number."""
    rng = random.Random(seed)
    return _CELL_NUMBER.sub(lambda m: str(rng.randrange(0, 10 ** rng.randint(1, 6))), text)


def bound(report: Report) -> list[object]:
    """Everything the binder made of the tables, written out: cells, labels, headers, notes, places."""
    made: list[object] = []
    for key, table in report.tables.items():
        made.append((key, str(table.location), [(c, h.text, str(h.location)) for c, h in table.headers.items()]))
        for row_key, row in table.items():
            made.append((row_key, row.label, str(row.location)))
            for column, cell in row.items():
                made.append((column, cell.raw, cell.value, cell.status, str(cell.location), cell.place))
    for note in report.notes:
        made.append((note.kind, str(note.location), note.place, note.found, note.expected, note.count, note.detail))
    return made


def fresh(name: str, text: str) -> list[object]:
    walk._plans.clear()
    return bound(read(name, text))


@pytest.mark.parametrize("name", ["mistakes-2023.txt", "clean-2023.md"])
def test_a_table_differing_only_in_numbers_replays_the_walk_and_binds_as_walked(name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    walk._plans.clear()
    read(name, text)
    plans = dict(walk._plans)
    for seed in range(5):
        other = renumbered(text, seed)
        assert other != text
        replayed = bound(read(name, other))
        assert walk._plans.keys() == plans.keys()  # every table's shape was known: nothing walked again
        assert replayed == fresh(name, other)
        read(name, text)


def test_numbers_that_change_the_walk_make_another_shape() -> None:
    """A run of digits too long to be a number is text, and ``1,234`` is not a plain run of digits:
    neither may share a shape with a plain number. Full-width digits are plain ones once normalised."""
    text = (EXAMPLES / "mistakes-2023.txt").read_text(encoding="utf-8")
    walk._plans.clear()
    read("r.txt", text)
    known = set(walk._plans)
    for replacement in ("1234567890123456", "1,234", "１２"):
        other = _CELL_NUMBER.sub(replacement, text, count=1)
        assert bound(read("r.txt", other)) == fresh("r.txt", other)
        read("r.txt", text)
        assert bool(set(walk._plans) - known) is (replacement != "１２"), replacement


def test_a_label_that_differs_is_walked_afresh() -> None:
    text = (EXAMPLES / "mistakes-2023.txt").read_text(encoding="utf-8")
    misspelt = text.replace("行政许可", "行政许诃", 1)
    assert misspelt != text
    walk._plans.clear()
    read("r.txt", text)
    report = read("r.txt", misspelt)
    assert any(n.kind == "label-mismatch" and n.found == "行政许诃" for n in report.notes)
    assert bound(report) == fresh("r.txt", misspelt)


def test_shape_reads_digits_alike_and_labels_as_written() -> None:
    from gklint.binder.labels import Token

    def row(*norms: str) -> list[Token]:
        return [Token(norm, norm, None, (0, 0), column) for column, norm in enumerate(norms)]  # type: ignore[arg-type]

    def shape(*norms: str) -> walk.Shape:
        cells = row(*norms)
        return walk.shape_of([cells], cells)

    assert shape("1.属于国家秘密", "0", "12", "") == shape("1.属于国家秘密", "7", "3", "")
    assert shape("1.属于国家秘密", "0") != shape("2.属于国家秘密", "0")
    assert shape("规章", "12") != shape("规章", "1.5")
    assert shape("规章", "12", "3") != shape("规章", "123")
    assert shape("规章", "1" * 15) != shape("规章", "1" * 16)


def test_the_plans_kept_are_bounded() -> None:
    text = (EXAMPLES / "mistakes-2023.txt").read_text(encoding="utf-8")
    walk._plans.clear()
    for n in range(walk._PLANS + 10):  # each a new shape of table 二 (tables 三 and 四 keep theirs)
        read("r.txt", text.replace("行政许可", f"行政许可{'甲' * (n % 7)}{n}", 1))
    assert len(walk._plans) == walk._PLANS
