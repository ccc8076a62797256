"""Which source blocks hold which template table, and the rows of cells the table binder walks.

A template table's stream is made of the source tables assigned to it and of the paragraphs
between them that are row labels on their own (a label a converter wrapped out of its table, a
heading standing for a row in OCR output). Rows of column headings are marked, so that their
words never open a row nor count as values; page footers (``— 3 —``) inside a table vanish.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from gklint.binder.added import (
    DROPPED,
    NO_COLUMNS,
    TOTAL_WORDS,
    WHOLE_TABLE,
    added_columns,
    added_total,
    another_table,
    columns_at,
    compares_years,
)
from gklint.binder.labels import Item, Labels, Token, is_ordinal, is_value
from gklint.binder.parts import Headings
from gklint.binder.textrows import (
    FOOTER,
    FOOTER_START,
    MAX_LABEL,
    SourceRow,
    is_exact_row,
    is_row_label,
    page_mark,
    paragraph_label,
    paragraph_row,
    rows_after,
)
from gklint.model import BindingNote, Document, LogicalPlace, Paragraph, Table
from gklint.template import RowSpec, TableSpec, Template
from gklint.text import normalize_label


def cell_norms(document: Document) -> dict[int, set[str]]:
    """Each table block's cell texts, normalised (block index -> the set): choosing the template and
    assigning the tables both vote with them."""
    return {
        index: {normalize_label(c.text) for row in block.rows for c in row}
        for index, block in enumerate(document.blocks)
        if isinstance(block, Table)
    }


def assign_blocks(
    document: Document, template: Template, headings: Headings, norms: dict[int, set[str]] | None = None
) -> dict[int, str]:
    """Table block index -> template table key.

    A block belongs to the table whose labels its cells hit most (two different labels at least: a
    word such as "总计" or "其他", however often, is not enough); on a tie, to the table of the part it
    stands under. A block with no label of its own (a table continued on the next page, table C's
    data row printed apart) continues the table before it, unless a part heading stands between
    them or its own words say it is another table (see ``gklint.binder.added``); right under a part
    heading, a block of numbers is that part's table if it has none yet.
    """
    assigned: dict[int, str] = {}
    current: str | None = None
    part = 0
    labels = {spec.key: Labels.of(spec).exact for spec in template.tables}
    norms = cell_norms(document) if norms is None else norms
    compared = -1  # the width of a comparison just met: its rows on the next page are no national table's
    for index, block in enumerate(document.blocks):
        if index in headings:
            current, part, compared = None, headings[index][0].number, -1
        if not isinstance(block, Table):
            continue
        texts = norms[index]
        votes = {spec.key: len(texts & labels[spec.key].keys()) for spec in template.tables}
        own = next((spec.key for spec in template.tables if spec.part == part), None)
        key, count = max(votes.items(), key=lambda kv: (kv[1], kv[0] == own))
        width = len(block.rows[0]) if block.rows else -1
        if count < WHOLE_TABLE and (compares_years(texts) or (width == compared and current is None)):
            current, compared = None, width  # this year against last (2023年 | 2022年 | 增减): no national table
            continue
        compared = -1
        headings_only = own not in (None, key) and own not in assigned.values() and _headings_only(texts, labels[key])
        if count >= 2 and not headings_only:
            current = key
        elif current is not None and another_table(block, labels.values()):
            current = None
        elif current is None and own is not None and own not in assigned.values() and any(map(is_value, texts)):
            current = own
        if current is not None and any(texts):
            assigned[index] = current
    return assigned


def _headings_only(texts: set[str], labels: dict[str, Item]) -> bool:
    """Whether the block's words that are labels of a table are all column headings (总计, 其他: words
    every table has), none a row's label: under a part whose own table is still missing, such a
    block (table 四's headings broken by <br>s, say) is not another part's table."""
    return not any(isinstance(labels[text], RowSpec) for text in texts if text in labels)


def source_rows(document: Document, spec: TableSpec, blocks: list[int], headings: Headings) -> list[SourceRow]:
    """The rows of cells, in reading order, that the table ``spec`` is bound from."""
    labels = Labels.of(spec)
    first, last = min(blocks), max(blocks)
    start = max((h for h in headings if h < first), default=-1)
    rows: list[SourceRow] = []
    # the rows of tables that follow one another (a table broken by pages), rejoined as one: a row
    # may be cut between its label's lines at the break (四、结转下 | 2 | … / 年度继续办理)
    running: list[SourceRow] = []
    added = NO_COLUMNS  # added columns (备注, 小计) as counted from the right: the values' side
    index = start + 1
    while index <= last:
        block = document.blocks[index]
        if index in blocks and isinstance(block, Table):
            # the next page's rows, without the headings that showed the columns, keep them
            added = added_columns(block) or added
            running.extend(_table_rows(block, index, labels, columns_at(block, added)))
        elif isinstance(block, Paragraph) and not page_mark(block.text):  # a page's mark: the table goes on
            rows.extend(_labels_rejoined(running, labels))
            running, added = [], NO_COLUMNS  # what follows text is another table, not this one's next page
            whole = paragraph_row(block, index, labels)
            label, used = paragraph_label(document, index, labels) if whole is None else (None, 1)
            if whole is not None:
                rows.append(whole)
            elif label is not None:
                if block.text.rstrip().endswith(("|", "｜")):
                    running = [[label]]  # a row's first cell on a line of its own (规章 |): its numbers may follow
                else:
                    rows.append([label])
                index += used - 1
        index += 1
    rows.extend(_labels_rejoined(running, labels))
    return rows + rows_after(document, last, headings, labels)


def _table_rows(table: Table, block: int, labels: Labels, dropped: frozenset[int]) -> Iterator[SourceRow]:
    sparse, new = table.sparse, tuple.__new__  # a Token made straight from its fields: no __new__ frame per cell
    starts, footer = FOOTER_START, FOOTER.match  # is_footer, inlined
    for r, cells in enumerate(table.rows):
        row = (block, r)
        if dropped:
            cells = tuple(cell if c not in dropped else DROPPED for c, cell in enumerate(cells))
        tokens = [
            new(Token, (cell.text, norm, cell, row, c, sparse))
            for c, cell in enumerate(cells)
            if not cell.merged and not ((norm := normalize_label(cell.text))[:1] in starts and footer(norm))
        ]
        if tokens and not ((tokens[0].norm in TOTAL_WORDS or not tokens[0].norm) and added_total(tokens, labels)):
            if any("\n" in token.text for token in tokens):  # lines in a cell: a wrapped label, or rows stacked
                yield from _unstacked(tokens, labels)
            else:
                yield tokens


def _line_of(token: Token, lines: list[str] | None, n: int, row: tuple[int, int]) -> Token:
    """Line ``n`` of a cell stacked over several rows, in the row ``row`` (a blank cell as it is)."""
    if lines is None:
        return token._replace(row=row)
    return token._replace(text=lines[n], norm=normalize_label(lines[n]), row=row)


def _unstacked(tokens: SourceRow, labels: Labels) -> list[SourceRow]:
    """The rows a converter stacked into one (``5.属于三类内部事务信息<br>6.属于四类过程性信息``
    over ``0<br>0`` in every cell) apart again, one a line: where every written cell has as many
    lines, the lines of one cell are each a label of this table's rows and every other line is a
    value. Any other row as it is (a label wrapped over two lines, a heading broken by <br>)."""
    lines = [token.text.strip().split("\n") if token.norm else None for token in tokens]
    counts = {len(parts) for parts in lines if parts is not None}
    if len(counts) != 1 or (stacked := counts.pop()) < 2:
        return [tokens]
    labelled = 0
    for parts in lines:
        norms = [normalize_label(part) for part in parts] if parts is not None else ()
        if norms and all(is_row_label(norm, labels) for norm in norms):
            labelled += 1
        elif not all(is_value(norm) for norm in norms):
            return [tokens]
    if labelled != 1:
        return [tokens]
    block, row = tokens[0].row
    rows: list[SourceRow] = []
    for n in range(stacked):
        at = (block, row) if n == 0 else (block, -(row * 64 + n))  # a row of its own for each: ids unused elsewhere
        rows.append([_line_of(token, parts, n, at) for token, parts in zip(tokens, lines)])
    return rows


def _labels_rejoined(rows: list[SourceRow], labels: Labels) -> list[SourceRow]:
    """The rows with each row of the report that a converter or a copy spread over two rows of the
    table made one again (see ``_rejoined``)."""
    if len(rows) < 2:
        return rows
    shapes = [_shape(row) for row in rows]
    out: list[SourceRow] = []
    n = 0
    while n < len(rows):
        joined = _rejoined(rows[n], rows[n + 1], shapes[n], shapes[n + 1], labels) if n + 1 < len(rows) else None
        if joined is not None:
            out.append(_tails_joined_above(joined, rows[n + 1][0].row, out, labels))
            n += 2
        elif (spread := _pieces_rejoined(rows, shapes, n, labels)) is not None:
            out.append(spread[0])
            n = spread[1]
        else:
            out.append(rows[n])
            n += 1
    return out


def _tails_joined_above(
    joined: SourceRow, second: tuple[int, int], above: list[SourceRow], labels: Labels
) -> SourceRow:
    """A rejoined row without the tails of labels cut by a page break that its second row carried
    (三、本年度办理结 on a row above, 果 in its column here): each joins the nearest piece above it
    in its column when together, and not apart, they are a label of the template as written."""
    kept = []
    for token in joined:
        if token.row != second or not token.norm or is_value(token.norm) or not _joined_above(token, above, labels):
            kept.append(token)
    return kept


def _joined_above(token: Token, rows: list[SourceRow], labels: Labels) -> bool:
    """Whether ``token`` is the tail of the nearest label piece above it in its column, joined to it now."""
    for row in reversed(rows):
        at = next((k for k, t in enumerate(row) if t.column == token.column and t.norm), None)
        if at is None:
            continue
        piece = row[at]
        norm = piece.norm + token.norm
        if norm not in labels.exact or piece.norm in labels.exact or labels.match(token.norm) is not None:
            return False
        row[at] = piece._replace(text=piece.text.strip() + token.text.strip(), norm=norm)
        return True
    return False


def _pieces_rejoined(
    rows: list[SourceRow], shapes: list[RowShape], n: int, labels: Labels
) -> tuple[SourceRow, int] | None:
    """Row ``n`` with the rest of its label, which a converter wrapped onto the rows under it, a piece
    alone on each (``2.其他 | 0 | 5 …`` / ``法律行`` / ``政法规`` / ``禁止公`` / ``开``), and where the next
    row begins; None unless the pieces together name a template row and the first piece alone names
    none (``2.其他`` is at most a misspelt ``3.其他``)."""
    head = shapes[n][0]
    if not head:
        return None
    piece = rows[n][head[-1]]
    alone = labels.match(piece.norm)
    if alone is not None and alone[1]:
        return None
    text, found = piece.text.strip(), None
    for k in range(n + 1, len(rows)):
        tail, filled, valued = shapes[k]
        if valued or filled != 1 or len(tail) != 1 or rows[k][tail[0]].column != piece.column:
            break
        text += rows[k][tail[0]].text.strip()
        norm = normalize_label(text)
        if len(norm) > MAX_LABEL:
            break
        if is_exact_row(norm, labels):  # a template label as it is written
            found = (k, text, norm)
    if found is None:
        return None
    k, text, norm = found
    first = rows[n]
    return [*first[: head[-1]], piece._replace(text=text, norm=norm), *first[head[-1] + 1 :]], k + 1


# A row's label pieces (where they stand), its count of filled cells, and whether it holds a value.
RowShape = tuple[list[int], int, bool]


def _shape(row: SourceRow) -> RowShape:
    """What ``_rejoined`` asks of a row, read once: the cells that are label pieces, the filled
    cells, and whether any cell holds a value."""
    pieces, filled, valued = [], 0, False
    for n, token in enumerate(row):
        if token.norm:
            filled += 1
            if is_value(token.norm):
                valued = True
            else:
                pieces.append(n)
    return pieces, filled, valued


def _rejoined(
    first: SourceRow, second: SourceRow, shape: RowShape, next_shape: RowShape, labels: Labels
) -> SourceRow | None:
    """The two rows as one when they are one row of the report: a row label alone on its line and
    its numbers on the line under it, or a label wrapped over both (``一、本年新收政府信息`` /
    ``公开申请数量 | 20 | 3 …``, or the numbers on the first row and the label's rest on the next).
    None when they are two rows."""
    (head, filled, valued), (tail, next_filled, next_valued) = shape, next_shape
    if not head or (valued and next_valued):
        return None  # nothing to continue, or two rows of numbers
    if not tail:
        return [*first, *second] if next_filled and _label_alone(first, head, filled, labels) else None
    # a group label a converter repeated on the second row (三、本年度办理结果 | 予以公开) is no rest
    repeated = {n for n in tail if n < len(first) and first[n].norm == second[n].norm}
    rest = [n for n in tail if n not in repeated]
    if not rest:
        return None
    valued_row = second if next_valued else first if valued else None
    tried = rest[0]
    if len(rest) > 1:  # the piece in the label's own column first: a group label cut beside it goes on too
        column = first[head[-1]].column
        tried = next((n for n in rest if second[n].column == column), rest[0])
    joined = _wrapped_label(first, second, head[-1], tried, labels, valued_row, repeated)
    if joined is None and tried != rest[0]:
        joined = _wrapped_label(first, second, head[-1], rest[0], labels, valued_row, repeated)
    return joined


def _wrapped_label(
    first: SourceRow,
    second: SourceRow,
    at: int,
    rest_at: int,
    labels: Labels,
    valued: SourceRow | None,
    repeated: set[int],
) -> SourceRow | None:
    """``first`` and ``second`` as one row when the label piece ``first[at]`` goes on in
    ``second[rest_at]`` (``valued`` is the one of them that holds values, if either does), and the
    two pieces name a template row together, neither of them another label alone."""
    piece, rest = first[at], second[rest_at]
    if len(piece.norm) + len(rest.norm) > MAX_LABEL or (valued is first and is_ordinal(rest.norm)):
        return None  # too long for a label; or a row's numbering alone after its values opens the next row
    norm = normalize_label(piece.text + rest.text)
    whole = labels.match(norm)
    if whole is None or not whole[1] or not isinstance(whole[0], RowSpec):
        return None
    alone, rest_alone = labels.match(piece.norm), labels.match(rest.norm)
    # either piece is a label of its own; but a bare marker's rest (（一） / 予以公开) names its own row,
    # and a column's heading word after a numbering alone or before values (3. / 其他 | 0 | 6) is none
    rest_own = rest_alone is not None and (rest_alone[0] is not whole[0] or (rest_alone[1] and alone is not None))
    if rest_own and rest_alone is not None and not isinstance(rest_alone[0], RowSpec):
        rest_own = valued is not second and not is_ordinal(piece.norm)
    if rest_own or (alone is not None and alone[0] is not whole[0]):
        return None
    label = piece._replace(text=piece.text.strip() + rest.text.strip(), norm=norm)
    # the rest's row: its values, or (the values above) nothing but the label's rest; a copy of the
    # rest in the next cell is the label's cell spanning two columns, repeated by a converter
    after = [
        t
        for n, t in enumerate(second)
        if n != rest_at and n not in repeated and (t.norm or valued is not first) and t.norm != rest.norm
    ]
    return [*first[:at], label, *first[at + 1 :], *after]


def _label_alone(row: SourceRow, labels_at: list[int], filled: int, labels: Labels) -> bool:
    """Whether the row holds one cell, a row label, and nothing else (``filled`` cells in all)."""
    return len(labels_at) == 1 and filled == 1 and is_row_label(row[labels_at[0]].norm, labels)


def is_heading_row(row: SourceRow, labels: Labels) -> bool:
    """A row of column headings: two cells or more, none a number, neither the first nor the last a
    row label (a group label, then a row label and blank cells, is a row left blank).

    OCR output heads every little table with generic names (类别, 数据1 … 总计); converters repeat
    header rows on every page. Their words are headers, never rows or values.
    """
    filled = [t for t in row if t.norm]  # not t.empty: a property read per cell costs a call
    if len(filled) < 2:
        return False
    for token in filled:  # a loop, not any() over a generator: it runs for every row
        if is_value(token.norm):
            return False
    return not (is_row_label(filled[0].norm, labels) or is_row_label(filled[-1].norm, labels))


def unbound_tables(
    document: Document,
    template: Template,
    headings: Headings,
    assigned: dict[int, str],
    bound: Iterable[str],
) -> Iterator[BindingNote]:
    """A table under a part whose template table matched nothing: say so, do not guess."""
    part = 0
    reported: set[int] = set()
    have = set(bound)
    for index, block in enumerate(document.blocks):
        if index in headings:
            part = headings[index][0].number
        if not isinstance(block, Table) or index in assigned or part in reported:
            continue
        for spec in template.tables:
            if spec.part == part and spec.key not in have:
                reported.add(part)
                yield BindingNote(
                    "table-unbound",
                    block.location,
                    LogicalPlace(part=part, table=spec.key, title=spec.title),
                    detail="none of its cells is a label of the table",
                )
