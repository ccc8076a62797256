"""Cell rules: what each cell of the three tables holds (a number, a blank, "/", text, a negative or
fractional count). They read the bound cells; none of them knows a particular template."""

from __future__ import annotations

from collections.abc import Iterable

from gklint.plugin import (
    PART_NAMES,
    Cell,
    CellStatus,
    ColumnKey,
    Finding,
    LogicalPlace,
    Parameter,
    Report,
    Rule,
    RuleContext,
    Severity,
    hookimpl,
    lazy_pattern,
    normalize_label,
)

# Money, not a count: decimals allowed, unit written in the cell is the fee rules' business.
MONEY_COLUMNS = {ColumnKey.AMOUNT}
_AMOUNT_WITH_UNIT = lazy_pattern(r"^\s*[\d,.]+\s*(?:万元?|元)\s*$")  # 12.36万 is 万元 too


class BlankCell(Rule):
    code = "GK107"
    name = "blank-cell"
    severity = Severity.WARNING
    summary = ("应填数字的单元格为空（应填 0）", "a cell that must hold a number is empty (write 0)")
    explanation = "统计表中没有发生的事项应填 0，而不是留空：空格无法与漏填区分。"
    bad_example = "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 |   "
    good_example = "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0"
    messages = {
        "blank": ("{where}为空，应填写数字（没有则填 0）", "{where} is blank; write a number (0 if none)"),
        "table-blank": (
            "第{part}部分的表格整张未填写（{count} 个单元格全部为空），应填写数字（没有则填 0）",
            "the table of part {part_en} is blank throughout ({count} cells); write numbers (0 if none)",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        blank = report.cells_with(CellStatus.BLANK)
        whole = _blank_tables(report, blank)
        for cell in blank:
            table, part = cell.place.table, cell.place.part
            if table not in whole or not part:
                yield ctx.at_cell(cell, "blank", where=cell.place.quoted())
            elif whole[table]:  # one finding a table, at its first cell
                yield ctx.finding(
                    "table-blank",
                    location=cell.location,
                    place=LogicalPlace(part=part, table=table),
                    part=PART_NAMES[part],
                    part_en=part,
                    count=whole[table],
                )
                whole[table] = 0


def _blank_tables(report: Report, blank: Iterable[Cell]) -> dict[str | None, int]:
    """The tables none of whose cells is filled (an opening published with empty tables), with
    their count of cells: one finding says so, not one for each of their cells."""
    counts: dict[str | None, int] = {}
    for cell in blank:
        counts[cell.place.table] = counts.get(cell.place.table, 0) + 1
    whole = {}
    for table, count in counts.items():
        bound = report.tables.get(table or "")
        if count > 1 and bound is not None and count == sum(len(row) for row in bound.values()):
            whole[table] = count
    return whole


class NotApplicableCell(Rule):
    code = "GK108"
    name = "not-applicable-cell"
    severity = Severity.INFO
    summary = ("单元格填了“/”“-”“无”等而不是数字", "'/', '-', '—' or '无' instead of a number")
    explanation = "统计表要求填写数字；“/”“—”“无”会被视为 0，但应直接填 0。"
    bad_example = "行政强制 | /"
    good_example = "行政强制 | 0"
    messages = {"na": ("{where}填的是「{raw}」，应填数字", "{where} holds {raw!r} instead of a number")}

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for cell in report.cells_with(CellStatus.NA):
            yield ctx.at_cell(cell, "na", where=cell.place.quoted(), raw=cell.raw)


class NonNumericCell(Rule):
    code = "GK109"
    name = "non-numeric-cell"
    severity = Severity.ERROR
    summary = ("应填数字的单元格是文字", "text where a number must be")
    explanation = "统计表的单元格只能是数字。金额带单位（如“251000元”）由 GK501 报告。"
    bad_example = "行政许可 | 若干"
    good_example = "行政许可 | 264"
    messages = {"text": ("{where}应为数字，实为「{raw}」", "{where} must be a number, found {raw!r}")}

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for cell in report.cells_with(CellStatus.INVALID):
            if cell.place.column in MONEY_COLUMNS and _AMOUNT_WITH_UNIT.match(normalize_label(cell.raw)):  # 萬元 too
                continue
            yield ctx.at_cell(cell, "text", where=cell.place.quoted(), raw=cell.raw, actual=cell.raw)


class NegativeCount(Rule):
    code = "GK110"
    name = "negative-count"
    severity = Severity.ERROR
    summary = ("数量小于零", "a count below zero")
    explanation = "件数、数量不能为负数。"
    bad_example = "行政处罚 | -3"
    good_example = "行政处罚 | 3"
    messages = {"negative": ("{where}为负数 {actual}", "{where} is negative: {actual}")}

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        signed = ctx.option("signed_columns")
        for cell in report.cells_with(CellStatus.OK):
            if (cell.value or 0) < 0 and cell.place.column not in signed:
                yield ctx.at_cell(cell, "negative", where=cell.place.quoted(), actual=cell.raw)

    parameters = {
        "signed_columns": Parameter(
            ("change",), "可以为负数的列（2019 年格式的“本年增/减”）", "columns that may be negative"
        )
    }


class FractionalCount(Rule):
    code = "GK111"
    name = "fractional-count"
    severity = Severity.ERROR
    summary = ("数量不是整数", "a count that is not a whole number")
    explanation = "件数、数量必须是整数；只有收费金额（万元）可以有小数。"
    bad_example = "行政许可 | 26.5"
    good_example = "行政许可 | 26"
    messages = {"fraction": ("{where}应为整数，实为 {actual}", "{where} must be a whole number, found {actual}")}

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for cell in report.cells_with(CellStatus.OK):
            if type(cell.value) is int:  # most cells: whole by type
                continue
            if cell.place.column not in MONEY_COLUMNS and cell.number != int(cell.number):
                yield ctx.at_cell(cell, "fraction", where=cell.place.quoted(), actual=cell.raw)


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [BlankCell, NotApplicableCell, NonNumericCell, NegativeCount, FractionalCount]
