"""What agencies add to the national tables, told apart from the tables themselves: a table of their
own after a national one (each department's counts, the channels of requests, new-media accounts),
a comparison of this year with last in the national rows' labels, a subtotal row (小计 after a group,
合计 under table 二), and columns of their own (备注 after the last, 小计 under 法人或其他组织). None of
them is a cell of the national table; ``gklint.binder.stream`` leaves them out of the rows it binds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from gklint.binder.labels import is_value
from gklint.model import Table, TextCell
from gklint.text import has_cjk, lazy_pattern, normalize_label

if TYPE_CHECKING:
    from gklint.binder.labels import Labels, Token

WHOLE_TABLE = 12  # labels enough for a national table: a comparison run into one is that table too
_YEAR_HEADING = lazy_pattern(r"^(?:19|20)\d{2}年度?$")


def compares_years(texts: set[str]) -> bool:
    """Whether a block's columns are years (2023年 | 2022年): a comparison the agency added, even
    when its rows are the national table's."""
    return sum(1 for text in texts if text[:2] in ("19", "20") and _YEAR_HEADING.match(text)) >= 2


def another_table(block: Table, labels: Iterable[Mapping[str, object]]) -> bool:
    """Whether a block of fewer than two labels names rows of its own (a department's name, a
    channel, an account beside its numbers), or a row of its own under headings of its own (申请渠道 |
    当面申请 | 信函申请 … over 申请数量 | 34 | 23 …): a table the agency added after a national one, not
    the national table continued over a page. A converter's generic column names (类别 | 数据1 …)
    are no headings of its own."""
    known = list(labels)
    own_rows: set[str] = set()
    own_headings: set[str] = set()
    for row in block.rows:
        norms = [normalize_label(cell.text) for cell in row]
        valued = any(map(is_value, norms))
        for norm in norms:
            if not has_cjk(norm) or is_value(norm) or any(_in_label(norm, k) for k in known):
                continue
            if valued:
                own_rows.add(norm)
            elif not _GENERIC_HEADING.match(norm):
                own_headings.add(norm)
    return len(own_rows) >= _OWN_WORDS or (bool(own_rows) and len(own_headings) >= _OWN_WORDS)


_GENERIC_HEADING = lazy_pattern(r"^\(?(?:数据|列|字段|栏)\d*\)?$|^\(?(?:类别|项目|数据项目|数量|内容|名称)\)?$")


def _in_label(text: str, known: Mapping[str, object]) -> bool:
    """Whether ``text`` is a label of ``known`` or a piece of one (a heading a converter broke up)."""
    return text in known or any(text in label for label in known)


_OWN_WORDS = 2  # one cell may be a national label misread (予以公并); two words of its own are another table


TOTAL_WORDS = frozenset({"小计", "合计", "总计"})


def added_total(tokens: list[Token], labels: Labels) -> bool:
    """Whether the row is a subtotal the agency added (小计 after a group of table 三's rows, 合计
    under table 二's): labelled by a word for a total that is no label of this table."""
    for token in tokens:  # nearly every row: its first word is its label, or a number
        if token.norm:
            if token.norm not in TOTAL_WORDS:
                return False
            break
    else:
        return False  # a row of empty cells (a bar-only line) is a row
    words = {token.norm for token in tokens if token.norm and not is_value(token.norm)}
    return words <= TOTAL_WORDS and not any(word in labels.exact for word in words)


_NOTES_HEADINGS = frozenset({"备注", "说明", "备注说明", "注"})
_SUBTOTAL_HEADINGS = frozenset({"小计"})  # not 合计: the national tables accept it for 总计
NO_COLUMNS: frozenset[int] = frozenset()
DROPPED = TextCell("", merged=True)  # an added column's cell: passed over as a covered cell is
_HEADING_ROWS = 4  # a table's headings stand in its first rows (table 三 has three)


def added_columns(table: Table) -> frozenset[int]:
    """The columns an agency added to a national table's own, whose cells are no values of its
    rows, counted from the right (the values' side, where a page printed with a label column more
    or fewer keeps them): remarks (备注) after the last column, the last filled cell of a row of
    headings; a subtotal (小计 under 法人或其他组织), a heading no national table has. None when the
    rows differ in length (cells dropped or run together: a column is no column there)."""
    rows = table.rows
    text = "".join([cell.text for cells in rows[:_HEADING_ROWS] for cell in cells])
    if "注" not in text and "说明" not in text and "小计" not in text:
        return NO_COLUMNS  # most tables: no heading of an added column in the rows that head them
    if not _rectangular(table):
        return NO_COLUMNS
    added: set[int] = set()
    for cells in rows:
        norms = [normalize_label(cell.text) for cell in cells]
        if any(map(is_value, norms)):
            continue
        added.update(c for c, norm in enumerate(norms) if c and norm in _SUBTOTAL_HEADINGS)
        last = next((c for c in range(len(norms) - 1, 0, -1) if norms[c]), 0)
        if last and norms[last] in _NOTES_HEADINGS:
            added.add(last)
    width = len(rows[0])
    return frozenset(width - 1 - c for c in added) if added else NO_COLUMNS


def columns_at(table: Table, from_right: frozenset[int]) -> frozenset[int]:
    """The columns of ``table`` that stand ``from_right`` of its last (``added_columns`` of this
    table, or of the page before whose headings showed them); none in a table whose rows differ in
    length."""
    if not from_right or not _rectangular(table):
        return NO_COLUMNS
    width = len(table.rows[0])
    return frozenset(width - 1 - k for k in from_right if width - 1 - k > 0)


def _rectangular(table: Table) -> bool:
    rows = table.rows
    return not table.sparse and bool(rows) and len({len(cells) for cells in rows}) == 1
