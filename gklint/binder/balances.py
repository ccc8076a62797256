"""The template's relations instantiated over the bound cells, as ``Balance`` objects for rules."""

from __future__ import annotations

from collections.abc import Mapping

from gklint.model import BoundTable, Cell, LogicalPlace
from gklint.relations import Balance, zero_blanks
from gklint.template import RelationSpec, Template


def balances(template: Template, tables: dict[str, BoundTable]) -> dict[str, tuple[Balance, ...]]:
    """Every instance of every template relation whose cells the document has."""
    found: dict[str, tuple[Balance, ...]] = {}
    zeros = {key: zero_blanks(table) for key, table in tables.items()}
    rows = {key: {k: row.cells for k, row in table.rows.items()} for key, table in tables.items()}
    for relation in template.relations:
        table = rows.get(relation.table)
        if table is not None:
            found[relation.id] = _instances(relation, table, zeros[relation.table])
    return found


def _instances(
    relation: RelationSpec, rows: dict[str, Mapping[str, Cell]], zeros: frozenset[LogicalPlace]
) -> tuple[Balance, ...]:
    """``rows``: the table's cells by row key, as plain dicts (some 200 lookups a table)."""
    if relation.axis == "row":
        wanted, lefts, rights = relation.left + relation.right, relation.left, relation.right
        found = []
        for key in relation.rows or tuple(rows):
            cells = rows.get(key)
            if cells is not None and all(map(cells.__contains__, wanted)):
                left, right = tuple([cells[c] for c in lefts]), tuple([cells[c] for c in rights])
                found.append(Balance(relation.id, "row", key, left, right, zeros))
        return tuple(found)
    if not all(r in rows for r in relation.left + relation.right):
        return ()
    columns = relation.columns or tuple(rows[relation.right[0]])
    by_left, by_right = [rows[r] for r in relation.left], [rows[r] for r in relation.right]
    found = []
    for column in columns:
        left = tuple([cells[column] for cells in by_left if column in cells])
        right = tuple([cells[column] for cells in by_right if column in cells])
        if len(left) == len(by_left) and len(right) == len(by_right):
            found.append(Balance(relation.id, "column", column, left, right, zeros))
    return tuple(found)
