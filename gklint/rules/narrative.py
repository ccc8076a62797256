"""Narrative versus tables (D1, D2): numbers the text states must agree with the tables.

What counts as a statement is read by narrative_text; here each statement meets its table cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from decimal import Decimal

from gklint.plugin import (
    Balance,
    Cell,
    CellStatus,
    ColumnKey,
    Finding,
    LogicalPlace,
    Paragraph,
    Report,
    RowKey,
    Rule,
    RuleContext,
    Severity,
    TableKey,
    fold,
    hookimpl,
    lazy_pattern,
)
from gklint.rules.narrative_parts import may_list_parts, parts_list, summed_list
from gklint.rules.narrative_sentences import sentence_run_on
from gklint.rules.narrative_text import CONCLUDED, clause_location, statements

_SENTENCE = lazy_pattern(r"[^。；;]+")
_OPENS_WITH_LIST = lazy_pattern(r"^\s*其中")
# 其中：工作动态63条；通知公告30条；…。: a list after a colon, its items apart by semicolons, is one sentence.
_LISTED_AFTER_COLON = lazy_pattern(r"(?:其中|包括|具体为|分别为)\s*:[^。]*")


def _semicolons_as_commas(match: re.Match[str]) -> str:
    return match.group(0).replace(";", ",")  # the text is folded: its semicolons are ";"


# The parts whose text states counts the tables hold: the overview, and the notes under each table
# (四、…: "2023年，我局未发生政府信息公开行政复议、行政诉讼案件").
_STATING_PARTS = (1, 2, 3, 4)

# 规范性文件 topics -> the columns of the 行政规范性文件 row a statement may mean: (2021 layout, 2019
# layout). The 2019 columns are 新制作 / 新公开 / 对外公开总数: "印发" may be either of the first
# two, and neither 废止 nor 现行有效 has a column there.
NORMATIVE_COLUMNS: dict[str, tuple[tuple[ColumnKey, ...], tuple[ColumnKey, ...]]] = {
    "normative_issued": ((ColumnKey.ISSUED,), (ColumnKey.MADE, ColumnKey.PUBLISHED)),
    "normative_published": ((), (ColumnKey.PUBLISHED,)),
    "normative_abolished": ((ColumnKey.ABOLISHED,), ()),
    "normative_in_force": ((ColumnKey.IN_FORCE,), ()),
}


# The outcomes of the reviews the agency was the respondent of, and their columns in table 四.
OUTCOME_COLUMNS = {"review_upheld": ColumnKey.UPHELD, "review_corrected": ColumnKey.CORRECTED}

# The kinds of result of 三、本年度办理结果 a text may count, and their rows in table 二.
RESULT_ROWS: dict[str, tuple[RowKey, ...]] = {
    "disclosed": (RowKey.DISCLOSED,),
    "partly_disclosed": (RowKey.PARTLY_DISCLOSED,),
    "withheld": tuple(RowKey(f"withheld.{n}") for n in range(1, 9)),
    "unavailable": tuple(RowKey(f"unavailable.{n}") for n in range(1, 4)),
    "not_processed": tuple(RowKey(f"not_processed.{n}") for n in range(1, 6)),
    "other_processing": (RowKey.OTHER_1, RowKey.OTHER_2, RowKey.OTHER_3),
}


def text_runs(report: Report, paragraphs: Iterable[Paragraph]) -> list[list[Paragraph]]:
    """``paragraphs`` in runs that follow each other in the document: a sentence a line break cut goes
    on into the next line, never across a table or a heading between (第二十条第（八）项 / [table] /
    注：…)."""
    position = {id(block): n for n, block in enumerate(report.document.blocks)}
    runs: list[list[Paragraph]] = []
    last: int | None = None
    for paragraph in paragraphs:
        at = position.get(id(paragraph))
        if runs and (at is None or (last is not None and at == last + 1)):
            runs[-1].append(paragraph)  # next in the document (or of unknown place: as it comes)
        else:
            runs.append([paragraph])
        last = at
    return runs


def _own_area(agency: str | None) -> str:
    """全县 for a county government's report (沭阳县人民政府, 某县), 全区 for a district's or a zone's (某区
    管委会), and so on: the area whose counts a government's report gives; "" for a department's."""
    found = _GOVERNMENT.search(fold(agency or ""))
    return "全" + found.group(1) if found else ""


_GOVERNMENT = lazy_pattern(r"(?<=[\u4e00-\u9fff]{2})([省市区县旗州盟镇乡])(?:人民政府|政府|管委会|管理委员会)?$")


def _sum(cells: Iterable[Cell | None]) -> int | None:
    values = list(cells)
    if any(c is None for c in values):
        return None
    return sum(int(c.number) for c in values if c is not None)


def table_values(report: Report, topic: str) -> tuple[set[int], Cell | None]:
    """(the values the table allows for the topic, the cell to name in the finding)."""

    def total(table: TableKey, row: RowKey) -> Cell | None:
        return report.cell(table, row, ColumnKey.TOTAL, numeric=True)

    b, c = TableKey.APPLICATIONS, TableKey.REVIEW_LITIGATION
    if topic == CONCLUDED:
        topic = "handled"  # 受理申请40件，答复38件: the count concluded may be any count handled
    if topic in ("received", "handled", "applications", "carried_out", "carried_in"):
        new, carried_in, results, carried_out = (
            total(b, r) for r in (RowKey.NEW, RowKey.CARRIED_IN, RowKey.RESULTS_TOTAL, RowKey.CARRIED_OUT)
        )
        if topic == "received":
            return ({int(new.number)} if new else set()), new
        if topic == "carried_in":
            return ({int(carried_in.number)} if carried_in else set()), carried_in
        if topic == "carried_out":
            return ({int(carried_out.number)} if carried_out else set()), carried_out
        # 受理/办理 may mean the results total, or everything to be handled (new + carried in); 办结 also
        # those of the year's new applications concluded (new - carried out: 收到123件，已办结120件).
        # With one of those rows unread (GK010), the count may be the one it holds: nothing to compare
        # with. A row left blank or "/" is read: 上年结转 written "/" is none carried in.
        meant = [RowKey.NEW, RowKey.CARRIED_IN, RowKey.RESULTS_TOTAL]
        if topic == "handled":
            meant.append(RowKey.CARRIED_OUT)
        if any(_unread(report.cell(b, row, ColumnKey.TOTAL)) for row in meant):
            return set(), None
        allowed = {int(x.number) for x in (results, new) if x is not None}
        both = _sum((new, carried_in))
        if new is not None and carried_out is not None and topic == "handled":
            allowed.add(int(new.number) - int(carried_out.number))
        return (allowed | ({both} if both is not None else set())), (new if topic == "applications" else results)
    if topic in NORMATIVE_COLUMNS:
        return _normative_values(report, topic)
    if topic in ("licensing", "penalty", "enforcement"):
        cell = report.cell(TableKey.ACTIVE, RowKey(topic), ColumnKey.DECISIONS, numeric=True)
        return ({int(cell.number)} if cell else set()), cell
    if topic in ("review", *OUTCOME_COLUMNS):
        cell = report.cell(c, RowKey.REVIEW, OUTCOME_COLUMNS.get(topic, ColumnKey.TOTAL), numeric=True)
        return ({int(cell.number)} if cell else set()), cell
    if topic in RESULT_ROWS:
        rows = RESULT_ROWS[topic]
        if topic == "other_processing" and report.cell(b, RowKey.OTHER, ColumnKey.TOTAL) is not None:
            rows = (RowKey.OTHER,)  # the 2019 layout's single （六）其他处理 row
        cells = [total(b, row) for row in rows]
        result = _sum(cells)
        return ({result} if result is not None else set()), cells[0]
    cells = [total(c, RowKey.LITIGATION_DIRECT), total(c, RowKey.LITIGATION_AFTER_REVIEW)]
    sum_total = _sum(cells)
    return ({sum_total} if sum_total is not None else set()), cells[0]


def _unread(cell: Cell | None) -> bool:
    """Whether a total cell's row was not read: absent, or of the wrong width (its cells missing)."""
    return cell is None or cell.status is CellStatus.MISSING


def _normative_values(report: Report, topic: str) -> tuple[set[int], Cell | None]:
    """The 行政规范性文件 row's values a statement may mean, in whichever layout the table has."""
    modern, trial = NORMATIVE_COLUMNS[topic]
    row = RowKey.NORMATIVE_DOCUMENTS
    if report.cell(TableKey.ACTIVE, row, ColumnKey.ISSUED) is not None:
        columns = modern
    elif report.cell(TableKey.ACTIVE, row, ColumnKey.MADE) is not None:
        columns = trial
    else:
        return set(), None
    cells = [report.cell(TableKey.ACTIVE, row, column, numeric=True) for column in columns]
    if not cells or any(cell is None for cell in cells):
        return set(), None
    return {int(cell.number) for cell in cells if cell is not None}, cells[0]


def _repairing_value(cell: Cell, balance: Balance) -> Decimal:
    """The value of ``cell`` that would make ``balance`` hold, the other cells as they are."""
    left, right = balance.sums()
    own = Decimal(cell.number)
    if any(c.place == cell.place for c in balance.left):
        return right - (left - own)
    return left - (right - own)


# The litigation count a text states is the sum of two totals: named as such, not as the first; so
# are the kinds of result whose table rows are several.
SUMMED_NAMES = {
    "litigation": "行政诉讼·总计（未经复议直接起诉+复议后起诉）",
    "withheld": "（三）不予公开·总计（1至8项之和）",
    "unavailable": "（四）无法提供·总计（1至3项之和）",
    "not_processed": "（五）不予处理·总计（1至5项之和）",
}
# Topics whose statement is one cell's value (litigation is the sum of two cells).
SINGLE_CELL_TOPICS = (
    "received",
    "handled",
    CONCLUDED,
    "applications",
    "carried_out",
    "carried_in",
    "licensing",
    "penalty",
    "enforcement",
    "review",
    "review_upheld",
    "review_corrected",
    "disclosed",
    "partly_disclosed",
)


class NarrativeContradiction(Rule):
    code = "GK701"
    name = "narrative-contradiction"
    severity = Severity.WARNING
    summary = ("总体情况中的数字与统计表不一致", "a number stated in the text contradicts the table")
    explanation = (
        "“一、总体情况”及第二至四部分表格前后的说明中写到的数字应与统计表一致。对应关系：\n"
        "- 收到（接到、新收）申请数对应“本年新收”（上年结转的不是本年收到的）；受理/办理/办结/答复数"
        "对应“办理结果总计”或“本年新收”（加“上年结转”）；上年结转的申请数对应“上年结转”；“截至12月31日，尚有2件"
        "正在办理”即结转下年度2件。\n"
        "- 结转下年度的申请数（“结转下年度继续办理”“顺延到下年度答复”“转入下一年度”“结转至2025年”，"
        "或“1件正在办理中，结转至下一年度”）对应“结转下年度继续办理”；“已全部办结”“均已办结”即结转下年度为0。\n"
        "- 不带动词的申请数（“申请数量为130件”“依申请公开总数130件”“申请共130件”）可对应“本年新收”、"
        "“办理结果总计”或二者之一加“上年结转”，不符时指向“本年新收”。\n"
        "- 予以公开（同意公开）、部分公开（部分同意公开）、不予公开（不同意公开）、无法提供、不予处理的件数"
        "（单独说或在“其中”之后列出）对应"
        "办理结果中该项的总计（不予公开、无法提供、不予处理为其各小项之和）。\n"
        "- 行政许可/处罚/强制决定数（件、项、个、起，不含“行政许可事项N个”）；“行政许可、行政处罚、行政强制决定数量"
        "分别为264件、12966件、19件”按顺序逐项核对。\n"
        "- 行政复议/诉讼数（件、起、次）：“行政复议和行政诉讼各1件”“被申请行政复议4件、提起行政诉讼3件”分别核对；"
        "“未发生行政复议、行政诉讼案件”“未被申请行政复议”“行政复议、行政诉讼均为0”“零发生”即为0。"
        "被申请行政复议的结果（“其中维持1件、纠正1件”“被纠错1件”“结果均为维持”）对应行政复议的“结果维持”"
        "“结果纠正”，同一句也说到行政诉讼的不核对。\n"
        "- 规范性文件数：制定、制发、印发、出台对应“本年制发件数”，废止对应“本年废止件数”，现行有效对应"
        "“现行有效件数”（如“制发规范性文件4件，废止2件，现行有效32件”）；2019年格式中制定/印发对应“本年新制作数量”"
        "或“本年新公开数量”，新公开对应“本年新公开数量”，废止、现行有效无对应栏目，不检查。\n\n"
        "不核对的：只说网上申请、自然人等部分申请的，“上年结转的3件申请中”这样说其中一部分的，公文的公开属性"
        "（不予公开的公文）；按渠道、内容或来源说的申请数（当面申请收到3件、收到上级转办申请2件），自然人、法人"
        "或某月、某方面的申请，另有、尚在期限内、延期或当场答复的申请，同一句中同一事项说了两次的（都是分项）；"
        "行政许可等其他事项的申请（行政许可申请、办事申请）；作为复议机关收到、办理、审理、决定的复议案件、"
        "一般应诉案件、涉及其他事项的案件。\n\n"
        "只检查含义明确的句子：一个分句只说一件事、只有一个确切数字；“约”“余”“多”“以上”不作为确数；"
        "“其中”“包括”“分别为”之后及括号中的其他分项、同一句中同一事项的两个不同数字（按发文名义分说）、"
        "其他年度（含“上年度”“去年”“二〇二二年”）、与上年相比的增减数、计划数、“累计”“以来”、"
        "部门报告中全市（全县）的数（政府自己的报告中“全县”的数就是本报告的数，照常核对）、各乡镇街道、市直部门的"
        "汇总、局属（下属）单位或局机关的分数、上半年（季度）或“至今”的数、"
        "“规章和规范性文件”等合说两类的分句都不检查。"
        "“收到申请16件（含上年结转1件）”即本年新收加上年结转；“制发规范性文件4件、废止1件、现行有效25件”逐项核对；"
        "办结数也可对应“本年新收”减“结转下年度”。\n\n"
        "某个单元格所在的表内勾稽关系（各行总计、办理结果总计、结转平衡、复议诉讼总计）已不成立时，"
        "该格与正文的不一致通常不另报（由 GK201/GK202/GK203/GK401 指出），以免指错方向；"
        "但若正文的数字恰好能使这些关系全部成立，说明填错的是该单元格，仍会报告。"
    )
    bad_example = "2023年，我局共收到政府信息公开申请5件。（第三部分表格“本年新收”总计为 3）"
    good_example = "2023年，我局共收到政府信息公开申请3件。（第三部分表格“本年新收”总计为 3）"
    messages = {
        "contradiction": (
            "正文「{clause}」中的数字 {actual} 与统计表「{cell}」的 {expected} 不一致",
            "the text {clause!r} states {actual}, but the table's {cell!r} holds {expected}",
        ),
        "corroborated": (
            "正文「{clause}」中的数字 {actual} 与统计表「{cell}」的 {expected} 不一致；"
            "该格所在的表内合计也不成立，而改为 {actual} 即可成立：很可能是该格填错",
            "the text {clause!r} states {actual}, but the table's {cell!r} holds {expected}; the table's "
            "own sums through that cell fail too, and {actual} would make them hold: the cell is likely wrong",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        sections = [report.sections[part] for part in _STATING_PARTS if part in report.sections]
        paragraphs = [paragraph for section in sections for paragraph in section.paragraphs]
        failing = report.failing_balances
        area = _own_area(report.agency)
        for statement in (s for run in text_runs(report, paragraphs) for s in statements(run, report.year, area)):
            allowed, cell = table_values(report, statement.topic)
            if cell is None or not allowed or statement.value in allowed:
                continue
            # A cell whose own table arithmetic fails is the likelier culprit, and the totals rules
            # already point at it; the text only adds something when its number is the one that
            # would repair that arithmetic.
            through = [b for b in failing if any(c.place == cell.place for c in b.cells)]
            repairs = statement.topic in SINGLE_CELL_TOPICS and all(
                _repairing_value(cell, b) == statement.value for b in through
            )
            if through and not repairs:
                continue
            name = SUMMED_NAMES.get(statement.topic)
            # a kind of result of several rows is named as their sum, at the first of them
            place = replace(cell.place, title=name) if name and statement.topic in RESULT_ROWS else cell.place
            yield ctx.finding(
                "corroborated" if through else "contradiction",
                location=statement.location,
                place=place,
                clause=statement.clause,
                cell=name or cell.place.title,
                # the value of the cell named (not another the text may mean: new - carried out)
                expected=int(cell.number)
                if through or statement.topic in SINGLE_CELL_TOPICS
                else min(allowed, key=lambda v: abs(v - statement.value)),
                actual=statement.value,
            )


class NarrativePartsSum(Rule):
    code = "GK702"
    name = "narrative-parts-sum"
    severity = Severity.INFO
    summary = (
        "“共N条，其中/包括/分别为……”的分项之和与总数不符",
        "the parts listed after 其中/包括/分别为 do not add up to the stated whole",
    )
    explanation = (
        "“共N条，其中a条、b条……”以及“包括”“包含”“主要包括”“具体为”“分别为”引出的分项（“其中”也可在下一句开头），"
        "其和应与总数相符；先列分项、后说“共计/合计/共N条”的，分项之和也不应超过N。"
        "“其中”“包括”可能只列举一部分，所以分项之和小于总数不报告，大于总数一定有误；"
        "“分别为”列出的是全部分项，和不等于总数也报告；“其中A、B、其他信息分别为…”列到“其他”的也是全部分项；"
        "分项名写在总数与“分别为”之间（“326条，工作动态、通知公告分别为…”）的可能只是部分，大于总数才报告。"
        "总数取紧挨在“其中”等词之前的分句中的确数（件、条、项、宗、份、次）；"
        "分项到开始另一件事的分句（如“发布政策解读30条”“答复网民留言35条”）或数字大于总数的分句为止，而“解读及回应信息共计110条”这类自带数量的分项"
        "仍属列表；分项累加恰好等于总数（或句中更早的某个数，如“收到20件，办结18件，其中……”）时即视为相符，"
        "其后的内容不再计入。只有一个分项、带“余”“约”的数、百分比、"
        "括号中的细分、“累计”“以来”或其他年度的数都不检查。"
    )
    bad_example = "主动公开政府信息60条，其中工作动态43条、政策文件20条。"
    good_example = "主动公开政府信息60条，其中工作动态43条、政策文件17条。"
    messages = {
        "exceeds": (
            "「{sentence}」：分项之和 {actual} 超过了总数 {expected}",
            "{sentence!r}: the parts add up to {actual}, more than the whole {expected}",
        ),
        "falls_short": (
            "「{sentence}」：“分别为”所列分项之和 {actual} 少于总数 {expected}",
            "{sentence!r}: the parts listed as the whole (分别为) add up to {actual}, less than {expected}",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for run in text_runs(report, report.document.paragraphs):
            yield from self._run_findings(report, ctx, run)

    def _run_findings(self, report: Report, ctx: RuleContext, paragraphs: list[Paragraph]) -> Iterator[Finding]:
        texts = [fold(paragraph.text) for paragraph in paragraphs]
        for n, paragraph in enumerate(paragraphs):
            own = texts[n]
            if not may_list_parts(own):
                continue  # no sentence of it opens a list of parts: most paragraphs
            # a list a line break of a PDF cut (…人事信息 / 12条、财政信息6条。) goes on in the next one
            text = own + sentence_run_on(texts, n)
            text = _LISTED_AFTER_COLON.sub(_semicolons_as_commas, text)  # offsets kept: one character for one
            previous: re.Match[str] | None = None  # the sentence before, unless it held a list of its own
            for sentence in _SENTENCE.finditer(text):
                start, written = sentence.start(), sentence.group(0)
                if start >= len(own):
                    break  # the next paragraph's own sentence: read with it
                if previous is not None and _OPENS_WITH_LIST.match(written):
                    # 主动公开政府信息60条。其中，…: the list goes on from the sentence before
                    start, written = previous.start(), text[previous.start() : sentence.end()]
                read = written.replace("。", ",")
                found = parts_list(read, report.year) or summed_list(read, report.year)
                previous = sentence if found is None else None
                if found is None:
                    continue
                short = written.strip()
                yield ctx.finding(
                    "exceeds" if found.parts > found.whole else "falls_short",
                    location=clause_location(paragraph, start, written[: len(own) - start]),
                    place=LogicalPlace(title="正文"),
                    sentence=short if len(short) <= 60 else short[:58] + "……",
                    expected=found.whole,
                    actual=found.parts,
                )


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [NarrativeContradiction, NarrativePartsSum]
