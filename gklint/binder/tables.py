"""Table binding: which source tables hold which template table; each template row found by its label,
with its values."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache, partial

from gklint.binder.choice import bind_fitting
from gklint.binder.labels import Item, Token, is_value
from gklint.binder.memo import made_once
from gklint.binder.parts import Headings
from gklint.binder.stream import SourceRow, assign_blocks, source_rows, unbound_tables
from gklint.binder.walk import is_number, plan_of
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
    count_written_otherwise,
    has_cjk,
    normalize_label,
    numbers_run_together,
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
        texts = partial(_cell_texts, rows)  # asked only of a table that keeps the report's format
        table, table_notes = bind_fitting(template, templates, spec.key, bind_as, texts)
        tables[spec.key] = table
        notes.extend(table_notes)
    notes.extend(unbound_tables(document, template, headings, assigned, tables))
    return tables, notes


def _cell_texts(rows: list[SourceRow]) -> set[str]:
    return {token.norm for row in rows for token in row if token.norm}


def _bind_as(rows: list[SourceRow], location: Location, spec: TableSpec) -> tuple[BoundTable, list[BindingNote]]:
    return _TableBinder(spec).bind(rows, location)


class _TableBinder:
    """Binds one table from its walk's plan (``walk.plan_of``): the rows' cells, its headers and notes."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.places = _places_of(spec)
        self.rows: dict[str, BoundRow] = {}
        self.headers: dict[str, TextCell] = {}
        self.notes: list[BindingNote] = []
        self.lost_blanks: list[dict[str, Cell]] = []  # the cells of rows a sparse source gave no cell at all
        self.layout_blanks = 0  # how many empty cells the table leaves between a label and its values

    def bind(self, rows: list[SourceRow], location: Location) -> tuple[BoundTable, list[BindingNote]]:
        tokens = [token for row in rows for token in row]
        plan = plan_of(self.spec, rows, tokens)
        for index, item in plan.typos:
            self._note_typo(tokens[index], item)
        for column, index, rest in plan.headers:
            header = tokens[index]
            text = header.text.strip() + (tokens[rest].text.strip() if rest >= 0 else "")
            self.headers[column] = TextCell(text, header.location)
        for row, label, values, placed in plan.rows:
            own = plan.block_value_columns.get(tokens[label].row[0])
            starts = own if own is not None else plan.value_column
            self._close(row, tokens[label], [tokens[i] for i in values], placed, starts)
        if self.spec.unlabeled_rows:
            self._deal_unlabeled([tokens[i] for i in plan.loose], location)
            apart = False
        else:
            apart = self._values_apart(plan.most_loose_values, [tokens[i] for i in plan.loose], location)
        if self.lost_blanks and (apart or self._values_displaced()):
            self._blanks_unknown()
        ordered = {r.key: self.rows[r.key] for r in self.spec.all_rows() if r.key in self.rows}
        table = BoundTable(self.spec.key, self.spec.part, ordered, dict(self.headers), location)
        return table, self.notes

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

    def _close(self, row: RowSpec, label: Token, values: list[Token], placed: bool, value_column: int | None) -> None:
        """One row of the walk bound: its cells fitted to the row's width, any surplus or shortfall noted."""
        if placed:
            self.notes.append(BindingNote("row-unlabelled", label.location, self._place(row.key), expected=row.label))
        if row.key in self.rows:
            same = "same" if _same_values(self.rows[row.key], values) else ""  # an appendix's copy, say
            place = self._place(row.key)
            self.notes.append(
                BindingNote("row-duplicate", label.location, place, found=label.text.strip(), detail=same)
            )
            return
        padding = None
        if value_column is not None and values and values[0].row == label.row and not placed:
            padding = 0
            for value in values:  # a loop, not sum() over a generator: it runs for every row
                if value.row == label.row and value.column < value_column:
                    padding += 1
        cells = self._fit(row, values, label, padding=padding, sparse=label.sparse)
        self.rows[row.key] = BoundRow.deferred(row.key, "" if placed else label.text.strip(), cells, label.source)

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
        trimmed = self._trimmed(values, wanted, padding, sparse)
        if len(trimmed) <= wanted:
            split = _borders_lost(values)
            again = None if split is None else self._trimmed(split, wanted, padding, sparse)
            # 13 0 in one cell: two cells whose border a converter lost; and 0 0 in a row of its
            # width: a border elsewhere is no cell's (a stray bar OCR drew through a number), so
            # which column a value is in is a guess (the row's width is wrong, GK010)
            if again is not None and (len(again) == wanted or (len(trimmed) == wanted and _plainly_two(values))):
                trimmed = again
        values = trimmed
        if not values and sparse:
            where = _where(values, fallback)
            blanks = {
                column: Cell("", None, CellStatus.BLANK, where, self._place(row.key, column)) for column in row.columns
            }
            self.lost_blanks.append(blanks)
            return blanks
        places = self.places.of_row(row.key, row.columns)
        if len(values) != wanted:  # blanks lost or cells added: a value's column would be a guess (GK010),
            # so the row's cells are missing and no rule reads a value from the wrong column
            where = _where(values, fallback)
            found = " | ".join(v.text.strip() for v in values)
            noted = self._place(note_row or row.key)
            self.notes.append(BindingNote("row-shape", where, noted, found, expected=str(wanted), count=len(values)))
            return {column: Cell("", None, CellStatus.MISSING, where, at) for column, at in zip(row.columns, places)}
        return Cell.deferred_row(row.columns, places, values, _typed)

    def _trimmed(self, values: list[Token], wanted: int, padding: int | None, sparse: bool) -> list[Token]:
        """The cells of a row longer than its width without what is no value of it (see ``_fit``)."""
        if len(values) <= wanted:  # the usual row has its width already: no copy to trim
            return values
        values = list(values)
        for _ in range(padding or 0):
            if len(values) > wanted and not values[0].norm:
                values.pop(0)
        if not values[0].norm:
            self._drop_layout_blanks(values, wanted)
        while len(values) > wanted and (not values[-1].norm or _remark(values[-1].norm)):
            values.pop()  # blanks after the values, or a remark in a column the agency added (备注)
        while len(values) > wanted and not values[0].norm:
            values.pop(0)
        if len(values) > wanted and sum(1 for v in values if v.norm) == wanted and _only_values(values):
            # empty columns between the values (a table laid out with spacer columns, or one whose
            # headings stand apart from its numbers): a row of exactly its width's values
            values = [v for v in values if v.norm]
        if wanted == 1 and not sparse and len({v.norm for v in values}) == 1:
            values = values[:1]  # a merged cell's value repeated over its span (docling's Markdown)
        return values

    def _drop_layout_blanks(self, values: list[Token], wanted: int) -> None:
        """Drop the blanks a row of this table starts with that its layout leaves (a label merged
        over columns), learnt from rows whose leading blanks are exactly their surplus: so that a
        row with blanks at both ends (its last value blank) keeps its last cell."""
        lead = 0
        while lead < len(values) and not values[lead].norm:
            lead += 1
        written = len(values)
        while written and not values[written - 1].norm:
            written -= 1
        surplus = written - wanted
        if 0 < surplus <= lead:
            self.layout_blanks = max(self.layout_blanks, surplus)
        del values[: min(self.layout_blanks, lead, len(values) - wanted)]

    def _values_apart(self, most: int, loose: list[Token], location: Location) -> bool:
        """Whether a row's worth of numbers or more (``most``) stood after headings and before any row
        label (text extracted column by column: the numbers apart from their labels); noted once
        (GK010), at the last such run (``loose``) or the table."""
        if most < max(len(row.columns) for row in self.spec.rows):
            return False
        if not self.lost_blanks and not any(n.kind == "row-shape" and not n.count for n in self.notes):
            return False  # every row has numbers of its own: the run is no row's
        where = next((token.location for token in loose if is_number(token)), None)
        self.notes.append(BindingNote("values-apart", where or location, self._place(""), count=most))
        return True

    def _values_displaced(self) -> bool:
        """Whether a row holds more values than its columns (GK010): a source that writes a table
        column by column puts one row's values after another's label."""
        return any(n.kind == "row-shape" and (n.count or 0) > int(n.expected) for n in self.notes)

    def _blanks_unknown(self) -> None:
        """The rows a sparse source gave no cell at all are no evidence of blank cells when other
        rows hold their values: their cells are missing, not blank (no GK107 for each)."""
        for cells in self.lost_blanks:
            for column, cell in cells.items():
                cells[column] = Cell("", None, CellStatus.MISSING, cell.location, cell.place)

    def _group_labels_dropped(self, tokens: list[Token], wanted: int) -> list[Token]:
        """The cells of the unlabelled rows without the cells that name them, where the table gives
        each group a row of its own (行政复议 | 4 | 0 …, then 行政诉讼（未经复议直接起诉） | …): only when
        they name the groups in their order and what is left is exactly the rows' values."""
        titles = [normalize_label(self.spec.row_titles.get(row.key, "")) for row in self.spec.unlabeled_rows]
        named = [(token, _named_group(token.norm, titles)) for token in tokens]
        order = [group for _, group in named if group is not None]
        kept = [token for token, group in named if group is None]
        if not order or order != sorted(order) or len(kept) != wanted:
            return tokens
        return kept

    def _deal_unlabeled(self, tokens: list[Token], location: Location) -> None:
        wanted = sum(len(r.columns) for r in self.spec.unlabeled_rows)
        if not any(t.norm for t in tokens) and len(tokens) < wanted:
            return
        tokens = _caption_dropped(self._group_labels_dropped(tokens, wanted), wanted)
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


def _same_values(bound: BoundRow, values: list[Token]) -> bool:
    """Whether a row met again holds the very numbers the row bound first holds."""
    again = [token.norm for token in values if token.norm]
    return bool(again) and again == [normalize_label(cell.raw) for cell in bound.cells.values() if cell.raw.strip()]


def _caption_dropped(tokens: list[Token], wanted: int) -> list[Token]:
    """The unlabelled rows' values without a word an agency put before them in a column of its own
    (件数 | 3 | 0 …): only when exactly the values follow it."""
    filled = [token for token in tokens if token.norm]
    if len(filled) == wanted + 1 and has_cjk(filled[0].norm) and all(is_value(t.norm) for t in filled[1:]):
        return [token for token in tokens if token is not filled[0]]
    return tokens


def _remark(norm: str) -> bool:
    """Words, not a value: a remark after a row's values (含告知承诺制审批), where a table's rows are
    not all as long (a crawler's text, one cell a line), so that no column of remarks was found."""
    return not is_value(norm) and has_cjk(norm)


def _only_values(values: list[Token]) -> bool:
    """Whether every written cell is a number or a mark standing for one (no note column)."""
    return all(is_value(value.norm) for value in values if value.norm)


def _named_group(norm: str, titles: list[str]) -> int | None:
    """Which of the unlabelled rows' titles a cell names (行政诉讼（复议后起诉） names 复议后起诉)."""
    return next((n for n, title in enumerate(titles) if title and title in norm), None)


def _borders_lost(values: list[Token]) -> list[Token] | None:
    """The cells of a row with each cell that holds several numbers apart by spaces (``13 0``: the
    border between two cells a converter or OCR lost) split into its numbers; None when none does."""
    if not any(len(value.text.split()) > 1 for value in values):
        return None  # the usual row: no cell with a space inside
    together = [bool(value.norm) and "\n" not in value.text and numbers_run_together(value.text) for value in values]
    if any(together):  # a converter that lost borders in this row: 9 7 beside 13 13 is two numbers too
        together = [two or _digits_apart(value.text) for two, value in zip(together, values)]
    split: list[Token] = []
    for value, two in zip(values, together):
        if two:
            split += [value._replace(text=piece, norm=normalize_label(piece)) for piece in value.text.split()]
        else:
            split.append(value)
    return split if len(split) > len(values) else None


def _digits_apart(text: str) -> bool:
    """A cell of digits each apart (9 7): one number letter-spaced, or numbers whose border was lost."""
    pieces = text.split()
    return "\n" not in text and len(pieces) > 1 and all(len(piece) == 1 and piece.isdigit() for piece in pieces)


def _plainly_two(values: list[Token]) -> bool:
    """Whether a cell holds numbers that no one number spaced out can be (``0 0``, ``0 12``: no count
    starts with 0); ``1 03`` may be 103 with a space OCR put inside it, the cell alone unread."""
    return any(
        value.norm
        and "\n" not in value.text
        and numbers_run_together(value.text)
        and parse_number(value.text.split()[0]) == 0
        for value in values
    )


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
    return made_once(_Places._cache, spec, _Places)


def make_cell(raw: str, location: Location, place: LogicalPlace) -> Cell:
    """Type one cell's text: a number, blank, not applicable, or invalid."""
    return Cell(*_typed(raw), location, place)


@lru_cache(maxsize=8192)  # a table's cells repeat ("0", "/", ""), within a file and across files
def _typed(raw: str) -> tuple[str, int | Decimal | None, CellStatus]:
    """A cell's text as shown, its value and its status."""
    raw = raw.strip().strip("\u00a0\u3000\u200b\ufeff")  # an editor's zero-width space is no part of it
    value = parse_number(raw)  # before the label's folding, which reads "12,966" as leaf number "12."
    if value is None and "\n" in raw and parse_number(raw.replace("\n", "")) is not None:
        raw = raw.replace("\n", "")  # a number its narrow cell wrapped (12345<br>6): one number
        value = parse_number(raw)
    if value is not None:
        return raw, value, CellStatus.OK
    if numbers_run_together(raw):
        return raw, None, CellStatus.INVALID
    folded = normalize_label(raw)
    if not folded:
        return raw, None, CellStatus.BLANK
    if folded in NOT_APPLICABLE:
        return raw, None, CellStatus.NA
    value = parse_number(folded)
    if value is None:
        value = count_written_otherwise(folded)
    if value is None:
        return raw, None, CellStatus.INVALID
    return raw, value, CellStatus.OK
