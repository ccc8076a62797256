"""A small table written as lines of text holding several of its rows each.

A converter that finds no table in a borderless page writes its text line by line, so one line
may hold a heading and two rows (``信息内容 本年制发件数 … 规章 0 0 0 行政规范性文件 1 3 3 第二十条第（五）项``),
or the table's headings and then its one row. Such a line is cut into one line a row, with the
words around the rows as lines of their own, and the bare-line tables (``gklint.binder.loose``)
then read them as they read a row a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from gklint.binder.labels import Labels, is_value
from gklint.binder.textrows import is_exact_row
from gklint.model import Block, Document, Paragraph
from gklint.template import RowSpec, Template
from gklint.text import lazy_pattern, normalize_label

_MAX_LINE = 400  # a longer paragraph is a page run together (``gklint.binder.digitruns``), or prose
_LABEL_WORDS = 4  # a row's label as a converter spaces it: at most this many words
_WORD = lazy_pattern(r"\S+")


def rows_apart(document: Document, templates: Sequence[Template]) -> Document:
    """``document`` with each line that holds two rows of a table or more, or headings and then a row,
    cut into a line a row."""
    labels: list[Labels] | None = None
    blocks: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Paragraph) and _may_hold_rows(block.text):
            labels = labels if labels is not None else [Labels.of(s) for t in templates for s in t.tables]
            pieces = _rows_cut(block, labels)
            if pieces:
                blocks.extend(pieces)
                continue
        blocks.append(block)
    return document if len(blocks) == len(document.blocks) else replace(document, blocks=tuple(blocks))


def _may_hold_rows(text: str) -> bool:
    """A line short enough, its words a space apart, with no sentence's end and two numbers at least:
    told without a label. Wider gaps are columns laid out by position, ``gklint.binder.layout``'s."""
    words = text.strip()
    return (
        len(text) <= _MAX_LINE
        and " " in words
        and "  " not in words
        and "。" not in text
        and sum(map(str.isdigit, text)) >= 2
    )


def _rows_cut(paragraph: Paragraph, labels: list[Labels]) -> list[Paragraph]:
    """The paragraph's pieces, a row each and the words between them, when it holds two rows or more."""
    words = [(match.start(), match.end()) for match in _WORD.finditer(paragraph.text)]
    texts = [paragraph.text[start:end] for start, end in words]
    rows: list[tuple[int, int]] = []  # (first word, word after the last value) of each row
    index = 0
    while index < len(words):
        after = _label_end(texts, index, labels)
        if after is None or after >= len(words) or not is_value(normalize_label(texts[after])):
            index += 1
            continue
        end = after
        while end < len(words) and is_value(normalize_label(texts[end])):
            end += 1
        rows.append((index, end))
        index = end
    if len(rows) < 2 and not (rows and _headed(texts, rows[0], labels)):
        return []
    cuts = sorted({0, len(words), *(n for row in rows for n in row)})
    return [_piece(paragraph, words[a][0], words[b - 1][1]) for a, b in pairwise(cuts) if a < b]


def _headed(texts: list[str], row: tuple[int, int], labels: list[Labels]) -> bool:
    """Whether a line's one row comes last, after words that are all headings of a table (信息内容
    本年收费金额（单位：万元） 行政事业性收费 524.94): the headings are a line of their own."""
    start, end = row
    heads = texts[:start]
    return end == len(texts) and bool(heads) and all(_is_heading(word, labels) for word in heads)


def _is_heading(word: str, labels: list[Labels]) -> bool:
    norm = normalize_label(word)
    return any((found := table.match(norm)) is not None and not isinstance(found[0], RowSpec) for table in labels)


def _label_end(texts: list[str], start: int, labels: list[Labels]) -> int | None:
    """The word after a row label that begins at word ``start`` (the longest one), if one does."""
    for count in range(min(_LABEL_WORDS, len(texts) - start), 0, -1):
        norm = normalize_label("".join(texts[start : start + count]))
        if any(is_exact_row(norm, table) for table in labels):
            return start + count
    return None


def _piece(paragraph: Paragraph, start: int, end: int) -> Paragraph:
    return Paragraph(paragraph.text[start:end], paragraph.location.within(start, end - start))
