"""The file runner: find files, pick a reader, read, bind, check; serially or in a process pool.

Linting one file is a pure function of (bytes, settings, plugins): that is what makes the process
pool safe and the output identical whatever the order or number of jobs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from gklint import __version__
from gklint.binder import bind
from gklint.config import Resolver, Settings
from gklint.engine import (
    KERNEL,
    KERNEL_RULES,
    UNREADABLE_DOCUMENT,
    UNSUPPORTED_FORMAT,
    ActiveRule,
    check_report,
    crash_finding,
    kernel_finding,
)
from gklint.manager import Plugins, load_plugins
from gklint.model import Directive, FileResult, Finding, RunResult
from gklint.reader import Reader, ReadError, UnsupportedFormat
from gklint.suppression import apply_directives

NOT_A_REPORT = "not-a-report"
Directives = tuple[Directive, ...]
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".gklint_cache"}


def display_path(path: Path) -> str:
    """The path as findings show it: relative to the working directory when below it, POSIX."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True)
class Target:
    """A file to lint; ``explicit`` when named on the command line rather than found in a folder."""

    path: Path
    explicit: bool


def discover(paths: Iterable[str], suffixes: set[str]) -> list[Target]:
    """Files named explicitly are always linted; directories are searched for claimed suffixes."""
    found: dict[Path, bool] = {}
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for file in files:
                    if Path(file).suffix.lower() in suffixes:
                        found.setdefault(Path(root, file), False)
        else:
            found[path] = True
    return sorted((Target(p, e) for p, e in found.items()), key=lambda t: display_path(t.path))


@dataclass(frozen=True)
class Linter:
    """The configured pipeline: plugins plus the resolver of each file's settings."""

    plugins: Plugins
    resolver: Resolver

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
        shown = display_path(path)
        settings = self.resolver.settings_for(path)
        findings, fmt, directives = self._lint(path, shown, settings)
        if not explicit and any(f.message_id == NOT_A_REPORT for f in findings):
            # A README.md or notes.txt beside the reports: say it was skipped, do not fail on it.
            return FileResult(shown, (), fmt, skipped="不是年度报告 / not an annual report")
        kept = [_adjust(f, settings) for f in findings if settings.selects(f.code)]
        kept = [f for f in apply_directives(kept, directives, shown, settings.selects) if settings.selects(f.code)]
        return FileResult(shown, tuple(sorted(kept, key=Finding.sort_key)), fmt)

    def _lint(self, path: Path, shown: str, settings: Settings) -> tuple[list[Finding], str | None, Directives]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return (
                [kernel_finding(UNREADABLE_DOCUMENT, shown, f"无法打开文件：{reason}", f"cannot open: {reason}")],
                None,
                (),
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
            )
        reader, plugin = chosen
        try:
            document = reader.read(shown, data)
        except UnsupportedFormat as exc:
            return [kernel_finding(UNSUPPORTED_FORMAT, shown, exc.message, exc.message_en)], reader.name, ()
        except ReadError as exc:
            return [kernel_finding(UNREADABLE_DOCUMENT, shown, exc.message, exc.message_en)], reader.name, ()
        except Exception as exc:
            return [crash_finding(shown, f"读取器 {reader.name}", plugin, exc)], reader.name, ()
        try:
            report = bind(document, [t for t, _ in self.plugins.templates])
        except Exception as exc:
            return [crash_finding(shown, "binder", KERNEL, exc)], reader.name, ()
        if not report.recognised:
            finding = kernel_finding(
                UNREADABLE_DOCUMENT,
                shown,
                "未识别出政府信息公开年度报告：找不到六个部分的标题，也找不到统计表格",
                "not recognised as an annual report: none of the six part headings and none of the tables found",
            )
            return [replace(finding, message_id=NOT_A_REPORT)], reader.name, ()
        return check_report(report, self.active_rules(settings)), reader.name, document.directives

    def run(self, paths: Sequence[str], lang: str = "zh") -> RunResult:
        files = discover(paths, self.suffixes())
        results = self._lint_all(files)
        infos = {**KERNEL_RULES, **self.plugins.rule_infos()}
        return RunResult(tuple(results), infos, __version__, lang=lang)

    def _lint_all(self, files: list[Target]) -> list[FileResult]:
        jobs = self.resolver.jobs or min(os.cpu_count() or 1, len(files) // 8)
        if jobs <= 1 or len(files) < 2 or self.plugins_are_local():
            return [self.lint_file(t.path, t.explicit) for t in files]
        from concurrent.futures import ProcessPoolExecutor  # only a parallel run pays for it

        blocked = tuple(r.name for r in self.plugins.records if r.error.startswith("blocked"))
        initargs = (blocked, self.resolver)
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=initargs) as pool:
            return list(pool.map(_lint_in_worker, files, chunksize=max(1, len(files) // (jobs * 4))))

    def plugins_are_local(self) -> bool:
        """Plugins registered directly (tests, embedding) cannot be re-created in a worker."""
        return any(not r.distribution for r in self.plugins.records)


def _adjust(finding: Finding, settings: Settings) -> Finding:
    """Kernel findings (GK001, GK002, GK099) take configured severities like any rule's."""
    if finding.plugin != KERNEL:
        return finding
    severity = settings.severity_of(finding.code, finding.severity)
    return finding if severity == finding.severity else replace(finding, severity=severity)


_worker: Linter | None = None


def _init_worker(blocked: tuple[str, ...], resolver: Resolver) -> None:
    global _worker
    _worker = Linter(load_plugins(blocked=blocked), resolver)


def _lint_in_worker(target: Target) -> FileResult:
    assert _worker is not None
    return _worker.lint_file(target.path, target.explicit)
