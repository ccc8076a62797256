"""The third round of shortcuts in a text report's lint give what the long way gave.

Each test pits a shortcut (a balance decided by a loop and summed in one frame, its instances built
from row dicts made once per table, the first failing instance found without a generator, whether
each stream cell is a value looked up once per table, a row fitted without a copy, cells grouped by
status without a setdefault each, a paragraph measured without a cell, a cell-per-line cell made in
the reader's loop, prose passed over when it holds no noun or opener word) against the plain
computation it replaces.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from gklint.binder import _NOT_DISCLOSURE_WORDS, _may_name_disclosure, bind
from gklint.binder.balances import balances
from gklint.binder.labels import Labels, Token, is_value
from gklint.binder.stream import is_heading_row
from gklint.binder.tables import _TableBinder, make_cell
from gklint.binder.title import comparable
from gklint.bounds import MAX_CELLS, MAX_TEXT, MAX_UNITS, _bounded_blocks
from gklint.engine import check_report, selected_rules
from gklint.lines import split_pipe_row
from gklint.model import (
    BoundTable,
    Cell,
    CellStatus,
    Document,
    Location,
    LogicalPlace,
    Paragraph,
    Report,
    Table,
    TextCell,
)
from gklint.readers.text import TextReader
from gklint.readers.text import _cell as text_cell
from gklint.relations import _COUNTED, Balance, failures, zero_blanks
from gklint.rules.narrative_parts import may_list_parts, parts_list
from gklint.rules.narrative_topics import _NOUNS, OPENER, topic_of
from gklint.rules.structure_template import _notice_number
from gklint.template import RelationSpec, RowSpec
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021
from gklint.text import (
    _DASHES,
    _QUOTES,
    _TRADITIONAL,
    fold,
    fold_uncached,
    normalize_label,
    strip_pinyin,
    to_simplified,
)

TEMPLATES = [NATIONAL_2021, NATIONAL_2019]
SPECS = [spec for template in TEMPLATES for spec in template.tables]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
STATUSES = list(CellStatus)


def _cell(rng: random.Random, row: str = "r", column: str = "c") -> Cell:
    """A cell of any status, with an int or a Decimal when it holds a number."""
    status = rng.choice([CellStatus.OK, CellStatus.OK, *STATUSES])
    value: int | Decimal | None = None
    if status is CellStatus.OK:
        value = rng.choice([rng.randint(0, 40), Decimal(rng.randint(0, 400)) / 10])
    return Cell(str(value or ""), value, status, Location(line=1), LogicalPlace(3, "t", row, column))


# --------------------------------------------------------------------------- balances


def _plain_decidable(balance: Balance) -> bool:
    if not all(c.status in _COUNTED or balance.counts(c) for c in balance.cells):
        return False
    return not any(all(c.status is CellStatus.BLANK for c in side) for side in (balance.left, balance.right))


def _plain_total(cells: tuple[Cell, ...]) -> Decimal:
    return sum((Decimal(c.number) for c in cells), Decimal(0))


def _some_balances(rng: random.Random, count: int) -> list[Balance]:
    found = []
    for n in range(count):
        left = tuple(_cell(rng, f"l{n}", str(i)) for i in range(rng.randint(0, 4)))
        right = tuple(_cell(rng, f"r{n}", str(i)) for i in range(rng.randint(0, 2)))
        zeros = frozenset(c.place for c in left + right if rng.random() < 0.5)
        found.append(Balance(rng.choice(["T1", "T2"]), "row", str(n), left, right, zeros))
    return found


def test_a_balance_is_decided_and_summed_as_the_plain_computation_does() -> None:
    for balance in _some_balances(random.Random(31), 3000):
        assert balance.decidable() == _plain_decidable(balance), balance
        left, right = balance.sums()
        assert (left, right) == (_plain_total(balance.left), _plain_total(balance.right))
        assert type(left) is Decimal and type(right) is Decimal
        assert balance.fails() == (_plain_decidable(balance) and left != right)


def test_failures_are_the_failing_instances_of_the_relation() -> None:
    rng = random.Random(37)
    for _ in range(200):
        some = _some_balances(rng, rng.randint(0, 8))
        for relation in ("T1", "T2", "T3"):
            found = list(failures(iter(some), relation))
            assert [f.balance for f in found] == [b for b in some if b.relation == relation and b.fails()]
            assert all((f.left, f.right) == f.balance.sums() for f in found)


def _plain_instances(relation: RelationSpec, table: BoundTable, zeros: frozenset[LogicalPlace]) -> Iterator[Balance]:
    rows = table.rows
    if relation.axis == "row":
        for key in relation.rows or tuple(rows):
            row = rows.get(key)
            if row is not None and all(c in row for c in relation.left + relation.right):
                left, right = tuple(row[c] for c in relation.left), tuple(row[c] for c in relation.right)
                yield Balance(relation.id, "row", key, left, right, zeros)
        return
    if not all(r in rows for r in relation.left + relation.right):
        return
    for column in relation.columns or tuple(rows[relation.right[0]]):
        left = tuple(rows[r][column] for r in relation.left if column in rows[r])
        right = tuple(rows[r][column] for r in relation.right if column in rows[r])
        if len(left) == len(relation.left) and len(right) == len(relation.right):
            yield Balance(relation.id, "column", column, left, right, zeros)


def _bound_reports() -> list[Report]:
    """Reports bound from the seeds (when they are here) and from tables written below."""
    reports = [bind(TextReader().read(p.name, p.read_bytes()), TEMPLATES) for p in sorted(SEEDS.glob("*.txt"))]
    rng = random.Random(41)
    for template in TEMPLATES:
        for _ in range(6):
            reports.append(bind(_written(template, rng), TEMPLATES))
    return reports


def _written(template: object, rng: random.Random) -> Document:
    """A document of the template's tables, one tab row per template row, cells of every kind."""
    blocks: list[Paragraph | Table] = []
    number = 0
    for spec in template.tables:  # type: ignore[attr-defined]
        blocks.append(Paragraph(f"{'一二三四五六'[spec.part - 1]}、{spec.title}", Location(line=number)))
        rows = []
        for row in spec.rows:
            number += 1
            width = len(row.columns) + rng.choice([0, 0, 0, -1, 1])
            texts = [row.label, *(rng.choice(["0", "3", "", "/", "无", "x", "12"]) for _ in range(max(width, 0)))]
            rows.append(tuple(TextCell(t, Location(line=number, column=i + 1)) for i, t in enumerate(texts)))
        blocks.append(Table(tuple(rows), Location(line=number)))
    return Document(path="written.txt", format="text", blocks=tuple(blocks))


def test_balance_instances_are_those_of_the_plain_walk() -> None:
    for report in _bound_reports():
        template = next(t for t in TEMPLATES if t.name == report.template)
        found = balances(template, dict(report.tables))
        zeros = {key: zero_blanks(table) for key, table in report.tables.items()}
        for relation in template.relations:
            table = report.tables.get(relation.table)
            if table is None:
                assert relation.id not in found
                continue
            assert found[relation.id] == tuple(_plain_instances(relation, table, zeros[relation.table]))
        assert report.balances == found


def test_cells_by_status_are_the_cells_in_table_order() -> None:
    for report in _bound_reports():
        every = [cell for table in report.tables.values() for row in table.values() for cell in row.values()]
        for status in CellStatus:
            assert report.cells_with(status) == tuple(c for c in every if c.status is status)
        assert all(report._cells_by_status.values())  # no status without cells is kept


def test_seed_reports_are_there_or_skipped() -> None:
    if not SEEDS.is_dir():
        pytest.skip("the shared seed reports are not here")
    assert sorted(SEEDS.glob("*.txt"))


# --------------------------------------------------------------------------- table binding


def _tokens(rng: random.Random, count: int) -> list[Token]:
    forms = [normalize_label(row.label) for spec in SPECS for row in spec.rows]
    texts = [rng.choice([*forms, "0", "12", "/", "", "其他", "规范性", "某某"]) for _ in range(count)]
    return [Token(text, normalize_label(text), Location(line=i), (0, i), i) for i, text in enumerate(texts)]


def test_kept_values_taken_at_once_are_those_asked_one_by_one() -> None:
    tokens = _tokens(random.Random(43), 800)
    for spec in SPECS:
        labels = Labels.of(spec)
        assert labels.keeps_all(tokens) == [labels.keeps(t.norm) for t in tokens]


def _words(norm: str) -> bool:
    """Chinese words that are no value (其他, 某某), as a remark is."""
    return not is_value(norm) and any("\u4e00" <= char <= "\u9fff" for char in norm)


def _plain_fit(binder: _TableBinder, row: RowSpec, values: list[Token], fallback: Location) -> dict[str, Cell]:
    wanted = len(row.columns)
    values = list(values)
    while len(values) > wanted and (not values[-1].norm or _words(values[-1].norm)):
        values.pop()  # blanks, and a remark in words, after the values
    while len(values) > wanted and not values[0].norm:
        values.pop(0)
    if len(values) > wanted and len([v for v in values if v.norm]) == wanted and _all_values(values):
        values = [v for v in values if v.norm]  # empty spacer columns between exactly its values
    where = values[0].location if values else fallback
    cells = {}
    for i, column in enumerate(row.columns):
        place = binder.places.place(row.key, column)
        if len(values) == wanted:
            cells[column] = make_cell(values[i].text, values[i].location, place)
        else:  # a row that does not fit its columns places none of its values (GK010)
            cells[column] = Cell("", None, CellStatus.MISSING, where, place)
    return cells


def test_a_row_is_fitted_as_the_plain_trim_fits_it() -> None:
    rng = random.Random(47)
    spec = NATIONAL_2021.table("applications")
    for _ in range(600):
        binder = _TableBinder(spec)
        row = rng.choice(spec.rows)
        values = _tokens(rng, rng.randint(0, len(row.columns) + 3))
        given = list(values)
        fitted = binder._fit(row, values, Location(line=99))
        assert values == given  # the caller's list is left as it was
        assert list(fitted.items()) == list(_plain_fit(_TableBinder(spec), row, values, Location(line=99)).items())
        assert len(binder.notes) == (len(_plain_kept(row, values)) != len(row.columns))


def _all_values(values: list[Token]) -> bool:
    return all(is_value(v.norm) for v in values if v.norm)


def _plain_kept(row: RowSpec, values: list[Token]) -> list[Token]:
    kept = list(values)
    while len(kept) > len(row.columns) and (not kept[-1].norm or _words(kept[-1].norm)):
        kept.pop()
    while len(kept) > len(row.columns) and not kept[0].norm:
        kept.pop(0)
    if len(kept) > len(row.columns) and len([v for v in kept if v.norm]) == len(row.columns) and _all_values(kept):
        kept = [v for v in kept if v.norm]
    return kept


# --------------------------------------------------------------------------- readers and bounds


def _plain_bounds(blocks: tuple[Paragraph | Table, ...]) -> int | None:
    """How many blocks stand whole within the bounds (None: all of them), measured cell by cell."""
    units = chars = cells = 0
    for index, block in enumerate(blocks):
        rows = block.rows if isinstance(block, Table) else ((TextCell(block.text),),)
        size = sum(len(cell.text) for row in rows for cell in row)
        count = sum(len(row) for row in rows) if isinstance(block, Table) else 0
        if units + len(rows) > MAX_UNITS or chars + size > MAX_TEXT or cells + count > MAX_CELLS:
            return index
        units, chars, cells = units + len(rows), chars + size, cells + count
    return None


def test_blocks_are_cut_where_the_cell_by_cell_measure_cuts_them() -> None:
    rng = random.Random(53)
    for _ in range(60):
        blocks: list[Paragraph | Table] = []
        for _ in range(rng.randint(0, 40)):
            if rng.random() < 0.5:
                blocks.append(Paragraph("字" * rng.choice([1, 30, 40_000])))
            else:
                width, height = rng.choice([1, 5, 30]), rng.choice([1, 10, 200])
                row = tuple(TextCell("9" * rng.choice([0, 1, 20])) for _ in range(width))
                blocks.append(Table((row,) * height))
        kept, notes = _bounded_blocks(tuple(blocks))
        whole = _plain_bounds(tuple(blocks))
        assert (kept is None) == (whole is None) == (not notes)
        if kept is not None and whole is not None:
            assert kept[:whole] == tuple(blocks[:whole])


def test_cell_per_line_cells_stand_where_the_cell_helper_puts_them() -> None:
    rng = random.Random(59)
    checked = 0
    for _ in range(200):
        texts = [
            "".join(rng.choice(["a", "规", " ", "\u3000", "0"]) for _ in range(rng.randint(0, 4))) for _ in range(6)
        ]
        lines = [
            "三、收到和处理政府信息公开申请情况",
            *(f"\t{text}" for text in texts[:3]),
            "",
            *(f"\t{t}" for t in texts[3:]),
        ]
        document = TextReader().read("cells.txt", "\n".join(lines).encode())
        tables = [block for block in document.blocks if isinstance(block, Table)]
        numbered = [(n, line) for n, line in enumerate(lines, 1) if line.startswith("\t")]
        cells = [cell for table in tables for row in table.rows for cell in row]
        if not cells:
            continue  # every cell blank: a tab-indented paragraph at most
        assert cells == [text_cell(line[1:], n, 1) for n, line in numbered]
        checked += 1
    assert checked > 100


# --------------------------------------------------------------------------- prose rules


def _clauses(rng: random.Random, count: int) -> list[str]:
    words = [*_NOUNS, "本机关", "其中", "包括", "分别为", "收到", "办结", "2023年", "12件", "共", "，", "3条", "、"]
    return ["".join(rng.choice(words) for _ in range(rng.randint(0, 6))) for _ in range(count)]


def test_a_clause_without_a_noun_has_no_topic_as_the_noun_by_noun_test_says() -> None:
    for clause in _clauses(random.Random(61), 3000):
        if not any(noun in clause for noun in _NOUNS):
            assert topic_of(clause, clause, "2024") is None
        assert topic_of("规范性文件" + clause, clause, "2024") == topic_of("规范性文件" + clause, clause, "2024")


def test_prose_without_an_opener_word_gives_no_parts_list() -> None:
    for text in _clauses(random.Random(67), 3000):
        assert may_list_parts(text) == (OPENER.search(text) is not None)
        if not may_list_parts(text):
            assert all(parts_list(s.group(0), 2023) is None for s in re.finditer(r"[^。；;]+", text))


# --------------------------------------------------------------------------- the rule loop


def test_a_rule_that_prints_is_still_caught_after_quiet_rules(capsys: pytest.CaptureFixture[str]) -> None:
    from gklint.manager import load_plugins
    from gklint.plugin import Rule, Severity

    class Loud(Rule):
        code = "GK998"
        name = "loud"
        severity = Severity.INFO
        summary = ("喧哗", "loud")
        explanation = "."
        messages = {"x": ("x", "x")}

        def check(self, report, ctx):  # type: ignore[no-untyped-def]
            print("noise")
            return ()

    plugins = load_plugins()
    report = _bound_reports()[-1]

    class Settings:  # what selected_rules asks of a run's settings
        options: dict[str, dict[str, object]] = {}

        def selects(self, code: str) -> bool:
            return code.startswith("GK1")

        def severity_of(self, code: str, default: Severity) -> Severity:
            return default

    quiet = selected_rules(plugins, Settings())  # type: ignore[arg-type]
    loud = type(quiet[0])(Loud, "test", Severity.INFO)
    found = check_report(report, [*quiet, loud, *quiet])
    crashes = [f for f in found if f.code == "GK099"]
    assert len(crashes) == 1 and "noise" in crashes[0].message_en
    assert [f for f in found if f.code != "GK099"] == check_report(report, quiet) * 2
    assert capsys.readouterr().out == ""


# --------------------------------------------------------------------------- folding


def test_fold_in_one_pass_is_the_three_translations_in_turn() -> None:
    rng = random.Random(71)
    alphabet = (
        "“”„‟〝〞＂'‘’`—–‒―－─" + _TRADITIONAL + '资讯规范性档案反覆正後关於信息公开，。（）ＡＢ１２ 　\u00a0abc-"'
    )
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        three = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
        assert fold_uncached(text) == to_simplified(three), text
        assert fold(text) == fold_uncached(text)


def test_a_document_naming_disclosure_plainly_is_told_as_the_folded_search_tells_it() -> None:
    rng = random.Random(73)
    pieces = ["信息", "公开", "政务", "資訊", "公開", "政務", "⼀", "办公", " ", "x", "信息公开", "政务公开"]
    for _ in range(2000):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(0, 3))]
        document = Document(path="p.txt", format="text", blocks=tuple(Paragraph(t) for t in texts))
        folded = _NOT_DISCLOSURE_WORDS.sub("", fold_uncached("".join(texts)))
        assert _may_name_disclosure(document) == ("信息公开" in folded or "政务公开" in folded), texts


def test_lines_compared_as_titles_are_the_regular_expressions_forms() -> None:
    rng = random.Random(79)
    alphabet = ["#", "##", " ", "\u3000", "\u00a0", "\t", "數(shù)", "某局", "2023年", "（2019）", "(2020)", "号", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert comparable(text) == re.sub(r"\s+", "", strip_pinyin(fold(re.sub(r"^#+", "", text)))), text
        plain = re.sub(r"[(（](\d{4})[)）]", r"〔\1〕", normalize_label(text))
        assert _notice_number(text) == plain, text


def test_a_heading_row_is_told_as_with_is_value_per_cell() -> None:
    rng = random.Random(83)
    for spec in SPECS:
        labels = Labels.of(spec)
        for _ in range(300):
            row = _tokens(rng, rng.randint(0, 6))
            filled = [t for t in row if t.norm]
            plain = len(filled) >= 2 and not any(is_value(t.norm) for t in filled)
            if plain:
                first, last = (labels.match(t.norm) for t in (filled[0], filled[-1]))
                plain = not any(m is not None and isinstance(m[0], RowSpec) for m in (first, last))
            assert is_heading_row(row, labels) == plain, [t.text for t in row]


def test_pipe_table_cells_stand_where_the_cell_helper_puts_them() -> None:
    rng = random.Random(89)
    for _ in range(300):
        rows = [
            "|"
            + "|".join("".join(rng.choice(["a", "规", " ", "\u3000", "0"]) for _ in range(3)) for _ in range(4))
            + "|"
            for _ in range(rng.randint(1, 4))
        ]
        document = TextReader().read("pipes.txt", "\n".join(["标题", *rows]).encode())
        cells = [cell for block in document.blocks if isinstance(block, Table) for row in block.rows for cell in row]
        expected = [text_cell(text, n, start) for n, line in enumerate(rows, 2) for text, start in split_pipe_row(line)]
        assert cells == expected, rows
