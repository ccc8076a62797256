"""``gklint.testing.cross_year_gaps``: a plugin author's check that a cross-year rule declares in
``compares`` everything it reads, on real runs of gklint's own and a province-style rule."""

from __future__ import annotations

import random
from types import SimpleNamespace

from gklint.manager import Plugins, load_plugins
from gklint.model import Report
from gklint.plugin import Compared, Finding, Rule, RuleContext, TableKey, hookimpl
from gklint.testing import cross_year_gaps, cross_year_lint
from tests.render.synth import consistent_values, make_content
from tests.render.text import pipe_rows

AGENCY = "示例县示例局"
CARRIED = (TableKey.APPLICATIONS, "carried_over", "total")
WITHHELD = (TableKey.APPLICATIONS, "withheld.1", "total")


def _years(seed: int) -> list[str]:
    """One agency's 2022 and 2023 reports with independent values (so the years disagree)."""
    rng = random.Random(seed)
    return [pipe_rows(make_content(consistent_values(rng, busy=0.9), year, AGENCY)) for year in (2022, 2023)]


class _SameWithheld(Rule):
    """A province-style cross-year rule: 'withheld' unchanged from the year before. ``reads`` is the
    cell it compares; ``compares`` what it declares."""

    code = "ZZ602"
    name = "same-withheld"
    history = True
    reads = WITHHELD
    messages = {"changed": ("与上一年度不同：{value}", "not the same as last year: {value}")}

    def check(self, report: Report, ctx: RuleContext) -> list[Finding]:
        previous = ctx.previous(report)
        now = report.cell(*self.reads)
        before = previous.cell(*self.reads) if previous is not None else None
        if now is None or before is None or now.raw == before.raw:
            return []
        return [ctx.at_cell(now, "changed", value=now.raw)]


class _DeclaresAnotherCell(_SameWithheld):
    compares = Compared(cells=(CARRIED,))


class _DeclaresItsCell(_SameWithheld):
    compares = Compared(cells=(WITHHELD,))


def _plugins_with(rule: type[Rule]) -> Plugins:
    return load_plugins(extra=[("province", SimpleNamespace(gklint_rules=hookimpl(lambda: [rule])))])


def test_gklint_own_cross_year_rules_declare_what_they_read() -> None:
    found: set[str] = set()
    for seed in range(6):
        texts = _years(seed)
        assert cross_year_gaps(texts, select="GK6") == []
        found |= {finding.code for finding in cross_year_lint(texts, select="GK6")}
    assert found >= {"GK601", "GK603"}, "the rules had something to find"


def test_a_rule_reading_a_cell_it_did_not_declare_is_named() -> None:
    texts = _years(3)
    assert [f.code for f in cross_year_lint(texts, select="ZZ602", plugins=_plugins_with(_SameWithheld))] == ["ZZ602"]
    gaps = cross_year_gaps(texts, select="ZZ602", plugins=_plugins_with(_DeclaresAnotherCell))
    assert gaps and all("only on whole reports" in gap and "ZZ602" in gap for gap in gaps)


def test_a_rule_declaring_its_cell_has_no_gaps() -> None:
    assert cross_year_gaps(_years(3), select="ZZ602", plugins=_plugins_with(_DeclaresItsCell)) == []


def test_a_rule_declaring_nothing_sees_whole_reports_both_ways() -> None:
    assert cross_year_gaps(_years(3), select="ZZ602", plugins=_plugins_with(_SameWithheld)) == []
