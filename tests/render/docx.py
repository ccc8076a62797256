"""Render report content as a Word document (.docx) with python-docx, the way agencies publish it.

The title in the Title style, the preamble, the six part headings (Heading 2) with their
paragraphs, and the three national tables with real merges (``cell.merge``: ``w:gridSpan``
across, ``w:vMerge`` down). ``split_labels`` breaks long labels in two inside their cells, half
of them by a line break (``w:br``) and half as two paragraphs. The zip is written with fixed
timestamps so that the same content gives the same bytes.

Regenerate the committed fixtures with ``python -m tests.render.docx --out tests/fixtures/docx``.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.render.content import TABLE_OF_PART, Grid, ReportContent, expand, table_grid
from tests.render.html import sample_content

_FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def _positions(grid: Grid) -> list[tuple[int, int, Any]]:
    """(row, column, cell) of each grid cell's top-left position, as ``expand`` lays them out."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    return out


def _write(cell: Any, text: str, split: int) -> None:
    """Put ``text`` in a python-docx cell; ``split`` 1 breaks it by a line break, 2 into two paragraphs."""
    paragraph = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    if not split or len(text) < 4:
        paragraph.add_run(text)
        return
    middle = len(text) // 2
    if split == 1:
        run = paragraph.add_run(text[:middle])
        run.add_break()
        run.add_text(text[middle:])
    else:
        paragraph.add_run(text[:middle])
        cell.add_paragraph(text[middle:])


def _table(document: Any, content: ReportContent, key: str, split_labels: bool, relabel: Mapping[str, str]) -> None:
    grid = table_grid(content, key)
    shape = expand(grid)
    table = document.add_table(rows=len(shape), cols=len(shape[0]))
    table.style = "Table Grid"
    positions = _positions(grid)
    for r, c, cell in positions:
        if cell.rowspan > 1 or cell.colspan > 1:
            table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
    rows = [row.cells for row in table.rows]  # once, after merging: python-docx recomputes the grid per call
    for n, (r, c, cell) in enumerate(positions):
        text = cell.text if cell.key is not None else relabel.get(cell.text, cell.text)
        split = 1 + n % 2 if split_labels and cell.key is None else 0
        _write(rows[r][c], text, split)


def _parts(content: ReportContent) -> list[int]:
    tables = {part for part, key in TABLE_OF_PART.items() if key in content.values}
    return sorted(set(content.sections) | set(content.headings) | tables)


def render_docx(content: ReportContent, split_labels: bool = False, relabel: Mapping[str, str] | None = None) -> bytes:
    """The report as .docx bytes; ``relabel`` maps template labels to labels as a report wrote them."""
    import docx

    document = docx.Document()
    labels = dict(relabel or {})
    if content.title:
        document.add_paragraph(content.title, style="Title")
    for text in content.preamble:
        document.add_paragraph(text)
    for number in _parts(content):
        document.add_heading(content.heading(number), level=2)
        for text in content.sections.get(number, []):
            document.add_paragraph(text)
        key = TABLE_OF_PART.get(number)
        if key in content.values:
            _table(document, content, key, split_labels, labels)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def as_word_sets_it(data: bytes, borders: bool = True, middle: bool = False, size: float = 9.0) -> bytes:
    """The document with its tables set as agencies set them in Word: fixed column widths in the
    proportions of the PDF renderer's, ``size`` point type, each cell's text centred in its height
    (``middle``, Word's 中部居中) and, without ``borders``, the borders turned off."""
    import docx
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.shared import Cm, Pt

    from tests.render.pdf import COLUMN_WEIGHTS

    document = docx.Document(io.BytesIO(data))
    for table, key in zip(document.tables, TABLE_OF_PART.values()):
        if not borders:
            table.style = document.styles["Normal Table"]
        table.autofit = False
        weights = COLUMN_WEIGHTS[key]
        for row in table.rows:
            for n, cell in enumerate(row.cells):
                cell.width = Cm(16.0 * weights[min(n, len(weights) - 1)] / sum(weights))
                if middle:
                    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def in_table_style(data: bytes, style: str, size: float = 10.5) -> bytes:
    """The document with its tables in one of Word's built-in table styles (``Normal Table`` draws
    no rule; ``Medium Shading 1`` an outer box and the line under the headings; ``Table Grid``
    every rule), their columns as wide as Word makes them by default, every cell's text centred
    and in ``size`` point type: a table as set by an agency that picked a style from Word's gallery."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        table.style = document.styles[style]
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def docx_to_pdf(documents: Mapping[str, bytes]) -> dict[str, bytes]:
    """Each document as LibreOffice exports it to PDF (``soffice --convert-to pdf``), all in one run."""
    from tests.render.pdf import soffice

    program = soffice()
    if program is None:
        raise RuntimeError("soffice is not on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for name, data in documents.items():
            sources.append(Path(tmp) / f"{name}.docx")
            sources[-1].write_bytes(data)
        command = [program, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf"]
        subprocess.run(
            [*command, "--outdir", str(Path(tmp) / "out"), *map(str, sources)],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return {name: (Path(tmp) / "out" / f"{name}.pdf").read_bytes() for name in documents}


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp fixed, for reproducible fixtures."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, _FIXED_TIME), source.read(info), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic DOCX fixtures.")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    content = sample_content()
    (args.out / "plain.docx").write_bytes(render_docx(content))
    (args.out / "split.docx").write_bytes(render_docx(content, split_labels=True))


if __name__ == "__main__":
    main()
