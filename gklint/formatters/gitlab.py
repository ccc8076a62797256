"""``gitlab``: a GitLab Code Quality report (``artifacts:reports:codequality``), a JSON array.

GitLab drops objects that miss a required field and merges objects that share a fingerprint, so
every item carries all of them and fingerprints are unique, and stable when lines move.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from gklint.plugin import Finding, Formatter, RunResult, hookimpl, place_note, repository_path

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def fingerprint(finding: Finding, path: str, occurrence: int) -> str:
    """The kernel's line-free fingerprint (as in baselines); repeats of an identical finding get their own."""
    identity = finding.fingerprint(path)
    return identity if occurrence == 1 else hashlib.sha256(f"{identity}:{occurrence}".encode()).hexdigest()[:32]


def issue(finding: Finding, path: str, occurrence: int, lang: str) -> dict[str, Any]:
    lines: dict[str, int] = {"begin": finding.location.line or 1}  # GitLab needs a line; 1 for PDF, DOCX
    end = finding.location.end_line
    if finding.location.line is not None and end is not None and end > finding.location.line:
        lines["end"] = end
    return {
        "description": f"{finding.code}: {finding.text(lang)}{place_note(finding.location, lang)}",
        "check_name": finding.code,
        "fingerprint": fingerprint(finding, path, occurrence),
        "severity": SEVERITIES[finding.severity.label],
        "location": {"path": path, "lines": lines},
    }


class GitlabFormatter(Formatter):
    name = "gitlab"
    description = "GitLab Code Quality report (JSON array)"
    file_extension = ".json"

    def render(self, run: RunResult) -> str:
        seen: Counter[str] = Counter()
        issues = []
        for finding in run.findings:
            path = repository_path(finding.path, run) or finding.path
            identity = finding.fingerprint(path)
            seen[identity] += 1
            issues.append(issue(finding, path, seen[identity], run.lang))
        return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [GitlabFormatter()]
