"""The statistics period (P1): stated, the report's own year, 1 January to 31 December, real dates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from gklint.plugin import (
    Finding,
    Fix,
    LogicalPlace,
    Paragraph,
    Parameter,
    Report,
    Rule,
    RuleContext,
    Severity,
    StatedPeriod,
    agency_level,
    fold,
    hookimpl,
    lazy_pattern,
    signed_line,
)

PREAMBLE = LogicalPlace(part=0, title="报告说明（统计期限）")
TITLE = LogicalPlace(part=0, title="标题")
FIRST_FORMAT_YEAR = 2019  # the revised 条例 and the national formats apply from the 2019 reports


_CUTOFF_WORDS = lazy_pattern(r"截止|截至|核定")
SIGNATURE = LogicalPlace(part=6, title="落款")


def _years(period: StatedPeriod) -> tuple[int | None, int | None]:
    start = period.start[0] if period.start[0] is not None else period.end[0]  # "2023年度，即1月1日至2023年…"
    end = period.end[0] if period.end[0] is not None else start  # "2023年1月1日至12月31日"
    return start, end


def _valid(parts: tuple[int | None, int, int]) -> bool:
    year, month, day = parts
    if (month, day) == (0, 0):
        return True  # no date at all (至今): GK303 reports the span, there is no date to be wrong
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 2月29日 with no year stays valid
    except ValueError:
        return False
    return True


class MissingPeriod(Rule):
    code = "GK301"
    name = "missing-period"
    severity = Severity.WARNING
    summary = ("没有写明统计期限", "no statistics period is stated")
    explanation = (
        "报告开头应说明所列数据的统计期限，例如“本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止”。"
        "只写了数据截止日期（“数据统计截至2023年12月31日”）也算写了期限，由 GK303 报告。"
        "2018 年度及以前的报告早于全国统一格式，不检查。"
    )
    bad_example = "本报告由总体情况……等六部分组成。"
    good_example = "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
    messages = {"missing": ("报告没有写明数据的统计期限", "the report does not state the statistics period")}

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        if report.period is None and not (report.year is not None and report.year < FIRST_FORMAT_YEAR):
            yield ctx.finding("missing", place=PREAMBLE)


class PeriodYear(Rule):
    code = "GK302"
    name = "period-year"
    severity = Severity.ERROR
    summary = ("统计期限不是报告所属年度", "the stated period is not the report's year")
    explanation = (
        "统计期限的年份必须与标题中的报告年度一致：2023 年度报告统计 2023 年 1 月 1 日至 12 月 31 日的数据。"
        "标题误写成发布的年份时（统计期限为上一年，报告又在标题所写的年份发布或落款），报告年度以统计期限为准，"
        "本规则指出标题的年份有误。"
    )
    bad_example = "2023年政府信息公开工作年度报告 … 统计期限自2022年1月1日起至2022年12月31日止"
    good_example = "2023年政府信息公开工作年度报告 … 统计期限自2023年1月1日起至2023年12月31日止"
    messages = {
        "year": (
            "统计期限「{period}」的年份为 {actual}，与报告年度 {expected} 年不符",
            "the statistics period {period!r} is in {actual}, not in the report year {expected}",
        ),
        "title-year": (
            "标题中的年度 {actual} 年不是报告年度：统计期限为 {expected} 年，报告也在 {actual} 年发布或落款，"
            "应为「{expected}年…年度报告」",
            "the title's year {actual} is not the report year: the period is {expected} and the report was "
            "published or signed in {actual}; it should read {expected}",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        period, year = report.period, report.year
        if period is None or year is None:
            return
        if report.title_year is not None and report.title_year != year:  # the title names its publication year
            yield ctx.finding(
                "title-year",
                location=report.title_location,
                place=TITLE,
                expected=year,
                actual=report.title_year,
            )
            return
        wrong = sorted({y for y in _years(period) if y is not None and y != year})
        if wrong:
            yield ctx.finding(
                "year",
                location=period.location,
                place=PREAMBLE,
                period=period.text,
                expected=year,
                actual="、".join(map(str, wrong)),
                fix=_year_fix(report, year, wrong, ctx),
            )


def _year_fix(report: Report, year: int, wrong: list[int], ctx: RuleContext) -> Fix | None:
    """The period rewritten in the report's year, when that year is beyond doubt: the title states
    it, and the tables were bound to a format not retired before that year (a 2023 title over the
    2019 format's tables leaves the year in doubt). The years must be written in digits."""
    period = report.period
    title = fold(report.title or "")
    in_force = report.template_last_year is None or year <= report.template_last_year
    if period is None or len(wrong) != 1 or str(year) not in title or not report.tables or not in_force:
        return None
    stale = re.compile(rf"(?<!\d){wrong[0]}(?!\d)")
    if not stale.search(period.text):
        return None
    return ctx.replacement(period.text, stale.sub(str(year), period.text), period.location)


class PeriodSpan(Rule):
    code = "GK303"
    name = "period-span"
    severity = Severity.ERROR
    summary = ("统计期限不是1月1日至12月31日", "the period is not 1 January to 31 December")
    explanation = (
        "年度报告统计一个完整的公历年度：起于1月1日，止于同年12月31日。"
        "只写数据截止日期（“数据核定时间点为2023年12月31日”“截至2023年12月31日，本报告所列数据统计完毕”）不说明起点，"
        "写“至今”没有写明止日，也报告。1月1日至12月的某个不存在的日期（12月32日）只由 GK304 报告。"
    )
    bad_example = "统计期限自2023年1月1日起至2023年11月30日止"
    good_example = "统计期限自2023年1月1日起至2023年12月31日止"
    messages = {
        "span": (
            "统计期限「{period}」不是同一年的1月1日至12月31日",
            "the statistics period {period!r} is not 1 January to 31 December of one year",
        ),
        "cutoff": (
            "「{period}」只写了数据截止日期，没有写明统计期限是同一年的1月1日至12月31日",
            "{period!r} states only a cut-off date, not the period 1 January to 31 December of one year",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        period = report.period
        if period is None:
            return
        start_year, end_year = _years(period)
        months = period.start[1] == 1 and period.end[1] == 12 and start_year == end_year
        if months and not (_valid(period.start) and _valid(period.end)):
            return  # January to December with a day that does not exist (12月32日): GK304's one mistake
        whole_year = period.start[1:] == (1, 1) and period.end[1:] == (12, 31) and start_year == end_year
        if not whole_year:
            message = "cutoff" if _CUTOFF_WORDS.search(fold(period.text)) else "span"
            yield ctx.finding(message, location=period.location, place=PREAMBLE, period=period.text)


class InvalidDate(Rule):
    code = "GK304"
    name = "invalid-date"
    severity = Severity.ERROR
    summary = ("日期不存在（如2月30日）", "a date that does not exist")
    explanation = "统计期限中的日期和报告末尾的落款日期必须真实存在。"
    bad_example = "统计期限自2023年1月1日起至2023年2月30日止"
    good_example = "统计期限自2023年1月1日起至2023年12月31日止"
    messages = {
        "date": (
            "统计期限「{period}」中的日期不存在",
            "the statistics period {period!r} has a date that does not exist",
        ),
        "signed": (
            "落款日期「{signed}」不存在",
            "the report is dated {signed!r}, a date that does not exist",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        period = report.period
        if period is not None and not (_valid(period.start) and _valid(period.end)):
            yield ctx.finding("date", location=period.location, place=PREAMBLE, period=period.text)
        signed = signed_line(report.sections)
        if signed is not None and not _valid(signed[1]):
            yield ctx.finding("signed", location=signed[2].location, place=SIGNATURE, signed=signed[0])


class LatePublication(Rule):
    code = "GK305"
    name = "late-publication"
    severity = Severity.WARNING
    summary = ("发布日期晚于规定期限", "the publication date is after the deadline for the agency's level")
    explanation = (
        "条例第四十九条：政府部门应于每年1月31日前、各级人民政府应于每年3月31日前公布本机关上一年度的年度报告。"
        "机关层级取自标题中的机关名称：以地名（某市、某区、某县、新区、开发区、实验区）、某某人民政府或某某区管委会"
        "为名，或说明“汇总…各单位”编制的，是人民政府的报告；局、委、办、中心等是政府部门；乡镇、街道的期限由地方规定，"
        "不检查；名称看不出层级时也不检查。2018 年度及以前的报告按原条例第三十一条，各级行政机关均为3月31日。"
        "发布日期取自网页的发布时间元数据、文首的“发布时间：”一行，或命令行 --published YYYY-MM-DD；"
        "不知道发布日期而报告末尾的落款日期已晚于期限时，也报告（落款之后才能公布）；两者都不知道时不检查。"
    )
    bad_example = "某市某局2023年度报告，发布于2024年3月5日"
    good_example = "某市某局2023年度报告，发布于2024年1月20日"
    parameters = {
        "published": Parameter(
            "", "发布日期（YYYY-MM-DD），覆盖文档中的元数据", "publication date, overrides metadata", kind="date"
        ),
        "level": Parameter(
            "auto",
            "机关层级：auto、department（部门）、government（人民政府）或 township（乡镇街道，期限由地方规定，不检查）",
            "agency level: auto, department, government or township (locally set deadline: not checked)",
            choices=("auto", "department", "government", "township"),
        ),
        "department_deadline": Parameter(
            "01-31", "部门的公布期限（次年月-日）", "deadline of departments (MM-DD)", kind="month-day"
        ),
        "government_deadline": Parameter(
            "03-31", "人民政府的公布期限（次年月-日）", "deadline of governments (MM-DD)", kind="month-day"
        ),
        "legacy_deadline": Parameter(
            "03-31",
            "2018 年度及以前报告的公布期限（原条例第三十一条，各级行政机关）",
            "deadline of the reports of 2018 and earlier, for every agency (MM-DD)",
            kind="month-day",
        ),
    }
    messages = {
        "late": (
            "报告发布于 {actual}，晚于{level}的公布期限 {expected}",
            "published on {actual}, after the deadline {expected} for a {level_en}",
        ),
        "signed-late": (
            "报告落款日期为 {actual}，已晚于{level}的公布期限 {expected}，不可能按期公布",
            "the report is dated {actual}, after the deadline {expected} for a {level_en}: it cannot have "
            "been published in time",
        ),
    }
    _LEVELS = {
        "government": ("人民政府", "government", "government_deadline"),
        "department": ("政府部门", "department", "department_deadline"),
        "legacy": ("行政机关", "government agency", "legacy_deadline"),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        option = str(ctx.option("published") or "")
        published = _date(option) if option else report.document.published
        signed = None if published is not None else _signed_on(report)
        if (published is None and signed is None) or report.year is None:
            return
        level = ctx.option("level")
        if report.year < FIRST_FORMAT_YEAR:
            level = "legacy"  # the 2008 条例 gave every agency until 31 March
        elif level == "auto":
            level = agency_level(report)
        if level not in self._LEVELS:
            return  # a township (条例第四十九条 leaves it to local rules; see province plugins), or unknown
        name, name_en, option = self._LEVELS[level]
        month, day = map(int, str(ctx.option(option)).split("-"))
        deadline = date(report.year + 1, month, day)
        if published is None and signed is not None and signed[0] > deadline:
            # no publication date known, but the report is dated after the deadline
            yield ctx.finding(
                "signed-late",
                location=signed[1].location,
                place=SIGNATURE,
                expected=deadline.isoformat(),
                actual=signed[0].isoformat(),
                level=name,
                level_en=name_en,
            )
        if published is not None and published > deadline:
            yield ctx.finding(
                "late",
                location=report.title_location,
                place=PREAMBLE,
                expected=deadline.isoformat(),
                actual=published.isoformat(),
                level=name,
                level_en=name_en,
            )


def _signed_on(report: Report) -> tuple[date, Paragraph] | None:
    signed = signed_line(report.sections)
    if signed is None or not _valid(signed[1]):
        return None
    year, month, day = signed[1]
    return date(year, month, day), signed[2]


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [MissingPeriod, PeriodYear, PeriodSpan, InvalidDate, LatePublication]
