"""Arithmetic over bound cells, for rules that check that numbers add up.

A ``Balance`` says ``sum(left) == sum(right)``. It is decided only when every cell holds a number
(a not-applicable "/" counts as 0); blank, invalid or missing cells leave it undecided, because
other rules report those cells and a sum over them would only add noise.

When one cell is wrong, every balance it sits in fails. ``suspect`` uses that to point a finding
at the cell that is most likely wrong, rather than at a total that is merely where the
arithmetic was noticed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from gklint.model import Cell, CellStatus, Location, LogicalPlace

_COUNTED = (CellStatus.OK, CellStatus.NA)


@dataclass(frozen=True)
class Balance:
    """One instance of a template relation: ``relation`` is its id (e.g. "T2"), ``key`` the row
    (for a row-wise relation) or column (column-wise) it was taken along."""

    relation: str
    axis: str  # "row" | "column"
    key: str
    left: tuple[Cell, ...]
    right: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.left + self.right

    def decidable(self) -> bool:
        return all(c.status in _COUNTED for c in self.cells)

    def sums(self) -> tuple[Decimal, Decimal]:
        return (
            sum((Decimal(c.number) for c in self.left), Decimal(0)),
            sum((Decimal(c.number) for c in self.right), Decimal(0)),
        )

    def fails(self) -> bool:
        if not self.decidable():
            return False
        left, right = self.sums()
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
    def total_title(self) -> str:
        """The title of the total's row (row-wise relations) or column (column-wise)."""
        title = self.balance.right[-1].place.title
        return title.split("·")[0] if self.balance.axis == "row" else title.split("·")[-1]


def failures(balances: Iterable[Balance], relation: str) -> Iterator[Failure]:
    """Every failing instance of ``relation`` among ``balances`` (normally all of a report's)."""
    every = list(balances)
    for balance in every:
        if balance.relation == relation and balance.fails():
            left, right = balance.sums()
            yield Failure(balance, left, right, suspect(balance, every))
