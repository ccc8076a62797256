"""Render report content as the text layouts people paste: cell per line, tab rows, pipe rows,
and Markdown. Merged cells either vanish (``merged="omit"``, as Word's copy-as-text does) or
leave empty cells in the positions they cover (``merged="blank"``)."""

from __future__ import annotations

from collections.abc import Callable

from tests.render.content import TABLE_OF_PART, Grid, ReportContent, expand, table_grid


def flat_rows(grid: Grid, merged: str = "omit") -> list[list[str]]:
    if merged == "omit":
        return [[cell.text for cell in row] for row in grid]
    return expand(grid, repeat=False)


def _document(
    content: ReportContent, table: Callable[[list[list[str]]], list[str]], merged: str, heading: str = ""
) -> str:
    lines: list[str] = []
    if content.title:
        lines += [heading * 1 + (" " if heading else "") + content.title, ""]
    lines += [*content.preamble, ""]
    for number in range(1, 7):
        lines.append((heading * 2 + " " if heading else "") + content.heading(number))
        lines += content.sections.get(number, [])
        if number in TABLE_OF_PART:
            lines += table(flat_rows(table_grid(content, TABLE_OF_PART[number]), merged))
        lines.append("")
    return "\n".join(lines) + "\n"


def cell_per_line(content: ReportContent, merged: str = "omit") -> str:
    """One cell per line after a tab, a blank line between rows (seeds 000, 001, 003)."""

    def table(rows: list[list[str]]) -> list[str]:
        out: list[str] = []
        for row in rows:
            out += ["\t" + text for text in row] + [""]
        return out

    return _document(content, table, merged)


def tab_rows(content: ReportContent, merged: str = "blank") -> str:
    """One row per line, cells separated by tabs (seed 002)."""
    return _document(content, lambda rows: ["\t".join(row) for row in rows], merged)


def pipe_rows(content: ReportContent, merged: str = "blank") -> str:
    """``| a | b |`` rows without a Markdown separator (seed 004)."""
    return _document(content, lambda rows: ["| " + " | ".join(row) + " |" for row in rows], merged)


def markdown(content: ReportContent) -> str:
    """Markdown: ATX headings and pipe tables with a separator row after the first row."""

    def table(rows: list[list[str]]) -> list[str]:
        width = max(len(r) for r in rows)
        lines = ["", "| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return [*lines, ""]

    return _document(content, table, "blank", heading="#")


LAYOUTS: dict[str, Callable[[ReportContent], str]] = {
    "cell-per-line": cell_per_line,
    "cell-per-line-blank": lambda c: cell_per_line(c, merged="blank"),
    "tab-rows": tab_rows,
    "pipe-rows": pipe_rows,
}
