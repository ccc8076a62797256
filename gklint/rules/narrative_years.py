"""Which year a clause of report prose is about, for the narrative rules (imported by them only):
the years a sentence names in digits or numerals, last year in words, this year in words."""

from __future__ import annotations

import re

from gklint.plugin import lazy_pattern

# A year, and the month after it: the next year is where counts are carried (结转至2025年), but a
# month of it (2025年1月至今) is another time than the report's.
_YEAR_MENTION = lazy_pattern(
    r"((?:19|20)\d{2}|二[〇零○][一二三四五六七八九〇零○]{2})\s*年(\s*(?:[01]?\d|[一二三四五六七八九十]{1,2})\s*月)?"
)
_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
# Last year named in words (上年度收到申请5件, 去年…), but not the carry-over from it (上年结转).
LAST_YEAR = lazy_pattern(r"(?:上一?年度?|去年|前一年)(?!度?结转)")


def year_of(mention: str) -> int:
    """A year mentioned in digits or Chinese numerals (二〇二二)."""
    return int(mention.translate(_YEAR_DIGITS))


def about_another_year(clause: str, year: int | None) -> bool:
    return year is not None and any(_another(mention, year) for mention in _YEAR_MENTION.finditer(clause))


def _another(mention: re.Match[str], year: int) -> bool:
    told = year_of(mention.group(1))
    return told != year and (told != year + 1 or mention.group(2) is not None)


def years_told(sentence: str, year: int | None) -> list[tuple[int, bool]]:
    """Where each mention of a year ends in the sentence, and whether it is another than ``year`` (or
    the next): 2022年, 上年, 去年 are; 2023年, 本年, 今年 are not. Empty when no other year is named:
    the sentence's mentions are found once, not again in every clause's prefix."""
    mentions = LAST_YEAR.finditer(sentence)
    told = [(m.end(), True) for m in mentions if sentence[m.start() - 1 : m.start()] not in _AGAINST]
    if year is not None:
        told += [(m.end(), _another(m, year)) for m in _YEAR_MENTION.finditer(sentence)]
    if not any(other for _, other in told):
        return []
    told += [(m.end(), False) for m in _THIS_YEAR.finditer(sentence)]
    return sorted(told)


_THIS_YEAR = lazy_pattern(r"本年|今年")
# 较上年减少5件, 比上年, 与上年相比: last year as what this year's figure is set against, not what the
# clauses after it are about
_AGAINST = ("较", "比", "与")


def another_year(told: list[tuple[int, bool]], end: int) -> bool:
    """Whether the last year the sentence names before ``end`` is another year (see ``years_told``)."""
    last = False
    for at, other in told:
        if at > end:
            break
        last = other
    return last
