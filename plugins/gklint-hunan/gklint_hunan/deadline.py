"""HN002: a township's or sub-district's report is published by the locally set deadline."""

from __future__ import annotations

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
    lazy_pattern,
    level_by_name,
)

PUBLICATION = LogicalPlace(part=0, title="报告标题（发布日期）")
_MONTH_DAY = lazy_pattern(r"^(\d{1,2})-(\d{1,2})$")


def is_township(agency: str) -> bool:
    """True for a 乡、镇人民政府 or a 街道办事处, whose deadline 条例第四十九条 leaves to local rules
    (a county-level city such as 湘乡市 is none: gklint's ``level_by_name`` tells them apart)."""
    return level_by_name(agency) == "township"


def deadline_of(report_year: int, month_day: str) -> date:
    """The deadline in the year after the report year, from the ``deadline`` option ("MM-DD")."""
    match = _MONTH_DAY.match(str(month_day).strip())
    try:
        if match is None:
            raise ValueError
        return date(report_year + 1, int(match[1]), int(match[2]))
    except ValueError:
        raise ValueError(f"HN002 deadline: {month_day!r} is not a month and day written MM-DD") from None


def published_on(report: Report, option: str) -> date | None:
    """The publication date: the ``published`` option, else the document's metadata (HTML pages)."""
    if option:
        try:
            return date.fromisoformat(option.strip()[:10])
        except ValueError:
            raise ValueError(f"HN002 published: {option!r} is not a date written YYYY-MM-DD") from None
    return report.document.published  # None when no date is known: nothing to check


class TownshipLatePublication(Rule):
    code = "HN002"
    name = "township-late-publication"
    severity = Severity.WARNING
    summary = (
        "乡镇、街道的年度报告晚于本地规定的公布期限",
        "a township's or sub-district's report is published after the local deadline",
    )
    explanation = (
        "条例第四十九条规定政府部门于1月31日前、县级以上人民政府于3月31日前公布年度报告（GK305 检查这两种），"
        "乡镇人民政府和街道办事处的公布期限则由地方规定。本规则对机关名称为某某乡（镇）人民政府、某某镇、"
        "某某街道办事处的报告，检查发布日期是否晚于参数 deadline（次年的月-日）。默认取全国政府部门的期限 01-31；"
        '本地规定不同时，在 .gklint.yaml 中设置，例如 `rules: {HN002: {deadline: "02-28"}}`。\n\n'
        "发布日期取参数 published（YYYY-MM-DD），为空时取文档元数据中的发布日期（网页的发布时间）；"
        "都不知道时不检查。GK305 把乡镇人民政府按“人民政府”（3月31日）对待，两条规则期限不同时各自报告。"
    )
    bad_example = "湘乡市某某镇人民政府2023年政府信息公开工作年度报告（发布于2024年2月20日，期限 01-31）"
    good_example = "湘乡市某某镇人民政府2023年政府信息公开工作年度报告（发布于2024年1月25日，期限 01-31）"
    parameters = {
        "deadline": Parameter("01-31", "乡镇、街道的公布期限（次年月-日，MM-DD）", "the local deadline (MM-DD)"),
        "published": Parameter(
            "", "发布日期（YYYY-MM-DD）；为空时取文档元数据", "publication date; empty: the document's metadata"
        ),
    }
    messages = {
        "late": (
            "「{agency}」的年度报告发布于 {actual}，晚于乡镇、街道的公布期限 {expected}",
            "the report of {agency!r} was published on {actual}, after the township deadline {expected}",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        agency = report.agency or ""
        if report.year is None or not is_township(agency):
            return
        published = published_on(report, str(ctx.option("published") or ""))
        deadline = deadline_of(report.year, ctx.option("deadline"))
        if published is not None and published > deadline:
            yield ctx.finding(
                "late",
                location=report.title_location,
                place=PUBLICATION,
                agency=agency,
                expected=deadline.isoformat(),
                actual=published.isoformat(),
            )
