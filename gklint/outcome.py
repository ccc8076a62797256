"""What phase one says of a file: its ``Outcome``, and the one finding that stands for a file that
was not linted (not a report, over a limit, its worker gone).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from gklint.binder.completeness import predates_formats
from gklint.binder.opening import FORM, LOOK_ALIKE, REPORT
from gklint.budget import Budget, describe_seconds, describe_size
from gklint.config import Settings
from gklint.discovery import display_path
from gklint.engine import UNREADABLE_DOCUMENT, kernel_finding, worker_died
from gklint.history import Facts
from gklint.model import Directive, Finding, Report
from gklint.sheet import ReportSheet
from gklint.workers import Exceeded

NOT_A_REPORT = "not-a-report"
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

    @property
    def report(self) -> Report | None:
        """The compact report (metadata, parts, bound tables), unpacked from the facts."""
        return self.facts.report() if self.facts is not None else None


def over_budget(path: Path, settings: Settings, over: Exceeded, budget: Budget) -> Outcome:
    """The outcome of a file whose worker went over a limit or died: one finding that says which."""
    shown = display_path(path)
    if over.limit == "crash" and not over.signalled:
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
    return (
        f"处理该文件的进程意外终止（{over.detail}），文件可能已损坏或是恶意构造的",
        f"the process reading the file died ({over.detail}); the file may be damaged or built to hurt",
    )


def _not_a_report(path: str, message: str, message_en: str) -> Finding:
    """A GK002 for a file that is no annual report: skipped in folder runs, reported when named."""
    return replace(kernel_finding(UNREADABLE_DOCUMENT, path, message, message_en), message_id=NOT_A_REPORT)


def not_linted(report: Report, kind: str, path: str) -> Finding | None:
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
