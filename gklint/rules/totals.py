"""Totals: the sums the national tables must add up to (relations T2, T1 and C1).

The relations themselves come from the template (``report.balances``); a finding points at the
one cell that breaks two relations at once when there is such a cell, else at the total.
"""

from __future__ import annotations

from collections.abc import Iterable

from gklint.plugin import BLANK_AS_ZERO, Finding, RelationId, Report, Rule, RuleContext, Severity, hookimpl


class RowTotal(Rule):
    code = "GK201"
    name = "row-total"
    severity = Severity.ERROR
    summary = (
        "第三部分表格某行的总计不等于六类申请人之和",
        "a table B row's 总计 differs from the sum of its six applicant columns",
    )
    explanation = (
        "第三部分表格（收到和处理政府信息公开申请情况）每一行的“总计”应等于自然人与五类法人或其他组织之和"
        "（法人或其他组织没有小计列）。" + BLANK_AS_ZERO
    )
    bad_example = "一、本年新收政府信息公开申请数量 | 2 | 1 | 0 | 0 | 0 | 0 | 2"
    good_example = "一、本年新收政府信息公开申请数量 | 2 | 1 | 0 | 0 | 0 | 0 | 3"
    messages = {
        "row-total": (
            "「{title}」一行的总计为 {actual}，但各类申请人之和为 {expected}{hint}",
            "row {title!r}: 总计 is {actual} but the applicant columns sum to {expected}{hint_en}",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        return ctx.balance_findings(RelationId.T2, "row-total")


class ResultsTotal(Rule):
    code = "GK202"
    name = "results-total"
    severity = Severity.ERROR
    summary = ("（七）总计不等于各办理结果之和", "（七）总计 differs from the sum of the result rows, per column")
    explanation = (
        "第三部分表格“三、本年度办理结果”中，（七）总计应等于（一）至（六）各项（含各小项）之和，逐列核对。"
        + BLANK_AS_ZERO
    )
    bad_example = "（一）予以公开 5，（二）部分公开 1，其余为 0，（七）总计 5"
    good_example = "（一）予以公开 5，（二）部分公开 1，其余为 0，（七）总计 6"
    messages = {
        "results-total": (
            "「{title}」列：（七）总计为 {actual}，但各办理结果之和为 {expected}{hint}",
            "column {title!r}: （七）总计 is {actual} but the result rows sum to {expected}{hint_en}",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        return ctx.balance_findings(RelationId.T1, "results-total")


class ReviewLitigationTotal(Rule):
    code = "GK203"
    name = "review-litigation-total"
    severity = Severity.ERROR
    summary = ("第四部分表格的总计不等于维持+纠正+其他+尚未审结", "a table C 总计 differs from 维持+纠正+其他+尚未审结")
    explanation = (
        "第四部分表格（行政复议、行政诉讼）中，行政复议、未经复议直接起诉、复议后起诉三组各自的“总计”"
        "应等于结果维持、结果纠正、其他结果、尚未审结之和。" + BLANK_AS_ZERO
    )
    bad_example = "行政复议：2 | 0 | 1 | 0 | 2"
    good_example = "行政复议：2 | 0 | 1 | 0 | 3"
    messages = {
        "group-total": (
            "「{title}」的总计为 {actual}，但维持、纠正、其他、尚未审结之和为 {expected}{hint}",
            "{title!r}: 总计 is {actual} but 维持+纠正+其他+尚未审结 is {expected}{hint_en}",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        return ctx.balance_findings(RelationId.C1, "group-total")


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [RowTotal, ResultsTotal, ReviewLitigationTotal]
