"""The file runner: find files, pick a reader, read, bind, check; each file within its budget.

Linting one file is a pure function of (bytes, settings, plugins): that is what makes the worker
processes safe and the output identical whatever the order or number of jobs. Each file is read,
bound and checked in a worker process under the run's time and memory limits (``gklint.workers``);
a file that goes over gets one GK002 naming the limit, and the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from gklint import __version__
from gklint.binder import bind
from gklint.binder.completeness import predates_formats
from gklint.binder.opening import FORM, LOOK_ALIKE, REPORT, kind_of
from gklint.bounds import bound_document
from gklint.budget import DEFAULT_BUDGET, Budget, describe_seconds, describe_size
from gklint.config import Resolver, Settings
from gklint.discovery import Target, discover, display_path, shown_name
from gklint.engine import (
    KERNEL,
    KERNEL_RULES,
    PARTLY_READ,
    UNREADABLE_DOCUMENT,
    UNSUPPORTED_FORMAT,
    ActiveRule,
    check_report,
    crash_finding,
    kernel_finding,
    worker_died,
)
from gklint.history import History
from gklint.manager import Plugins
from gklint.model import Directive, Document, FileResult, Finding, Report, RunResult
from gklint.reader import Reader, ReadError, UnsupportedFormat
from gklint.sheet import ReportSheet, sheet_of
from gklint.source import Refused, read_source
from gklint.suppression import apply_directives
from gklint.workers import Exceeded, run_all

NOT_A_REPORT = "not-a-report"
Directives = tuple[Directive, ...]
Progress = Callable[[int, int], None]  # (files done, files in all), called as each file is done
Linted = tuple[list[Finding], str | None, Directives, Report | None]
T = TypeVar("T")
R = TypeVar("R")
__all__ = ["Linter", "Outcome", "Target", "discover", "display_path"]  # discovery lives in gklint.discovery


@dataclass
class Outcome:
    """One file after phase one: findings before suppression, and what phase two needs."""

    path: str  # as findings show it
    settings: Settings  # resolved once, used by both phases
    format: str | None
    findings: list[Finding]
    directives: Directives
    report: Report | None  # kept only when cross-year rules will run
    skipped: str = ""
    sheet: ReportSheet | None = None  # what the report says, for the formatters


@dataclass(frozen=True)
class Linter:
    """The configured pipeline: plugins, the resolver of each file's settings, the per-file budget."""

    plugins: Plugins
    resolver: Resolver
    skip_non_reports: bool = False  # also for files named explicitly (pre-commit names every file)
    published: str = ""  # --published: the publication date, for every rule that reads it from metadata
    keep_tables: bool = False  # put each report's tables on its sheet (a formatter draws them)
    budget: Budget = DEFAULT_BUDGET

    def active_rules(self, settings: Settings) -> list[ActiveRule]:
        rules = []
        for code, (rule, plugin) in sorted(self.plugins.rules.items()):
            if settings.selects(code):
                severity = settings.severity_of(code, rule.severity)
                rules.append(ActiveRule(rule, plugin, severity, dict(settings.options.get(code, {}))))
        return rules

    def reader_for(self, path: Path, head: bytes) -> tuple[Reader, str] | None:
        suffix = path.suffix.lower()
        for reader, plugin in self.plugins.readers_claiming(suffix):
            return reader, plugin
        for reader, plugin in self.plugins.readers:
            try:
                if reader.sniff(head):
                    return reader, plugin
            except Exception:  # a sniffer that raises simply does not claim the file
                continue
        return None

    def suffixes(self) -> set[str]:
        return self.plugins.reader_suffixes()

    def lint_file(self, path: Path, explicit: bool = True) -> FileResult:
        """Lint one file on its own, in this process (no other years to compare with, no budget)."""
        return self.finish(self.examine(path, explicit))

    def examine(
        self, path: Path, explicit: bool = True, keep_report: bool = False, settings: Settings | None = None
    ) -> Outcome:
        """Phase one, in this process: read, bind and run the single-report rules."""
        shown = display_path(path)
        settings = settings or self.resolver.settings_for(path)
        findings, fmt, directives, report = self._lint(path, shown, settings)
        if (self.skip_non_reports or not explicit) and any(f.message_id == NOT_A_REPORT for f in findings):
            # A README.md or notes.txt beside the reports: say it was skipped, do not fail on it.
            return Outcome(shown, settings, fmt, [], (), None, skipped="不是年度报告 / not an annual report")
        sheet = sheet_of(report, [t for t, _ in self.plugins.templates], self.keep_tables) if report else None
        kept = _compact(report) if keep_report else None
        return Outcome(shown, settings, fmt, findings, directives, kept, sheet=sheet)

    def finish(self, outcome: Outcome, history: History | None = None) -> FileResult:
        """Phase two: cross-year rules, then selection, severities and suppression comments."""
        settings = outcome.settings
        findings = list(outcome.findings)
        if history is not None and outcome.report is not None:
            findings += check_report(outcome.report, self.active_rules(settings), history)
        kept = [_adjust(f, settings) for f in findings if settings.selects(f.code)]
        kept = apply_directives(kept, outcome.directives, outcome.path, settings.selects)
        kept = [f for f in kept if settings.selects(f.code)]
        findings_sorted = tuple(sorted(kept, key=Finding.sort_key))
        return FileResult(outcome.path, findings_sorted, outcome.format, outcome.skipped, outcome.sheet)

    def _lint(self, path: Path, shown: str, settings: Settings) -> Linted:
        try:
            data = read_source(path, self.budget.max_size)
        except Refused as exc:
            finding = kernel_finding(UNREADABLE_DOCUMENT, shown, exc.message, exc.message_en)
            return [replace(finding, message_id=exc.reason)], None, (), None
        chosen = self.reader_for(path, data[:512])
        if chosen is None:
            suffix = shown_name(path.suffix) if path.suffix else "（无扩展名）"
            message = f"不支持的文件格式 {suffix}：没有读取器能读取该文件"
            message_en = f"unsupported format {suffix}: no reader claims the file"
            return [kernel_finding(UNSUPPORTED_FORMAT, shown, message, message_en)], None, (), None
        reader, plugin = chosen
        try:
            document = reader.read(shown, data)
        except UnsupportedFormat as exc:
            return [kernel_finding(UNSUPPORTED_FORMAT, shown, exc.message, exc.message_en)], reader.name, (), None
        except ReadError as exc:
            return [kernel_finding(UNREADABLE_DOCUMENT, shown, exc.message, exc.message_en)], reader.name, (), None
        except MemoryError:
            raise  # the budget's to report
        except Exception as exc:
            return [crash_finding(shown, f"读取器 {reader.name}", plugin, exc)], reader.name, (), None
        del data
        findings, directives, report = self._check(bound_document(document), shown, settings)
        return findings, reader.name, directives, report

    def _check(
        self, document: Document, shown: str, settings: Settings
    ) -> tuple[list[Finding], Directives, Report | None]:
        if self.published:
            document = replace(document, metadata={**document.metadata, "published": self.published})
        try:
            report = bind(document, [t for t, _ in self.plugins.templates])
        except MemoryError:
            raise
        except Exception as exc:
            return [crash_finding(shown, "binder", KERNEL, exc)], (), None
        unbound = _not_linted(report, kind_of(document, report.title), shown)
        if unbound is not None:  # not a report, or nothing bound: that one finding says it all
            return [unbound], (), None
        findings = check_report(report, self.active_rules(settings))
        return [*_notes(document, shown), *findings], document.directives, report

    def run(
        self,
        paths: Sequence[str],
        lang: str = "zh",
        history_paths: Sequence[str] = (),
        targets: Sequence[Target] | None = None,  # found beforehand by the caller (gklint.discovery)
        progress: Progress | None = None,
    ) -> RunResult:
        files = list(targets) if targets is not None else discover(paths, self.suffixes(), self.resolver)
        cross_year = any(rule.history for rule, _ in self.plugins.rules.values())
        outcomes = self.examine_all(files, keep_report=cross_year, progress=progress)
        history = None
        if cross_year:
            history = History([o.report for o in outcomes if o.report] + self._history_reports(history_paths))
        results = [self.finish(outcome, history) for outcome in outcomes]
        infos = {**KERNEL_RULES, **self.plugins.rule_infos()}
        return RunResult(tuple(results), infos, __version__, lang=lang)

    def examine_all(
        self, files: Sequence[Target], keep_report: bool = False, progress: Progress | None = None
    ) -> list[Outcome]:
        """Phase one for every file, each in a worker within the budget; in the order of ``files``."""
        tasks = [(t, self.resolver.settings_for(t.path)) for t in files]  # a broken config stops the run here
        self.plugins.load_readers({t.path.suffix.lower() for t in files})  # here, once, not in every worker

        def examine(task: tuple[Target, Settings]) -> Outcome:
            target, settings = task
            return self.examine(target.path, target.explicit, keep_report, settings)

        results = self._isolated(examine, tasks, self._jobs(len(files)), progress)
        return [
            r if isinstance(r, Outcome) else self._over_budget(target.path, settings, r)
            for (target, settings), r in zip(tasks, results)
        ]

    def _history_reports(self, paths: Sequence[str]) -> list[Report]:
        """Reports under --history folders: read and bound only, never linted or reported."""
        templates = [t for t, _ in self.plugins.templates]

        def history_report(target: Target) -> Report | None:
            try:
                data = read_source(target.path, self.budget.max_size)
                chosen = self.reader_for(target.path, data[:512])
                if chosen is None:
                    return None
                report = bind(bound_document(chosen[0].read(display_path(target.path), data)), templates)
            except MemoryError:
                raise
            except Exception:  # an unreadable old report simply offers nothing to compare with
                return None
            return _compact(report) if report.recognised else None

        files = discover(paths, self.suffixes())
        found = self._isolated(history_report, files, self._jobs(len(files)))
        return [r for r in found if isinstance(r, Report)]

    def _isolated(
        self, fn: Callable[[T], R], tasks: Sequence[T], jobs: int, progress: Progress | None = None
    ) -> list[R | Exceeded]:
        if not self.budget.isolated:
            return list(_counted((fn(task) for task in tasks), len(tasks), progress))
        return run_all(fn, tasks, jobs, self.budget.timeout, self.budget.memory, progress)

    def _jobs(self, files: int) -> int:
        return self.resolver.jobs or max(1, min(os.cpu_count() or 1, files // 8))

    def _over_budget(self, path: Path, settings: Settings, over: Exceeded) -> Outcome:
        shown = display_path(path)
        if over.limit == "crash" and not over.signalled:
            return Outcome(shown, settings, None, [worker_died(shown)], (), None)  # a plugin ended its process
        message, message_en = self._limit_message(over)
        finding = kernel_finding(UNREADABLE_DOCUMENT, shown, message, message_en)
        finding = replace(finding, message_id=f"{over.limit}-limit", args=(("limit", over.limit),))
        return Outcome(shown, settings, None, [finding], (), None)

    def _limit_message(self, over: Exceeded) -> tuple[str, str]:
        if over.limit == "time":
            seconds = describe_seconds(self.budget.timeout or 0)
            return (
                f"处理超时：超过每个文件 {seconds} 秒的时间上限（--timeout），已停止处理该文件",
                f"stopped: over the per-file time limit of {seconds} s (--timeout)",
            )
        if over.limit == "memory":
            size = describe_size(self.budget.memory or 0)
            return (
                f"内存超限：处理该文件需要超过每个文件 {size} 的内存上限（--memory-limit），已停止处理该文件",
                f"stopped: over the per-file memory limit of {size} (--memory-limit)",
            )
        return (
            f"处理该文件的进程意外终止（{over.detail}），文件可能已损坏或是恶意构造的",
            f"the process reading the file died ({over.detail}); the file may be damaged or built to hurt",
        )


def _counted(outcomes: Iterable[R], total: int, progress: Progress | None) -> Iterator[R]:
    """The outcomes as they come, telling ``progress`` after each one."""
    for done, outcome in enumerate(outcomes, 1):
        if progress is not None:
            progress(done, total)
        yield outcome


def _compact(report: Report | None) -> Report | None:
    """What phase two keeps of a report: all but the document's blocks (its metadata, parts and bound
    tables stay). Phase one's rules have read the blocks; a run over thousands of files must not
    hold every file's text until the end."""
    if report is None:
        return None
    return replace(report, document=replace(report.document, blocks=(), directives=(), notes=()))


def _notes(document: Document, shown: str) -> list[Finding]:
    """GK003 for what the reader cut or replaced to read the file within bounds."""
    return [kernel_finding(PARTLY_READ, shown, n.message, n.message_en, n.location) for n in document.notes]


def _not_a_report(path: str, message: str, message_en: str) -> Finding:
    """A GK002 for a file that is no annual report: skipped in folder runs, reported when named."""
    return replace(kernel_finding(UNREADABLE_DOCUMENT, path, message, message_en), message_id=NOT_A_REPORT)


def _not_linted(report: Report, kind: str, path: str) -> Finding | None:
    """Why a bound file is not linted, or None when it is: a look-alike or blank form is no report;
    a report that binds nothing is never skipped in silence; one older than the national formats
    is linted (its rules know it) even when none of the template is found."""
    if kind == FORM:
        return _not_a_report(
            path,
            "这是空白的年度报告格式（没有机关名称和年度），不是某个机关的年度报告",
            "the blank national report form (no agency, no year), not an agency's annual report",
        )
    if kind == LOOK_ALIKE:
        return _not_a_report(
            path,
            "这是其他文件（政府工作报告、决算、统计公报等），不是政府信息公开工作年度报告",
            "another kind of document (a work report, final accounts, a statistical bulletin), not an annual report",
        )
    if report.recognised or (kind == REPORT and predates_formats(report.year)):
        return None
    if kind == REPORT:
        title = f"标题「{report.title}」" if report.title else "没有标题"
        title_en = f"titled {report.title!r}" if report.title else "untitled"
        return kernel_finding(
            UNREADABLE_DOCUMENT,
            path,
            f"文件开头是政府信息公开工作年度报告（{title}），但找不到六个部分的标题，也找不到统计表格，无法检查："
            "正文可能被合并成了一行，或者表格无法读取",
            f"the opening reads as an annual report ({title_en}), but none of the six part headings and none of "
            "the tables could be found, so nothing was checked: the text may be run together or the tables unreadable",
        )
    return _not_a_report(
        path,
        "未识别出政府信息公开年度报告：找不到六个部分的标题，也找不到统计表格",
        "not recognised as an annual report: none of the six part headings and none of the tables found",
    )


def _adjust(finding: Finding, settings: Settings) -> Finding:
    """Kernel findings (GK001, GK002, GK003, GK099) take configured severities like any rule's."""
    if finding.plugin != KERNEL:
        return finding
    severity = settings.severity_of(finding.code, finding.severity)
    return finding if severity == finding.severity else replace(finding, severity=severity)
