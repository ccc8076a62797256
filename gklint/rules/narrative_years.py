"""Which year a clause of report prose is about, for the narrative rules (imported by them only):
the years a sentence names in digits or numerals, last year in words, this year in words."""

from __future__ import annotations

from gklint.plugin import lazy_pattern

_YEAR_MENTION = lazy_pattern(r"((?:19|20)\d{2}|二[〇零○][一二三四五六七八九〇零○]{2})\s*年")
_YEAR_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
# Last year named in words (上年度收到申请5件, 去年…), but not the carry-over from it (上年结转).
LAST_YEAR = lazy_pattern(r"(?:上一?年度?|去年|前一年)(?!度?结转)")


def year_of(mention: str) -> int:
    """A year mentioned in digits or Chinese numerals (二〇二二)."""
    return int(mention.translate(_YEAR_DIGITS))


def about_another_year(clause: str, year: int | None) -> bool:
    return year is not None and any(year_of(y) not in (year, year + 1) for y in _YEAR_MENTION.findall(clause))


def years_told(sentence: str, year: int | None) -> list[tuple[int, bool]]:
    """Where each mention of a year ends in the sentence, and whether it is another than ``year`` (or
    the next): 2022年, 上年, 去年 are; 2023年, 本年, 今年 are not. Empty when no other year is named:
    the sentence's mentions are found once, not again in every clause's prefix."""
    mentions = LAST_YEAR.finditer(sentence)
    told = [(m.end(), True) for m in mentions if sentence[m.start() - 1 : m.start()] not in _AGAINST]
    if year is not None:
        told += [(m.end(), year_of(m.group(1)) not in (year, year + 1)) for m in _YEAR_MENTION.finditer(sentence)]
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
