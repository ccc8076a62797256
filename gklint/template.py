"""Templates: the shape of a report format, as data the binder follows.

A template plugin (``gklint_templates``) describes the six parts and the three tables: each row by
its label and canonical key, how many values it holds and their column keys; the labels that
carry no values (group labels, column headers). The binder knows nothing of any particular format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from gklint.text import normalize_label


@dataclass(frozen=True)
class SectionSpec:
    """One of the six parts of a report: its number, title and the other titles it goes by; and
    ``words``, one of which a heading numbered as this part holds when it words the title its own way
    (五、存在的不足及改进措施: 不足)."""

    number: int
    title: str
    aliases: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    def forms(self) -> tuple[str, ...]:
        return tuple(normalize_label(t) for t in (self.title, *self.aliases))


@dataclass(frozen=True)
class RowSpec:
    """A data row. ``short`` is the label's core when the rest is a parenthetical note that
    reports often drop, e.g. ``（二）部分公开`` for the full 部分公开 label."""

    key: str
    label: str
    columns: tuple[str, ...]
    short: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeaderSpec:
    """A label that carries no values: a column header, a group label, a note.

    ``column`` names the column key it heads (the binder records the text found for it);
    ``prefix`` marks a label compared only up to its end (the rest, such as a unit, is a rule's
    business, not a typo).
    """

    label: str
    column: str = ""
    prefix: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """A template table.

    ``unlabeled_rows`` are rows with no label of their own (table C's three groups in one source
    row): their values are the cells after the last header, dealt out in order.
    """

    key: str
    part: int
    title: str
    rows: tuple[RowSpec, ...] = ()
    headers: tuple[HeaderSpec, ...] = ()
    unlabeled_rows: tuple[RowSpec, ...] = ()
    column_titles: Mapping[str, str] = field(default_factory=dict)  # column key -> display label
    row_titles: Mapping[str, str] = field(default_factory=dict)  # row key -> display label
    group_titles: Mapping[str, str] = field(default_factory=dict)  # a leaf row's group (withheld) -> its label

    def all_rows(self) -> tuple[RowSpec, ...]:
        return self.rows + self.unlabeled_rows

    def row_title(self, key: str) -> str:
        for row in self.rows:
            if row.key == key:
                return row.short or row.label
        return self.row_titles.get(key, key)

    def full_row_title(self, key: str) -> str:
        """The row's title after its group's for a leaf row (``（三）不予公开 1.属于国家秘密``): a leaf's
        own label (``3.其他``) may say little alone."""
        group = self.group_titles.get(key.partition(".")[0]) if "." in key else None
        return f"{group} {self.row_title(key)}" if group else self.row_title(key)


@dataclass(frozen=True)
class RelationSpec:
    """An arithmetic relation of the format. ``axis="row"``: in each row of ``table`` (or only
    ``rows``), the sum of the ``left`` columns equals the sum of the ``right`` columns.
    ``axis="column"``: in each column (or only ``columns``), the ``left`` rows sum to the
    ``right`` rows."""

    id: str
    table: str
    axis: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    rows: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """A report format: its name, the years it applies to, its parts and tables."""

    name: str
    title: str
    first_year: int
    last_year: int | None
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    citation: str = ""  # the notice that issued the format, e.g. 国办公开办函〔2021〕30号
    relations: tuple[RelationSpec, ...] = ()

    def table(self, key: str) -> TableSpec:
        for spec in self.tables:
            if spec.key == key:
                return spec
        raise KeyError(key)
