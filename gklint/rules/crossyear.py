"""Cross-year rules: a report against the same agency's report of the year before.

X1 (carry-over) and X2 (in-force stock) follow from the format; the text copied from last year's
report and the table values that jump tenfold are what evaluators rank reports by. The previous
report comes from the same run or from ``--history DIR``; agencies are matched by their normalised
name. Findings name both files, and both cells where there are cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from gklint.plugin import (
    Cell,
    ColumnKey,
    Compared,
    Finding,
    LogicalPlace,
    Parameter,
    Report,
    RowKey,
    Rule,
    RuleContext,
    Severity,
    TableKey,
    hookimpl,
    lazy_pattern,
    normalize_label,
)


def _where(cell: Cell) -> str:
    return cell.location.describe() or "?"


class CarryOverHistory(Rule):
    code = "GK601"
    name = "carry-over-history"
    severity = Severity.ERROR
    history = True
    summary = ("上年结转与上一年度报告的结转下年度不一致", "上年结转 differs from last year's 结转下年度继续办理")
    explanation = (
        "本年度第三部分表格“二、上年结转政府信息公开申请数量”应等于同一机关上一年度报告“四、结转下年度继续办理”，逐列相等。"
        "上一年度的报告可以在同一次检查中给出，或用 --history 指定其所在目录。"
    )
    bad_example = "2022年报告：结转下年度继续办理 总计 3；2023年报告：上年结转 总计 1"
    good_example = "2022年报告：结转下年度继续办理 总计 3；2023年报告：上年结转 总计 3"
    compares = Compared(
        cells=((TableKey.APPLICATIONS, RowKey.CARRIED_IN, None), (TableKey.APPLICATIONS, RowKey.CARRIED_OUT, None))
    )
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
        carried_in = RowKey.CARRIED_IN
        columns = tuple(applications[carried_in]) if applications and carried_in in applications else ()
        for column in columns:
            now = report.cell(TableKey.APPLICATIONS, carried_in, column, numeric=True)
            before = previous.cell(TableKey.APPLICATIONS, RowKey.CARRIED_OUT, column, numeric=True)
            if now is None or before is None or now.value == before.value:
                continue
            yield ctx.at_cell(
                now,
                "mismatch",
                column=now.place.column_title,
                expected=before.raw,
                actual=now.raw,
                previous_year=previous.year,
                previous_path=previous.path,
                previous_where=_where(before),
            )


STOCK_ROWS = (RowKey.REGULATIONS, RowKey.NORMATIVE_DOCUMENTS)
STOCK_FLOWS = (ColumnKey.ISSUED, ColumnKey.ABOLISHED, ColumnKey.IN_FORCE)


class InForceHistory(Rule):
    code = "GK602"
    name = "in-force-history"
    severity = Severity.INFO
    history = True
    summary = ("现行有效件数不等于上年存量加本年制发减本年废止", "现行有效件数 does not follow from last year's stock")
    explanation = (
        "现行有效件数（N年）通常等于上一年度的现行有效件数加上本年制发件数、减去本年废止件数。"
        "集中清理、失效等会打破这一关系，所以只作提示。上一年度用 2019 年试行格式（2020 年度及以前）时，"
        "其表格没有现行有效件数，不作比较。"
    )
    bad_example = "2022年：现行有效 30；2023年：制发 4、废止 1、现行有效 40"
    good_example = "2022年：现行有效 30；2023年：制发 4、废止 1、现行有效 33"
    compares = Compared(cells=tuple((TableKey.ACTIVE, row, column) for row in STOCK_ROWS for column in STOCK_FLOWS))
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
        for row in STOCK_ROWS:
            cells = [report.cell(TableKey.ACTIVE, row, c, numeric=True) for c in STOCK_FLOWS]
            before = previous.cell(TableKey.ACTIVE, row, ColumnKey.IN_FORCE, numeric=True)
            if before is None or any(c is None for c in cells):
                continue
            issued, abolished, in_force = (c for c in cells if c is not None)
            expected = int(before.number) + int(issued.number) - int(abolished.number)
            if int(in_force.number) != expected:
                yield ctx.at_cell(
                    in_force,
                    "stock",
                    row=in_force.place.row_title,
                    expected=expected,
                    actual=in_force.raw,
                    previous_year=previous.year,
                    previous_path=previous.path,
                    before=before.raw,
                    issued=issued.raw,
                    abolished=abolished.raw,
                )


_SENTENCE_END = lazy_pattern(r"[。！？!?；;\n]+")
_NOT_WORDING = lazy_pattern(r"[\W_]+")  # punctuation and symbols: a sentence is compared by its words
_ENUMERATOR = lazy_pattern(r"^(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]|[一二三四五六七八九十]是)")
_NUMBER = lazy_pattern(r"\d+")
SHORTEST_SENTENCE = 15  # characters of wording: shorter ones are headings and stock phrases
REPEATED_PARTS = (1, 5)  # §一 总体情况 and §五 存在的主要问题及改进情况


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as compared: folded, without spaces, punctuation or a leading
    enumerator (（一）, 1., 一是), every number written ``#`` (a copy with this year's numbers is still
    a copy), and only those long enough to be more than a heading."""
    found = []
    for piece in _SENTENCE_END.split(text):
        wording = _NOT_WORDING.sub("", _ENUMERATOR.sub("", normalize_label(piece)))
        if len(wording) >= SHORTEST_SENTENCE:
            found.append(_NUMBER.sub("#", wording))
    return found


def part_sentences(report: Report) -> list[str]:
    return [
        s for number in REPEATED_PARTS if number in report.sections for s in sentences(report.sections[number].text)
    ]


class RepeatedText(Rule):
    code = "GK603"
    name = "repeated-text"
    severity = Severity.WARNING
    history = True
    summary = ("总体情况和存在的问题大段照搬上一年度报告", "§一 and §五 largely repeat last year's report")
    explanation = (
        "把“一、总体情况”和“五、存在的主要问题及改进情况”的文字按句子与同一机关上一年度报告的这两部分比较："
        "除数字外逐字相同（不计空格、标点和（一）、1.、一是等序号；只改了年份或数字的句子也算重复）的句子占本年度句子的"
        "比例达到阈值（默认 60%）时报告，并写明比例。过短的句子（少于 15 个字，多为小标题）不计；两部分合计不足 "
        "min_sentences 句时不作判断。上一年度的报告可以在同一次检查中给出，或用 --history 指定其所在目录。"
    )
    bad_example = "2023年报告的“存在的主要问题及改进情况”与2022年报告逐句相同"
    good_example = "2023年报告写明本年度新发现的问题和具体改进措施"
    compares = Compared(parts=REPEATED_PARTS)
    parameters = {
        "threshold": Parameter(
            0.6,
            "重复句子所占比例的阈值（0–1）",
            "share of repeated sentences that is reported (0–1)",
            minimum=0,
            maximum=1,
        ),
        "min_sentences": Parameter(
            5, "两部分合计至少有多少句才作判断", "fewest sentences in the two parts to judge", minimum=1
        ),
    }
    messages = {
        "repeated": (
            "总体情况和存在的主要问题及改进情况中 {share}（{repeated}/{total} 句）与 {previous_year} 年度报告 "
            "{previous_path} 除数字外逐字相同",
            "{share} of the sentences of §一 and §五 ({repeated} of {total}) repeat the {previous_year} report "
            "{previous_path} word for word, numbers aside",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        previous = ctx.previous(report)
        if previous is None:
            return
        now, before = part_sentences(report), set(part_sentences(previous))
        if not before or len(now) < max(1, int(ctx.option("min_sentences"))):
            return
        repeated = sum(1 for sentence in now if sentence in before)
        share = repeated / len(now)
        if share < float(ctx.option("threshold")):
            return
        section = report.sections.get(REPEATED_PARTS[0]) or report.sections[REPEATED_PARTS[1]]
        yield ctx.finding(
            "repeated",
            location=section.location,
            place=LogicalPlace(part=section.number, title=section.heading, row_title=section.heading),
            share=f"{share:.0%}",
            repeated=repeated,
            total=len(now),
            previous_year=previous.year,
            previous_path=previous.path,
        )


JUMP_CELLS = (
    (TableKey.APPLICATIONS, RowKey.NEW, ColumnKey.TOTAL),
    (TableKey.ACTIVE, RowKey.LICENSING, ColumnKey.DECISIONS),
    (TableKey.ACTIVE, RowKey.PENALTY, ColumnKey.DECISIONS),
    (TableKey.ACTIVE, RowKey.ENFORCEMENT, ColumnKey.DECISIONS),
    (TableKey.ACTIVE, RowKey.FEES, ColumnKey.AMOUNT),
)


class YearOnYearJump(Rule):
    code = "GK604"
    name = "year-on-year-jump"
    severity = Severity.INFO
    history = True
    summary = ("表格数值比上一年度增减十倍以上", "a table value is ten times higher or lower than last year's")
    explanation = (
        "本年新收申请总计、行政许可、行政处罚、行政强制处理决定数量和行政事业性收费金额，与同一机关上一年度报告相比"
        "增大或减小到 factor 倍（默认 10 倍）以上、且较大的一年不少于 min_value 时提示：多为单位（元与万元）、"
        "错位或漏填，也可能确有原因。某一年为 0 的不作比较（新增或取消的职权）。只作提示。"
    )
    bad_example = "2022年：本年新收申请 总计 12；2023年：本年新收申请 总计 1200"
    good_example = "2022年：本年新收申请 总计 12；2023年：本年新收申请 总计 15"
    compares = Compared(cells=JUMP_CELLS)
    parameters = {
        "factor": Parameter(10, "增减到多少倍时提示", "ratio from which a change is reported", minimum=1),
        "min_value": Parameter(
            50, "较大一年的数值至少为多少才比较", "the larger year's value must reach this", minimum=0
        ),
    }
    messages = {
        "jump": (
            "「{title}」为 {actual}，{previous_year} 年度报告 {previous_path}（{previous_where}）为 {before}，"
            "{direction} {ratio} 倍",
            "{title!r} is {actual}, {ratio} times {direction_en} than {before} in the {previous_year} report "
            "{previous_path} ({previous_where})",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        previous = ctx.previous(report)
        if previous is None:
            return
        factor, floor = Decimal(str(ctx.option("factor"))), Decimal(str(ctx.option("min_value")))
        for table, row, column in JUMP_CELLS:
            now = report.cell(table, row, column, numeric=True)
            before = previous.cell(table, row, column, numeric=True)
            if now is None or before is None:
                continue
            new, old = Decimal(now.number), Decimal(before.number)
            low, high = sorted((new, old))
            if low <= 0 or high < floor or high < low * factor:
                continue
            yield ctx.at_cell(
                now,
                "jump",
                title=now.place.title,
                actual=now.raw,
                before=before.raw,
                ratio=_ratio(high / low),
                direction="增大" if new > old else "减小",
                direction_en="higher" if new > old else "lower",
                previous_year=previous.year,
                previous_path=previous.path,
                previous_where=_where(before),
            )


def _ratio(value: Decimal) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [CarryOverHistory, InForceHistory, RepeatedText, YearOnYearJump]
