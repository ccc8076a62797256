"""The engine: run the selected rules on one bound report, each in isolation.

A rule that raises becomes one GK099 finding naming its plugin and rule; the other rules go on.
The kernel's own diagnostics (a file no reader claims, a file that cannot be read, a component
that crashed) are described here too, so they list, select and format like any rule.
"""

from __future__ import annotations

import contextlib
import io
import signal
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from gklint.history import History
from gklint.model import NOWHERE, Finding, Location, Report, Severity
from gklint.rule import Rule, RuleContext, RuleInfo
from gklint.suppression import SUPPRESSION_RULES

KERNEL = "gklint"

UNSUPPORTED_FORMAT = RuleInfo(
    code="GK001",
    name="unsupported-format",
    severity=Severity.ERROR,
    summary="没有读取器能读取该文件",
    summary_en="no reader claims the file",
    explanation="文件的格式不受支持（或需要的转换工具未安装），因此未作检查。请另存为受支持的格式（txt、md、html、docx、pdf）。",
    bad_example="2023年报.wps（本机未安装 LibreOffice）；2023年报.xyz",
    good_example="2023年报.docx；2023年报.pdf",
    plugin=KERNEL,
)
UNREADABLE_DOCUMENT = RuleInfo(
    code="GK002",
    name="unreadable-document",
    severity=Severity.ERROR,
    summary="文件无法读取：损坏、加密、为空，是没有文本层的扫描件，或超出时间、内存、大小上限",
    summary_en="corrupt, encrypted, empty, a PDF with no text layer (scanned), or over a time, memory or size limit",
    explanation="读取器无法从文件中取得报告文本，或取得的文本中找不到年度报告的任何章节和表格；"
    "或者文件不是普通文件（命名管道、设备），或超出了每个文件的时间、内存、大小上限（发现项写明是哪一个，"
    "见 --timeout、--memory-limit、--max-file-size），或含有远超任何年度报告的内容（解压后数百 MB 的数据流、"
    "一页数十万个字符）。该文件的其他规则都没有运行：修复文件（或放宽上限）后重新检查。",
    bad_example="扫描版 PDF（每页只是一张图片，没有文字层）；加密的 DOCX；空文件；1 MB 解压成 2 GB 的 PDF",
    good_example="从 Word/WPS 直接导出的 PDF；未加密的 DOCX",
    plugin=KERNEL,
)
PARTLY_READ = RuleInfo(
    code="GK003",
    name="partly-read",
    severity=Severity.WARNING,
    summary="文件有一部分无法读取：无效字节已替换，或超出上限的内容已截断；其余内容照常检查",
    summary_en="part of the file was cut or replaced to read it within limits; the rest is checked",
    explanation="读取器在文件中遇到无法按其编码解读的字节（以 � 代替），或遇到远超年度报告篇幅的内容"
    "（一行中成千上万个单元格，整个文件超过 2000 个段落和表格行或 100 万个字符），为在时间和内存上限内读完文件"
    "而将其截断。发现项写明位置和原因；文件的其余部分照常检查。",
    bad_example="UTF-8 网页中夹有一个损坏的字节；一行 10 MB 的竖线“|||…”",
    good_example="完整、编码正确的文件",
    plugin=KERNEL,
)
INTERNAL_ERROR = RuleInfo(
    code="GK099",
    name="internal-error",
    severity=Severity.ERROR,
    summary="读取器、规则或格式化器出错；其他检查照常进行",
    summary_en="a reader, rule or formatter raised; the run goes on",
    explanation="某个插件在处理该文件时抛出了异常。发现项中写明了插件和规则；请把它报告给插件的作者。",
    plugin=KERNEL,
)
KERNEL_RULES = {
    **{info.code: info for info in (UNSUPPORTED_FORMAT, UNREADABLE_DOCUMENT, PARTLY_READ, INTERNAL_ERROR)},
    **SUPPRESSION_RULES,
}


def kernel_finding(
    info: RuleInfo,
    path: str,
    message: str,
    message_en: str,
    location: Location = NOWHERE,
    severity: Severity | None = None,
) -> Finding:
    return Finding(
        code=info.code,
        name=info.name,
        severity=severity or info.severity,
        message=message,
        message_en=message_en,
        path=path,
        location=location,
        message_id=info.name,
        plugin=KERNEL,
    )


def crash_finding(path: str, component: str, plugin: str, exc: BaseException) -> Finding:
    """A GK099 for a component that raised: which plugin, which component, which exception."""
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    origin = f" ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})" if where else ""
    detail = f"{type(exc).__name__}: {exc}{origin}"
    return kernel_finding(
        INTERNAL_ERROR,
        path,
        f"插件 {plugin} 的 {component} 出错：{detail}",
        f"{component} of plugin {plugin} raised {detail}",
    )


def worker_died(path: str) -> Finding:
    """A GK099 for a file whose worker process ended without a result."""
    return kernel_finding(
        INTERNAL_ERROR,
        path,
        "检查该文件的工作进程意外终止（某个插件退出或崩溃），该文件的检查结果缺失",
        "the worker process linting this file died (a plugin exited or crashed); its findings are missing",
    )


class _CtrlC:
    """Tells a real Ctrl-C from a plugin raising ``KeyboardInterrupt`` itself: the command line
    installs ``watch``, whose handler notes the signal before raising as Python's own does."""

    watching = False
    pressed = False

    @classmethod
    def watch(cls) -> None:
        signal.signal(signal.SIGINT, cls._handler)
        cls.watching = True

    @classmethod
    def _handler(cls, signum: int, frame: FrameType | None) -> None:
        cls.pressed = True
        raise KeyboardInterrupt

    @classmethod
    def is_real(cls, exc: BaseException) -> bool:
        return isinstance(exc, KeyboardInterrupt) and (cls.pressed or not cls.watching)


watch_ctrl_c = _CtrlC.watch
real_interrupt = _CtrlC.is_real


class RuleMisbehaved(Exception):
    """A rule broke its contract without raising: yielded a non-finding, or printed."""


def _run_rule(active: ActiveRule, report: Report, history: History | None) -> list[Finding]:
    """The rule's findings, all or nothing; what it prints is caught, and is a fault."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        found = list(active.rule().check(report, active.context(report, history)) or ())
    _check_findings(found)
    if printed.getvalue():
        shown = printed.getvalue().strip().splitlines()[0][:80] if printed.getvalue().strip() else ""
        raise RuleMisbehaved(f"printed to standard output: {shown!r}")
    return found


def _check_findings(found: Iterable[object]) -> None:
    for item in found:
        if not isinstance(item, Finding):
            raise RuleMisbehaved(f"yielded a {type(item).__name__}, not a Finding: {str(item)[:80]!r}")


@dataclass(frozen=True)
class ActiveRule:
    """A rule as configured for a run: its class, plugin, severity and options."""

    rule: type[Rule]
    plugin: str
    severity: Severity
    options: dict[str, Any] = field(default_factory=dict)

    def context(self, report: Report, history: History | None = None) -> RuleContext:
        return RuleContext(
            info=self.rule.info(self.plugin),
            messages=self.rule.messages,
            severity=self.severity,
            report=report,
            options=self.options,
            reports=history,
        )


def check_report(report: Report, rules: Sequence[ActiveRule], history: History | None = None) -> list[Finding]:
    """Run the rules on the report; a rule that raises yields one GK099 instead of its findings.

    Without ``history`` the single-report rules run; with it, only the cross-year rules do.
    """
    findings: list[Finding] = []
    for active in rules:
        if active.rule.history != (history is not None):
            continue
        try:
            findings.extend(_run_rule(active, report, history))
        except MemoryError:
            raise  # the file's memory budget is spent: the runner reports that, not a broken rule
        except BaseException as exc:  # isolation is the point: sys.exit in a rule must not end the run
            if _CtrlC.is_real(exc):
                raise
            findings.append(crash_finding(report.path, f"规则 {active.rule.code}", active.plugin, exc))
    return findings
