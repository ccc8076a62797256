"""The rule base class and the context a rule reports through.

A rule is a small class whose metadata are class attributes and whose ``check`` is a pure
generator over a bound ``Report``::

    class CarryOverBalance(Rule):
        code = "GK401"
        name = "carry-over-balance"
        severity = Severity.ERROR
        summary = ("一+二 应等于 三（七）+四", "new + carried in must equal results + carried out")
        messages = {"unbalanced": ("…{column}…", "…{column}…")}

        def check(self, report, ctx):
            ...
            yield ctx.at_cell(cell, "unbalanced", column="自然人", expected=5, actual=4)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, ClassVar

from gklint.model import NOWHERE, Cell, Finding, Fix, Location, LogicalPlace, Report, Severity
from gklint.relations import Failure, failures_among, plain_number

if TYPE_CHECKING:
    from gklint.history import History

NO_PLACE = LogicalPlace()
SUSPECT_HINT = ("（疑为「{cell}」有误）", " (probably {cell!r} is wrong)")
BLANKS_NOTE = ("（其中空白单元格按 0 计算）", " (blank cells counted as 0)")


@dataclass(frozen=True)
class Parameter:
    """A rule option: its default and a one-line description (Chinese first). ``choices`` (the only
    values allowed), ``kind`` (a text format: ``month-day`` for MM-DD, ``date`` for YYYY-MM-DD or
    empty) and, for a number, ``minimum`` and ``maximum`` let gklint refuse a wrong value before any
    report is read."""

    default: Any
    description: str
    description_en: str = ""
    choices: tuple[Any, ...] = ()
    kind: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Compared:
    """What a cross-year rule reads of a report and of the year before's (``Rule.compares``).

    A run keeps every report until its cross-year rules have run, so it keeps of each only what
    they compare: the cells named here (``(table, row, column)``; column None for the whole row) and
    the parts (``Section``, by number), besides the report's metadata (title, agency, year, period,
    template, path). A cross-year rule sees the report and ``ctx.previous(report)`` cut down so."""

    cells: tuple[tuple[str, str, str | None], ...] = ()
    parts: tuple[int, ...] = ()

    def __or__(self, other: Compared) -> Compared:
        cells = self.cells + tuple(c for c in other.cells if c not in self.cells)
        return Compared(cells, tuple(sorted({*self.parts, *other.parts})))


@dataclass(frozen=True)
class RuleInfo:
    """Everything about a rule except its code path: for listings, docs, SARIF."""

    code: str
    name: str
    severity: Severity
    summary: str
    summary_en: str
    explanation: str = ""
    bad_example: str = ""
    good_example: str = ""
    parameters: Mapping[str, Parameter] = field(default_factory=dict)
    plugin: str = ""
    help_url: str = ""  # a plugin's own documentation page for the rule
    distribution: str = ""  # the installed distribution the rule comes from ("gklint" for gklint's own)
    version: str = ""  # that distribution's version

    @property
    def url(self) -> str:
        """Where the rule is documented online: the plugin's ``help_url``, or none (gklint's own
        reference is ``docs/rules/`` in the repository and ``gklint rule CODE``; no site is published)."""
        return self.help_url


class Rule:
    """Base class of every rule. Subclasses set the metadata and implement ``check``."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    severity: ClassVar[Severity] = Severity.WARNING
    summary: ClassVar[tuple[str, str]] = ("", "")
    explanation: ClassVar[str] = ""
    bad_example: ClassVar[str] = ""
    good_example: ClassVar[str] = ""
    parameters: ClassVar[Mapping[str, Parameter]] = {}
    messages: ClassVar[Mapping[str, tuple[str, str]]] = {}
    help_url: ClassVar[str] = ""  # a page documenting the rule online, if there is one
    # True for rules that compare a report with the same agency's other years (ctx.previous):
    # they run once every file of the run is bound.
    history: ClassVar[bool] = False
    # What such a rule compares; None (the default) keeps the whole bound report, without the
    # document's blocks, for every report of a run (costly in a sweep: declare it).
    compares: ClassVar[Compared | None] = None

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        raise NotImplementedError

    @classmethod
    def info(cls, plugin: str = "", distribution: str = "", version: str = "") -> RuleInfo:
        return RuleInfo(
            code=cls.code,
            name=cls.name,
            severity=cls.severity,
            summary=cls.summary[0],
            summary_en=cls.summary[1],
            explanation=cls.explanation.strip(),
            bad_example=cls.bad_example.strip("\n"),
            good_example=cls.good_example.strip("\n"),
            parameters=dict(cls.parameters),
            plugin=plugin,
            help_url=cls.help_url,
            distribution=distribution,
            version=version,
        )


# A rule's metadata as plain values, which the plugin manifest keeps: a run that runs no rule (every
# file from the cache) lists the rules, checks the configuration and prints without importing any.
_NOT_FACTS = {"severity", "parameters", "plugin", "distribution", "version"}  # kept otherwise, or the run's own
_FACT_FIELDS = tuple(f.name for f in fields(RuleInfo) if f.name not in _NOT_FACTS)
_PARAMETER_FIELDS = tuple(f.name for f in fields(Parameter))


def rule_facts(rule: type[Rule]) -> dict[str, Any]:
    """What ``info_from_facts`` needs of ``rule``, and whether it compares years: plain values."""
    info = rule.info()
    facts: dict[str, Any] = {name: getattr(info, name) for name in _FACT_FIELDS}
    facts["severity"] = int(info.severity)
    facts["parameters"] = {
        name: tuple(getattr(parameter, f) for f in _PARAMETER_FIELDS) for name, parameter in info.parameters.items()
    }
    facts["history"] = bool(rule.history)
    return facts


def info_from_facts(facts: Mapping[str, Any], plugin: str = "", distribution: str = "", version: str = "") -> RuleInfo:
    """The ``RuleInfo`` of the rule ``facts`` were taken from, as ``Rule.info`` gives it."""
    parameters = {name: Parameter(*values) for name, values in facts["parameters"].items()}
    plain = {name: facts[name] for name in _FACT_FIELDS}
    severity = Severity(facts["severity"])
    return RuleInfo(
        **plain, severity=severity, parameters=parameters, plugin=plugin, distribution=distribution, version=version
    )


def _render(template: str, args: Mapping[str, Any], code: str, message_id: str) -> str:
    """``template`` with ``args`` filled in; a placeholder no argument fills is the rule's mistake,
    said as such (the engine reports it as the rule's crash, GK099), never printed as ``{x}``."""
    try:
        return template.format(**args)
    except KeyError as exc:
        raise MessageError(f"{code}: message {message_id!r} needs the argument {exc.args[0]!r}") from None
    except (IndexError, ValueError) as exc:
        raise MessageError(f"{code}: message {message_id!r} is not a valid template ({exc})") from None


class MessageError(Exception):
    """A rule asked for a message it does not have, or gave a message's template too few arguments."""


_PAIR = (tuple, list)


def metadata_problem(rule: type[Rule]) -> str:
    """What is wrong with a rule class's metadata (empty when nothing is): checked when its plugin
    loads, so that a malformed attribute makes that plugin fail to load by name rather than any
    later listing or check crash."""
    texts = ("explanation", "bad_example", "good_example", "help_url")
    if not isinstance(rule.name, str) or not _RULE_NAME.fullmatch(rule.name):
        return f"rule {rule.code} has name {rule.name!r}; a name is lowercase words joined by hyphens (row-total)"
    if not isinstance(rule.severity, Severity):
        return f"rule {rule.code} has severity {rule.severity!r}; use Severity.ERROR, WARNING or INFO"
    summary = rule.summary
    if not (isinstance(summary, _PAIR) and len(summary) == 2 and all(isinstance(s, str) for s in summary)):
        return f"rule {rule.code} has summary {summary!r}; a summary is a (Chinese, English) pair of texts"
    for attribute in texts:
        if not isinstance(getattr(rule, attribute), str):
            return f"rule {rule.code}: {attribute} is {type(getattr(rule, attribute)).__name__}, not a text"
    if not isinstance(rule.parameters, Mapping) or not all(isinstance(p, Parameter) for p in rule.parameters.values()):
        return f"rule {rule.code}: parameters must map each option's name to a Parameter"
    for name, parameter in rule.parameters.items():
        if not _bounds_fit(parameter):
            return f"rule {rule.code}: option {name!r} has bounds that are no numbers or leave out its default"
    if not isinstance(rule.messages, Mapping):
        return f"rule {rule.code}: messages must map each message id to a (Chinese, English) pair"
    for message_id, pair in rule.messages.items():
        if not (isinstance(pair, _PAIR) and len(pair) == 2 and all(isinstance(t, str) for t in pair)):
            return f"rule {rule.code}: message {message_id!r} is {pair!r}; a message is a (Chinese, English) pair"
    return ""


def _bounds_fit(parameter: Parameter) -> bool:
    """Whether a parameter's bounds, if any, are numbers around its numeric default."""
    bounds = [b for b in (parameter.minimum, parameter.maximum) if b is not None]
    if not bounds:
        return True
    numbers = (*bounds, parameter.default)
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in numbers):
        return False
    low = parameter.minimum if parameter.minimum is not None else parameter.default
    high = parameter.maximum if parameter.maximum is not None else parameter.default
    return bool(low <= parameter.default <= high)


_RULE_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass
class RuleContext:
    """What a rule may know besides the report: its options, other years, how to make findings.

    One context serves one rule on one report; ``finding`` and ``at_cell`` make findings of that
    rule in that report's file.
    """

    info: RuleInfo
    messages: Mapping[str, tuple[str, str]]
    severity: Severity
    report: Report
    options: Mapping[str, Any] = field(default_factory=dict)
    reports: History | None = None

    def previous(self, report: Report) -> Report | None:
        """The same agency's report of the year before (for rules with ``history = True``)."""
        return self.reports.previous(report) if self.reports is not None else None

    def option(self, name: str) -> Any:
        if name in self.options:
            return self.options[name]
        return self.info.parameters[name].default

    def finding(
        self,
        message_id: str,
        *,
        location: Location = NOWHERE,
        place: LogicalPlace = NO_PLACE,
        expected: Any = None,
        actual: Any = None,
        fix: Fix | None = None,
        **args: Any,
    ) -> Finding:
        """Make a finding of this rule from a message id and its arguments; ``fix`` (see
        ``replacement``) when the mistake is mechanical and its correction certain."""
        if message_id not in self.messages:
            known = ", ".join(sorted(self.messages)) or "none"
            raise MessageError(f"{self.info.code}: no message {message_id!r} (its messages: {known})")
        zh, en = self.messages[message_id]
        values = {"expected": expected, "actual": actual, **args}
        return Finding(
            code=self.info.code,
            name=self.info.name,
            severity=self.severity,
            message=_render(zh, values, self.info.code, message_id),
            message_en=_render(en, values, self.info.code, message_id),
            path=self.report.path,
            location=location,
            place=place,
            message_id=message_id,
            args=tuple((k, str(v)) for k, v in sorted(args.items())),
            expected=None if expected is None else str(expected),
            actual=None if actual is None else str(actual),
            plugin=self.info.plugin,
            fix=fix,
        )

    @staticmethod
    def replacement(original: str, replacement: str, location: Location) -> Fix | None:
        """A fix that writes ``replacement`` where ``original`` stands at ``location``; None when
        there is nothing to change or nowhere to change it."""
        if not original or original == replacement or location == NOWHERE:
            return None
        return Fix(original, replacement, location)

    def balance_findings(self, relation: str, message_id: str) -> Iterator[Finding]:
        """One finding per failing instance of the template relation ``relation`` (e.g. "T3"), at
        the cell most likely to blame. The message gets ``{title}`` (the total's row or column),
        ``{expected}`` (the left sum), ``{actual}`` (the right sum) and ``{hint}``/``{hint_en}``,
        which name the suspect cell and say when blank cells were counted as 0."""
        for failure in failures_among(self.report.failing_balances, relation):
            hint, hint_en = _balance_hint(failure)
            yield self.finding(
                message_id,
                location=failure.location,
                place=failure.place,
                expected=plain_number(failure.left),
                actual=plain_number(failure.right),
                title=failure.total_title,
                hint=hint,
                hint_en=hint_en,
            )

    def at_cell(self, cell: Cell, message_id: str, **kwargs: Any) -> Finding:
        """A finding at a bound cell: its source location and its logical place."""
        return self.finding(message_id, location=cell.location, place=cell.place, **kwargs)


def _balance_hint(failure: Failure) -> tuple[str, str]:
    zh = en = ""
    if failure.culprit is not None:
        zh, en = (text.format(cell=failure.culprit.place.title) for text in SUSPECT_HINT)
    if failure.blanks_as_zero:
        zh, en = zh + BLANKS_NOTE[0], en + BLANKS_NOTE[1]
    return zh, en
