"""The binder: map a ``Document`` onto a template and produce a ``Report``.

Robust to layout, strict about meaning. Tables are read as a stream of cells in reading order;
each template row is found by its *label* (normalised, with small typos tolerated and noted), and
its values are the cells that follow, up to the next label, trimmed to the count the template
row must hold. Blank cells the source shows stay blank; cells it lacks are marked missing; every
deviation becomes a ``BindingNote`` for rules to report. Nothing here knows a rule code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from gklint.model import (
    NOWHERE,
    BindingNote,
    BoundRow,
    BoundTable,
    Cell,
    CellStatus,
    Document,
    Location,
    LogicalPlace,
    Paragraph,
    Report,
    Section,
    StatedPeriod,
    Table,
    TextCell,
)
from gklint.relations import Balance
from gklint.template import HeaderSpec, RelationSpec, RowSpec, SectionSpec, TableSpec, Template
from gklint.text import (
    NOT_APPLICABLE,
    chinese_numeral,
    edit_distance,
    fold,
    has_cjk,
    normalize_label,
    parse_number,
    typo_budget,
)


def bind(document: Document, templates: Sequence[Template]) -> Report:
    """Bind ``document`` to the template it matches best."""
    if not templates:
        raise ValueError("no report template is installed")
    template = _choose_template(document, templates)
    headings = _find_headings(document, template)
    sections = _sections(document, headings)
    first_heading = min(headings, default=len(document.blocks))
    title, title_location, agency, title_year = _find_title(document, first_heading)
    period = _find_period(document)
    tables, notes = _bind_tables(document, template, headings)
    heading_notes = [note for _, (_, note) in sorted(headings.items()) if note is not None]
    notes.extend(_missing(template, sections, tables, notes))
    year = title_year or (period.end[0] if period else None) or (period.start[0] if period else None)
    return Report(
        document=document,
        template=template.name,
        template_last_year=template.last_year,
        title=title,
        title_location=title_location,
        agency=agency,
        year=year,
        period=period,
        sections=sections,
        tables=tables,
        notes=tuple(heading_notes + notes),
        balances=_balances(template, tables),
    )


def _choose_template(document: Document, templates: Sequence[Template]) -> Template:
    """The template whose table labels the document's cells hit most (first one on a tie)."""
    if len(templates) == 1:
        return templates[0]
    cells = {normalize_label(c.text) for t in document.tables for row in t.rows for c in row}

    def score(template: Template) -> int:
        return sum(len(cells & set(_Labels.of(spec).exact)) for spec in template.tables)

    return max(templates, key=lambda t: (score(t), t.first_year))  # a tie goes to the newer format


# --------------------------------------------------------------------------- parts

_ORDINAL = re.compile(r"^#*(?:第)?([一二三四五六七八九十]{1,2})(部分|[、.,:])?")
_HEADING_TAIL = "。.:;,"


def _match_section(text: str, template: Template) -> tuple[SectionSpec, bool] | None:
    """(section, exact) when ``text`` is a part heading such as ``四、政府信息公开行政复议…``.

    The heading may run into its text (``六、其他需要报告的事项。本年度…``); typos are tolerated only
    in a line that is nothing but a numbered heading.
    """
    norm = normalize_label(text).replace("《", "").replace("》", "")
    found = _ORDINAL.match(norm)
    if not found or chinese_numeral(found.group(1)) is None:
        return None
    rest = norm[found.end() :]
    for spec in template.sections:
        for form in spec.forms():
            if rest == form or (rest.startswith(form) and rest[len(form)] in _HEADING_TAIL):
                return spec, True
    rest = rest.rstrip(_HEADING_TAIL)
    if not found.group(2) or len(rest) > 40:
        return None
    best: tuple[int, SectionSpec] | None = None
    for spec in template.sections:
        for form in spec.forms():
            distance = edit_distance(rest, form, limit=typo_budget(form))
            if distance <= typo_budget(form) and (best is None or distance < best[0]):
                best = (distance, spec)
    return (best[1], False) if best else None


def _find_headings(document: Document, template: Template) -> dict[int, tuple[SectionSpec, BindingNote | None]]:
    """Block index -> the part heading standing there (the first heading of each part wins)."""
    found: dict[int, tuple[SectionSpec, BindingNote | None]] = {}
    seen: set[int] = set()
    for index, block in enumerate(document.blocks):
        if not isinstance(block, Paragraph):
            continue
        match = _match_section(block.text, template)
        if match is None or match[0].number in seen:
            continue
        spec, exact = match
        seen.add(spec.number)
        note = None
        if not exact:
            note = BindingNote(
                "label-mismatch",
                block.location,
                LogicalPlace(part=spec.number),
                found=block.text.strip(),
                expected=spec.title,
            )
        found[index] = (spec, note)
    return found


def _sections(document: Document, headings: dict[int, tuple[SectionSpec, BindingNote | None]]) -> dict[int, Section]:
    sections: dict[int, Section] = {}
    starts = sorted(headings)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(document.blocks)
        heading = document.blocks[start]
        assert isinstance(heading, Paragraph)
        spec = headings[start][0]
        body = tuple(b for b in document.blocks[start + 1 : end] if isinstance(b, Paragraph) and b.text.strip())
        sections[spec.number] = Section(spec.number, heading.text.strip(), heading.location, body)
    return dict(sorted(sections.items()))


# --------------------------------------------------------------------------- title and period

_YEAR = r"(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}"
_TITLE_WORDS = re.compile(r"(?:政府)?(?:信息公开|政务公开)")
_TITLE_END = re.compile(r"(?:年度报告|年报|报告)(?:\((?:全文|正文)\))?$")
_YEAR_IN_TITLE = re.compile(rf"({_YEAR})年度?")
_AGENCY_NOISE = re.compile(r"^(?:关于)|(?:关于|的)$")


def _title_parts(norm: str) -> tuple[str, int] | None:
    """(agency, year) of a title such as 某局2023年政府信息公开工作年度报告, or None.

    Also 2023年某局政府信息公开…, 某局政府信息公开工作2023年度报告, 某市人民政府关于2023年度…的年度报告,
    and a title in 《》 or ending in （全文）.
    """
    norm = norm.replace("《", "").replace("》", "").strip('"')
    words, year = _TITLE_WORDS.search(norm), _YEAR_IN_TITLE.search(norm)
    if words is None or year is None or not _TITLE_END.search(norm):
        return None
    if year.start() < words.start():
        agency = norm[: year.start()] or norm[year.end() : words.start()]
    else:
        agency = norm[: words.start()]
    agency = _AGENCY_NOISE.sub("", _AGENCY_NOISE.sub("", agency.strip(" ：:，,")))
    value = _year_value(year.group(1))
    return (agency, value) if value else None


def _year_value(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_numeral(text)


def _find_title(document: Document, first_heading: int) -> tuple[str | None, Location, str | None, int | None]:
    """(title, location, agency, year) from the paragraphs before the first part heading.

    A marked heading wins; otherwise the last title-like line, since portal pages put links to
    other years' reports above the report itself.
    """
    previous = ""
    found: list[tuple[bool, str, Location, str | None, int | None]] = []
    for block in document.blocks[: max(first_heading, 1)]:
        if not isinstance(block, Paragraph):
            continue
        text = re.sub(r"^#+", "", block.text).strip()
        norm = re.sub(r"\s+", "", fold(text))
        if not norm:
            continue
        parts = _title_parts(norm) if len(norm) <= 80 else None
        if parts:
            agency = parts[0] or _agency_line(previous)
            found.append((block.heading_level > 0, text, block.location, agency or None, parts[1]))
        previous = norm
    if not found:
        return None, NOWHERE, None, None
    marked = [f for f in found if f[0]]
    _, title, location, name, year = (marked or found)[-1]
    return title, location, name, year


def _agency_line(text: str) -> str:
    """A line above the title that names the agency on its own (no digits, not a sentence)."""
    if text and len(text) <= 40 and has_cjk(text) and not re.search(r"\d|[。，,]", text):
        return text
    return ""


_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# A date: year (optional), month, day (optional: "2023年1月至12月" states whole months).
_DATE = rf"(?:(?:{_YEAR})\s*(?:年|[./-])\s*)?{_NUM}\s*(?:月|[./-])\s*(?:{_NUM}\s*日?)?"
_DATE_PARTS = re.compile(
    rf"^(?:(?P<y>{_YEAR})\s*(?:年|[./-])\s*)?(?P<m>{_NUM})\s*(?:月|[./-])\s*(?:(?P<d>{_NUM})\s*日?)?$"
)
_RANGE = re.compile(rf"(?P<start>{_DATE})\s*起?\s*[,，]?\s*(?:至|到|-|~|～)\s*(?P<end>{_DATE})\s*止?")
_PERIOD_CUE = re.compile(r"统计|期限|时限|区间")


def _date_parts(text: str, end: bool) -> tuple[int | None, int, int]:
    """(year or None, month, day); a date without its day is the month's first or last day."""
    match = _DATE_PARTS.match(text.strip())
    if match is None:
        return None, 0, 0
    year = _year_value(match.group("y")) if match.group("y") else None
    month = _year_value(match.group("m")) or 0
    if match.group("d"):
        return year, month, _year_value(match.group("d")) or 0
    if not end:
        return year, month, 1
    last = 31 if month in (1, 3, 5, 7, 8, 10, 12) else 30 if month != 2 else 29 if (year or 2000) % 4 == 0 else 28
    return year, month, last


def _period_in(text: str) -> re.Match[str] | None:
    for match in _RANGE.finditer(text):
        if not _PERIOD_CUE.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        if re.search(_YEAR, match.group("start") + match.group("end")):
            return match  # a range with no year at all is not a period statement
    return None


def _find_period(document: Document) -> StatedPeriod | None:
    """The stated statistics period: a date range shortly after 统计/期限/时限.

    A statement wrapped onto the next line (text copied from PDF) is read across the break.
    """
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    for index, block in enumerate(paragraphs):
        own = fold(block.text).replace("元月", "1月")
        text = own
        if index + 1 < len(paragraphs) and not own.rstrip().endswith("。"):
            text = own + fold(paragraphs[index + 1].text).replace("元月", "1月")
        match = _period_in(text)
        if match is None or match.start() >= len(own):
            continue
        length = min(match.end(), len(own)) - match.start()
        location = block.location.within(match.start(), length)
        original = block.text[match.start() : match.start() + length] if len(own) == len(block.text) else ""
        return StatedPeriod(
            text=(original or match.group(0)).strip(),
            location=location,
            start=_date_parts(match.group("start"), end=False),
            end=_date_parts(match.group("end"), end=True),
        )
    return None


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Token:
    text: str
    norm: str
    location: Location
    row: tuple[int, int]  # (block, row) of the source table
    column: int  # grid position in its source row, merged positions counted

    @property
    def empty(self) -> bool:
        return not self.norm


_Item = RowSpec | HeaderSpec


class _Labels:
    """The labels of one template table, ready for exact, prefix and typo-tolerant lookup."""

    # Keyed by id, holding the spec itself so that the id cannot be reused while cached.
    _cache: dict[int, tuple[TableSpec, _Labels]] = {}

    def __init__(self, spec: TableSpec) -> None:
        self.exact: dict[str, _Item] = {}
        self.prefixes: list[tuple[str, _Item]] = []
        self.forms: list[tuple[str, _Item]] = []
        for row in spec.rows:
            for form in (row.label, *row.aliases):
                self.exact[normalize_label(form)] = row
                self.forms.append((normalize_label(form), row))
            if row.short:
                self.exact[normalize_label(row.short)] = row
                self.prefixes.append((normalize_label(row.short) + "(", row))
        for header in spec.headers:
            for form in (header.label, *header.aliases):
                self.exact[normalize_label(form)] = header
                if header.prefix:
                    self.prefixes.append((normalize_label(form).rstrip(")"), header))
                else:
                    self.forms.append((normalize_label(form), header))
        # Group labels glued to the row label after them ("（三）不予公开1.属于国家秘密"), as PDF text
        # and some exports give them: longest first, so "三、本年度办理结果" beats a shorter prefix.
        self.groups = sorted((f for f, item in self.forms if isinstance(item, HeaderSpec)), key=len, reverse=True)

    @classmethod
    def of(cls, spec: TableSpec) -> _Labels:
        cached = cls._cache.get(id(spec))
        if cached is None or cached[0] is not spec:
            cached = cls._cache[id(spec)] = (spec, cls(spec))
        return cached[1]

    def match(self, norm: str) -> tuple[_Item, bool] | None:
        """(item, exact) for a cell's normalised text, or None when it is not a label."""
        if not norm:
            return None
        item = self.exact.get(norm)
        if item is not None:
            return item, True
        for prefix, item in self.prefixes:
            if norm.startswith(prefix):
                return item, True
        if len(norm) < 3 or not has_cjk(norm):
            return None
        for group in self.groups:
            if norm.startswith(group) and len(norm) > len(group):
                found = self.match(norm[len(group) :])
                if found is not None and isinstance(found[0], RowSpec):
                    return found
        best: list[tuple[int, _Item]] = []
        for form, item in self.forms:
            budget = typo_budget(form)
            distance = edit_distance(norm, form, limit=budget)
            if distance <= budget:
                best.append((distance, item))
        if not best:
            return self._truncated(norm)
        best.sort(key=lambda pair: pair[0])
        if len(best) > 1 and best[0][0] == best[1][0] and best[0][1] is not best[1][1]:
            return None  # two labels equally close: do not guess
        return best[0][1], False

    def _truncated(self, norm: str) -> tuple[_Item, bool] | None:
        """A row label missing its beginning (``规范性文件`` for ``行政规范性文件``): a typo, reported."""
        if len(norm) < 4:
            return None
        rows = {id(item): item for form, item in self.forms if isinstance(item, RowSpec) and form.endswith(norm)}
        return (next(iter(rows.values())), False) if len(rows) == 1 else None


def _tokens(table: Table, block: int) -> Iterable[_Token]:
    """The table's cells in reading order; positions covered by a merged cell are not cells."""
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if not cell.merged:
                yield _Token(cell.text, normalize_label(cell.text), cell.location, (block, r), c)


def _bind_tables(
    document: Document,
    template: Template,
    headings: dict[int, tuple[SectionSpec, BindingNote | None]],
) -> tuple[dict[str, BoundTable], list[BindingNote]]:
    assigned = _assign_blocks(document, template, headings)
    tables: dict[str, BoundTable] = {}
    notes: list[BindingNote] = []
    for spec in template.tables:
        blocks = [i for i, key in assigned.items() if key == spec.key]
        if not blocks:
            continue
        tokens = [t for i in blocks for t in _tokens(document.blocks[i], i)]  # type: ignore[arg-type]
        table, table_notes = _TableBinder(spec).bind(tokens, document.blocks[blocks[0]].location)
        tables[spec.key] = table
        notes.extend(table_notes)
    notes.extend(_unbound_tables(document, template, headings, assigned, tables))
    return tables, notes


def _assign_blocks(
    document: Document,
    template: Template,
    headings: dict[int, tuple[SectionSpec, BindingNote | None]],
) -> dict[int, str]:
    """Table block index -> template table key, by which table's labels its cells hit most.

    A block with no label of its own (a table continued on the next page, table C's data row
    printed apart) continues the table before it, unless a part heading stands between them.
    """
    assigned: dict[int, str] = {}
    current: str | None = None
    labels = {spec.key: _Labels.of(spec).exact for spec in template.tables}
    for index, block in enumerate(document.blocks):
        if index in headings:
            current = None
        if not isinstance(block, Table):
            continue
        norms = [normalize_label(c.text) for row in block.rows for c in row]
        votes = {spec.key: sum(1 for n in norms if n in labels[spec.key]) for spec in template.tables}
        key, count = max(votes.items(), key=lambda kv: kv[1])
        if count >= 2:  # one matching word ("其他", "总计") is not enough to call a table B or C
            current = key
        if current is not None and any(norms):
            assigned[index] = current
    return assigned


def _unbound_tables(
    document: Document,
    template: Template,
    headings: dict[int, tuple[SectionSpec, BindingNote | None]],
    assigned: dict[int, str],
    tables: dict[str, BoundTable],
) -> Iterable[BindingNote]:
    """A table under a part whose template table matched nothing: say so, do not guess."""
    part = 0
    reported: set[int] = set()
    for index, block in enumerate(document.blocks):
        if index in headings:
            part = headings[index][0].number
        if not isinstance(block, Table) or index in assigned or part in reported:
            continue
        for spec in template.tables:
            if spec.part == part and spec.key not in tables:
                reported.add(part)
                yield BindingNote(
                    "table-unbound",
                    block.location,
                    LogicalPlace(part=part, table=spec.key, title=spec.title),
                    detail="none of its cells is a label of the table",
                )


class _TableBinder:
    """Walks one table's cell stream, opening a row at each row label."""

    def __init__(self, spec: TableSpec) -> None:
        self.spec = spec
        self.labels = _Labels.of(spec)
        self.rows: dict[str, BoundRow] = {}
        self.headers: dict[str, TextCell] = {}
        self.notes: list[BindingNote] = []

    def bind(self, tokens: list[_Token], location: Location) -> tuple[BoundTable, list[BindingNote]]:
        open_row: tuple[RowSpec, _Token] | None = None
        values: list[_Token] = []
        after_last_header: list[_Token] = []
        found: list[tuple[RowSpec, _Token, list[_Token]]] = []
        for token in tokens:
            match = self.labels.match(token.norm)
            if match is None:
                if open_row is not None:
                    values.append(token)
                else:
                    after_last_header.append(token)
                continue
            item, exact = match
            if not exact:
                self._note_typo(token, item)
            if open_row is not None:
                found.append((*open_row, values))
                open_row, values = None, []
            if isinstance(item, RowSpec):
                open_row = (item, token)
            else:
                after_last_header = []
                if item.column:
                    self.headers.setdefault(item.column, TextCell(token.text.strip(), token.location))
        if open_row is not None:
            found.append((*open_row, values))
        value_column = _value_column(found)
        for row, label, row_values in found:
            self._close(row, label, row_values, value_column)
        if self.spec.unlabeled_rows:
            self._deal_unlabeled(after_last_header, location)
        ordered = {r.key: self.rows[r.key] for r in self.spec.all_rows() if r.key in self.rows}
        table = BoundTable(self.spec.key, self.spec.part, ordered, dict(self.headers), location)
        return table, self.notes

    def _place(self, row: str, column: str | None = None) -> LogicalPlace:
        titles = [self.spec.title if not row else self.spec.row_title(row)]
        if column:
            titles.append(self.spec.column_titles.get(column, column))
        return LogicalPlace(self.spec.part, self.spec.key, row or None, column, title="·".join(titles))

    def _note_typo(self, token: _Token, item: _Item) -> None:
        row = item.key if isinstance(item, RowSpec) else None
        column = item.column if isinstance(item, HeaderSpec) and item.column else None
        self.notes.append(
            BindingNote(
                "label-mismatch",
                token.location,
                self._place(row or "", column),
                found=token.text.strip(),
                expected=item.label,
            )
        )

    def _close(self, row: RowSpec, label: _Token, values: list[_Token], value_column: int | None) -> None:
        if row.key in self.rows:
            self.notes.append(
                BindingNote("row-duplicate", label.location, self._place(row.key), found=label.text.strip())
            )
            return
        padding = None
        if value_column is not None and values and values[0].row == label.row:
            padding = sum(1 for v in values if v.row == label.row and v.column < value_column)
        cells = self._fit(row, values, label.location, padding=padding)
        self.rows[row.key] = BoundRow(row.key, label.text.strip(), cells, label.location)

    def _fit(
        self, row: RowSpec, values: list[_Token], fallback: Location, note_row: str = "", padding: int | None = None
    ) -> dict[str, Cell]:
        """Trim the cells that follow a label to the row's width; note any surplus or shortfall.

        ``padding`` is how many cells before the table's value columns this row has (the empty
        cells a label merged over columns leaves); they go first, so that a blank last value is
        not mistaken for layout.
        """
        wanted = len(row.columns)
        values = list(values)
        for _ in range(padding or 0):
            if len(values) > wanted and values[0].empty:
                values.pop(0)
        while len(values) > wanted and values[-1].empty:
            values.pop()
        while len(values) > wanted and values[0].empty:
            values.pop(0)
        where = values[0].location if values else fallback
        if len(values) != wanted:
            self.notes.append(
                BindingNote(
                    "row-shape",
                    where,
                    self._place(note_row or row.key),
                    found=" | ".join(v.text.strip() for v in values),
                    expected=str(wanted),
                    count=len(values),
                )
            )
        cells: dict[str, Cell] = {}
        for i, column in enumerate(row.columns):
            place = self._place(row.key, column)
            if i < len(values):
                cells[column] = make_cell(values[i].text, values[i].location, place)
            else:
                cells[column] = Cell("", None, CellStatus.MISSING, where, place)
        return cells

    def _deal_unlabeled(self, tokens: list[_Token], location: Location) -> None:
        wanted = sum(len(r.columns) for r in self.spec.unlabeled_rows)
        if not tokens or all(t.empty for t in tokens):
            return
        start = 0
        columns = tuple(str(i) for i in range(wanted))
        fitted = self._fit(RowSpec("", "", columns), tokens, location, note_row=self.spec.unlabeled_rows[0].key)
        cells = list(fitted.values())
        for row in self.spec.unlabeled_rows:
            chunk = cells[start : start + len(row.columns)]
            start += len(row.columns)
            bound = {
                column: replace(cell, place=self._place(row.key, column)) for column, cell in zip(row.columns, chunk)
            }
            self.rows[row.key] = BoundRow(row.key, "", bound, chunk[0].location if chunk else location)


def _value_column(rows: list[tuple[RowSpec, _Token, list[_Token]]]) -> int | None:
    """The grid column where a table's values start, learned from the rows that leave no doubt.

    In grid layouts (tab rows, pipes, HTML) every data row's values stand in the same columns,
    however many columns its label spans. Rows whose surplus is exactly their empty edges, or that
    have no surplus at all, show where that is; the most common answer wins.
    """
    starts: Counter[int] = Counter()
    for row, label, values in rows:
        same_row = [v for v in values if v.row == label.row]
        if not same_row or len(same_row) != len(values):
            continue
        surplus = len(values) - len(row.columns)
        lead = next((i for i, v in enumerate(values) if not v.empty), len(values))
        trail = next((i for i, v in enumerate(reversed(values)) if not v.empty), len(values))
        if surplus == 0 or (surplus > 0 and lead + trail == surplus and lead < len(values)):
            starts[values[lead if surplus else 0].column] += 1
    if not starts:
        return None
    return min(starts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def make_cell(raw: str, location: Location, place: LogicalPlace) -> Cell:
    """Type one cell's text: a number, blank, not applicable, or invalid."""
    raw = raw.strip().strip("\u00a0\u3000")
    folded = normalize_label(raw)
    if not folded:
        return Cell(raw, None, CellStatus.BLANK, location, place)
    if folded in NOT_APPLICABLE:
        return Cell(raw, None, CellStatus.NA, location, place)
    value = parse_number(folded)
    if value is None:
        return Cell(raw, None, CellStatus.INVALID, location, place)
    return Cell(raw, value, CellStatus.OK, location, place)


# --------------------------------------------------------------------------- completeness and relations


def _missing(
    template: Template,
    sections: dict[int, Section],
    tables: dict[str, BoundTable],
    notes: list[BindingNote],
) -> Iterable[BindingNote]:
    """Notes for parts, tables and rows of the template that the document lacks."""
    for spec in template.sections:
        if spec.number not in sections:
            place = LogicalPlace(part=spec.number, title=spec.title)
            yield BindingNote("section-missing", NOWHERE, place, expected=spec.title)
    unbound = {n.place.table for n in notes if n.kind == "table-unbound"}
    for table in template.tables:
        bound = tables.get(table.key)
        if bound is None:
            if table.key not in unbound:
                where = sections[table.part].location if table.part in sections else NOWHERE
                place = LogicalPlace(table.part, table.key, title=table.title)
                yield BindingNote("table-missing", where, place, expected=table.title)
            continue
        for row in table.all_rows():
            if row.key not in bound:
                place = LogicalPlace(table.part, table.key, row.key, title=table.row_title(row.key))
                yield BindingNote("row-missing", bound.location, place, expected=row.label or table.row_title(row.key))


def _balances(template: Template, tables: dict[str, BoundTable]) -> dict[str, tuple[Balance, ...]]:
    """Every instance of every template relation whose cells the document has."""
    found: dict[str, tuple[Balance, ...]] = {}
    for relation in template.relations:
        table = tables.get(relation.table)
        if table is not None:
            found[relation.id] = tuple(_instances(relation, table))
    return found


def _instances(relation: RelationSpec, table: BoundTable) -> Iterable[Balance]:
    if relation.axis == "row":
        for key in relation.rows or tuple(table):
            row = table.get(key)
            if row is not None and all(c in row for c in relation.left + relation.right):
                left = tuple(row[c] for c in relation.left)
                yield Balance(relation.id, "row", key, left, tuple(row[c] for c in relation.right))
        return
    if not all(r in table for r in relation.left + relation.right):
        return
    columns = relation.columns or tuple(table[relation.right[0]])
    for column in columns:
        left = tuple(table[r][column] for r in relation.left if column in table[r])
        right = tuple(table[r][column] for r in relation.right if column in table[r])
        if len(left) == len(relation.left) and len(right) == len(relation.right):
            yield Balance(relation.id, "column", column, left, right)
