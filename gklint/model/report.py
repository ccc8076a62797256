"""What the binder makes of a document: the report bound to a template, addressed by canonical keys."""

from __future__ import annotations

import enum
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from gklint.model.document import Document, Paragraph, TextCell
from gklint.model.location import NOWHERE, DeferredLocation, Location, settled
from gklint.model.values import by_value

if TYPE_CHECKING:
    from gklint.relations import Balance

_new = object.__new__


class CellStatus(enum.Enum):
    OK = "ok"  # a number
    BLANK = "blank"  # the source shows the cell, but it is empty
    NA = "na"  # "/", "-", "—", "无": not applicable
    INVALID = "invalid"  # text where a number must be
    MISSING = "missing"  # the source has no such cell at all (the row was short)


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class LogicalPlace:
    """The place in the national format, the same whatever the source format."""

    part: int | None = None  # 1..6
    table: str | None = None  # "active", "applications", "review_litigation"
    row: str | None = None  # canonical row key, e.g. "withheld.3"
    column: str | None = None  # canonical column key, e.g. "total"
    title: str = field(default="", compare=False)  # for people: "二、上年结转政府信息公开申请数量·总计"
    row_title: str = field(default="", compare=False)  # the row's (or the part's, the table's) own title
    column_title: str = field(default="", compare=False)  # the column's, for a cell

    def quoted(self) -> str:
        """The place for people: 「二、上年结转政府信息公开申请数量·总计」, else the canonical keys."""
        return f"「{self.title}」" if self.title else self.describe()

    def describe(self) -> str:
        bits = [b for b in (self.table, self.row, self.column) if b]
        text = "/".join(bits)
        if self.part:
            return f"part{self.part}" + (f"/{text}" if text else "")
        return text


NO_PLACE = LogicalPlace()  # a finding about the whole file


@by_value
@dataclass(frozen=True, init=False, eq=False, repr=False)  # the __init__ below
class Cell:
    """A bound table cell: raw text, typed value, status and where it stands."""

    raw: str
    value: int | Decimal | None
    status: CellStatus
    location: Location
    place: LogicalPlace

    def __init__(
        self, raw: str, value: int | Decimal | None, status: CellStatus, location: Location, place: LogicalPlace
    ) -> None:
        self.__dict__.update(raw=raw, value=value, status=status, location=location, place=place)  # see Location

    @classmethod
    def deferred(
        cls, raw: str, value: int | Decimal | None, status: CellStatus, source: Any, place: LogicalPlace
    ) -> Cell:
        """``Cell(raw, value, status, source.location, place)``, the location read from ``source`` (the
        cell or paragraph it was bound from) only when asked: the binder's cells, most never named."""
        cell = _new(cls)
        cell.__dict__.update(raw=raw, value=value, status=status, _at=source, place=place)
        return cell

    @classmethod
    def deferred_row(
        cls,
        columns: Iterable[str],
        places: Iterable[LogicalPlace],
        values: Iterable[Any],
        typed: Callable[[str], tuple[str, int | Decimal | None, CellStatus]],
    ) -> dict[str, Cell]:
        """A row's cells by column, ``deferred``: each of ``values`` (what the binder took for the
        column: its ``text`` and the ``source`` it was read from) typed by ``typed``, up to the shorter
        of ``columns`` and ``values``. One call a row, not one a cell: a report binds some 200."""
        cells: dict[str, Cell] = {}
        for column, place, value in zip(columns, places, values):
            raw, number, status = typed(value.text)
            cell = _new(cls)
            fields = cell.__dict__
            fields["raw"] = raw
            fields["value"] = number
            fields["status"] = status
            fields["_at"] = value.source  # see DeferredLocation
            fields["place"] = place
            cells[column] = cell
        return cells

    def __getstate__(self) -> dict[str, Any]:
        return settled(self.__dict__)

    @property
    def ok(self) -> bool:
        return self.status is CellStatus.OK

    @property
    def number(self) -> int | Decimal:
        """The value for arithmetic; blank and not-applicable cells count as 0."""
        return self.value if self.value is not None else 0


setattr(Cell, "location", DeferredLocation(NOWHERE))  # noqa: B010 (made lazy for deferred())


@by_value
@dataclass(frozen=True, init=False, eq=False, repr=False)  # the __init__ below
class BoundRow(Mapping[str, Cell]):
    """One template row: its cells by column key, its label as found, where the label stands."""

    key: str
    label: str
    cells: Mapping[str, Cell]
    location: Location = NOWHERE

    def __init__(self, key: str, label: str, cells: Mapping[str, Cell], location: Location = NOWHERE) -> None:
        self.__dict__.update(key=key, label=label, cells=cells, location=location)  # see Location

    @classmethod
    def deferred(cls, key: str, label: str, cells: Mapping[str, Cell], source: Any) -> BoundRow:
        """``BoundRow(key, label, cells, source.location)``, the location read from ``source`` (the
        label's cell or paragraph) only when asked."""
        row = _new(cls)
        row.__dict__.update(key=key, label=label, cells=cells, _at=source)
        return row

    def __getstate__(self) -> dict[str, Any]:
        return settled(self.__dict__)

    def __getitem__(self, column: str) -> Cell:
        return self.cells[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)

    # The mixins' versions go through __getitem__ and KeyError per key; rules ask these per cell.
    def __contains__(self, column: object) -> bool:
        return column in self.cells

    def get(self, column: str, default: Any = None) -> Any:
        return self.cells.get(column, default)

    def keys(self) -> KeysView[str]:
        return self.cells.keys()

    def values(self) -> ValuesView[Cell]:
        return self.cells.values()

    def items(self) -> ItemsView[str, Cell]:
        return self.cells.items()


setattr(BoundRow, "location", DeferredLocation(NOWHERE))  # noqa: B010 (the field's default, made lazy for deferred())


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class BoundTable(Mapping[str, BoundRow]):
    """A template table bound to the source: rows by canonical key, in template order."""

    key: str
    part: int
    rows: Mapping[str, BoundRow]
    headers: Mapping[str, TextCell] = field(default_factory=dict)  # column key -> its header as found
    location: Location = NOWHERE

    def __getitem__(self, row: str) -> BoundRow:
        return self.rows[row]

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, row: object) -> bool:
        return row in self.rows

    def get(self, row: str, default: Any = None) -> Any:
        return self.rows.get(row, default)

    def keys(self) -> KeysView[str]:
        return self.rows.keys()

    def values(self) -> ValuesView[BoundRow]:
        return self.rows.values()

    def items(self) -> ItemsView[str, BoundRow]:
        return self.rows.items()

    def cells(self) -> Iterator[Cell]:
        for row in self.rows.values():
            yield from row.cells.values()


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class Section:
    """One of the six parts: its number, heading as written, and the paragraphs under it."""

    number: int
    heading: str
    location: Location
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class StatedPeriod:
    """The statistics period as the report states it (numbers as written, not yet validated)."""

    text: str
    location: Location
    start: tuple[int | None, int, int]  # (year, month, day); year None when the text omits it
    end: tuple[int | None, int, int]

    def start_date(self) -> date | None:
        return _as_date(self.start)

    def end_date(self) -> date | None:
        return _as_date(self.end)


def _as_date(parts: tuple[int | None, int, int]) -> date | None:
    year, month, day = parts
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class BindingNote:
    """Something the binder noticed while mapping the document onto the template.

    ``kind`` is one of (``NOTE_KINDS``):

    * ``label-mismatch`` — a label or part heading differs from the template: ``found`` as
      written, ``expected`` the template's;
    * ``row-shape`` — a row has ``count`` cells where the template has ``expected``; a row whose one
      cell holds only digits, as many as its cells or more, is a row whose numbers ran together
      (``digits_run_together``: a crawler's flattened table, ``binder/digitruns``);
    * ``row-duplicate`` — a row label appears a second time (the first one is used); ``detail`` is
      ``same`` when the row holds the same numbers again;
    * ``row-unlabelled`` — a row of values without its label, placed by its position between the
      rows before and after it (``expected`` the template's label);
    * ``table-unbound`` — a table stands under a part but none of its cells is a label;
    * ``table-flattened`` — a table's labels and numbers stand run together in the text of its
      part (a page flattened by a crawler): its cells cannot be told apart;
    * ``table-image`` — a part holds a picture and no table: its table was published as an image,
      whose numbers cannot be read;
    * ``section-missing``, ``table-missing``, ``row-missing`` — the template's part, table or
      row (``expected``) is not in the document;
    * ``template-mixed`` — the table's rows follow another format (``found``, the last report year
      it applies to in ``count``, None when current) than the report's (``expected``); ``detail``
      is the label of a row that shows it;
    * ``template-rows`` — some rows of a table the report's format binds hold the cells of another
      format (``found``, its last year in ``count``); ``detail`` names the first;
    * ``template-columns`` — the same, shown by column headers only another format has (``detail``).
    """

    kind: str
    location: Location
    place: LogicalPlace
    found: str = ""
    expected: str = ""
    detail: str = ""
    count: int | None = None

    @property
    def digits_run_together(self) -> bool:
        """A ``row-shape`` note of a row whose numbers ran together into one cell of digits alone:
        not evidence that the row follows another format, only that its cells cannot be told apart."""
        digits = self.found.replace(" ", "")
        wanted = int(self.expected) if self.expected.isdigit() else 0
        return (
            self.kind == "row-shape" and self.count == 1 and wanted > 1 and digits.isdigit() and len(digits) >= wanted
        )


NOTE_KINDS = (
    "label-mismatch",
    "row-shape",
    "row-duplicate",
    "row-unlabelled",
    "table-unbound",
    "table-flattened",
    "table-image",
    "section-missing",
    "table-missing",
    "row-missing",
    "template-mixed",
    "template-rows",
    "template-columns",
)


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class Report:
    """What the binder makes of a Document under one template."""

    document: Document
    template: str  # e.g. "national-2021"
    template_last_year: int | None = None  # the last report year the template applies to (None: current)
    title: str | None = None
    title_location: Location = NOWHERE
    agency: str | None = None
    year: int | None = None
    title_year: int | None = None  # the year the title names, when it names one (it may not be ``year``)
    period: StatedPeriod | None = None
    sections: Mapping[int, Section] = field(default_factory=dict)
    tables: Mapping[str, BoundTable] = field(default_factory=dict)
    notes: tuple[BindingNote, ...] = ()
    balances: Mapping[str, tuple[Balance, ...]] = field(default_factory=dict)  # relation id -> instances

    @property
    def path(self) -> str:
        return self.document.path

    def cell(self, table: str, row: str, column: str, *, numeric: bool = False) -> Cell | None:
        """The bound cell ``tables[table][row][column]``, or None when the document lacks it;
        with ``numeric``, None too when the cell holds no number (blank, "/", text)."""
        bound = self.tables.get(table)
        if bound is None or row not in bound or column not in bound[row]:
            return None
        cell = bound[row][column]
        return None if numeric and cell.status is not CellStatus.OK else cell

    def cells_with(self, status: CellStatus) -> tuple[Cell, ...]:
        """Every bound cell with ``status``, table by table, row by row (sorted once per report)."""
        return self._cells_by_status.get(status, ())

    @cached_property
    def _cells_by_status(self) -> dict[CellStatus, tuple[Cell, ...]]:
        # Most cells are numbers: those take one identity test and a bound append; the few others are
        # grouped by status. (A plain loop: attribute reads in the loop's own bytecode are cheaper
        # than attrgetter's, and an Enum member hashes in Python code.)
        ok = CellStatus.OK
        others: dict[CellStatus, list[Cell]] = {status: [] for status in CellStatus}
        numbers = others[ok]
        append = numbers.append
        for table in self.tables.values():
            for row in table.rows.values():
                for cell in row.cells.values():
                    if cell.status is ok:
                        append(cell)
                    else:
                        others[cell.status].append(cell)
        return {status: tuple(cells) for status, cells in others.items() if cells}

    def all_balances(self) -> Iterator[Balance]:
        for balances in self.balances.values():
            yield from balances

    @cached_property
    def failing_balances(self) -> tuple[Balance, ...]:
        """The balances that do not hold, in order: decided once for every rule that asks."""
        from gklint.relations import failing  # the relations import the model

        return failing(self.all_balances())

    @property
    def recognised(self) -> bool:
        """True when anything of the template was found at all."""
        return bool(self.sections or self.tables)

    @property
    def active(self) -> BoundTable | None:
        """Table A, 二、主动公开政府信息情况."""
        return self.tables.get("active")

    @property
    def applications(self) -> BoundTable | None:
        """Table B, 三、收到和处理政府信息公开申请情况."""
        return self.tables.get("applications")

    @property
    def review_litigation(self) -> BoundTable | None:
        """Table C, 四、政府信息公开行政复议、行政诉讼情况."""
        return self.tables.get("review_litigation")
