"""A table stream's walk: which cell opens which row, heads which column, is a value or is dropped.

The walk's decisions depend only on the stream's shape (each cell's normalised text, with every
plain number standing for any other, and where it stands in its row), never on the numbers
themselves: a row label is found by its text, a value is a value whatever its digits. So the walk is
written down as a ``Plan`` of cell indices, kept by shape, and the next table of the same shape (the
next report of the same layout) replays it instead of walking again. A cell whose text differs in
anything but its digits makes another shape, and is walked afresh.
"""

from __future__ import annotations

import _thread
from collections import Counter, OrderedDict
from operator import itemgetter
from typing import NamedTuple

from gklint.binder.align import Entry, place_unlabelled
from gklint.binder.labels import Item, Labels, Match, Token
from gklint.binder.stream import SourceRow, is_heading_row, is_value
from gklint.template import HeaderSpec, RowSpec, TableSpec
from gklint.text import MAX_DIGITS, has_cjk, lazy_pattern, normalize_label

_PLANS = 256  # shapes kept (a sweep of one layout needs one a table; mixed layouts a few dozen)
_SEPARATOR, _NUMBER = "\x1f", "\x1e"  # between cells, and for a plain number, in a shape
# ASCII digits short enough to be a number (a longer run is invalid text, not a value)
_PLAIN_NUMBER = lazy_pattern(f"{_SEPARATOR}[0-9]{{1,{MAX_DIGITS}}}(?={_SEPARATOR})")
_NORM, _COLUMN = itemgetter(1), itemgetter(4)  # Token.norm, Token.column


class PlannedRow(NamedTuple):
    """An entry of the walk by cell index: its template row, its label cell, its value cells, and
    whether it was placed by position (an unlabelled row)."""

    row: RowSpec
    label: int
    values: tuple[int, ...]
    placed: bool


class Plan(NamedTuple):
    """The walk of one table stream as cell indices: what the binder makes its rows and notes from."""

    typos: tuple[tuple[int, Item], ...]  # labels matched with a typo, in the order met
    # column key -> its header's cell and the cell it goes on in (-1: none), first found first
    headers: tuple[tuple[str, int, int], ...]
    rows: tuple[PlannedRow, ...]
    value_column: int | None
    # per source block (a table broken by pages may lay out each page's grid its own way)
    block_value_columns: dict[int, int | None]
    loose: tuple[int, ...]  # cells after a header (table C's unlabelled data row)
    most_loose_values: int  # the most numbers any run of cells after a header held before a row label


Shape = tuple[str, tuple[int, ...], tuple[int, ...]]
_plans: OrderedDict[tuple[int, Shape], tuple[TableSpec, Plan]] = OrderedDict()  # by id, the spec held: no reuse
_keeping = _thread.allocate_lock()  # a library caller may bind in threads (one file imports no threading)


def plan_of(spec: TableSpec, rows: list[SourceRow], tokens: list[Token]) -> Plan:
    """The walk of ``rows`` (``tokens``: their cells in order) as ``spec``: replayed from a table of
    the same shape when one was walked lately, else walked now."""
    key = (id(spec), shape_of(rows, tokens))
    with _keeping:
        kept = _plans.get(key)
        if kept is not None and kept[0] is spec:
            _plans.move_to_end(key)
            return kept[1]
    plan = _Walk(spec).plan(rows, tokens)
    with _keeping:
        _plans[key] = (spec, plan)
        if len(_plans) > _PLANS:
            _plans.popitem(last=False)
    return plan


def shape_of(rows: list[SourceRow], tokens: list[Token]) -> Shape:
    """The stream as the walk sees it: every cell's normalised text (a plain number as any other),
    its grid column, and how many cells each row holds. Normalised texts hold no whitespace, so the
    separator and the number's mark are no cell's text."""
    texts = _SEPARATOR + _SEPARATOR.join(map(_NORM, tokens)) + _SEPARATOR
    return _PLAIN_NUMBER.sub(_SEPARATOR + _NUMBER, texts), tuple(map(_COLUMN, tokens)), tuple(map(len, rows))


class _Walk:
    """Walks one table's cell stream, opening a row at each row label; records what it decided."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.labels = Labels.of(spec)
        self.entries: list[Entry] = []
        self.loose: list[Token] = []
        self.most_loose_values = 0
        self.after_header = True
        self.headers: dict[str, tuple[Token, Token | None]] = {}  # a header's cell, and its rest
        self.typos: list[tuple[Token, Item]] = []
        self.rows: list[SourceRow] = []
        self.number = 0  # of the source row being walked

    def plan(self, rows: list[SourceRow], tokens: list[Token]) -> Plan:
        self.walk(rows, tokens)
        opened = [(e.row, e) for e in place_unlabelled(self.entries, self.spec.rows) if e.row is not None]
        index = {id(token): n for n, token in enumerate(tokens)}
        entries = [(row, e.label, e.values) for row, e in opened]
        return Plan(
            typos=tuple((index[id(token)], item) for token, item in self.typos),
            headers=tuple(
                (column, index[id(token)], -1 if rest is None else index[id(rest)])
                for column, (token, rest) in self.headers.items()
            ),
            rows=tuple(
                PlannedRow(row, index[id(e.label)], tuple(index[id(v)] for v in e.values), e.placed)
                for row, e in opened
            ),
            value_column=value_column(entries),
            block_value_columns=_block_value_columns(entries),
            loose=tuple(index[id(token)] for token in self.loose),
            most_loose_values=max(self.most_loose_values, _values_in(self.loose)),
        )

    def walk(self, rows: list[SourceRow], tokens: list[Token]) -> None:
        labels = self.labels
        matches = labels.match_all(tokens)  # each cell matched once, here
        self.lost = lost = labels.lost_rows(tokens, matches)
        kept = labels.keeps_all(tokens)  # and whether each, if no label, is a value
        index = 0  # of the stream's cell, over all rows
        self.rows = rows
        for number, row in enumerate(rows):
            self.number = number  # for a heading that goes on in the next row (``_goes_on``)
            if is_heading_row(row, labels):
                self._headings(row, matches[index : index + len(row)])
                index += len(row)
                continue
            if self._unlabelled(row) or self._foreign(row, matches[index : index + len(row)]):
                index += len(row)
                continue
            if self._row_number_first(row, matches[index : index + len(row)]):
                index += 1
                row = row[1:]  # its running number (a 序号 column) is no value of the row before
            for token in row:
                match = matches[index]
                if match is None and token is row[0] and len(row) > 1 and self._ends_open_label(token):
                    index += 1  # （一）予以公 / | 开 | 971 | …: the label's tail, no value
                    continue
                renamed = self._renamed_open_row(token, len(row)) if match is None and token is row[0] else None
                if renamed is not None:
                    self.typos.append((token, renamed))  # named by a heading, then misspelt
                elif match is None and not (lost and token in lost):  # a value: _take's usual case
                    if kept[index]:
                        (self.loose if self.after_header else self.entries[-1].values).append(token)
                    elif self.after_header and len(row) == 1:  # a cell a line: a heading cut short among headings
                        self._headings(row, [None])
                else:
                    self._take(token, match, len(row) > 1)
                index += 1

    def _renamed_open_row(self, token: Token, cells: int) -> RowSpec | None:
        """The row a heading just opened, when the first cell of a source row of values is a mangled
        label of it (### （一）予以公开, then | 予以公并 | 290 | …, as OCR output gives rows)."""
        current = self._open
        if cells < 2 or current is None or current.row is None or current.values or not has_cjk(token.norm):
            return None
        return current.row if self.labels.resembles(token.norm, current.row) else None

    def _ends_open_label(self, token: Token) -> bool:
        """Whether the first cell of a row of values is the tail of the label just opened, cut short
        where a line wrapped it (（一）予以公 above the row, 开 in its first cell): the label is then
        whole, and not misspelt."""
        current = self._open
        if current is None or current.row is None or current.values or not has_cjk(token.norm):
            return False
        if self.labels.match(current.label.norm + token.norm) != (current.row, True):
            return False
        self.typos = [(typo, item) for typo, item in self.typos if typo is not current.label]
        return True

    @property
    def _open(self) -> Entry | None:
        return self.entries[-1] if self.entries and self.entries[-1].row is not None else None

    def _take(self, token: Token, match: Match | None, in_row: bool) -> None:
        """One cell of the stream (``match``: its label, if any; ``in_row``: its source row holds more
        cells): a label opens a row or heads a column; anything else is a value."""
        if self.lost and token in self.lost:
            match = (self.lost[token], False)
        if match is None:
            if self.labels.keeps(token.norm):
                (self.loose if self.after_header else self.entries[-1].values).append(token)
            return
        item, exact = match
        current = self._open
        if current is not None and not current.values and self.labels.names_row(token.norm, item, current.row):
            return  # the same row named twice (a heading, then its table's first cell, perhaps unnumbered)
        rest = self._goes_on(token, item) if isinstance(item, HeaderSpec) else None
        if not exact and rest is None and not (in_row and _cut_group_label(token, item)):
            self.typos.append((token, item))
        self.after_header = not isinstance(item, RowSpec)
        if isinstance(item, RowSpec):
            self.entries.append(Entry(item, token))
        else:
            self.most_loose_values = max(self.most_loose_values, _values_in(self.loose))
            self.loose = []
            if item.column:
                self.headers.setdefault(item.column, (token, rest))

    def _headings(self, row: SourceRow, matches: list[Match | None]) -> None:
        """A row of column headings (``matches``: its cells' labels): record the headers, name the right
        one for a header cut short or a short one miswritten."""
        taken = {m[0].column for m in matches if m and isinstance(m[0], HeaderSpec)}
        for token, match in zip(row, matches):
            if match is None:
                near = self.labels.truncated_headers(token.norm) or self.labels.miswritten_short_headers(token.norm)
                cut = [h for h in near if h.column not in taken]
                if not cut:
                    continue
                match = (cut[0], False)
                taken.add(cut[0].column)
            item, exact = match
            if isinstance(item, HeaderSpec):  # a group's heading (行政复议, 申请人情况) heads no column of its own
                rest = self._goes_on(token, item)
                if not exact and rest is None and (item.column or self.labels.miswritten(token.norm, item)):
                    self.typos.append((token, item))
                if item.column:
                    self.headers.setdefault(item.column, (token, rest))

    def _goes_on(self, token: Token, item: HeaderSpec) -> Token | None:
        """The next row's first cell when a heading cut at its row's end goes on there, as html2text
        writes a heading cell broken by <br>s (``企业 | 科研`` / ``机构 | 社会公``, or ``本年收费金额`` /
        ``（单位：万元）``): the two pieces make the heading, which is then not misspelt."""
        row, number = self.rows[self.number], self.number + 1
        if token is not row[-1] or number >= len(self.rows) or not self.rows[number]:
            return None  # not the row's last cell, or no row after it
        following = self.rows[number][0]
        if not following.norm or self.labels.match(token.norm + following.norm) != (item, True):
            return None
        return following

    def _unlabelled(self, row: SourceRow) -> bool:
        """A source row of values alone, or after pieces of a label cut apart (``缴纳费用、``), in a
        table whose rows have begun: kept as an unlabelled entry for ``place_unlabelled``.
        Cell-per-line sources (one cell a row) never qualify."""
        if self.after_header or len(row) < 2:
            return False  # the usual answer, known before looking at the cells
        cells = list(row)
        while cells and not cells[-1].norm:
            cells.pop()
        lead = 0
        while lead < len(cells) and not cells[lead].norm:
            lead += 1  # the label's cell, left empty (a converter that lost its text)
        while lead < len(cells) and not self._is_label(cells[lead]) and self.labels.is_fragment(cells[lead].norm):
            lead += 1
        values = cells[lead:]
        if len(values) < 2 or not all(not t.norm or is_value(t.norm) for t in values):
            return False
        self.entries.append(Entry(None, cells[0], values))
        return True

    def _row_number_first(self, row: SourceRow, matches: list[Match | None]) -> bool:
        """A row that opens with its running number, then its label (1 | 一、本年新收… | 120 | …, in a
        table the agency gave a 序号 column), after the headings or a row that has all its cells."""
        first = row[0].norm if len(row) >= 3 else ""
        if not first.isdigit() or len(first) > 2:
            return False  # the usual answer: a row that opens with its label
        at = next((n for n in range(1, len(row) - 1) if row[n].norm), 0)  # past the blanks of merged cells
        second = row[at].norm if at else ""
        if not has_cjk(second) or is_value(second):
            return False
        if not (matches[at] is not None or matches[at + 1] is not None or (self.lost and row[at] in self.lost)):
            return False
        return self.after_header or self._open is None or self._open_has_all_cells()

    def _foreign(self, row: SourceRow, matches: list[Match | None]) -> bool:
        """A row of a table the agency added after a row that has all its cells (件数 | 3 | 10 | 2 |
        15 under its own caption and headings): a first cell of text that is no template row's label,
        however mangled, then values only. Its values are no cells of the row before."""
        # not after a row of blanks, perhaps a heading row over rows of another format (（六）其他处理)
        if len(row) < 3 or not self._open_has_all_cells(values_only=True):
            return False  # the usual answer: a row that has not all its cells yet
        first = row[0]
        if any(matches) or (self.lost and first in self.lost) or not has_cjk(first.norm) or is_value(first.norm):
            return False
        values = [token for token in row[1:] if token.norm]
        if len(values) < 2 or not all(is_value(token.norm) for token in values):
            return False
        return not any(self.labels.resembles(first.norm, spec) for spec in self.spec.all_rows())

    def _open_has_all_cells(self, values_only: bool = False) -> bool:
        """Whether the row open has as many cells as its width (``values_only``: none of them blank)."""
        current = self._open
        if current is None or current.row is None:
            return False
        cells = [token for token in current.values if token.norm] if values_only else current.values
        return len(cells) >= len(current.row.columns)

    def _is_label(self, token: Token) -> bool:
        return (bool(self.lost) and token in self.lost) or self.labels.match(token.norm) is not None


def is_number(token: Token) -> bool:
    """Whether a cell is a number (not a mark such as - or /, which header cells may hold)."""
    return token.norm[:1].isdigit() and is_value(token.norm)


def _values_in(tokens: list[Token]) -> int:
    """How many of the cells are numbers; none when they count 1, 2, 3… (a row that numbers the
    columns: 栏次 | 1 | 2 | 3)."""
    numbers = [token.norm for token in tokens if is_number(token)]
    return 0 if numbers == [str(n) for n in range(1, len(numbers) + 1)] else len(numbers)


def _cut_group_label(token: Token, item: Item) -> bool:
    """A group label's beginning beside a row in text laid out by position (``（三）不予公``, its
    ``开`` lines below): a piece of the label, not a misspelling of it."""
    if not token.sparse or not isinstance(item, HeaderSpec) or item.column:
        return False
    return any(normalize_label(form).startswith(token.norm) for form in (item.label, *item.aliases))


def _block_value_columns(rows: list[tuple[RowSpec, Token, list[Token]]]) -> dict[int, int | None]:
    """``value_column`` of the rows of each source block, where the rows span several."""
    by_block: dict[int, list[tuple[RowSpec, Token, list[Token]]]] = {}
    for entry in rows:
        by_block.setdefault(entry[1].row[0], []).append(entry)
    return {block: value_column(entries) for block, entries in by_block.items()} if len(by_block) > 1 else {}


def value_column(rows: list[tuple[RowSpec, Token, list[Token]]]) -> int | None:
    """The grid column where a table's values start, learned from the rows that leave no doubt.

    In grid layouts (tab rows, pipes, HTML) every data row's values stand in the same columns,
    however many columns its label spans. Rows whose surplus is exactly their empty edges, or that
    have no surplus at all, show where that is; the most common answer wins.
    """
    starts: Counter[int] = Counter()
    for row, label, following in rows:
        values = [v for v in following if v.row == label.row]  # the next row's covered cells may follow
        if not values:
            continue
        surplus = len(values) - len(row.columns)
        if surplus == 0:  # the usual row: its first value stands in the value column
            starts[values[0].column] += 1
        elif surplus > 0:
            lead = next((i for i, v in enumerate(values) if v.norm), len(values))
            trail = next((i for i, v in enumerate(reversed(values)) if v.norm), len(values))
            if lead + trail == surplus and lead < len(values):
                starts[values[lead].column] += 1
    if not starts:
        return None
    return min(starts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
