"""``json-lines``: one JSON object per finding per line, the same record as ``json``'s ``findings[]``."""

from __future__ import annotations

import json

from gklint.plugin import Formatter, RunResult, finding_record, hookimpl


class JsonLinesFormatter(Formatter):
    name = "json-lines"
    description = "one JSON object per finding per line (the json formatter's finding records)"
    file_extension = ".jsonl"

    def render(self, run: RunResult) -> str:
        return "".join(json.dumps(finding_record(f), ensure_ascii=False) + "\n" for f in run.findings)


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [JsonLinesFormatter()]
