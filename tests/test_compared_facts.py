"""A run keeps of each report only what its cross-year rules compare (``Rule.compares``).

The cross-year rules must find on those cut-down reports exactly what they find on whole ones, a
province's history rule that declares nothing must still see whole reports, and ``gklint extract``
(which reads every cell) must never be answered from a cache entry that a check made cut down.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from gklint.cache import Cache
from gklint.config import Layer, Resolver
from gklint.discovery import discover
from gklint.engine import check_report
from gklint.history import Facts, History
from gklint.manager import load_plugins
from gklint.model import Report
from gklint.plugin import Compared, Finding, Rule, RuleContext, TableKey, hookimpl
from gklint.rule import Compared as RuleCompared
from gklint.runner import Linter
from gklint.testing import _plugins
from tests.render.synth import consistent_values, make_content
from tests.render.text import pipe_rows

AGENCY = "示例市示例局"
PROSE = {
    1: ["本年度本局坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。",
        "全年通过门户网站主动公开政府信息一百余条，及时回应社会关切。",
        "依申请公开工作由办公室统一登记、分办和答复，没有超过法定期限的情形。",
        "对本机关历年规范性文件开展清理，并在网站集中公布清理结果。"],
    5: ["存在的问题是政策解读的针对性还需要增强，公开目录的更新还不够及时。",
        "下一步将建立公开目录季度更新机制，并针对企业关心的问题开展专题解读。"],
}  # fmt: skip


def _linter(plugins: Any = None, select: tuple[str, ...] | None = None) -> Linter:
    plugins = plugins or _plugins()
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    return Linter(plugins, Resolver(rulesets, Layer("test", select=select)))


def _pair(folder: Path, seed: int) -> list[Path]:
    """One agency's 2022 and 2023 reports with values drawn independently (so carry-over, stock and
    jumps disagree at random) and the prose copied or not."""
    rng = random.Random(seed)
    paths = []
    for year in (2022, 2023):
        values = consistent_values(rng, busy=rng.choice((0.2, 0.5, 0.9)))
        if rng.random() < 0.3:
            values["active"]["fees"]["amount"] = str(rng.choice((0, 12, 3500)))
        content = make_content(values, year, AGENCY)
        if rng.random() < 0.5 or year == 2022:
            content.sections.update(PROSE)
        path = folder / f"{seed:03d}-{year}.txt"
        path.write_text(pipe_rows(content), encoding="utf-8")
        paths.append(path)
    return paths


def _view(finding: Finding) -> tuple[Any, ...]:
    return finding.code, finding.path, finding.location, finding.place, finding.message, finding.message_en


def _cross_year(linter: Linter, reports: list[Report], compared: Compared | None) -> list[tuple[Any, ...]]:
    """The cross-year findings of ``reports`` compared with each other, each kept as ``compared`` says."""
    rules = [active for active in linter.active_rules(linter.resolver.settings_for(reports[0].path))]
    history = History()
    kept = [history.add(Facts.of(report, compared)) for report in reports]
    found = [_view(f) for facts in kept for f in check_report(history.unpack(facts), rules, history)]
    history.close()
    return found


def test_the_cross_year_rules_find_on_what_they_compare_what_they_find_on_whole_reports(tmp_path: Path) -> None:
    linter = _linter()
    compared = linter.compared()
    assert compared is not None, "gklint's own cross-year rules say what they compare"
    paths = [path for seed in range(24) for path in _pair(tmp_path, seed)]
    reports = [linter.examine(path, keep_report=True).report for path in paths]
    assert all(report is not None and report.year for report in reports)

    whole = _cross_year(linter, [r for r in reports if r is not None], None)
    cut_down = _cross_year(linter, [r for r in reports if r is not None], compared)

    assert cut_down == whole
    assert {view[0] for view in whole} == {"GK601", "GK602", "GK603", "GK604"}, "every rule had something to find"


def test_what_is_compared_is_a_fraction_of_the_report(tmp_path: Path) -> None:
    linter = _linter()
    report = linter.examine(_pair(tmp_path, 1)[1], keep_report=True).report
    assert report is not None
    whole, cut_down = Facts.of(report), Facts.of(report, linter.compared())
    assert len(cut_down.packed) * 2 < len(whole.packed)
    kept = cut_down.report()
    assert (kept.agency, kept.year, kept.path, kept.template) == (
        report.agency,
        report.year,
        report.path,
        report.template,
    )
    assert sorted(kept.sections) == [1, 5] and kept.sections[1].text == report.sections[1].text
    assert kept.cell(TableKey.APPLICATIONS, "carried_out", "total") == report.cell(
        TableKey.APPLICATIONS, "carried_out", "total"
    )
    assert kept.cell(TableKey.APPLICATIONS, "withheld.1", "total") is None  # not compared, not kept
    assert kept.balances == {} and kept.notes == ()


class _SeesEverything(Rule):
    """A province's cross-year rule that declares nothing: it may read any cell of either year."""

    code = "ZZ601"
    name = "sees-everything"
    history = True
    messages = {"same": ("与上一年度相同：{value}", "the same as last year: {value}")}

    def check(self, report: Report, ctx: RuleContext) -> list[Finding]:
        previous = ctx.previous(report)
        key = (TableKey.APPLICATIONS, "withheld.1", "total")
        now, before = report.cell(*key), previous.cell(*key) if previous is not None else None
        if now is None or before is None:
            return []
        return [ctx.at_cell(now, "same", value=now.raw)]


def test_a_history_rule_that_declares_nothing_keeps_whole_reports(tmp_path: Path) -> None:
    province = SimpleNamespace(gklint_rules=hookimpl(lambda: [_SeesEverything]))
    linter = _linter(load_plugins(extra=[("province", province)]), select=("GK6", "ZZ601"))
    assert linter.compared() is None
    paths = _pair(tmp_path, 5)
    run = linter.run([str(path) for path in paths])
    assert [f.code for r in run.files for f in r.findings if f.code == "ZZ601"] == ["ZZ601"]


def test_declarations_add_up() -> None:
    one = RuleCompared(cells=(("a", "r", None),), parts=(5,))
    two = RuleCompared(cells=(("a", "r", None), ("b", "s", "t")), parts=(1, 5))
    assert one | two == RuleCompared(cells=(("a", "r", None), ("b", "s", "t")), parts=(1, 5))


def test_a_whole_report_is_never_answered_from_an_entry_kept_cut_down(tmp_path: Path) -> None:
    """``examine_all(keep_report=True)`` (``gklint extract``, a library caller) reads every cell: an
    entry a check made with only the compared cells must not answer it."""
    paths = _pair(tmp_path, 7)
    cached = dataclasses.replace(_linter(), cache=Cache.for_versions(tmp_path / "cache", [("test", "1")]))
    targets = discover([str(tmp_path)], cached.suffixes())
    history = History()
    checked = cached.examine_all(targets, history=history)
    history.close()
    assert all(outcome.facts is not None for outcome in checked), "the check kept cut-down facts in the cache"
    whole = [_linter().examine(path, keep_report=True).report for path in paths]
    for _ in range(2):  # the second time from the entries the first one made
        reports = [outcome.report for outcome in cached.examine_all(targets, keep_report=True)]
        assert [len(list(r.tables["applications"].cells())) for r in reports if r is not None] == [
            len(list(r.tables["applications"].cells())) for r in whole if r is not None
        ]
        assert all(r is not None and r.balances for r in reports)
