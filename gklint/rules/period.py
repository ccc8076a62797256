"""The statistics period (P1): stated, the report's own year, 1 January to 31 December, real dates."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from gklint.plugin import (
    Finding,
    LogicalPlace,
    Parameter,
    Report,
    Rule,
    RuleContext,
    Severity,
    StatedPeriod,
    fold,
    hookimpl,
)

PREAMBLE = LogicalPlace(part=0, title="报告说明（统计期限）")


def _years(period: StatedPeriod) -> tuple[int | None, int | None]:
    start = period.start[0] if period.start[0] is not None else period.end[0]  # "2023年度，即1月1日至2023年…"
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
            yield ctx.finding("missing", place=PREAMBLE)


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
            yield ctx.finding("span", location=period.location, place=PREAMBLE, period=period.text)


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
            yield ctx.finding("date", location=period.location, place=PREAMBLE, period=period.text)


# 某某乡（镇）人民政府, 某某镇, 某某街道（办事处）: two characters at least before 乡/镇, so that a
# county-level city such as 湘乡 is not taken for a township.
TOWNSHIP = re.compile(r"(?:..[乡镇](?:人民政府|政府)?|街道(?:办事处|办)?)$")


def _level(agency: str) -> str:
    """government (本级人民政府), township (乡、镇、街道: deadlines set locally) or department."""
    name = fold(agency).replace(" ", "")
    if TOWNSHIP.search(name):
        return "township"
    if name.endswith(("人民政府", "政府")) and not name.endswith(("政府办", "政府办公室")):
        return "government"
    return "department"


class LatePublication(Rule):
    code = "GK305"
    name = "late-publication"
    severity = Severity.WARNING
    summary = ("发布日期晚于规定期限", "the publication date is after the deadline for the agency's level")
    explanation = (
        "条例第四十九条：政府部门应于每年1月31日前、各级人民政府应于每年3月31日前公布本机关上一年度的年度报告。"
        "发布日期取自网页的发布时间元数据，或命令行 --published YYYY-MM-DD；不知道发布日期时不检查。"
    )
    bad_example = "某市某局2023年度报告，发布于2024年3月5日"
    good_example = "某市某局2023年度报告，发布于2024年1月20日"
    parameters = {
        "published": Parameter(
            "", "发布日期（YYYY-MM-DD），覆盖文档中的元数据", "publication date, overrides metadata"
        ),
        "level": Parameter(
            "auto",
            "机关层级：auto、department（部门）、government（人民政府）或 township（乡镇街道，期限由地方规定，不检查）",
            "agency level: auto, department, government or township (locally set deadline: not checked)",
        ),
        "department_deadline": Parameter("01-31", "部门的公布期限（次年月-日）", "deadline of departments (MM-DD)"),
        "government_deadline": Parameter("03-31", "人民政府的公布期限（次年月-日）", "deadline of governments (MM-DD)"),
    }
    messages = {
        "late": (
            "报告发布于 {actual}，晚于{level}的公布期限 {expected}",
            "published on {actual}, after the deadline {expected} for a {level_en}",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        published = _date(str(ctx.option("published") or report.document.metadata.get("published", "")))
        if published is None or report.year is None:
            return
        level = ctx.option("level")
        if level == "auto":
            level = _level(report.agency or "")
        if level == "township":
            return  # 条例第四十九条 leaves townships and sub-districts to local rules (see province plugins)
        government = level == "government"
        month, day = map(
            int, str(ctx.option("government_deadline" if government else "department_deadline")).split("-")
        )
        deadline = date(report.year + 1, month, day)
        if published > deadline:
            yield ctx.finding(
                "late",
                location=report.title_location,
                place=PREAMBLE,
                expected=deadline.isoformat(),
                actual=published.isoformat(),
                level="人民政府" if government else "政府部门",
                level_en="government" if government else "department",
            )


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [MissingPeriod, PeriodYear, PeriodSpan, InvalidDate, LatePublication]
