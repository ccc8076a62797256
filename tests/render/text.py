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


def broken_in_two(text: str) -> str:
    """A cell's text as a narrow cell wraps it, a ``<br>`` halfway (行政规<br>范性文件); numbers and
    short words stay whole."""
    if len(text) < 4 or not any("\u4e00" <= char <= "\u9fff" for char in text):
        return text
    middle = len(text) // 2
    return text[:middle] + "<br>" + text[middle:]


def html2text_rows(
    content: ReportContent, cell: Callable[[str], str] = broken_in_two, closing: Callable[[str], bool] = lambda _: False
) -> str:
    """The text html2text makes of a portal page whose table cells hold ``<br>``s (UEditor, or text
    wrapped by hand): bold part headings; a table's cells joined by ``| `` with no outer bars, merged
    cells once (html2text knows no spans), a ``---|---`` line under its first row; each ``<br>`` a
    line break (a line ends in two spaces), so a row's cells run over several lines. ``cell`` gives a
    cell's HTML text from its text; a cell for which ``closing`` holds also ends in a ``<br>`` (UEditor's
    habit), so the cell after it starts a line with its bar, and a row it ends ends with a blank line."""

    def text_of(raw: str) -> str:
        html = cell(raw) + ("<br>" if closing(raw) else "")
        return html.replace("<br>", "  \n")

    def table(rows: list[list[str]]) -> list[str]:
        lines: list[str] = []
        for number, row in enumerate(rows):
            lines += "| ".join(text_of(text) for text in row).split("\n")
            if number == 0:
                lines.append("|".join("---" for _ in row))
        return [*lines, ""]

    lines: list[str] = [content.title, ""] if content.title else []
    lines += [*content.preamble, ""]
    for number in range(1, 7):
        lines += [f"**{content.heading(number)}**", ""]
        lines += [*content.sections.get(number, []), ""]
        if number in TABLE_OF_PART:
            lines += table(flat_rows(table_grid(content, TABLE_OF_PART[number]), "omit"))
    return "\n".join(line.rstrip() + "  " if line.strip() else line for line in lines) + "\n"


LAYOUTS: dict[str, Callable[[ReportContent], str]] = {
    "cell-per-line": cell_per_line,
    "cell-per-line-blank": lambda c: cell_per_line(c, merged="blank"),
    "tab-rows": tab_rows,
    "pipe-rows": pipe_rows,
}

_GROUP_LABELS = ("三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理")


def upright_groups(text: str) -> str:
    """Table 三's group labels set upright in their narrow merged cells, a ``<br>`` after each character."""
    return "<br>".join(text) if text in _GROUP_LABELS else text


# html2text's text of a portal page whose cells hold <br>s: the words of labels and headings broken
# halfway, every cell closed by one (UEditor), both, only the cells of numbers closed by one, or the
# group labels set upright (a <br> after each character).
HTML2TEXT: dict[str, Callable[[ReportContent], str]] = {
    "html2text-broken-words": html2text_rows,
    "html2text-closing-breaks": lambda c: html2text_rows(c, cell=lambda text: text, closing=lambda _: True),
    "html2text-both": lambda c: html2text_rows(c, closing=lambda _: True),
    "html2text-value-breaks": lambda c: html2text_rows(c, cell=lambda text: text, closing=str.isdigit),
    "html2text-upright": lambda c: html2text_rows(c, cell=upright_groups),
}
