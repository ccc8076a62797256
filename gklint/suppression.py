"""Inline suppression comments and baseline files: two ways to accept known findings.

Inline (text, Markdown, HTML), on a line of its own::

    <!-- gklint: disable-next-line=GK107 -- 原因：该栏不适用 -->
    <!-- gklint: disable=GK2 -->  …  <!-- gklint: enable=GK2 -->
    <!-- gklint: disable-file=GK301 -->

A comment that suppresses nothing is reported (GK090), and so is one that cannot be understood
(GK091). A baseline file lists findings by fingerprint (code, file, logical place, message; no line
numbers), so it survives edits that move text around. Neither ever hides an internal error (GK099).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from gklint.config import ALWAYS_REPORTED
from gklint.diagnostics import INVALID_SUPPRESSION, UNUSED_SUPPRESSION, suppression_finding, unknown_code_finding
from gklint.layers import nearest_code
from gklint.model import Directive, Finding, RunResult


def _matches(codes: Sequence[str], code: str) -> bool:
    return any(c == "ALL" or code.startswith(c) for c in codes)


@dataclass
class _Scope:
    """Where one suppression comment applies, and whether it was used there."""

    directive: Directive
    codes: tuple[str, ...]
    first: int
    last: int | None = None  # None: to the end of the file
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        if finding.code in ALWAYS_REPORTED or not _matches(self.codes, finding.code):
            return False
        if self.directive.kind == "disable-file":
            return True
        line = finding.location.line
        if line is None:
            return False
        if self.directive.kind == "disable-next-line":
            return line <= self.first <= (finding.location.end_line or line)
        return self.first < line and (self.last is None or line < self.last)


def _scopes(directives: Iterable[Directive]) -> list[_Scope]:
    scopes: list[_Scope] = []
    for directive in sorted(directives, key=lambda d: d.location.line or 0):
        line = directive.location.line or 0
        if directive.kind == "enable":
            for scope in scopes:
                open_range = scope.directive.kind == "disable" and scope.last is None
                if open_range and ("ALL" in directive.codes or set(scope.codes) & set(directive.codes)):
                    scope.last = line
        elif directive.kind == "disable-next-line":
            scopes.append(_Scope(directive, directive.codes, directive.target_line or line + 1))
        elif directive.kind in ("disable", "disable-file"):
            scopes.append(_Scope(directive, directive.codes, line))
    return scopes


def known_codes_only(
    directives: Sequence[Directive], codes: Collection[str], path: str
) -> tuple[tuple[Directive, ...], list[Finding]]:
    """The comments with only the codes that name an installed rule, and a GK091 for each code that
    names none (GK3O2 for GK302): such a comment would otherwise be called unused, its typo unseen."""
    kept: list[Directive] = []
    findings: list[Finding] = []
    choices = sorted(set(codes) - ALWAYS_REPORTED)  # GK099 is never suppressed: no hint to write it
    for directive in directives:
        unknown = [c for c in directive.codes if c != "ALL" and not any(code.startswith(c) for code in codes)]
        findings.extend(unknown_code_finding(path, directive, c, nearest_code(c, choices)) for c in unknown)
        known = tuple(c for c in directive.codes if c not in unknown)
        if known or not directive.codes:
            kept.append(replace(directive, codes=known))
    return tuple(kept), findings


def apply_directives(
    findings: list[Finding],
    directives: Sequence[Directive],
    path: str,
    selected: Callable[[str], bool],
    undecided: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Drop the findings the comments suppress; add GK090 and GK091 findings for the comments.

    A comment that could cover a code in ``undecided`` (whose findings are still to come: the
    cross-year rules, while the rest of a run is read) is not yet called unused."""
    if not directives:
        return findings
    scopes = _scopes(directives)
    kept = []
    for finding in findings:
        covering = [s for s in scopes if s.covers(finding)]
        for scope in covering:
            scope.used = True
        if not covering:
            kept.append(finding)
    for scope in scopes:
        if scope.used or any(_matches(scope.codes, code) for code in undecided):
            continue
        if any(c == "ALL" or selected(c) for c in scope.codes):
            kept.append(suppression_finding(UNUSED_SUPPRESSION, path, scope.directive))
    for directive in directives:
        if directive.kind == "invalid":
            kept.append(suppression_finding(INVALID_SUPPRESSION, path, directive))
    return kept


# --------------------------------------------------------------------------- baseline

BASELINE_VERSION = 1


def _relative(path: str, base: Path) -> str:
    try:
        return Path(os.path.realpath(path)).relative_to(base.resolve()).as_posix()  # realpath: no raise on a loop
    except ValueError:
        return Path(path).as_posix()


@dataclass
class Baseline:
    """Known findings by fingerprint, with how many of each are accepted."""

    file: Path
    counts: Counter[str] = field(default_factory=Counter)

    @classmethod
    def load(cls, file: Path) -> Baseline:
        import json  # only a run with a baseline reads one

        from gklint.config import ConfigError

        try:
            data = json.loads(file.read_text(encoding="utf-8"))
            entries = data["entries"]
            counts = Counter({e["fingerprint"]: int(e.get("count", 1)) for e in entries})
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{file}: not a gklint baseline: {exc}") from None
        return cls(file, counts)

    def fingerprint(self, finding: Finding) -> str:
        return finding.fingerprint(_relative(finding.path, self.file.parent))

    def applied(self, result: RunResult) -> tuple[RunResult, int]:
        """``result`` less the findings the baseline accepts, and the number of its entries left unused."""
        kept_all, stale = self.filter(result.findings)
        kept = set(map(id, kept_all))
        files = tuple(r.revised(lambda f: f if id(f) in kept else None) for r in result.files)
        return replace(result, files=files), stale

    def filter(self, findings: Iterable[Finding]) -> tuple[list[Finding], int]:
        """(findings the baseline does not accept, number of baseline entries left unused)."""
        left = Counter(self.counts)
        kept = []
        for finding in findings:
            key = self.fingerprint(finding)
            if left[key] > 0 and finding.code not in ALWAYS_REPORTED:
                left[key] -= 1
            else:
                kept.append(finding)
        return kept, sum(left.values())

    @staticmethod
    def write(file: Path, findings: Iterable[Finding], version: str) -> int:
        base = file.parent
        counts: Counter[tuple[str, str, str, str]] = Counter()
        for finding in findings:
            if finding.code in ALWAYS_REPORTED:
                continue  # a crash is never accepted as known
            path = _relative(finding.path, base)
            counts[(finding.fingerprint(path), finding.code, path, finding.place.describe())] += 1
        entries = [
            {"fingerprint": fp, "code": code, "path": path, "where": where, "count": n}
            for (fp, code, path, where), n in sorted(counts.items(), key=lambda kv: (kv[0][2], kv[0][1], kv[0][3]))
        ]
        data = {"version": BASELINE_VERSION, "gklint": version, "entries": entries}
        import json

        file.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return sum(counts.values())
