"""Layouts seen in the wild, made the way crawlers, converters and OCR make them.

* ``bar_cells``: a portal table flattened to one cell per line, each ending in `` |`` (or ``｜``),
  the positions a merged cell covers as lines of bars only;
* ``bare_lines``: a table copied as bare lines, no separator, empty cells vanished;
* ``label_lines``: PDF text, one row a line, the label then its numbers (``行政许可 0``);
* ``ocr_markdown``: every row of table 三 its own little pipe table under a heading naming the row,
  with generic column names (类别, 数据1 … 总计);
* ``torn_markdown``: a PDF→Markdown conversion that wrapped some row labels out of their table into
  paragraphs (some before the numbers, some after), split group labels over cells and put page
  footers (``— 3 —``) between table pieces;
* ``one_line``: the whole page flattened onto one line after a crawler's metadata header;
* ``br_markdown``: a PDF→Markdown tool's pipe tables (marker) whose narrow cells keep their line
  breaks as ``<br>``: ``1.属于国家<br>秘密``, ``第二十条第（<br>一）项``;
* ``html_markdown``: Markdown whose tables are HTML with their row and column spans, each on one
  line as MinerU writes them (``one_line=True``) or a row a line;
* ``spaced_ocr``: OCR text (Tesseract) with a space between every Chinese character and mark, and
  around numbers, tables as tab rows;
* ``repeated_markdown``: Markdown pipe tables with a merged cell's text repeated in every position
  it covers, values included (docling: ``| 行政许可 | 264 | 264 | 264 |``);
* ``laid_out_cells``: a portal page's text as inscriptis lays its tables out, columns padded with
  spaces and each cell's ``<br>``s lines within its column (a label broken after its numbering, or
  every label's and heading's words broken halfway);
* ``layout_table_page``: a page laid out in a table as trafilatura writes it, the title and each run
  of prose a one-cell pipe row among the rows of the report's tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tests.render.content import TABLE_OF_PART, Grid, ReportContent, expand, table_grid
from tests.render.html import HtmlStyle, render_table
from tests.render.text import _document, broken_in_two, flat_rows, tab_rows


def bar_cells(content: ReportContent, bar: str = " |") -> str:
    def table(rows: list[list[str]]) -> list[str]:
        out: list[str] = []
        for row in rows:
            empties = 0
            for text in row:
                if text:
                    if empties:
                        out.append(bar.strip() * empties)
                        empties = 0
                    out.append(text + bar)
                else:
                    empties += 1
            if empties:
                out.append(bar.strip() * empties)
        return out

    return _document(content, table, "blank")


def bare_lines(content: ReportContent) -> str:
    def table(rows: list[list[str]]) -> list[str]:
        return [text for row in rows for text in row if text.strip()]

    return _document(content, table, "omit")


def label_lines(content: ReportContent) -> str:
    def table(rows: list[list[str]]) -> list[str]:
        return [" ".join(text for text in row if text.strip()) for row in rows]

    return _document(content, table, "omit")


def _data_rows(grid: Grid) -> list[tuple[str, list[str]]]:
    """(row label, values) of every grid row that holds values; the label is the row's last text
    cell (a group label spanning rows stands before it)."""
    found = []
    for row in grid:
        values = [cell.text for cell in row if cell.key is not None]
        labels = [cell.text for cell in row if cell.key is None]
        if values and labels:
            found.append((labels[-1], values))
    return found


def ocr_markdown(content: ReportContent) -> str:
    generic = "| 类别 | " + " | ".join(f"数据{i}" for i in range(1, 7)) + " | 总计 |"

    def part_table(number: int) -> list[str]:
        grid = table_grid(content, TABLE_OF_PART[number])
        if number != 3:
            return ["", *_pipe(expand(grid, repeat=False)), ""]
        out = ["", "### 申请人情况", "| (数据项目) | 数量 |", "|---|---|", "| - | - |", ""]
        for label, values in _data_rows(grid):
            bare = label.split("、", 1)[-1] if label[0] in "一二三四" else label
            out += [f"### {label}", generic, "|" + "---|" * 8, f"| {bare} | " + " | ".join(values) + " |", ""]
        return out

    return _with_tables(content, part_table, heading="#")


def torn_markdown(content: ReportContent) -> str:
    """Every third result row loses its label to a paragraph: before its numbers when the row index
    is even, after them when odd; group labels split over two cells; a footer after row 10."""

    def part_table(number: int) -> list[str]:
        grid = table_grid(content, TABLE_OF_PART[number])
        if number != 3:
            return ["", *_pipe(expand(grid, repeat=False)), ""]
        heads = ("申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
        out = ["", "| " + " | ".join(heads) + " |", "|---|"]
        for n, (label, values) in enumerate(_data_rows(grid)):
            torn = n % 3 == 2 and "." in label
            cells = " | ".join(values)
            if n == 10:
                out += ["", "— 3 —", ""]
            if not torn:
                group = "| （三）不 | 予公开 " if label.startswith("4.保护") else ""
                out.append(f"{group}| {label} | {cells} |")
            elif n % 2 == 0:
                out += ["", label[: len(label) // 2], label[len(label) // 2 :], f"| {cells} |", "|---|"]
            else:
                out += [f"| {cells} |", "|---|", "", label, ""]
        return [*out, ""]

    return _with_tables(content, part_table, heading="")


def one_line(content: ReportContent, numbers_apart: tuple[int, ...] = ()) -> str:
    """The whole page on one line after a crawler's header, every cell run onto the next; in the
    tables of the parts ``numbers_apart`` names, a space after each number (the cells' padding kept)."""
    text = content.title or ""
    body = [text, *content.preamble]
    for number in range(1, 7):
        body.append(content.heading(number))
        body += content.sections.get(number, [])
        if number in TABLE_OF_PART:
            rows = flat_rows(table_grid(content, TABLE_OF_PART[number]))
            apart = number in numbers_apart
            body += ["".join(text + (" " if apart and text.isdigit() else "") for text in row) for row in rows]
    header = [f"标题: {content.title}", "发布时间: 2024-01-20 10:00", "栏目: 政府信息公开年报"]
    header.append("=" * 8 + " 正文 " + "=" * 8)
    return "\n".join([*header, "当前位置： 首页 > 政务公开 > 年报 " + "".join(body)]) + "\n"


def _pipe(rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(row) + " |" for row in rows]


def _with_tables(content: ReportContent, part_table: Callable[[int], list[str]], heading: str) -> str:
    lines: list[str] = [f"{heading} {content.title}".strip(), ""] if content.title else []
    lines += [*content.preamble, ""]
    for number in range(1, 7):
        lines.append(f"{heading}{heading} {content.heading(number)}".strip())
        lines += content.sections.get(number, [])
        if number in TABLE_OF_PART:
            lines += part_table(number)
        lines.append("")
    return "\n".join(lines) + "\n"


def br_markdown(content: ReportContent, width: int = 5) -> str:
    """Markdown pipe tables, every cell's text broken with ``<br>`` each ``width`` characters."""

    def broken(text: str) -> str:
        return "<br>".join(text[i : i + width] for i in range(0, len(text), width)) if text else text

    def table(rows: list[list[str]]) -> list[str]:
        cells = [[broken(text) for text in row] for row in rows]
        return ["", *_pipe(cells[:1]), "|" + "---|" * max(len(r) for r in rows), *_pipe(cells[1:]), ""]

    return _document(content, table, "blank", heading="#")


def html_markdown(content: ReportContent, one_line: bool = True) -> str:
    def table(part: int) -> list[str]:
        lines = render_table(content, TABLE_OF_PART[part], HtmlStyle(), {})
        return ["", "<html><body>" + "".join(lines) + "</body></html>", ""] if one_line else ["", *lines, ""]

    return _with_tables(content, table, "#")


def spaced_ocr(content: ReportContent) -> str:
    def spaced(line: str) -> str:
        return line if "\t" in line else " ".join(_OCR_TOKEN.findall(line))

    return "\n".join(spaced(line) for line in tab_rows(content).split("\n"))


_OCR_TOKEN = re.compile(r"[0-9.]+|\S")


def repeated_markdown(content: ReportContent) -> str:
    def table(part: int) -> list[str]:
        rows = expand(table_grid(content, TABLE_OF_PART[part]), repeat=True)
        return ["", *_pipe(rows[:1]), "|" + "---|" * len(rows[0]), *_pipe(rows[1:]), ""]

    return _with_tables(content, table, "#")


def numbering_apart(text: str) -> str:
    """A label as a narrow cell wraps it after its numbering: ``（一）<br>予以公开``."""
    found = re.match(r"（[一二三四五六七]）", text)
    return f"{found.group()}<br>{text[found.end() :]}" if found and found.end() < len(text) else text


def laid_out_cells(content: ReportContent, cell: Callable[[str], str] = numbering_apart) -> str:
    """A portal page's tables as inscriptis lays them out: each column padded with spaces to its widest
    line, a merged cell's positions blank, and each cell's ``<br>`` (``cell`` gives a cell's HTML from
    its text) a line of its own within its column, so a row's label wraps under its numbers."""

    def table(rows: list[list[str]]) -> list[str]:
        cells = [[cell(text).split("<br>") for text in row] for row in rows]
        widths = [max(len(line) for row in cells for line in row[column]) for column in range(len(cells[0]))]
        lines = []
        for row in cells:
            for n in range(max(len(pieces) for pieces in row)):
                texts = ((pieces[n] if n < len(pieces) else "").ljust(widths[c]) for c, pieces in enumerate(row))
                lines.append("  ".join(texts).rstrip())
        return ["", *lines, ""]

    return _document(content, table, "blank")


def layout_table_page(content: ReportContent) -> str:
    """A page laid out in a table as trafilatura writes it: every row of the page a pipe row, the
    navigation, the title, and each run of prose between the report's tables (the preamble, the
    parts' headings and text) one long cell; the report's tables' rows among them."""
    lines = _pipe([["首页 \\| 政务公开 \\| 年度报告"], ["您现在的位置：首页 >> 政务公开 >> 年度报告"]])
    lines += _pipe([[content.title]]) if content.title else []
    prose: list[str] = list(content.preamble)
    for number in range(1, 7):
        prose += [content.heading(number), *content.sections.get(number, [])]
        if number in TABLE_OF_PART:
            lines += _pipe([["".join(prose)]])
            prose = []
            lines += _pipe(flat_rows(table_grid(content, TABLE_OF_PART[number]), "blank"))
    lines += _pipe([["".join(prose)]]) + _pipe([["相关文章"], [content.title.replace("2023年", "2022年")]])
    return "\n".join(lines) + "\n"


WILD: dict[str, tuple[str, Callable[[ReportContent], str]]] = {
    "bar-cells": (".txt", bar_cells),
    "bar-cells-fullwidth": (".txt", lambda c: bar_cells(c, "｜")),
    "bare-lines": (".txt", bare_lines),
    "label-lines": (".txt", label_lines),
    "ocr-markdown": (".md", ocr_markdown),
    "torn-markdown": (".md", torn_markdown),
    "br-markdown": (".md", br_markdown),
    "html-markdown": (".md", html_markdown),
    "html-rows-markdown": (".md", lambda c: html_markdown(c, one_line=False)),
    "spaced-ocr": (".txt", spaced_ocr),
    "repeated-markdown": (".md", repeated_markdown),
    "laid-out-cells": (".txt", laid_out_cells),
    "laid-out-cells-broken": (".txt", lambda c: laid_out_cells(c, broken_in_two)),
    "layout-table-page": (".txt", layout_table_page),
}
