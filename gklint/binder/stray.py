"""Part headings and notes where converters and editors leave them: a heading wrapped over two
lines (``五、存在的主要问题`` / ``及改进情况``), a heading inside a table (a converter that took the
heading between two tables for a row of theirs), a note row at a table's foot (``注：…``); and a
table repeated whole (a page's hidden copy of its report), read once.

Each is made what it is before the parts are looked for and the tables bound: a wrapped heading one
paragraph; a heading or a note in a table a paragraph between the table's rows above and below it.
Else a wrapped heading names no part (GK101), and a heading or a note in a table runs into the row
above it, which then has too many cells to bind.
"""

from __future__ import annotations

import re
from dataclasses import replace

from gklint.binder.labels import Labels
from gklint.binder.parts import match_section, numbered
from gklint.binder.runon import split_at_headings
from gklint.binder.title import comparable, title_parts
from gklint.model import Document, Location, Paragraph, Table, TextCell
from gklint.template import Template
from gklint.text import lazy_pattern, normalize_label

_NOTE = lazy_pattern(r"^\s*(?:注|说明|备注|附注)\s*\d{0,2}\s*[:：]")
_WORD_CONDITION = lazy_pattern(r"^\s*(?:<!\[)?\s*(?:if\s*!?\s*support\w+|endif)\s*(?:\]>)?\s*$", re.I)
_DIGIT = lazy_pattern(r"[0-9０-９]")
_TITLE = 80  # a title is never longer
_WRAPPED_HEAD = 30  # the first line of a wrapped heading: a part's title is shorter than this
_WRAPPED_TAIL = 16  # and its second line shorter than this


def laid_straight(document: Document, template: Template) -> Document:
    """``document`` with its wrapped headings joined, the headings and notes in its tables taken out,
    and a table that repeats one before it left out (its copy is read)."""
    blocks: list[Paragraph | Table] = []
    seen: set[tuple[tuple[str, ...], ...]] = set()
    for block in document.blocks:
        if isinstance(block, Table):
            if _repeated(block, seen):
                continue
            blocks.extend(_split_at_prose(block, template))
        elif blocks and isinstance(block, Paragraph) and isinstance(blocks[-1], Paragraph):
            joined = _wrapped_heading(blocks[-1], block, template)
            if joined is None:
                blocks.append(block)
            else:
                blocks[-1] = joined
        else:
            blocks.append(block)
    if len(blocks) == len(document.blocks) and all(a is b for a, b in zip(blocks, document.blocks, strict=True)):
        return document
    return replace(document, blocks=tuple(blocks))


def _repeated(table: Table, seen: set[tuple[tuple[str, ...], ...]]) -> bool:
    """Whether a table of some rows repeats one before it cell for cell (a page's hidden copy of its
    report, for print or for phones): its rows would all be reported twice."""
    if len(table.rows) < _REPEATED_ROWS:
        return False
    key = tuple(tuple(cell.text.strip() for cell in row) for row in table.rows)
    if key in seen:
        return True
    seen.add(key)
    return False


_REPEATED_ROWS = 3  # fewer rows (a heading row, a row of values) may stand twice in one report


def _split_at_prose(table: Table, template: Template) -> list[Paragraph | Table]:
    """The table, cut where a row holds nothing but a part heading or a note, that row a paragraph;
    cut before a national table's headings that follow rows of numbers (a crawler's text runs a
    table the agency put before the national one into it, with no line between); and without the
    rows of Word's conditional markers a converter left as text."""
    pieces: list[Paragraph | Table] = []
    rows: list[tuple[TextCell, ...]] = []
    valued = False  # a row since the last cut ends in a number
    headed: set[int] = set()  # the national tables whose headings rows since the last cut hold
    kept = table.rows
    while kept and _word_condition(kept[-1]):  # Word's spacer row stands under the table's last
        kept = kept[:-1]
    dropped = len(kept) < len(table.rows)
    every = [Labels.of(spec).headings for spec in template.tables]
    for row in kept:
        prose = _prose_of(row, template)
        if prose is None:
            first = normalize_label(row[0].text) if row else ""
            heads = _national_headings(row, every) if any(first in headings for headings in every) else None
            if heads is not None and valued and heads not in headed:  # not its own next headings (第二十条第（五）项)
                pieces.append(Table(tuple(rows), table.location, table.sparse))
                rows, valued, headed = [], False, set()
            if heads is not None:
                headed.add(heads)
            rows.append(row)
            valued = valued or _ends_in_number(row)
            continue
        if rows:
            pieces.append(Table(tuple(rows), table.location, table.sparse))
            rows, valued, headed = [], False, set()
        pieces.extend(split_at_headings(Paragraph(prose.text.strip(), prose.location), template))
    if not pieces and not dropped:
        return [table]
    if rows:
        pieces.append(Table(tuple(rows), table.location, table.sparse))
    return pieces


def _word_condition(row: tuple[TextCell, ...]) -> bool:
    """Whether the row holds only Word's conditional markers (``<![if !supportMisalignedColumns]>``,
    ``<![endif]>``, the spacer row Word puts under a table), as a converter left them in text."""
    filled = [cell.text for cell in row if cell.text.strip()]
    return bool(filled) and all(_WORD_CONDITION.match(text) for text in filled)


def _ends_in_number(row: tuple[TextCell, ...]) -> bool:
    last = next((cell.text for cell in reversed(row) if cell.text.strip()), "")
    return _DIGIT.search(last) is not None


def _national_headings(row: tuple[TextCell, ...], every: list[frozenset[str]]) -> int | None:
    """The national table (its number in the template) whose headings the row holds, two or more of
    them and nothing else (``every``: each table's ``Labels.headings``); None for any other row."""
    norms = [norm for cell in row if (norm := normalize_label(cell.text))]
    if len(norms) < 2:
        return None
    return next((number for number, headings in enumerate(every) if all(n in headings for n in norms)), None)


def _prose_of(row: tuple[TextCell, ...], template: Template) -> TextCell | None:
    """The row's one cell when it is all the row holds and is a note, a numbered part heading, or
    prose (a page laid out in a table: its text in one cell, run together by a crawler)."""
    filled = [cell for cell in row if cell.text.strip() and not cell.merged]
    if len(filled) != 1:
        return None
    text = filled[0].text
    if _NOTE.match(text) or text.count("。") >= 2 or _is_title(text):  # sentences are no table's cell
        return filled[0]
    found = match_section(text, template) if numbered(text) else None
    return filled[0] if found is not None and found[1] <= 1 else None


def _is_title(text: str) -> bool:
    """Whether a cell holds a report's title alone (a page laid out in a table, its title a row)."""
    if len(text) > _TITLE or ("报告" not in text and "年报" not in text):
        return False  # nearly every cell, told at once
    return title_parts(comparable(text)) is not None


def _wrapped_heading(first: Paragraph, second: Paragraph, template: Template) -> Paragraph | None:
    """One paragraph for a numbered part heading wrapped over ``first`` and ``second``, when the two
    name a part better together than ``first`` does alone; else None."""
    head, tail = first.text.strip(), second.text.strip()
    if not head or not tail or len(head) > _WRAPPED_HEAD or len(tail) > _WRAPPED_TAIL or numbered(tail):
        return None
    if not numbered(head):
        return None
    alone = match_section(head, template)
    if alone is not None and alone[1] <= 1:
        return None
    together = match_section(head + tail, template)
    if together is None or together[1] > 1:
        return None
    return Paragraph(head + tail, _through(first.location, second.location), first.heading_level)


def _through(first: Location, last: Location) -> Location:
    """From where ``first`` starts to where ``last`` ends."""
    return Location(
        line=first.line,
        column=first.column,
        end_line=last.end_line if last.end_line is not None else last.line,
        end_column=last.end_column,
        page=first.page,
        bbox=_box_through(first, last),
        element=first.element,
    )


def _box_through(first: Location, last: Location) -> tuple[float, float, float, float] | None:
    """The PDF box of both, on one page; else the first's (a part is ordered by where it begins)."""
    if first.bbox is None or last.bbox is None or first.page != last.page:
        return first.bbox
    (a0, b0, a1, b1), (c0, d0, c1, d1) = first.bbox, last.bbox
    return (min(a0, c0), min(b0, d0), max(a1, c1), max(b1, d1))
