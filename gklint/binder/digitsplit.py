"""The digits of a flattened table's rows split back into cells (see ``gklint.binder.digitruns``).

Of the splits of a row in which its own relations hold (总计 the sum of the applicant columns; table
四's groups), a row is read when exactly one choice for all rows makes the table's column relations
hold; where the report breaks one of those, by a relation that holds with exactly one choice of its
rows; when its digits split one way whatever the arithmetic (as many digits as cells, zeros) and
add up; or, added up or not, when a space stands between every two of its numbers (the crawler kept
the cells apart: the rules report a row that does not add up). Any other row is left unread: a
split that adds up inside its row can still be wrong where the report's own numbers are, or where a
blank cell left no trace in the run.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from gklint.model import Location, TextCell
from gklint.template import RelationSpec, RowSpec, TableSpec, Template
from gklint.text import lazy_pattern

_WIDEST = 6  # digits in one count of a row of several: more is two cells run together
_ALONE = 12  # digits in the one count of a row of one cell (a province's 行政许可 decisions)
_NODES = 20_000  # splits tried for one run: beyond, the run is left unread
# Digits and the spaces a crawler kept, on the label's line or the next (values under their headings)
_RUN = lazy_pattern(r"\n?[0-9. \u3000\u00a0]*")
_AMOUNT = lazy_pattern(r"\d{1,12}(?:\.\d{1,8})?")  # a sum of money, as long as any table writes one
Groups = tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]  # (left, right) cell indexes that balance
Reading = list[tuple[int, int]]  # a run split into numbers: where each starts and ends in the run


@dataclass(frozen=True)
class Found:
    """A label of the table found in the squeezed text: its span there and what it labels."""

    start: int
    end: int
    row: RowSpec | None  # None: a heading


@dataclass
class Run:
    """The digits after a row label (or after a table's last heading, for its rows without labels):
    where they stand in the joined text, the rows they fill, and the ways of reading them found."""

    text: str
    offset: int
    rows: tuple[RowSpec, ...]
    readings: list[Reading]
    certain: bool  # one reading whatever the arithmetic


def runs_after(
    raw: str, where: tuple[int, ...], template: Template, spec: TableSpec, found: list[Found]
) -> dict[int, Run]:
    """The runs of digits after the labels, by the label's place in ``found``."""
    runs: dict[int, Run] = {}
    for n, label in enumerate(found):
        if label.row is not None:
            rows: tuple[RowSpec, ...] = (label.row,)
        elif spec.unlabeled_rows and (n + 1 == len(found) or found[n + 1].row is not None):
            rows = spec.unlabeled_rows  # the values after a table's last heading
        else:
            continue
        end = where[label.end]
        limit = where[found[n + 1].start] if n + 1 < len(found) else len(raw)
        matched = _RUN.match(raw, end, limit)
        digits = matched.group() if matched else ""
        text = digits.strip()
        if not text:
            continue
        offset = end + len(digits) - len(digits.lstrip())
        rest = _TRAILING.match(raw, offset + len(text), limit)
        trailing = rest.group() if rest else ""
        if trailing:  # a unit (元) or a mark run onto the digits (6,717): the cell's text with them
            runs[n] = Run(text + trailing, offset, rows, *_with_trailing(text + trailing, rows))
        else:
            runs[n] = Run(text, offset, rows, *_readings(text, rows, template, spec))
    return runs


# What may stand run onto a row's digits besides the next label (a CJK word or a bracket): a unit,
# or marks that make the digits no plain run (a thousands separator, a percent sign, a signed change)
_TRAILING = lazy_pattern(r"(?:万元|元)|[^\u4e00-\u9fff（(\s]+")


def _with_trailing(text: str, rows: Sequence[RowSpec]) -> _Readings:
    """A run with a unit or a mark after it: one cell holding it all when the row has one cell (the
    rules read the unit), else no reading (the row's cells cannot be told apart)."""
    if sum(len(row.columns) for row in rows) == 1:
        return [[(0, len(text))]], True
    return [], False


def _readings(text: str, rows: Sequence[RowSpec], template: Template, spec: TableSpec) -> _Readings:
    """The splits of a run in which the row's own relations hold, and whether the run splits one way
    whatever the arithmetic (as many digits as cells, zeros, a space between every two numbers)."""
    width = sum(len(row.columns) for row in rows)
    groups = _balances(rows, template, spec)
    if "." in text:  # amounts, never counts: only where spaces stand between every two of them
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        fits = not groups and len(spans) == width and all(_AMOUNT.fullmatch(text[a:b]) for a, b in spans)
        return ([spans] if fits else []), fits
    alone = splits(text, width, limit=2)
    spaced = len(alone) == 1 and len(text.split()) == width  # a number between every two spaces
    if not groups:  # nothing to check a split by: only where no cell left blank can hide in it
        safe = spaced or (len(alone) == 1 and not text.strip("0 \u3000\u00a0"))
        return (alone if safe else []), safe
    if spaced:  # read as written, whether or not it adds up: the rules report a row that does not
        return alone, True
    return splits(text, width, groups, limit=_KEPT), len(alone) == 1


_Readings = tuple[list[Reading], bool]
_KEPT = 6  # readings of one run kept for the table's other relations to choose from


def cells(run: Run, at: Callable[[int, int], Location]) -> tuple[TextCell, ...]:
    """A run's cells, one per number when it has one reading; else one cell holding the run, which
    the binder reports as a row it cannot read. ``at(offset, length)``: where a span of the text is."""
    if len(run.readings) != 1:
        return (TextCell(run.text, at(run.offset, len(run.text))),)
    return tuple(TextCell(run.text[a:b], at(run.offset + a, b - a)) for a, b in run.readings[0])


def resolve(runs: dict[int, Run], template: Template, spec: TableSpec) -> None:
    """Keep, for every row, the one split with which the table's column relations hold ((七)总计 the
    sum of the results, 一 + 二 = 三（七）+ 四) when exactly one choice of splits for all rows does.
    Where none does (the report's own numbers break one relation), keep the rows of each relation
    that holds with exactly one choice of theirs, so that the broken one is reported, and the rows
    that split one way whatever the arithmetic (``_readings``). No other row is read: a split that
    adds up within its row may still be wrong (or a blank cell left no trace in the run)."""
    relations = [r for r in template.relations if r.axis == "column" and r.table == spec.key]
    rows = [run for run in runs.values() if len(run.rows) == 1 and run.readings]
    if not relations or not rows:
        return  # a table with no relation across its rows: each row by its own arithmetic
    fitting = _fitting(rows, relations)
    if len(fitting) == 1:
        for run, reading in zip(rows, fitting[0]):
            run.readings = [reading]
        return
    confirmed = _confirmed(rows, relations)
    for run in rows:
        if id(run) in confirmed:
            run.readings = [confirmed[id(run)]]
        elif not (run.certain and len(run.readings) == 1):
            run.readings = []


def _fitting(rows: list[Run], relations: list[RelationSpec]) -> list[tuple[Reading, ...]]:
    """Up to two choices of one reading per row with which ``relations`` hold (each decided)."""
    fitting: list[tuple[Reading, ...]] = []
    if math.prod(len(run.readings) for run in rows) > _CHOICES:
        return fitting
    for choice in itertools.product(*(run.readings for run in rows)):
        values = {run.rows[0].key: _numbers(run, reading) for run, reading in zip(rows, choice)}
        if all(_fits(relations, values, run.rows[0]) for run in rows):
            fitting.append(choice)
            if len(fitting) > 1:
                break
    return fitting


def _confirmed(rows: list[Run], relations: list[RelationSpec]) -> dict[int, Reading]:
    """By run, the reading that one relation alone confirms: all its rows have readings and exactly
    one choice of them makes it hold; a row two relations confirm otherwise is confirmed by neither."""
    confirmed: dict[int, Reading] = {}
    doubted: set[int] = set()
    for relation in relations:
        keys = {*relation.left, *relation.right}
        members = [run for run in rows if run.rows[0].key in keys]
        if {run.rows[0].key for run in members} != keys:
            continue  # a row of it unread (or its total broken): it confirms nothing
        fitting = _fitting(members, [relation])
        for run, reading in zip(members, fitting[0]) if len(fitting) == 1 else ():
            if confirmed.setdefault(id(run), reading) != reading:
                doubted.add(id(run))
    return {key: reading for key, reading in confirmed.items() if key not in doubted}


_CHOICES = 4096  # choices of readings tried against the column relations


def _numbers(run: Run, reading: Reading) -> dict[str, int]:
    return dict(zip(run.rows[0].columns, (int(run.text[a:b]) for a, b in reading)))


def _fits(relations: list[RelationSpec], values: dict[str, dict[str, int]], row: RowSpec) -> bool:
    """Whether every relation through ``row`` whose rows are all read holds in every column; False
    when none can be decided."""
    decided = False
    for relation in relations:
        keys = (*relation.left, *relation.right)
        if row.key not in keys or not all(k in values for k in keys):
            continue
        for column in relation.columns or row.columns:
            if not all(column in values[k] for k in keys):
                continue
            decided = True
            if sum(values[k][column] for k in relation.left) != sum(values[k][column] for k in relation.right):
                return False
    return decided


def _balances(rows: Sequence[RowSpec], template: Template, spec: TableSpec) -> Groups:
    """The row-wise relations of the format over the cells of ``rows`` laid side by side."""
    groups: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    offset = 0
    for row in rows:
        for relation in template.relations:
            if _applies(relation, spec, row):
                left = tuple(offset + row.columns.index(c) for c in relation.left)
                right = tuple(offset + row.columns.index(c) for c in relation.right)
                groups.append((left, right))
        offset += len(row.columns)
    return tuple(groups)


def _applies(relation: RelationSpec, spec: TableSpec, row: RowSpec) -> bool:
    return (
        relation.axis == "row"
        and relation.table == spec.key
        and (not relation.rows or row.key in relation.rows)
        and all(c in row.columns for c in (*relation.left, *relation.right))
    )


class _TooMany(Exception):
    """More splits tried than a run deserves: it is left unread."""


def splits(run: str, count: int, groups: Groups = (), limit: int = 2) -> list[Reading]:
    """Up to ``limit`` ways of reading ``run`` (digits, spaces between some of them) as ``count``
    whole numbers without leading zeros, each within a piece between spaces, such that every group's
    left cells add up to its right cells: each way as the (start, end) of each number in ``run``."""
    pieces = [(m.start(), m.end()) for m in re.finditer(r"\d+", run)]
    if not pieces or len(pieces) > count or sum(b - a for a, b in pieces) < count:
        return []
    checks: dict[int, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}
    for left, right in groups:
        checks.setdefault(max(*left, *right), []).append((left, right))
    found: list[Reading] = []
    spans: Reading = []
    values: list[int] = []
    budget = [_NODES]

    def holds(index: int) -> bool:
        return all(
            sum(values[i] for i in left) == sum(values[i] for i in right) for left, right in checks.get(index, ())
        )

    def visit(piece: int, at: int) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooMany
        if len(found) >= limit:
            return
        if piece == len(pieces):
            if len(spans) == count:
                found.append(list(spans))
            return
        left_numbers = count - len(spans)
        if left_numbers < len(pieces) - piece:
            return
        end = pieces[piece][1]
        longest = 1 if run[at] == "0" else min(_WIDEST if count > 1 else _ALONE, end - at)
        for width in range(1, longest + 1):
            stop = at + width
            spans.append((at, stop))
            values.append(int(run[at:stop]))
            if holds(len(values) - 1):
                if stop == end:
                    visit(piece + 1, pieces[piece + 1][0] if piece + 1 < len(pieces) else stop)
                elif len(spans) < count:
                    visit(piece, stop)
            spans.pop()
            values.pop()

    try:
        visit(0, pieces[0][0])
    except _TooMany:
        return []
    return found
