"""The most of a document the binder and rules are given, whatever the reader produced.

Binding costs about a millisecond per paragraph or table row (every one is matched against the
template's labels), so a 2 MB text of 50,000 short lines would take a minute; the longest real
report has a few hundred. ``bound_document`` keeps the first ``MAX_UNITS`` paragraphs and table rows,
``MAX_CELLS`` table cells and ``MAX_TEXT`` characters, and says where it cut in a GK003 note, so that a file built
to be slow is checked quickly and says so. It also keeps a reader's notes to the first
``MAX_NOTES``: ten thousand cut lines make one finding's worth of news.
"""

from __future__ import annotations

from dataclasses import replace

from gklint.model import Block, Document, Paragraph, ReadNote, Table, TextCell

MAX_UNITS = 2_000  # paragraphs plus table rows; the longest real report has some 200
MAX_TEXT = 1_000_000  # characters in all; a long report has 50,000 (a crawler's one-line page too)
# Table cells in all (binding a cell costs some 20 microseconds and a kilobyte): the national
# tables have some 400, a report with the 2019 format's or a province's tables a few hundred more;
# 2,000 rows of 1,000 one-character cells are 4 MB of text and took minutes and a gigabyte.
MAX_CELLS = 20_000
MAX_NOTES = 10


def bound_document(document: Document) -> Document:
    """``document`` cut to the bounds above, with a note for what was cut; the same object when nothing is."""
    blocks, notes = _bounded_blocks(document.blocks)
    notes = [*document.notes, *notes]
    if len(notes) > MAX_NOTES:
        notes = [*notes[: MAX_NOTES - 1], _more_notes(len(notes) - MAX_NOTES + 1)]
    if blocks is None and tuple(notes) == document.notes:
        return document
    return replace(document, blocks=document.blocks if blocks is None else blocks, notes=tuple(notes))


def _bounded_blocks(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...] | None, list[ReadNote]]:
    """The blocks up to the bounds (None: all of them) and the note saying where they were cut."""
    out: list[Block] = []
    units = chars = cells = 0
    for block in blocks:
        if isinstance(block, Table):
            rows = len(block.rows)
            size = sum([len(cell.text) for row in block.rows for cell in row])  # a list: no generator frame per cell
            count = sum(map(len, block.rows))
        else:
            rows, size, count = 1, len(block.text), 0
        if units + rows > MAX_UNITS or chars + size > MAX_TEXT or cells + count > MAX_CELLS:
            kept = _head(block, MAX_UNITS - units, MAX_TEXT - chars, MAX_CELLS - cells)
            return (*out, *kept), [_too_long(block)]
        out.append(block)
        units += rows
        chars += size
        cells += count
    return None, []


def _head(block: Block, units: int, chars: int, cells: int) -> tuple[Block, ...]:
    """What of ``block`` fits in ``units`` rows, ``chars`` characters and ``cells`` table cells
    (nothing, or a part of it)."""
    if units <= 0 or chars <= 0:
        return ()
    if isinstance(block, Paragraph):
        return (replace(block, text=block.text[:chars]),)
    rows: list[tuple[TextCell, ...]] = []
    for row in block.rows[:units]:
        if len(row) > cells:
            break
        cells -= len(row)
        kept = []
        for cell in row:
            kept.append(replace(cell, text=cell.text[: max(chars, 0)]))
            chars -= len(cell.text)
        rows.append(tuple(kept))
        if chars <= 0:
            break
    return (replace(block, rows=tuple(rows)),) if rows else ()


def _too_long(block: Block) -> ReadNote:
    return ReadNote(
        f"文件的篇幅远超任何年度报告（超过 {MAX_UNITS} 个段落和表格行、{MAX_CELLS} 个表格单元格"
        f"或 {MAX_TEXT} 个字符）；此处起的内容未检查",
        f"the file is far longer than any annual report (over {MAX_UNITS} paragraphs and table rows, "
        f"{MAX_CELLS} table cells or {MAX_TEXT} characters); nothing from here on was checked",
        block.location,
    )


def _more_notes(count: int) -> ReadNote:
    return ReadNote(
        f"另有 {count} 处内容因超出上限被截断或替换，不再逐一列出",
        f"{count} more places were cut or replaced past a limit; not listed one by one",
    )
