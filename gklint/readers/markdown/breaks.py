"""html2text's tables whose cells hold ``<br>``s: each ``<br>`` is a line break, so a row's cells run
over lines, some with no bar at all. Which such lines belong to the table being read.

html2text writes a table's cells joined by ``| `` with no outer bars and a ``---|---`` line under its
first row. A cell's ``<br>`` breaks its text (``行政规`` / ``范性文件| 16| 9``); a cell that ends in
one puts the next cell on a line of its own after its bar (``| 0``) and ends its row with a blank
line (``行政强制| 19`` between blank lines); a first cell that ends in one stands alone before the
``| v`` lines; a label set upright in a narrow cell is a character a line. Each such piece is a row
of one cell, as GFM reads a line in a table's body (an upright label's characters are joined here);
the binder joins the other pieces back into labels and headings.
"""

from __future__ import annotations

import re

from gklint.plugin import TextCell

RULE = re.compile(r"^\s*:?-{3,}:?\s*$")  # a separator row's cell, or html2text's rule under one wide cell
_PIECE_LINES = 4  # lines without a bar in a row between two rows of a table: a cell's text broken by <br>s
_UPRIGHT_LINES = 16  # lines of one character each: a label set upright in a narrow cell
PIECE = 80  # characters: a piece of a cell's text, not a paragraph


def line_before(lines: list[str], index: int, blanks: int = 2) -> str:
    """The last line with text before ``lines[index]`` past at most ``blanks`` blank lines: html2text
    ends a row whose last cell ends in <br> with a blank line (``行政处罚| 634`` / / ``行政强制| 19``),
    so a row of its table can stand after a blank line, under another row with bars."""
    for before in reversed(lines[max(0, index - blanks - 1) : index]):
        if before.strip():
            return before
    return ""


def broken_cell(lines: list[str], index: int, rows: list[tuple[TextCell, ...]]) -> bool:
    """Whether ``lines[index]``, which has no bar, is a row of one cell that html2text broke off a
    table's row at a ``<br>``: a piece in a table being read (``_cell_piece``), or a row's first cell
    written alone because it ends in a <br> (short lines, then a ``| v`` line: one bar, leading)."""
    text = lines[index].strip()
    if not _short(text) or text[0] == "#" or text[-1] == "。":
        return False  # a blank line, a paragraph (a sentence) or a heading: most lines, told at once
    if rows:
        return _cell_piece(lines, index)
    if index + 1 >= len(lines) or not lines[index + 1].strip():
        return False  # a first cell alone goes on on the next line
    row = _row_after_pieces(lines, index)
    return row is not None and row.startswith("|") and bars(row) == 1


def _cell_piece(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]``, which has no bar and follows a table row without outer bars (or a
    ``| v`` line), is a piece of a cell's text as html2text writes a cell holding <br>s (``行政规`` /
    ``范性文件| 16| 9``): a short line, among at most ``_PIECE_LINES`` such lines that such a row
    follows with no blank line between. GFM reads each as a row of one cell, and so does this reader;
    a paragraph after a table (a blank line, a long line, or no table row after it) stays one."""
    before = lines[index - 1].strip()
    if (before.startswith("|") and bars(before) > 1) or RULE.match(lines[index]):
        return False  # after a row with outer bars (a GFM table, not html2text's); or a rule, not a cell
    row = _row_after_pieces(lines, index)
    if row is not None:
        return not row.startswith("|") or bars(row) == 1
    return _cell_line_before(lines, index)  # a last cell's rest


def _cell_line_before(lines: list[str], index: int) -> bool:
    """Whether the line with a bar before ``lines[index]``, past at most ``_PIECE_LINES`` - 1 short
    lines without one, is a ``| v`` line: html2text's cell that ends in <br>, its text broken by more."""
    for before in reversed(lines[max(0, index - _PIECE_LINES) : index]):
        text = before.strip()
        if "|" in text:
            return text.startswith("|") and bars(text) == 1
        if not _short(text):
            return False
    return False


def _short(text: str) -> bool:
    """Whether a stripped line without a bar may be a piece of a cell: not blank, not a paragraph's
    length, not a rule (``---``, which ends a table's first row)."""
    return 0 < len(text) <= PIECE and not (text[0] in "-:" and RULE.match(text))


def _row_after_pieces(lines: list[str], index: int) -> str | None:
    """The line with a bar (stripped) that follows ``lines[index]`` and at most ``_PIECE_LINES`` - 1
    more short lines without one (or up to ``_UPRIGHT_LINES`` of one character each: a label set
    upright, a character a <br>), with no blank line; None when there is none."""
    for at in range(index, min(index + _UPRIGHT_LINES + 1, len(lines))):
        following = lines[at]
        text = following.strip()
        if "|" in text:  # a row, whose first cell goes on from the pieces: short too
            return text if at > index and text.find("|") <= PIECE else None
        if not _short(text) or text[0] == "#":
            return None  # a blank line, a paragraph, a heading, or the rule under a table's first row
        if at - index >= _PIECE_LINES and len(text) > 1:
            return None
    return None


def upright_joined(rows: list[tuple[TextCell, ...]]) -> list[tuple[TextCell, ...]]:
    """The rows with each run of one-character rows that a row starting with one more character
    follows joined into that row's first cell: html2text's text of a label set upright in a narrow
    cell (三 / 、 / 本 / … / 结 / 果| （一）予以公开| 15)."""
    out: list[tuple[TextCell, ...]] = []
    run = 0  # rows of one character (not a digit: a Chinese character or mark) at the end of ``out``
    for row in rows:
        if run >= 2 and len(row) > 1 and _upright(row[0].text):  # the run goes on into a row of cells
            chars = out[-run:]
            del out[-run:]
            text = "".join(piece[0].text for piece in chars) + row[0].text
            row = (TextCell(text, chars[0][0].location), *row[1:])
        run = run + 1 if len(row) == 1 and _upright(row[0].text) else 0
        out.append(row)
    return out


def _upright(text: str) -> bool:
    return len(text) == 1 and not text.isascii()


def bars(line: str) -> int:
    """The bars between a line's cells: ``a | b | c`` has two. Rows without outer bars and without a
    separator row under a heading row (as html2text writes a table whose first row is one wide
    cell) are a table when two lines in a row have as many."""
    return line.count("|") - line.count("\\|")
