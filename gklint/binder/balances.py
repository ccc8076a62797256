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
    if relation.axis == "row":
        for key in relation.rows or tuple(table):
            row = table.get(key)
            if row is not None and all(c in row for c in relation.left + relation.right):
                left = tuple(row[c] for c in relation.left)
                yield Balance(relation.id, "row", key, left, tuple(row[c] for c in relation.right), zeros)
        return
    if not all(r in table for r in relation.left + relation.right):
        return
    columns = relation.columns or tuple(table[relation.right[0]])
    for column in columns:
        left = tuple(table[r][column] for r in relation.left if column in table[r])
        right = tuple(table[r][column] for r in relation.right if column in table[r])
        if len(left) == len(relation.left) and len(right) == len(relation.right):
            yield Balance(relation.id, "column", column, left, right, zeros)
