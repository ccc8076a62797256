"""``concise``: exactly one line per finding, ``path:line:col: CODE [severity] message``, then a count."""

from __future__ import annotations

from gklint.plugin import (
    FileResult,
    FileStream,
    Formatter,
    OutputStyle,
    RunResult,
    finding_line,
    hookimpl,
    late_parts,
    render_streamed,
)


def count_line(count: int, lang: str) -> str:
    if lang == "en":
        return f"Found {count} finding{'' if count == 1 else 's'}."
    return f"共发现 {count} 项问题。"


class ConciseFormatter(Formatter):
    name = "concise"
    description = "one line per finding, no source lines, then a count"
    file_extension = ".txt"

    def render(self, run: RunResult) -> str:
        return self.render_styled(run, OutputStyle())

    def render_styled(self, run: RunResult, style: OutputStyle) -> str:
        return render_streamed(self, run, style)

    def stream(self, run: RunResult, style: OutputStyle) -> FileStream:
        return ConciseStream(run.lang, style)


class ConciseStream(FileStream):
    """Each file's lines as it is done; the cross-year findings and the count at the end."""

    def __init__(self, lang: str, style: OutputStyle) -> None:
        self.lang = lang
        self.style = style

    def file(self, result: FileResult) -> str:
        return "".join(finding_line(f, self.lang, self.style.color) + "\n" for f in result.findings)

    def end(self, run: RunResult) -> str:
        late = "".join(self.file(result) for result in late_parts(run))
        return late if self.style.quiet else late + count_line(sum(len(r.findings) for r in run.files), run.lang) + "\n"


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [ConciseFormatter()]
