"""``sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

Follows the OASIS schema and GitHub's stricter rules: every rule with its help in
``tool.driver.rules`` (third-party plugins' rules in ``tool.extensions``), ``results: []`` when
clean, artifact URIs relative to the repository root under ``%SRCROOT%`` and percent-encoded, a
region only where the source has lines, and fingerprints that survive lines moving.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from gklint.formatters.sarif.artifacts import SRCROOT, Artifacts
from gklint.formatters.sarif.fingerprints import line_hashes
from gklint.formatters.sarif.results import results
from gklint.formatters.sarif.rules import RuleTable, all_rules, rule_descriptor
from gklint.plugin import Formatter, OutputStyle, RunResult, hookimpl

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
__all__ = ["SarifFormatter", "gklint_formatters", "line_hashes", "sarif_log"]


def _version(version: str) -> dict[str, str]:
    """A plugin component's version, as SARIF names it (none when its distribution has none)."""
    return {"version": version} if version else {}


def sarif_log(run: RunResult, texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The SARIF log of ``run``; ``texts``: the text of a report linted from stdin, by its shown path."""
    table = RuleTable(all_rules(run))
    artifacts = Artifacts(run)
    tool: dict[str, Any] = {
        "driver": {
            "name": "gklint",
            "version": run.tool_version,
            "semanticVersion": run.tool_version,
            "rules": [rule_descriptor(r, run.lang) for r in table.driver],
        }
    }
    if table.extensions:
        tool["extensions"] = [
            {"name": name, **_version(infos[0].version), "rules": [rule_descriptor(r, run.lang) for r in infos]}
            for name, infos in table.extensions.items()
        ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": tool,
                "originalUriBaseIds": {
                    SRCROOT: {"description": {"text": "The root of the repository that holds the linted reports."}}
                },
                "artifacts": [artifacts.artifact(r) for r in run.files],
                "columnKind": "unicodeCodePoints",
                "results": results(run, table, artifacts, texts),
            }
        ],
    }


class SarifFormatter(Formatter):
    name = "sarif"
    description = "SARIF 2.1.0 for GitHub code scanning and other SARIF consumers"
    file_extension = ".sarif"

    def render(self, run: RunResult) -> str:
        return json.dumps(sarif_log(run), ensure_ascii=False, indent=2) + "\n"

    def render_styled(self, run: RunResult, style: OutputStyle) -> str:
        return json.dumps(sarif_log(run, style.sources), ensure_ascii=False, indent=2) + "\n"


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [SarifFormatter()]
