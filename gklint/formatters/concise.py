"""``concise``: exactly one line per finding, ``path:line:col: CODE [severity] message``, then a count."""

from __future__ import annotations

from gklint.plugin import Formatter, OutputStyle, RunResult, finding_line, hookimpl


def count_line(count: int, lang: str) -> str:
    if lang == "en":
        return f"Found {count} finding{'' if count == 1 else 's'}."
    return f"共发现 {count} 项问题。"


class ConciseFormatter(Formatter):
    name = "concise"
    description = "one line per finding, no source lines, then a count"
    file_extension = ".txt"
    human_readable = True

    def render(self, run: RunResult) -> str:
        return self.render_styled(run, OutputStyle())

    def render_styled(self, run: RunResult, style: OutputStyle) -> str:
        lines = [finding_line(f, run.lang, style.color) for f in run.findings]
        if not style.quiet:
            lines.append(count_line(len(lines), run.lang))
        return "".join(line + "\n" for line in lines)


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [ConciseFormatter()]
