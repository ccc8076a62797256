"""Template labels ready for matching: exact, prefix, glued to a group label, typo-tolerant, truncated,
and, for a row label mangled past any typo budget, recovered by its position between its neighbours."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import NamedTuple

from gklint.binder.memo import made_once
from gklint.model import Location, Paragraph, TextCell
from gklint.template import HeaderSpec, RowSpec, TableSpec
from gklint.text import (
    NOT_APPLICABLE,
    count_written_otherwise,
    edit_distance,
    has_cjk,
    lazy_pattern,
    normalize_label,
    parse_number,
    typo_budget,
)

_LEAF_ORDINAL = lazy_pattern(r"^(\d{1,2})\.")


class Token(NamedTuple):
    """One cell of a source table as the label matcher sees it: its text and normalised form (a
    tuple: some 400 are made per report, each must be cheap)."""

    text: str
    norm: str
    source: TextCell | Paragraph | Location  # what it was read from (or where it stands): asked only when needed
    row: tuple[int, int]  # (block, row) of the source table
    column: int  # grid position in its source row, merged positions counted
    sparse: bool = False  # from a source that drops empty cells (a row short of values lost blanks)

    @property
    def empty(self) -> bool:
        return not self.norm

    @property
    def location(self) -> Location:
        source = self.source
        return source if isinstance(source, Location) else source.location


Item = RowSpec | HeaderSpec
_ORDINAL = lazy_pattern(r"^(?:[一二三四五六七八九十]+,|\([一二三四五六七八九十]+\)|\d{1,2}\.)")
_MEMO_SIZE = 4096  # per table, emptied when full: a sweep's worker stays as small as a short run's
Match = tuple[Item, bool]  # the template item, and whether the text is exactly one of its forms


class Labels:
    """The labels of one template table, ready for exact, prefix and typo-tolerant lookup."""

    # Keyed by id, holding the spec itself so that the id cannot be reused while cached.
    _cache: dict[int, tuple[TableSpec, Labels]] = {}

    def __init__(self, spec: TableSpec) -> None:
        self.rows = spec.rows
        self.order = {row.key: n for n, row in enumerate(spec.rows)}
        self.exact: dict[str, Item] = {}
        self.prefixes: list[tuple[str, Item]] = []
        self.forms: list[tuple[str, Item]] = []
        for row in spec.rows:
            for form in (row.label, *row.aliases):
                self.exact[normalize_label(form)] = row
                self.forms.append((normalize_label(form), row))
            if row.short:
                self.exact[normalize_label(row.short)] = row
                self.prefixes.append((normalize_label(row.short) + "(", row))
        headings = []
        for header in spec.headers:
            for form in (header.label, *header.aliases):
                self.exact[normalize_label(form)] = header
                headings.append(normalize_label(form))
                if header.prefix:
                    self.prefixes.append((normalize_label(form).rstrip(")"), header))
                else:
                    self.forms.append((normalize_label(form), header))
        self.headings = frozenset(headings)  # every form of the table's headings, normalised
        self.headers_as_rows: dict[str, RowSpec] = {}  # column headers that are a row's label unnumbered too
        self._add_unnumbered(spec)
        self.fragments = "\x00".join(form for form, _ in self.forms)
        self._memo: dict[str, Match | None] = {}  # cells repeat ("0", labels), in a file and across files
        self._kept: dict[str, bool] = {}
        # Group labels glued to the row label after them ("（三）不予公开1.属于国家秘密"), as PDF text
        # and some exports give them: longest first, so "三、本年度办理结果" beats a shorter prefix.
        self.groups = sorted((f for f, item in self.forms if isinstance(item, HeaderSpec)), key=len, reverse=True)

    @classmethod
    def of(cls, spec: TableSpec) -> Labels:
        return made_once(cls._cache, spec, cls)

    def lost_rows(self, tokens: Sequence[Token], matches: list[Match | None] | None = None) -> dict[Token, RowSpec]:
        """The cells of a table's stream that are row labels too mangled to match, with their rows
        (``matches``: each token's ``match``, when the caller has them already)."""
        matches = self.match_all(tokens) if matches is None else matches
        return {tokens[index]: row for index, row in self._lost_rows(tokens, matches)}

    def match_all(self, tokens: Sequence[Token]) -> list[Match | None]:
        """``match`` of every token's text, in order (most are in the memo: looked up there directly)."""
        memo = self._memo
        return [memo[t.norm] if t.norm in memo else self.match(t.norm) for t in tokens]

    def keeps_all(self, tokens: Sequence[Token]) -> list[bool]:
        """``keeps`` of every token's text, in order (most are in the memo: looked up there directly)."""
        kept = self._kept
        return [kept[t.norm] if t.norm in kept else self.keeps(t.norm) for t in tokens]

    def keeps(self, norm: str) -> bool:
        """Whether a cell that is no label is a value of the stream: anything but a piece of a label,
        and a number or a not-applicable mark even then."""
        kept = self._kept.get(norm)
        if kept is None:
            if len(self._kept) >= _MEMO_SIZE:
                self._kept.clear()
            kept = self._kept[norm] = not self.is_fragment(norm) or is_value(norm)
        return kept

    def _lost_rows(self, tokens: Sequence[Token], matches: list[Match | None]) -> Iterator[tuple[int, RowSpec]]:
        """Row labels too mangled to match (glyphs lost from a PDF's text layer: ``2.其他法律行政止公开``),
        known by where they stand.

        Between two bound row labels whose template rows are k-1 and k+1 (or after the last bound
        row, for the table's last rows), a text cell that still
        resembles row k's label and is followed by no more values than row k holds is row k's label,
        not a stray value of row k-1. The same holds for a run of n lost rows and n such cells. The
        typo budget stays as it is: this needs the neighbours' agreement, not a looser comparison.
        """
        bound = [(i, self.order[m[0].key]) for i, m in enumerate(matches) if m and isinstance(m[0], RowSpec)]
        seen = {n for _, n in bound}
        if bound:  # the table's last rows, lost after the last bound one, end where the stream ends
            bound.append((len(tokens), len(self.rows)))
        for (start, before), (stop, after) in pairwise(bound):
            lost = [self.rows[n] for n in range(before + 1, after) if n not in seen]
            if not lost or len(lost) != after - before - 1:
                continue
            candidates = [i for i in range(start + 1, stop) if self._maybe_lost(tokens[i].norm, matches[i])]
            if len(candidates) != len(lost):
                continue
            if not all(self.resembles(tokens[i].norm, row) for i, row in zip(candidates, lost)):
                continue
            labels = [start, *candidates]
            widths = [len(self.rows[before].columns), *(len(row.columns) for row in lost)]
            ends = {*candidates, stop}
            if all(_holds(tokens, matches, label, ends, width) for label, width in zip(labels, widths)):
                yield from zip(candidates, lost)

    def _maybe_lost(self, norm: str, match: Match | None) -> bool:
        """Whether a cell may be a lost row label: one that matches no label, or a column header that is
        also a row label without its numbering (``总计`` for （七）总计, as OCR and converters drop it)."""
        if match is None:
            return _label_like(norm)
        return isinstance(match[0], HeaderSpec) and norm in self.headers_as_rows

    def names_row(self, norm: str, item: Item, row: RowSpec | None) -> bool:
        """Whether a cell matched to ``item`` names ``row``: it is that row, or a column header that
        is that row's label without its numbering (（七）总计, then a cell 总计 before its values)."""
        if row is None or item is row:
            return item is row
        return isinstance(item, HeaderSpec) and self.headers_as_rows.get(norm) is row

    def resembles(self, norm: str, row: RowSpec) -> bool:
        """Whether a mangled label is still recognisably ``row``'s: the same leaf number, if both have
        one, and at most half of one of its forms changed."""
        for group in self.groups:
            if norm.startswith(group) and len(norm) > len(group):
                norm = norm[len(group) :]
                break
        numbered = _ORDINAL.match(norm) is not None
        for written in (row.label, *row.aliases, *((row.short,) if row.short else ())):
            form = normalize_label(written)
            if self._close_to(norm, form):
                return True
            # a label that lost its numbering: like the label without it (总计, 予以公并 for （一）予以公开)
            bare = _ORDINAL.sub("", form)
            if not numbered and bare != form and self._close_to(norm, bare):
                return True
        return False

    @staticmethod
    def _close_to(norm: str, form: str) -> bool:
        """At most half of ``form`` changed, and the same leaf number if both have one."""
        if norm == form:
            return True
        ours, theirs = _LEAF_ORDINAL.match(norm), _LEAF_ORDINAL.match(form)
        if ours and theirs and ours.group(1) != theirs.group(1):
            return False
        limit = len(form) // 2
        return edit_distance(norm, form, limit=limit) <= limit

    def match(self, norm: str) -> Match | None:
        """(item, exact) for a cell's normalised text, or None when it is not a label."""
        if norm in self._memo:
            return self._memo[norm]
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        found = self._memo[norm] = self._match(norm)
        return found

    def _match(self, norm: str) -> Match | None:
        if not norm:
            return None
        item = self.exact.get(norm)
        if item is not None:
            return item, True
        for prefix, item in self.prefixes:
            if norm.startswith(prefix):
                return item, True
        numbered = self._numbered_by_agency(norm)
        if numbered is not None:
            return numbered, True
        if len(norm) < 3 or not has_cjk(norm):
            return None
        if norm.endswith(")") and (counted := self._with_count_unit(norm)) is not None:
            return counted, True
        for group in self.groups:
            if norm.startswith(group) and len(norm) > len(group):
                found = self.match(norm[len(group) :])
                if found is not None:  # a row label, or headers run together (信息内容本年处理决定数量)
                    return found
        best: list[tuple[int, Item]] = []
        for form, item, budget in self._within_reach.get(len(norm), ()):
            distance = edit_distance(norm, form, limit=budget)
            if distance <= budget:
                best.append((distance, item))
        if not best:
            return self._truncated(norm)
        best.sort(key=lambda pair: pair[0])
        if len(best) > 1 and best[0][0] == best[1][0] and best[0][1] is not best[1][1]:
            return None  # two labels equally close: do not guess
        return best[0][1], False

    def _numbered_by_agency(self, norm: str) -> RowSpec | None:
        """The row an agency numbered whose template label has no numbering (``1.规章``,
        ``2.行政规范性文件`` in table 二): a way of laying the table out, not a misspelling."""
        ordinal = _ORDINAL.match(norm)
        item = self.exact.get(norm[ordinal.end() :]) if ordinal is not None else None
        if not isinstance(item, RowSpec) or _ORDINAL.match(normalize_label(item.label)):
            return None
        return item

    def _with_count_unit(self, norm: str) -> RowSpec | None:
        """The row a label names with the unit of its counts after it (``行政许可（件）``,
        ``（七）总计（件）``): a way of writing it, not a misspelling. Money units are left to GK501."""
        unit = _COUNT_UNIT.search(norm)
        item = self.exact.get(norm[: unit.start()]) if unit is not None else None
        return item if isinstance(item, RowSpec) else None

    @functools.cached_property
    def _within_reach(self) -> dict[int, list[tuple[str, Item, int]]]:
        """Text length -> the forms (with their typo budgets) a text that long may be a typo of, in
        the order of ``forms``: no other form is within its budget of edits of it."""
        reach: dict[int, list[tuple[str, Item, int]]] = {}
        for form, item in self.forms:
            budget = typo_budget(form)
            for length in range(len(form) - budget, len(form) + budget + 1):
                reach.setdefault(length, []).append((form, item, budget))
        return reach

    @functools.cached_property
    def _row_form_ends(self) -> str:
        """Every row form with a NUL after it: a text that ends no form is not followed by one here."""
        return "".join(form + "\x00" for form, item in self.forms if isinstance(item, RowSpec))

    def _truncated(self, norm: str) -> Match | None:
        """A row label missing its beginning (``规范性文件`` for ``行政规范性文件``): a typo, reported."""
        if len(norm) < 4 or norm + "\x00" not in self._row_form_ends:
            return None
        rows = {id(item): item for form, item in self.forms if isinstance(item, RowSpec) and form.endswith(norm)}
        return (next(iter(rows.values())), False) if len(rows) == 1 else None

    def _add_unnumbered(self, spec: TableSpec) -> None:
        """Row labels without their numbering (``本年新收政府信息公开申请数量``, ``予以公开``) are the row
        itself when no other label reads the same (``其他``, ``总计`` do)."""
        bare: dict[str, list[RowSpec]] = {}
        for row in spec.rows:
            for form in (row.label, row.short, *row.aliases):
                norm = normalize_label(form)
                stripped = _ORDINAL.sub("", norm)
                if stripped != norm and len(stripped) >= 2 and row not in bare.get(stripped, []):
                    bare.setdefault(stripped, []).append(row)
        for stripped, rows in bare.items():
            if len(rows) == 1 and stripped not in self.exact:
                self.exact[stripped] = rows[0]
            elif len(rows) == 1 and isinstance(self.exact[stripped], HeaderSpec):
                self.headers_as_rows[stripped] = rows[0]

    def is_fragment(self, norm: str) -> bool:
        """A piece of a label (``（三）不``, ``予公开``) that a converter split off, not a value."""
        return len(norm) >= 2 and has_cjk(norm) and norm in self.fragments

    def miswritten(self, norm: str, item: HeaderSpec) -> bool:
        """Whether a heading that heads no column of its own (行政复议, or 结果维持 of each group of table
        四), matched with a typo, is miswritten rather than cut or run into a neighbour by a converter
        (``果纠正``, ``结其果纠正`` from a PDF's narrow cells): as long as its label or longer, with no
        character added that another heading of the table holds."""
        label = normalize_label(item.label)
        added = set(norm) - set(label)
        return len(norm) >= len(label) and not added & self._heading_characters

    @functools.cached_property
    def _heading_characters(self) -> set[str]:
        return {char for form, item in self.forms if isinstance(item, HeaderSpec) for char in form}

    def miswritten_short_headers(self, norm: str) -> list[HeaderSpec]:
        """The one column header of three characters that ``norm`` writes with one character
        changed (``自燃人`` for 自然人). Asked only of a cell in a row of headings: anywhere else, three
        characters with one changed are as likely another word as a typo."""
        if len(norm) != 3 or not has_cjk(norm):
            return []
        found: dict[str, HeaderSpec] = {}
        for form, item in self.forms:
            if isinstance(item, HeaderSpec) and item.column and len(form) == 3 and _changed(norm, form) == 1:
                found.setdefault(item.column, item)
        return list(found.values()) if len(found) == 1 else []

    def truncated_headers(self, norm: str) -> list[HeaderSpec]:
        """Column headers that begin with ``norm`` but go on (``本年新`` for 本年新制作数量 and
        本年新公开数量), in template order."""
        if len(norm) < 2 or not has_cjk(norm):
            return []
        found: dict[str, HeaderSpec] = {}
        for form, item in self.forms:
            if isinstance(item, HeaderSpec) and item.column and form.startswith(norm) and form != norm:
                found.setdefault(item.column, item)
        return list(found.values())


def _changed(norm: str, form: str) -> int:
    """How many characters of two texts of one length differ, place by place."""
    return sum(1 for ours, theirs in zip(norm, form) if ours != theirs)


def is_ordinal(norm: str) -> bool:
    """Whether a cell holds nothing but a row's numbering (（三）, 3., 三、), normalised."""
    found = _ORDINAL.match(norm)
    return found is not None and found.end() == len(norm)


def is_value(norm: str) -> bool:
    """A cell that holds a number or stands for none ("/", "-", "无"), also a count in Chinese
    numerals or with letters OCR read for digits (O for 0, l for 1): its row is not taken for headings."""
    return norm in NOT_APPLICABLE or parse_number(norm) is not None or count_written_otherwise(norm) is not None


def is_amount(text: str) -> bool:
    """A sum of money with its unit written in the cell (``948.95万元``, ``9,489,500 元``): a cell of
    the fees row, which GK501 judges, not a label."""
    found = _AMOUNT.match(text)
    return found is not None and parse_number(found.group(1)) is not None


_COUNT_UNIT = lazy_pattern(r"\((?:单位:)?(?:件|个|项|次|宗|条|起|份|人次)\)$")
_AMOUNT = lazy_pattern(r"^\s*(\S+?)\s*(?:万元?|元)\s*$")


def _label_like(norm: str) -> bool:
    """Text that could be a label: Chinese characters, and neither a number nor a not-applicable mark."""
    return has_cjk(norm) and norm not in NOT_APPLICABLE and parse_number(norm) is None


def _holds(tokens: Sequence[Token], matches: list[Match | None], label: int, ends: set[int], width: int) -> bool:
    """Whether the cells after the label at ``label`` (up to the next label) can be a row of ``width``
    values: no more filled cells than that, and at least that many cells (blank ones included)."""
    values = []
    for index in range(label + 1, len(tokens)):
        if index in ends or matches[index] is not None:
            break
        values.append(tokens[index])
    return sum(1 for v in values if not v.empty) <= width <= len(values)
