"""The template's relations instantiated over the bound cells, as ``Balance`` objects for rules."""

from __future__ import annotations

from collections.abc import Iterable

from gklint.model import BoundTable, LogicalPlace
from gklint.relations import Balance, zero_blanks
from gklint.template import RelationSpec, Template


def balances(template: Template, tables: dict[str, BoundTable]) -> dict[str, tuple[Balance, ...]]:
    """Every instance of every template relation whose cells the document has."""
    found: dict[str, tuple[Balance, ...]] = {}
    zeros = {key: zero_blanks(table) for key, table in tables.items()}
    for relation in template.relations:
        table = tables.get(relation.table)
        if table is not None:
            found[relation.id] = tuple(_instances(relation, table, zeros[relation.table]))
    return found


def _instances(relation: RelationSpec, table: BoundTable, zeros: frozenset[LogicalPlace]) -> Iterable[Balance]:
    rows = {key: row.cells for key, row in table.rows.items()}  # plain dicts: some 200 lookups a table
    if relation.axis == "row":
        wanted = relation.left + relation.right
        for key in relation.rows or tuple(rows):
            cells = rows.get(key)
            if cells is not None and all(map(cells.__contains__, wanted)):
                left = tuple(cells[c] for c in relation.left)
                yield Balance(relation.id, "row", key, left, tuple(cells[c] for c in relation.right), zeros)
        return
    if not all(r in rows for r in relation.left + relation.right):
        return
    columns = relation.columns or tuple(rows[relation.right[0]])
    lefts, rights = [rows[r] for r in relation.left], [rows[r] for r in relation.right]
    for column in columns:
        left = tuple(cells[column] for cells in lefts if column in cells)
        right = tuple(cells[column] for cells in rights if column in cells)
        if len(left) == len(relation.left) and len(right) == len(relation.right):
            yield Balance(relation.id, "column", column, left, right, zeros)
