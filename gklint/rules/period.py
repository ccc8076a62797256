"""The statistics period (P1): stated, the report's own year, 1 January to 31 December, real dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from gklint.plugin import Finding, LogicalPlace, Report, Rule, RuleContext, Severity, StatedPeriod, hookimpl

PREAMBLE = LogicalPlace(part=0, title="报告说明（统计期限）")


def _years(period: StatedPeriod) -> tuple[int | None, int | None]:
    start = period.start[0]
    end = period.end[0] if period.end[0] is not None else start  # "2023年1月1日至12月31日"
    return start, end


def _valid(parts: tuple[int | None, int, int]) -> bool:
    year, month, day = parts
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
    explanation = "报告开头应说明所列数据的统计期限，例如“本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止”。"
    bad_example = "本报告由总体情况……等六部分组成。"
    good_example = "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
    messages = {"missing": ("报告没有写明数据的统计期限", "the report does not state the statistics period")}

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        if report.period is None:
            yield ctx.finding(report, "missing", place=PREAMBLE)


class PeriodYear(Rule):
    code = "GK302"
    name = "period-year"
    severity = Severity.ERROR
    summary = ("统计期限不是报告所属年度", "the stated period is not the report's year")
    explanation = "统计期限的年份必须与标题中的报告年度一致：2023 年度报告统计 2023 年 1 月 1 日至 12 月 31 日的数据。"
    bad_example = "2023年政府信息公开工作年度报告 … 统计期限自2022年1月1日起至2022年12月31日止"
    good_example = "2023年政府信息公开工作年度报告 … 统计期限自2023年1月1日起至2023年12月31日止"
    messages = {
        "year": (
            "统计期限「{period}」的年份为 {actual}，与报告年度 {expected} 年不符",
            "the statistics period {period!r} is in {actual}, not in the report year {expected}",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        period, year = report.period, report.year
        if period is None or year is None:
            return
        wrong = sorted({y for y in _years(period) if y is not None and y != year})
        if wrong:
            yield ctx.finding(
                report,
                "year",
                location=period.location,
                place=PREAMBLE,
                period=period.text,
                expected=year,
                actual="、".join(map(str, wrong)),
            )


class PeriodSpan(Rule):
    code = "GK303"
    name = "period-span"
    severity = Severity.ERROR
    summary = ("统计期限不是1月1日至12月31日", "the period is not 1 January to 31 December")
    explanation = "年度报告统计一个完整的公历年度：起于1月1日，止于同年12月31日。"
    bad_example = "统计期限自2023年1月1日起至2023年11月30日止"
    good_example = "统计期限自2023年1月1日起至2023年12月31日止"
    messages = {
        "span": (
            "统计期限「{period}」不是同一年的1月1日至12月31日",
            "the statistics period {period!r} is not 1 January to 31 December of one year",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        period = report.period
        if period is None:
            return
        start_year, end_year = _years(period)
        whole_year = period.start[1:] == (1, 1) and period.end[1:] == (12, 31) and start_year == end_year
        if not whole_year:
            yield ctx.finding(report, "span", location=period.location, place=PREAMBLE, period=period.text)


class InvalidDate(Rule):
    code = "GK304"
    name = "invalid-date"
    severity = Severity.ERROR
    summary = ("日期不存在（如2月30日）", "a date that does not exist")
    explanation = "统计期限中的日期必须真实存在。"
    bad_example = "统计期限自2023年1月1日起至2023年2月30日止"
    good_example = "统计期限自2023年1月1日起至2023年12月31日止"
    messages = {
        "date": (
            "统计期限「{period}」中的日期不存在",
            "the statistics period {period!r} has a date that does not exist",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        period = report.period
        if period is not None and not (_valid(period.start) and _valid(period.end)):
            yield ctx.finding(report, "date", location=period.location, place=PREAMBLE, period=period.text)


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [MissingPeriod, PeriodYear, PeriodSpan, InvalidDate]
