"""``json-lines``: one JSON object per finding per line, the same record as ``json``'s ``findings[]``."""

from __future__ import annotations

import json

from gklint.plugin import (
    FileResult,
    FileStream,
    Formatter,
    OutputStyle,
    RunResult,
    finding_record,
    hookimpl,
    late_parts,
    render_streamed,
)


class JsonLinesFormatter(Formatter):
    name = "json-lines"
    description = "one JSON object per finding per line (the json formatter's finding records)"
    file_extension = ".jsonl"

    def render(self, run: RunResult) -> str:
        return render_streamed(self, run, OutputStyle())

    def stream(self, run: RunResult, style: OutputStyle) -> FileStream:
        return JsonLinesStream()


class JsonLinesStream(FileStream):
    """Each file's records as it is done; the cross-year findings' records at the end."""

    def file(self, result: FileResult) -> str:
        return "".join(json.dumps(finding_record(f), ensure_ascii=False) + "\n" for f in result.findings)

    def end(self, run: RunResult) -> str:
        return "".join(self.file(result) for result in late_parts(run))


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [JsonLinesFormatter()]
