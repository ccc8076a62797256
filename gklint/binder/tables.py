"""Table binding: which source tables hold which template table; each template row found by its label,
with its values."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache, partial

from gklint.binder.align import Entry, place_unlabelled
from gklint.binder.choice import bind_fitting
from gklint.binder.labels import Item, Labels, Match, Token
from gklint.binder.parts import Headings
from gklint.binder.stream import SourceRow, assign_blocks, is_heading_row, is_value, source_rows, unbound_tables
from gklint.model import (
    BindingNote,
    BoundRow,
    BoundTable,
    Cell,
    CellStatus,
    Document,
    Location,
    LogicalPlace,
    TextCell,
)
from gklint.template import HeaderSpec, RowSpec, TableSpec, Template
from gklint.text import (
    NOT_APPLICABLE,
    normalize_label,
    parse_number,
)


def bind_tables(
    document: Document,
    template: Template,
    headings: Headings,
    templates: Sequence[Template] = (),
    norms: dict[int, set[str]] | None = None,
) -> tuple[dict[str, BoundTable], list[BindingNote]]:
    """Bind each table of ``template``; a table that fits another of ``templates`` better follows it
    (``norms``: each table's normalised cell texts, ``stream.cell_norms``, when the caller has them)."""
    assigned = assign_blocks(document, template, headings, norms)
    tables: dict[str, BoundTable] = {}
    notes: list[BindingNote] = []
    for spec in template.tables:
        blocks = [i for i, key in assigned.items() if key == spec.key]
        if not blocks:
            continue
        rows = source_rows(document, spec, blocks, headings)
        bind_as = partial(_bind_as, rows, document.blocks[blocks[0]].location)
        table, table_notes = bind_fitting(template, templates, spec.key, bind_as)
        tables[spec.key] = table
        notes.extend(table_notes)
    notes.extend(unbound_tables(document, template, headings, assigned, tables))
    return tables, notes


def _bind_as(rows: list[SourceRow], location: Location, spec: TableSpec) -> tuple[BoundTable, list[BindingNote]]:
    return _TableBinder(spec).bind(rows, location)


class _TableBinder:
    """Walks one table's cell stream, opening a row at each row label."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.labels = Labels.of(spec)
        self.places = _places_of(spec)
        self.rows: dict[str, BoundRow] = {}
        self.headers: dict[str, TextCell] = {}
        self.notes: list[BindingNote] = []

    def bind(self, rows: list[SourceRow], location: Location) -> tuple[BoundTable, list[BindingNote]]:
        self.entries: list[Entry] = []
        self.loose: list[Token] = []  # cells after a header (table C's unlabelled data row)
        self.after_header = True
        labels = self.labels
        tokens = [token for row in rows for token in row]
        matches = labels.match_all(tokens)  # each cell matched once, here
        self.lost = lost = labels.lost_rows(tokens, matches)
        kept = labels.keeps_all(tokens)  # and whether each, if no label, is a value
        index = 0  # of the stream's cell, over all rows
        for row in rows:
            if is_heading_row(row, labels):
                self._headings(row, matches[index : index + len(row)])
                index += len(row)
                continue
            if self._unlabelled(row):
                index += len(row)
                continue
            for token in row:
                match = matches[index]
                if match is None and not (lost and token in lost):  # a value: _take's usual case
                    if kept[index]:  # _value, inlined: it runs for most cells
                        (self.loose if self.after_header else self.entries[-1].values).append(token)
                else:
                    self._take(token, match)
                index += 1
        entries = place_unlabelled(self.entries, self.spec.rows)
        value_column = _value_column([(e.row, e.label, e.values) for e in entries if e.row is not None])
        for entry in entries:
            if entry.row is not None:
                self._close(entry, value_column)
        if self.spec.unlabeled_rows:
            self._deal_unlabeled(self.loose, location)
        ordered = {r.key: self.rows[r.key] for r in self.spec.all_rows() if r.key in self.rows}
        table = BoundTable(self.spec.key, self.spec.part, ordered, dict(self.headers), location)
        return table, self.notes

    @property
    def _open(self) -> Entry | None:
        return self.entries[-1] if self.entries and self.entries[-1].row is not None else None

    def _take(self, token: Token, match: Match | None) -> None:
        """One cell of the stream (``match``: its label, if any): a label opens a row or heads a
        column; anything else is a value."""
        if self.lost and token in self.lost:
            match = (self.lost[token], False)
        if match is None:
            if self.labels.keeps(token.norm):
                self._value(token)
            return
        item, exact = match
        current = self._open
        if isinstance(item, RowSpec) and current is not None and current.row is item and not current.values:
            return  # the same row named twice (a heading, then its table's first cell)
        if not exact:
            self._note_typo(token, item)
        self.after_header = not isinstance(item, RowSpec)
        if isinstance(item, RowSpec):
            self.entries.append(Entry(item, token))
        else:
            self.loose = []
            if item.column:
                self.headers.setdefault(item.column, TextCell(token.text.strip(), token.location))

    def _value(self, token: Token) -> None:
        """A value of the stream: under the column headers just read, else of the row last opened."""
        (self.loose if self.after_header else self.entries[-1].values).append(token)

    def _headings(self, row: SourceRow, matches: list[Match | None]) -> None:
        """A row of column headings (``matches``: its cells' labels): record the headers, name the right
        one for a header cut short."""
        taken = {m[0].column for m in matches if m and isinstance(m[0], HeaderSpec)}
        for token, match in zip(row, matches):
            if match is None:
                cut = [h for h in self.labels.truncated_headers(token.norm) if h.column not in taken]
                if not cut:
                    continue
                match = (cut[0], False)
                taken.add(cut[0].column)
            item, exact = match
            if isinstance(item, HeaderSpec) and item.column:
                if not exact:
                    self._note_typo(token, item)
                self.headers.setdefault(item.column, TextCell(token.text.strip(), token.location))

    def _unlabelled(self, row: SourceRow) -> bool:
        """A source row of values alone, or after pieces of a label cut apart (``缴纳费用、``), in a
        table whose rows have begun: kept as an unlabelled entry for ``place_unlabelled``.
        Cell-per-line sources (one cell a row) never qualify."""
        if self.after_header or len(row) < 2:
            return False  # the usual answer, known before looking at the cells
        cells = list(row)
        while cells and not cells[-1].norm:
            cells.pop()
        lead = 0
        while lead < len(cells) and not self._is_label(cells[lead]) and self.labels.is_fragment(cells[lead].norm):
            lead += 1
        values = cells[lead:]
        if len(values) < 2 or not all(not t.norm or is_value(t.norm) for t in values):
            return False
        self.entries.append(Entry(None, cells[0], values))
        return True

    def _is_label(self, token: Token) -> bool:
        return (bool(self.lost) and token in self.lost) or self.labels.match(token.norm) is not None

    def _place(self, row: str, column: str | None = None) -> LogicalPlace:
        return self.places.place(row, column)

    def _note_typo(self, token: Token, item: Item) -> None:
        row = item.key if isinstance(item, RowSpec) else None
        column = item.column if isinstance(item, HeaderSpec) and item.column else None
        self.notes.append(
            BindingNote(
                "label-mismatch",
                token.location,
                self._place(row or "", column),
                found=token.text.strip(),
                expected=item.label,
            )
        )

    def _close(self, entry: Entry, value_column: int | None) -> None:
        row, label, values = entry.row, entry.label, entry.values
        assert row is not None
        if entry.placed:
            self.notes.append(BindingNote("row-unlabelled", label.location, self._place(row.key), expected=row.label))
        if row.key in self.rows:
            self.notes.append(
                BindingNote("row-duplicate", label.location, self._place(row.key), found=label.text.strip())
            )
            return
        padding = None
        if value_column is not None and values and values[0].row == label.row and not entry.placed:
            padding = 0
            for value in values:  # a loop, not sum() over a generator: it runs for every row
                if value.row == label.row and value.column < value_column:
                    padding += 1
        cells = self._fit(row, values, label, padding=padding, sparse=label.sparse)
        self.rows[row.key] = BoundRow.deferred(row.key, "" if entry.placed else label.text.strip(), cells, label.source)

    def _fit(
        self,
        row: RowSpec,
        values: list[Token],
        fallback: Token | Location,
        note_row: str = "",
        padding: int | None = None,
        sparse: bool = False,
    ) -> dict[str, Cell]:
        """Trim the cells that follow a label to the row's width; note any surplus or shortfall.

        ``padding`` is how many cells before the table's value columns this row has (the empty
        cells a label merged over columns leaves); they go first, so that a blank last value is
        not mistaken for layout. In a ``sparse`` source a row with no cells at all lost its blanks.
        ``fallback`` stands for where a row without values stands (its label, or the table).
        """
        wanted = len(row.columns)
        if len(values) > wanted:  # the usual row has its width already: no copy to trim
            values = list(values)
            for _ in range(padding or 0):
                if len(values) > wanted and not values[0].norm:
                    values.pop(0)
            while len(values) > wanted and not values[-1].norm:
                values.pop()
            while len(values) > wanted and not values[0].norm:
                values.pop(0)
        if not values and sparse:
            where = _where(values, fallback)
            return {
                column: Cell("", None, CellStatus.BLANK, where, self._place(row.key, column)) for column in row.columns
            }
        if len(values) != wanted:
            self.notes.append(
                BindingNote(
                    "row-shape",
                    _where(values, fallback),
                    self._place(note_row or row.key),
                    found=" | ".join(v.text.strip() for v in values),
                    expected=str(wanted),
                    count=len(values),
                )
            )
        places = self.places.of_row(row.key, row.columns)
        cells = Cell.deferred_row(row.columns, places, values, _typed)
        for column, place in zip(row.columns[len(values) :], places[len(values) :]):
            cells[column] = Cell("", None, CellStatus.MISSING, _where(values, fallback), place)
        return cells

    def _deal_unlabeled(self, tokens: list[Token], location: Location) -> None:
        wanted = sum(len(r.columns) for r in self.spec.unlabeled_rows)
        if not any(t.norm for t in tokens) and len(tokens) < wanted:
            return
        start = 0
        columns = tuple(str(i) for i in range(wanted))
        fitted = self._fit(RowSpec("", "", columns), tokens, location, note_row=self.spec.unlabeled_rows[0].key)
        cells = list(fitted.values())
        for row in self.spec.unlabeled_rows:
            chunk = cells[start : start + len(row.columns)]
            start += len(row.columns)
            bound = {  # each where the fitted cell stands, asked of it only when needed
                column: Cell.deferred(cell.raw, cell.value, cell.status, cell, self._place(row.key, column))
                for column, cell in zip(row.columns, chunk)
            }
            made = BoundRow.deferred(row.key, "", bound, chunk[0]) if chunk else BoundRow(row.key, "", bound, location)
            self.rows[row.key] = made


def _where(values: list[Token], fallback: Token | Location) -> Location:
    """Where a row's cells stand: at its first value, else at its label (or the table)."""
    if values:
        return values[0].location
    return fallback.location if isinstance(fallback, Token) else fallback


class _Places:
    """The logical places of one template table's cells, each made once (they are the same in every file)."""

    # Keyed by id, holding the spec itself so that the id cannot be reused while cached.
    _cache: dict[int, tuple[TableSpec, _Places]] = {}

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self._made: dict[tuple[str, str | None], LogicalPlace] = {}
        self._rows: dict[tuple[str, tuple[str, ...]], tuple[LogicalPlace, ...]] = {}

    def place(self, row: str, column: str | None) -> LogicalPlace:
        made = self._made.get((row, column))
        if made is None:
            made = self._made[(row, column)] = self._make(row, column)
        return made

    def of_row(self, row: str, columns: tuple[str, ...]) -> tuple[LogicalPlace, ...]:
        """The places of a row's cells, column by column."""
        made = self._rows.get((row, columns))
        if made is None:
            made = self._rows[(row, columns)] = tuple(self.place(row, column) for column in columns)
        return made

    def _make(self, row: str, column: str | None) -> LogicalPlace:
        spec = self.spec
        row_title = spec.row_title(row) if row else spec.title
        column_title = spec.column_titles.get(column, column) if column else ""
        title = f"{row_title}·{column_title}" if column_title else row_title
        return LogicalPlace(spec.part, spec.key, row or None, column, title, row_title, column_title)


def _places_of(spec: TableSpec) -> _Places:
    cached = _Places._cache.get(id(spec))
    if cached is None or cached[0] is not spec:
        cached = _Places._cache[id(spec)] = (spec, _Places(spec))
    return cached[1]


def _value_column(rows: list[tuple[RowSpec, Token, list[Token]]]) -> int | None:
    """The grid column where a table's values start, learned from the rows that leave no doubt.

    In grid layouts (tab rows, pipes, HTML) every data row's values stand in the same columns,
    however many columns its label spans. Rows whose surplus is exactly their empty edges, or that
    have no surplus at all, show where that is; the most common answer wins.
    """
    starts: Counter[int] = Counter()
    for row, label, following in rows:
        values = [v for v in following if v.row == label.row]  # the next row's covered cells may follow
        if not values:
            continue
        surplus = len(values) - len(row.columns)
        if surplus == 0:  # the usual row: its first value stands in the value column
            starts[values[0].column] += 1
        elif surplus > 0:
            lead = next((i for i, v in enumerate(values) if v.norm), len(values))
            trail = next((i for i, v in enumerate(reversed(values)) if v.norm), len(values))
            if lead + trail == surplus and lead < len(values):
                starts[values[lead].column] += 1
    if not starts:
        return None
    return min(starts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def make_cell(raw: str, location: Location, place: LogicalPlace) -> Cell:
    """Type one cell's text: a number, blank, not applicable, or invalid."""
    return Cell(*_typed(raw), location, place)


@lru_cache(maxsize=8192)  # a table's cells repeat ("0", "/", ""), within a file and across files
def _typed(raw: str) -> tuple[str, int | Decimal | None, CellStatus]:
    """A cell's text as shown, its value and its status."""
    raw = raw.strip().strip("\u00a0\u3000")
    folded = normalize_label(raw)
    if not folded:
        return raw, None, CellStatus.BLANK
    if folded in NOT_APPLICABLE:
        return raw, None, CellStatus.NA
    value = parse_number(folded)
    if value is None:
        return raw, None, CellStatus.INVALID
    return raw, value, CellStatus.OK
