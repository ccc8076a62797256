"""Which template a document follows: the one whose table labels its cells hit most. A table may still
follow another format's rows (table 三 of the 2019 layout inside a report of the 2021 one): each
table is bound as every format that has it, and follows another format only on plain evidence."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from gklint.binder.labels import Labels
from gklint.model import (
    BindingNote,
    BoundTable,
    CellStatus,
    Document,
    Location,
    LogicalPlace,
)
from gklint.template import TableSpec, Template
from gklint.text import (
    normalize_label,
)

Binding = tuple[BoundTable, list[BindingNote]]

# Notes that say a row did not fit where it stands; a typo ("label-mismatch") only breaks a tie.
_MISFITS = ("row-shape", "row-duplicate")


def _misfit(note: BindingNote) -> bool:
    """A row that did not fit where it stands (a row whose digits ran together fits any format)."""
    return note.kind in _MISFITS and not note.digits_run_together


def choose_template(
    document: Document, templates: Sequence[Template], norms: dict[int, set[str]] | None = None
) -> Template:
    """The template whose table labels the document's cells hit most (first one on a tie); ``norms``:
    each table's normalised cell texts, when the caller has them (``stream.cell_norms``)."""
    if len(templates) == 1:
        return templates[0]
    if norms is None:
        cells = {normalize_label(c.text) for t in document.tables for row in t.rows for c in row}
    else:
        cells = set().union(*norms.values())

    def score(template: Template) -> int:
        return sum(len(cells & Labels.of(spec).exact.keys()) for spec in template.tables)

    return max(templates, key=lambda t: (score(t), t.first_year))  # a tie goes to the newer format


@dataclass(eq=False, repr=False)
class _Attempt:
    """Table rows bound as one format's."""

    template: Template
    spec: TableSpec
    table: BoundTable
    notes: list[BindingNote]

    def misfit(self) -> tuple[int, int]:
        """How badly the rows fit: (rows of the wrong shape or repeated, plus rows missing *between*
        bound rows; then typos). Rows missing after the last bound one do not count: an excerpt cut
        short is no evidence of either format."""
        order = [row.key for row in self.spec.rows]
        bound = [order.index(key) for key in self.table if key in order]
        gaps = sum(1 for key in order[: max(bound)] if key not in self.table) if bound else 0
        misfits = sum(1 for note in self.notes if _misfit(note))
        typos = sum(1 for note in self.notes if note.kind == "label-mismatch")
        return misfits + gaps, typos

    def tells_apart(self, other: TableSpec) -> bool:
        """Whether a row that sets this format apart from ``other`` (a row ``other`` lacks or holds at
        another width) is bound cleanly: the right number of cells, none of them text."""
        widths = {row.key: len(row.columns) for row in other.rows}
        telling = {row.key for row in self.spec.rows if widths.get(row.key) != len(row.columns)}
        misfitting = {note.place.row for note in self.notes if _misfit(note)}
        return any(
            key in telling and key not in misfitting and all(c.status is not CellStatus.INVALID for c in row.values())
            for key, row in self.table.items()
        )


def bind_fitting(
    template: Template,
    templates: Sequence[Template],
    key: str,
    bind_as: Callable[[TableSpec], Binding],
    texts: Callable[[], set[str]] = set,
) -> Binding:
    """Table ``key`` bound (by ``bind_as``) as the report's format, or as another format that has the
    table when the evidence is plain: the other format fits better, binds cleanly a row of its own,
    and the report's format binds none of its own rows cleanly (broken tables fit neither, and stay
    with the report's). A table that follows another format says so in a note; one that keeps the
    report's format but holds rows or column headers (``texts``: its cells' texts) of an older one
    says that instead."""
    own = _attempt(template, key, bind_as)
    best = own
    for other in formats_with(template, templates, key)[1:]:
        if own.tells_apart(other.table(key)):
            continue  # the report's own format is plainly there: no need to bind the table again
        attempt = _attempt(other, key, bind_as)
        if attempt.misfit() < best.misfit() and attempt.tells_apart(own.spec):
            best = attempt
    if best is not own:
        best.notes.append(mixed_note(template, best.template, best.table))
    else:
        others = formats_with(template, templates, key)[1:]
        best.notes.extend(_older_rows(own, others) or _older_headers(own, others, texts))
    return best.table, best.notes


def _older_headers(own: _Attempt, others: Sequence[Template], texts: Callable[[], set[str]]) -> list[BindingNote]:
    """A note when the table's cells hold two or more column headers that only an older format has
    (本年新制作数量, 本年新公开数量 over the rows of a 2021 table 二): its columns are the old ones."""
    mine = Labels.of(own.spec).headings
    cells = texts()
    for other in others:
        if other.last_year is None:
            continue
        found = [
            h.label
            for h in other.table(own.spec.key).headers
            if h.column and (norm := normalize_label(h.label)) in cells and norm not in mine
        ]
        if len(found) >= 2:
            return [_older_note("template-columns", own, other, own.table.location, found[0])]
    return []


def _older_rows(own: _Attempt, others: Sequence[Template]) -> list[BindingNote]:
    """A note for rows that did not fit the report's format but hold just the cells an older format
    gives them (行政许可 | 30 | +2 | 126: the 2019 上一年项目数量 / 本年增减 / 处理决定数量), when the
    table as a whole stays with the report's format and the older format explains every row that
    misfits (numbers a converter broke digit by digit fit some old row by chance, not all): the first
    such row, naming the older format."""
    misfits = [
        note for note in own.notes if note.kind == "row-shape" and note.count is not None and note.place.row is not None
    ]
    for other in others:
        if other.last_year is None or not misfits:
            continue
        widths: dict[str | None, int] = {row.key: len(row.columns) for row in other.table(own.spec.key).all_rows()}
        if all(widths.get(note.place.row) == note.count for note in misfits):
            note = misfits[0]
            return [_older_note("template-rows", own, other, note.location, note.place.title or str(note.place.row))]
    return []


def _older_note(kind: str, own: _Attempt, other: Template, location: Location, detail: str) -> BindingNote:
    """That the table bound as the report's format keeps something of ``other``, an older format."""
    spec = own.spec
    place = LogicalPlace(spec.part, spec.key, title=spec.title)
    return BindingNote(
        kind, location, place, found=other.name, expected=own.template.name, detail=detail, count=other.last_year
    )


def _attempt(template: Template, key: str, bind_as: Callable[[TableSpec], Binding]) -> _Attempt:
    spec = template.table(key)
    return _Attempt(template, spec, *bind_as(spec))


def formats_with(template: Template, templates: Sequence[Template], key: str) -> list[Template]:
    """The formats to try table ``key`` as: the document's own first, then every other whose table
    ``key`` has other rows."""
    own = template.table(key)
    others = [t for t in templates if t is not template and any(s.key == key and s != own for s in t.tables)]
    return [template, *others]


def mixed_note(template: Template, followed: Template, table: BoundTable) -> BindingNote:
    """The note that ``table`` follows the rows of ``followed``, not of the report's ``template``."""
    spec = followed.table(table.key)
    own = {row.key: len(row.columns) for row in template.table(table.key).all_rows()}
    telling = next((row for key, row in table.items() if own.get(key) != len(row)), None)
    return BindingNote(
        "template-mixed",
        telling.location if telling is not None else table.location,
        LogicalPlace(spec.part, spec.key, title=spec.title),
        found=followed.name,
        expected=template.name,
        detail=telling.label if telling is not None else "",
        count=followed.last_year,
    )


def as_followed(template: Template, templates: Sequence[Template], notes: Sequence[BindingNote]) -> Template:
    """``template`` with each table that follows another format taken, rows and relations, from it."""
    by_name = {t.name: t for t in templates}
    followed = {n.place.table: by_name[n.found] for n in notes if n.kind == "template-mixed" and n.found in by_name}
    if not followed:
        return template
    tables = tuple(followed[s.key].table(s.key) if s.key in followed else s for s in template.tables)
    relations = tuple(r for r in template.relations if r.table not in followed)
    relations += tuple(r for key, other in followed.items() for r in other.relations if r.table == key)
    return replace(template, tables=tables, relations=relations)
