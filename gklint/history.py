"""Reports of other years, for the cross-year rules (GK6xx).

Reports are matched by a normalised agency name and the report year: the reports linted in the
same run, plus those found under ``--history DIR``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gklint.model import Report
from gklint.text import normalize_label

_NOISE = re.compile(r"[\"“”《》()（）〔〕]")


def agency_key(name: str) -> str:
    """A comparable agency name: folded, no spaces or brackets, 人民政府 and 政府 alike."""
    return _NOISE.sub("", normalize_label(name)).replace("人民政府", "政府")


class History:
    """Bound reports by (agency, year)."""

    def __init__(self, reports: Iterable[Report]) -> None:
        self._reports: dict[tuple[str, int], Report] = {}
        for report in sorted(reports, key=lambda r: r.path):
            if report.agency and report.year:
                self._reports.setdefault((agency_key(report.agency), report.year), report)

    def __len__(self) -> int:
        return len(self._reports)

    def previous(self, report: Report) -> Report | None:
        """The same agency's report of the year before, if the run knows it."""
        if not report.agency or not report.year:
            return None
        return self._reports.get((agency_key(report.agency), report.year - 1))
