"""Fees: the 行政事业性收费 amount in 万元 (GK501, GK502) and the 信息处理费 statement in §六 (GK503)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from gklint.plugin import (
    Cell,
    CellStatus,
    ColumnKey,
    Finding,
    LogicalPlace,
    Paragraph,
    Parameter,
    Report,
    RowKey,
    Rule,
    RuleContext,
    Severity,
    Table,
    TableKey,
    TextCell,
    fold,
    hookimpl,
    lazy_pattern,
    normalize_label,
    parse_number,
)

_YUAN_IN_CELL = lazy_pattern(r"^\s*([\d,.]+)\s*元\s*$")


def _fee_cell(report: Report) -> Cell | None:
    return report.cell(TableKey.ACTIVE, RowKey.FEES, ColumnKey.AMOUNT)  # None in the 2019 format


class FeeUnit(Rule):
    code = "GK501"
    name = "fee-unit"
    severity = Severity.ERROR
    summary = ("行政事业性收费金额的单位不是万元", "the 行政事业性收费 amount is not in 万元")
    explanation = (
        "第二部分表格第二十条第（八）项的收费金额以万元为单位。"
        "表头改了单位，或在单元格里写“元”，都会使金额被误读一万倍。"
    )
    bad_example = "本年收费金额（单位：元） | 行政事业性收费 | 251000元"
    good_example = "本年收费金额（单位：万元） | 行政事业性收费 | 25.1"
    messages = {
        "header": (
            "收费金额的表头为「{found}」，单位应为万元{hint}",
            "the fee header reads {found!r}; the unit must be 万元{hint_en}",
        ),
        "cell": (
            "收费金额「{found}」以元为单位，应换算为万元（{expected}）",
            "the fee amount {found!r} is in 元; write it in 万元 ({expected})",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        header, cell = _header_not_in_wan(report), _fee_cell(report)
        if header is not None:
            title = "本年收费金额"
            place = LogicalPlace(2, TableKey.ACTIVE, None, ColumnKey.AMOUNT, title, column_title=title)
            hint, hint_en = _conversion_hint(header.text, cell)
            yield ctx.finding(
                "header", location=header.location, place=place, found=header.text, hint=hint, hint_en=hint_en
            )
        match = _YUAN_IN_CELL.match(fold(cell.raw)) if cell is not None else None
        if cell is not None and match and "万元" not in cell.raw:
            amount = parse_number(match.group(1))
            converted = _in_wan(amount) if amount is not None else None
            expected = f"{converted} 万元" if converted is not None else "?"
            fix = ctx.replacement(cell.raw.strip(), converted, cell.location) if converted is not None else None
            yield ctx.at_cell(cell, "cell", found=cell.raw, expected=expected, actual=cell.raw, fix=fix)


def _header_not_in_wan(report: Report) -> TextCell | None:
    """The fee column's header when it names a unit other than 万元 (as 单位：元)."""
    active = report.active
    header = active.headers.get(ColumnKey.AMOUNT) if active and _fee_cell(report) is not None else None
    return header if header is not None and "万元" not in normalize_label(header.text) else None  # or 万 元


def _conversion_hint(header: str, cell: Cell | None) -> tuple[str, str]:
    """For a header in 元 over a number: that the number changes too, not only the header."""
    unit = normalize_label(header)
    if cell is None or cell.status is not CellStatus.OK or "元" not in unit or "千元" in unit:
        return "", ""
    wan = _in_wan(Decimal(cell.number))
    return (
        f"：表头改为万元时，金额也要换算（{cell.raw.strip()} 元 = {wan} 万元）",
        f": with the header in 万元 the amount changes too ({cell.raw.strip()} 元 = {wan} 万元)",
    )


def _in_wan(amount: int | Decimal) -> str:
    """An amount in 元 written in 万元, as plainly as it goes: 251000 → 25.1, 8000 → 0.8."""
    return f"{(Decimal(amount) / 10000).normalize():f}"


class FeeMagnitude(Rule):
    code = "GK502"
    name = "fee-magnitude"
    severity = Severity.WARNING
    summary = ("收费金额像是把元当成了万元", "the amount looks like 元 entered as 万元")
    explanation = (
        "收费金额以万元为单位，最多精确到分（小数点后 6 位）。超过 6 位小数，或大得不合常理的金额，"
        "通常是把以元计的数字直接填进了万元栏。"
    )
    bad_example = "行政事业性收费 | 2510000"
    good_example = "行政事业性收费 | 251"
    parameters = {
        "max_amount": Parameter(
            100000, "超过该值（万元）即视为不合常理", "amounts above this (in 万元) are implausible", minimum=0
        ),
    }
    messages = {
        "large": (
            "收费金额 {actual} 万元大得不合常理（超过 {limit} 万元），是否把元填成了万元？",
            "the fee amount {actual} 万元 is implausibly large (over {limit}); was 元 entered as 万元?",
        ),
        "precise": (
            "收费金额 {actual} 万元有 {digits} 位小数，超过了分的精度，是否把元填成了万元？",
            "the fee amount {actual} 万元 has {digits} decimals, finer than a fen; was 元 entered as 万元?",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        cell = _fee_cell(report)
        if cell is None or cell.status is not CellStatus.OK or _header_not_in_wan(report) is not None:
            return  # an amount under a header in another unit is GK501's: it is no amount in 万元
        value = Decimal(cell.number)
        limit = ctx.option("max_amount")
        digits = max(0, -value.as_tuple().exponent)  # type: ignore[operator]
        if value > limit:
            yield ctx.at_cell(cell, "large", actual=cell.raw, limit=limit)
        elif digits > 6:
            yield ctx.at_cell(cell, "precise", actual=cell.raw, digits=digits)


_FEE_STATEMENT = lazy_pattern(
    r"信息处理费|处理费|收费|收取.{0,8}费|免费|(?:未|没有|无|不)(?:产生|发生|涉及)[^，。；,;]{0,6}费"
)
# What does not report the 信息处理费: the 行政事业性收费 of table 二 (another fee), and a sentence
# holding the template's own placeholder (收取信息处理费情况在此处报告).
_PLACEHOLDER = lazy_pattern(r"在此处报告|此处填写|请填写|在此报告|应当报告《?国务院办公厅关于印发")
_SENTENCE_PIECE = lazy_pattern(r"[^。；;]+[。；;]?|[。；;]")
# The title of the measures (严格执行《政府信息公开信息处理费管理办法》) names the fee, reports nothing.
_MEASURES_TITLE = lazy_pattern(r"《[^《》]{0,30}?信息处理费[^《》]{0,10}?》")


def _fee_statements(text: str) -> str:
    """The text without what does not report the 信息处理费 (linear: a page run onto one line is long)."""
    text = text.replace("行政事业性收费", "")
    if _PLACEHOLDER.search(text) is not None:
        text = "".join(piece for piece in _SENTENCE_PIECE.findall(text) if _PLACEHOLDER.search(piece) is None)
    return _MEASURES_TITLE.sub("", text)


class FeeStatementMissing(Rule):
    code = "GK503"
    name = "fee-statement-missing"
    severity = Severity.WARNING
    summary = ("第六部分没有报告信息处理费的收取情况", "§六 does not report the 信息处理费 collected")
    explanation = (
        "全国统一格式在“六、其他需要报告的事项”中要求报告依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
        "收取信息处理费的情况；没有收取也应写明“本年度未收取信息处理费”。只写“严格执行《政府信息公开信息处理费管理办法》”"
        "不算报告了收取情况。"
    )
    bad_example = "六、其他需要报告的事项\n无。"
    good_example = "六、其他需要报告的事项\n本年度未收取信息处理费。"
    messages = {
        "missing": (
            "第六部分没有报告信息处理费的收取情况（未收取也应写明）",
            "§六 does not report the 信息处理费 collected (say so even when none was collected)",
        )
    }

    parameters = {
        "since": Parameter(2021, "从该年度起要求报告（国办函〔2020〕109号）", "the first report year it applies to"),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        section = report.sections.get(6)
        if section is None or (report.year is not None and report.year < ctx.option("since")):
            return
        # a line break copied from a PDF may fall inside the words (信息处\n理费)
        text = fold(section.heading + section.text).replace("\n", "")
        if not _FEE_STATEMENT.search(_fee_statements(text)) and not _fee_table(report):
            place = LogicalPlace(part=6, title=section.heading)
            yield ctx.finding("missing", location=section.location, place=place)


def _fee_table(report: Report) -> bool:
    """Whether a table of the report's own (none of the format's: they name only 行政事业性收费) reports
    the 信息处理费: | 信息处理费收取情况 | 发出收费通知件数 | … | under §六."""
    return any(
        _FEE_TABLE_HEADING.search(fold(cell.text))
        for block in report.document.blocks
        if isinstance(block, Table)
        for row in block.rows[:2]
        for cell in row
    )


# 信息处理费收取情况, 发出收费通知件数: not table 三's own row 2.申请人逾期未按收费通知要求缴纳费用…
_FEE_TABLE_HEADING = lazy_pattern(r"信息处理费|发出收费通知|收费通知(?:件数|数量|份数)")


# "No fee notice was sent", said in many ways: 未发出收费通知, 没有发出信息处理费缴费通知书, 未发出《收费通知书》,
# 未发生发出收费通知的情况, 未向申请人发送收取信息处理费通知. A verb of sending must stand between the
# negation and the notice, within the clause, so that 未按收费通知要求缴纳 (the row's own words) is not one.
_SENDING = r"(?:发出|发放|送达|开具|出具|发送|下发|寄发|寄送|产生)"
_NOTICE = r"(?:收费|缴费|信息处理费)[^，。；,;]{0,3}?通知书?"
_NO_NOTICE = lazy_pattern(
    r"(?:未|没有|无|不曾)(?:向申请人)?(?:过)?(?:任何)?(?:信息处理费)?(?:的)?收费通知"
    rf"|(?:未|没有|无|不曾|不存在)(?!按)[^，。；,;]{{0,8}}?{_SENDING}[^，。；,;]{{0,10}}?{_NOTICE}"
    # 发出收费通知0件, 收费通知书发放数量为0
    rf"|{_SENDING}[^，。；,;]{{0,6}}?{_NOTICE}[^，。；,;\d]{{0,4}}?(?:0|零)\s*(?:件|份|次|个)?(?![\d.])"
    rf"|{_NOTICE}[^，。；,;\d]{{0,6}}?{_SENDING}[^，。；,;\d]{{0,6}}?(?:0|零)\s*(?:件|份|次|个)?(?![\d.])"
    # 发出收费通知的件数和总金额以及实际收取的总金额均为0 (the format's own words), 收费通知书0份
    rf"|{_SENDING}[^，。；,;]{{0,6}}?{_NOTICE}的件数[^，。；,;\d]{{0,24}}?(?:均为|为|是)\s*(?:0|零)(?![\d.])"
    rf"|{_NOTICE}(?:数量|件数|份数)?\s*(?:为|是)?\s*(?:0|零)\s*(?:件|份|次|个)(?![\d.])"
)
# A denial that leaves some out (除向1名申请人发出收费通知外，未向其他申请人…) or is about another year.
_PARTIAL = lazy_pattern(r"除[^。；;]{0,30}外|其他申请|其余申请|其余的|其他的")
_LAST_YEAR = lazy_pattern(r"上一?年度?|去年")
_NOT_PAID = lazy_pattern(r"(?:未|没有|不)按")
_CLAUSE = lazy_pattern(r"[^。；;]+")
_YEAR = lazy_pattern(r"((?:19|20)\d{2})\s*年")


class FeeNoticeContradiction(Rule):
    code = "GK504"
    name = "fee-notice-contradiction"
    severity = Severity.ERROR
    summary = (
        "第三部分表格（六）2 大于 0，但第六部分称未发出收费通知",
        "table B （六）2 > 0 but §六 says no fee notice was issued",
    )
    explanation = (
        "第三部分表格“（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用”大于 0，说明本年度向申请人发出过收费通知；"
        "第一部分或第六部分却说没有发出收费通知（未发出、不存在发出……的情形、发出收费通知0件），两者矛盾。"
        "只向部分申请人发出（除……外，未向其他申请人发出）或说的是其他年度的，不报告。"
    )
    bad_example = "（六）2 总计 1；六、……本年度未发出收费通知。"
    good_example = "（六）2 总计 1；六、……本年度发出收费通知1件，申请人逾期未缴纳，未收取信息处理费。"
    messages = {
        "contradiction": (
            "正文称「{sentence}」，但第三部分表格「{cell}」为 {actual}，说明发出过收费通知",
            "the text says {sentence!r}, but table B's {cell!r} is {actual}: fee notices were sent",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        unpaid = report.cell(TableKey.APPLICATIONS, RowKey.OTHER_2, ColumnKey.TOTAL, numeric=True)
        if unpaid is None or unpaid.number <= 0:
            return
        paragraphs = [p for part in (1, 6) if part in report.sections for p in report.sections[part].paragraphs]
        for n, paragraph in enumerate(paragraphs):
            match = _denial(_with_run_on(paragraphs, n), report.year)
            if match:
                yield ctx.finding(
                    "contradiction",
                    location=paragraph.location,
                    place=unpaid.place,
                    sentence=match.group(0),
                    cell=unpaid.place.title,
                    actual=unpaid.raw,
                )
                return


def _with_run_on(paragraphs: list[Paragraph], index: int) -> str:
    """The folded text of ``paragraphs[index]`` and, when it stops mid-sentence (a line break copied
    from a PDF: 未发出收费通 / 知), of the few lines after it up to a stop; line breaks taken out."""
    text = fold(paragraphs[index].text).replace("\n", "")
    for paragraph in paragraphs[index + 1 : index + 1 + _RUN_ON_LINES]:
        if not text or text[-1] in "。；;！？!?":
            break
        text += fold(paragraph.text).replace("\n", "")
    return text


_RUN_ON_LINES = 3


def _denial(text: str, year: int | None) -> re.Match[str] | None:
    """The first statement of the text that no fee notice was sent this year, all applicants told."""
    for sentence in _CLAUSE.finditer(text):
        match = _NO_NOTICE.search(sentence.group(0))
        if match is None or _PARTIAL.search(sentence.group(0)) or _LAST_YEAR.search(sentence.group(0)[: match.start()]):
            continue
        if _NOT_PAID.search(match.group(0)):
            continue  # 未按照出具的收费通知书缴纳: the applicant did not pay, a notice was sent
        if year is not None and any(int(y) != year for y in _YEAR.findall(sentence.group(0)[: match.end()])):
            continue
        return match
    return None


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [FeeUnit, FeeMagnitude, FeeStatementMissing, FeeNoticeContradiction]
