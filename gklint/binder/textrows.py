"""A table's rows written as text: a row label in a paragraph of its own (a label a converter wrapped
out of its table, a heading standing for a row in OCR output), or a whole row, label and values, in
a paragraph under the table (the row a page break pushed out of it)."""

from __future__ import annotations

from gklint.binder.labels import Labels, Token, is_value
from gklint.binder.parts import Headings
from gklint.model import Document, Paragraph
from gklint.template import RowSpec
from gklint.text import lazy_pattern, normalize_label

SourceRow = list[Token]
MAX_LABEL = 80  # the longest label, with room for spaces and a typo
FOOTER = lazy_pattern(r"^(?:[-—–‒―－]+\d{1,3}[-—–‒―－]+|第\d{1,3}页(?:共\d{1,3}页)?)$")
FOOTER_START = frozenset("-—–‒―－第")  # every cell is asked; few could be a footer at all


def is_footer(norm: str) -> bool:
    return norm[:1] in FOOTER_START and bool(FOOTER.match(norm))


def rows_after(document: Document, last: int, headings: Headings, labels: Labels) -> list[SourceRow]:
    """The table's last rows that a converter moved out of it, as text under it (the row a page break
    pushed onto the next page: ``四、结转下年度继续办理 3 0 0 2 3 0 8``, or its label and its values in
    paragraphs of their own), up to the next table or part."""
    found: list[SourceRow] = []
    for index in range(last + 1, min(last + 1 + _ROWS_AFTER, len(document.blocks))):
        block = document.blocks[index]
        if index in headings or not isinstance(block, Paragraph):
            break
        if page_mark(block.text):
            continue
        row = paragraph_row(block, index, labels) or _label_row(block, index, labels)
        if row is not None:
            found.append(row)
        elif found and (more := _values_of(block, index, len(found[-1]))):
            found[-1].extend(more)  # the row's values run on in the next paragraph
        else:
            break
    return [row for row in found if len(row) > 1]  # a label with no values after it is no row moved out


def _label_row(block: Paragraph, index: int, labels: Labels) -> SourceRow | None:
    """A paragraph that is a row's label exactly and nothing else: its values may follow."""
    norm = normalize_label(block.text)
    if len(norm) <= MAX_LABEL and is_exact_row(norm, labels):
        return [Token(block.text.strip(), norm, block, (index, 0), 0)]
    return None


_ROWS_AFTER = 4  # blocks under a table that may hold its rows moved out (a page's mark among them)


def paragraph_row(block: Paragraph, index: int, labels: Labels) -> SourceRow | None:
    """A paragraph that is one of the table's rows as text: a row label exactly, then its values; the
    label may follow the table's own headings (a small table flattened onto one line: 第二十条第（八）项
    信息内容 本年收费金额（单位：万元） 行政事业性收费 633.86)."""
    words = block.text.split()
    count = 0
    while count < len(words) and is_value(normalize_label(words[-1 - count])):
        count += 1
    if not count or count == len(words):
        return None
    before = words[: len(words) - count]
    for start in range(len(before)):
        text = " ".join(before[start:])
        norm = normalize_label(text)
        if len(norm) <= MAX_LABEL and is_exact_row(norm, labels):
            if all(labels.match(normalize_label(word)) is not None for word in before[:start]):
                return [Token(text, norm, block, (index, 0), 0), *_tokens(words[len(before) :], block, index, 1)]
            return None
    return None


def _values_of(block: Paragraph, index: int, start: int) -> list[Token]:
    """A paragraph's words as cells from column ``start`` on, when every word is a value."""
    words = block.text.split()
    if not words or not all(is_value(normalize_label(word)) for word in words):
        return []
    return _tokens(words, block, index, start)


def _tokens(words: list[str], block: Paragraph, index: int, start: int) -> list[Token]:
    return [Token(word, normalize_label(word), block, (index, 0), n) for n, word in enumerate(words, start)]


# What a printer or a browser puts at a page's edge: 第3页, — 3 —, 3/5, a browser's address and page.
_PAGE_MARK = lazy_pattern(r"^(?:(?:https?|file)://\S+\s+)?\d{1,3}\s*/\s*\d{1,3}$")


def page_mark(text: str) -> bool:
    norm = normalize_label(text)
    return is_footer(norm) or (norm[-1:].isdigit() and bool(_PAGE_MARK.match(text.strip())))


def paragraph_label(document: Document, index: int, labels: Labels) -> tuple[Token | None, int]:
    """A row label standing in a paragraph, or wrapped over two (``5.属于三类内部事务信`` / ``息``):
    the token and how many paragraphs it took."""
    first = document.blocks[index]
    assert isinstance(first, Paragraph)
    if len(first.text) > MAX_LABEL:
        return None, 1
    after = document.blocks[index + 1] if index + 1 < len(document.blocks) else None
    if isinstance(after, Paragraph) and len(after.text) <= MAX_LABEL:
        joined = normalize_label(first.text + after.text)
        match = labels.match(joined) if len(joined) <= MAX_LABEL else None
        if match is not None and match[1] and isinstance(match[0], RowSpec):
            return Token(first.text.strip() + after.text.strip(), joined, first, (index, 0), 0), 2
    text = first.text.rstrip().rstrip("|｜").rstrip()  # 4.保护第三方合法权益 |: a cell on a line of its own
    norm = normalize_label(text)
    if is_row_label(norm, labels):
        return Token(text, norm, first, (index, 0), 0), 1
    return None, 1


def is_exact_row(norm: str, labels: Labels) -> bool:
    """Whether ``norm`` is a row label of the table exactly as the template writes it."""
    return isinstance(labels.exact.get(norm), RowSpec)


def is_row_label(norm: str, labels: Labels) -> bool:
    match = labels.match(norm) if len(norm) <= MAX_LABEL else None
    return match is not None and isinstance(match[0], RowSpec)
