"""Plain-text reports, as people copy them out of Word, WPS and web pages.

Three table layouts are recognised, each as a run of lines:

* one cell per line, each line starting with a tab, a blank line between rows;
* one row per line, cells separated by tabs (rows may be shifted; the binder copes);
* one row per line between pipes, ``| a | b |`` (Markdown separators ``|---|`` are skipped);
* one cell per line, each ending in `` |`` or ``｜`` (portal tables flattened by crawlers), a line of
  bars only standing for as many empty cells as it has bars.

Every other non-blank line is a paragraph; ``#`` Markdown headings are recognised as headings.
Locations are 1-based lines and code-point columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
    empty_file,
    hookimpl,
    is_comment_line,
    lazy_pattern,
    split_lines,
)

# A report's table has some 30 rows of up to 15 cells; far past these a line or a run of lines is
# not a report table, and reading it whole would cost unbounded time and memory.
MAX_CELLS = 1_000
_SEPARATOR_CELL = re.compile(r"^\s*:?-{3,}:?\s*$")
_BLANK = "\u00a0\u3000\ufeff"


def _is_blank(line: str) -> bool:
    return not line.strip().strip(_BLANK)


_ORDINAL_ONLY = lazy_pattern(  # CJK classes: compiled from stored code (gklint.patterncache) when first used
    r"^\s*(?:第?[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[、.．])\s*$"
)


def _is_numbered_line(line: str) -> bool:
    """``三、\t收到和处理…``: Word's numbered heading copied as text, a tab after its number."""
    return not line.startswith("\t") and bool(_ORDINAL_ONLY.match(line.split("\t", 1)[0]))


def _is_pipe_row(line: str) -> bool:
    """``| a | b |`` rows, with a full-width ｜ too, and GFM rows without the outer bars (a | b | c)."""
    if "|" not in line and "｜" not in line:
        return False  # most lines: no bar at all
    stripped = line.lstrip().replace("｜", "|")
    return stripped.startswith("|") or stripped.count("|") >= 2


_BARS_ONLY = lazy_pattern(r"^\s*([|｜]+)\s*$")
_WRAPPED_VALUE = lazy_pattern(r"^\s*\d[\d,.，]*\s*[|｜]\s*$")


def _is_wrapped_value(line: str) -> bool:
    """``24 |``: a row's last cell, alone on the line under its row (the row wrapped before it)."""
    return ("|" in line or "｜" in line) and bool(_WRAPPED_VALUE.match(line))


_BARS = "|｜"


def _bar_cell(line: str) -> str | None:
    """``规章 |``: one cell of a table flattened to a cell per line; its text, or None."""
    body = line.rstrip()
    if not body or body[-1] not in _BARS:
        return None
    body = body[:-1].rstrip()
    if not body.strip() or "|" in body or "｜" in body:
        return None
    return body


def _is_bar_cell(line: str) -> bool:
    return _bar_cell(line) is not None


def _bar_run_length(lines: list[str], start: int) -> int:
    """How many lines from ``start`` form a cell-per-line table of ``text |`` and bar-only lines."""
    end = start
    while end < len(lines) and (_is_bar_cell(lines[end]) or _BARS_ONLY.match(lines[end])):
        end += 1
    cells = sum(1 for line in lines[start:end] if _is_bar_cell(line))
    return end - start if cells >= 2 else 0


def _bar_table(lines: list[tuple[int, str]], room: int) -> Table:
    """One source row per line: a ``text |`` line is one cell, ``|||`` three empty cells."""
    rows: list[tuple[TextCell, ...]] = []
    for n, line in lines:
        if room <= 0:
            break
        bars = _BARS_ONLY.match(line)
        if bars:
            start = bars.start(1)
            rows.append(TextCell.row_at(n, [_span("", start + k) for k in range(min(len(bars.group(1)), MAX_CELLS))]))
        else:
            rows.append(TextCell.row_at(n, [_span(_bar_cell(line) or "", 0)]))
        room -= len(rows[-1])
    return Table(tuple(rows), Location(line=lines[0][0], end_line=lines[-1][0]))


def _cell(text: str, line: int, start: int) -> TextCell:
    """A cell with its location: ``start`` is the 0-based column where ``text`` begins."""
    text, column, end_column = _span(text, start)
    return TextCell.at(text, line, column, end_column)  # its location made if a finding names it


def _span(text: str, start: int) -> tuple[str, int, int]:
    """``text`` with the 1-based columns where its stripped body begins and ends (``TextCell.row_at``);
    ``start`` is the 0-based column where ``text`` begins."""
    body = text.strip()
    lead = len(text) - len(text.lstrip()) if body else 0
    column = start + lead + 1
    return text, column, column + len(body)


def _tab_cells(line: str, number: int, notes: list[ReadNote]) -> list[TextCell]:
    return list(_tab_row(line, number, notes))


def _tab_row(line: str, number: int, notes: list[ReadNote]) -> tuple[TextCell, ...]:
    """The cells of a tab-separated row, past ``MAX_CELLS`` cut (and noted); made as the line splits,
    each cell's location only if a finding names it."""
    if line.count("\t") >= MAX_CELLS:
        notes.append(_too_many_cells(number))
        line = line[: _nth(line, "\t", MAX_CELLS)]  # the rest of the line, past the cap, dropped
    return TextCell.split_at(number, line, "\t")


def _tab_table(lines: list[tuple[int, str]], notes: list[ReadNote], room: int) -> Table | Paragraph:
    """A run of tab lines: cell-per-line when every line is ``\\t<cell>``, else row-per-line."""
    content = [(n, line) for n, line in lines if "\t" in line or not _is_blank(line)]
    if len(content) > room:  # a line holds at least one cell
        content = content[:room]
        lines = [(n, line) for n, line in lines if n <= content[-1][0]]
    cell_per_line = all(line.startswith("\t") and line.count("\t") == 1 for n, line in content)
    rows: list[tuple[TextCell, ...]] = []
    if cell_per_line:
        current: list[TextCell] = []
        at = TextCell.at
        for n, line in lines:
            if "\t" not in line:
                if current:
                    rows.append(tuple(current))
                current = []
            else:  # _span, inlined: the cell after the tab, at 0-based column 1
                text = line[1:]
                body = text.strip()
                column = (len(text) - len(text.lstrip()) if body else 0) + 2
                current.append(at(text, n, column, column + len(body)))
        if current:
            rows.append(tuple(current))
        if len(content) <= 1 and sum(1 for row in rows for c in row if c.text.strip()) <= 1:
            return _paragraph(content[0][1], content[0][0])  # a tab-indented paragraph
    else:
        for n, line in content:
            if room <= 0:
                break
            rows.append(_tab_row(line, n, notes))
            room -= len(rows[-1])
    first = lines[0][0]
    return Table(tuple(rows), Location(line=first, end_line=lines[-1][0]))


def _pipe_table(lines: list[tuple[int, str]], notes: list[ReadNote], room: int) -> Table:
    rows: list[tuple[TextCell, ...]] = []
    for n, line in lines:
        if room <= 0:
            break
        line = line.replace("｜", "|")  # same length: columns stay true
        if line.count("|") > MAX_CELLS + 1:
            line = line[: _nth(line, "|", MAX_CELLS + 1) + 1]
            notes.append(_too_many_cells(n))
        row = None if "-" in line else Reader.pipe_row(n, line)  # made as the line splits
        if row is None:
            cells = Reader.pipe_cells(line)
            if "-" in line and all(_SEPARATOR_CELL.match(text) for text, _ in cells):  # a separator has dashes
                continue
            row = TextCell.row_at(n, [_span(text, start) for text, start in cells])
        rows.append(row)
        room -= len(row)
    return Table(tuple(rows), Location(line=lines[0][0], end_line=lines[-1][0]))


def _nth(line: str, char: str, n: int) -> int:
    """The index of the ``n``-th ``char`` of ``line`` (it has that many)."""
    index = -1
    for _ in range(n):
        index = line.find(char, index + 1)
    return index


def _too_many_cells(line: int) -> ReadNote:
    return ReadNote(
        f"第 {line} 行的单元格超过 {MAX_CELLS} 个，只读取了前 {MAX_CELLS} 个",
        f"line {line} holds more than {MAX_CELLS} cells; only the first {MAX_CELLS} were read",
        Location(line=line),
    )


def _heading(line: str) -> tuple[int, str] | None:
    """``## 标题 ##`` -> (2, "标题"): a Markdown heading's level and text."""
    stripped = line.strip()
    if not stripped.startswith("#"):
        return None
    level = min(len(stripped) - len(stripped.lstrip("#")), 6)
    return level, stripped[level:].strip().rstrip("#").rstrip()


def _paragraph(line: str, number: int) -> Paragraph:
    heading = _heading(line) if "#" in line else None  # a heading has its mark
    level, text = heading or (0, line)
    body = text.strip()
    start = line.find(body) if body else 0
    # made with positional arguments: a class called with keywords hands its __init__ a dictionary of them
    return Paragraph(body, Location(number, start + 1, number, start + 1 + len(body)), level)


def _continues_tab_run(line: str) -> bool:
    """A line that goes on a run of tab lines: a tab line that is neither a pipe row nor a numbered
    heading, or a blank line (which is neither)."""
    if "\t" not in line:
        return _is_blank(line)
    if ("|" in line or "｜" in line) and _is_pipe_row(line):
        return False
    return line.startswith("\t") or not _is_numbered_line(line)  # a line that starts with a tab is no heading


def _runs(lines: list[str]) -> Iterator[tuple[str, list[tuple[int, str]]]]:
    """Group numbered lines into ('tab' | 'pipe' | 'bar' | 'text', lines) runs."""
    i = 0
    while i < len(lines):
        line = lines[i]
        barred = "|" in line or "｜" in line  # most lines have no bar: no pipe row, no bar cell
        bar_run = _bar_run_length(lines, i) if barred and _is_bar_cell(line) else 0
        if bar_run:
            yield "bar", [(n + 1, lines[n]) for n in range(i, i + bar_run)]
            i += bar_run
        elif "\t" in line and not (barred and _is_pipe_row(line)) and not _is_numbered_line(line):
            run = [(i + 1, line)]
            i += 1
            while i < len(lines) and _continues_tab_run(lines[i]):
                run.append((i + 1, lines[i]))
                i += 1
            while run and _is_blank(run[-1][1]) and "\t" not in run[-1][1]:
                run.pop()
            yield "tab", run
        elif barred and _is_pipe_row(line):
            run = []
            while i < len(lines) and (_is_pipe_row(lines[i]) or (run and _is_wrapped_value(lines[i]))):
                run.append((i + 1, lines[i]))
                i += 1
            yield "pipe", run
        else:
            if not _is_blank(line) and not ("<!--" in line and is_comment_line(line)):
                yield "text", [(i + 1, line.replace("\t", " "))]  # a tab after a number is a space
            i += 1


def _plain_blocks(lines: list[str]) -> list[Block]:
    """``blocks_from_text`` of lines none of which holds a tab or a bar (``|``, ``｜``): each of them
    then makes a run of one text line, so each line that is neither blank nor a comment is a
    paragraph, up to the ``MAX_UNITS + 1`` that ``blocks_from_text`` reads before it stops."""
    blocks: list[Block] = []
    for number, line in enumerate(lines, 1):
        if _is_blank(line) or ("<!--" in line and is_comment_line(line)):
            continue
        blocks.append(_paragraph(line, number))
        if len(blocks) > MAX_UNITS:
            break
    return blocks


def blocks_from_text(lines: list[str], notes: list[ReadNote] | None = None) -> list[Block]:
    """The blocks of a text report; what had to be cut to stay within bounds goes to ``notes``.

    Reading stops past ``MAX_UNITS`` paragraphs and rows: the kernel checks no more (and says so)."""
    notes = [] if notes is None else notes
    blocks: list[Block] = []
    units = cells = 0
    for kind, run in _runs(lines):
        if units > MAX_UNITS or cells > MAX_DOCUMENT_CELLS:
            break
        run = run[: MAX_UNITS + 1 - units]
        units += len(run)
        block = _block(kind, run, notes, MAX_DOCUMENT_CELLS + 1 - cells)
        if isinstance(block, Table):
            cells += sum(len(row) for row in block.rows)
        blocks.append(block)
    return blocks


def _block(kind: str, run: list[tuple[int, str]], notes: list[ReadNote], room: int) -> Block:
    """The block a run of lines makes; a table stops once it holds ``room`` cells."""
    if kind == "tab":
        return _tab_table(run, notes, room)
    if kind == "pipe":
        return _pipe_table(run, notes, room)
    if kind == "bar":
        return _bar_table(run, room)
    return _paragraph(run[0][1], run[0][0])


class TextReader(Reader):
    name = "text"
    version = "1"
    suffixes = (".txt", ".text")
    line_based = True
    mime_type = "text/plain"
    interruptible = True  # Python and regular expressions only: a lone file is read in the calling process

    def read(self, path: str, data: bytes) -> Document:
        if not data or data.isspace():  # what strip() would leave nothing of
            raise empty_file()
        decoded = decode_text_report(data)
        text = decoded.text
        lines = split_lines(text)
        notes = list(decoding_notes(decoded))
        plain = "\t" not in text and "|" not in text and "｜" not in text  # no line can open a table
        blocks = tuple(_plain_blocks(lines) if plain else blocks_from_text(lines, notes))
        directives = Reader.directives_in(lines)
        return Document(path, self.name, blocks, decoded.encoding, _NO_METADATA, directives, tuple(notes))


_NO_METADATA = DocumentMetadata()  # a text file has none (the opening's page fields are the binder's)


@hookimpl
def gklint_readers() -> list[Reader]:
    return [TextReader()]
