"""The formatter base class: the run's results in, text out."""

from __future__ import annotations

import os
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from gklint.model import FileResult, Finding, Location, RunResult, Severity


@dataclass(frozen=True)
class OutputStyle:
    """How a human-readable output is wanted: ``quiet`` (the findings only, no summary or count),
    ``color`` (ANSI colours: a terminal that wants them), ``sources`` (the text of files that are
    not on disk, such as a report read from standard input, by the path findings show)."""

    quiet: bool = False
    color: bool = False
    sources: Mapping[str, str] = field(default_factory=dict)


class FileStream:
    """A run's output written file by file, for a formatter whose output is the files' parts in
    order and then an end: each part is printed as soon as its file (and every file before it) is
    known, and the whole output is the same as the formatter's ``render``."""

    def file(self, result: FileResult) -> str:
        """One file's part: its findings known once it was read (``FileResult.early``)."""
        raise NotImplementedError

    def end(self, run: RunResult) -> str:
        """What follows the files: the findings known only once every file was read (``late``), and
        a summary of the whole run."""
        raise NotImplementedError


class Formatter:
    """Base class of output formats. ``render`` returns the whole output as text; a formatter for
    people may also honour an ``OutputStyle`` by overriding ``render_styled``. A formatter whose
    output can be printed file by file also returns a ``FileStream`` from ``stream``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    file_extension: ClassVar[str] = ".txt"
    draws_tables: ClassVar[bool] = False  # True: the run keeps each report's tables on its sheet

    def render(self, run: RunResult) -> str:
        raise NotImplementedError

    def render_styled(self, run: RunResult, style: OutputStyle) -> str:
        return self.render(run)

    def stream(self, run: RunResult, style: OutputStyle) -> FileStream | None:
        """A stream for ``run`` (its language and root; no files yet), or None: this format is
        written whole, once the run is over."""
        return None


def render_streamed(formatter: Formatter, run: RunResult, style: OutputStyle) -> str:
    """The whole output of a formatter that streams, exactly as a streamed run prints it."""
    stream = formatter.stream(replace(run, files=()), style)
    if stream is None:
        raise TypeError(f"format {formatter.name} does not stream")
    return "".join(stream.file(early_part(result)) for result in run.files) + stream.end(run)


def early_part(result: FileResult) -> FileResult:
    """The file as a stream prints it when it is read: without its late findings."""
    return replace(result, findings=result.early, late=()) if result.late else result


def late_parts(run: RunResult) -> Iterator[FileResult]:
    """The files with findings known only at the end, each with those findings alone, one at a time."""
    return (replace(r, findings=r.late, late=()) for r in run.files if r.late)


SEVERITY_COLORS = {"error": "31", "warning": "33", "info": "36"}  # ANSI: red, yellow, cyan


def paint(text: str, sgr: str, color: bool) -> str:
    """``text`` in an ANSI style (``"1"`` bold, ``"31"`` red, …) when ``color``, else as it is."""
    return f"\x1b[{sgr}m{text}\x1b[0m" if color else text


_SHOWN_AS_ESCAPES = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # controls, format (bidi), lone surrogates, line breaks
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_COMMAND_STARTS = ("::", "##")  # GitHub Actions workflow commands; Azure Pipelines logging commands


def printable(text: str) -> str:
    """``text`` with control and format characters (escape sequences, line breaks, bidi overrides)
    written as visible escapes (``\\x1b``): what a report or a file name holds must not drive the
    terminal, nor start a line that a CI system reads as a command."""
    if text.isprintable():  # none of those characters (the common case, checked in C)
        return text
    return "".join(_escaped(c) if unicodedata.category(c) in _SHOWN_AS_ESCAPES else c for c in text)


def printable_path(path: str) -> str:
    """A path on one line that cannot be read as a command of a CI runner (written ``./::…``)."""
    shown = printable(path)
    return f"./{shown}" if shown.lstrip().startswith(_COMMAND_STARTS) else shown


def _escaped(char: str) -> str:
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def place_in_file(location: Location, lang: str = "zh") -> str:
    """Where a finding stands when the source has no lines (PDF, DOCX): "第 3 页" / "page 3", the
    element, or empty. Tools that show only lines need it said in the message."""
    if location.line is not None:
        return ""
    if location.page is not None:
        return f"page {location.page}" if lang == "en" else f"第 {location.page} 页"
    return location.element or ""


def place_note(location: Location, lang: str = "zh", *, leading: bool = False) -> str:
    """``place_in_file`` as said in a message: after it, " (page 3)" / "（第 3 页）"; ``leading``,
    before it, "page 3: " / "第 3 页："; empty where the source has lines."""
    where = place_in_file(location, lang)
    if not where:
        return ""
    if leading:
        return f"{where}: " if lang == "en" else f"{where}："
    return f" ({where})" if lang == "en" else f"（{where}）"


def finding_line(finding: Finding, lang: str, color: bool = False) -> str:
    """``path:line:col: CODE [severity] message`` on one line (``p.3`` or the element for sources
    without lines; nothing after the path for a finding about the whole file)."""
    where = finding.location.describe()
    path = printable_path(finding.path)
    head = f"{path}:{where}:" if where else f"{path}:"
    severity = paint(f"[{finding.severity.label}]", SEVERITY_COLORS[finding.severity.label], color)
    return f"{paint(head, '1', color)} {paint(finding.code, '1', color)} {severity} {one_line(finding.text(lang))}"


def one_line(text: str) -> str:
    """A message on one line, printable: a line break inside it would look like the next finding."""
    return printable(" ".join(text.splitlines()))


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder from ``start`` (default: the working directory) up that holds ``.git``
    (a folder, or a worktree's file); ``start`` itself when there is none."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def repository_path(path: str, run: RunResult) -> str | None:
    """A finding's path relative to the repository root, in POSIX form, as code-scanning and CI
    tools expect it; ``None`` for a file outside the repository."""
    cwd = Path.cwd().resolve()
    target = Path(os.path.realpath((cwd / run.root) / path))  # unlike resolve(), never raises on a symlink loop
    try:
        return target.relative_to(repository_root(cwd)).as_posix()
    except ValueError:
        return None


def finding_record(finding: Finding) -> dict[str, Any]:
    """One finding as a flat JSON object (the ``json`` and ``json-lines`` formats; docs/formats.md).
    Keys never disappear; unknown values are null."""
    loc, place = finding.location, finding.place
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.label,
        "message": finding.message,
        "message_en": finding.message_en,
        "message_id": finding.message_id,
        "args": dict(finding.args),
        "path": finding.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "page": loc.page,
        "bbox": list(loc.bbox) if loc.bbox else None,
        "element": loc.element,
        "logical": {
            "part": place.part,
            "table": place.table,
            "row": place.row,
            "column": place.column,
            "title": place.title or None,
        },
        "expected": finding.expected,
        "actual": finding.actual,
        "plugin": finding.plugin,
    }


def severity_breakdown(findings: Iterable[Finding], lang: str = "zh") -> str:
    """How many findings of each severity, worst first, as said after a total: " (5 error, 4 warning)"
    or "（错误 5，警告 4）"; empty without findings."""
    return breakdown(Counter(f.severity for f in findings), lang)


def breakdown(counts: Mapping[Severity, int], lang: str = "zh") -> str:
    """``severity_breakdown`` of findings already counted by severity."""
    levels = sorted(counts, reverse=True)
    if not levels:
        return ""
    if lang == "en":
        return " (" + ", ".join(f"{counts[s]} {s.label}" for s in levels) + ")"
    return "（" + "，".join(f"{s.label_zh} {counts[s]}" for s in levels) + "）"
