"""``html``: one self-contained page for people who do not read terminals (docs/formats.md).

Per report its metadata and the tables on the national grid with each bound value, the cells findings
are about highlighted by severity and numbered, the messages beside the table, other findings by
part; for a run, the statistics, an SVG chart and the files worst first. No script, no external asset
(a Content-Security-Policy forbids loading any): it opens from a file or an e-mail attachment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from html import escape
from importlib import resources

from gklint.plugin import (
    APPLICANTS,
    REVIEW_GROUPS,
    FileResult,
    Finding,
    Formatter,
    GroupStats,
    ReportSheet,
    RowKey,
    RunResult,
    RunStats,
    Severity,
    SheetRow,
    SheetTable,
    TableKey,
    hookimpl,
    place_in_file,
    run_stats,
)

UI = {
    "title": ("政府信息公开工作年度报告检查结果", "Annual report check results"), "agency": ("机关", "Agency"),
    "year": ("年度", "Year"), "period": ("统计期限", "Statistics period"), "template": ("格式", "Template"),
    "format": ("来源格式", "Source format"), "published": ("发布日期", "Published"), "path": ("文件", "File"),
    "files": ("文件数", "Files"), "unknown": ("（未识别）", "(not found)"), "passed": ("通过", "Pass"),
    "failed": ("未通过", "Fail"), "findings": ("发现项", "Findings"), "rule": ("规则", "Rule"),
    "by_rule": ("按规则", "By rule"), "by_agency": ("按机关", "By agency"), "by_year": ("按年度", "By year"),
    "by_format": ("按来源格式", "By source format"), "worst": ("各文件（问题多的在前）", "Files, worst first"),
    "chart": ("各规则发现项数量", "Findings per rule"), "clean": ("未发现问题", "No findings"),
    "head": ("共 {files} 个文件，{passed} 个通过（{share}）", "{files} files, {passed} pass ({share})"),
    "skipped": ("跳过（不是年度报告）", "Skipped (not annual reports)"),
    "other": ("其他发现项（按部分）", "Other findings, by part"), "whole": ("全文", "Whole document"),
    "unread": ("未能读取为年度报告", "Not read as an annual report"), "line": ("第 {n} 行", "line {n}"),
    "missing": ("缺失", "missing"), "code": ("代码", "Code"), "name": ("名称", "Name"),
    "severity": ("级别", "Severity"), "aside": ("（{text}）", "({text})"),
}  # fmt: skip
SEVERITY_TEXT = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
PARTS = ("报告说明", "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
         "六、其他需要报告的事项")  # fmt: skip
# The national grid by canonical key (domain.md): the layout the template data does not describe.
ARTICLE_ITEMS: dict[str, str] = {RowKey.REGULATIONS: "（一）", RowKey.LICENSING: "（五）", RowKey.PENALTY: "（六）",
                 RowKey.FEES: "（八）", RowKey.PROCUREMENT: "（九）"}  # fmt: skip
# Table 三's groups by the prefix of their leaf rows' keys (withheld.1 …), with the label the group stands under
GROUPS = {"withheld": "（三）不予公开", "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
          "other": "（六）其他处理"}  # fmt: skip
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_BAND = "三、本年度办理结果"
COLOURS = {"error": "#c62828", "warning": "#a85d00", "info": "#1358a8"}
Key = tuple[str, str | None, str | None]  # (table, row, column) a finding is about


class Text:
    """The page's words in the run's language."""

    def __init__(self, lang: str) -> None:
        self.pick = 1 if lang == "en" else 0

    def __call__(self, key: str, **values: object) -> str:
        return UI[key][self.pick].format(**values)

    def severity(self, finding: Finding) -> str:
        return SEVERITY_TEXT[finding.severity.label][self.pick]


def attrs(**values: object) -> str:
    shown = {k.rstrip("_").replace("_", "-"): v for k, v in values.items() if v not in (None, "", False)}
    return "".join(f' {k}="{escape(str(v))}"' for k, v in shown.items())


def where(finding: Finding, say: Text) -> str:
    """The source position as people read it: 第 3 页, 第 12 行, a Word element."""
    location = finding.location
    if location.line is not None:
        return say("line", n=location.line)
    return place_in_file(location, "en" if say.pick else "zh")


class ReportView:
    """One report's section: its findings numbered, keyed by the cell, row or header they are about."""

    def __init__(self, result: FileResult, anchor: str, say: Text) -> None:
        self.result, self.anchor, self.say = result, anchor, say
        self.sheet: ReportSheet | None = result.sheet
        self.number = {id(f): n for n, f in enumerate(result.findings, 1)}
        self.drawn = {t.key for t in self.sheet.tables} if self.sheet else set()
        self.on: dict[Key, list[Finding]] = defaultdict(list)
        for finding in result.findings:
            place = finding.place
            if place.table in self.drawn:
                self.on[(place.table, place.row, place.column)].append(finding)

    def cell_id(self, table: str, row: str, column: str) -> str:
        return f"{self.anchor}-{table}-{row}-{column}"

    def marked(self, key: Key, base: str = "") -> tuple[str, str, str]:
        """(class, title, markers) for an element that findings at ``key`` are about."""
        found = self.on.get(key, [])
        if not found:
            return base, "", ""
        worst = max(f.severity for f in found)
        title = "\n".join(f"{f.code} {f.text('en' if self.say.pick else 'zh')}" for f in found)
        links = ",".join(f'<a href="#{self.anchor}-f{self.number[id(f)]}">{self.number[id(f)]}</a>' for f in found)
        marks = f'<sup class="mark">[{links}]</sup>'  # bracketed: a note's number, never read as a cell's value
        return f"{base} sev-{worst.label}".strip(), title, marks

    def td(self, table: str, row: SheetRow, column: str, colspan: int = 1) -> str:
        cell = next((c for c in row.cells if c.column == column), None)
        status = cell.status if cell else "missing"
        cls, title, marks = self.marked((table, row.key, column), status if status != "ok" else "")
        if status == "missing":
            title = title or self.say("missing")
        shown = attrs(id=self.cell_id(table, row.key, column), class_=cls, title=title, colspan=_span(colspan),
                      data_table=table, data_row=row.key, data_col=column)  # fmt: skip
        return f"<td{shown}>{escape(cell.raw if cell else '')}{marks}</td>"

    def label(self, table: str, row: SheetRow, colspan: int = 1) -> str:
        cls, title, marks = self.marked((table, row.key, None))
        text = row.label + (f"（{row.found}）" if row.found and _plain(row.found) != _plain(row.label) else "")
        shown = attrs(class_=cls, title=title, colspan=_span(colspan), data_row=row.key)
        return f"<th{shown}>{escape(text)}{marks}</th>"

    def header(self, table: SheetTable, column: str, group: str = "", **span: int) -> str:
        cls, title, marks = self.marked((table.key, None, column))
        shown = attrs(
            class_=cls, title=title, data_col=column, data_group=group, **{k: _span(v) for k, v in span.items()}
        )
        return f"<th{shown}>{escape(table.column_title(column))}{marks}</th>"


def _span(count: int) -> int | None:
    return count if count > 1 else None


def _plain(text: str) -> str:
    return "".join(text.split())


# --------------------------------------------------------------------------- the three grids


def grid(view: ReportView, table: SheetTable) -> str:
    keys = [row.key for row in table.rows]
    if table.key == TableKey.APPLICATIONS and all(
        c.column == a for r in table.rows for c, a in zip(r.cells, APPLICANTS)
    ):
        body = _applications(view, table)
    elif table.key == TableKey.REVIEW_LITIGATION and tuple(keys) == REVIEW_GROUPS:
        body = _review(view, table)
    else:
        body = _blocks(view, table)
    return f'<table class="grid"{attrs(data_table=table.key)}>{body}</table>'


def _blocks(view: ReportView, table: SheetTable) -> str:
    """Table 二 (and any table the layout does not know): a heading row of columns per block of
    rows that share them, the 第二十条 item above each block."""
    width = max((len(r.cells) for r in table.rows), default=1)
    out, columns = [], None
    for row in table.rows:
        here = tuple(c.column for c in row.cells)
        if row.key in ARTICLE_ITEMS:
            out.append(f'<tr><th class="block" colspan="{width + 1}">第二十条第{ARTICLE_ITEMS[row.key]}项</th></tr>')
            columns = None
        if here != columns:
            spans = _spans(len(here), width)
            heads = "".join(view.header(table, c, colspan=s) for c, s in zip(here, spans))
            out.append(f"<tr><th>信息内容</th>{heads}</tr>")
            columns = here
        cells = "".join(view.td(table.key, row, c, s) for c, s in zip(here, _spans(len(here), width)))
        out.append(f"<tr>{view.label(table.key, row)}{cells}</tr>")
    return "".join(out)


def _spans(count: int, width: int) -> list[int]:
    """Column spans that stretch ``count`` cells over ``width`` columns (the last one takes the rest)."""
    return [1] * (count - 1) + [width - count + 1] if count else []


def _applications(view: ReportView, table: SheetTable) -> str:
    """Table 三 as published: three header rows under 申请人情况, the result rows under one band,
    each group's leaves under the group's label."""
    head = (
        f'<thead><tr><th colspan="3" rowspan="3">{BALANCE_NOTE}</th><th colspan="7">申请人情况</th></tr>'
        f'<tr>{view.header(table, "natural_person", rowspan=2)}<th colspan="5">法人或其他组织</th>'
        f"{view.header(table, 'total', rowspan=2)}</tr>"
        f"<tr>{''.join(view.header(table, c) for c in APPLICANTS[1:-1])}</tr></thead>"
    )
    keys = [row.key for row in table.rows]
    first = keys.index(RowKey.CARRIED_IN) + 1 if RowKey.CARRIED_IN in keys else len(keys)
    last = keys.index(RowKey.RESULTS_TOTAL) if RowKey.RESULTS_TOTAL in keys else first - 1
    out = []
    for index, row in enumerate(table.rows):
        group, _, leaf = row.key.partition(".")
        labels = ""
        if index == first and last >= first:
            labels += f'<th class="band" rowspan="{last - first + 1}">{RESULTS_BAND}</th>'
        if first <= index <= last and leaf:
            if index == 0 or not keys[index - 1].startswith(group + "."):
                size = sum(1 for k in keys if k.startswith(group + "."))
                labels += f'<th class="group" rowspan="{size}">{escape(GROUPS.get(group, group))}</th>'
            labels += view.label(table.key, row)
        else:
            labels += view.label(table.key, row, 2 if first <= index <= last else 3)
        out.append(f"<tr>{labels}{''.join(view.td(table.key, row, c) for c in APPLICANTS)}</tr>")
    return head + "<tbody>" + "".join(out) + "</tbody>"


def _review(view: ReportView, table: SheetTable) -> str:
    """Table 四: 行政复议 and 行政诉讼 side by side, five outcomes each, one row of fifteen values."""
    review, direct, after = table.rows
    band = "".join(view.header(table, c.column, row.key) for row in table.rows for c in row.cells)
    values = "".join(view.td(table.key, row, c.column) for row in table.rows for c in row.cells)
    return (
        f'<tr><th colspan="5" rowspan="2"{attrs(data_row=review.key)}>{escape(review.label)}</th>'
        f'<th colspan="10">行政诉讼</th></tr>'
        f'<tr><th colspan="5"{attrs(data_row=direct.key)}>{escape(direct.label)}</th>'
        f'<th colspan="5"{attrs(data_row=after.key)}>{escape(after.label)}</th></tr>'
        f"<tr>{band}</tr><tr>{values}</tr>"
    )


# --------------------------------------------------------------------------- a report


def note(view: ReportView, finding: Finding) -> str:
    say, number, place, source = view.say, view.number[id(finding)], finding.place, where(finding, view.say)
    link = ""
    if place.table in view.drawn and place.row and place.column:
        link = f' <a href="#{view.cell_id(place.table, place.row, place.column)}">↑</a>'
    bits = [
        f'<span class="num">{number}</span>',
        f'<span class="code">{escape(finding.code)}</span> [{escape(say.severity(finding))}]',
        f'<span class="where">{escape(place.title)}</span>' if place.title else "",
        escape(finding.text("en" if say.pick else "zh")),
        f'<span class="where">{escape(say("aside", text=source))}</span>' if source else "",
    ]
    cls = f"sev-{finding.severity.label}"
    return f"<li{attrs(id=f'{view.anchor}-f{number}', class_=cls)}>{' '.join(b for b in bits if b)}{link}</li>"


def report_section(view: ReportView, fmt: str | None) -> str:
    say, result, sheet = view.say, view.result, view.sheet
    heading = (sheet.title if sheet and sheet.title else None) or result.path
    facts = [(say("path"), result.path), (say("format"), fmt or "-")]
    if sheet is not None:
        facts += [(say("agency"), sheet.agency or say("unknown")), (say("year"), str(sheet.year or say("unknown"))),
                  (say("period"), sheet.period or say("unknown")), (say("template"), sheet.template_title)]  # fmt: skip
        facts += [(say("published"), sheet.published)] if sheet.published else []
    out = [f'<section class="report"{attrs(id=view.anchor, data_path=result.path)}><h2>{escape(heading)}</h2>']
    out.append(_facts(facts))
    levels = (Severity.ERROR, Severity.WARNING, Severity.INFO)
    out.append(pills(tuple(sum(1 for f in result.findings if f.severity is s) for s in levels), say))
    if sheet is None and result.findings:
        out.append(f'<p class="empty">{say("unread")}</p>')
    for table in sheet.tables if sheet else ():
        out.append(f"<h3>{escape(PARTS[table.part] if table.part < len(PARTS) else table.title)}</h3>")
        out.append(grid(view, table))
        notes = [f for f in result.findings if f.place.table == table.key]
        if notes:
            out.append(f'<ol class="notes">{"".join(note(view, f) for f in notes)}</ol>')
    out.append(by_part(view, [f for f in result.findings if f.place.table not in view.drawn]))
    return "".join(out) + "</section>"


def by_part(view: ReportView, findings: Sequence[Finding]) -> str:
    """Findings about no drawn cell, under the part they concern (the whole document first)."""
    if not findings:
        return ""
    parts: dict[int | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        parts[finding.place.part].append(finding)
    out = [f"<h3>{view.say('other')}</h3>"]
    for part in sorted(parts, key=lambda p: -1 if p is None else p):
        name = view.say("whole") if part is None else PARTS[part] if 0 <= part < len(PARTS) else str(part)
        out.append(f'<h4>{escape(name)}</h4><ol class="notes">{"".join(note(view, f) for f in parts[part])}</ol>')
    return "".join(out)


def _facts(facts: Iterable[tuple[str, str]]) -> str:
    return '<dl class="meta">' + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts) + "</dl>"


def pills(counts: Sequence[int], say: Text) -> str:
    """Errors, warnings and infos as coloured counts; "no findings" when there are none."""
    if not any(counts):
        return f'<p class="counts"><span class="pill-pass">{say("clean")}</span></p>'
    spans = [
        f'<span class="pill-{level}">{SEVERITY_TEXT[level][say.pick]} {n}</span>'
        for level, n in zip(("error", "warning", "info"), counts)
        if n
    ]
    return f'<p class="counts">{"".join(spans)}</p>'


# --------------------------------------------------------------------------- the run


def chart(stats: RunStats, say: Text) -> str:
    """Findings per rule as horizontal bars, most first."""
    if not stats.by_rule:
        return ""
    most, bar, top = max(r.findings for r in stats.by_rule), 22, 8
    height = top + bar * len(stats.by_rule) + 8
    rows = []
    for i, rule in enumerate(stats.by_rule):
        y, width = top + i * bar, max(2, round(420 * rule.findings / most))
        rows.append(
            f'<text x="0" y="{y + 15}">{escape(rule.code)} {escape(rule.name)}</text>'
            f'<rect x="230" y="{y + 3}" width="{width}" height="15" fill="{COLOURS[rule.severity]}"/>'
            f'<text x="{236 + width}" y="{y + 15}">{rule.findings}</text>'
        )
    label = escape(say("chart"))
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="720" height="{height}" role="img" '
        f'aria-label="{label}" viewBox="0 0 720 {height}"><title>{label}</title>{"".join(rows)}</svg>'
    )


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(rows_cell) + "</tr>" for rows_cell in ([_cell(c) for c in r] for r in rows))
    return f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(value: str) -> str:
    if value.startswith("<a "):
        return f"<td>{value}</td>"
    return f'<td class="n">{escape(value)}</td>' if value.isdigit() else f"<td>{escape(value)}</td>"


def summary_section(stats: RunStats, anchors: dict[str, str], say: Text) -> str:
    levels = [SEVERITY_TEXT[s][say.pick] for s in ("error", "warning", "info")]
    share = "-" if stats.pass_share is None else f"{stats.pass_share:.1%}"
    head = say("head", files=len(stats.standings), passed=stats.passed, share=share)
    out = [f"<h1>{say('title')}</h1><p>{escape(head)}</p>", pills(stats.counts, say), chart(stats, say)]
    files = [
        (f'<a href="#{anchors[s.path]}">{escape(s.path)}</a>', s.agency or say("unknown"), str(s.year or ""),
         s.format or "", *map(str, s.counts), say("passed") if s.passed else say("failed"))
        for s in stats.standings
    ]  # fmt: skip
    out += [f"<h3>{say('worst')}</h3>", _table([say("path"), say("agency"), say("year"), say("format"), *levels,
                                                 say("passed")], files)]  # fmt: skip
    rules = [
        (r.code, r.name, SEVERITY_TEXT[r.severity][say.pick], str(r.findings), str(r.files)) for r in stats.by_rule
    ]
    rule_heads = [say("code"), say("name"), say("severity"), say("findings"), say("files")]
    out += [f"<h3>{say('by_rule')}</h3>", _table(rule_heads, rules)]
    for key, groups in (("by_agency", stats.by_agency), ("by_year", stats.by_year), ("by_format", stats.by_format)):
        out += [f"<h3>{say(key)}</h3>", _table(["", say("files"), say("passed"), *levels], _group_rows(groups, say))]
    if stats.skipped:
        out.append(f"<h3>{say('skipped')}</h3><ul>{''.join(f'<li>{escape(p)}</li>' for p in stats.skipped)}</ul>")
    return "<header>" + "".join(out) + "</header>"


def _group_rows(groups: Sequence[GroupStats], say: Text) -> list[tuple[str, ...]]:
    return [(say("unknown") if g.name is None else str(g.name), str(g.files), str(g.passed), *map(str, g.counts))
            for g in groups]  # fmt: skip


def page(run: RunResult) -> str:
    say = Text(run.lang)
    stats = run_stats(run)
    by_path = {r.path: r for r in run.files}
    order = [by_path[standing.path] for standing in stats.standings]  # worst first
    anchors = {result.path: f"r{i}" for i, result in enumerate(order, 1)}
    body = [summary_section(stats, anchors, say)] if len(order) != 1 else [f"<h1>{say('title')}</h1>"]
    body += [report_section(ReportView(r, anchors[r.path], say), r.format) for r in order]
    policy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    css = resources.files("gklint.formatters").joinpath("html.css").read_text(encoding="utf-8")
    return (
        f'<!DOCTYPE html>\n<html lang="{"en" if say.pick else "zh-CN"}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="gklint {escape(run.tool_version)}">'
        f"<title>{say('title')}</title><style>{css}</style></head>\n<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


class HtmlFormatter(Formatter):
    name = "html"
    description = "one self-contained web page: the tables with the findings on their cells, run statistics"
    file_extension = ".html"
    draws_tables = True

    def render(self, run: RunResult) -> str:
        return page(run)


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [HtmlFormatter()]
