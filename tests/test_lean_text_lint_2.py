"""The second round of shortcuts in a text report's lint give what the long way gave.

Each test pits a shortcut (a cell matched once for the whole table walk, a non-label's fate kept per
text, a balance filled in one step and its verdict cached without a lock, a period range looked for
only where one could stand, a Markdown cell left alone when its row has no markup, stream tokens
made straight from their fields) against the plain computation it replaces.
"""

from __future__ import annotations

import inspect
import pickle
import random
import re
from dataclasses import MISSING, FrozenInstanceError, fields, replace
from decimal import Decimal
from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.binder.labels import Labels, Token, is_value
from gklint.binder.period import _PERIOD_CUE, _RANGE, YEAR, _range_in
from gklint.binder.stream import _table_rows
from gklint.binder.textrows import is_footer
from gklint.model import NOWHERE, Cell, CellStatus, Location, LogicalPlace, Table, TextCell
from gklint.readers.markdown import MarkdownReader, _plain, _table_row
from gklint.readers.text import TextReader, _is_pipe_row, _tab_cells
from gklint.readers.text import _cell as text_cell
from gklint.relations import Balance, _total
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021
from gklint.text import normalize_label

TEMPLATES = [NATIONAL_2021, NATIONAL_2019]
SPECS = [spec for template in TEMPLATES for spec in template.tables]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _cell(raw: str, value: int | Decimal | None, status: CellStatus = CellStatus.OK, row: str = "new") -> Cell:
    return Cell(raw, value, status, Location(line=1), LogicalPlace(3, "applications", row, "total"))


_OTHER_TEXTS = ["/", "", "无", "0.5", "— 3 —", "第2页", "12,000", "其他", "总计"]


def _some_texts(rng: random.Random, count: int) -> list[str]:
    """Cell texts as reports hold them: labels (whole, cut, mangled), numbers, marks, blanks."""
    forms = [normalize_label(f) for spec in SPECS for row in spec.rows for f in (row.label, *row.aliases)]
    forms += [normalize_label(h.label) for spec in SPECS for h in spec.headers]
    texts = []
    for _ in range(count):
        form = rng.choice(forms)
        cut = rng.randint(0, len(form))
        mangled = form[:cut] + "某" + form[cut + 1 :]
        choices = [form, form[:cut], form[cut:], mangled, str(rng.randint(-5, 900)), *_OTHER_TEXTS]
        texts.append(rng.choice(choices))
    return texts


# --------------------------------------------------------------------------- labels


def test_matches_taken_at_once_are_the_matches_one_by_one() -> None:
    texts = _some_texts(random.Random(3), 600)
    for spec in SPECS:
        labels = Labels.of(spec)
        tokens = [Token(text, normalize_label(text), Location(line=i), (0, i), 0) for i, text in enumerate(texts)]
        assert labels.match_all(tokens) == [labels.match(token.norm) for token in tokens]
        assert labels.lost_rows(tokens, labels.match_all(tokens)) == labels.lost_rows(tokens)


def test_a_non_label_is_kept_as_a_value_unless_it_is_a_piece_of_a_label() -> None:
    texts = _some_texts(random.Random(5), 600)
    for spec in SPECS:
        labels = Labels.of(spec)
        for norm in map(normalize_label, texts):
            assert labels.keeps(norm) == (not labels.is_fragment(norm) or is_value(norm)), norm
            assert labels.keeps(norm) == labels.keeps(norm)  # the memo gives the same answer again
    fragment = normalize_label(NATIONAL_2021.table("applications").rows[3].label)[2:6]
    assert not Labels.of(NATIONAL_2021.table("applications")).keeps(fragment)


# --------------------------------------------------------------------------- stream tokens


def test_stream_tokens_are_the_cells_as_tokens_without_covered_cells_and_footers() -> None:
    rows = (
        (TextCell("一、本年新收", Location(line=3, column=1)), TextCell("", merged=True), TextCell(" 12 ")),
        (TextCell("— 3 —"), TextCell("第2页"), TextCell("/", Location(line=4))),
        (TextCell("", merged=True),),
    )
    labels = Labels.of(NATIONAL_2021.table("applications"))
    got = list(_table_rows(Table(rows, sparse=True), 7, labels, frozenset()))
    expected = [
        [
            Token(cell.text, normalize_label(cell.text), cell, (7, r), c, True)
            for c, cell in enumerate(row)
            if not cell.merged and not is_footer(normalize_label(cell.text))
        ]
        for r, row in enumerate(rows)
    ]
    assert got == [row for row in expected if row]
    assert all(type(token) is Token and token.sparse for row in got for token in row)
    assert [token.text for row in got for token in row] == ["一、本年新收", " 12 ", "/"]
    assert [token.location for row in got for token in row] == [rows[0][0].location, NOWHERE, rows[1][2].location]


# --------------------------------------------------------------------------- balances


def test_balance_init_takes_exactly_the_fields() -> None:
    parameters = list(inspect.signature(Balance.__init__).parameters.values())[1:]
    assert [p.name for p in parameters] == [f.name for f in fields(Balance)]
    for parameter, field in zip(parameters, fields(Balance), strict=True):
        default = inspect.Parameter.empty if field.default is MISSING else field.default
        assert parameter.default == default


def test_balance_behaves_as_a_frozen_dataclass_and_decides_once() -> None:
    left, right = (_cell("1", 1), _cell("2", 2)), (_cell("4", 4, row="total"),)
    balance = Balance("T2", "row", "new", left, right)
    assert balance == Balance("T2", "row", "new", left, right, frozenset({LogicalPlace(1)}))  # not compared
    assert hash(balance) == hash(Balance("T2", "row", "new", left, right))
    assert pickle.loads(pickle.dumps(balance)) == balance
    with pytest.raises(FrozenInstanceError):
        balance.key = "other"  # type: ignore[misc]
    assert balance.fails() and balance.sums() == (Decimal(3), Decimal(4))
    assert balance.sums() is balance.sums()  # worked out once, then read back
    assert not replace(balance, right=(_cell("3", 3),)).fails()
    assert "_sums" in vars(Balance) and vars(Balance)["_sums"].__get__(None, Balance) is vars(Balance)["_sums"]


def test_totals_are_those_of_decimal_arithmetic() -> None:
    rng = random.Random(11)
    for _ in range(500):
        cells = []
        for _ in range(rng.randint(1, 6)):
            kind = rng.choice(["int", "decimal", "blank", "na"])
            if kind == "int":
                cells.append(_cell("n", rng.randint(-50, 5000)))
            elif kind == "decimal":
                cells.append(_cell("d", Decimal(rng.randint(-5000, 50000)) / Decimal(rng.choice([10, 100, 1000]))))
            else:
                cells.append(_cell("", None, CellStatus.BLANK if kind == "blank" else CellStatus.NA))
        expected = sum((Decimal(c.number) for c in cells), Decimal(0))
        total = _total(tuple(cells))
        assert total == expected and str(total) == str(expected)


# --------------------------------------------------------------------------- period


def _reference_range(text: str, first: int) -> re.Match[str] | None:
    for match in _RANGE.finditer(text, first):
        if not _PERIOD_CUE.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        if re.search(YEAR, match.group("start") + match.group("end")):
            return match
    return None


def test_a_range_is_found_where_the_full_search_finds_it() -> None:
    rng = random.Random(13)
    pieces = ["统计期限", "本年度", "自", "2023年1月1日", "1月1日", "至", "到", "-", "~", "12月31日", "止", "。"]
    pieces += ["数据", "2022.12.31"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        first = rng.randint(0, max(len(text) // 2, 0))
        found, expected = _range_in(text, first), _reference_range(text, first)
        assert (found and found.span()) == (expected and expected.span()), text


# --------------------------------------------------------------------------- Markdown rows


def test_markdown_cells_are_the_plain_stripped_texts_at_their_columns() -> None:
    rng = random.Random(17)
    alphabet = ["a", "规", " ", "\u3000", "*", "**", "_", "`", "[x](y)", "0", "12"]
    for _ in range(2000):
        line = "|" + "|".join("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5))) for _ in range(4)) + "|"
        row = _table_row(9, line, [])
        if row is None:
            continue
        reference = []
        for text, start in MarkdownReader.pipe_cells(line):
            body = _plain(text.strip())
            column = start + len(text) - len(text.lstrip()) + 1
            reference.append((body, column, column + len(body)))
        assert [(c.text, c.location.column, c.location.end_column) for c in row] == reference, line


# --------------------------------------------------------------------------- whole reports


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [], ids=lambda p: p.name)
def test_cells_by_status_and_counts_on_the_seed_reports(path: Path) -> None:
    report = bind(TextReader().read(path.name, path.read_bytes()), TEMPLATES)
    every = [cell for table in report.tables.values() for cell in table.cells()]
    assert every, "the seed report binds its tables"
    for status in CellStatus:
        assert list(report.cells_with(status)) == [cell for cell in every if cell.status is status]
    for balances in report.balances.values():
        for balance in balances:
            if balance.decidable():
                assert balance.fails() == (_total(balance.left) != _total(balance.right))


def test_seed_reports_are_there_or_skipped() -> None:
    if not SEEDS.is_dir():
        pytest.skip("the shared seed reports are not here")
    assert sorted(SEEDS.glob("*.txt"))


# --------------------------------------------------------------------------- text rows


def test_tab_cells_stand_where_the_cell_helper_puts_them() -> None:
    rng = random.Random(19)
    for _ in range(2000):
        line = "\t".join(
            "".join(rng.choice(["a", "规", " ", "\u3000", "0"]) for _ in range(rng.randint(0, 4))) for _ in range(4)
        )
        cells = _tab_cells(line, 5, [])
        starts = [0]
        for part in line.split("\t")[:-1]:
            starts.append(starts[-1] + len(part) + 1)
        assert cells == [text_cell(part, 5, start) for part, start in zip(line.split("\t"), starts, strict=True)], line


def test_only_lines_with_a_bar_are_pipe_rows() -> None:
    rng = random.Random(23)
    for _ in range(2000):
        line = "".join(rng.choice([" ", "a", "|", "｜", "\t"]) for _ in range(rng.randint(0, 8)))
        stripped = line.lstrip().replace("｜", "|")
        assert _is_pipe_row(line) == (stripped.startswith("|") or stripped.count("|") >= 2), line


def test_a_row_of_empty_cells_is_no_subtotal_the_agency_added() -> None:
    """A bar-only line stands for empty cells of a row; 小计 alone labels a row the agency added."""
    from gklint.binder.added import added_total

    labels = Labels.of(NATIONAL_2021.table("applications"))
    empty = [Token("", "", TextCell(""), (1, 0), c, False) for c in range(3)]
    subtotal = [Token(t, normalize_label(t), TextCell(t), (1, 1), c, False) for c, t in enumerate(["", "小计", "3"])]
    assert not added_total(empty, labels)
    assert added_total(subtotal, labels)
