"""``sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

Follows the OASIS schema and GitHub's stricter rules: every rule with its help in
``tool.driver.rules`` (third-party plugins' rules in ``tool.extensions``), ``results: []`` when
clean, artifact URIs relative to the repository root under ``%SRCROOT%`` and percent-encoded, a
region only where the source has lines, and fingerprints that survive lines moving.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gklint.plugin import (
    FileResult,
    Finding,
    Fix,
    Formatter,
    Location,
    LogicalPlace,
    RuleInfo,
    RunResult,
    decode_text,
    help_markdown,
    help_text,
    hookimpl,
    place_in_file,
    repository_root,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "gklint/fingerprint/v1"
KERNEL = "gklint"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
MAX_DESCRIPTION = 1024  # GitHub's limit on shortDescription/fullDescription


# --------------------------------------------------------------------------- paths


class Artifacts:
    """Maps finding paths (relative to the run's root, or absolute) to SARIF artifact locations."""

    def __init__(self, run: RunResult) -> None:
        cwd = Path.cwd().resolve()
        self.base = (cwd / run.root).resolve()
        self.root = repository_root(cwd)
        self.index = {r.path: i for i, r in enumerate(run.files)}
        self.run = run

    def absolute(self, path: str) -> Path:
        # follow symlinks (GitHub does not display alerts in symlinked paths); realpath, unlike
        # resolve(), does not raise on a symlink loop
        return Path(os.path.realpath(self.base / path))

    def repository_path(self, path: str) -> str:
        """The path relative to the repository root, or absolute outside it (what fingerprints hash)."""
        target = self.absolute(path)
        try:
            return target.relative_to(self.root).as_posix()
        except ValueError:
            return target.as_posix()

    def location(self, path: str) -> dict[str, Any]:
        target = self.absolute(path)
        try:
            relative = target.relative_to(self.root)
        except ValueError:
            location: dict[str, Any] = {"uri": target.as_uri()}  # outside the repository: nothing to be relative to
        else:
            location = {"uri": quote(relative.as_posix(), safe="/"), "uriBaseId": SRCROOT}
        if path in self.index:
            location["index"] = self.index[path]
        return location

    def artifact(self, result: FileResult) -> dict[str, Any]:
        location = self.location(result.path)
        location.pop("index", None)
        artifact: dict[str, Any] = {"location": location}
        mime = self.run.source_of(result).mime_type
        if mime:
            artifact["mimeType"] = mime
        properties = {"gklint/format": result.format, "gklint/skipped": result.skipped or None}
        artifact["properties"] = {k: v for k, v in properties.items() if v}
        if not artifact["properties"]:
            del artifact["properties"]
        return artifact


# --------------------------------------------------------------------------- rules


def is_builtin(info: RuleInfo) -> bool:
    return info.plugin == KERNEL or info.plugin.startswith("rules_") or not info.plugin


def pascal_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.replace("_", "-").split("-") if part)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def rule_descriptor(info: RuleInfo, lang: str) -> dict[str, Any]:
    summary = (info.summary_en if lang == "en" else info.summary) or info.summary or info.summary_en or info.name
    family = info.plugin.removeprefix("rules_") if info.plugin else KERNEL
    return {
        "id": info.code,
        "name": pascal_case(info.name) or info.code + "Rule",
        "shortDescription": {"text": _clip(summary)},
        "fullDescription": {"text": _clip(info.explanation or summary)},
        "help": {"text": help_text(info), "markdown": help_markdown(info)},
        **({"helpUri": info.url} if info.url else {}),  # only a page that exists
        "defaultConfiguration": {"level": LEVELS[info.severity.label]},
        "properties": {
            "tags": ["政府信息公开年报", family],
            "precision": "high",
            "problem.severity": PROBLEM_SEVERITY[info.severity.label],
            "gklint/name": info.name,
            "gklint/plugin": info.plugin or KERNEL,
        },
    }


class RuleTable:
    """Where each rule code stands: the driver (component None) or an extension, and its index there."""

    def __init__(self, rules: Iterable[RuleInfo]) -> None:
        self.driver: list[RuleInfo] = []
        self.extensions: dict[str, list[RuleInfo]] = {}
        for info in sorted(rules, key=lambda r: r.code):
            if is_builtin(info):
                self.driver.append(info)
            else:
                self.extensions.setdefault(info.plugin, []).append(info)
        self.extensions = dict(sorted(self.extensions.items()))
        self.where: dict[str, tuple[int | None, int]] = {r.code: (None, i) for i, r in enumerate(self.driver)}
        for component, infos in enumerate(self.extensions.values()):
            self.where.update({r.code: (component, i) for i, r in enumerate(infos)})

    def reference(self, code: str) -> dict[str, Any]:
        """``ruleIndex`` and, for an extension's rule, the ``rule`` reference naming its component."""
        component, index = self.where[code]
        if component is None:
            return {"ruleIndex": index}
        return {"ruleIndex": index, "rule": {"id": code, "index": index, "toolComponent": {"index": component}}}


def all_rules(run: RunResult) -> list[RuleInfo]:
    """Every rule of the run, plus a stand-in for any code that fired without metadata."""
    infos: dict[str, RuleInfo] = {code: info for code, info in run.rules.items() if isinstance(info, RuleInfo)}
    for finding in run.findings:
        if finding.code not in infos:
            infos[finding.code] = RuleInfo(
                finding.code, finding.name, finding.severity, finding.name, finding.name, plugin=finding.plugin
            )
    return list(infos.values())


# --------------------------------------------------------------------------- fingerprints


class LineHashes:
    """GitHub's ``primaryLocationLineHash`` of each line of a UTF-8 text file (codeql-action's
    ``fingerprints.ts``), so uploads by any means carry the hash upload-sarif would compute."""

    def __init__(self) -> None:
        self._cache: dict[Path, dict[int, str] | None] = {}

    def get(self, path: Path, line: int) -> str | None:
        if path not in self._cache:
            self._cache[path] = _file_line_hashes(path)
        hashes = self._cache[path]
        return None if hashes is None else hashes.get(line)


def _file_line_hashes(path: Path) -> dict[int, str] | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # GitHub would hash replacement characters: let upload-sarif compute it
    return line_hashes(text)


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


BLOCK_SIZE = 100
MOD = 37
MASK = (1 << 64) - 1
FIRST_MOD = pow(MOD, BLOCK_SIZE, 1 << 64)
EOF_UNIT = 65535


def line_hashes(text: str) -> dict[int, str]:
    """Line number -> ``hex:occurrence``: a rolling hash of the 100 non-blank UTF-16 code units from the
    start of each line; spaces and tabs skipped, CR LF and CR read as LF."""
    hasher = _RollingHash()
    line_start, previous_cr = True, False
    for unit in [*_utf16_units(text), EOF_UNIT]:
        if unit in (0x20, 0x09) or (previous_cr and unit == 0x0A):
            previous_cr = False
            continue
        previous_cr = unit == 0x0D
        unit = 0x0A if previous_cr else unit
        hasher.emit_if_due()
        if line_start:
            hasher.start_line()
        line_start = unit == 0x0A
        hasher.update(unit)
    for _ in range(BLOCK_SIZE):
        hasher.emit_if_due()
        hasher.update(0)
    return hasher.hashes


class _RollingHash:
    """The window of the last 100 code units, which of them start a line, and the hashes emitted."""

    def __init__(self) -> None:
        self.window = [0] * BLOCK_SIZE
        self.starts = [-1] * BLOCK_SIZE  # the line number a window slot starts, or -1
        self.value = 0
        self.index = 0
        self.line = 0
        self.seen: Counter[str] = Counter()
        self.hashes: dict[int, str] = {}

    def start_line(self) -> None:
        self.line += 1
        self.starts[self.index] = self.line

    def emit_if_due(self) -> None:
        """A line's hash is complete once the window has come round to the slot where the line began."""
        if self.starts[self.index] == -1:
            return
        text = format(self.value, "x")
        self.seen[text] += 1
        self.hashes[self.starts[self.index]] = f"{text}:{self.seen[text]}"
        self.starts[self.index] = -1

    def update(self, unit: int) -> None:
        oldest, self.window[self.index] = self.window[self.index], unit
        self.value = (MOD * self.value + unit - FIRST_MOD * oldest) & MASK
        self.index = (self.index + 1) % BLOCK_SIZE


def _utf16_units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]


# --------------------------------------------------------------------------- results


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


def where_in_document(location: Location, lang: str) -> str:
    """The page or element, said in the message: GitHub shows region-less results at line 1."""
    where = place_in_file(location, lang)
    return (f" ({where})" if lang == "en" else f"（{where}）") if where else ""


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
    def __init__(self, run: RunResult, rules: RuleTable, artifacts: Artifacts) -> None:
        self.run = run
        self.rules = rules
        self.artifacts = artifacts
        self.line_hashes = LineHashes()
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
        message = finding.text(self.run.lang) + where_in_document(finding.location, self.run.lang)
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
        line_hash = self.line_hashes.get(self.artifacts.absolute(finding.path), text_region["startLine"])
        if line_hash is None:
            return {FINGERPRINT: own}  # not UTF-8: upload-sarif computes the line hash as GitHub does
        return {FINGERPRINT: own, "primaryLocationLineHash": line_hash}


def results(run: RunResult, rules: RuleTable, artifacts: Artifacts) -> list[dict[str, Any]]:
    builder = ResultBuilder(run, rules, artifacts)
    out: list[dict[str, Any]] = []
    for file in run.files:
        # a file no reader read has only whole-file findings: nothing to withhold a region from
        text_like = run.source_of(file).line_based or file.format is None
        out.extend(builder.result(f, text_like) for f in file.findings)
    return out


def sarif_log(run: RunResult) -> dict[str, Any]:
    table = RuleTable(all_rules(run))
    artifacts = Artifacts(run)
    tool: dict[str, Any] = {
        "driver": {
            "name": "gklint",
            "version": run.tool_version,
            "semanticVersion": run.tool_version,
            "rules": [rule_descriptor(r, run.lang) for r in table.driver],
        }
    }
    if table.extensions:
        tool["extensions"] = [
            {"name": name, "rules": [rule_descriptor(r, run.lang) for r in infos]}
            for name, infos in table.extensions.items()
        ]
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": tool,
                "originalUriBaseIds": {
                    SRCROOT: {"description": {"text": "The root of the repository that holds the linted reports."}}
                },
                "artifacts": [artifacts.artifact(r) for r in run.files],
                "columnKind": "unicodeCodePoints",
                "results": results(run, table, artifacts),
            }
        ],
    }


class SarifFormatter(Formatter):
    name = "sarif"
    description = "SARIF 2.1.0 for GitHub code scanning and other SARIF consumers"
    file_extension = ".sarif"

    def render(self, run: RunResult) -> str:
        return json.dumps(sarif_log(run), ensure_ascii=False, indent=2) + "\n"


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [SarifFormatter()]
