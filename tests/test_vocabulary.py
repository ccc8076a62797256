"""The vocabulary of places (gklint.vocabulary) and the templates speak the same keys."""

from __future__ import annotations

import json

from gklint.manager import load_plugins
from gklint.vocabulary import ColumnKey, RelationId, RowKey, TableKey

TEMPLATES = [template for template, _ in load_plugins().templates]


def test_every_key_of_every_template_is_in_the_vocabulary_and_nothing_else() -> None:
    tables = {spec.key for t in TEMPLATES for spec in t.tables}
    rows = {row.key for t in TEMPLATES for spec in t.tables for row in spec.all_rows()}
    columns = {c for t in TEMPLATES for spec in t.tables for row in spec.all_rows() for c in row.columns}
    relations = {r.id for t in TEMPLATES for r in t.relations}

    assert tables == {k.value for k in TableKey}
    assert rows == {k.value for k in RowKey}
    assert columns == {k.value for k in ColumnKey}
    assert relations == {k.value for k in RelationId}


def test_a_key_indexes_a_bound_table_and_prints_as_its_value() -> None:
    table = {"new": {"total": 3}}

    assert table[RowKey.NEW][ColumnKey.TOTAL] == 3
    assert f"{RowKey.WITHHELD_1}" == str(RowKey.WITHHELD_1) == "withheld.1"
    assert json.dumps({TableKey.APPLICATIONS: RowKey.NEW}) == '{"applications": "new"}'
