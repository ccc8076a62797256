"""Table binding: which source tables hold which template table; each template row found by its label,
with its values."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import partial

from gklint.binder.choice import bind_fitting
from gklint.binder.labels import Item, Labels, Token
from gklint.binder.parts import Headings
from gklint.model import (
    BindingNote,
    BoundRow,
    BoundTable,
    Cell,
    CellStatus,
    Document,
    Location,
    LogicalPlace,
    Table,
    TextCell,
)
from gklint.template import HeaderSpec, RowSpec, TableSpec, Template
from gklint.text import (
    NOT_APPLICABLE,
    normalize_label,
    parse_number,
)


def _tokens(table: Table, block: int) -> Iterable[Token]:
    """The table's cells in reading order; positions covered by a merged cell are not cells."""
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if not cell.merged:
                yield Token(cell.text, normalize_label(cell.text), cell.location, (block, r), c)


def bind_tables(
    document: Document,
    template: Template,
    headings: Headings,
    templates: Sequence[Template] = (),
) -> tuple[dict[str, BoundTable], list[BindingNote]]:
    """Bind each table of ``template``; a table that fits another of ``templates`` better follows it."""
    assigned = _assign_blocks(document, template, headings)
    tables: dict[str, BoundTable] = {}
    notes: list[BindingNote] = []
    for spec in template.tables:
        blocks = [i for i, key in assigned.items() if key == spec.key]
        if not blocks:
            continue
        tokens = [t for i in blocks for t in _tokens(document.blocks[i], i)]  # type: ignore[arg-type]
        bind_as = partial(_bind_as, tokens, document.blocks[blocks[0]].location)
        table, table_notes = bind_fitting(template, templates, spec.key, bind_as)
        tables[spec.key] = table
        notes.extend(table_notes)
    notes.extend(_unbound_tables(document, template, headings, assigned, tables))
    return tables, notes


def _bind_as(tokens: list[Token], location: Location, spec: TableSpec) -> tuple[BoundTable, list[BindingNote]]:
    return _TableBinder(spec).bind(tokens, location)


def _assign_blocks(
    document: Document,
    template: Template,
    headings: Headings,
) -> dict[int, str]:
    """Table block index -> template table key, by which table's labels its cells hit most.

    A block with no label of its own (a table continued on the next page, table C's data row
    printed apart) continues the table before it, unless a part heading stands between them.
    """
    assigned: dict[int, str] = {}
    current: str | None = None
    labels = {spec.key: Labels.of(spec).exact for spec in template.tables}
    for index, block in enumerate(document.blocks):
        if index in headings:
            current = None
        if not isinstance(block, Table):
            continue
        norms = [normalize_label(c.text) for row in block.rows for c in row]
        votes = {spec.key: sum(1 for n in norms if n in labels[spec.key]) for spec in template.tables}
        key, count = max(votes.items(), key=lambda kv: kv[1])
        if count >= 2:  # one matching word ("其他", "总计") is not enough to call a table B or C
            current = key
        if current is not None and any(norms):
            assigned[index] = current
    return assigned


def _unbound_tables(
    document: Document,
    template: Template,
    headings: Headings,
    assigned: dict[int, str],
    tables: dict[str, BoundTable],
) -> Iterable[BindingNote]:
    """A table under a part whose template table matched nothing: say so, do not guess."""
    part = 0
    reported: set[int] = set()
    for index, block in enumerate(document.blocks):
        if index in headings:
            part = headings[index][0].number
        if not isinstance(block, Table) or index in assigned or part in reported:
            continue
        for spec in template.tables:
            if spec.part == part and spec.key not in tables:
                reported.add(part)
                yield BindingNote(
                    "table-unbound",
                    block.location,
                    LogicalPlace(part=part, table=spec.key, title=spec.title),
                    detail="none of its cells is a label of the table",
                )


class _TableBinder:
    """Walks one table's cell stream, opening a row at each row label."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.labels = Labels.of(spec)
        self.rows: dict[str, BoundRow] = {}
        self.headers: dict[str, TextCell] = {}
        self.notes: list[BindingNote] = []

    def bind(self, tokens: list[Token], location: Location) -> tuple[BoundTable, list[BindingNote]]:
        open_row: tuple[RowSpec, Token] | None = None
        values: list[Token] = []
        after_last_header: list[Token] = []
        found: list[tuple[RowSpec, Token, list[Token]]] = []
        lost = self.labels.lost_rows(tokens)
        for token in tokens:
            match = (lost[token], False) if token in lost else self.labels.match(token.norm)
            if match is None:
                if open_row is not None:
                    values.append(token)
                else:
                    after_last_header.append(token)
                continue
            item, exact = match
            if not exact:
                self._note_typo(token, item)
            if open_row is not None:
                found.append((*open_row, values))
                open_row, values = None, []
            if isinstance(item, RowSpec):
                open_row = (item, token)
            else:
                after_last_header = []
                if item.column:
                    self.headers.setdefault(item.column, TextCell(token.text.strip(), token.location))
        if open_row is not None:
            found.append((*open_row, values))
        value_column = _value_column(found)
        for row, label, row_values in found:
            self._close(row, label, row_values, value_column)
        if self.spec.unlabeled_rows:
            self._deal_unlabeled(after_last_header, location)
        ordered = {r.key: self.rows[r.key] for r in self.spec.all_rows() if r.key in self.rows}
        table = BoundTable(self.spec.key, self.spec.part, ordered, dict(self.headers), location)
        return table, self.notes

    def _place(self, row: str, column: str | None = None) -> LogicalPlace:
        titles = [self.spec.title if not row else self.spec.row_title(row)]
        if column:
            titles.append(self.spec.column_titles.get(column, column))
        return LogicalPlace(self.spec.part, self.spec.key, row or None, column, title="·".join(titles))

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

    def _close(self, row: RowSpec, label: Token, values: list[Token], value_column: int | None) -> None:
        if row.key in self.rows:
            self.notes.append(
                BindingNote("row-duplicate", label.location, self._place(row.key), found=label.text.strip())
            )
            return
        padding = None
        if value_column is not None and values and values[0].row == label.row:
            padding = sum(1 for v in values if v.row == label.row and v.column < value_column)
        cells = self._fit(row, values, label.location, padding=padding)
        self.rows[row.key] = BoundRow(row.key, label.text.strip(), cells, label.location)

    def _fit(
        self, row: RowSpec, values: list[Token], fallback: Location, note_row: str = "", padding: int | None = None
    ) -> dict[str, Cell]:
        """Trim the cells that follow a label to the row's width; note any surplus or shortfall.

        ``padding`` is how many cells before the table's value columns this row has (the empty
        cells a label merged over columns leaves); they go first, so that a blank last value is
        not mistaken for layout.
        """
        wanted = len(row.columns)
        values = list(values)
        for _ in range(padding or 0):
            if len(values) > wanted and values[0].empty:
                values.pop(0)
        while len(values) > wanted and values[-1].empty:
            values.pop()
        while len(values) > wanted and values[0].empty:
            values.pop(0)
        where = values[0].location if values else fallback
        if len(values) != wanted:
            self.notes.append(
                BindingNote(
                    "row-shape",
                    where,
                    self._place(note_row or row.key),
                    found=" | ".join(v.text.strip() for v in values),
                    expected=str(wanted),
                    count=len(values),
                )
            )
        cells: dict[str, Cell] = {}
        for i, column in enumerate(row.columns):
            place = self._place(row.key, column)
            if i < len(values):
                cells[column] = make_cell(values[i].text, values[i].location, place)
            else:
                cells[column] = Cell("", None, CellStatus.MISSING, where, place)
        return cells

    def _deal_unlabeled(self, tokens: list[Token], location: Location) -> None:
        wanted = sum(len(r.columns) for r in self.spec.unlabeled_rows)
        if not tokens or all(t.empty for t in tokens):
            return
        start = 0
        columns = tuple(str(i) for i in range(wanted))
        fitted = self._fit(RowSpec("", "", columns), tokens, location, note_row=self.spec.unlabeled_rows[0].key)
        cells = list(fitted.values())
        for row in self.spec.unlabeled_rows:
            chunk = cells[start : start + len(row.columns)]
            start += len(row.columns)
            bound = {
                column: replace(cell, place=self._place(row.key, column)) for column, cell in zip(row.columns, chunk)
            }
            self.rows[row.key] = BoundRow(row.key, "", bound, chunk[0].location if chunk else location)


def _value_column(rows: list[tuple[RowSpec, Token, list[Token]]]) -> int | None:
    """The grid column where a table's values start, learned from the rows that leave no doubt.

    In grid layouts (tab rows, pipes, HTML) every data row's values stand in the same columns,
    however many columns its label spans. Rows whose surplus is exactly their empty edges, or that
    have no surplus at all, show where that is; the most common answer wins.
    """
    starts: Counter[int] = Counter()
    for row, label, values in rows:
        same_row = [v for v in values if v.row == label.row]
        if not same_row or len(same_row) != len(values):
            continue
        surplus = len(values) - len(row.columns)
        lead = next((i for i, v in enumerate(values) if not v.empty), len(values))
        trail = next((i for i, v in enumerate(reversed(values)) if not v.empty), len(values))
        if surplus == 0 or (surplus > 0 and lead + trail == surplus and lead < len(values)):
            starts[values[lead if surplus else 0].column] += 1
    if not starts:
        return None
    return min(starts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def make_cell(raw: str, location: Location, place: LogicalPlace) -> Cell:
    """Type one cell's text: a number, blank, not applicable, or invalid."""
    raw = raw.strip().strip("\u00a0\u3000")
    folded = normalize_label(raw)
    if not folded:
        return Cell(raw, None, CellStatus.BLANK, location, place)
    if folded in NOT_APPLICABLE:
        return Cell(raw, None, CellStatus.NA, location, place)
    value = parse_number(folded)
    if value is None:
        return Cell(raw, None, CellStatus.INVALID, location, place)
    return Cell(raw, value, CellStatus.OK, location, place)
