"""The rule test kit: lint a snippet in a test, or write rule cases as YAML.

A pytest plugin, opt-in: installing gklint changes nothing in other projects' test runs. Enable it
with ``pytest -p gklint.testing``, or in the ``conftest.py`` of the tests that use it::

    from gklint.testing import gklint_lint, pytest_collect_file  # noqa: F401

It then collects files named ``rules_*.yaml`` and runs each case in them::

    rule: GK504                         # the rule (or prefix) under test; only its findings count
    cases:
      notice-denied:
        base: clean                     # a bundled clean report, or a path relative to this file
        replace:                        # text substitutions applied to the base
          "本局2023年度未收取信息处理费。": "本年度未发出收费通知。"
        expect:                         # the findings, in order: code, and line / row / column /
                                        # severity / page / message_id if given
          - {code: GK504, line: 67}
      fine:
        base: clean
        expect: []                      # passes: no finding of the rule

A case may give ``text:`` (a whole report) instead of ``base:``, ``suffix:`` (default ``.md``),
``options:`` (rule options by code: ``{GK502: {max_amount: 100}}``) and ``config:`` (``{ruleset: hunan}``).
A key the kit does not know or a case without ``expect`` fails the file's collection; a code no rule
has or an option a rule does not take fails the case (``ConfigError``), as the command line refuses them.
In Python tests, the ``gklint_lint`` fixture (or ``lint_text``) lints a text and returns findings.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gklint.config import Layer, Resolver, parse_codes
from gklint.diagnostics import KERNEL_RULES
from gklint.history import History
from gklint.manager import Plugins, load_plugins
from gklint.model import Finding
from gklint.options import check_layers
from gklint.runner import Linter

BASES = {"clean": Path(__file__).resolve().parent / "testdata" / "clean-2023.md"}
_PLUGINS: Plugins | None = None


def _plugins() -> Plugins:
    global _PLUGINS
    if _PLUGINS is None:
        _PLUGINS = load_plugins()
    return _PLUGINS


def base_report(name: str = "clean") -> str:
    """The text of a bundled, clean, synthetic report to start cases from."""
    return BASES[name].read_text(encoding="utf-8")


def lint_text(
    text: str,
    *,
    suffix: str = ".md",
    select: str | None = None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    ruleset: str | None = None,
    name: str = "report",
) -> list[Finding]:
    """Lint ``text`` as a report file with the installed plugins; return its findings."""
    linter = _test_linter(select, ruleset, None, options)
    with tempfile.TemporaryDirectory() as folder:
        (path,) = _written(Path(folder), {f"{name}{suffix}": text})
        result = linter.lint_file(path)
    return list(result.findings)


def cross_year_lint(
    texts: Sequence[str],
    *,
    select: str | None = None,
    suffix: str = ".md",
    ruleset: str | None = None,
    plugins: Plugins | None = None,
    whole: bool = False,
) -> list[Finding]:
    """The cross-year rules' findings over ``texts`` (one agency's reports of successive years,
    linted as one run), each report kept as a run keeps it: cut down to what the loaded rules'
    ``compares`` declare, or ``whole``. ``plugins``: the installed ones unless given."""
    linter = _test_linter(select, ruleset, plugins)
    with tempfile.TemporaryDirectory() as folder:
        return _cross_year(linter, _written(Path(folder), _numbered(texts, suffix)), whole)


def cross_year_gaps(
    texts: Sequence[str],
    *,
    select: str | None = None,
    suffix: str = ".md",
    ruleset: str | None = None,
    plugins: Plugins | None = None,
) -> list[str]:
    """What the cross-year rules find differently on whole reports and on reports cut down to what
    the rules declare (arguments as ``cross_year_lint``'s); ``[]`` when they find the same. A rule
    that reads a cell or part it did not declare in ``compares`` sees nothing there in a real run:
    this names each finding that goes missing or appears because of it."""
    linter = _test_linter(select, ruleset, plugins)
    with tempfile.TemporaryDirectory() as folder:
        paths = _written(Path(folder), _numbered(texts, suffix))
        whole, cut_down = (
            [
                f"{Path(f.path).name} {f.code} {f.place.describe()}: {f.message}"
                for f in _cross_year(linter, paths, kept)
            ]
            for kept in (True, False)
        )
    missing = [f"only on whole reports: {view}" for view in whole if view not in cut_down]
    return missing + [f"only on cut-down reports: {view}" for view in cut_down if view not in whole]


def _shown(finding: Finding) -> str:
    return f"{Path(finding.path).name} {finding.code} {finding.place.describe()}: {finding.message}"


def _test_linter(
    select: str | None,
    ruleset: str | None,
    plugins: Plugins | None,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Linter:
    plugins = plugins or _plugins()
    cli = Layer("test")
    if select:
        cli.select = parse_codes(select)
    cli.options = {code.upper(): dict(values) for code, values in (options or {}).items()}
    rulesets = {n: path for n, (path, _) in plugins.rulesets.items()}
    # what the command line refuses, a test refuses too: a code no rule has, a misspelt option (the
    # test's own settings only: the configuration of the folder pytest runs in is no part of a test)
    check_layers([cli], {**KERNEL_RULES, **plugins.rule_infos()})
    return Linter(plugins, Resolver(rulesets, cli, ruleset=ruleset))


def _written(folder: Path, files: Mapping[str, str]) -> list[Path]:
    """``files`` (name: text) written in ``folder``, which also gets a ``.git`` so that the config
    search stays inside it."""
    (folder / ".git").mkdir()
    paths = [folder / name for name in files]
    for path, text in zip(paths, files.values(), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def _numbered(texts: Sequence[str], suffix: str) -> dict[str, str]:
    return {f"report-{index:02d}{suffix}": text for index, text in enumerate(texts)}


def _cross_year(linter: Linter, paths: Sequence[Path], whole: bool) -> list[Finding]:
    history_rules = {code for code, (rule, _) in linter.plugins.rules.items() if rule.history}
    history = History()
    try:
        outcomes = [linter.examine(path, keep_report=True, whole=whole) for path in paths]
        for outcome in outcomes:
            if outcome.facts is not None:
                history.add(outcome.facts)
        results = [linter.finish(outcome, history) for outcome in outcomes]
    finally:
        history.close()
    return [f for result in results for f in result.findings if f.code in history_rules]


@pytest.fixture
def gklint_lint() -> Callable[..., list[Finding]]:
    """``gklint_lint(text, select="GK5", suffix=".txt")`` -> findings."""
    return lint_text


# --------------------------------------------------------------------------- YAML cases


@dataclass
class Case:
    name: str
    rule: str
    source: Path
    spec: Mapping[str, Any]
    suffix: str
    expect: list[dict[str, Any]]
    options: dict[str, Any]
    ruleset: str | None


def load_cases(path: Path) -> Iterator[Case]:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    rule = str(data["rule"])
    for name, spec in (data.get("cases") or {}).items():
        _known_keys(path, f"case {name!r}", spec, CASE_KEYS)
        if "expect" not in spec:
            raise ValueError(f"{path}: case {name!r} has no expect (expect: [] for a case that finds nothing)")
        _known_keys(path, f"case {name!r}: config", spec.get("config") or {}, ("ruleset",))
        for expected in spec.get("expect") or []:
            _known_keys(path, f"case {name!r}: expect", expected, EXPECT_KEYS)
        yield Case(
            name=str(name),
            rule=rule,
            source=path,
            spec=spec,
            suffix=str(spec.get("suffix", ".md")),
            expect=list(spec.get("expect") or []),
            options=dict(spec.get("options") or {}),
            ruleset=(spec.get("config") or {}).get("ruleset"),
        )


CASE_KEYS = ("text", "base", "replace", "suffix", "expect", "options", "config")
EXPECT_KEYS = ("code", "line", "row", "column", "severity", "page", "message_id")


def _known_keys(path: Path, where: str, spec: Any, known: Sequence[str]) -> None:
    """A misspelt key (``expcet``) would make a case check nothing: refused, with the keys known."""
    if not isinstance(spec, Mapping):
        raise ValueError(f"{path}: {where} is {spec!r}, not a mapping")
    unknown = sorted(str(key) for key in spec if key not in known)
    if unknown:
        raise ValueError(f"{path}: {where} has unknown key(s) {', '.join(unknown)} (known: {', '.join(known)})")


def case_text(path: Path, spec: Mapping[str, Any]) -> str:
    if "text" in spec:
        text = str(spec["text"])
    else:
        base = str(spec.get("base", "clean"))
        text = base_report(base) if base in BASES else (path.parent / base).read_text(encoding="utf-8")
    for old, new in (spec.get("replace") or {}).items():
        if str(old) not in text:
            raise ValueError(f"{path}: case text has no {old!r} to replace")
        text = text.replace(str(old), str(new))
    return text


def run_case(case: Case) -> None:
    text = case_text(case.source, case.spec)
    # GK099 is always selected: a rule that crashes must not pass a case that expects nothing.
    found = lint_text(text, suffix=case.suffix, select=f"{case.rule},GK099", options=case.options, ruleset=case.ruleset)
    actual = [_view(f, expected) for f, expected in zip(found, case.expect)]
    if len(found) != len(case.expect) or actual != case.expect:
        shown = "\n".join(f"  {f.code} line {f.location.line} {f.place.describe()}: {f.message}" for f in found)
        raise AssertionError(f"case {case.name!r}: expected {case.expect}, found {len(found)}:\n{shown}")


def _view(finding: Finding, expected: Mapping[str, Any]) -> dict[str, Any]:
    """The finding seen through the keys the case names (code, line, row, column, severity)."""
    fields = {
        "code": finding.code,
        "line": finding.location.line,
        "row": finding.place.row,
        "column": finding.place.column,
        "severity": finding.severity.label,
        "page": finding.location.page,
        "message_id": finding.message_id,
    }
    return {key: fields.get(key) for key in expected}


class YamlCaseFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        for case in load_cases(self.path):
            yield YamlCaseItem.from_parent(self, name=case.name, case=case)


class YamlCaseItem(pytest.Item):
    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        run_case(self.case)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, (AssertionError, ValueError)):
            return str(excinfo.value)  # the case and its findings say it all; no traceback
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.case.rule}: {self.case.name}"


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix in (".yaml", ".yml") and file_path.name.startswith("rules_"):
        return YamlCaseFile.from_parent(parent, path=file_path)
    return None
