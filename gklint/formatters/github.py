"""``github``: GitHub Actions workflow commands, one ``::error``/``::warning``/``::notice`` per finding.

GitHub shows them as annotations on the pull request (at most 10 of each kind per step, 50 per job,
which is why a summary line follows and why SARIF upload is the channel that scales).
"""

from __future__ import annotations

from gklint.plugin import (
    FileResult,
    FileStream,
    Finding,
    Formatter,
    Location,
    OutputStyle,
    RunResult,
    hookimpl,
    late_parts,
    place_note,
    render_streamed,
    repository_path,
    severity_breakdown,
)

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message after ``::`` (actions/toolkit ``escapeData``); ``%`` first so escapes are not re-escaped."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A ``key=value`` parameter (actions/toolkit ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def position(location: Location) -> list[tuple[str, int]]:
    """``line``/``endLine`` when known; ``col``/``endColumn`` only on one line (GitHub refuses them otherwise)."""
    if location.line is None:
        return []
    end_line = location.end_line if location.end_line is not None and location.end_line >= location.line else None
    params = [("line", location.line)]
    one_line = end_line in (None, location.line)
    if one_line and location.column is not None:
        params.append(("col", location.column))
    if end_line is not None:
        params.append(("endLine", end_line))
    if one_line and location.column is not None and location.end_column is not None:
        params.append(("endColumn", max(location.end_column, location.column)))
    return params


def command(finding: Finding, file: str, lang: str) -> str:
    params = [("file", file), *position(finding.location), ("title", f"{finding.code} {finding.name}")]
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in params)
    message = place_note(finding.location, lang, leading=True) + finding.text(lang)
    return f"::{COMMANDS[finding.severity.label]} {joined}::{escape_data(message)}"


def summary(findings: list[Finding], lang: str) -> str:
    count = len(findings)
    total = f"gklint: {count} finding{'' if count == 1 else 's'}" if lang == "en" else f"gklint：共 {count} 项问题"
    return total + severity_breakdown(findings, lang)


class GithubFormatter(Formatter):
    name = "github"
    description = "GitHub Actions annotations (workflow commands), one per finding"
    file_extension = ".txt"

    def render(self, run: RunResult) -> str:
        return render_streamed(self, run, OutputStyle())

    def stream(self, run: RunResult, style: OutputStyle) -> FileStream:
        return GithubStream(run)


class GithubStream(FileStream):
    """Each file's annotations as it is done; the cross-year ones and the summary at the end."""

    def __init__(self, run: RunResult) -> None:
        self.run = run  # its root places paths in the repository

    def file(self, result: FileResult) -> str:
        lang = self.run.lang
        return "".join(command(f, repository_path(f.path, self.run) or f.path, lang) + "\n" for f in result.findings)

    def end(self, run: RunResult) -> str:
        late = "".join(self.file(result) for result in late_parts(run))
        return late + summary(list(run.findings), run.lang) + "\n"


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [GithubFormatter()]
