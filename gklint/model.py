"""The data model: what readers produce, what the binder makes of it, what rules report.

Three layers, each a plain dataclass tree that pickles cleanly (for the process pool) and reads
without the code that made it:

* ``Document`` - a source file as blocks in reading order (paragraphs and tables of cells), each
  with a ``Location`` in that source.
* ``Report`` - the document bound to a national template: metadata, the six parts, and the three
  tables addressed by canonical keys (``report.applications["new"]["total"]``).
* ``Finding`` - one problem, carrying both the source position and the logical place.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gklint.relations import Balance
    from gklint.sheet import ReportSheet


class Severity(enum.IntEnum):
    """Severity of a finding; ordered so that ``error > warning > info``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (error, warning, info)") from None


@dataclass(frozen=True)
class Location:
    """Where something stands in its source file.

    Text-like sources fill ``line``/``column`` (1-based, columns in code points, the end
    exclusive); HTML fills ``line``; PDF fills ``page`` and ``bbox`` (x0, y0, x1, y1 in points);
    DOCX fills ``element`` (e.g. ``table 2 / row 5 / cell 3``). Anything unknown stays ``None``.
    """

    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    element: str | None = None

    def within(self, start: int, length: int) -> Location:
        """The span of ``length`` code points from offset ``start`` of the text this location
        starts; for a text-like source, else the location itself (a PDF box, a DOCX element)."""
        if self.line is None or self.column is None:
            return self
        column = self.column + start
        return Location(line=self.line, column=column, end_line=self.line, end_column=column + length)

    def describe(self) -> str:
        """A short human form: ``12:5``, ``p.3``, ``table 2 / row 4`` or empty."""
        if self.line is not None:
            return f"{self.line}:{self.column or 1}"
        if self.page is not None:
            return f"p.{self.page}"
        return self.element or ""

    def sort_key(self) -> tuple[int, int, int, float, float, tuple[int, ...]]:
        """Reading order: page, line, column; on a PDF page top to bottom, left to right (PDF y grows
        upwards); then the numbers of a DOCX element ("表格 2 / 行 10")."""
        numbers = tuple(int(n) for n in re.findall(r"\d+", self.element)) if self.element else ()
        top, left = (-self.bbox[3], self.bbox[0]) if self.bbox else (0.0, 0.0)
        return (self.page or 0, self.line or 0, self.column or 0, top, left, numbers)


NOWHERE = Location()


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class TextCell:
    """One table cell as the source shows it.

    A merged cell stands once, at its top-left grid position; every other position it covers is
    a ``TextCell`` with ``merged=True`` (and no text), so rows stay rectangular while the binder
    can tell a covered position from a cell the author left blank.
    """

    text: str
    location: Location = NOWHERE
    merged: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph or line of running text; ``heading_level`` > 0 when the source marks a heading."""

    text: str
    location: Location = NOWHERE
    heading_level: int = 0


@dataclass(frozen=True)
class Table:
    """A table as rows of cells in reading order.

    ``sparse`` marks a table whose source drops empty cells (lines copied from a page where a blank
    cell leaves no trace): a row label followed directly by the next label has lost its cells, which
    were blank, not missing.
    """

    rows: tuple[tuple[TextCell, ...], ...]
    location: Location = NOWHERE
    sparse: bool = False


Block = Paragraph | Table


@dataclass(frozen=True)
class Directive:
    """An inline suppression comment, e.g. ``<!-- gklint: disable-next-line=GK107 -->``.

    ``kind`` is ``disable`` (until a matching ``enable`` or the end of the file), ``enable``,
    ``disable-next-line`` (the line ``target_line``) or ``disable-file``; ``codes`` are codes or
    prefixes (``ALL`` for every code). ``kind`` is ``invalid`` when the comment names gklint but
    cannot be understood; ``text`` keeps the comment as written.
    """

    kind: str
    codes: tuple[str, ...]
    location: Location
    text: str = ""
    target_line: int | None = None


@dataclass(frozen=True)
class ReadNote:
    """Something a reader cut or replaced to read a file within bounds (reported as GK003): bytes
    that were not text in the file's encoding, a row past the cap on cells, a table past the cap on
    rows. The rest of the document was read."""

    message: str
    message_en: str
    location: Location = NOWHERE


@dataclass(frozen=True)
class Document:
    """A source file read into blocks; readers make these, the binder consumes them."""

    path: str
    format: str
    blocks: tuple[Block, ...]
    encoding: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)
    directives: tuple[Directive, ...] = ()
    notes: tuple[ReadNote, ...] = ()

    @property
    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))


# --------------------------------------------------------------------------- bound report


class CellStatus(enum.Enum):
    OK = "ok"  # a number
    BLANK = "blank"  # the source shows the cell, but it is empty
    NA = "na"  # "/", "-", "—", "无": not applicable
    INVALID = "invalid"  # text where a number must be
    MISSING = "missing"  # the source has no such cell at all (the row was short)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Cell:
    """A bound table cell: raw text, typed value, status and where it stands."""

    raw: str
    value: int | Decimal | None
    status: CellStatus
    location: Location
    place: LogicalPlace

    @property
    def ok(self) -> bool:
        return self.status is CellStatus.OK

    @property
    def number(self) -> int | Decimal:
        """The value for arithmetic; blank and not-applicable cells count as 0."""
        return self.value if self.value is not None else 0


@dataclass(frozen=True)
class BoundRow(Mapping[str, Cell]):
    """One template row: its cells by column key, its label as found, where the label stands."""

    key: str
    label: str
    cells: Mapping[str, Cell]
    location: Location = NOWHERE

    def __getitem__(self, column: str) -> Cell:
        return self.cells[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self.cells)

    def __len__(self) -> int:
        return len(self.cells)


@dataclass(frozen=True)
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

    def cells(self) -> Iterator[Cell]:
        for row in self.rows.values():
            yield from row.cells.values()


@dataclass(frozen=True)
class Section:
    """One of the six parts: its number, heading as written, and the paragraphs under it."""

    number: int
    heading: str
    location: Location
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class BindingNote:
    """Something the binder noticed while mapping the document onto the template.

    ``kind`` is one of (``NOTE_KINDS``):

    * ``label-mismatch`` — a label or part heading differs from the template: ``found`` as
      written, ``expected`` the template's;
    * ``row-shape`` — a row has ``count`` cells where the template has ``expected``;
    * ``row-duplicate`` — a row label appears a second time (the first one is used);
    * ``row-unlabelled`` — a row of values without its label, placed by its position between the
      rows before and after it (``expected`` the template's label);
    * ``table-unbound`` — a table stands under a part but none of its cells is a label;
    * ``table-flattened`` — a table's labels and numbers stand run together in the text of its
      part (a page flattened by a crawler): its cells cannot be told apart;
    * ``section-missing``, ``table-missing``, ``row-missing`` — the template's part, table or
      row (``expected``) is not in the document;
    * ``template-mixed`` — the table's rows follow another format (``found``, the last report year
      it applies to in ``count``, None when current) than the report's (``expected``); ``detail``
      is the label of a row that shows it.
    """

    kind: str
    location: Location
    place: LogicalPlace
    found: str = ""
    expected: str = ""
    detail: str = ""
    count: int | None = None


NOTE_KINDS = (
    "label-mismatch",
    "row-shape",
    "row-duplicate",
    "row-unlabelled",
    "table-unbound",
    "table-flattened",
    "section-missing",
    "table-missing",
    "row-missing",
    "template-mixed",
)


@dataclass(frozen=True)
class Report:
    """What the binder makes of a Document under one template."""

    document: Document
    template: str  # e.g. "national-2021"
    template_last_year: int | None = None  # the last report year the template applies to (None: current)
    title: str | None = None
    title_location: Location = NOWHERE
    agency: str | None = None
    year: int | None = None
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

    def all_balances(self) -> Iterator[Balance]:
        for balances in self.balances.values():
            yield from balances

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


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Fix:
    """A suggested fix: the text ``original`` as written at ``location`` becomes ``replacement``.

    ``original`` is kept so that the fix can be found again where a location is coarse (an HTML
    line, a DOCX element) and refused where the source no longer reads so.
    """

    original: str
    replacement: str
    location: Location = NOWHERE


@dataclass(frozen=True)
class Finding:
    """One problem found in one file. Plain data: it pickles, compares and sorts."""

    code: str
    name: str
    severity: Severity
    message: str  # Chinese
    message_en: str
    path: str
    location: Location = NOWHERE
    place: LogicalPlace = LogicalPlace()
    message_id: str = ""
    args: tuple[tuple[str, str], ...] = ()
    expected: str | None = None
    actual: str | None = None
    plugin: str = ""
    fix: Fix | None = field(default=None, compare=False)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, *self.location.sort_key(), self.code, self.place.describe(), self.message)

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def fingerprint(self, path: str | None = None) -> str:
        """A stable identity that ignores line numbers: code, file, logical place, message and its
        arguments. Baselines and SARIF use it, so moving text above a finding changes nothing."""
        import hashlib

        place = self.place
        key = "\x1f".join(
            str(part)
            for part in (self.code, path if path is not None else self.path, place.part, place.table, place.row,
                         place.column, self.message_id, *(f"{k}={v}" for k, v in self.args))
        )  # fmt: skip
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class FileResult:
    """The findings of one file, sorted."""

    path: str
    findings: tuple[Finding, ...]
    format: str | None = None  # the reader that read it, when one did
    skipped: str = ""  # why a file found in a directory was not linted (e.g. not a report)
    sheet: ReportSheet | None = None  # what the bound report says, for formatters that show it
    late: tuple[Finding, ...] = ()  # those of ``findings`` known only once every file was read (cross-year)

    @property
    def early(self) -> tuple[Finding, ...]:
        """The findings known as soon as this file was read: what a streamed output prints at once."""
        if not self.late:
            return self.findings
        pending = Counter(self.late)
        early = []
        for finding in self.findings:
            if pending[finding]:
                pending[finding] -= 1
            else:
                early.append(finding)
        return tuple(early)


@dataclass(frozen=True)
class RunResult:
    """Everything a formatter needs: every file's findings and the rules that could fire."""

    files: Sequence[FileResult]  # a tuple, or for a sweep a sequence kept on disk (gklint.spill)
    rules: Mapping[str, Any]  # code -> RuleInfo, of every loaded rule (for SARIF and docs)
    tool_version: str
    root: str = "."  # the directory paths are relative to (for artifact URIs)
    lang: str = "zh"

    @property
    def findings(self) -> Iterator[Finding]:
        for result in self.files:
            yield from result.findings
