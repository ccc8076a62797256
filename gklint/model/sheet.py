"""What a bound report says, compactly, for the formatters that show it (``FileResult.sheet``).

A run keeps no ``Report`` past its cross-year phase; a ``ReportSheet`` is the little that people
read besides the findings: the report's title, agency, year, period and template, and, when a
formatter draws the tables, every cell of each bound table laid out on the rows and columns of the
format that table follows, as plain text. ``gklint.sheet`` makes it from a bound report.
"""

from __future__ import annotations

from dataclasses import dataclass

from gklint.model.values import by_value


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class SheetCell:
    """One cell: its column key, the text the report shows, its status (``CellStatus`` values
    plus ``missing``)."""

    column: str
    raw: str
    status: str


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class SheetRow:
    """A template row: its key, the template's label, the label as the report writes it (empty
    when the row is absent) and one cell per template column."""

    key: str
    label: str
    found: str
    cells: tuple[SheetCell, ...]


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class SheetTable:
    """A bound table on its format's grid; ``columns`` maps every column key to its heading."""

    key: str
    part: int
    title: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[SheetRow, ...]

    def column_title(self, key: str) -> str:
        return dict(self.columns).get(key, key)


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class ReportSheet:
    """A report's metadata and, when asked for, its tables."""

    title: str | None
    agency: str | None
    year: int | None
    template: str
    template_title: str
    period: str | None
    published: str | None
    tables: tuple[SheetTable, ...] = ()
