"""Cross-year rules (X1, X2): a report against the same agency's report of the year before.

The previous report comes from the same run or from ``--history DIR``; agencies are matched by
their normalised name. Findings name both files and both cells.
"""

from __future__ import annotations

from collections.abc import Iterable

from gklint.plugin import Cell, Finding, Report, Rule, RuleContext, Severity, hookimpl


def _where(cell: Cell) -> str:
    return cell.location.describe() or "?"


class CarryOverHistory(Rule):
    code = "GK601"
    name = "carry-over-history"
    severity = Severity.ERROR
    history = True
    summary = ("上年结转与上一年度报告的结转下年度不一致", "上年结转 differs from last year's 结转下年度继续办理")
    explanation = (
        "本年度表二“二、上年结转政府信息公开申请数量”应等于同一机关上一年度报告“四、结转下年度继续办理”，逐列相等。"
        "上一年度的报告可以在同一次检查中给出，或用 --history 指定其所在目录。"
    )
    bad_example = "2022年报告：结转下年度继续办理 总计 3；2023年报告：上年结转 总计 1"
    good_example = "2022年报告：结转下年度继续办理 总计 3；2023年报告：上年结转 总计 3"
    messages = {
        "mismatch": (
            "「{column}」列上年结转为 {actual}，但 {previous_year} 年度报告 {previous_path}（{previous_where}）"
            "的结转下年度继续办理为 {expected}",
            "column {column!r}: carried in is {actual}, but the {previous_year} report {previous_path} "
            "({previous_where}) carried out {expected}",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        previous = ctx.previous(report)
        if previous is None:
            return
        applications = report.applications
        columns = tuple(applications["carried_in"]) if applications and "carried_in" in applications else ()
        for column in columns:
            now = report.cell("applications", "carried_in", column, numeric=True)
            before = previous.cell("applications", "carried_out", column, numeric=True)
            if now is None or before is None or now.value == before.value:
                continue
            yield ctx.at_cell(
                now,
                "mismatch",
                column=now.place.title.split("·")[-1],
                expected=before.raw,
                actual=now.raw,
                previous_year=previous.year,
                previous_path=previous.path,
                previous_where=_where(before),
            )


class InForceHistory(Rule):
    code = "GK602"
    name = "in-force-history"
    severity = Severity.INFO
    history = True
    summary = ("现行有效件数不等于上年存量加本年制发减本年废止", "现行有效件数 does not follow from last year's stock")
    explanation = (
        "现行有效件数（N年）通常等于上一年度的现行有效件数加上本年制发件数、减去本年废止件数。"
        "集中清理、失效等会打破这一关系，所以只作提示。"
    )
    bad_example = "2022年：现行有效 30；2023年：制发 4、废止 1、现行有效 40"
    good_example = "2022年：现行有效 30；2023年：制发 4、废止 1、现行有效 33"
    messages = {
        "stock": (
            "「{row}」现行有效件数为 {actual}，按 {previous_year} 年度报告 {previous_path} 的 {before} 件"
            "加本年制发 {issued}、减本年废止 {abolished}，应为 {expected}",
            "{row!r} in force is {actual}; from {before} in the {previous_year} report {previous_path}, "
            "+{issued} issued −{abolished} abolished gives {expected}",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        previous = ctx.previous(report)
        if previous is None:
            return
        for row in ("regulations", "normative_documents"):
            cells = [report.cell("active", row, c, numeric=True) for c in ("issued", "abolished", "in_force")]
            before = previous.cell("active", row, "in_force", numeric=True)
            if before is None or any(c is None for c in cells):
                continue
            issued, abolished, in_force = (c for c in cells if c is not None)
            expected = int(before.number) + int(issued.number) - int(abolished.number)
            if int(in_force.number) != expected:
                yield ctx.at_cell(
                    in_force,
                    "stock",
                    row=in_force.place.title.split("·")[0],
                    expected=expected,
                    actual=in_force.raw,
                    previous_year=previous.year,
                    previous_path=previous.path,
                    before=before.raw,
                    issued=issued.raw,
                    abolished=abolished.raw,
                )


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [CarryOverHistory, InForceHistory]
