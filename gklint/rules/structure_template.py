"""GK106, the outdated format, for the structure rules in structure.py (imported by it only): a
report of 2021 or later in the 2019 format, a table of it that keeps the old rows or columns, or a
citation of the superseded notice."""

from __future__ import annotations

from collections.abc import Iterable

from gklint.plugin import (
    Finding,
    Location,
    Parameter,
    Report,
    Rule,
    RuleContext,
    Severity,
    lazy_pattern,
    normalize_label,
)


def _notice_number(text: str) -> str:
    """A document number in one form whatever its brackets: 国办公开办函（2019）60号 = 〔2019〕."""
    normal = normalize_label(text)
    if "(" not in normal and "（" not in normal:  # no bracket to rewrite: most paragraphs, without a sub()
        return normal
    return _BRACKETED_YEAR.sub(r"〔\1〕", normal)


_BRACKETED_YEAR = lazy_pattern(r"[(（](\d{4})[)）]")


class OutdatedTemplate(Rule):
    code = "GK106"
    name = "outdated-template"
    severity = Severity.WARNING
    summary = ("2021 年及以后的报告使用了 2019 年试行格式", "a report of 2021 or later uses the superseded 2019 format")
    explanation = (
        "2021 年度起，年度报告应使用国办公开办函〔2021〕30号印发的格式。使用 2019 年试行格式的表格"
        "（如“本年新制作数量”“上一年项目数量”），或仍引用国办公开办函〔2019〕60号，都说明格式已过时。"
        "只有一张表沿用旧格式的行（如第三部分的表仍只有一行“（六）其他处理”、没有其下的 1—3 项）时，"
        "也报告一次，并指明是哪张表；该表的数字按它所沿用的格式核对。表的其余各行仍是新格式、只有几行"
        "填成旧格式的栏数（如“行政许可 | 上一年项目数量 | 本年增/减 | 处理决定数量”）时，"
        "也报告一次（这些行另报 GK010）；表中出现两个以上只有旧格式才有的栏目名"
        "（如“本年新制作数量”“本年新公开数量”）时同样报告。"
    )
    bad_example = "2022年度报告 … 第二十条第（一）项 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量"
    good_example = "2022年度报告 … 第二十条第（一）项 | 本年制发件数 | 本年废止件数 | 现行有效件数"
    parameters = {
        "superseded": Parameter(("国办公开办函〔2019〕60号",), "已被取代的格式文件", "notices of superseded formats"),
        "since": Parameter(2021, "从该年度起适用新格式", "the first report year of the current format"),
        "current": Parameter(
            "国办公开办函〔2021〕30号",
            "现行格式文件：与之同段引用的旧文件视为说明其被取代，不报告",
            "the current format's notice: a superseded one cited beside it is named as replaced, not reported",
        ),
    }
    messages = {
        "layout": (
            "{year}年度报告使用了已停用的格式（{template}），应使用国办公开办函〔2021〕30号格式",
            "the {year} report uses the superseded format {template}; use the 2021 format",
        ),
        "mixed": (
            "{year}年度报告的{table}仍按已停用的格式（{template}）填报（如「{row}」一行），应使用国办公开办函〔2021〕30号格式",
            "in the {year} report, {table} keeps the rows of the superseded format {template} (e.g. {row!r}); "
            "use the 2021 format",
        ),
        "columns": (
            "{year}年度报告的{table}仍按已停用的格式（{template}）的栏目填报（如「{row}」），应使用国办公开办函〔2021〕30号格式",
            "in the {year} report, {table} keeps the columns of the superseded format {template} (e.g. {row!r}); "
            "use the 2021 format",
        ),
        "citation": (
            "{year}年度报告引用了已被取代的「{citation}」，应为国办公开办函〔2021〕30号",
            "the {year} report cites the superseded {citation}; the current format is 国办公开办函〔2021〕30号",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        year = report.year
        if year is None or year < ctx.option("since"):
            return
        last = report.template_last_year
        if last is not None and year > last:
            active = report.active or next(iter(report.tables.values()), None)
            location = active.location if active is not None else Location()
            yield ctx.finding("layout", location=location, year=year, template=report.template)
        for note in (n for n in report.notes if n.kind in ("template-mixed", "template-rows", "template-columns")):
            if note.count is not None and year > note.count:
                yield ctx.finding(
                    "columns" if note.kind == "template-columns" else "mixed",
                    location=note.location,
                    place=note.place,
                    year=year,
                    table=note.place.quoted(),
                    template=note.found,
                    row=note.detail,
                )
        current = _notice_number(ctx.option("current"))
        for citation in ctx.option("superseded"):
            wanted = _notice_number(citation)
            for paragraph in report.document.paragraphs:
                cited = _notice_number(paragraph.text)
                if wanted in cited and current not in cited:  # beside the current notice: named as replaced
                    yield ctx.finding("citation", location=paragraph.location, year=year, citation=citation)
                    break
