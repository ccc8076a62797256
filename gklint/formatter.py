"""The formatter base class: the run's results in, text out."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from gklint.model import Finding, Location, RunResult


class Formatter:
    """Base class of output formats. ``render`` returns the whole output as text."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    file_extension: ClassVar[str] = ".txt"
    human_readable: ClassVar[bool] = False

    def render(self, run: RunResult) -> str:
        raise NotImplementedError


def place_in_file(location: Location, lang: str = "zh") -> str:
    """Where a finding stands when the source has no lines (PDF, DOCX): "第 3 页" / "page 3", the
    element, or empty. Tools that show only lines need it said in the message."""
    if location.line is not None:
        return ""
    if location.page is not None:
        return f"page {location.page}" if lang == "en" else f"第 {location.page} 页"
    return location.element or ""


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder from ``start`` (default: the working directory) up that holds ``.git``
    (a folder, or a worktree's file); ``start`` itself when there is none."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def repository_path(path: str, run: RunResult) -> str | None:
    """A finding's path relative to the repository root, in POSIX form, as code-scanning and CI
    tools expect it; ``None`` for a file outside the repository."""
    cwd = Path.cwd().resolve()
    target = Path(os.path.realpath((cwd / run.root) / path))  # unlike resolve(), never raises on a symlink loop
    try:
        return target.relative_to(repository_root(cwd)).as_posix()
    except ValueError:
        return None


def finding_record(finding: Finding) -> dict[str, Any]:
    """One finding as a flat JSON object (the ``json`` and ``json-lines`` formats; docs/formats.md).
    Keys never disappear; unknown values are null."""
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
