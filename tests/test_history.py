"""The run's store of reports for the cross-year rules: records on disk, an index in memory."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest

from gklint.config import Layer, Resolver
from gklint.history import Facts, History
from gklint.model import Report
from gklint.runner import Linter
from gklint.testing import _plugins, base_report


def _report(tmp_path: Path, name: str, year: int, agency: str = "示例市示例局") -> Report:
    text = base_report().replace("2023", str(year)).replace("示例市示例局", agency)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    plugins = _plugins()
    rulesets = {n: p for n, (p, _) in plugins.rulesets.items()}
    linter = Linter(plugins, Resolver(rulesets, Layer("test")))
    outcome = linter.examine(path, keep_report=True)
    assert outcome.facts is not None
    return outcome.facts.report()


@pytest.fixture
def reports(tmp_path: Path) -> dict[str, Report]:
    return {
        "b-2022": _report(tmp_path, "b-2022.md", 2022),
        "a-2022": _report(tmp_path, "a-2022.md", 2022),
        "2023": _report(tmp_path, "z-2023.md", 2023),
    }


def test_the_year_before_is_the_first_report_of_it_by_path_whatever_the_order(reports: dict[str, Report]) -> None:
    for order in (["b-2022", "a-2022"], ["a-2022", "b-2022"]):
        history = History(reports[name] for name in order)
        previous = history.previous(reports["2023"])
        assert previous is not None and previous.path.endswith("a-2022.md")
        history.close()


def test_facts_handed_back_carry_no_bytes_and_unpack_from_the_store(reports: dict[str, Report]) -> None:
    history = History(keep=1)  # every unpack past the first reads the spill file again
    kept = [history.add(report) for report in reports.values()]
    assert all(facts.packed == b"" for facts in kept)
    for facts, report in zip(kept, reports.values()):
        assert history.unpack(facts).path == report.path
        assert history.unpack(facts).year == report.year
    history.close()


def test_a_report_added_twice_is_one_report_of_its_year(reports: dict[str, Report]) -> None:
    history = History()
    first = history.add(Facts.of(reports["2023"]))
    second = history.add(Facts.of(reports["2023"]))
    assert first.digest == second.digest and len(history) == 1
    assert history.previous_digest(dataclasses.replace(first, key=(first.key[0], first.key[1] + 1)).key) == first.digest  # type: ignore[index]
    history.close()


def test_facts_without_bytes_cannot_be_added(reports: dict[str, Report]) -> None:
    history = History()
    with pytest.raises(ValueError):
        history.add(dataclasses.replace(Facts.of(reports["2023"]), packed=b""))
    history.close()


def test_a_store_past_its_memory_share_moves_to_a_file_and_keeps_every_report(
    reports: dict[str, Report], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gklint.history

    monkeypatch.setattr(gklint.history, "IN_MEMORY", 1)  # the second report already goes to disk
    history = History(keep=1)
    kept = []
    for report in [*reports.values(), *reports.values()]:  # each read back before the next is added
        kept.append(history.add(report))
        assert history.unpack(kept[0]).path == kept[0].path and history.unpack(kept[-1]).path == report.path
    assert history._settled and not isinstance(history._spill.file, io.BytesIO)
    assert [history.unpack(facts).path for facts in reversed(kept)] == [r.path for r in reports.values()][::-1] * 2
    assert [history.packed(facts.record) for facts in kept[: len(reports)]] == [
        Facts.of(r).packed for r in reports.values()
    ]
    history.close()
