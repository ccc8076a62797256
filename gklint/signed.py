"""The date under a report (落款), and the report's year from its title, its period and its dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from gklint.model import Paragraph, Section, StatedPeriod
from gklint.text import fold, lazy_pattern, to_int

Signed = tuple[str, tuple[int, int, int], Paragraph]  # as written, (year, month, day), its line

_NUMBER = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
# The dating line under the report: a date alone, or after the agency's name.
_SIGNED = lazy_pattern(
    rf"^(?:[^\d,.，。:：]{{2,40}}?\s+)?(?P<y>(?:19|20)\d{{2}}|二[〇零○][一二三四五六七八九〇零○]{{2}})\s*年\s*"
    rf"(?P<m>{_NUMBER})\s*月\s*(?P<d>{_NUMBER})\s*日$"
)
# The same date in digits (2024-01-20, 2024.1.20, 2024/1/20), as some templates and portals date it.
_SIGNED_IN_DIGITS = lazy_pattern(
    r"^(?:[^\d,.，。:：]{2,40}?\s+)?(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-./])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})$"
)
_SIGNATURE_LINES = 6  # the dating line is among the last lines of the report
_WORK_YEAR = lazy_pattern(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")  # 2023年, not a date's
_MIN_MENTIONS = 2


def signed_line(sections: Mapping[int, Section]) -> Signed | None:
    """The date the report is signed with: a line among the last part's last few that is a date,
    alone or after the agency."""
    section = sections.get(6)
    if section is None:
        return None
    for paragraph in list(section.paragraphs)[-_SIGNATURE_LINES:][::-1]:
        line = fold(paragraph.text).strip()
        found = _SIGNED.match(line) or _SIGNED_IN_DIGITS.match(line)
        if found:
            year, month, day = (to_int(found.group(part)) or 0 for part in ("y", "m", "d"))
            return found.group(0), (year, month, day), paragraph
    return None


def report_year(
    title_year: int | None, period: StatedPeriod | None, dated: date | None, work: int | None = None
) -> int | None:
    """The year the report is about: its title's, else its period's. A title that names the year the
    report was published in is not believed: when the period states the year before the title's and
    the report is published or signed (``dated``) in the title's year, which a report about that
    year cannot be, the report is about the period's year (GK302 then names the title) — unless §一
    tells the work of the title's year (``work``, see ``work_year``): then the report was copied
    from last year's, its period and dating line left as they were (GK302 names the period)."""
    starts, ends = (period.start[0], period.end[0]) if period else (None, None)
    stated = ends if ends is not None else starts
    if title_year is None:
        return stated
    agreed = starts is None or ends is None or starts == ends
    if agreed and stated == title_year - 1 and dated is not None and dated.year == title_year:
        return title_year if work == title_year else stated
    return title_year


def signed_date(signed: Signed | None) -> date | None:
    """The signing date as a date; None for none or one that does not exist."""
    if signed is None:
        return None
    try:
        return date(*signed[1])
    except ValueError:
        return None


def work_year(sections: Mapping[int, Section]) -> int | None:
    """The year §一 tells the work of (2023年，本机关…): the year it names most, at least twice and
    more than twice as often as any other, dates (2023年1月) left out; None when it does not say.
    A crawler that lost a report's title leaves this to tell a period of the wrong year."""
    section = sections.get(1)
    if section is None:
        return None
    counts: dict[int, int] = {}
    for found in _WORK_YEAR.finditer(fold(section.text)):
        year = int(found.group(1))
        counts[year] = counts.get(year, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < _MIN_MENTIONS or (len(ranked) > 1 and ranked[0][1] <= 2 * ranked[1][1]):
        return None
    return ranked[0][0]
