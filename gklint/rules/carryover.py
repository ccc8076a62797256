"""Carry-over balance (T3): 一 + 二 = 三（七）+ 四, per column of table B."""

from __future__ import annotations

from collections.abc import Iterable

from gklint.plugin import BLANK_AS_ZERO, Finding, RelationId, Report, Rule, RuleContext, Severity, hookimpl


class CarryOverBalance(Rule):
    code = "GK401"
    name = "carry-over-balance"
    severity = Severity.ERROR
    summary = ("一+二 不等于 三（七）+四", "一 + 二 ≠ 三（七） + 四, per column")
    explanation = (
        "第三部分表格表头注明“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”：本年新收加上年结转，"
        "应等于本年度办理结果（七）总计加结转下年度继续办理，逐列成立。" + BLANK_AS_ZERO
    )
    bad_example = "本年新收 3，上年结转 0，（七）总计 2，结转下年度 0"
    good_example = "本年新收 3，上年结转 0，（七）总计 2，结转下年度 1"
    messages = {
        "unbalanced": (
            "「{title}」列：本年新收+上年结转 = {expected}，但（七）总计+结转下年度 = {actual}{hint}",
            "column {title!r}: new + carried in = {expected}, but results total + carried out = {actual}{hint_en}",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        return ctx.balance_findings(RelationId.T3, "unbalanced")


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [CarryOverBalance]
