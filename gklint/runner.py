"""The file runner: find files, pick a reader, read, bind, check; serially or in a process pool.

Linting one file is a pure function of (bytes, settings, plugins): that is what makes the process
pool safe and the output identical whatever the order or number of jobs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from gklint import __version__
from gklint.binder import bind
from gklint.binder.completeness import predates_formats
from gklint.binder.opening import FORM, LOOK_ALIKE, REPORT, kind_of
from gklint.config import Resolver, Settings
from gklint.discovery import Target, discover, display_path
from gklint.engine import (
    KERNEL,
    KERNEL_RULES,
    UNREADABLE_DOCUMENT,
    UNSUPPORTED_FORMAT,
    ActiveRule,
    check_report,
    crash_finding,
    kernel_finding,
    worker_died,
)
from gklint.history import History
from gklint.manager import Plugins, load_plugins
from gklint.model import Directive, FileResult, Finding, Report, RunResult
from gklint.reader import Reader, ReadError, UnsupportedFormat
from gklint.sheet import ReportSheet, sheet_of
from gklint.suppression import apply_directives
from gklint.workers import map_surviving

NOT_A_REPORT = "not-a-report"
Directives = tuple[Directive, ...]
Progress = Callable[[int, int], None]  # (files done, files in all), called as each file is done
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
    """The configured pipeline: plugins plus the resolver of each file's settings."""

    plugins: Plugins
    resolver: Resolver
    skip_non_reports: bool = False  # also for files named explicitly (pre-commit names every file)
    published: str = ""  # --published: the publication date, for every rule that reads it from metadata
    keep_tables: bool = False  # put each report's tables on its sheet (a formatter draws them)

    def active_rules(self, settings: Settings) -> list[ActiveRule]:
        rules = []
        for code, (rule, plugin) in sorted(self.plugins.rules.items()):
            if settings.selects(code):
                severity = settings.severity_of(code, rule.severity)
                rules.append(ActiveRule(rule, plugin, severity, dict(settings.options.get(code, {}))))
        return rules

    def reader_for(self, path: Path, head: bytes) -> tuple[Reader, str] | None:
        suffix = path.suffix.lower()
        for reader, plugin in self.plugins.readers:
            if suffix in reader.suffixes:
                return reader, plugin
        for reader, plugin in self.plugins.readers:
            try:
                if reader.sniff(head):
                    return reader, plugin
            except Exception:  # a sniffer that raises simply does not claim the file
                continue
        return None

    def suffixes(self) -> set[str]:
        return {s for reader, _ in self.plugins.readers for s in reader.suffixes}

    def lint_file(self, path: Path, explicit: bool = True) -> FileResult:
        """Lint one file on its own (no other years to compare with)."""
        return self.finish(self.examine(path, explicit))

    def examine(self, path: Path, explicit: bool = True, keep_report: bool = False) -> Outcome:
        """Phase one: read, bind and run the single-report rules."""
        shown = display_path(path)
        settings = self.resolver.settings_for(path)
        findings, fmt, directives, report = self._lint(path, shown, settings)
        if (self.skip_non_reports or not explicit) and any(f.message_id == NOT_A_REPORT for f in findings):
            # A README.md or notes.txt beside the reports: say it was skipped, do not fail on it.
            return Outcome(shown, settings, fmt, [], (), None, skipped="不是年度报告 / not an annual report")
        sheet = sheet_of(report, [t for t, _ in self.plugins.templates], self.keep_tables) if report else None
        return Outcome(shown, settings, fmt, findings, directives, report if keep_report else None, sheet=sheet)

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

    def _lint(
        self, path: Path, shown: str, settings: Settings
    ) -> tuple[list[Finding], str | None, Directives, Report | None]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return (
                [kernel_finding(UNREADABLE_DOCUMENT, shown, f"无法打开文件：{reason}", f"cannot open: {reason}")],
                None,
                (),
                None,
            )
        chosen = self.reader_for(path, data[:512])
        if chosen is None:
            suffix = path.suffix or "（无扩展名）"
            return (
                [
                    kernel_finding(
                        UNSUPPORTED_FORMAT,
                        shown,
                        f"不支持的文件格式 {suffix}：没有读取器能读取该文件",
                        f"unsupported format {suffix}: no reader claims the file",
                    )
                ],
                None,
                (),
                None,
            )
        reader, plugin = chosen
        try:
            document = reader.read(shown, data)
        except UnsupportedFormat as exc:
            return [kernel_finding(UNSUPPORTED_FORMAT, shown, exc.message, exc.message_en)], reader.name, (), None
        except ReadError as exc:
            return [kernel_finding(UNREADABLE_DOCUMENT, shown, exc.message, exc.message_en)], reader.name, (), None
        except Exception as exc:
            return [crash_finding(shown, f"读取器 {reader.name}", plugin, exc)], reader.name, (), None
        if self.published:
            document = replace(document, metadata={**document.metadata, "published": self.published})
        try:
            report = bind(document, [t for t, _ in self.plugins.templates])
        except Exception as exc:
            return [crash_finding(shown, "binder", KERNEL, exc)], reader.name, (), None
        unbound = _not_linted(report, kind_of(document, report.title), shown)
        if unbound is not None:
            return [unbound], reader.name, (), None
        return check_report(report, self.active_rules(settings)), reader.name, document.directives, report

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
        outcomes = self._examine_all(files, keep_report=cross_year, progress=progress)
        history = None
        if cross_year:
            history = History([o.report for o in outcomes if o.report] + self._history_reports(history_paths))
        results = [self.finish(outcome, history) for outcome in outcomes]
        infos = {**KERNEL_RULES, **self.plugins.rule_infos()}
        return RunResult(tuple(results), infos, __version__, lang=lang)

    def _history_reports(self, paths: Sequence[str]) -> list[Report]:
        """Reports under --history folders: read and bound only, never linted or reported."""
        reports = []
        templates = [t for t, _ in self.plugins.templates]
        for target in discover(paths, self.suffixes()):
            chosen = self.reader_for(target.path, b"")
            if chosen is None:
                continue
            try:
                report = bind(chosen[0].read(display_path(target.path), target.path.read_bytes()), templates)
            except Exception:  # an unreadable old report simply offers nothing to compare with
                continue
            if report.recognised:
                reports.append(report)
        return reports

    def _examine_all(self, files: list[Target], keep_report: bool, progress: Progress | None = None) -> list[Outcome]:
        jobs = self.resolver.jobs or min(os.cpu_count() or 1, len(files) // 8)
        if jobs <= 1 or len(files) < 2 or self.plugins_are_local():
            return list(_counted((self.examine(t.path, t.explicit, keep_report) for t in files), len(files), progress))
        from concurrent.futures import ProcessPoolExecutor  # only a parallel run pays for it

        blocked = tuple(r.name for r in self.plugins.records if r.error.startswith("blocked"))
        initargs = (blocked, replace(self, plugins=Plugins()), keep_report)

        def pool(workers: int) -> ProcessPoolExecutor:
            return ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=initargs)

        # --- a worker that dies costs a GK099 for its file, not the run (gklint.workers)
        return map_surviving(pool, _examine_in_worker, files, self._worker_died, jobs, progress)

    def _worker_died(self, target: Target) -> Outcome:
        shown = display_path(target.path)
        return Outcome(shown, self.resolver.settings_for(target.path), None, [worker_died(shown)], (), None)

    def plugins_are_local(self) -> bool:
        """Plugins registered directly (tests, embedding) cannot be re-created in a worker."""
        return any(not r.distribution for r in self.plugins.records)


def _counted(outcomes: Iterable[Outcome], total: int, progress: Progress | None) -> Iterator[Outcome]:
    """The outcomes as they come, telling ``progress`` after each one."""
    for done, outcome in enumerate(outcomes, 1):
        if progress is not None:
            progress(done, total)
        yield outcome


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
    """Kernel findings (GK001, GK002, GK099) take configured severities like any rule's."""
    if finding.plugin != KERNEL:
        return finding
    severity = settings.severity_of(finding.code, finding.severity)
    return finding if severity == finding.severity else replace(finding, severity=severity)


_worker: tuple[Linter, bool] | None = None


def _init_worker(blocked: tuple[str, ...], linter: Linter, keep_report: bool) -> None:
    """Plugins are loaded again in the worker (they do not pickle); the rest of the configuration
    travels as it is, so a worker lints exactly as the parent would."""
    global _worker
    _worker = (replace(linter, plugins=load_plugins(blocked=blocked)), keep_report)


def _examine_in_worker(target: Target) -> Outcome:
    assert _worker is not None
    linter, keep_report = _worker
    return linter.examine(target.path, target.explicit, keep_report)
