"""Markdown reports: ATX headings, pipe tables, paragraphs; emphasis and comments stripped.

Paragraph lines are kept one block per source line so that findings point at the right line.
"""

from __future__ import annotations

import re

from gklint.plugin import (
    Block,
    DecodeError,
    Document,
    Location,
    Paragraph,
    Reader,
    ReadError,
    Table,
    TextCell,
    decode_text,
    hookimpl,
    scan_directives,
    split_pipe_row,
)

_LINES = re.compile(r"\r\n|\r|\n")
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_RULE = re.compile(r"^\s*:?-{3,}:?\s*$")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _plain(text: str) -> str:
    """Inline Markdown to plain text: links to their text, emphasis markers removed."""
    return _EMPHASIS.sub("", _LINK.sub(r"\1", text))


def _span(line_no: int, line: str, text: str) -> Location:
    start = max(line.find(text), 0) if text else 0
    return Location(line=line_no, column=start + 1, end_line=line_no, end_column=start + 1 + len(text))


def _table_row(line_no: int, line: str) -> tuple[TextCell, ...] | None:
    cells = split_pipe_row(line)
    if all(_RULE.match(text) for text, _ in cells):
        return None
    row = []
    for text, start in cells:
        body = _plain(text.strip())
        column = start + len(text) - len(text.lstrip()) + 1
        row.append(
            TextCell(body, Location(line=line_no, column=column, end_line=line_no, end_column=column + len(body)))
        )
    return tuple(row)


def _is_rule_row(line: str) -> bool:
    return "-" in line and all(_RULE.match(text) for text, _ in split_pipe_row(line))


def _in_table(lines: list[str], index: int, in_table: bool) -> bool:
    """A table line: ``| a | b |``; or a GFM row without outer bars, either in a table already or
    followed by a ``---|---`` separator."""
    line = lines[index]
    if "|" not in line:
        return False
    if line.lstrip().startswith("|") or in_table:
        return True
    return index + 1 < len(lines) and _is_rule_row(lines[index + 1])


def markdown_blocks(text: str) -> list[Block]:
    # Comments are blanked out, not removed, so that line numbers stay true.
    text = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    blocks: list[Block] = []
    rows: list[tuple[TextCell, ...]] = []
    table_start = 0
    lines = [line.replace("｜", "|") for line in _LINES.split(text)]  # full-width bars; same length
    for number, line in enumerate(lines, 1):
        if _in_table(lines, number - 1, bool(rows or table_start)):
            table_start = table_start or number
            row = _table_row(number, line)
            if row is not None:
                rows.append(row)
            continue
        if rows:
            blocks.append(Table(tuple(rows), Location(line=table_start, end_line=number - 1)))
            rows, table_start = [], 0
        heading = _ATX.match(line)
        body = _plain(heading.group(2) if heading else line.strip()).strip()
        if body:
            level = len(heading.group(1)) if heading else 0
            blocks.append(Paragraph(body, _span(number, line, body), heading_level=level))
    if rows:
        blocks.append(Table(tuple(rows), Location(line=table_start, end_line=len(lines))))
    return blocks


class MarkdownReader(Reader):
    name = "markdown"
    version = "1"
    suffixes = (".md", ".markdown")

    def read(self, path: str, data: bytes) -> Document:
        try:
            text, encoding = decode_text(data)
        except DecodeError as exc:
            raise ReadError(f"无法按文本读取：{exc}", f"cannot be read as text: {exc}") from None
        if not text.strip():
            raise ReadError("文件为空", "the file is empty")
        directives = scan_directives(_LINES.split(text))
        return Document(
            path=path, format=self.name, blocks=tuple(markdown_blocks(text)), encoding=encoding, directives=directives
        )


@hookimpl
def gklint_readers() -> list[Reader]:
    return [MarkdownReader()]
