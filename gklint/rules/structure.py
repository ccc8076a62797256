"""Structure and cell rules: the parts, tables, rows and labels of the format, and what each
cell holds. They read what the binder noted; none of them knows a particular template."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import pairwise

from gklint.plugin import (
    PART_NAMES,
    BindingNote,
    Finding,
    Fix,
    Location,
    LogicalPlace,
    Report,
    Rule,
    RuleContext,
    Section,
    Severity,
    edit_distance,
    fold,
    hookimpl,
    lazy_pattern,
    normalize_label,
)
from gklint.rules.structure_template import OutdatedTemplate


def _notes(report: Report, kind: str) -> Iterable[BindingNote]:
    return (n for n in report.notes if n.kind == kind)


class TableNotBound(Rule):
    code = "GK010"
    name = "table-not-bound"
    severity = Severity.ERROR
    summary = ("表格存在但无法与模板对应", "a template table is present but its rows could not be matched")
    explanation = (
        "表格中某一行的单元格数与模板不符（多出或缺少），或某部分下的表格一行也无法识别、"
        "已被压平为连续文字，或只以图片发布。"
        "压平的表格（网页采集时单元格之间的分隔丢失，数字连写在一起）中，拆法唯一、且拆开后本行与全表的合计都成立的行照常读取；"
        "其余的行各报一次。"
        "gklint 不猜测：该行的数字不参与任何核对（合计、结转、与正文或上年度的比较），请核对该行是否错位、合并或缺格。"
    )
    bad_example = "行政许可 | 264 | 12 | 7      （该行只应有一个数字）"
    good_example = "行政许可 | 264"
    messages = {
        "row-shape": (
            "{where}：该行有 {found} 个单元格，模板要求 {expected} 个，无法可靠对应",
            "{where}: the row has {found} cells where the template has {expected}; it cannot be bound reliably",
        ),
        "run-together": (
            "{where}：该行的数字连写为「{digits}」，无法可靠拆分为模板要求的 {expected} 个单元格"
            "（只有拆法唯一、且拆开后本行与全表的合计都成立时才读取），不参与核对",
            '{where}: the row\'s numbers run together as "{digits}", which cannot be split into the '
            "template's {expected} cells reliably (a row is read only when one split alone exists and the "
            "row's and the table's totals hold with it); it is not checked",
        ),
        "duplicate": (
            "{where}：该行重复出现，只采用第一次出现的数据",
            "{where}: the row appears twice; the first is used",
        ),
        "table-copy": (
            "第{part}部分的表格出现了第二份（其中 {count} 行数字与第一份不同）：只核对第一份，第二份的数字不参与核对；"
            "如为本级与汇总等不同口径的两张表，请分别核对",
            "the table of part {part} appears a second time ({count} rows with other numbers): only the first is "
            "checked, not the second; if they are two tables (this agency's and a summary), check each",
        ),
        "table-unbound": (
            "第{part}部分下的表格无法识别：其中没有任何一行的标签与模板相符",
            "the table under part {part} cannot be bound: none of its labels matches the template",
        ),
        "values-apart": (
            "{where}：有 {found} 个数字排在表头之后、任何一行之前，与行标签分开（如逐列提取的 PDF 文字），"
            "各行的数字无法可靠对应，没有数字的行不按空白处理：请核对原始文件",
            "{where}: {found} numbers stand after the headings and before any row, apart from the row labels "
            "(as in PDF text extracted column by column): the rows' numbers cannot be bound reliably, and rows "
            "without numbers are not taken as blank; check the original file",
        ),
        "table-flattened": (
            "第{part}部分的统计表已被压平为一段连续文字，行与单元格无法可靠区分，无法读取：请核对原始页面或文件",
            "the tables of part {part} were flattened into running text: their rows and cells cannot be told "
            "apart reliably; check the original page or file",
        ),
        "table-image": (
            "第{part}部分没有文字形式的统计表，只有图片：以图片发布的统计表无法核对，请以文字表格发布{table}",
            "part {part} holds a picture and no table in text: a table published as an image cannot be checked; "
            "publish {table} as a text table",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        yield from _duplicates(report, ctx)
        for note in _notes(report, "row-shape"):
            yield ctx.finding(
                "run-together" if note.digits_run_together else "row-shape",
                location=note.location,
                place=note.place,
                where=note.place.quoted(),
                found=note.count,
                expected=note.expected,
                actual=note.count,
                digits=note.found,
            )
        for note in _notes(report, "values-apart"):
            yield ctx.finding(
                "values-apart", location=note.location, place=note.place, where=note.place.quoted(), found=note.count
            )
        for note in _notes(report, "table-unbound"):
            part = PART_NAMES.get(note.place.part or 0, "?")
            yield ctx.finding("table-unbound", location=note.location, place=note.place, part=part)
        flattened = list(_notes(report, "table-flattened"))
        if flattened:  # one finding for the page: every table of it is run into the text
            parts = "、".join(PART_NAMES.get(n.place.part or 0, "?") for n in flattened)
            yield ctx.finding("table-flattened", location=flattened[0].location, part=parts)
        for note in _notes(report, "table-image"):
            part = PART_NAMES.get(note.place.part or 0, "?")
            yield ctx.finding(
                "table-image", location=note.location, place=note.place, part=part, table=note.place.quoted()
            )


def _duplicates(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A row met again with other numbers, one finding each (the same numbers again say nothing);
    a table repeated whole (most of its rows again: a summary under the agency's own, an appendix)
    is one finding when several of its rows differ."""
    by_table: dict[str | None, list[BindingNote]] = {}
    for note in _notes(report, "row-duplicate"):
        by_table.setdefault(note.place.table, []).append(note)
    for table, notes in by_table.items():
        differ = [note for note in notes if note.detail != "same"]
        bound = report.tables.get(table or "")
        if len(differ) >= _COPY_ROWS and bound is not None and 2 * len(notes) >= len(bound):
            first = differ[0]
            part = PART_NAMES.get(first.place.part or 0, "?")
            place = LogicalPlace(part=first.place.part, table=table)
            yield ctx.finding("table-copy", location=notes[0].location, place=place, part=part, count=len(differ))
            continue
        for note in differ:
            yield ctx.finding("duplicate", location=note.location, place=note.place, where=note.place.quoted())


_COPY_ROWS = 3  # rows of other numbers in a second copy of a table (half its rows again) told as one


class MissingSection(Rule):
    code = "GK101"
    name = "missing-section"
    severity = Severity.WARNING
    summary = ("缺少六个部分之一", "one of the six parts is absent")
    explanation = "年度报告应包含六个部分（条例第五十条）。找不到某一部分的标题时报告。"
    bad_example = "（全文没有“六、其他需要报告的事项”）"
    good_example = "六、其他需要报告的事项\n本年度未收取信息处理费。"
    messages = {"missing": ("缺少第{part}部分「{title}」", "part {part} ({title}) is missing")}

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for note in _notes(report, "section-missing"):
            part = PART_NAMES.get(note.place.part or 0, "?")
            yield ctx.finding("missing", place=note.place, part=part, title=note.expected)


class SectionOrder(Rule):
    code = "GK102"
    name = "section-order"
    severity = Severity.WARNING
    summary = ("六个部分的顺序不对", "the parts are out of order")
    explanation = "六个部分应按一至六的顺序排列。"
    bad_example = "一、总体情况 … 三、… 二、…"
    good_example = "一、总体情况 … 二、… 三、…"
    messages = {
        "order": ("第{part}部分出现在第{previous}部分之后，应在其前", "part {part} comes after part {previous}")
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for before, after in pairwise(_in_reading_order(report)):
            if after.number < before.number:
                yield ctx.finding(
                    "order",
                    location=after.location,
                    place=LogicalPlace(part=after.number),
                    part=PART_NAMES[after.number],
                    previous=PART_NAMES[before.number],
                )


def _in_reading_order(report: Report) -> list[Section]:
    """The parts in the order their headings are read: by their place in the source, and where one
    line of the source holds several headings (a portal's page of few long lines), by the order of
    the document's paragraphs."""
    sections = sorted(report.sections.values(), key=lambda s: s.location.sort_key())
    keys = [s.location.sort_key() for s in sections]
    if len(set(keys)) == len(keys):
        return sections  # the usual answer: every heading has a place of its own
    tied = {s.number: s for s, key in zip(sections, keys) if keys.count(key) > 1}
    order: dict[int, int] = {}
    for index, paragraph in enumerate(report.document.paragraphs):
        for number, section in tied.items():
            heading = paragraph.location == section.location and paragraph.text.strip() == section.heading
            if heading and number not in order:
                order[number] = index
    return sorted(sections, key=lambda s: (s.location.sort_key(), order.get(s.number, 0)))


class MissingTable(Rule):
    code = "GK103"
    name = "missing-table"
    severity = Severity.ERROR
    summary = ("缺少必备的统计表", "a mandatory table is absent under its part")
    explanation = "第二、三、四部分各有一张固定格式的统计表。找不到该表时报告（表格存在但无法识别时见 GK010）。"
    bad_example = "三、收到和处理政府信息公开申请情况\n本年度未收到申请。（没有表格）"
    good_example = "三、收到和处理政府信息公开申请情况\n（附完整的统计表，数字为 0 时填 0）"
    messages = {"missing": ("缺少统计表{table}", "the table {table} is missing")}

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for note in _notes(report, "table-missing"):
            yield ctx.finding("missing", location=note.location, place=note.place, table=note.place.quoted())


class MissingRow(Rule):
    code = "GK104"
    name = "missing-row"
    severity = Severity.ERROR
    summary = ("表格缺少模板中的某一行", "a template row is absent from a table")
    explanation = "统计表的每一行都必须出现，即使数字为 0。"
    bad_example = "（第三部分表格中没有“（四）无法提供 3.补正后申请内容仍不明确”一行）"
    good_example = "3.补正后申请内容仍不明确 | 0 | 0 | 0 | 0 | 0 | 0 | 0"
    messages = {"missing": ("统计表缺少「{label}」一行", "the table lacks the row {label!r}")}

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for note in _notes(report, "row-missing"):
            yield ctx.finding(
                "missing", location=note.location, place=note.place, table=note.place.table, label=note.expected
            )


class LabelMismatch(Rule):
    code = "GK105"
    name = "label-mismatch"
    severity = Severity.WARNING
    summary = ("标题或行、列标签与模板不一致（错别字）", "a heading, row or column label differs from the template")
    explanation = (
        "标签与全国统一格式的文字不一致，多为错别字。空格、全角半角、换行不算差异；条例第五十条的表述作为别名接受。"
    )
    bad_example = "本年度止件数"
    good_example = "本年废止件数"
    messages = {
        "typo": ("「{found}」与模板不一致，应为「{expected}」", "{found!r} differs from the template: {expected!r}"),
        "unlabelled": (
            "这一行数字没有可识别的标签（缺失、残缺或错位），已按其在表中的位置对应为「{expected}」",
            "this row of numbers has no recognisable label (missing, cut or displaced); "
            "it was bound by its position in the table as {expected!r}",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for note in _notes(report, "row-unlabelled"):
            yield ctx.finding("unlabelled", location=note.location, place=note.place, expected=note.expected)
        for note in _notes(report, "label-mismatch"):
            yield ctx.finding(
                "typo",
                location=note.location,
                place=note.place,
                found=note.found,
                expected=note.expected,
                actual=note.found,
                fix=_typo_fix(note, ctx),
            )


_NUMBERING = lazy_pattern(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．])")
_TYPO_EDITS = 2  # more than this is a rewording, not a typo: leave it to the author


def _typo_fix(note: BindingNote, ctx: RuleContext) -> Fix | None:
    """The template's label in place of a miswritten one; a part heading keeps its own numeral
    (the template's heading has none)."""
    numeral = _NUMBERING.match(note.found)
    label = note.expected
    if numeral and not _NUMBERING.match(label) and note.place.table is None:
        label = numeral.group(0) + label
    return ctx.replacement(note.found, label, note.location) if _is_typo(note.found, label) else None


def _is_typo(found: str, label: str) -> bool:
    """A label with a character or two miswritten, added or dropped inside it, numbered like the
    template's: safe to overwrite. A label cut short or lengthened at either end (a header truncated
    by a crawler, an abbreviation) is a wording to leave to its author, and a label with table
    syntax in it is not all label."""
    if any(c in found for c in "|\t\n") or bool(_NUMBERING.match(found)) != bool(_NUMBERING.match(label)):
        return False
    short, long = sorted((normalize_label(found), normalize_label(label)), key=len)
    if not short or long.startswith(short) or long.endswith(short):
        return False
    return edit_distance(short, long) <= _TYPO_EDITS


_YEAR = lazy_pattern(r"(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}")


class MissingTitle(Rule):
    code = "GK112"
    name = "missing-title"
    severity = Severity.WARNING
    summary = ("缺少标题，或标题中没有年度或机关名称", "no title, or a title without the report year or the agency")
    explanation = (
        "报告应以“（机关名称）（年度）年政府信息公开工作年度报告”为标题，便于公众和评估者识别。标题折成两行、"
        "写成“……年度报告（2024年度）”都算有标题；网页的导航路径（“当前位置：首页 > …”）不是机关名称。"
    )
    bad_example = "一、总体情况（文首没有标题）"
    good_example = "某某市某某局2023年政府信息公开工作年度报告"
    messages = {
        "none": ("报告没有标题（应写明机关名称和年度）", "the report has no title (with the agency and the year)"),
        "no-agency": ("标题「{title}」中没有机关名称", "the title {title!r} does not name the agency"),
        "no-year": ("标题「{title}」中没有报告年度", "the title {title!r} does not give the report year"),
        "no-agency-no-year": (
            "标题「{title}」中没有机关名称和年度",
            "the title {title!r} names neither agency nor year",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        if report.title is None:
            yield ctx.finding("none", location=Location())
            return
        named = report.agency is not None and _title_names(report, report.agency)
        year = _YEAR.search(_squeezed(report.title))  # 2 0 2 3 年: a year spaced out in letter-spaced type
        missing = [what for what, there in (("agency", named), ("year", year)) if not there]
        if missing:
            yield ctx.finding("no-" + "-no-".join(missing), location=report.title_location, title=report.title)


_TITLE_LINE = 40  # a line of a title block is short, and no sentence
_SENTENCE_MARK = lazy_pattern(r"[，。；,;]")


def _title_names(report: Report, agency: str) -> bool:
    """Whether the title, or a line of its title block (the two lines above or the two below it), names
    the agency: one the binder took from a sentence of the opening is not the title's."""
    wanted = _squeezed(agency)
    if wanted in _squeezed(report.title or ""):
        return True
    lines = [p.text for p in report.document.paragraphs if p.text.strip()]
    at = next((n for n, line in enumerate(lines) if (report.title or "\0").strip() in line), None)
    if at is None:
        return False
    short = [len(line) <= _TITLE_LINE and not _SENTENCE_MARK.search(line) for line in lines]
    if any(wanted in _squeezed(lines[n]) for n in range(max(0, at - 1), min(len(lines), at + 3)) if short[n]):
        return True
    # the two lines above together: 某市发展和改革局 / （某市粮食局） / 2023年…年度报告
    return at >= 2 and short[at - 2] and short[at - 1] and wanted == _squeezed(lines[at - 2] + lines[at - 1])


def _squeezed(text: str) -> str:
    return fold(text).replace(" ", "").replace("\u3000", "")


class PreFormatReport(Rule):
    code = "GK113"
    name = "pre-format-report"
    severity = Severity.INFO
    summary = ("2019 年以前的报告，统一格式不适用", "a report before 2019: the national format does not apply")
    explanation = (
        "全国统一的年度报告格式自 2019 年度报告起施行。更早的报告按原条例编写，没有这三张统计表，六个部分也不同："
        "gklint 只报告这一次，不逐一列出缺少的部分、表格和行，也不要求写明统计期限。"
    )
    bad_example = "某市某局2017年政府信息公开工作年度报告（按原条例编写，没有统一格式的表格）"
    good_example = "某市某局2023年政府信息公开工作年度报告（使用国办公开办函〔2021〕30号格式）"
    messages = {
        "legacy": (
            "{year}年度报告早于全国统一格式（2019年度起），部分和表格的检查不适用",
            "the {year} report predates the national formats (2019 onwards): parts and tables are not checked",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        if report.year is not None and report.year < 2019:  # the binder notes nothing missing either
            yield ctx.finding("legacy", location=report.title_location, year=report.year)


RULES: list[type[Rule]] = [
    TableNotBound,
    MissingSection,
    SectionOrder,
    MissingTable,
    MissingRow,
    LabelMismatch,
    MissingTitle,
    PreFormatReport,
    OutdatedTemplate,
]


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return RULES
