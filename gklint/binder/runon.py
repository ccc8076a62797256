"""Pages a crawler flattened onto one line: part headings run into the text around them, and the
tables' cells run together (``一、本年新收政府信息公开申请数量640020470``).

The parts can still be found: a long paragraph is cut before every numbered part heading inside
it, so that the report is recognised (title, year, period, parts). Its tables cannot be read — the
numbers of adjacent cells have merged — and the binder says so once per table rather than
guessing or calling the tables missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

from gklint.binder.labels import Labels
from gklint.binder.memo import made_once
from gklint.binder.parts import Headings
from gklint.model import BindingNote, Block, Document, LogicalPlace, Paragraph, Table
from gklint.template import TableSpec, Template
from gklint.text import edit_distance, lazy_pattern, normalize_label, typo_budget

_LONG = 300  # a paragraph this long may be a whole page
_ORDINAL = r"(?:第)?[一二三四五六七八九十]{1,2}\s*(?:部分)?\s*[、.．]\s*"
_FLATTENED_LABELS = 3  # distinct row labels inside one paragraph: a table run into text
_NUMBERS_IN_A_ROW = lazy_pattern(r"(?<!\S)(?:\d+\s+){7,}\d+(?!\S)")  # eight numbers or more, spaces alone between
_WORD_GAPS = lazy_pattern(r"[\s\[\]【】]+")  # a converter's brackets mark the words it took from other lines
_FLATTENED_PIECES = 6  # distinct words of a table's headings before its numbers: the table cut into words
_MAX_ORDINALS = 500  # numbered phrases tried as misspelt headings in one paragraph (a page has dozens)


def split_run_on(document: Document, template: Template) -> Document:
    """``document`` with every long paragraph cut before the part headings standing inside it, and
    a shorter one before a part heading it ends with (a page's navigation text run onto the first
    heading's line: ``…字号：[大 中 小]一、总体情况``)."""
    blocks: list[Block] = []
    endings = _title_endings(template)
    for block in document.blocks:
        if isinstance(block, Paragraph) and len(block.text) >= _LONG:
            blocks.extend(split_at_headings(block, template))
        elif isinstance(block, Paragraph) and block.text.rstrip().endswith(endings) and not _numbered(block.text):
            blocks.extend(_heading_at_end(block, template))
        elif isinstance(block, Paragraph) and _SENTENCE_THEN_NUMERAL.search(block.text):
            blocks.extend(_headings_after_sentences(block, template))
        else:
            blocks.append(block)
    return document if len(blocks) == len(document.blocks) else replace(document, blocks=tuple(blocks))


def _numbered(text: str) -> bool:
    """Whether the paragraph starts as a part heading does (``二、…``, ``## 第三部分``): a heading itself,
    nothing before it to cut off."""
    return text.lstrip("# ")[:1] in _NUMERAL_STARTS


_NUMERAL_STARTS = frozenset("一二三四五六七八九十第")


def _title_endings(template: Template) -> tuple[str, ...]:
    """The last characters of the parts' titles: a paragraph ending otherwise ends in no heading
    (made once a template: every paragraph of every note of a sweep asks)."""
    return made_once(_ENDINGS, template, _endings_of)


def _endings_of(template: Template) -> tuple[str, ...]:
    return tuple(sorted({t[-1] for s in template.sections for t in (s.title, *s.aliases) if t}))


_ENDINGS: dict[int, tuple[Template, tuple[str, ...]]] = {}


def _heading_at_end(paragraph: Paragraph, template: Template) -> Iterator[Paragraph]:
    """The paragraph as the text before a part heading it ends with, then the heading; else whole."""
    text = paragraph.text.rstrip()
    last = next(reversed(list(_heading_pattern(template).finditer(text))), None)
    if last is None or last.start() == 0 or last.end() != len(text):
        yield paragraph
        return
    yield from piece_of(paragraph, 0, last.start())
    yield from piece_of(paragraph, last.start(), last.end())


# A sentence's end, then what may begin a part heading: a converter that joined a paragraph's last
# line with the heading under it (…提高公开质量。 六、其他需要报告的事项 本局…).
_SENTENCE_ENDS = "。；;！？!?"
_SENTENCE_THEN_NUMERAL = lazy_pattern(rf"[{_SENTENCE_ENDS}]\s*(?:第)?[一二三四五六]")


def _headings_after_sentences(paragraph: Paragraph, template: Template) -> Iterator[Paragraph]:
    """The paragraph cut before each part heading that follows a sentence's end and stands apart from
    the text after it (a space, or the paragraph's end); else whole."""
    text = paragraph.text
    cuts = [
        (found.start(), found.end())
        for found in _heading_pattern(template).finditer(text)
        if found.start() > 0
        and text[: found.start()].rstrip()[-1:] in _SENTENCE_ENDS
        and (found.end() == len(text) or text[found.end()].isspace())
    ]
    yield from _cut_at(paragraph, cuts)


def _cut_at(paragraph: Paragraph, cuts: list[tuple[int, int]]) -> Iterator[Paragraph]:
    """The paragraph as the text before the first cut, then each cut (a heading) and the text after it."""
    if not cuts:
        yield paragraph
        return
    yield from piece_of(paragraph, 0, cuts[0][0])
    for n, (start, end) in enumerate(cuts):
        yield from piece_of(paragraph, start, end)
        yield from piece_of(paragraph, end, cuts[n + 1][0] if n + 1 < len(cuts) else len(paragraph.text))


def _heading_pattern(template: Template) -> re.Pattern[str]:
    return _pattern_of(tuple(sorted({t for s in template.sections for t in (s.title, *s.aliases)})))


@lru_cache(maxsize=8)
def _pattern_of(titles: tuple[str, ...]) -> re.Pattern[str]:
    titles = tuple(sorted(titles, key=len, reverse=True))
    spelled = ["\\s*".join("[、，,]" if c in "、，," else re.escape(c) for c in t) for t in titles]
    # through the table of compiled patterns: a report of short lines asks for it too (a heading
    # ending a line of navigation), and compiling it costs a one-file run more than the rest of its text
    return lazy_pattern(f"{_ORDINAL}(?:{'|'.join(spelled)})".replace("其\\s*他", "其\\s*[他它]"))


def split_at_headings(paragraph: Paragraph, template: Template) -> Iterator[Paragraph]:
    """The paragraph as pieces: text before the first heading, then each heading and its text."""
    text = paragraph.text
    cuts = [(m.start(), m.end()) for m in _heading_pattern(template).finditer(text) if m.start() > 0]
    if cuts:
        cuts = sorted(cuts + list(_misspelt_headings(text, template, cuts)))
    yield from _cut_at(paragraph, cuts)


def _misspelt_headings(text: str, template: Template, cuts: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Headings of the parts not found so far, written with a typo (``四、政府信息公开行政法复议…``):
    a numbered phrase within the typo budget of a part's title."""
    found = {_part_of(text[start:end], template) for start, end in cuts}
    missing = [s for s in template.sections if s.number not in found]
    taken = {start for start, _ in cuts}
    for n, ordinal in enumerate(re.finditer(_ORDINAL, text)):
        if n >= _MAX_ORDINALS or not missing:
            return
        if ordinal.start() in taken:
            continue
        for spec in missing:
            end = _typo_end(text, ordinal.end(), spec.title)
            if end is not None:
                yield ordinal.start(), end
                missing.remove(spec)
                break


def _typo_end(text: str, start: int, title: str) -> int | None:
    budget = typo_budget(title)
    scored = [
        (edit_distance(normalize_label(text[start : start + length]), normalize_label(title), budget), length)
        for length in range(len(title) - budget, len(title) + budget + 1)
    ]
    distance, length = min(scored, key=lambda s: (s[0], abs(s[1] - len(title))))
    return start + length if distance <= budget else None


def _part_of(heading: str, template: Template) -> int | None:
    norm = normalize_label(heading)
    return next((s.number for s in template.sections if any(norm.endswith(f) for f in s.forms())), None)


def piece_of(paragraph: Paragraph, start: int, end: int) -> Iterator[Paragraph]:
    """The text of ``paragraph`` from ``start`` to ``end``, stripped, as a paragraph located there; none when blank."""
    raw = paragraph.text[start:end]
    body = raw.strip()
    if body:
        lead = len(raw) - len(raw.lstrip())
        yield Paragraph(body, paragraph.location.within(start + lead, len(body)))


def flattened_tables(
    document: Document, template: Template, headings: Headings, tables: Iterable[str]
) -> Iterator[BindingNote]:
    """A table of the template missing from its part, whose row labels stand run together inside
    one paragraph there (its cells cannot be told apart), or in whose place the part holds a picture."""
    bound = set(tables)
    starts = sorted(headings)
    for n, start in enumerate(starts):
        part = headings[start][0].number
        end = starts[n + 1] if n + 1 < len(starts) else len(document.blocks)
        for spec in template.tables:
            if spec.part != part or spec.key in bound:
                continue
            blocks = document.blocks[start + 1 : end]
            if any(isinstance(b, Table) for b in blocks):
                continue
            place = LogicalPlace(part=part, table=spec.key, title=spec.title)
            paragraph = next((b for b in blocks if isinstance(b, Paragraph) and _run_together(b, spec)), None)
            if paragraph is not None:
                yield BindingNote("table-flattened", paragraph.location, place, expected=spec.title)
                continue
            image = next((b for b in blocks if isinstance(b, Paragraph) and b.is_image), None)
            if image is not None:
                yield BindingNote("table-image", image.location, place, expected=spec.title)


def _run_together(paragraph: Paragraph, spec: TableSpec) -> bool:
    norm = normalize_label(paragraph.text)
    labels = Labels.of(spec)
    found = {form for form, item in labels.forms if len(form) >= 4 and form in norm}
    return len(found) >= _FLATTENED_LABELS or _headings_then_numbers(paragraph.text, labels)


def _headings_then_numbers(text: str, labels: Labels) -> bool:
    """A table whose headings a converter cut into words, written as a line of those words and then
    its numbers in a row (``行政 复议 … 维持 纠正 结果 审结 总计 … 0 0 0 1 1 2 0 0 0``): prose says
    its numbers one by one, with words and marks between them."""
    if _NUMBERS_IN_A_ROW.search(text) is None:
        return False
    words = {normalize_label(word) for word in _WORD_GAPS.split(text)}
    forms = [form for form, _ in labels.forms]
    pieces = {word for word in words if len(word) >= 2 and not word.isdigit() and any(word in f for f in forms)}
    return len(pieces) >= _FLATTENED_PIECES
