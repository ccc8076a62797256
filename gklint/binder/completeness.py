"""What the template has and the document lacks: parts, tables and rows.

Reports of 2018 and earlier predate the national formats (the revised 条例 and its formats apply
from the 2019 reports): their parts and tables are not the template's, and noting every one as
missing would bury the one thing worth saying (a rule says it once, from the report year).
"""

from __future__ import annotations

from collections.abc import Iterable

from gklint.model import (
    NOWHERE,
    BindingNote,
    BoundTable,
    LogicalPlace,
    Section,
)
from gklint.template import Template

FIRST_FORMAT_YEAR = 2019  # the first report year of a national format (国办公开办函〔2019〕60号)


def predates_formats(year: int | None) -> bool:
    return year is not None and year < FIRST_FORMAT_YEAR


def completed(
    template: Template,
    sections: dict[int, Section],
    tables: dict[str, BoundTable],
    notes: list[BindingNote],
    year: int | None,
) -> list[BindingNote]:
    """The binding notes plus what the document lacks; for a report older than the formats, none."""
    if predates_formats(year):
        return []
    return notes + list(missing_parts(template, sections, tables, notes))


def missing_parts(
    template: Template,
    sections: dict[int, Section],
    tables: dict[str, BoundTable],
    notes: list[BindingNote],
) -> Iterable[BindingNote]:
    """Notes for parts, tables and rows of the template that the document lacks."""
    for spec in template.sections:
        if spec.number not in sections:
            place = LogicalPlace(part=spec.number, title=spec.title)
            yield BindingNote("section-missing", NOWHERE, place, expected=spec.title)
    unbound = {n.place.table for n in notes if n.kind in ("table-unbound", "table-flattened", "table-image")}
    for table in template.tables:
        bound = tables.get(table.key)
        if bound is None:
            if table.key not in unbound:
                where = sections[table.part].location if table.part in sections else NOWHERE
                place = LogicalPlace(table.part, table.key, title=table.title)
                yield BindingNote("table-missing", where, place, expected=table.title)
            continue
        for row in table.all_rows():
            if row.key not in bound:
                place = LogicalPlace(table.part, table.key, row.key, title=table.row_title(row.key))
                yield BindingNote("row-missing", bound.location, place, expected=row.label or table.row_title(row.key))
