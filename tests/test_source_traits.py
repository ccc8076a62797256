"""Formatters ask what a file's reader declared of its sources; they know no reader by name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gklint.manager import load_plugins
from gklint.plugin import FileResult, Finding, Location, RunResult, Severity, SourceTraits

SOURCE = "第一行\n一、本年新收政府信息公开申请数量 | 3\n"


def run_of(fmt: str, sources: dict[str, SourceTraits], root: Path) -> RunResult:
    (root / "r.rpt").write_text(SOURCE, encoding="utf-8")
    finding = Finding("GK201", "row-total", Severity.ERROR, "问题", "problem", "r.rpt", Location(line=2, column=1))
    return RunResult((FileResult("r.rpt", (finding,), fmt),), {}, "0", root=str(root), sources=sources)


def render(name: str, run: RunResult) -> str:
    return load_plugins().formatters[name][0].render(run)


def test_every_built_in_reader_declares_its_sources() -> None:
    traits = {reader.name: reader.traits() for reader, _ in load_plugins().readers}
    assert {name for name, t in traits.items() if t.line_based} == {"text", "markdown", "html"}
    assert {name for name, t in traits.items() if t.paged} == {"pdf"}
    assert all(t.mime_type for t in traits.values())


@pytest.mark.parametrize("line_based", [True, False])
def test_the_text_formatter_quotes_the_line_only_for_a_line_based_reader(line_based: bool, tmp_path: Path) -> None:
    run = run_of("plain", {"plain": SourceTraits(line_based=line_based)}, tmp_path)
    assert ("一、本年新收政府信息公开申请数量 | 3" in render("text", run)) is line_based


def test_a_reader_named_like_a_built_in_one_gets_nothing_it_did_not_declare(tmp_path: Path) -> None:
    run = run_of("text", {}, tmp_path)
    assert "一、本年新收" not in render("text", run)


def test_sarif_takes_region_and_mime_type_from_the_declaration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    declared = SourceTraits(line_based=True, mime_type="text/x-report")
    log = json.loads(render("sarif", run_of("plain", {"plain": declared}, tmp_path)))
    result = log["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert log["runs"][0]["artifacts"][0]["mimeType"] == "text/x-report"
    paged = json.loads(render("sarif", run_of("plain", {"plain": SourceTraits(paged=True)}, tmp_path)))
    assert "region" not in paged["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert "mimeType" not in paged["runs"][0]["artifacts"][0]
