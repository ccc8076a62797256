"""``text``: each finding as ``path:line:col: CODE [severity] message`` with the offending source line
under it (text, Markdown and HTML sources), then a summary table."""

from __future__ import annotations

import functools
import os
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from gklint.plugin import (
    SEVERITY_COLORS,
    FileResult,
    FileStream,
    Finding,
    Formatter,
    OutputStyle,
    RunResult,
    Severity,
    breakdown,
    finding_line,
    hookimpl,
    paint,
    printable_path,
    render_streamed,
    source_lines,
    split_lines,
)

CONTEXT = 20  # code points shown before the span on a long line
WIDTH = 60  # code points shown at most on a long line
GUTTER = "|"


# --------------------------------------------------------------------------- source snippets


class SourceLines:
    """The lines of each source file: those its result carries (read when it was linted), else
    read once per render; a file that cannot be read has none."""

    def __init__(self, base: Path, texts: Mapping[str, str] | None = None) -> None:
        self.base = base  # the directory finding paths are relative to
        self._cache: dict[str, list[str] | None] = {path: split_lines(text) for path, text in (texts or {}).items()}
        self._carried: dict[str, dict[int, str]] = {}

    def carry(self, result: FileResult) -> None:
        """Take the lines ``result`` carries: the file is read only for a line it lacks."""
        if result.source_lines:
            self._carried[result.path] = dict(result.source_lines)

    def forget(self, path: str) -> None:
        """Drop a file's lines once its findings are printed (a sweep must not hold every file's text)."""
        self._cache.pop(path, None)
        self._carried.pop(path, None)

    def get(self, path: str, line: int) -> str | None:
        carried = self._carried.get(path)
        if carried is not None and line in carried:
            return carried[line]
        if path not in self._cache:
            self._cache[path] = _read_lines(os.path.join(self.base, path))  # text: no path objects a file
        lines = self._cache[path]
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]


def _read_lines(path: str) -> list[str] | None:
    try:
        with open(path, "rb", buffering=0) as handle:
            data = handle.readall()
    except OSError:
        return None
    return source_lines(data)


def _cell_width(char: str) -> int:
    if char == "\t":
        return 4
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _shown(text: str) -> str:
    """The text as printed: tabs as four spaces, other control and format characters dropped."""
    if text.isprintable():  # no control or format character (the common case, checked in C)
        return text
    return "".join("    " if c == "\t" else c for c in text if c == "\t" or not _control(c))


def _width(text: str) -> int:
    """Terminal cells ``text`` takes as printed (by ``_shown``)."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_printed_width, text))


@functools.lru_cache(maxsize=4096)
def _printed_width(char: str) -> int:
    return _cell_width(char) if char == "\t" or not _control(char) else 0


def _control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf")


def _span(finding: Finding, source: str) -> tuple[int, int] | None:
    """The 0-based [start, end) code-point span to underline on the finding's first line."""
    loc = finding.location
    if loc.column is None:
        return None
    start = loc.column - 1
    same_line = loc.end_line is None or loc.end_line == loc.line
    end = loc.end_column - 1 if same_line and loc.end_column is not None else len(source)
    return start, max(end, start + 1)


def snippet(finding: Finding, sources: SourceLines, color: bool = False) -> list[str]:
    """The source line under a finding and a caret line under its columns; none if it cannot be shown."""
    line = finding.location.line
    if line is None:
        return []
    source = sources.get(finding.path, line)
    if source is None:
        return []
    span = _span(finding, source)
    if span is not None and span[0] > len(source):
        return []  # the file changed since it was linted
    first, last = _window(len(source), span)
    text = ("…" if first else "") + source[first:last] + ("…" if last < len(source) else "")
    number = str(line)
    lines = [f" {number} {GUTTER} {_shown(text)}".rstrip()]
    if span is not None:
        lead = ("…" if first else "") + source[first : span[0]]
        marks = max(1, _width(source[span[0] : min(span[1], last)]))
        carets = paint("^" * marks, SEVERITY_COLORS[finding.severity.label], color)
        lines.append(f" {' ' * len(number)} {GUTTER} {' ' * _width(lead)}{carets}")
    return lines


def _window(length: int, span: tuple[int, int] | None) -> tuple[int, int]:
    """Which part of a long line to show: the span with some context, at most ``WIDTH`` code points."""
    if length <= WIDTH:
        return 0, length
    start = 0 if span is None else max(0, span[0] - CONTEXT)
    return start, min(length, start + WIDTH)


# --------------------------------------------------------------------------- summary


SUMMARY_HEADERS = ("code", "name", "severity", "count")


def summary(run: RunResult) -> str:
    """The counts by rule, the totals and the skipped files, from one pass over the run's files (a
    sweep keeps them on disk: every pass reads them all back)."""
    tally = Tally()
    for result in run.files:
        tally.add(result)
    return tally.text(run.lang)


class Tally:
    """What the summary counts, file by file."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self.severities: Counter[Severity] = Counter()
        self.with_findings = self.checked = self.skipped_count = 0
        self.skipped: list[str] = []  # the first few names; a sweep's thousands are counted

    def add(self, result: FileResult) -> None:
        if result.findings:  # most files of a sweep have none: no counting to set up for them
            self.counts.update((f.code, f.name, f.severity.label) for f in result.findings)
            self.severities.update(f.severity for f in result.findings)
            self.with_findings += 1
        if not result.skipped:
            self.checked += 1
            return
        self.skipped_count += 1
        if len(self.skipped) <= SKIPPED_NAMED:
            self.skipped.append(printable_path(result.path))

    def text(self, lang: str) -> str:
        lines = []
        if self.counts:
            rows = [(code, name, severity, n) for (code, name, severity), n in sorted(self.counts.items())]
            lines.append(summary_table(rows))
        lines.append(_totals(lang, self.with_findings, self.checked, self.severities))
        if self.skipped_count:
            lines.append(_skipped(self.skipped, self.skipped_count, lang))
        return "\n".join(lines)


def summary_table(rows: list[tuple[str, str, str, int]]) -> str:
    """tabulate's "simple" table of the counts, drawn here for plain ASCII cells: importing tabulate
    (and wcwidth) costs a one-file run more than the rest of its output."""
    cells = [(code, name, severity, str(count)) for code, name, severity, count in rows]
    if not all(_plain(cell) for row in cells for cell in row[:3]):
        from tabulate import tabulate

        return tabulate(rows, headers=list(SUMMARY_HEADERS))
    widths = [max(len(header) + 2, *(len(row[i]) for row in cells)) for i, header in enumerate(SUMMARY_HEADERS)]

    def line(values: tuple[str, ...]) -> str:
        padded = [value.ljust(w) for value, w in zip(values[:3], widths)] + [values[3].rjust(widths[3])]
        return "  ".join(padded).rstrip()

    return "\n".join([line(SUMMARY_HEADERS), "  ".join("-" * w for w in widths), *map(line, cells)])


def _plain(cell: str) -> bool:
    """Printable ASCII that tabulate would not read as a number (it right-aligns those)."""
    if not (cell.isascii() and cell.isprintable()) or cell != cell.strip():
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


SKIPPED_NAMED = 10  # more skipped files than this are counted, not named


def _skipped(paths: list[str], count: int, lang: str) -> str:
    """A few skipped files by name; many (a sweep's folders hold thousands) only as a count."""
    if count > SKIPPED_NAMED:
        if lang == "en":
            return f"skipped {count} files that are not annual reports (--show-skipped lists them)"
        return f"跳过 {count} 个不是年度报告的文件（用 --show-skipped 列出）"
    if lang == "en":
        what = "a file that is not an annual report" if count == 1 else f"{count} files that are not annual reports"
        return f"skipped {what}: {', '.join(paths)}"
    return f"跳过 {count} 个不是年度报告的文件：{'、'.join(paths)}"


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _totals(lang: str, files: int, checked: int, severities: Counter[Severity]) -> str:
    count = sum(severities.values())
    if lang == "en":
        total = f"{_many(count, 'finding')} in {files} of {_many(checked, 'file')}"
    else:
        total = f"检查 {checked} 个文件，{files} 个文件有问题，共 {count} 项"
    return total + breakdown(severities, lang)


class TextFormatter(Formatter):
    name = "text"
    description = "each finding with its source line, then a summary table (the default)"
    file_extension = ".txt"

    def render(self, run: RunResult) -> str:
        return self.render_styled(run, OutputStyle())

    def render_styled(self, run: RunResult, style: OutputStyle) -> str:
        return render_streamed(self, run, style)

    def stream(self, run: RunResult, style: OutputStyle) -> FileStream:
        return TextStream(run, style)


class TextStream(FileStream):
    """Each file's findings with their source lines as the file is done; then the findings known only
    at the end, under a heading, and the summary. A blank line is held back until more follows, so
    that the output never ends with one."""

    def __init__(self, run: RunResult, style: OutputStyle) -> None:
        self.run = run  # its language, and what each reader's sources are like
        self.lang = run.lang
        self.style = style
        self.sources = SourceLines(Path(run.root), style.sources)
        self.blank_pending = False
        self.printed = False

    def file(self, result: FileResult) -> str:
        if not result.findings:  # most files of a sweep: nothing to print, and no line to hold back
            return ""
        lines = _file_lines(result, self.lang, self._sources_of(result), self.style.color)
        self.sources.forget(result.path)
        return self._lines(lines)

    def end(self, run: RunResult) -> str:
        """The late findings file by file (a sweep's are not all held at once) and the summary,
        from one pass over the run's files."""
        parts: list[str] = []
        tally = None if self.style.quiet else Tally()
        for result in run.files:
            if tally is not None:
                tally.add(result)
            if result.late:
                if not parts:
                    parts.append(self._lines(["", LATE_HEADING["en" if run.lang == "en" else "zh"], ""]))
                parts.append(self._late(result, run.lang))
        if tally is not None:
            parts.append(self._lines(["", tally.text(run.lang)]))
        return "".join(parts)

    def _late(self, result: FileResult, lang: str) -> str:
        late = replace(result, findings=result.late, late=())  # as ``late_parts``: its late findings alone
        text = self._lines(_file_lines(late, lang, self._sources_of(late), self.style.color))
        self.sources.forget(late.path)
        return text

    def _sources_of(self, result: FileResult) -> SourceLines | None:
        """The source lines to show under the file's findings, when its reader reads lines (a file
        without findings shows none: its reader's traits need not even be looked up)."""
        if not (result.findings and self.run.source_of(result).line_based):
            return None
        self.sources.carry(result)
        return self.sources

    def _lines(self, lines: list[str]) -> str:
        """``lines`` as text: a blank line held back before is printed when more follows, a blank
        line at the end is held back, blank lines never come two in a row, and nothing starts with one."""
        if self.blank_pending:
            lines = ["", *lines]
        lines = [line for i, line in enumerate(lines) if line or i == 0 or lines[i - 1]]  # one blank line at most
        if not self.printed:
            while lines and lines[0] == "":
                lines.pop(0)
        self.blank_pending = bool(lines) and lines[-1] == ""
        while lines and lines[-1] == "":
            lines.pop()
        self.printed = self.printed or bool(lines)
        return "".join(line + "\n" for line in lines)


LATE_HEADING = {
    "zh": "跨年度检查（读完所有文件后才能得出的发现项）：",
    "en": "cross-year checks (findings known once every file was read):",
}


def _file_lines(result: FileResult, lang: str, sources: SourceLines | None, color: bool) -> list[str]:
    """Each finding's line, and under it the source line it points at when ``sources`` are given."""
    lines: list[str] = []
    for finding in result.findings:
        lines.append(finding_line(finding, lang, color))
        shown = snippet(finding, sources, color) if sources is not None else []
        if shown:
            lines.extend([*shown, ""])
    return lines


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [TextFormatter()]
