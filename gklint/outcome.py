"""What phase one says of a file: its ``Outcome``, and the one finding that stands for a file whose
worker went over a limit or died; and phase two, which makes an outcome the file's result.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields, replace
from operator import attrgetter
from pathlib import Path
from typing import Any

from gklint.budget import DEFAULT_MEMORY, Budget, Exceeded, describe_seconds, describe_size
from gklint.config import Settings
from gklint.diagnostics import KERNEL, UNREADABLE_DOCUMENT, kernel_finding, worker_died
from gklint.discovery import display_path
from gklint.history import Facts
from gklint.model import Directive, FileResult, Finding, Report, ReportSheet, SourceTraits
from gklint.suppression import apply_directives

Directives = tuple[Directive, ...]


@dataclass
class Outcome:
    """One file after phase one: findings before suppression, and what phase two needs."""

    path: str  # as findings show it
    settings: Settings  # resolved once, used by both phases
    format: str | None
    findings: list[Finding]
    directives: Directives
    facts: Facts | None = None  # the compact report, kept only when cross-year rules will run
    skipped: str = ""
    sheet: ReportSheet | None = None  # what the report says, for the formatters
    key: str | None = None  # its cache key, when the cache is on
    source: SourceTraits | None = None  # what its reader declared of its sources (a cached file needs no reader)
    # The cross-year findings against the year before's report of this digest, once a run has
    # compared them: kept in the file's cache entry, so a warm run reads one entry a file.
    cross_year: tuple[str, list[Finding]] | None = None
    source_lines: tuple[tuple[int, str], ...] = ()  # the lines its findings point at (``FileResult``)

    @property
    def report(self) -> Report | None:
        """The compact report (metadata, parts, bound tables), unpacked from the facts."""
        return self.facts.report() if self.facts is not None else None

    def stored(self) -> Stored:
        """What the content cache keeps and a worker answers: everything but the settings and the
        key, which are the entry's own key (a run that finds the entry has both already). The sheet
        and the source traits go as plain tuples: each class an entry names costs its unpickling a
        lookup, more than rebuilding the object here."""
        sheet = None if self.sheet is None else _SHEET_VALUES(self.sheet)
        source = None if self.source is None else _TRAITS_VALUES(self.source)
        return (
            self.path,
            self.format,
            self.findings,
            self.directives,
            self.facts,
            self.skipped,
            sheet,
            source,
            self.cross_year,
            self.source_lines,
        )

    @classmethod
    def restored(cls, stored: Stored, settings: Settings, key: str | None) -> Outcome:
        path, fmt, findings, directives, facts, skipped, sheet, source, cross_year, lines = stored
        shown = None if sheet is None else _sheet(sheet)
        traits = None if source is None else _traits(source)
        return cls(
            path,
            settings,
            fmt,
            findings,
            directives,
            facts,
            skipped,
            shown,
            key,
            source=traits,
            cross_year=cross_year,
            source_lines=lines,
        )


STORED_FIELDS = (
    "path",
    "format",
    "findings",
    "directives",
    "facts",
    "skipped",
    "sheet",
    "source",
    "cross_year",
    "source_lines",
)
Stored = tuple[
    str,
    "str | None",
    list[Finding],
    Directives,
    "Facts | None",
    str,
    "tuple[Any, ...] | None",  # the sheet's fields
    "tuple[Any, ...] | None",  # the source traits' fields
    "tuple[str, list[Finding]] | None",
    tuple[tuple[int, str], ...],
]
_SHEET_FIELDS = tuple(f.name for f in fields(ReportSheet))
_SHEET_VALUES = attrgetter(*_SHEET_FIELDS)
_TRAITS_VALUES = attrgetter(*(f.name for f in fields(SourceTraits)))
_KNOWN_TRAITS: dict[tuple[Any, ...], SourceTraits] = {}  # a reader's traits are one for all its files


def _sheet(values: tuple[Any, ...]) -> ReportSheet:
    """The sheet whose fields are ``values``, set at once (as unpickling sets them)."""
    sheet = object.__new__(ReportSheet)
    sheet.__dict__.update(zip(_SHEET_FIELDS, values))
    return sheet


def _traits(values: tuple[Any, ...]) -> SourceTraits:
    traits = _KNOWN_TRAITS.get(values)
    if traits is None:
        traits = _KNOWN_TRAITS[values] = SourceTraits(*values)
    return traits


def over_budget(path: Path, settings: Settings, over: Exceeded, budget: Budget) -> Outcome:
    """The outcome of a file whose worker went over a limit or died: one finding that says which."""
    shown = display_path(path)
    if over.limit == "crash" and not over.signalled and not _lowered(budget):
        return Outcome(shown, settings, None, [worker_died(shown)], ())  # a plugin ended its process
    message, message_en = _limit_message(over, budget)
    finding = kernel_finding(UNREADABLE_DOCUMENT, shown, message, message_en)
    finding = replace(finding, message_id=f"{over.limit}-limit", args=(("limit", over.limit),))
    return Outcome(shown, settings, None, [finding], ())


def _limit_message(over: Exceeded, budget: Budget) -> tuple[str, str]:
    if over.limit == "time":
        seconds = describe_seconds(budget.timeout or 0)
        return (
            f"处理超时：超过每个文件 {seconds} 秒的时间上限（--timeout），已停止处理该文件",
            f"stopped: over the per-file time limit of {seconds} s (--timeout)",
        )
    if over.limit == "memory":
        size = describe_size(budget.memory or 0)
        return (
            f"内存超限：处理该文件需要超过每个文件 {size} 的内存上限（--memory-limit），已停止处理该文件",
            f"stopped: over the per-file memory limit of {size} (--memory-limit)",
        )
    if _lowered(budget):  # a process short of memory may die in a library that cannot tell why
        size = describe_size(budget.memory or 0)
        return (
            f"处理该文件的进程意外终止（{over.detail}）：每个文件 {size} 的内存上限（--memory-limit）可能太小；"
            "否则文件可能已损坏或是恶意构造的",
            f"the process reading the file died ({over.detail}): the per-file memory limit of {size} "
            "(--memory-limit) may be too small; else the file may be damaged or built to hurt",
        )
    return (
        f"处理该文件的进程意外终止（{over.detail}），文件可能已损坏或是恶意构造的",
        f"the process reading the file died ({over.detail}); the file may be damaged or built to hurt",
    )


def _lowered(budget: Budget) -> bool:
    """A memory limit below the default: the user's, and small enough to be what killed a worker."""
    return budget.memory is not None and budget.memory < DEFAULT_MEMORY


# --------------------------------------------------------------------------- phase two


def finished(outcome: Outcome, cross_year: list[Finding], undecided: frozenset[str]) -> FileResult:
    """The file's result: its findings and ``cross_year``'s, selected, with configured severities,
    less those its suppression comments cover (a comment that could cover an ``undecided`` code is
    not called unused yet), in order."""
    if not (outcome.findings or cross_year or outcome.directives):  # a note, a clean report: nothing to decide
        return result_from((outcome.path, (), outcome.format, outcome.skipped, outcome.sheet, (), outcome.source, ()))
    settings = outcome.settings
    findings = [*outcome.findings, *cross_year]
    kept = [_adjust(f, settings) for f in findings if settings.selects(f.code)]
    if outcome.directives:  # the comments' own findings are selected too; without comments, none come
        kept = apply_directives(kept, outcome.directives, outcome.path, settings.selects, undecided)
        kept = [f for f in kept if settings.selects(f.code)]
    findings_sorted = tuple(sorted(kept, key=Finding.sort_key))
    return FileResult(
        outcome.path,
        findings_sorted,
        outcome.format,
        outcome.skipped,
        outcome.sheet,
        source=outcome.source,
        source_lines=outcome.source_lines,
    )


def completed(
    outcome: Outcome, compared: bool, later: frozenset[str], cross_year: list[Finding]
) -> tuple[FileResult, FileResult]:
    """The file's result, with ``late`` naming the findings a streamed output prints after all
    files (when ``compared``: the run has cross-year rules, whose codes are ``later``); and the
    result as a streamed output prints it as soon as the file is read."""
    result = finished(outcome, cross_year, frozenset())
    if not compared or not (cross_year or outcome.directives):
        return result, result  # nothing a streamed output printed early can differ
    early = finished(outcome, [], later)
    return replace(result, late=_missing_from(result.findings, early.findings)), early


def _adjust(finding: Finding, settings: Settings) -> Finding:
    """Kernel findings (GK001, GK002, GK003, GK099) take configured severities like any rule's."""
    if finding.plugin != KERNEL:
        return finding
    severity = settings.severity_of(finding.code, finding.severity)
    return finding if severity == finding.severity else replace(finding, severity=severity)


def _missing_from(findings: tuple[Finding, ...], early: tuple[Finding, ...]) -> tuple[Finding, ...]:
    """The findings of ``findings`` that ``early`` lacks (as a multiset: equal findings are counted)."""
    left = Counter(early)
    late = []
    for finding in findings:
        if left[finding]:
            left[finding] -= 1
        else:
            late.append(finding)
    return tuple(late)


# as ``result_fields`` gives them
_RESULT_NAMES = ("path", "findings", "format", "skipped", "sheet", "late", "source", "source_lines")


def result_fields(result: FileResult) -> tuple[Any, ...]:
    """A file's result as the plain tuple a sweep keeps on disk (``gklint.spill``)."""
    return (
        result.path,
        result.findings,
        result.format,
        result.skipped,
        result.sheet,
        result.late,
        result.source,
        result.source_lines,
    )


def plain_result(fields: tuple[Any, ...]) -> bool:
    """Whether ``result_fields`` made this of a result that is little more than its name: no
    findings and no sheet (a skipped note). A sweep holds those in memory, not on disk."""
    return not fields[1] and fields[4] is None and not fields[5]


def result_from(fields: tuple[Any, ...]) -> FileResult:
    """A file's result from the tuple ``result_fields`` made of it, its fields set at once as
    unpickling sets them (a sweep reads each result back four times: the frozen constructor's
    field-by-field assignments were most of what a skipped note cost then)."""
    result = object.__new__(FileResult)
    result.__dict__.update(zip(_RESULT_NAMES, fields))
    return result
