"""The engine: run the selected rules on one bound report, each in isolation.

A rule that raises becomes one GK099 finding naming its plugin and rule (``gklint.diagnostics``);
the other rules go on.
"""

from __future__ import annotations

import contextlib
import io
import signal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from gklint.diagnostics import crash_finding
from gklint.history import History
from gklint.model import Finding, Report, Severity
from gklint.rule import Rule, RuleContext


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
