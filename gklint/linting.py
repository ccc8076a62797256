"""Phase one for one file: read its bytes, bind the report, run the single-report rules.

The runner (``gklint.runner``) decides which files to lint, where and in what order; this module
is what linting one file means. It is imported the first time a file is actually linted, so a run
that finds every file in the content cache never imports the binder, the sheet or the readers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gklint.binder import bind, plainly_not_a_report
from gklint.binder.opening import kind_of
from gklint.bounds import bound_document
from gklint.config import Settings
from gklint.diagnostics import (
    KERNEL,
    NOT_A_REPORT,
    UNREADABLE_DOCUMENT,
    UNSUPPORTED_FORMAT,
    crash_finding,
    kernel_finding,
    not_a_report,
    not_linted,
    partly_read,
)
from gklint.discovery import Target, shown_name
from gklint.engine import check_report
from gklint.history import Facts
from gklint.lines import source_lines
from gklint.model import Document, Finding, Report
from gklint.outcome import Directives, Outcome
from gklint.paths import suffix_of
from gklint.reader import ReadError, UnsupportedFormat
from gklint.sheet import sheet_of
from gklint.source import Refused, read_source
from gklint.suppression import known_codes_only

if TYPE_CHECKING:
    from gklint.runner import Linter

PointedLines = tuple[tuple[int, str], ...]  # (line number, text) of the lines findings point at
Linted = tuple[list[Finding], str | None, Directives, Report | None, PointedLines]
LONGEST_CARRIED = 2000  # code points: a page on one long line is read again by the output, not carried
LARGEST_KEPT = 8 << 20  # bytes of a source kept while it is bound, for its lines: not a huge page's
# What a file plainly no report is told when the caller skips it (see ``check_document``): a finding
# made once, that says only that the file is no report; it never leaves ``examine_file``.
SKIPPED = not_a_report("", "不是年度报告", "not an annual report")


def examine_file(
    linter: Linter, path: Path | str, shown: str, settings: Settings, explicit: bool, keep: bool, whole: bool = True
) -> Outcome:
    """The outcome of phase one for one file (``keep``: with the report's facts: the whole compact
    report, or without ``whole`` what the cross-year rules compare)."""
    skip = linter.skip_non_reports or not explicit
    findings, fmt, directives, report, lines = lint_file(linter, path, shown, settings, skip)
    if skip and any(f.message_id == NOT_A_REPORT for f in findings):
        # A README.md or notes.txt beside the reports: say it was skipped, do not fail on it.
        return Outcome(shown, settings, fmt, [], (), skipped="不是年度报告 / not an annual report")
    sheet = sheet_of(report, linter.templates(), linter.keep_tables) if report else None
    facts = Facts.of(report, None if whole else linter.compared()) if keep and report is not None else None
    source = linter.plugins.source_traits()[fmt] if fmt else None  # its reader is loaded: it just read the file
    return Outcome(shown, settings, fmt, findings, directives, facts, sheet=sheet, source=source, source_lines=lines)


def lint_file(linter: Linter, path: Path | str, shown: str, settings: Settings, skip: bool = False) -> Linted:
    """Findings, the reader's name, the suppression directives and the bound report of one file
    (``skip``: a file that is no report is skipped, see ``check_document``)."""
    try:
        data = read_source(path, linter.budget.max_size)
    except Refused as exc:
        refused = kernel_finding(UNREADABLE_DOCUMENT, shown, exc.message, exc.message_en, message_id=exc.reason)
        return [refused], None, (), None, ()
    chosen = linter.reader_for(path, data[:512])
    if chosen is None:
        suffix = shown_name(suffix_of(path)) or "（无扩展名）"
        message = f"不支持的文件格式 {suffix}：没有读取器能读取该文件"
        message_en = f"unsupported format {suffix}: no reader claims the file"
        return [kernel_finding(UNSUPPORTED_FORMAT, shown, message, message_en)], None, (), None, ()
    reader, plugin = chosen
    try:
        document = reader.read(shown, data)
    except UnsupportedFormat as exc:
        return [kernel_finding(UNSUPPORTED_FORMAT, shown, exc.message, exc.message_en)], reader.name, (), None, ()
    except ReadError as exc:
        message, message_en = _owner_file(shown) or (exc.message, exc.message_en)
        return [kernel_finding(UNREADABLE_DOCUMENT, shown, message, message_en)], reader.name, (), None, ()
    except MemoryError:
        raise  # the budget's to report
    except Exception as exc:
        return (
            [crash_finding(shown, (f"读取器 {reader.name}", f"reader {reader.name}"), plugin, exc)],
            reader.name,
            (),
            None,
            (),
        )
    line_based = getattr(reader, "line_based", False) and len(data) <= LARGEST_KEPT
    source = data if line_based else None  # its lines are shown under findings
    del data
    findings, directives, report = check_document(linter, bound_document(document), shown, settings, skip)
    lines = pointed_lines(source, findings, directives, shown) if source is not None else ()
    return findings, reader.name, directives, report, lines


def _owner_file(shown: str) -> tuple[str, str] | None:
    """What to say of the few bytes Word or WPS keeps beside an open document (~$年报.docx), named
    explicitly (folder walks leave it out): that it is no report, and goes when the document is closed."""
    if not Path(shown).name.startswith("~$"):
        return None
    return (
        "这是 Word/WPS 打开文档时在旁边生成的临时文件（以 ~$ 开头），不是报告；关闭文档后它会自动消失",
        "this is the owner file Word or WPS keeps beside an open document (its name starts with ~$), "
        "no report; it goes when the document is closed",
    )


def pointed_lines(data: bytes, findings: list[Finding], directives: Directives, shown: str) -> PointedLines:
    """The lines of ``data`` that the file's findings and suppression comments point at, as an
    output shows them (decoded and split as ``gklint.formatters.text`` reads a file): so the
    output need not read the file again, and shows the bytes that were linted. A line longer
    than ``LONGEST_CARRIED`` is left out (minified HTML can be a whole page on one line)."""
    wanted = {f.location.line for f in findings if f.path == shown and f.location.line}
    wanted.update(d.location.line for d in directives if d.location.line)
    if not wanted:
        return ()
    lines = source_lines(data)
    if lines is None:
        return ()
    return tuple(
        (number, lines[number - 1])
        for number in sorted(wanted)
        if 1 <= number <= len(lines) and len(lines[number - 1]) <= LONGEST_CARRIED
    )


def check_document(
    linter: Linter, document: Document, shown: str, settings: Settings, skip: bool = False
) -> tuple[list[Finding], Directives, Report | None]:
    """The findings, directives and bound report of a document. With ``skip`` (the caller skips a file
    that is no report, whatever its finding says), a plainly no report is answered with ``SKIPPED``,
    not with a finding of its own: a folder of notes does not make each one's finding to drop it."""
    if linter.published:
        document = document.with_published(linter.published)
    templates = linter.templates()
    try:
        plain = plainly_not_a_report(document, templates)
        told = None if plain is None else SKIPPED if skip else not_linted(None, plain, shown)
        if told is not None:  # a note beside the reports: told without binding it whole
            return [told], (), None
        report = bind(document, templates)
    except MemoryError:
        raise
    except Exception as exc:
        return [crash_finding(shown, ("绑定器", "the binder"), KERNEL, exc)], (), None
    unbound = not_linted(report, kind_of(document, report.title), shown)
    if unbound is not None:  # not a report, or nothing bound: that one finding says it all
        return [unbound], (), None
    findings = check_report(report, linter.active_rules(settings))
    directives = document.directives
    if directives:
        directives, unknown = known_codes_only(directives, linter.known_codes(), shown)
        findings.extend(unknown)
    return [*partly_read(document, shown), *findings], directives, report


def history_facts(linter: Linter, target: Target) -> Facts | None:
    """The facts of a report under a --history folder: read and bound only, never linted; None
    when it offers nothing to compare with (unreadable, or no report)."""
    try:
        data = read_source(target.path, linter.budget.max_size)
        chosen = linter.reader_for(target.path, data[:512])
        if chosen is None:
            return None
        report = bind(bound_document(chosen[0].read(target.shown, data)), linter.templates())
    except MemoryError:
        raise
    except Exception:  # an unreadable old report simply offers nothing to compare with
        return None
    return Facts.of(report, linter.compared()) if report.recognised else None
