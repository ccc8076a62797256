"""What a bound report says, compactly, for the formatters that show it (``FileResult.sheet``).

A run keeps no ``Report`` past its cross-year phase; a ``ReportSheet`` (``gklint.model``) is the little
that people read besides the findings: the report's title, agency, year, period and template, and, when a
formatter draws the tables (``Formatter.draws_tables``, e.g. ``html``), every cell of each bound
table laid out on the rows and columns of the format that table follows, as plain text. It pickles
cheaply from a worker process and needs no template to read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from gklint.binder.choice import as_followed
from gklint.model import BoundTable, Cell, Report, ReportSheet, SheetCell, SheetRow, SheetTable
from gklint.template import TableSpec, Template

MISSING = "missing"  # the source has no such cell (its row is absent or short)


def sheet_of(report: Report, templates: Sequence[Template], with_tables: bool = False) -> ReportSheet:
    """The sheet of a bound report; its tables only ``with_tables``."""
    template = next((t for t in templates if t.name == report.template), None)
    tables: tuple[SheetTable, ...] = ()
    if with_tables and template is not None:
        followed = as_followed(template, templates, report.notes)
        tables = tuple(
            _sheet_table(spec, report.tables[spec.key]) for spec in followed.tables if spec.key in report.tables
        )
    return ReportSheet(
        title=report.title,
        agency=report.agency,
        year=report.year,
        template=report.template,
        template_title=template.title if template is not None else report.template,
        period=report.period.text if report.period else None,
        published=report.document.metadata.published_text,
        tables=tables,
    )


def _sheet_table(spec: TableSpec, bound: BoundTable) -> SheetTable:
    rows = []
    for row in spec.all_rows():
        found = bound.rows.get(row.key)
        cells: Mapping[str, Cell] = found.cells if found is not None else {}
        rows.append(
            SheetRow(
                key=row.key,
                label=row.label or spec.row_title(row.key),
                found=found.label if found is not None else "",
                cells=tuple(_sheet_cell(column, cells) for column in row.columns),
            )
        )
    columns = {column: spec.column_titles.get(column, column) for row in spec.all_rows() for column in row.columns}
    return SheetTable(spec.key, spec.part, spec.title, tuple(columns.items()), tuple(rows))


def _sheet_cell(column: str, cells: Mapping[str, Cell]) -> SheetCell:
    cell = cells.get(column)
    if cell is None:
        return SheetCell(column, "", MISSING)
    return SheetCell(column, cell.raw, cell.status.value)


__all__ = ["MISSING", "ReportSheet", "SheetCell", "SheetRow", "SheetTable", "sheet_of"]  # the data live in gklint.model
