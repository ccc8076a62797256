"""The statistics period as the report states it (统计期限自…至…)."""

from __future__ import annotations

import re

from gklint.binder.title import YEAR, year_value
from gklint.model import (
    Document,
    StatedPeriod,
)
from gklint.text import (
    fold,
)

_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# A date: year (optional), month, day (optional: "2023年1月至12月" states whole months).
_DATE = rf"(?:(?:{YEAR})\s*(?:年|[./-])\s*)?{_NUM}\s*(?:月|[./-])\s*(?:{_NUM}\s*日?)?"
_DATE_PARTS = re.compile(
    rf"^(?:(?P<y>{YEAR})\s*(?:年|[./-])\s*)?(?P<m>{_NUM})\s*(?:月|[./-])\s*(?:(?P<d>{_NUM})\s*日?)?$"
)
_RANGE = re.compile(rf"(?P<start>{_DATE})\s*起?\s*[,，]?\s*(?:至|到|-|~|～)\s*(?P<end>{_DATE})\s*止?")
_PERIOD_CUE = re.compile(r"统计|期限|时限|区间")


def _date_parts(text: str, end: bool) -> tuple[int | None, int, int]:
    """(year or None, month, day); a date without its day is the month's first or last day."""
    match = _DATE_PARTS.match(text.strip())
    if match is None:
        return None, 0, 0
    year = year_value(match.group("y")) if match.group("y") else None
    month = year_value(match.group("m")) or 0
    if match.group("d"):
        return year, month, year_value(match.group("d")) or 0
    if not end:
        return year, month, 1
    last = 31 if month in (1, 3, 5, 7, 8, 10, 12) else 30 if month != 2 else 29 if (year or 2000) % 4 == 0 else 28
    return year, month, last


def _period_in(text: str) -> re.Match[str] | None:
    for match in _RANGE.finditer(text):
        if not _PERIOD_CUE.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        if re.search(YEAR, match.group("start") + match.group("end")):
            return match  # a range with no year at all is not a period statement
    return None


def find_period(document: Document) -> StatedPeriod | None:
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
