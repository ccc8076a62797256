"""Run settings and rule selection.

Selection follows flake8 and ruff: ``select`` and ``ignore`` take codes or prefixes (``GK2``,
``GK401``, ``HN``); for each code the longest matching entry decides, and ``ignore`` wins a tie.
An empty ``select`` selects every rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gklint.model import Severity


class ConfigError(Exception):
    """Invalid configuration or usage: exit code 2."""


def _longest(code: str, prefixes: Sequence[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, Severity] = field(default_factory=dict)  # code or prefix -> severity
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # code -> rule options
    fail_on: Severity | None = Severity.ERROR  # None: never fail on findings
    lang: str = "zh"
    jobs: int = 0  # 0: automatic

    def selects(self, code: str) -> bool:
        chosen = _longest(code, self.select) if self.select else 0
        if chosen < 0:
            return False
        return _longest(code, self.ignore) < chosen

    def severity_of(self, code: str, default: Severity) -> Severity:
        best = max((p for p in self.severities if code.startswith(p)), key=len, default=None)
        return self.severities[best] if best is not None else default

    def fails(self, severity: Severity) -> bool:
        return self.fail_on is not None and severity >= self.fail_on


def parse_codes(values: Sequence[str] | None) -> tuple[str, ...]:
    """``["GK1,GK2", "GK401"]`` -> ``("GK1", "GK2", "GK401")``, upper-cased, validated."""
    codes: list[str] = []
    for value in values or ():
        for part in value.split(","):
            part = part.strip().upper()
            if not part:
                continue
            if not part.isalnum():
                raise ConfigError(f"not a rule code or prefix: {part!r}")
            codes.append(part)
    return tuple(codes)
