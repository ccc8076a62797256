"""Text for terminals and CI logs: what a report or a file name holds must not act on the reader.

Findings quote report text and name files, and both come from strangers. An escape sequence in a
cell (``ESC [ 2 J``, an OSC 52 clipboard write) would act on the terminal; a line break in a file
name would start a new line of output that a CI runner reads as a command of its own
(``::error file=…::``). The ``text`` and ``concise`` formats pass the run through
``printable_run`` first: control characters are shown as escapes (``\\x1b``, ``\\n``), and a path
that would begin a workflow command is written ``./::…`` (the same file).
"""

from __future__ import annotations

import re
from dataclasses import replace

from gklint.model import FileResult, Finding, RunResult

# C0 and C1 controls and DEL; the bidirectional overrides and isolates (they reorder what is shown);
# the Unicode line and paragraph separators; halves of surrogate pairs, which no output can encode.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_COMMAND_STARTS = ("::", "##")  # GitHub Actions workflow commands; Azure Pipelines logging commands


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape_controls(text: str) -> str:
    """``text`` with every control character (line breaks included) shown as an escape."""
    return _UNSAFE.sub(_escape, text)


def printable_message(text: str) -> str:
    """A message on one line: its line breaks become spaces, other control characters escapes."""
    return escape_controls(" ".join(text.splitlines()))


def printable_path(path: str) -> str:
    """A path on one line that cannot be read as a command of a CI runner."""
    shown = escape_controls(path)
    return f"./{shown}" if shown.lstrip().startswith(_COMMAND_STARTS) else shown


def _printable_finding(finding: Finding) -> Finding:
    return replace(
        finding,
        path=printable_path(finding.path),
        message=printable_message(finding.message),
        message_en=printable_message(finding.message_en),
    )


def _printable_file(result: FileResult) -> FileResult:
    findings = tuple(_printable_finding(f) for f in result.findings)
    return replace(result, path=printable_path(result.path), findings=findings)


def printable_run(run: RunResult) -> RunResult:
    """The run with every path and message made safe to print on a terminal or in a CI log."""
    return replace(run, files=tuple(_printable_file(result) for result in run.files))
