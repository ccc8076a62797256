"""Carry-over balance (T3): 一 + 二 = 三（七）+ 四, per column of table B."""

from __future__ import annotations

from collections.abc import Iterable

from gklint.plugin import Finding, Report, Rule, RuleContext, Severity, failures, hookimpl, plain_number


class CarryOverBalance(Rule):
    code = "GK401"
    name = "carry-over-balance"
    severity = Severity.ERROR
    summary = ("一+二 不等于 三（七）+四", "一 + 二 ≠ 三（七） + 四, per column")
    explanation = (
        "表二表头注明“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”：本年新收加上年结转，"
        "应等于本年度办理结果（七）总计加结转下年度继续办理，逐列成立。"
    )
    bad_example = "本年新收 3，上年结转 0，（七）总计 2，结转下年度 0"
    good_example = "本年新收 3，上年结转 0，（七）总计 2，结转下年度 1"
    messages = {
        "unbalanced": (
            "「{column}」列：本年新收+上年结转 = {expected}，但（七）总计+结转下年度 = {actual}{hint}",
            "column {column!r}: new + carried in = {expected}, but results total + carried out = {actual}{hint_en}",
        ),
        "hint": ("（疑为「{cell}」有误）", " (probably {cell!r} is wrong)"),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for failure in failures(report.all_balances(), "T3"):
            cell = failure.culprit.place.title if failure.culprit else ""
            yield ctx.finding(
                "unbalanced",
                location=failure.location,
                place=failure.place,
                expected=plain_number(failure.left),
                actual=plain_number(failure.right),
                column=failure.total_title,
                hint=ctx.messages["hint"][0].format(cell=cell) if cell else "",
                hint_en=ctx.messages["hint"][1].format(cell=cell) if cell else "",
            )


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [CarryOverBalance]
