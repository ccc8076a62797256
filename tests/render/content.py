"""Report content in a neutral form, and the national tables as grids with merged cells.

Renderers (text layouts, Markdown, HTML, DOCX, PDF) all start from ``ReportContent`` and lay
the three tables out from ``table_grid``, which spells out the merges of the published national
format (rowspans of 三、本年度办理结果 and the group labels, colspans of the headers). Content comes
either from a bound ``Report`` (``from_report``: re-render a real seed) or is generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gklint.model import Report
from gklint.templates.national import ACTIVE, APPLICANTS, APPLICATIONS, OUTCOMES, REVIEW_GROUPS, SECTIONS

Values = dict[str, dict[str, dict[str, str]]]  # table key -> row key -> column key -> cell text


@dataclass
class ReportContent:
    title: str | None
    preamble: list[str]
    sections: dict[int, list[str]]  # part number -> paragraphs under its heading
    values: Values
    headings: dict[int, str] = field(default_factory=dict)  # part number -> heading text

    def heading(self, number: int) -> str:
        if number in self.headings:
            return self.headings[number]
        spec = SECTIONS[number - 1]
        return f"{'一二三四五六'[number - 1]}、{spec.title}"


def from_report(report: Report) -> ReportContent:
    """The content of a bound report: its title, paragraphs and every bound cell's text."""
    first_heading = min((s.location.line or 0 for s in report.sections.values()), default=0)
    preamble = [
        p.text
        for p in report.document.paragraphs
        if (p.location.line or 0) < first_heading and p.text.strip() and p.text.strip() != (report.title or "")
    ]
    values: Values = {
        key: {row_key: {col: cell.raw for col, cell in row.items()} for row_key, row in table.items()}
        for key, table in report.tables.items()
    }
    return ReportContent(
        title=report.title,
        preamble=preamble,
        sections={n: [p.text for p in s.paragraphs] for n, s in report.sections.items()},
        values=values,
        headings={n: s.heading for n, s in report.sections.items()},
    )


@dataclass(frozen=True)
class GridCell:
    """One cell of a laid-out table; ``key`` is (table, row, column) for value cells."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    key: tuple[str, str, str] | None = None


Grid = list[list[GridCell]]


def _value(values: Values, table: str, row: str, column: str, colspan: int = 1) -> GridCell:
    text = values.get(table, {}).get(row, {}).get(column, "0")
    return GridCell(text, colspan=colspan, key=(table, row, column))


def _active_grid(values: Values) -> Grid:
    grid: Grid = []
    rows = {r.key: r for r in ACTIVE.rows}

    def block(item: str, header: list[str], keys: list[str]) -> None:
        grid.append([GridCell(f"第二十条第（{item}）项", colspan=4)])
        span = 3 if len(header) == 1 else 1
        grid.append([GridCell("信息内容"), *(GridCell(h, colspan=span) for h in header)])
        for key in keys:
            row = rows[key]
            grid.append([GridCell(row.label), *(_value(values, "active", key, c, span) for c in row.columns)])

    block("一", ["本年制发件数", "本年废止件数", "现行有效件数"], ["regulations", "normative_documents"])
    block("五", ["本年处理决定数量"], ["licensing"])
    block("六", ["本年处理决定数量"], ["penalty", "enforcement"])
    block("八", ["本年收费金额（单位：万元）"], ["fees"])
    return grid


_GROUPS = (
    ("withheld", "（三）不予公开"),
    ("unavailable", "（四）无法提供"),
    ("not_processed", "（五）不予处理"),
    ("other", "（六）其他处理"),
)


def _applications_grid(values: Values) -> Grid:
    def numbers(key: str) -> list[GridCell]:
        return [_value(values, "applications", key, c) for c in APPLICANTS]

    rows = {r.key: r for r in APPLICATIONS.rows}
    grid: Grid = [
        [GridCell(APPLICATIONS.headers[0].label, rowspan=3, colspan=3), GridCell("申请人情况", colspan=7)],
        [GridCell("自然人", rowspan=2), GridCell("法人或其他组织", colspan=5), GridCell("总计", rowspan=2)],
        [GridCell(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")],
        [GridCell(rows["new"].label, colspan=3), *numbers("new")],
        [GridCell(rows["carried_in"].label, colspan=3), *numbers("carried_in")],
    ]
    result_rows = [r for r in APPLICATIONS.rows if r.key not in ("new", "carried_in", "carried_out")]
    first = True
    for row in result_rows:
        lead = [GridCell("三、本年度办理结果", rowspan=len(result_rows))] if first else []
        first = False
        group = row.key.split(".")[0]
        leaves = [r for r in result_rows if r.key.startswith(group + ".")]
        if "." not in row.key:
            grid.append([*lead, GridCell(row.label, colspan=2), *numbers(row.key)])
        else:
            title = dict(_GROUPS)[group]
            group_cell = [GridCell(title, rowspan=len(leaves))] if row is leaves[0] else []
            grid.append([*lead, *group_cell, GridCell(row.label), *numbers(row.key)])
    grid.append([GridCell(rows["carried_out"].label, colspan=3), *numbers("carried_out")])
    return grid


_OUTCOME_TITLES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def _review_grid(values: Values) -> Grid:
    return [
        [GridCell("行政复议", colspan=5), GridCell("行政诉讼", colspan=10)],
        [
            *(GridCell(t, rowspan=2) for t in _OUTCOME_TITLES),
            GridCell("未经复议直接起诉", colspan=5),
            GridCell("复议后起诉", colspan=5),
        ],
        [GridCell(t) for t in _OUTCOME_TITLES * 2],
        [_value(values, "review_litigation", g, o) for g in REVIEW_GROUPS for o in OUTCOMES],
    ]


def table_grid(content: ReportContent, table: str) -> Grid:
    """The national layout of ``table`` ("active", "applications", "review_litigation")."""
    builders = {"active": _active_grid, "applications": _applications_grid, "review_litigation": _review_grid}
    return builders[table](content.values)


TABLE_OF_PART = {2: "active", 3: "applications", 4: "review_litigation"}


def expand(grid: Grid, repeat: bool = True) -> list[list[str]]:
    """The grid with merges resolved: every covered position repeats the merged cell's text, or
    with ``repeat=False`` is empty (as Word's text export leaves it)."""
    out: dict[tuple[int, int], str] = {}
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in out:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    out[(r + dr, c + dc)] = cell.text if repeat or dr == dc == 0 else ""
            c += cell.colspan
    height = max(r for r, _ in out) + 1
    width = max(c for _, c in out) + 1
    return [[out.get((r, c), "") for c in range(width)] for r in range(height)]
