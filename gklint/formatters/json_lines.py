"""``json-lines``: one JSON object per finding per line, the same record as ``json``'s ``findings[]``."""

from __future__ import annotations

import json
from typing import Any

from gklint.plugin import Finding, Formatter, RunResult, hookimpl


def finding_record(finding: Finding) -> dict[str, Any]:
    """The ``json`` formatter's finding record, key for key (docs/formats.md documents both)."""
    loc, place = finding.location, finding.place
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.label,
        "message": finding.message,
        "message_en": finding.message_en,
        "message_id": finding.message_id,
        "args": dict(finding.args),
        "path": finding.path,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "page": loc.page,
        "bbox": list(loc.bbox) if loc.bbox else None,
        "element": loc.element,
        "logical": {
            "part": place.part,
            "table": place.table,
            "row": place.row,
            "column": place.column,
            "title": place.title or None,
        },
        "expected": finding.expected,
        "actual": finding.actual,
        "plugin": finding.plugin,
    }


class JsonLinesFormatter(Formatter):
    name = "json-lines"
    description = "one JSON object per finding per line (the json formatter's finding records)"
    file_extension = ".jsonl"

    def render(self, run: RunResult) -> str:
        return "".join(json.dumps(finding_record(f), ensure_ascii=False) + "\n" for f in run.findings)


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [JsonLinesFormatter()]
