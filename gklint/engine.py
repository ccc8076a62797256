"""The engine: run the selected rules on one bound report, each in isolation.

A rule that raises becomes one GK099 finding naming its plugin and rule (``gklint.diagnostics``);
the other rules go on.
"""

from __future__ import annotations

import io
import signal
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import FrameType, MappingProxyType
from typing import TYPE_CHECKING, Any

from gklint.diagnostics import crash_finding
from gklint.history import History
from gklint.model import Finding, Report, Severity
from gklint.rule import Rule, RuleContext, RuleInfo

if TYPE_CHECKING:
    from gklint.config import Settings
    from gklint.manager import Plugins


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


def ctrl_c_pressed() -> bool:
    return _CtrlC.pressed


class RuleMisbehaved(Exception):
    """A rule broke its contract without raising: yielded a non-finding, or printed."""


class _Printed(io.StringIO):
    """Standard output while a report's rules run: what one rule prints is that rule's fault."""

    def take(self) -> str:
        text = self.getvalue()
        if text:
            self.seek(0)
            self.truncate()
        return text


def _run_rule(active: ActiveRule, report: Report, history: History | None, printed: _Printed) -> list[Finding]:
    """The rule's findings, all or nothing; what it prints is caught, and is a fault."""
    context = RuleContext(active.info, active.rule.messages, active.severity, report, active.view, history)
    found = list(active.rule().check(report, context) or ())
    if found:  # most rules find nothing in most reports
        _check_findings(found)
    if printed.tell():  # nothing written: no getvalue() per rule
        text = printed.take()
        if text:
            shown = text.strip().splitlines()[0][:80] if text.strip() else ""
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
    # Made once with the rule, not for each report: its metadata, and its options as rules see them
    # (read-only, so that what one report's rule does to them cannot reach the next report).
    info: RuleInfo = field(init=False, repr=False, compare=False)
    view: Mapping[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "info", _info(self.rule, self.plugin))
        object.__setattr__(self, "view", MappingProxyType(self.options))

    def context(self, report: Report, history: History | None = None) -> RuleContext:
        return RuleContext(self.info, self.rule.messages, self.severity, report, self.view, history)


def check_report(report: Report, rules: Sequence[ActiveRule], history: History | None = None) -> list[Finding]:
    """Run the rules on the report; a rule that raises yields one GK099 instead of its findings.

    Without ``history`` the single-report rules run; with it, only the cross-year rules do.
    """
    findings: list[Finding] = []
    printed = _Printed()
    later = history is not None
    shown, sys.stdout = sys.stdout, printed  # what redirect_stdout does, once per report, not per rule
    try:
        for active in rules:
            if active.rule.history != later:
                continue
            try:  # one try a rule, inline: some thirty a report
                findings += _run_rule(active, report, history, printed)
            except MemoryError:
                raise  # the file's memory budget is spent: the runner reports that, not a broken rule
            except BaseException as exc:  # isolation is the point: sys.exit in a rule must not end the run
                findings += _crashed(active, report, printed, exc)
    finally:
        sys.stdout = shown
    return findings


def _crashed(active: ActiveRule, report: Report, printed: _Printed, exc: BaseException) -> list[Finding]:
    if _CtrlC.is_real(exc):
        raise exc
    printed.take()  # what a rule printed before it failed is not the next rule's
    return [crash_finding(report.path, (f"规则 {active.rule.code}", f"rule {active.rule.code}"), active.plugin, exc)]


_INFOS: dict[tuple[type[Rule], str], RuleInfo] = {}


def _info(rule: type[Rule], plugin: str) -> RuleInfo:
    """A rule's metadata, made once per run rather than once per rule per report."""
    key = (rule, plugin)
    if key not in _INFOS:
        _INFOS[key] = rule.info(plugin)
    return _INFOS[key]


_SELECTED: dict[tuple[int, int], tuple[Plugins, Settings, list[tuple[str, type[Rule], str, Severity]]]] = {}


def _selected(plugins: Plugins, settings: Settings) -> list[tuple[str, type[Rule], str, Severity]]:
    """Which rules ``settings`` select, worked out once per settings object (files of one folder
    share one) instead of once per file; the objects are kept with the answer, so an id is never
    taken for another's."""
    key = (id(plugins), id(settings))
    known = _SELECTED.get(key)
    if known is not None and known[0] is plugins and known[1] is settings:
        return known[2]
    chosen = [
        (code, rule, plugin, settings.severity_of(code, rule.severity))
        for code, (rule, plugin) in sorted(plugins.rules.items())
        if settings.selects(code)
    ]
    if len(_SELECTED) >= 64:  # per-file settings (per-file ignores) must not pile up
        _SELECTED.clear()
    _SELECTED[key] = (plugins, settings, chosen)
    return chosen


def selected_rules(plugins: Plugins, settings: Settings) -> list[ActiveRule]:
    """The rules ``settings`` select, each with its severity and a copy of its options (made once
    per settings object, as the selection is: rules see the copy read-only)."""
    key = (id(plugins), id(settings))
    known = _ACTIVE.get(key)
    if known is not None and known[0] is plugins and known[1] is settings:
        return list(known[2])
    active = [
        ActiveRule(rule, plugin, severity, dict(settings.options.get(code, {})))
        for code, rule, plugin, severity in _selected(plugins, settings)
    ]
    if len(_ACTIVE) >= 64:
        _ACTIVE.clear()
    _ACTIVE[key] = (plugins, settings, active)
    return list(active)


_ACTIVE: dict[tuple[int, int], tuple[Plugins, Settings, list[ActiveRule]]] = {}
