"""What a file's opening says it is, and the page fields printed above it.

Archive crawlers put a header above the page (``标题: …``, ``发布时间: …``, ``发布机构: …``) and
portals a date line (``日期:2025-01-06``): the publication date found there is the document's when
its reader found none. The opening also tells an annual report from its look-alikes: the blank
national form, a 政府工作报告, a 部门决算, a 统计公报.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from itertools import islice

from gklint.binder.title import comparable, title_parts
from gklint.model import Document, Paragraph, Table
from gklint.text import fold, lazy_pattern

REPORT = "report"  # 政府信息公开 and 年度报告 in the opening
FORM = "form"  # the blank national form: （行政机关名称）XX年…, …年度报告格式
LOOK_ALIKE = "look-alike"  # titled as another kind of document
UNKNOWN = "unknown"

_OPENING_LINES = 12
_FIELD_LINES = 30  # a page's fields may stand under its menus and breadcrumb, a dozen lines or more
_HEAD = 300  # of a long line, only its head belongs to the opening
_FIELD_LINE = 80  # a page's fields stand on a short line of their own (date, source, views…)
_DAY = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
# Where a page gives its publication date: a field that says so, wherever it stands on the line
# (信息来源：… 发布时间：2023-03-15; 成文日期 is the document's, not the page's); a date or time field
# opening the line; a date opening the line before the page's other fields ([ 2023-03-15 ] 来源：…).
_PUBLISHED_LABEL = r"(?:发布时间|发布日期|公开日期|公开时间|发文日期|发表时间|发表日期|发稿时间)"
_PUBLISHED_FIELD = lazy_pattern(rf"{_PUBLISHED_LABEL}\s*[:：]?\s*{_DAY}")
# The label alone, its date on the next line (发布日期： / 2024-03-15) or in the next cell.
_LABEL_ALONE = lazy_pattern(rf"{_PUBLISHED_LABEL}\s*[:：]?\s*$")
# a date or time field opening the line, or after the page's source or author (来源：… 时间：2024-02-05)
_DATE_FIELD = lazy_pattern(rf"^(?:(?:信息)?(?:来源|作者)\s*[:：].{{0,40}}?\s)?(?:日期|时间)\s*[:：]\s*{_DAY}")
_DATED_FIELDS = lazy_pattern(
    rf"^[\[【(（]?\s*{_DAY}\s*日?\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*[\]】)）]?\s*(?:来源|作者|浏览|点击|字号)"
)
_REPORT_WORDS = lazy_pattern(r"(?:信息公开|政务公开).{0,30}?(?:年度报告|年报)")
_YEAR_BEFORE = lazy_pattern(r"(?:\d{4}|[〇零一二三四五六七八九]{4})年度?(?:政府|政务)?(?:信息公开|政务公开)")
_FORM_TITLE = lazy_pattern(r"行政机关名称|报告格式$|(?:XX|X{3,4}|××|xx|某某)年")
TITLE_FORMS = ("报", "報", "\U0002f857", "算")  # every character that folds to 报 or 算
_LOOK_ALIKE_TITLE = lazy_pattern(r"(?:政府工作报告|决算|预算|统计公报)(?:报告|公开|说明)?(?:\(.{0,12}\))?$")


def _opening(document: Document) -> list[Paragraph]:
    return list(islice((p for p in document.paragraphs if p.text.strip()), _OPENING_LINES))


def _published_field(document: Document) -> date | None:
    """The date of a ``发布时间: 2022-02-08 16:34`` field near the top of the page: on a line of its
    own, in a row of the page's table of fields (索引号 | … | 发布日期 | 2024-03-15), or under its
    label. A field named as the publication date is looked for further down than an unnamed one
    (日期：…, 时间：…), and is taken before it: a page's header may show today's date. Of either
    kind, one under the report's title is taken before one above it (a list of related pages,
    each with its date); an unnamed one is never taken from the report's text (时间：…，地点：…)."""
    lines = list(islice(_field_lines(document), _NAMED_FIELD_LINES))
    title = next((n for n, line in enumerate(lines) if _reads_as_report(comparable(line[:_HEAD]))), -1)
    body = next((n for n, line in enumerate(lines) if _FIRST_PART.match(fold(line.strip()))), len(lines))
    named: list[tuple[int, date]] = []
    unnamed: list[tuple[int, date]] = []
    for n, line in enumerate(lines):
        text = fold(line.strip())
        if _LABEL_ALONE.search(text) and n + 1 < len(lines):
            text = f"{text} {fold(lines[n + 1].strip())}"
        match = _PUBLISHED_FIELD.search(text[:_HEAD])
        found = named
        if match is None and n < min(_FIELD_LINES, body) and len(text) <= _FIELD_LINE:
            match, found = _DATE_FIELD.match(text) or _DATED_FIELDS.match(text), unnamed
        if match is not None:
            with contextlib.suppress(ValueError):
                found.append((n, date(*(int(part) for part in match.groups()))))
    for fields in (named, unnamed):
        if fields:
            return next((day for n, day in fields if n > title), fields[0][1])
    return None


_FIRST_PART = lazy_pattern(r"^[一壹]\s*[、.．]")  # 一、总体情况: the report's text begins


_NAMED_FIELD_LINES = 60  # a page's menus and breadcrumb may run to dozens of lines above its fields
_FIELD_ROWS = 4  # a table of the page's fields has a few rows


def _field_lines(document: Document) -> Iterator[str]:
    """The document's lines as the page's fields stand on them: each paragraph, and each of the
    first rows of a table (a page's fields are often a table), its cells joined."""
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                yield block.text
        elif isinstance(block, Table):
            for row in block.rows[:_FIELD_ROWS]:
                yield " ".join(cell.text.strip() for cell in row if cell.text.strip())


def with_page_metadata(document: Document) -> Document:
    """The document with the publication date of its page fields, when its reader found none
    (a date the reader or ``--published`` set stays)."""
    if document.published is not None:
        return document
    published = _published_field(document)
    return document if published is None else document.with_published(published)


def kind_of(document: Document, title: str | None = None) -> str:
    """REPORT, FORM, LOOK_ALIKE or UNKNOWN, from the first lines of the document and the title the
    binder found (which may stand below a portal's menus)."""
    lines = [comparable(p.text[:_HEAD]) for p in _opening(document)]
    short = [line for line in lines if _is_short(line)]
    if _is_blank_form(short):
        return FORM
    if any(map(_reads_as_report, lines)) or _REPORT_WORDS.search(comparable(title or "")):
        return REPORT
    if short and _LOOK_ALIKE_TITLE.search(short[0]):
        return LOOK_ALIKE
    return UNKNOWN


def _reads_as_report(line: str) -> bool:
    """A line of the opening that names the report it opens: 信息公开 … 年度报告 as a title (the
    whole line, with or without agency and year) or after a year (a title run into the text below
    it). A line that only speaks of annual reports (a README: 本仓库存放历年的政府信息公开工作年度报告，
    or a tool's name: 年度报告检查工具) names none."""
    found = _REPORT_WORDS.search(line)
    if found is None:
        return False
    return title_parts(line) is not None or _YEAR_BEFORE.search(line, 0, found.start() + 4) is not None


def may_name_another_kind(text: str) -> bool:
    """False when a document whose paragraphs' text is ``text`` cannot open with another kind's title:
    every title ``_LOOK_ALIKE_TITLE`` finds holds 报 or 算, and folding makes them of ``TITLE_FORMS``
    only (a test scans Unicode), so a text without those is answered without folding its lines."""
    return any(form in text for form in TITLE_FORMS)


def opening_names_another_kind(document: Document) -> bool:
    """``kind_of(document) == LOOK_ALIKE`` for a document none of whose text reads 信息公开 or 政务公开
    (so it can be neither a report nor the blank form), from its first short line alone."""
    lines = (comparable(p.text[:_HEAD]) for p in _opening(document))
    first = next((line for line in lines if _is_short(line)), None)
    return first is not None and _LOOK_ALIKE_TITLE.search(first) is not None


def _is_short(line: str) -> bool:
    return 0 < len(line) <= 60


def _is_blank_form(short: list[str]) -> bool:
    """A line of the opening reads like the blank national form, and none is a real report's title."""
    if not any(_FORM_TITLE.search(line) for line in short if "信息公开" in line):
        return False
    return not any(parts and parts[1] is not None for parts in map(title_parts, short))
