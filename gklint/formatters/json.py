"""``json``: the run as one JSON document with a stable, documented schema (see docs/formats.md)."""

from __future__ import annotations

import json
from typing import Any

from gklint.plugin import Formatter, RunResult, finding_record, hookimpl

SCHEMA_VERSION = 1


def run_record(run: RunResult) -> dict[str, Any]:
    findings = list(run.findings)
    counts = {s: sum(1 for f in findings if f.severity.label == s) for s in ("error", "warning", "info")}
    return {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "gklint", "version": run.tool_version},
        "summary": {"files": len(run.files), "findings": len(findings), **counts},
        "files": [
            {"path": r.path, "format": r.format, "findings": len(r.findings), "skipped": r.skipped or None}
            for r in run.files
        ],
        "findings": [finding_record(f) for f in findings],
    }


class JsonFormatter(Formatter):
    name = "json"
    description = "one JSON document: summary, files, findings (stable schema)"
    file_extension = ".json"

    def render(self, run: RunResult) -> str:
        return json.dumps(run_record(run), ensure_ascii=False, indent=2) + "\n"


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [JsonFormatter()]
