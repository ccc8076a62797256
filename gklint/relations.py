"""Arithmetic over bound cells, for rules that check that numbers add up.

A ``Balance`` says ``sum(left) == sum(right)``. It is decided only when every cell holds a number
(a not-applicable "/" counts as 0), or is a blank that the table evidently writes for 0 (the policy
of ``zero_blanks``, stated in ``BLANK_AS_ZERO``); invalid and missing cells, and other blanks, leave
it undecided, because other rules report those cells and a sum over them would only add noise.

When one cell is wrong, every balance it sits in fails. ``suspect`` uses that to point a finding
at the cell that is most likely wrong, rather than at a total that is merely where the
arithmetic was noticed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Generic, TypeVar, overload

from gklint.model import BoundTable, Cell, CellStatus, Location, LogicalPlace

_COUNTED = (CellStatus.OK, CellStatus.NA)

BLANK_AS_ZERO = (
    "空白单元格的计算规则：表格显然以空白代替 0 时（该表空白单元格多于明确填写的 0，或某列在各行均为空白），"
    "空白按 0 参与计算，结论中注明“空白单元格按 0 计算”；但等式唯一的合计为空白时（某行的总计、某列的（七）总计、"
    "第四部分表格某组的总计），不核对该等式；等式某一边全部为空白时也不核对。空白单元格本身仍由 GK107 报告。"
)


_T = TypeVar("_T")


class _once(Generic[_T]):
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first read, and
    a report's rules first-read some forty balances): the value lands in the instance's ``__dict__``,
    which later reads find before this descriptor."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__

    @overload
    def __get__(self, instance: None, owner: type) -> _once[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type) -> _T: ...
    def __get__(self, instance: object | None, owner: type) -> _once[_T] | _T:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass(frozen=True)
class Balance:
    """One instance of a template relation: ``relation`` is its id (e.g. "T2"), ``key`` the row
    (for a row-wise relation) or column (column-wise) it was taken along."""

    relation: str
    axis: str  # "row" | "column"
    key: str
    left: tuple[Cell, ...]
    right: tuple[Cell, ...]
    zero_blanks: frozenset[LogicalPlace] = field(default=frozenset(), compare=False)  # blanks counted as 0

    def __init__(  # the binder makes some forty a report: filled in one step, not a frozen setattr per field
        self,
        relation: str,
        axis: str,
        key: str,
        left: tuple[Cell, ...],
        right: tuple[Cell, ...],
        zero_blanks: frozenset[LogicalPlace] = frozenset(),
    ) -> None:
        self.__dict__.update(relation=relation, axis=axis, key=key, left=left, right=right, zero_blanks=zero_blanks)

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.left + self.right

    def counts(self, cell: Cell) -> bool:
        """Whether ``cell`` enters the sums: a number, a "/", or a blank the table writes for 0."""
        if cell.status in _COUNTED:
            return True
        sole_total = len(self.right) == 1 and cell is self.right[0]
        return cell.status is CellStatus.BLANK and cell.place in self.zero_blanks and not sole_total

    def decidable(self) -> bool:
        return self._decidable

    @_once
    def _decidable(self) -> bool:  # every rule and every suspect() asks again: decided once
        blank = False
        for cell in self.left + self.right:  # a loop, not all() over a generator: most cells are numbers
            if cell.status not in _COUNTED:
                if not self.counts(cell):
                    return False
                blank = True
        if not blank and self.left and self.right:  # then no side is all blank
            return True
        return not any(all(c.status is CellStatus.BLANK for c in side) for side in (self.left, self.right))

    def blanks_as_zero(self) -> tuple[Cell, ...]:
        """The blank cells this balance counted as 0 (a finding says so)."""
        return tuple(c for c in self.cells if c.status is CellStatus.BLANK)

    def sums(self) -> tuple[Decimal, Decimal]:
        return self._sums

    @_once
    def _sums(self) -> tuple[Decimal, Decimal]:
        return _total(self.left), _total(self.right)

    def fails(self) -> bool:
        if not self._decidable:
            return False
        left, right = self._sums
        return left != right

    def anchor(self) -> Location:
        """Where a finding points when no single cell can be blamed: the whole row of a row-wise
        relation, the (last) total cell of a column-wise one."""
        return self.span() if self.axis == "row" else self.right[-1].location

    def span(self) -> Location:
        """A location from the first cell to the last (one row of cells, or one cell)."""
        first, last = self.cells[0].location, self.cells[-1].location
        if first.line is None or last.line is None:
            return first
        return replace(first, end_line=last.end_line or last.line, end_column=last.end_column)


def _total(cells: tuple[Cell, ...]) -> Decimal:
    numbers = [0 if (value := c.value) is None else value for c in cells]  # Cell.number, without a call each
    whole = sum(numbers)  # counts: summed exactly as ints, one Decimal at the end
    if type(whole) is int:  # an int sum: no Decimal among the numbers (int + Decimal is a Decimal)
        return Decimal(whole)
    return sum((Decimal(n) for n in numbers), Decimal(0))


def zero_blanks(table: BoundTable) -> frozenset[LogicalPlace]:
    """The blank cells of ``table`` that its arithmetic may count as 0 (``BLANK_AS_ZERO``).

    A table evidently writes 0 as blank when it has more blank cells than explicit zeros; a column
    left blank in every row (the unused legal-person columns) is its own evidence. Each ``Balance``
    still refuses a blank that is its only total.
    """
    blank, ok = CellStatus.BLANK, CellStatus.OK
    blanks: list[tuple[str, LogicalPlace]] = []
    filled: set[str] = set()  # the columns with a cell that is not blank
    zeros = 0
    for row in table.rows.values():  # one pass over the cells, not four
        for column, cell in row.cells.items():
            status = cell.status
            if status is blank:
                blanks.append((column, cell.place))
            else:
                filled.add(column)
                if status is ok and cell.value == 0:  # not cell.ok: a call each
                    zeros += 1
    if len(blanks) > zeros:
        return frozenset(place for _, place in blanks)
    return frozenset(place for column, place in blanks if column not in filled)


def suspect(failing: Balance, balances: Iterable[Balance]) -> Cell | None:
    """The single cell of ``failing`` that also sits in another failing balance, if exactly one."""
    others = [b for b in balances if b is not failing and b.fails()]
    places = {c.place for b in others for c in b.cells}
    shared = {c.place: c for c in failing.cells if c.place in places}
    return next(iter(shared.values())) if len(shared) == 1 else None


def plain_number(value: Decimal) -> str:
    """A sum as people write it: ``12``, ``948.95``."""
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


@dataclass(frozen=True)
class Failure:
    """A balance that does not hold, with the cell most likely to blame (when there is one)."""

    balance: Balance
    left: Decimal
    right: Decimal
    culprit: Cell | None

    @property
    def location(self) -> Location:
        return self.culprit.location if self.culprit else self.balance.anchor()

    @property
    def place(self) -> LogicalPlace:
        return (self.culprit or self.balance.right[-1]).place

    @property
    def blanks_as_zero(self) -> tuple[Cell, ...]:
        return self.balance.blanks_as_zero()

    @property
    def total_title(self) -> str:
        """The title of the total's row (row-wise relations) or column (column-wise)."""
        place = self.balance.right[-1].place
        return place.row_title if self.balance.axis == "row" else place.column_title


def failures(balances: Iterable[Balance], relation: str) -> Iterator[Failure]:
    """Every failing instance of ``relation`` among ``balances`` (normally all of a report's)."""
    return failures_among(failing(balances), relation)


def failures_among(failing: tuple[Balance, ...], relation: str) -> Iterator[Failure]:
    """``failures`` of ``relation``, given every failing balance (``failing``; a report keeps its own
    as ``Report.failing_balances``, decided once for all its rules)."""
    for balance in failing:
        if balance.relation == relation:
            left, right = balance.sums()
            yield Failure(balance, left, right, suspect(balance, failing))


def failing(balances: Iterable[Balance]) -> tuple[Balance, ...]:
    """The balances that fail, in order: ``[b for b in balances if b.fails()]``, with the usual
    balance (every cell a whole number) summed in one plain loop and nothing kept on it."""
    ok = CellStatus.OK
    found = []
    for balance in balances:
        left, right = balance.left, balance.right
        difference = 0
        if left and right:
            for cell in left:
                value = cell.value
                if cell.status is not ok or type(value) is not int:
                    break
                difference += value
            else:
                for cell in right:
                    value = cell.value
                    if cell.status is not ok or type(value) is not int:
                        break
                    difference -= value
                else:
                    if difference:
                        found.append(balance)
                    continue
        if balance.fails():  # blanks, "/", money, an empty side: the exact rules
            found.append(balance)
    return tuple(found)
