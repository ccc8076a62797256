"""``concise``: exactly one line per finding, ``path:line:col: CODE [severity] message``, then a count."""

from __future__ import annotations

from gklint.plugin import Finding, Formatter, RunResult, hookimpl, printable_run


def finding_line(finding: Finding, lang: str) -> str:
    where = finding.location.describe()
    head = f"{finding.path}:{where}:" if where else f"{finding.path}:"
    return f"{head} {finding.code} [{finding.severity.label}] {_one_line(finding.text(lang))}"


def _one_line(text: str) -> str:
    """Line breaks inside a message would break the one-line-per-finding promise."""
    return " ".join(text.splitlines())


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
        run = printable_run(run)  # no control character of a report or a file name reaches the terminal
        lines = [finding_line(f, run.lang) for f in run.findings]
        lines.append(count_line(len(lines), run.lang))
        return "\n".join(lines) + "\n"


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [ConciseFormatter()]
