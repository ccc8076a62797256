"""Rows of values that lost their labels, placed by the order of the template.

PDF-to-Markdown converters and OCR tear a table apart: a row's label lands a few lines away (or in
pieces), its values stay behind as a row of numbers alone. Between two rows whose labels were found
(template rows a and b), the unlabelled rows of values are the template rows between a and b, in
order, when their numbers agree; a label standing alone in that stretch is one of those rows and
needs nothing more. When the numbers do not agree, nothing is guessed: an unlabelled row takes the
place of a lone label just before it, or else its cells go to the row before it, whose surplus the
binder then reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from gklint.binder.labels import Token
from gklint.template import RowSpec


@dataclass
class Entry:
    """One row of the stream: a template row (None while unlabelled), its label, its values."""

    row: RowSpec | None
    label: Token
    values: list[Token] = field(default_factory=list)
    placed: bool = False  # an unlabelled row given its template row by position

    @property
    def anchored(self) -> bool:
        return self.row is not None and bool(self.values)


def place_unlabelled(entries: list[Entry], rows: tuple[RowSpec, ...]) -> list[Entry]:
    """``entries`` with every unlabelled row placed, merged into a lone label, or into the row before."""
    if all(entry.row is not None for entry in entries):
        return entries
    order = {row.key: i for i, row in enumerate(rows)}
    anchored = {entry.row.key for entry in entries if entry.anchored and entry.row is not None}
    bounds = [i for i, entry in enumerate(entries) if entry.anchored]
    for start, end in zip([-1, *bounds], [*bounds, len(entries)]):
        low = order[entries[start].row.key] if start >= 0 else -1  # type: ignore[union-attr]
        high = order[entries[end].row.key] if end < len(entries) else len(rows)  # type: ignore[union-attr]
        slots = [row for row in rows[low + 1 : high] if row.key not in anchored]
        _fill_gap(entries[start + 1 : end], slots)
    return _merge_leftovers(entries)


def _fill_gap(gap: list[Entry], slots: list[RowSpec]) -> None:
    orphans = [entry for entry in gap if entry.row is None]
    if not orphans:
        return
    if len(orphans) == len(slots) and all(_fits(o.values, len(s.columns)) for o, s in zip(orphans, slots)):
        for orphan, slot in zip(orphans, slots):
            orphan.row, orphan.placed = slot, True
        for entry in gap:
            if not entry.values and entry.row in slots:
                entry.row = None  # a lone label of a row now placed: nothing left to bind
        return
    for before, entry in pairwise(gap):
        if entry.row is None and before.row is not None and not before.values:
            before.values, entry.values = entry.values, []


def _fits(values: list[Token], width: int) -> bool:
    """Whether a row of ``values`` is one of ``width`` cells: as many, or more whose surplus is blank
    (the blank cells before the next row's label, which a stream hands to the row before)."""
    filled = len(values)
    while filled and not values[filled - 1].norm:
        filled -= 1
    return filled <= width <= len(values)


def _merge_leftovers(entries: list[Entry]) -> list[Entry]:
    """Unplaced rows of values go to the row before; a lone label of a row bound elsewhere goes."""
    kept: list[Entry] = []
    for entry in entries:
        if entry.row is not None:
            kept.append(entry)
        elif kept and entry.values:
            kept[-1].values.extend(entry.values)
    filled = {entry.row.key for entry in kept if entry.values and entry.row is not None}
    return [entry for entry in kept if entry.values or entry.row is None or entry.row.key not in filled]
