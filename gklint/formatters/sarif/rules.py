"""The rules of a run as SARIF tool components: gklint's own in the driver, other distributions' in extensions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gklint.plugin import RuleInfo, RunResult, help_markdown, help_text

KERNEL = "gklint"  # gklint's own distribution, and the kernel's plugin name
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
MAX_DESCRIPTION = 1024  # GitHub's limit on shortDescription/fullDescription


def is_builtin(info: RuleInfo) -> bool:
    """A rule of gklint's own distribution goes in the driver; one whose origin is unknown only when
    the kernel made it (a code that fired without metadata)."""
    if info.distribution:
        return info.distribution == KERNEL
    return info.plugin in ("", KERNEL)


def pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("_", "-").split("-") if part)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def rule_descriptor(info: RuleInfo, lang: str) -> dict[str, Any]:
    summary = (info.summary_en if lang == "en" else info.summary) or info.summary or info.summary_en or info.name
    family = info.plugin.removeprefix("rules_") if info.plugin else KERNEL
    return {
        "id": info.code,
        "name": pascal_case(info.name) or info.code + "Rule",
        "shortDescription": {"text": _clip(summary)},
        "fullDescription": {"text": _clip(info.explanation or summary)},
        "help": {"text": help_text(info), "markdown": help_markdown(info)},
        **({"helpUri": info.url} if info.url else {}),  # only a page that exists
        "defaultConfiguration": {"level": LEVELS[info.severity.label]},
        "properties": {
            "tags": ["政府信息公开年报", family],
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITY[info.severity.label],
            "gklint/name": info.name,
            "gklint/plugin": info.plugin or KERNEL,
        },
    }


class RuleTable:
    """Where each rule code stands: the driver (component None) or an extension, and its index there."""

    def __init__(self, rules: Iterable[RuleInfo]) -> None:
        self.driver: list[RuleInfo] = []
        self.extensions: dict[str, list[RuleInfo]] = {}
        for info in sorted(rules, key=lambda r: r.code):
            if is_builtin(info):
                self.driver.append(info)
            else:
                self.extensions.setdefault(info.plugin, []).append(info)
        self.extensions = dict(sorted(self.extensions.items()))
        self.where: dict[str, tuple[int | None, int]] = {r.code: (None, i) for i, r in enumerate(self.driver)}
        for component, infos in enumerate(self.extensions.values()):
            self.where.update({r.code: (component, i) for i, r in enumerate(infos)})

    def reference(self, code: str) -> dict[str, Any]:
        """``ruleIndex`` and, for an extension's rule, the ``rule`` reference naming its component."""
        component, index = self.where[code]
        if component is None:
            return {"ruleIndex": index}
        return {"ruleIndex": index, "rule": {"id": code, "index": index, "toolComponent": {"index": component}}}


def all_rules(run: RunResult) -> list[RuleInfo]:
    """Every rule of the run, plus a stand-in for any code that fired without metadata."""
    infos: dict[str, RuleInfo] = {code: info for code, info in run.rules.items() if isinstance(info, RuleInfo)}
    for finding in run.findings:
        if finding.code not in infos:
            infos[finding.code] = RuleInfo(
                finding.code, finding.name, finding.severity, finding.name, finding.name, plugin=finding.plugin
            )
    return list(infos.values())
