"""Statistics of a run: findings per rule, per agency, per year and per source format, and the share
of reports that pass. ``gklint stats`` prints them as tables or JSON; the ``html`` format shows them.

A file *passes* when none of its findings fails it (``passes``: none at or above its ``fail-on``;
by default, no error). Files found in a folder that are not annual reports are counted apart, as skipped.
Agencies are grouped by the folded name the cross-year rules match reports by.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from gklint.history import agency_key
from gklint.model import FileResult, RunResult, Severity

SCHEMA_VERSION = 1
LEVELS = (Severity.ERROR, Severity.WARNING, Severity.INFO)
Passes = Callable[[FileResult], bool]
TEXT = {
    "head": ("检查 {files} 个文件，{passed} 个通过（{share}）；共 {findings} 项发现", "{files} files checked, "
             "{passed} pass ({share}); {findings} findings"),
    "skipped": ("跳过 {n} 个不是年度报告的文件", "skipped {n} files that are not annual reports"),
    "rule": ("按规则", "by rule"),
    "agency": ("按机关", "by agency"),
    "year": ("按年度", "by year"),
    "format": ("按来源格式", "by source format"),
    "unknown": ("（未识别）", "(unknown)"),
    "none": ("（无）", "(none)"),
    "cols": ("文件 通过 错误 警告 提示", "files pass error warning info"),
    "rule_cols": ("代码 名称 级别 发现项 文件", "code name severity findings files"),
}  # fmt: skip


def no_errors(result: FileResult) -> bool:
    return all(f.severity < Severity.ERROR for f in result.findings)


@dataclass(frozen=True)
class Standing:
    """One file's counts: findings by severity and whether it passes."""

    path: str
    agency: str | None
    year: int | None
    format: str | None
    counts: tuple[int, int, int]  # errors, warnings, infos
    passed: bool

    def worst_first(self) -> tuple[int, int, int, str]:
        errors, warnings, infos = self.counts
        return (-errors, -warnings, -infos, self.path)


@dataclass(frozen=True)
class GroupStats:
    """The files of one agency, year or source format (``name`` None: not known)."""

    name: str | None
    files: int
    passed: int
    counts: tuple[int, int, int]


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    severity: str  # the worst severity its findings have in this run
    findings: int
    files: int


@dataclass(frozen=True)
class RunStats:
    standings: tuple[Standing, ...]  # worst first
    skipped: tuple[str, ...]
    by_rule: tuple[RuleCount, ...]  # most findings first
    by_agency: tuple[GroupStats, ...]  # worst first
    by_year: tuple[GroupStats, ...]  # by year
    by_format: tuple[GroupStats, ...]  # by format name

    @property
    def passed(self) -> int:
        return sum(s.passed for s in self.standings)

    @property
    def pass_share(self) -> float | None:
        return self.passed / len(self.standings) if self.standings else None

    @property
    def counts(self) -> tuple[int, int, int]:
        return _sum_counts(s.counts for s in self.standings)


def _sum_counts(counts: Iterable[tuple[int, int, int]]) -> tuple[int, int, int]:
    totals = [0, 0, 0]
    for triple in counts:
        totals = [a + b for a, b in zip(totals, triple)]
    return (totals[0], totals[1], totals[2])


def standing(result: FileResult, passes: Passes) -> Standing:
    by_level = Counter(f.severity for f in result.findings)
    sheet = result.sheet
    return Standing(
        path=result.path,
        agency=sheet.agency if sheet else None,
        year=sheet.year if sheet else None,
        format=result.format,
        counts=(by_level[Severity.ERROR], by_level[Severity.WARNING], by_level[Severity.INFO]),
        passed=passes(result),
    )


def _groups(
    standings: Sequence[Standing], key: Callable[[Standing], Any], name: Callable[[Standing], Any]
) -> list[GroupStats]:
    members: dict[Any, list[Standing]] = defaultdict(list)
    for item in sorted(standings, key=lambda s: s.path):
        members[key(item)].append(item)
    return [
        GroupStats(name(items[0]), len(items), sum(s.passed for s in items), _sum_counts(s.counts for s in items))
        for items in members.values()
    ]


def _by_rule(results: Sequence[FileResult]) -> tuple[RuleCount, ...]:
    findings: Counter[str] = Counter()
    files: Counter[str] = Counter()
    worst: dict[str, Severity] = {}
    names: dict[str, str] = {}
    for result in results:
        for finding in result.findings:
            findings[finding.code] += 1
            worst[finding.code] = max(worst.get(finding.code, finding.severity), finding.severity)
            names[finding.code] = finding.name
        files.update({f.code for f in result.findings})
    rows = [RuleCount(code, names[code], worst[code].label, n, files[code]) for code, n in findings.items()]
    return tuple(sorted(rows, key=lambda r: (-r.findings, r.code)))


def run_stats(run: RunResult, passes: Passes = no_errors) -> RunStats:
    """The statistics of ``run``; ``passes`` says whether a file passes (default: it has no error)."""
    checked = [r for r in run.files if not r.skipped]
    standings = [standing(r, passes) for r in checked]
    agencies = _groups(standings, lambda s: agency_key(s.agency) if s.agency else None, lambda s: s.agency)
    years = _groups(standings, lambda s: s.year, lambda s: s.year)
    formats = _groups(standings, lambda s: s.format, lambda s: s.format)
    return RunStats(
        standings=tuple(sorted(standings, key=Standing.worst_first)),
        skipped=tuple(r.path for r in run.files if r.skipped),
        by_rule=_by_rule(checked),
        by_agency=tuple(sorted(agencies, key=_worst_group)),
        by_year=tuple(sorted(years, key=lambda g: (g.name is None, g.name or 0))),
        by_format=tuple(sorted(formats, key=lambda g: (g.name is None, str(g.name)))),
    )


def _worst_group(group: GroupStats) -> tuple[int, int, int, bool, str]:
    errors, warnings, infos = group.counts
    return (-errors, -warnings, -infos, group.name is None, str(group.name))


# --------------------------------------------------------------------------- output


def _counts_record(counts: tuple[int, int, int]) -> dict[str, int]:
    return dict(zip(("error", "warning", "info"), counts))


def stats_record(stats: RunStats) -> dict[str, Any]:
    """The statistics as one JSON-ready object (docs/formats.md, `gklint stats --format json`)."""

    def groups(items: Sequence[GroupStats], key: str) -> list[dict[str, Any]]:
        return [{key: g.name, "files": g.files, "passed": g.passed, **_counts_record(g.counts)} for g in items]

    share = stats.pass_share
    return {
        "schema": SCHEMA_VERSION,
        "files": len(stats.standings),
        "skipped": len(stats.skipped),
        "passed": stats.passed,
        "pass_share": None if share is None else round(share, 4),
        "findings": {"total": sum(stats.counts), **_counts_record(stats.counts)},
        "by_rule": [asdict(rule) for rule in stats.by_rule],
        "by_agency": groups(stats.by_agency, "agency"),
        "by_year": groups(stats.by_year, "year"),
        "by_format": groups(stats.by_format, "format"),
        "files_worst_first": [
            {
                "path": s.path,
                "agency": s.agency,
                "year": s.year,
                "format": s.format,
                "passed": s.passed,
                **_counts_record(s.counts),
            }
            for s in stats.standings
        ],
    }


def percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"


def stats_text(stats: RunStats, lang: str = "zh") -> str:
    """The statistics as tables for a terminal."""
    from tabulate import tabulate

    pick = 1 if lang == "en" else 0

    def say(key: str, **values: Any) -> str:
        return TEXT[key][pick].format(**values)

    def table(items: Sequence[GroupStats], heading: str) -> str:
        rows = [(say("unknown") if g.name is None else g.name, g.files, g.passed, *g.counts) for g in items]
        return f"{say(heading)}\n" + tabulate(rows, headers=["", *say("cols").split()])

    head = say("head", files=len(stats.standings), passed=stats.passed, share=percent(stats.pass_share),
               findings=sum(stats.counts))  # fmt: skip
    parts = [head + (("; " if pick else "；") + say("skipped", n=len(stats.skipped)) if stats.skipped else "")]
    rules = [(r.code, r.name, r.severity, r.findings, r.files) for r in stats.by_rule]
    parts.append(f"{say('rule')}\n" + (tabulate(rules, headers=say("rule_cols").split()) if rules else say("none")))
    parts += [table(stats.by_agency, "agency"), table(stats.by_year, "year"), table(stats.by_format, "format")]
    return "\n\n".join(parts) + "\n"


def stats_json(stats: RunStats) -> str:
    return json.dumps(stats_record(stats), ensure_ascii=False, indent=2) + "\n"
