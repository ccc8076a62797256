"""Tables a crawler ran together, read back where their arithmetic allows it.

An archive crawler that flattens a page writes a table's labels and numbers as one run of text, the
separators between cells lost (``一、本年新收政府信息公开申请数量640020470二、上年结转…``). The labels
can still be found, in the template's order, and so can each row's digits; ``digitsplit`` splits
them back into cells where one split alone fits (no leading zeros, the spaces a crawler kept, the
format's arithmetic). A row it cannot split keeps its digits in one cell, which the binder reports as
a row it cannot read (GK010); a table of which too few rows can be read is left as the text it is,
which the binder reports once as flattened.

The table found this way stands in the document where the run was, as a table of its own, with every
cell's location inside the original line, and the text around it stays text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from gklint.binder.digitsplit import Found, cells, resolve, runs_after
from gklint.binder.labels import Labels
from gklint.binder.runon import piece_of
from gklint.model import Block, Document, Location, Paragraph, Table, TextCell
from gklint.template import RowSpec, TableSpec, Template
from gklint.text import lazy_pattern, normalize_label

_LONG = 60  # a paragraph shorter than this holds no whole table
_TABLES = 3  # tables a document holds as tables when none of the format's was flattened
_LABELS_FOUND = 3  # row labels (or, for a table without row labels, headings) found in order
_LEAF_MARK = lazy_pattern(r"(\d)[,．]")  # 1、 / 1． of a leaf's numbering, as normalize_label writes 1.


def tables_from_runs(document: Document, templates: Sequence[Template]) -> Document:
    """``document`` with every table of the templates run together in its text (in one long
    paragraph, or a row a line) replaced by the table read back, the text around it kept."""
    tables = glued = 0
    flattened: list[Paragraph] = []
    for block in document.blocks:  # one pass: a document of bare lines has hundreds of blocks
        if not isinstance(block, Paragraph):
            tables += isinstance(block, Table)
        elif len(block.text) >= _LONG and _runs_in(block.text):
            flattened.append(block)
        elif block.text[-3:].isdigit() and len(block.text) > 3:  # most lines are told by their end
            glued += _glued(block)
    if tables >= _TABLES or not (flattened or glued >= _LABELS_FOUND):
        return document  # its tables stand as tables, or nothing reads as run together
    groups = [[paragraph] for paragraph in flattened] or _rows_a_line(document)
    return _read_groups(document, groups, templates)


def _rows_a_line(document: Document) -> list[list[Paragraph]]:
    """The runs of paragraphs between tables that hold rows a line each, their cells run together
    (``一、本年新收政府信息公开申请数量640020470``)."""
    groups: list[list[Paragraph]] = [[]]
    for block in document.blocks:
        if isinstance(block, Paragraph):
            groups[-1].append(block)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if sum(map(_glued, group)) >= _LABELS_FOUND]


def _read_groups(document: Document, groups: list[list[Paragraph]], templates: Sequence[Template]) -> Document:
    """``document`` with each group of consecutive paragraphs that holds a table run together
    replaced by the tables read back and the text around them."""
    starting = {id(group[0]): group for group in groups}
    blocks: list[Block] = []
    read = skipped = 0  # groups read back; paragraphs after the first of the last one, still to skip
    for block in document.blocks:
        if skipped:
            skipped -= 1
            continue
        group = starting.get(id(block))
        pieces = _read_back(_Joined.of(group), templates) if group else None
        if group is None or pieces is None:
            blocks.append(block)
            continue
        blocks.extend(pieces)
        read, skipped = read + 1, len(group) - 1
    return replace(document, blocks=tuple(blocks)) if read else document


def _glued(paragraph: Paragraph) -> bool:
    """Whether ``paragraph`` ends in three digits or more run onto a word, as a row's cells run together."""
    line = paragraph.text.rstrip()
    if not line[-3:].isdigit():
        return False  # most lines: told by their end
    word = line.rstrip("0123456789")
    return word[-1:] in ("）", ")") or "\u4e00" <= word[-1:] <= "\u9fff"


@dataclass(frozen=True)
class _Joined:
    """Consecutive paragraphs' texts joined by line breaks, each offset traced back to its paragraph."""

    paragraphs: tuple[Paragraph, ...]
    starts: tuple[int, ...]
    text: str

    @classmethod
    def of(cls, paragraphs: Sequence[Paragraph]) -> _Joined:
        starts, offset = [], 0
        for paragraph in paragraphs:
            starts.append(offset)
            offset += len(paragraph.text) + 1
        return cls(tuple(paragraphs), tuple(starts), "\n".join(p.text for p in paragraphs))

    def at(self, start: int, length: int) -> Location:
        """Where ``length`` characters from ``start`` stand (within the paragraph ``start`` is in)."""
        n = bisect.bisect_right(self.starts, start) - 1
        return self.paragraphs[n].location.within(start - self.starts[n], length)

    def between(self, start: int, end: int) -> Iterator[Paragraph]:
        """The text from ``start`` to ``end``: whole paragraphs as they are, a paragraph cut as its piece."""
        for paragraph, first in zip(self.paragraphs, self.starts):
            last = first + len(paragraph.text)
            low, high = max(first, start), min(last, end)
            if low >= high:
                continue
            if (low, high) == (first, last):
                yield paragraph
            else:
                yield from piece_of(paragraph, low - first, high - first)


def _runs_in(text: str) -> bool:
    """Whether ``text`` holds numbers run onto words as a flattened table's rows are (``数量640020470``),
    several times or one long run: a cheap look before any label is sought."""
    runs = _ROW_RUNS.findall(text, 0, _SEARCHED)
    return len(runs) >= _LABELS_FOUND or any(sum(c.isdigit() for c in run) >= _ONE_RUN for run in runs)


# Three digits or more run onto a word and followed by no unit (a year is followed by 年, a count by 件)
_ROW_RUNS = lazy_pattern(
    r"[\u4e00-\u9fff）)]\s?[0-9][0-9 \u3000]{2,}(?![0-9年月日件条人个次项名家余万元%．.、，,。；;）)])"
)
_SEARCHED = 200_000  # characters of one paragraph looked at
_ONE_RUN = 10  # digits in one run: a table's values all after its headings (table 四)


def _read_back(joined: _Joined, templates: Sequence[Template]) -> list[Block] | None:
    """The joined paragraphs with each template table found run together in them read back (the
    format whose labels it holds most), the text around kept; None when no table is."""
    squeezed = _Squeezed.of(joined.text)
    best: dict[str, tuple[int, Template, TableSpec, list[Found]]] = {}
    for template in templates:
        for spec in template.tables:
            found = _labels_in_order(squeezed.text, spec)
            score = sum(1 for f in found if f.row is not None) or (sum(1 for f in found) // 2)
            if score >= _LABELS_FOUND and (spec.key not in best or score > best[spec.key][0]):
                best[spec.key] = (score, template, spec, found)
    found_tables = [_table(joined, squeezed, template, spec, found) for _, template, spec, found in best.values()]
    blocks: list[Block] = []
    cursor = 0
    for first, last, table in sorted((t for t in found_tables if t is not None), key=lambda t: t[:2]):
        if first < cursor:
            continue  # overlapping another table's text: left as it is
        blocks.extend(joined.between(cursor, first))
        blocks.append(table)
        cursor = last
    if not blocks:
        return None
    blocks.extend(joined.between(cursor, len(joined.text)))
    return blocks


@dataclass(frozen=True)
class _Squeezed:
    """Joined paragraphs' text as labels compare (``normalize_label`` character by character, spaces
    dropped, line breaks kept), with the offset in the joined text of each of its characters and of its end."""

    text: str
    where: tuple[int, ...]

    @classmethod
    def of(cls, raw: str) -> _Squeezed:
        chars: list[str] = []
        where: list[int] = []
        for offset, char in enumerate(raw):
            for folded in normalize_label(char) if char != "\n" else char:  # a line's end parts headings
                chars.append(folded)
                where.append(offset)
        where.append(len(raw))
        text = _LEAF_MARK.sub(r"\1.", "".join(chars).replace("其它", "其他"))
        return cls(text, tuple(where))


def _labels_in_order(text: str, spec: TableSpec) -> list[Found]:
    """The table's labels in the squeezed text, in order: its row labels in the template's order (a
    row not found is skipped), the headings between them and those standing right before the first;
    for a table without row labels, the headings standing together right before a run of digits."""
    labels = Labels.of(spec)
    headings = list(_headings(text, labels))
    rows = _rows_in_order(text, spec)
    if rows:
        headings = [h for h in headings if not any(r.start <= h.start < r.end for r in rows)]
        between = [h for h in headings if rows[0].start <= h.start < rows[-1].start]
        return sorted([*_together_before(headings, rows[0].start), *between, *rows], key=_by_start)
    followed = [h for h in headings if text[h.end : h.end + 2].lstrip("\n")[:1].isdigit()]
    return _together_before(headings, followed[-1].end) if followed else []


def _rows_in_order(text: str, spec: TableSpec) -> list[Found]:
    """The rows' labels in the template's order, each after the one before; then, anywhere else,
    those not found so, by a label too long to stand in another (a row a page puts out of order, as
    a table's ``<tfoot>`` that an extractor writes before its body)."""
    rows: list[Found] = []
    cursor = 0
    missed: list[RowSpec] = []
    for row in spec.rows:
        hit = _first(text, _forms(row), cursor)
        if hit is None:
            missed.append(row)
            continue
        rows.append(Found(hit[0], hit[0] + hit[1], row))
        cursor = hit[0] + hit[1]
    for row in missed:
        hit = _first(text, [f for f in _forms(row) if len(f) >= _OWN_LABEL], 0)
        if hit is not None and not any(r.start < hit[0] + hit[1] and hit[0] < r.end for r in rows):
            rows.append(Found(hit[0], hit[0] + hit[1], row))
    return sorted(rows, key=_by_start)


_OWN_LABEL = 6  # characters of a label found out of its order: 其他 or 3.其他 could be any row's


def _forms(row: RowSpec) -> list[str]:
    return [normalize_label(f) for f in (row.label, *row.aliases, row.short) if f]


def _first(text: str, forms: list[str], cursor: int) -> tuple[int, int] | None:
    """Where the first of ``forms`` stands from ``cursor`` on, and there the longest: (start, length)."""
    hits = [(at, len(form)) for form in forms if (at := text.find(form, cursor)) >= 0]
    return min(hits, key=lambda hit: (hit[0], -hit[1])) if hits else None


_GAP = 2  # characters between two headings of one header (a stray mark, a bracket)


def _together_before(headings: list[Found], limit: int) -> list[Found]:
    """The headings that end by ``limit`` and stand together, each at most ``_GAP`` characters
    before the next, the last of them right before ``limit``."""
    kept: list[Found] = []
    for heading in reversed([h for h in headings if h.end <= limit]):
        if heading.end + _GAP < (kept[-1].start if kept else limit):
            break
        kept.append(heading)
    return kept[::-1]


def _by_start(found: Found) -> int:
    return found.start


def _headings(text: str, labels: Labels) -> Iterator[Found]:
    """Each heading of the table in ``text``, the longest form where several start at one place,
    without overlaps."""
    for match in _heading_pattern(labels.headings).finditer(text):
        yield Found(match.start(), match.end(), None)


@lru_cache(maxsize=16)
def _heading_pattern(forms: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True) if f))


def _table(
    joined: _Joined, squeezed: _Squeezed, template: Template, spec: TableSpec, found: list[Found]
) -> tuple[int, int, Table] | None:
    """The table read back and where its text starts and ends; None when too few of its rows can be
    read (the text stays as it is, said once to be flattened)."""
    raw, where = joined.text, squeezed.where
    runs = runs_after(raw, where, template, spec, found)
    resolve(runs, template, spec)
    read = sum(1 for run in runs.values() if len(run.readings) == 1)
    if not runs or 3 * read < 2 * len(runs):
        return None
    rows: list[tuple[TextCell, ...]] = []
    headings: list[TextCell] = []
    first, last = where[found[0].start], where[found[-1].end]
    for n, label in enumerate(found):
        start, run = where[label.start], runs.get(n)
        after = where[found[n + 1].start] if n + 1 < len(found) else where[label.end]
        end = where[label.end] if label.row is not None else (run.offset if run else after)
        cell = TextCell(raw[start:end].strip(), joined.at(start, end - start))
        if label.row is None:
            headings.append(cell)
        if headings and (label.row is not None or run is not None):
            rows.append(tuple(headings))
            headings = []
        values = cells(run, joined.at) if run is not None else ()
        if label.row is not None:
            rows.append((cell, *values))
        elif values:
            rows.append(values)
        last = max(last, run.offset + len(run.text) if run else where[label.end])
    if headings:
        rows.append(tuple(headings))
    line_end = raw.find("\n", first)
    shown = last if line_end < 0 else min(last, line_end)  # a table's location: its first line
    return first, last, Table(tuple(rows), joined.at(first, shown - first))
