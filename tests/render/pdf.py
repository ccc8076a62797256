"""Render ``ReportContent`` to PDF the way Word and WPS exports look.

reportlab draws with its built-in Chinese CID font ``STSong-Light``: a centred title, justified
paragraphs with a two-character first-line indent, part headings, and the three national tables
from ``table_grid`` with ruled borders, real merged cells, labels wrapped inside their cells, and
tables broken across pages with their header rows repeated (as Word does with 标题行重复). A
vertically merged cell cut by a page break keeps its text on the first page and shows an empty
box on the next, as in Word. Page numbers ``— N —`` stand in the footer.

``render_pdf_libreoffice`` writes the same content as HTML and has LibreOffice export it, for the
kind of PDF users make from Word documents with LibreOffice; it needs ``soffice`` on PATH.

Synthetic content (``synthetic_content``) and the bad PDFs of the reader's tests (scanned,
encrypted, truncated, fonts without a Unicode mapping) are made here too. The committed fixtures
are regenerated with::

    python -m tests.render.pdf --out tests/fixtures/pdf
"""

from __future__ import annotations

import argparse
import html
import io
import random
import re
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from gklint.model import Report
from gklint.templates.national import APPLICANTS, APPLICATIONS, NATIONAL_2021, OUTCOMES, REVIEW_GROUPS
from tests.render.content import TABLE_OF_PART, Grid, GridCell, ReportContent, table_grid

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

MARGIN = 72.0
BODY_SIZE = 12.0
BODY_LEADING = 20.0
TITLE_SIZE = 18.0
CELL_SIZE = 9.0
CELL_LEADING = 11.0
CELL_PAD = 2.5
FOOTER_Y = 40.0

# Relative column widths of the national tables (label columns wide, value columns even).
COLUMN_WEIGHTS = {
    "active": (31, 23, 23, 23),
    "applications": (40, 50, 150, *(30,) * 7),
    "review_litigation": (1,) * 15,
}
HEADER_ROWS = {"active": 0, "applications": 3, "review_litigation": 3}

_NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)%")  # 禁则: these never begin a line
_UNIT = re.compile(r"[!-~]{1,12}(?![!-~])|\s|.")  # a short ASCII word stays whole; else one char


@cache
def _char_width(ch: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(ch, FONT, size))


def text_width(text: str, size: float) -> float:
    return sum(_char_width(ch, size) for ch in text)


def _clean(text: str) -> str:
    """What STSong can show: NBSP and tabs become plain spaces."""
    return text.replace("\u00a0", " ").replace("\t", " ").strip()


def wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines of at most ``width`` points (the first ``indent`` narrower).

    Any CJK character may end a line, a short ASCII word is kept whole, a space stays at the end
    of the line it follows, and closing punctuation hangs into the margin rather than start a line.
    """
    lines: list[str] = []
    current, used, room = "", 0.0, width - indent
    for unit in _UNIT.findall(text):
        w = text_width(unit, size)
        if current.strip() and used + w > room + 0.01 and not unit.isspace() and unit[0] not in _NO_LINE_START:
            lines.append(current)
            current, used, room = "", 0.0, width
        if not current and unit.isspace() and lines:
            continue
        current += unit
        used += w
    if current.strip() or not lines:
        lines.append(current)
    return lines


# --------------------------------------------------------------------------- page writer


@dataclass
class Style:
    ruled: bool = True  # draw table borders at all
    filled_borders: bool = False  # borders as thin filled rectangles (Word) instead of stroked lines
    landscape: bool = False
    split_rows: bool = False  # let a row break across pages (Word's default "allow row to break")
    cell_size: float = CELL_SIZE
    column_weights: dict[str, tuple[float, ...]] | None = None
    pad: float = CELL_PAD  # a cell's inner margin (Word's default is 0.19 cm, 5.4 pt, at each side)
    middle: bool = False  # every cell's text centred in its height (Word's 中部居中), borderless too
    # header rows repeated on every page (Word's 标题行重复); without, they stand on the first page
    # only, and may end it with no row under them
    repeat_headers: bool = True
    # the title in Word's 标题 style: this large type, left-aligned, wrapped at single spacing;
    # None: centred on one line, shrunk to fit
    title_size: float | None = None
    tables_as_pictures: bool = False  # each table pasted as a picture (a screenshot of it)
    letterhead: bool = False  # a banner picture at the head of every page, as 红头 templates have
    # a scan with a text layer: each page a picture, the text over it turned by this many degrees
    # about the page's corner, as OCR places it on a page scanned off square (OCR's text is invisible,
    # which a reader does not see)
    scan_skew: float | None = None
    # landscape pages set sideways on portrait paper, the text running up (90) or down (270): a wide
    # table printed onto A4
    turned: int = 0
    page_rotation: int = 0  # each page's /Rotate: a page turned in a viewer and saved


class _Writer:
    """A canvas with a cursor that turns pages and numbers them."""

    def __init__(self, out: io.BytesIO, style: Style, encrypt: str | None, producer: str | None) -> None:
        self.style = style
        self.size = landscape(A4) if style.landscape or style.turned else A4
        paper = A4 if style.turned else self.size
        self.canvas = canvas.Canvas(out, pagesize=paper, invariant=True, encrypt=encrypt)
        if producer:
            self.canvas.setProducer(producer)
        self.width = self.size[0] - 2 * MARGIN
        self.page = 1
        self.y = self.size[1] - MARGIN
        self._letterhead()

    def _letterhead(self) -> None:
        if self.style.turned == 90:
            self.canvas.translate(A4[0], 0)
            self.canvas.rotate(90)
        elif self.style.turned == 270:
            self.canvas.translate(0, A4[1])
            self.canvas.rotate(-90)
        if self.style.page_rotation:
            self.canvas.setPageRotation(self.style.page_rotation)
        if self.style.scan_skew is not None:
            self.canvas.drawImage(picture(), 0, 0, self.size[0], self.size[1])
            self.canvas.rotate(self.style.scan_skew)
        if self.style.letterhead:
            self.canvas.drawImage(picture(), MARGIN, self.size[1] - MARGIN + 8, 200, 56)

    def picture(self, height: float) -> None:
        """A picture the width of the text, on this page if it fits, else on the next."""
        if self.y - height < self.bottom:
            self.new_page()
        self.canvas.drawImage(picture(), MARGIN, self.y - height, self.width, height)
        self.y -= height + BODY_LEADING

    @property
    def bottom(self) -> float:
        return MARGIN

    def new_page(self) -> None:
        self._footer()
        self.canvas.showPage()
        self.page += 1
        self.y = self.size[1] - MARGIN
        self._letterhead()

    def finish(self) -> None:
        self._footer()
        self.canvas.save()

    def _footer(self) -> None:
        label = f"— {self.page} —"
        self.canvas.setFont(FONT, 10.5)
        self.canvas.drawString((self.size[0] - text_width(label, 10.5)) / 2, FOOTER_Y, label)

    def _line(self, text: str, x: float, size: float, char_space: float = 0.0) -> None:
        if self.y - size < self.bottom:
            self.new_page()
        baseline = self.y - size
        obj = self.canvas.beginText(x, baseline)
        obj.setFont(FONT, size)
        obj.setCharSpace(char_space)
        obj.textOut(text)
        self.canvas.drawText(obj)

    def title(self, text: str) -> None:
        text = _clean(text)
        if self.style.title_size:
            size = self.style.title_size
            for line in wrap(text, self.width, size):
                self._line(line, MARGIN, size)
                self.y -= size * 1.07
            self.y -= size
            return
        size = TITLE_SIZE
        while text_width(text, size) > self.width and size > 10:
            size -= 1
        self._line(text, MARGIN + (self.width - text_width(text, size)) / 2, size)
        self.y -= size * 2.2

    def paragraph(self, text: str, size: float = BODY_SIZE, leading: float = BODY_LEADING) -> None:
        """A justified paragraph with a first-line indent of two characters."""
        indent = 2 * size
        lines = wrap(_clean(text), self.width, size, indent)
        for n, line in enumerate(lines):
            x = MARGIN + (indent if n == 0 else 0.0)
            room = self.width - (indent if n == 0 else 0.0)
            body = line.rstrip()
            spread = 0.0
            if n < len(lines) - 1 and len(body) > 1:
                spread = max(0.0, (room - text_width(body, size)) / (len(body) - 1))
            self._line(line, x, size, spread)
            self.y -= leading

    def gap(self, points: float) -> None:
        self.y -= points

    def table(self, grid: Grid, key: str) -> None:
        _TableDrawer(self, grid, key).draw()


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class _Slice:
    """The part of a table row shown on one page: lines ``first`` to ``stop`` of its one-row cells."""

    row: int
    first: int = 0
    stop: int | None = None
    height: float = 0.0


@dataclass(frozen=True)
class _Placed:
    cell: GridCell
    row: int
    col: int

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1


def _place(grid: Grid) -> list[_Placed]:
    """Each grid cell at its (row, column) origin, skipping positions taken by earlier spans."""
    taken: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append(_Placed(cell, r, c))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    return placed


class _TableDrawer:
    def __init__(self, writer: _Writer, grid: Grid, key: str) -> None:
        self.w = writer
        self.style = writer.style
        self.size = self.style.cell_size
        self.leading = self.size * CELL_LEADING / CELL_SIZE
        self.placed = _place(grid)
        self.rows = len(grid)
        self.headers = HEADER_ROWS[key]
        weights = (self.style.column_weights or COLUMN_WEIGHTS)[key]
        total = sum(weights)
        self.widths = [writer.width * wt / total for wt in weights]
        self.xs = [MARGIN + sum(self.widths[:i]) for i in range(len(self.widths) + 1)]
        self.lines = {
            id(p): wrap(_clean(p.cell.text), self._cell_width(p) - 2 * self.style.pad, self.size) for p in self.placed
        }
        self.heights = self._row_heights()

    def _cell_width(self, p: _Placed) -> float:
        return self.xs[p.col + p.cell.colspan] - self.xs[p.col]

    def _text_height(self, p: _Placed) -> float:
        return len(self.lines[id(p)]) * self.leading + 2 * self.style.pad

    def _row_heights(self) -> list[float]:
        heights = [self.leading + 2 * self.style.pad + 4] * self.rows
        for p in self.placed:
            if p.cell.rowspan == 1:
                heights[p.row] = max(heights[p.row], self._text_height(p))
        for p in self.placed:
            span = range(p.row, p.last_row + 1)
            short = self._text_height(p) - sum(heights[r] for r in span)
            if short > 0:
                heights[p.last_row] += short
        return heights

    def draw(self) -> None:
        for n, slices in enumerate(self._fragments()):
            if n:
                self.w.new_page()
            self._draw_fragment(slices)
        self.w.gap(BODY_LEADING * 0.6)

    def _fits_text(self, start: int, end: int) -> bool:
        """True when no merged cell cut before row ``end`` loses its text below the cut."""
        for p in self.placed:
            if start <= p.row < end <= p.last_row and self._text_height(p) > sum(self.heights[p.row : end]):
                return False
        return True

    def _row_lines(self, row: int) -> int:
        return max((len(self.lines[id(p)]) for p in self.placed if p.row == row and p.cell.rowspan == 1), default=1)

    def _rest_height(self, row: int, line: int) -> float:
        """The height of ``row`` from its ``line``-th line on (the whole row when ``line`` is 0)."""
        if line == 0:
            return self.heights[row]
        return max(self._row_lines(row) - line, 1) * self.leading + 2 * self.style.pad

    def _lines_fitting(self, row: int, line: int, space: float) -> int:
        """How many more lines of ``row`` fit in ``space`` when the row is broken (0: move it whole)."""
        count = int((space - 2 * self.style.pad) // self.leading)
        return count if count >= 1 and line + count < self._row_lines(row) else 0

    def _fragments(self) -> Iterator[list[_Slice]]:
        """The row slices of each page: header rows first, then as many body rows as fit; with
        ``split_rows`` a multi-line row at the foot of a page breaks, as Word allows by default."""
        header = [_Slice(r, height=self.heights[r]) for r in range(self.headers)]
        room = self.w.y - self.w.bottom
        row, line, first, headed = self.headers, 0, True, False
        while row < self.rows:
            shown = header if not headed or self.style.repeat_headers else []
            body: list[_Slice] = []
            used, r, k = sum(s.height for s in shown), row, line
            while r < self.rows:
                height = self._rest_height(r, k)
                if used + height <= room:
                    body.append(_Slice(r, k, None, height))
                    used, r, k = used + height, r + 1, 0
                    continue
                fit = self._lines_fitting(r, k, room - used) if self.style.split_rows else 0
                if fit:
                    body.append(_Slice(r, k, k + fit, room - used))
                    k += fit
                break
            if r < self.rows and k == 0:
                cut = r
                while cut > row and not self._fits_text(row, cut):
                    cut -= 1
                if row < cut < r:
                    body, r = [s for s in body if s.row < cut], cut
            if not body and first and shown and not self.style.repeat_headers and used <= room:
                yield shown  # the headings alone at the foot of the page
                first, headed, room = False, True, self.w.size[1] - 2 * MARGIN
                continue
            if not body:
                if first:  # not even one row fits below the text above: start on a new page
                    self.w.new_page()
                    room, first = self.w.y - self.w.bottom, False
                    continue
                body, r, k = [_Slice(r, k, None, self._rest_height(r, k))], r + 1, 0
            yield shown + body
            first, headed = False, True
            room = self.w.size[1] - 2 * MARGIN
            row, line = r, k

    def _draw_fragment(self, slices: list[_Slice]) -> None:
        tops = []
        y = self.w.y
        for piece in slices:
            tops.append(y)
            y -= piece.height
        for p in self.placed:
            covered = [i for i, piece in enumerate(slices) if p.row <= piece.row <= p.last_row]
            if not covered:
                continue
            box = (self.xs[p.col], tops[covered[-1]] - slices[covered[-1]].height, self.xs[p.col + p.cell.colspan])
            x0, y0, x1 = box
            y1 = tops[covered[0]]
            self._border(x0, y0, x1, y1)
            start = slices[covered[0]]
            if start.row != p.row:
                continue  # the lower part of a merged cell cut by a page break: an empty box
            if p.cell.rowspan == 1:
                broken = start.first > 0 or start.stop is not None
                self._text(p, self.lines[id(p)][start.first : start.stop], (x0, y0, x1, y1), top=broken)
            elif start.first == 0:
                self._text(p, self.lines[id(p)], (x0, y0, x1, y1), top=True)
        self.w.y = y

    def _border(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if not self.style.ruled:
            return
        c = self.w.canvas
        if self.style.filled_borders:
            t = 0.5
            for rect in ((x0, y0 - t / 2, x1 - x0, t), (x0, y1 - t / 2, x1 - x0, t)):
                c.rect(*rect, stroke=0, fill=1)
            for rect in ((x0 - t / 2, y0, t, y1 - y0), (x1 - t / 2, y0, t, y1 - y0)):
                c.rect(*rect, stroke=0, fill=1)
        else:
            c.setLineWidth(0.5)
            c.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)

    def _text(self, p: _Placed, lines: list[str], box: tuple[float, float, float, float], top: bool) -> None:
        lines = [line for line in lines if line.strip()]
        if not lines:
            return
        x0, y0, x1, y1 = box
        block = len(lines) * self.leading
        # Word's default: merged cells top-aligned, others centred; borderless tables all on one baseline
        centred = self.style.middle or (self.style.ruled and not top)
        drop = (y1 - y0 - block) / 2 if centred else self.style.pad
        first = y1 - drop - self.size
        c = self.w.canvas
        c.setFont(FONT, self.size)
        for n, line in enumerate(lines):
            width = text_width(line.rstrip(), self.size)
            x = x0 + self.style.pad if not self.style.ruled else (x0 + x1 - width) / 2
            c.drawString(x, first - n * self.leading + 1.5, line)


# --------------------------------------------------------------------------- documents


def found_labels(report: Report) -> dict[str, str]:
    """Template label -> the label as a bound report wrote it, where the two differ.

    ``table_grid`` draws the template's labels; rendering with these instead keeps a source's
    typos (``本年度止件数``) so that a read-back binds with the same notes.
    """
    labels: dict[str, str] = {}
    for spec in NATIONAL_2021.tables:
        table = report.tables.get(spec.key)
        if table is None:
            continue
        for row in spec.rows:
            if row.key in table and table[row.key].label and table[row.key].label != row.label:
                labels[row.label] = table[row.key].label
        for header in spec.headers:
            found = table.headers.get(header.column) if header.column else None
            if found is not None and found.text and found.text != header.label:
                labels[header.label] = found.text
    return labels


def _relabel(grid: Grid, labels: Mapping[str, str]) -> Grid:
    return [[replace(cell, text=labels.get(cell.text, cell.text)) if cell.key is None else cell for cell in row]
            for row in grid]  # fmt: skip


def _draw_report(writer: _Writer, content: ReportContent, labels: Mapping[str, str]) -> None:
    if content.title:
        writer.title(content.title)
    for text in content.preamble:
        writer.paragraph(text)
    for number in range(1, 7):
        if number not in content.sections and number not in content.headings:
            continue
        writer.paragraph(content.heading(number))
        for text in content.sections.get(number, []):
            if text.strip():
                writer.paragraph(text)
        table = TABLE_OF_PART.get(number)
        if table and table in content.values:
            writer.gap(BODY_LEADING * 0.3)
            if writer.style.tables_as_pictures:
                writer.picture(300 if table == "applications" else 150)
            else:
                writer.table(_relabel(table_grid(content, table), labels), table)


def render_pdf(
    content: ReportContent,
    style: Style | None = None,
    *,
    encrypt: str | None = None,
    producer: str | None = "gklint test renderer (reportlab)",
    labels: Mapping[str, str] | None = None,
) -> bytes:
    """The report as a PDF: reportlab, STSong-Light, ruled tables with merged cells; ``labels``
    replaces template labels in the tables (see ``found_labels``)."""
    out = io.BytesIO()
    writer = _Writer(out, style or Style(), encrypt, producer)
    _draw_report(writer, content, labels or {})
    writer.finish()
    return out.getvalue()


def render_borderless_pdf(content: ReportContent) -> bytes:
    """The tables without any ruling line, on landscape pages wide enough that no label wraps."""
    weights = {
        "active": (31, 23, 23, 23),
        "applications": (66, 54, 250, *(46,) * 7),
        "review_litigation": (1,) * 15,
    }
    return render_pdf(content, Style(ruled=False, landscape=True, cell_size=6.5, column_weights=weights))


_NARROW = {"active": (31, 23, 23, 23), "applications": (45, 32, 32, *(30,) * 7), "review_litigation": (1,) * 15}

# Word's tables with their borders off, on portrait pages: the label columns are narrow, so labels
# and column headings wrap over several lines of their own, top-aligned (Word's default), centred
# in their cells, or broken across a page.
WORD_BORDERLESS = {
    "pdf-borderless-wrapped": Style(ruled=False, pad=5.4),
    "pdf-borderless-centred": Style(ruled=False, pad=5.4, middle=True),
    "pdf-borderless-split": Style(ruled=False, pad=5.4, split_rows=True),
    "pdf-borderless-centred-split": Style(ruled=False, pad=5.4, middle=True, split_rows=True),
    # narrow label columns: even 一、本年新收政府信息公开申请数量 wraps, and a comma may hang into
    # the padding beside a number
    "pdf-borderless-narrow": Style(ruled=False, pad=5.4, split_rows=True, column_weights=_NARROW),
    "pdf-borderless-narrow-centred": Style(ruled=False, pad=5.4, split_rows=True, middle=True, column_weights=_NARROW),
}


# --------------------------------------------------------------------------- LibreOffice


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_P = "<p style='text-indent:24pt;text-align:justify;margin-top:0pt;margin-bottom:0pt;font-size:12pt'>{}</p>"


def content_html(content: ReportContent, borders: bool = True, valign: str = "") -> str:
    """The report as an HTML page with bordered tables (rowspan/colspan), for LibreOffice; without
    ``borders``, the cells' text at their left and ``valign`` (top or middle), as a table whose
    borders were turned off. Styles are inline and in points: LibreOffice's HTML import ignores ``em``
    and most style sheets."""
    cell = "<td align='center'" if borders else f"<td align='left' valign='{valign or 'top'}'"
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"]
    if content.title:
        out.append(f"<p align='center' style='font-size:18pt;margin-bottom:12pt'>{html.escape(content.title)}</p>")
    out.extend(_P.format(html.escape(t)) for t in content.preamble)
    for number in range(1, 7):
        out.append(_P.format(html.escape(content.heading(number))))
        out.extend(_P.format(html.escape(t)) for t in content.sections.get(number, []) if t.strip())
        table = TABLE_OF_PART.get(number)
        if table and table in content.values:
            out.append(
                f"<table border='{int(borders)}' cellspacing='0' cellpadding='{3 if borders else 4}' width='100%'"
                " style='font-size:9pt'>"
            )
            for row in table_grid(content, table):
                cells = "".join(
                    f"{cell} rowspan='{c.rowspan}' colspan='{c.colspan}'>{html.escape(c.text)}</td>" for c in row
                )
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def render_pdf_libreoffice(content: ReportContent, borders: bool = True, valign: str = "") -> bytes:
    """The report as LibreOffice exports it from an HTML page (``soffice --convert-to pdf``); see
    ``content_html`` for ``borders`` and ``valign``."""
    return html_to_pdf(content_html(content, borders, valign))


def html_to_pdf(page: str, program: str | None = None) -> bytes:
    """An HTML page as LibreOffice's Writer exports it to PDF (``soffice --convert-to pdf``)."""
    program = program or soffice()
    if program is None:
        raise RuntimeError("soffice is not on PATH")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page, encoding="utf-8")
        command = [
            program,
            f"-env:UserInstallation=file://{tmp}/profile",
            "--headless",
            "--infilter=HTML (StarWriter)",  # import into Writer proper, as a .docx would be, not Writer/Web
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            tmp,
            str(source),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=180)
        return (Path(tmp) / "report.pdf").read_bytes()


# --------------------------------------------------------------------------- synthetic content

_AGENCIES = ("示例市数据资源管理局", "样本县自然资源和规划局", "虚构区教育局")
_TOPICS = (
    ("主动公开", "全年通过门户网站主动公开政府信息{a}条，其中政策文件{b}条、工作动态{c}条，"
     "均按照“谁制作、谁公开”的原则经保密审查后发布，网址为 https://www.example.gov.cn/zwgk/ 。"),
    ("依申请公开", "全年共收到政府信息公开申请{new}件，均在法定期限内答复，未发生因答复不当引起的行政复议或诉讼。"),
    ("政府信息管理", "建立健全公文公开属性源头认定机制，对{b}件行政规范性文件开展清理，确保现行有效文件目录准确。"),
    ("政府信息公开平台建设", "持续优化政府网站信息公开专栏，完成栏目整合{c}个，开展网页适老化改造，提升用户体验。"),
    ("监督保障", "将政务公开工作纳入年度绩效考核，组织业务培训2次，参训人员80余人次，全年未发生责任追究情形。"),
)  # fmt: skip


def _numbers(rng: random.Random) -> dict[str, dict[str, dict[str, str]]]:
    """Table values that add up (T1, T2, T3 and C1 hold)."""
    applications: dict[str, dict[str, int]] = {}
    leaves = [r.key for r in APPLICATIONS.rows if r.key not in ("new", "carried_in", "results_total", "carried_out")]
    for col in APPLICANTS[:-1]:
        new, carried_in = rng.randint(0, 12), rng.randint(0, 2)
        handled = rng.randint(0, new + carried_in)
        split = {leaf: 0 for leaf in leaves}
        for _ in range(handled):
            split[rng.choice(leaves[:6] if rng.random() < 0.8 else leaves)] += 1
        column = {"new": new, "carried_in": carried_in, **split, "results_total": handled}
        column["carried_out"] = new + carried_in - handled
        for row, value in column.items():
            applications.setdefault(row, {})[col] = value
    for row in applications.values():
        row["total"] = sum(row[c] for c in APPLICANTS[:-1])
    review: dict[str, dict[str, str]] = {}
    for group in REVIEW_GROUPS:
        parts = [rng.randint(0, 3) for _ in OUTCOMES[:-1]]
        review[group] = {o: str(v) for o, v in zip(OUTCOMES, [*parts, sum(parts)])}
    return {
        "active": {
            "regulations": {"issued": "0", "abolished": "0", "in_force": "0"},
            "normative_documents": {
                "issued": str(rng.randint(1, 9)),
                "abolished": "",
                "in_force": str(rng.randint(10, 40)),
            },
            "licensing": {"decisions": str(rng.randint(100, 3000))},
            "penalty": {"decisions": str(rng.randint(10, 900))},
            "enforcement": {"decisions": str(rng.randint(0, 20))},
            "fees": {"amount": "/" if rng.random() < 0.5 else f"{rng.randint(1, 999)}.{rng.randint(0, 99):02d}"},
        },
        "applications": {row: {c: str(v) for c, v in cols.items()} for row, cols in applications.items()},
        "review_litigation": review,
    }


def synthetic_content(variant: int = 0, year: int = 2023, filler: int = 0) -> ReportContent:
    """A made-up but well-formed report (no text of any real report); ``filler`` adds that many
    short paragraphs to part 1, which moves the tables down the pages."""
    rng = random.Random(variant)
    agency = _AGENCIES[variant % len(_AGENCIES)]
    values = _numbers(rng)
    new = values["applications"]["new"]["total"]
    facts = {"a": rng.randint(200, 900), "b": rng.randint(5, 40), "c": rng.randint(50, 300), "new": new}
    part1 = [f"（{'一二三四五'[i]}）{topic}。" + text.format(**facts) for i, (topic, text) in enumerate(_TOPICS)]
    part1.insert(0, f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作深化政务公开，"
                    "以公开促落实、以公开促规范、以公开促服务，各项工作取得新进展。" * 2)  # fmt: skip
    part1.extend(f"本年度第{n + 1}次政务公开专题会议研究部署了重点工作。" for n in range(filler))
    return ReportContent(
        title=f"{agency}{year}年政府信息公开工作年度报告",
        preamble=[
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。全文包括总体情况、主动公开政府信息情况、"
            f"收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的"
            f"事项。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与本机关办公室联系。"
        ],
        sections={
            1: part1,
            2: [],
            3: [],
            4: [],
            5: [
                "一是公开内容的深度和广度有待拓展；二是政策解读形式较为单一。",
                f"下一步，本机关将加强培训，力争{year + 1}年实现重点领域信息公开全覆盖，并丰富图解、视频等解读形式。",
            ],
            6: [f"本机关{year}年度未收取信息处理费，无其他需要报告的事项。"],
        },
        values=values,
    )


# --------------------------------------------------------------------------- bad PDFs


def _png(width: int = 64, height: int = 48) -> bytes:
    """A small grey-scale PNG (a stand-in for a scanned page), written without PIL."""
    raw = b"".join(b"\x00" + bytes((x * 4 + y * 2) % 256 for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x00\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@cache
def picture() -> Any:
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(_png()))


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that hold only an image, as a scanner makes them."""
    from reportlab.lib.utils import ImageReader

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=True)
    image = ImageReader(io.BytesIO(_png()))
    for _ in range(pages):
        c.drawImage(image, MARGIN, MARGIN, A4[0] - 2 * MARGIN, A4[1] - 2 * MARGIN)
        c.showPage()
    c.save()
    return out.getvalue()


def encrypted_pdf(password: str = "secret") -> bytes:
    """A report that opens only with a user password."""
    return render_pdf(synthetic_content(0), encrypt=password)


def truncated_pdf() -> bytes:
    data = render_pdf(synthetic_content(0))
    return data[: len(data) // 2]


def no_unicode_pdf() -> bytes:
    """A report whose CID font has no Unicode mapping: Identity-H codes, an unknown ordering, no
    ToUnicode (what a Word/WPS export with the mapping stripped leaves). Same-length byte edits of a
    reportlab file keep its cross-reference table valid."""
    data = render_pdf(synthetic_content(0))
    for old, new in ((b"/UniGB-UCS2-H", b"/Identity-H  "), (b"(GB1)", b"(XYZ)")):
        assert old in data
        data = data.replace(old, new)
    return data


# --------------------------------------------------------------------------- fixtures


def _content(variant: int, filler: int = 0) -> Callable[[], ReportContent]:
    return lambda: synthetic_content(variant, filler=filler)


# name -> (content, renderer); the LibreOffice ones need soffice, the bad ones no content
FIXTURES: dict[str, tuple[Callable[[], ReportContent], Callable[[ReportContent], bytes]]] = {
    "synthetic_ruled.pdf": (_content(0), render_pdf),
    "synthetic_filled_borders.pdf": (_content(1), lambda c: render_pdf(c, Style(filled_borders=True), producer=None)),
    "synthetic_split_rows.pdf": (_content(3, filler=1), lambda c: render_pdf(c, Style(split_rows=True))),
    "synthetic_borderless.pdf": (_content(2), render_borderless_pdf),
}
LIBREOFFICE_FIXTURES: dict[str, Callable[[], ReportContent]] = {
    "libreoffice_1.pdf": _content(1, filler=1),  # rows broken across pages (LibreOffice's default)
    "libreoffice_2.pdf": _content(2, filler=2),
}
BAD_FIXTURES: dict[str, Callable[[], bytes]] = {
    "bad_scanned.pdf": scanned_pdf,
    "bad_encrypted.pdf": encrypted_pdf,
    "bad_truncated.pdf": truncated_pdf,
    "bad_no_unicode.pdf": no_unicode_pdf,
}


def fixture_content(name: str) -> ReportContent:
    """The content a committed fixture was rendered from."""
    return FIXTURES[name][0]() if name in FIXTURES else LIBREOFFICE_FIXTURES[name]()


def write_fixtures(out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (content, render) in FIXTURES.items():
        (out / name).write_bytes(render(content()))
        written.append(name)
    for name, make in BAD_FIXTURES.items():
        (out / name).write_bytes(make())
        written.append(name)
    if soffice():
        for name, content in LIBREOFFICE_FIXTURES.items():
            (out / name).write_bytes(render_pdf_libreoffice(content()))
            written.append(name)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the synthetic PDF fixtures of the PDF reader's tests.")
    parser.add_argument("--out", type=Path, default=Path("tests/fixtures/pdf"))
    args = parser.parse_args()
    for name in write_fixtures(args.out):
        print(args.out / name)
    if not soffice():
        print("soffice is not on PATH: the LibreOffice fixtures were left as they are")


if __name__ == "__main__":
    main()
