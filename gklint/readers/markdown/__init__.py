"""Markdown reports: ATX headings, pipe tables, paragraphs; emphasis and comments stripped.

Paragraph lines are kept one block per source line so that findings point at the right line.
"""

from __future__ import annotations

import re

from gklint.plugin import (
    MAX_DOCUMENT_CELLS,
    MAX_UNITS,
    Block,
    Document,
    DocumentMetadata,
    Location,
    Paragraph,
    Reader,
    ReadNote,
    Table,
    TextCell,
    decode_text_report,
    decoding_notes,
    hookimpl,
    split_lines,
)
from gklint.readers.markdown.breaks import PIECE, RULE, bars, broken_cell, line_before, upright_joined

_ATX_START = re.compile(r"\s{0,3}(#{1,6})\s+")
_PROSE_CELL = 300  # characters before a row's first bar: no heading cell is that long
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TABLE = re.compile(r"\s{0,3}(?:<html[^>]*>\s*)?(?:<body[^>]*>\s*)?<table[\s>]", re.IGNORECASE)
# Neither part may hold its own opening bracket: each attempt then stops at the next one, so a line
# of ten thousand "[" or "](" costs linear time, not quadratic.
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
# a line that holds pictures and nothing else: ``![](…png)``, or an <img> a converter left as HTML
_IMAGES_ONLY = re.compile(r"\s*(?:(?:!\[[^\[\]]*\]\([^()]*\)|<img\b[^<>]*>)\s*)+", re.IGNORECASE)
# A report's table has some 30 rows of up to 15 cells; far past these it is not a report table.
MAX_CELLS = 1_000


def _has_markup(line: str) -> bool:
    """Whether ``line`` holds a character that what ``_plain`` removes starts with: five searches for
    one character each, far cheaper than a character class tried at every position of the line."""
    return "[" in line or "*" in line or "_" in line or "`" in line or "<" in line


def _plain(text: str) -> str:
    """Inline Markdown to plain text: links to their text, emphasis markers removed, and the line
    breaks PDF-to-Markdown tools write inside a cell (``1.属于国家<br>秘密``) joined."""
    if "[" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text or "_" in text or "`" in text:  # most cells have no markup: no pass over them
        text = _EMPHASIS.sub("", text)
    if "<" in text:
        text = _BREAK.sub(_break, text)
    return text


def _break(match: re.Match[str]) -> str:
    """A ``<br>`` in a cell: nothing inside a label (``1.属于国家<br>秘密``), a line break before a
    number (``2<br>0``, ``…信息<br>6.属于…``: rows a converter stacked in one, not 20)."""
    return "\n" if match.string[match.end() : match.end() + 1].isdigit() else ""


def _span(line_no: int, line: str, text: str) -> Location:
    start = max(line.find(text), 0) if text else 0
    return Location(line_no, start + 1, line_no, start + 1 + len(text))  # by position: no dictionary of keywords


def _atx(line: str) -> tuple[int, str] | None:
    """An ATX heading's level and text (``## 标题 ##`` -> (2, "标题")), or None."""
    start = _ATX_START.match(line)
    if start is None:
        return None
    text = line[start.end() :].rstrip()
    closed = text.rstrip("#")
    if closed != text and closed[-1:].isspace():  # a closing run of "#" after a space
        text = closed.rstrip()
    return len(start.group(1)), text


def _blank_comments(text: str) -> str:
    """``<!-- … -->`` comments blanked out (line breaks kept, so line numbers stay true), in one pass."""
    pieces: list[str] = []
    done = 0
    while (start := text.find("<!--", done)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after this one, nor after any later one
        end += 3
        pieces.append(text[done:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start:end]))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _table_row(line_no: int, line: str, notes: list[ReadNote]) -> tuple[TextCell, ...] | None:
    if line.count("|") > MAX_CELLS + 1:
        line = line[: _nth(line, "|", MAX_CELLS + 1) + 1]
        notes.append(
            ReadNote(
                f"第 {line_no} 行的单元格超过 {MAX_CELLS} 个，只读取了前 {MAX_CELLS} 个",
                f"line {line_no} holds more than {MAX_CELLS} cells; only the first {MAX_CELLS} were read",
                Location(line=line_no),
            )
        )
    marked = _has_markup(line)  # most rows have none: no _plain per cell
    if not marked and "-" not in line:  # neither markup nor a separator: cells made as the line splits
        row = Reader.pipe_row(line_no, line, stripped=True)
        if row is not None:
            return row
    cells = Reader.pipe_cells(line)
    if "-" in line and all(RULE.match(text) for text, _ in cells):  # a separator row has dashes
        return None
    spans = []
    for text, start in cells:
        body = text.strip()
        column = start + len(text) - len(text.lstrip()) + 1  # where the stripped text starts
        if marked:
            body = _plain(body)
        spans.append((body, column, column + len(body)))
    return TextCell.row_at(line_no, spans)  # each cell's location made only if a finding names it


def _nth(line: str, char: str, n: int) -> int:
    """The index of the ``n``-th ``char`` of ``line`` (it has that many)."""
    index = -1
    for _ in range(n):
        index = line.find(char, index + 1)
    return index


def _is_rule_row(line: str) -> bool:
    if line.count("|") > MAX_CELLS + 1:
        line = line[: _nth(line, "|", MAX_CELLS + 1) + 1]
    return "-" in line and all(RULE.match(text) for text, _ in Reader.pipe_cells(line))


def _in_table(lines: list[str], index: int, in_table: bool) -> bool:
    """A table line: ``| a | b |``; or a GFM row without outer bars, either in a table already,
    followed by a ``---|---`` separator or a row with as many bars (``bars``), or under a row with bars
    past a blank line or two (html2text's rows whose last cells end in <br>)."""
    line = lines[index]
    if "|" not in line:
        return False
    if line.lstrip().startswith("|") or in_table:
        return True
    if index + 1 >= len(lines) or line.find("|") > _PROSE_CELL:
        return False  # a paragraph before the bar: a page laid out in a table, run onto one line (html2text)
    following = lines[index + 1]
    if following.lstrip().startswith("|") and bars(following) > 0:
        return True  # html2text: a row whose cells end in <br> goes on, a cell a line, each after a bar
    if _is_rule_row(following) or bars(line) == bars(following) > 0:
        return True
    return bars(line_before(lines, index)) > 0  # html2text: a row after a row that a blank line ended


def _open_end(number: int, line: str) -> tuple[int, int] | None:
    """(line, column after it) of a row's last bar when the row starts with none: html2text ends a
    row whose last cell is blank so (``a |  0 |``), where GFM reads an optional outer bar."""
    if line.lstrip().startswith("|"):  # most rows: a leading bar, so a trailing one is an outer bar
        return None
    end = line.rstrip()
    return (number, len(end) + 1) if end.endswith("|") and not end.endswith("\\|") else None


def _table(
    rows: list[tuple[TextCell, ...]], ends: list[tuple[int, int] | None], location: Location, pieces: int = 0
) -> Table:
    """The table of ``rows``; a row that ends in a bar, starts with none and is one cell short of a row
    that ends in none gets its blank last cell back (a table whose rows all end in a bar keeps GFM's
    reading); with ``pieces`` (rows of html2text's broken cells) a label set upright is one cell again."""
    if any(ends):  # not in a table with outer bars, every Markdown file's: nothing to count there
        # the widths of rows that end in no bar (pieces of html2text's broken cells are no rows' widths)
        widths = {len(row) for row, end in zip(rows, ends) if end is None and len(row) > 1}
        rows = [
            (*row, TextCell.at("", end[0], end[1], end[1])) if end is not None and len(row) + 1 in widths else row
            for row, end in zip(rows, ends)
        ]
    return Table(tuple(upright_joined(rows) if pieces > 1 else rows), location)


def markdown_blocks(text: str, notes: list[ReadNote] | None = None) -> list[Block]:
    """The blocks of a Markdown report; what had to be cut to stay within bounds goes to ``notes``."""
    notes = [] if notes is None else notes
    text = _blank_comments(text)
    blocks: list[Block] = []
    rows: list[tuple[TextCell, ...]] = []
    pieces = 0  # rows of the table being read that are lines without a bar (html2text's broken cells)
    ends: list[tuple[int, int] | None] = []  # where each row's line ends in a bar and starts with none
    table_start = 0
    if "｜" in text:
        text = text.replace("｜", "|")  # full-width bars; same length, and no line break
    lines = split_lines(text)
    units = cells = 0  # past MAX_UNITS paragraphs and rows the kernel checks no more (and says so)
    html_end = 0  # the last line of an HTML table being read
    for number, line in enumerate(lines, 1):
        if units > MAX_UNITS or cells > MAX_DOCUMENT_CELLS:
            break
        if number <= html_end:
            continue
        if "<" in line and _HTML_TABLE.match(line):
            from gklint.readers.markdown.html_tables import html_table, html_table_end  # for a rare few

            html_end = html_table_end(lines, number)
            table = html_table(lines, number, html_end)
            if table is not None:
                if rows:
                    blocks.append(_table(rows, ends, Location(line=table_start, end_line=number - 1), pieces))
                    rows, ends, table_start, pieces = [], [], 0, 0
                blocks.append(table)
                units += len(table.rows)
                cells += sum(len(row) for row in table.rows)
                continue
            html_end = 0
        if (
            _in_table(lines, number - 1, bool(rows or table_start))
            if "|" in line
            else 0 < len(line) <= PIECE and line[0] != "#" and broken_cell(lines, number - 1, rows)  # no call for most
        ):
            table_start = table_start or number
            row = _table_row(number, line, notes)
            if row is not None:
                rows.append(row)
                ends.append(_open_end(number, line))
                units += 1
                cells += len(row)
                pieces += "|" not in line
            continue
        if rows:
            blocks.append(_table(rows, ends, Location(line=table_start, end_line=number - 1), pieces))
            rows, ends, table_start, pieces = [], [], 0, 0
        heading = _atx(line) if "#" in line else None  # a heading has its mark
        if ("![" in line or "<" in line) and _IMAGES_ONLY.fullmatch(line):
            blocks.append(Paragraph.image(_span(number, line, line.strip())))
            units += 1
            continue
        body = _plain(heading[1] if heading else line.strip()).strip()
        if body:
            blocks.append(Paragraph(body, _span(number, line, body), heading[0] if heading else 0))
            units += 1
    if rows:
        blocks.append(_table(rows, ends, Location(line=table_start, end_line=len(lines)), pieces))
    return blocks


class MarkdownReader(Reader):
    name = "markdown"
    version = "1"
    suffixes = (".md", ".markdown")
    line_based = True
    mime_type = "text/markdown"
    interruptible = True  # Python and regular expressions only: a lone file is read in the calling process

    def read(self, path: str, data: bytes) -> Document:
        decoded = decode_text_report(data)
        text = decoded.text
        directives = Reader.directives_in(split_lines(text)) if "<!--" in text else ()  # most have no comment
        notes = list(decoding_notes(decoded))
        blocks = tuple(markdown_blocks(decoded.text, notes))
        return Document(path, self.name, blocks, decoded.encoding, _NO_METADATA, directives, tuple(notes))


_NO_METADATA = DocumentMetadata()  # a Markdown file has none (the opening's page fields are the binder's)


@hookimpl
def gklint_readers() -> list[Reader]:
    return [MarkdownReader()]
