"""The statistics period as the report states it (统计期限自…至…), or the cut-off date it states instead."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from gklint.binder.textrows import is_footer
from gklint.binder.title import YEAR, year_value
from gklint.model import (
    Document,
    Paragraph,
    StatedPeriod,
)
from gklint.sequences import ItemSequence
from gklint.text import (
    fold,
    lazy_pattern,
    normalize_label,
    strip_pinyin_mapped,
)

_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# 2023年1月1日零时起至2023年12月31日24时止, …00:00至…24:00 (or 23:59:59)
_HOUR = r"(?:\s*(?:(?:零|0|24|二十四)\s*(?:时|点)|(?:00?|24|23)\s*[:：]\s*(?:00|59)(?:\s*[:：]\s*(?:00|59))?))?"
# A date: year (optional), month, day (optional: "2023年1月至12月" states whole months).
_DATE = rf"(?:(?:{YEAR})\s*(?:年|[./-])\s*)?{_NUM}\s*(?:月|[./-])\s*(?:{_NUM}\s*[日号]?)?{_HOUR}"
_DATE_PARTS = lazy_pattern(
    rf"^(?:(?P<y>{YEAR})\s*(?:年|[./-])\s*)?(?P<m>{_NUM})\s*(?:月|[./-])\s*(?:(?P<d>{_NUM})\s*[日号]?)?{_HOUR}$"
)
# What joins the two dates: 至, 到, 截至 (自…起，截至…止), a dash or tilde, single or doubled (——).
_JOINER = r"(?:截至|截止(?:到|至)?|至|到|-{1,2}|—{1,2}|~{1,2}|～{1,2})"
# The end may be the year's end (至2022年底) or a date of "the same year" (至当年12月31日).
# 至今 (up to the writing) is an end too, with no date: GK303 reports such a span.
_RANGE = lazy_pattern(
    rf"(?P<start>{_DATE})\s*(?:起|开始|始)?\s*[,，]?\s*{_JOINER}\s*(?:(?:当|同|本)年度?)?\s*"
    rf"(?P<end>{_DATE}|(?:(?:{YEAR})\s*)?年\s*底|今|现在)\s*止?"
)
# Whole months of one year: 统计期限为2022年1-12月 (a range of months, not of dates).
_MONTHS = lazy_pattern(rf"(?P<y>{YEAR})\s*年\s*(?P<m1>{_NUM})\s*(?:-|~|～|至|到)\s*(?P<m2>{_NUM})\s*月")
_RANGE_MARKS = "至到止-—~～"  # one of them joins the two dates of every _RANGE
_YEAR = lazy_pattern(YEAR)
# Words that announce the period. Not 期间 or 周期 alone (宣传周期间（5月15日至21日）), nor 据统计 or
# 经统计 (据统计，2023年1月至11月… dates a count in the narrative), nor 时段 or 区间 alone (检查时段为
# 2023年9月1日至9月30日). 数据起止时间, 数据时间范围, 数据的时间段: the data's time, however named.
_PERIOD_CUE = lazy_pattern(
    r"数据统计|(?<![据经])统计|期限|时限|所列数据|报告期|数据[^，。；]{0,3}(?:起止|时间|时段|区间)"
)
_CUE_REACH = 30  # characters before a range in which its cue must stand
_FAR_REACH = 60  # or the period named as such, a clause further back
_NAMED_PERIOD = lazy_pattern(r"统计(?:期限|时限|区间|时段)")
_CUE_AFTER = lazy_pattern(r"\s*止?\s*[为是]\s*(?:本报告)?(?:中)?(?:所列)?(?:数据)?的?(?:统计)?(?:期限|时限|区间|时段)")
# 统计期限为2023年度: a whole calendar year named instead of a range.
_WHOLE_YEAR = lazy_pattern(
    rf"(?:(?:统计|数据)(?:期限|时限|期间|区间|时间段?|时段|周期|范围|年度)|报告期)\s*[为是]?\s*[:：]?\s*"
    rf"(?P<y>{YEAR})\s*年度?(?![\d\s〇零一二三四五六七八九十]*[./月-])"
)
# A cut-off date instead of a range: 数据核定时间点为2022年12月31日, 统计截止时间为…, 数据统计截至…; not
# 据统计，截至… nor 截止到2021年12月 dating a count in the narrative.
_CUTOFF = lazy_pattern(
    rf"(?<!据)(?:统计|数据)[^。;；,，]{{0,12}}?(?:截止|截至|核定)[^。;；,，\d]{{0,8}}?"
    rf"(?P<date>(?:{YEAR})\s*(?:年|[./-])\s*{_NUM}\s*(?:月|[./-])\s*(?:{_NUM}\s*[日号]?|底))"
    # 截至2023年12月31日，本报告所列数据统计完毕: the date first, the data's words after it
    rf"|(?:截止|截至)\s*(?P<before>(?:{YEAR})\s*(?:年|[./-])\s*{_NUM}\s*(?:月|[./-])\s*(?:{_NUM}\s*[日号]?|底))"
    r"\s*[,，]?\s*(?:本报告)?(?:中)?所列(?:的)?数据(?:的)?统计"
)
# A cut-off date is a statement of the opening (preamble), not of the narrative further down.
OPENING_CHARS = 2000


DateParts = tuple[int | None, int, int]  # (year or None, month, day)
_YEAR_ONLY = lazy_pattern(rf"^({YEAR})\s*年$")


def _last_day(year: int | None, month: int) -> int:
    if month == 2:
        return 29 if (year or 2000) % 4 == 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _date_parts(text: str, end: bool) -> DateParts:
    """(year or None, month, day); a date without its day is the month's first or last day."""
    text = text.strip()
    if text.endswith("底"):  # 2022年12月底
        text, end = text[:-1].strip(), True
        if text == "年":
            return None, 12, 31  # 至年底: the end of the start's year
    match = _DATE_PARTS.match(text)
    if match is None:
        whole = _YEAR_ONLY.match(text) if end else None  # 2022年底: the year's last day
        return (year_value(whole.group(1)), 12, 31) if whole else (None, 0, 0)
    year = year_value(match.group("y")) if match.group("y") else None
    month = year_value(match.group("m")) or 0
    if match.group("d"):
        return year, month, year_value(match.group("d")) or 0
    return year, month, _last_day(year, month) if end else 1


def _range_in(text: str, first: int, opening: bool = True) -> re.Match[str] | None:
    """The first range from offset ``first`` of ``text`` with a period cue shortly before it; past
    the ``opening``, one named as the statistics period (检查时段为9月1日至9月30日 is no period)."""
    if not _PERIOD_CUE.search(text) or not any(mark in text for mark in _RANGE_MARKS):
        return None  # no cue, or nothing to join two dates: no range to look for (the pattern is slow)
    for match in _RANGE.finditer(text, first):
        before = text[max(0, match.start() - _FAR_REACH) : match.start()]
        if not (
            (opening and _PERIOD_CUE.search(before[-_CUE_REACH:]))
            or _NAMED_PERIOD.search(before)  # 统计期限，按照《条例》和上级有关要求，自…
            or _CUE_AFTER.match(text, match.end())  # …至2023年12月31日为本报告所列数据的统计期限
        ):
            continue
        if _YEAR.search(match.group("start") + match.group("end")):
            return match  # a range with no year at all is not a period statement
    return None


class _Line:
    """A paragraph's text as matched (folded, pinyin dropped), with the way back to its columns."""

    def __init__(self, block: Paragraph) -> None:
        self.block = block
        folded = fold(block.text).replace("元月", "1月")
        self.text, self._offsets = strip_pinyin_mapped(folded)
        self._aligned = len(folded) == len(block.text)  # NFKC kept every column

    def statement(self, start: int, end: int, start_date: DateParts, end_date: DateParts) -> StatedPeriod:
        """The period stated by ``self.text[start:end]``, located in the source."""
        end = min(end, len(self.text))
        first = self._offsets[start]
        last = self._offsets[end - 1] + 1 if end > start else first
        original = self.block.text[first:last] if self._aligned else ""
        return StatedPeriod(
            text=(original or self.text[start:end]).strip(),
            location=self.block.location.within(first, last - first),
            start=start_date,
            end=end_date,
        )


class _Lines(ItemSequence[_Line]):
    """A document's non-blank paragraphs as ``_Line``s, each made when first read: the period stands
    in the opening, and most paragraphs after it are never looked at."""

    def __init__(self, document: Document) -> None:
        blocks = [p for p in document.paragraphs if p.text.strip()]
        title = normalize_label(blocks[0].text) if blocks else ""
        # a period statement runs on over a page's edge (text from a PDF): its number, a running head
        self._blocks = [p for n, p in enumerate(blocks) if not (n and _page_edge(p.text, title))]
        self._made: dict[int, _Line] = {}

    def __len__(self) -> int:
        return len(self._blocks)

    def item(self, index: int) -> _Line:
        line = self._made.get(index)
        if line is None:
            line = self._made[index] = _Line(self._blocks[index])
        return line

    def __iter__(self) -> Iterator[_Line]:
        return (self[i] for i in range(len(self)))


def _page_edge(text: str, title: str) -> bool:
    """What a PDF's page puts at its edge: its number (1, — 1 —, 第1页共6页), or the title repeated
    as a running head."""
    if len(text) > _EDGE_LENGTH:
        return False
    norm = normalize_label(text)
    return norm.isdigit() or is_footer(norm) or norm == title


_EDGE_LENGTH = 80


def _lines(document: Document) -> Sequence[_Line]:
    return _Lines(document)


def _ranges(lines: Sequence[_Line]) -> Iterator[tuple[int, StatedPeriod]]:
    """Date ranges after a period cue; a statement wrapped over lines (text copied from PDF) is read
    across the breaks: the cue may end the line before, the range run on into the next."""
    read = 0  # characters of the lines before: the opening's are read with any period cue
    for index, line in enumerate(lines):
        before = lines[index - 1].text[-_CUE_REACH:] if index and not lines[index - 1].text.endswith("。") else ""
        text = before + line.text
        if index + 1 < len(lines) and not text.rstrip().endswith("。"):
            text += lines[index + 1].text
        match = _range_in(text, len(before), opening=read < OPENING_CHARS)
        read += len(line.text)
        if match is None or match.start() >= len(before) + len(line.text):
            continue
        start = _date_parts(match.group("start"), end=False)
        end = _date_parts(match.group("end"), end=True)
        yield index, line.statement(match.start() - len(before), match.end() - len(before), start, end)


def _month_ranges(lines: Sequence[_Line], limit: int | None = None) -> Iterator[StatedPeriod]:
    """Whole months of one year after a period cue (统计期限为2022年1-12月)."""
    for line, length in _opening(lines, limit):
        for match in _MONTHS.finditer(line.text[:length]):
            if _PERIOD_CUE.search(line.text[max(0, match.start() - _CUE_REACH) : match.start()]):
                year = year_value(match.group("y"))
                first, last = year_value(match.group("m1")) or 0, year_value(match.group("m2")) or 0
                yield line.statement(match.start(), match.end(), (year, first, 1), (year, last, _last_day(year, last)))
                break


def _opening(lines: Sequence[_Line], limit: int | None = None) -> Iterator[tuple[_Line, int]]:
    """The lines of the opening (up to line ``limit``), each with how much of it belongs to the opening."""
    budget = OPENING_CHARS
    for index, line in enumerate(lines):
        if budget <= 0 or (limit is not None and index > limit):
            return
        yield line, min(len(line.text), budget)
        budget -= len(line.text)


def _whole_years(lines: Sequence[_Line], limit: int | None = None) -> Iterator[StatedPeriod]:
    for line, length in _opening(lines, limit):
        match = _WHOLE_YEAR.search(line.text[:length])
        if match:
            year = year_value(match.group("y"))
            yield line.statement(match.start(), match.end(), (year, 1, 1), (year, 12, 31))


def _cutoffs(lines: Sequence[_Line], limit: int | None = None) -> Iterator[StatedPeriod]:
    for line, length in _opening(lines, limit):
        match = _CUTOFF.search(line.text[:length])
        if match:
            date = _date_parts(match.group("date") or match.group("before"), end=True)
            yield line.statement(match.start(), match.end(), date, date)


def find_period(document: Document) -> StatedPeriod | None:
    """The stated statistics period, the first of these in the text: a date range shortly after
    统计/期限/时限; whole months (统计期限为2023年1-12月) or a whole year (统计期限为2023年度) named
    in the opening; a cut-off date in the opening (数据统计截至2023年12月31日), which is returned as
    a period that starts and ends on that date."""
    lines = _lines(document)
    first_range = next(_ranges(lines), None)
    # the first statement in the text: a period stated in the opening, not a range further down; the
    # opening's other forms are looked for no further than the range's line
    limit = first_range[0] if first_range else None
    stated = [found for finder in _OPENING_FINDERS if (found := next(finder(lines, limit), None)) is not None]
    if first_range is not None:
        stated.append(first_range[1])
    return min(stated, key=lambda period: period.location.sort_key(), default=None)


_OPENING_FINDERS = (_month_ranges, _whole_years, _cutoffs)
