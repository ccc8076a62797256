"""SARIF results: each finding's physical and logical location, fingerprints and fix."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from gklint.formatters.sarif.artifacts import Artifacts
from gklint.formatters.sarif.fingerprints import LineHashes
from gklint.formatters.sarif.rules import LEVELS, RuleTable
from gklint.plugin import Finding, Fix, Location, LogicalPlace, RunResult, decode_text, place_note

FINGERPRINT = "gklint/fingerprint/v1"


class FixRegions:
    """Where a fix's original text stands in a text-like file: at its location's column when it
    reads so there, else first on its line (HTML locations have no column); None when not found.
    PDF and DOCX fixes have no text region: they stay suggestions (the ``gklint/fix`` property)."""

    def __init__(self) -> None:
        self._lines: dict[Path, list[str]] = {}

    def get(self, path: Path, fix: Fix | None) -> dict[str, Any] | None:
        line_no = fix.location.line if fix else None
        if fix is None or line_no is None:
            return None
        if path not in self._lines:
            self._lines[path] = _file_lines(path)
        lines = self._lines[path]
        line = lines[line_no - 1] if 0 < line_no <= len(lines) else ""
        column = (fix.location.column or 0) - 1
        for original in (fix.original, escape(fix.original, quote=False)):
            at = column if column >= 0 and line.startswith(original, column) else line.find(original)
            if at >= 0:
                return {"startLine": line_no, "startColumn": at + 1, "endColumn": at + 1 + len(original)}
        return None


def _file_lines(path: Path) -> list[str]:
    try:
        text, _ = decode_text(path.read_bytes())
    except (OSError, ValueError):
        return []
    return re.split(r"\r\n|\r|\n", text.removeprefix("\ufeff"))


def region(location: Location) -> dict[str, Any] | None:
    """The text region of a location; None for PDF pages, DOCX elements and whole-document findings."""
    line, column, end_column = location.line, location.column, location.end_column
    if line is None or line < 1:
        return None
    end_line = location.end_line if location.end_line is not None and location.end_line >= line else line
    if column is None or column < 1:
        column = end_column = None
    # an empty span (a blank cell) has no end worth giving: SARIF's endColumn is exclusive
    if column is not None and end_column is not None and end_line == line and end_column <= column:
        end_column = None
    out = {
        "startLine": line,
        "startColumn": column,
        "endLine": end_line if location.end_line is not None else None,
        "endColumn": end_column,
    }
    return {k: v for k, v in out.items() if v is not None}


def logical_location(place: LogicalPlace) -> dict[str, Any] | None:
    bits = [b for b in (place.table, place.row, place.column) if b]
    if bits:
        name = "/".join(bits)
    elif place.part:
        name = f"part{place.part}"
    else:
        return None
    return {"name": place.title or (bits[-1] if bits else name), "fullyQualifiedName": name}


def location_properties(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    values: dict[str, Any] = {
        "gklint/page": loc.page,
        "gklint/bbox": list(loc.bbox) if loc.bbox else None,
        "gklint/element": loc.element,
        "gklint/name": finding.name,
        "gklint/messageId": finding.message_id or None,
        "gklint/arguments": dict(finding.args) or None,
        "gklint/expected": finding.expected,
        "gklint/actual": finding.actual,
        "gklint/plugin": finding.plugin or None,
        "gklint/fix": {"original": finding.fix.original, "replacement": finding.fix.replacement}
        if finding.fix
        else None,
    }
    return {k: v for k, v in values.items() if v is not None}


class ResultBuilder:
    def __init__(
        self, run: RunResult, rules: RuleTable, artifacts: Artifacts, texts: Mapping[str, str] | None = None
    ) -> None:
        self.run = run
        self.rules = rules
        self.artifacts = artifacts
        self.line_hashes = LineHashes(texts)
        self.fix_regions = FixRegions()
        self.seen: Counter[str] = Counter()

    def result(self, finding: Finding, text_like: bool) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": self.artifacts.location(finding.path)}
        text_region = region(finding.location) if text_like else None
        if text_region:
            physical["region"] = text_region
        location: dict[str, Any] = {"physicalLocation": physical}
        logical = logical_location(finding.place)
        if logical:
            location["logicalLocations"] = [logical]
        message = finding.text(self.run.lang) + place_note(finding.location, self.run.lang)
        result: dict[str, Any] = {
            "ruleId": finding.code,
            **self.rules.reference(finding.code),
            "level": LEVELS[finding.severity.label],
            "message": {"text": message},
            "locations": [location],
            "partialFingerprints": self.fingerprints(finding, text_region),
        }
        fix_region = self.fix_regions.get(self.artifacts.absolute(finding.path), finding.fix) if text_like else None
        if fix_region and finding.fix:
            result["fixes"] = [self.fix(finding, finding.fix, fix_region)]
        properties = location_properties(finding)
        if properties:
            result["properties"] = properties
        return result

    def fix(self, finding: Finding, fix: Fix, deleted: dict[str, Any]) -> dict[str, Any]:
        text = f"「{fix.original}」→「{fix.replacement}」"
        change = {
            "artifactLocation": self.artifacts.location(finding.path),
            "replacements": [{"deletedRegion": deleted, "insertedContent": {"text": fix.replacement}}],
        }
        return {"description": {"text": text}, "artifactChanges": [change]}

    def fingerprints(self, finding: Finding, text_region: dict[str, Any] | None) -> dict[str, str]:
        """The kernel's line-free fingerprint (numbered when identical findings repeat) and GitHub's line hash."""
        identity = finding.fingerprint(self.artifacts.repository_path(finding.path))
        self.seen[identity] += 1
        own = f"{identity}:{self.seen[identity]}"
        if text_region is None:
            # upload-sarif hashes no region-less result; without our own value all of a PDF's alerts would merge
            return {FINGERPRINT: own, "primaryLocationLineHash": own}
        line_hash = self.line_hashes.get(self.artifacts.absolute(finding.path), text_region["startLine"], finding.path)
        if line_hash is None:
            return {FINGERPRINT: own}  # not UTF-8: upload-sarif computes the line hash as GitHub does
        return {FINGERPRINT: own, "primaryLocationLineHash": line_hash}


def results(
    run: RunResult, rules: RuleTable, artifacts: Artifacts, texts: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    builder = ResultBuilder(run, rules, artifacts, texts)
    out: list[dict[str, Any]] = []
    for file in run.files:
        # a file no reader read has only whole-file findings: nothing to withhold a region from
        text_like = run.source_of(file).line_based or file.format is None
        out.extend(builder.result(f, text_like) for f in file.findings)
    return out
