"""Suggested fixes: GK105 label typos, GK501 amounts in 元, GK302 the period's year.

Every format is fixed with ``gklint check --fix`` and linted again: the fixed findings are gone,
the others stay, and nothing changed outside the fixed text (for DOCX: every other package member
byte for byte). PDF keeps its fixes as suggestions. ``--diff`` changes nothing; SARIF carries them.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from gklint.cli import main
from gklint.config import Layer, Resolver
from gklint.decoding import decode_text
from gklint.fixes import fix_text
from gklint.model import Finding, Fix, Location
from gklint.runner import Linter
from tests.conftest import seed_files
from tests.render.content import ReportContent
from tests.render.docx import render_docx
from tests.render.html import render_html, sample_content
from tests.render.pdf import render_pdf
from tests.render.text import cell_per_line, markdown, pipe_rows, tab_rows
from tests.test_roundtrip import PLUGINS, RULESETS
from tests.test_sarif import validate

FIXED_CODES = {"GK105", "GK302", "GK501"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TYPO = {"本年废止件数": "本年度止件数", "5.属于三类内部事务信息": "5.属于三类内容事务信息"}


def lint(path: Path) -> list[Finding]:
    return list(Linter(PLUGINS, Resolver(RULESETS, Layer("test"))).lint_file(path).findings)


def logical(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.place.describe(), f.message_id) for f in findings)


def flawed_content() -> ReportContent:
    """A consistent synthetic 2023 report with one mistake of each fixable kind."""
    content = sample_content()
    content.preamble[1] = "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。"
    content.values["active"]["fees"]["amount"] = "251000元"
    return content


def _relabelled(text: str) -> str:
    for label, typo in TYPO.items():
        text = text.replace(label, typo, 1)
    return text


TEXT_RENDERERS: dict[str, Callable[[ReportContent], str]] = {
    "cell-per-line": cell_per_line,
    "tab-rows": tab_rows,
    "pipe-rows": pipe_rows,
}
RENDERERS: dict[str, tuple[str, Callable[[ReportContent], bytes]]] = {
    **{
        name: (".txt", lambda c, r=render: _relabelled(r(c)).encode("utf-8"))  # type: ignore[misc]
        for name, render in TEXT_RENDERERS.items()
    },
    "gb18030-crlf": (".txt", lambda c: _relabelled(tab_rows(c)).replace("\n", "\r\n").encode("gb18030")),
    "markdown": (".md", lambda c: _relabelled(markdown(c)).encode("utf-8")),
    "html": (".html", lambda c: render_html(c, "portal", TYPO)),
    "html-plain": (".html", lambda c: render_html(c, "plain", TYPO)),
    "docx": (".docx", lambda c: render_docx(c, False, TYPO)),
    "docx-split": (".docx", lambda c: render_docx(c, True, TYPO)),
}


# --------------------------------------------------------------------------- checking a fixed file


def fix_and_relint(path: Path) -> tuple[list[Finding], list[Finding], bytes]:
    """(findings before, findings after ``--fix``, bytes before)."""
    before_bytes = path.read_bytes()
    before = lint(path)
    assert main(["check", str(path), "--fix", "--exit-zero", "--format", "json", "-o", str(path) + ".json"]) == 0
    return before, lint(path), before_bytes


def assert_only_fixes_applied(path: Path, before_bytes: bytes, fixes: list[Fix]) -> None:
    """The lines that changed are the fixes' lines, each the old line with its fixes made."""
    old = decode_text(before_bytes)[0].splitlines(keepends=True)
    new = decode_text(path.read_bytes())[0].splitlines(keepends=True)
    assert len(old) == len(new)
    expected = list(old)
    for fix in fixes:
        line = fix.location.line
        assert line is not None
        window = range(line - 1, min(line + 3, len(old)))  # HTML text may stand below its tag's line
        at = next(n for n in window if fix.original in expected[n] or _escaped(fix.original) in expected[n])
        form = fix.original if fix.original in expected[at] else _escaped(fix.original)
        expected[at] = expected[at].replace(form, fix.replacement, 1)
    assert new == expected


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx_texts(data: bytes) -> list[str]:
    """The text of every paragraph outside tables and of every table cell (a cell's paragraphs joined)."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    outside = [p for p in root.iter(W + "p") if not any(a.tag == W + "tc" for a in p.iterancestors())]
    return ["".join(t.text or "" for t in el.iter(W + "t")) for el in [*outside, *root.iter(W + "tc")]]


def assert_docx_only_fixes_applied(path: Path, before_bytes: bytes, fixes: list[Fix]) -> None:
    old_zip, new_zip = (zipfile.ZipFile(io.BytesIO(d)) for d in (before_bytes, path.read_bytes()))
    assert [i.filename for i in old_zip.infolist()] == [i.filename for i in new_zip.infolist()]
    for info in old_zip.infolist():
        if info.filename != "word/document.xml":
            assert old_zip.read(info) == new_zip.read(info.filename), info.filename
    expected = docx_texts(before_bytes)
    for fix in fixes:
        at = next(n for n, text in enumerate(expected) if fix.original in text)
        expected[at] = expected[at].replace(fix.original, fix.replacement, 1)
    assert docx_texts(path.read_bytes()) == expected
    assert docx.Document(str(path)).paragraphs, "Word's own object model opens the fixed package"


def assert_fixed(path: Path) -> list[Finding]:
    before, after, before_bytes = fix_and_relint(path)
    fixes = [f.fix for f in before if f.fix is not None]
    fixed = [f for f in before if f.fix is not None]
    assert not [f for f in after if f.fix is not None], "a fixed finding is still reported"
    assert logical(after) == logical([f for f in before if f.fix is None])
    if path.suffix == ".docx":
        assert_docx_only_fixes_applied(path, before_bytes, fixes)
    else:
        assert_only_fixes_applied(path, before_bytes, fixes)
    return fixed


# --------------------------------------------------------------------------- synthetic reports


@pytest.mark.parametrize("layout", sorted(RENDERERS))
def test_synthetic_report_is_fixed_in_every_format(tmp_path: Path, layout: str) -> None:
    suffix, render = RENDERERS[layout]
    path = tmp_path / f"report{suffix}"
    path.write_bytes(render(flawed_content()))
    fixed = assert_fixed(path)
    assert {f.code for f in fixed} == FIXED_CODES
    replacements = {f.code: f.fix.replacement for f in fixed if f.fix}
    assert replacements["GK501"] == "25.1"
    assert "2023年1月1日" in replacements["GK302"] and "2022" not in replacements["GK302"]


def test_pdf_keeps_its_fixes_as_suggestions(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(flawed_content(), labels=TYPO))
    before, after, before_bytes = fix_and_relint(path)
    assert path.read_bytes() == before_bytes
    assert {f.code for f in before if f.fix is not None} >= {"GK302", "GK501"}
    assert logical(after) == logical(before)


def test_diff_shows_the_fixes_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(RENDERERS["tab-rows"][1](flawed_content()))
    data = path.read_bytes()
    assert main(["check", str(path), "--diff"]) == 1
    out = capsys.readouterr().out
    assert path.read_bytes() == data
    assert out.startswith(f"--- {path.as_posix()}\n+++ {path.as_posix()}\n")
    removed = [line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) == 4
    assert any("本年度止件数" in line for line in removed) and any("本年废止件数" in line for line in added)
    assert any("251000元" in line for line in removed) and any("\t25.1" in line for line in added)


def test_clean_report_has_no_fix_and_diff_is_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.txt"
    path.write_text(tab_rows(sample_content()), encoding="utf-8")
    assert all(f.fix is None for f in lint(path))
    assert main(["check", str(path), "--diff"]) == 0
    assert capsys.readouterr().out == ""


def test_period_year_is_not_fixed_when_the_title_does_not_state_it(tmp_path: Path) -> None:
    content = flawed_content()
    content.title = "示例市示例局政府信息公开工作年度报告"
    content.sections[1][0] = "2023年，本局主动公开政府信息300条。"
    path = tmp_path / "report.txt"
    path.write_text(tab_rows(content), encoding="utf-8")
    assert all(f.fix is None for f in lint(path) if f.code == "GK302")


def test_a_reworded_label_is_not_a_typo_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(render_html(sample_content(), "plain", {"本年废止件数": "本年度废止或失效件数"}))
    assert all(f.fix is None for f in lint(path) if f.code == "GK105")


def test_a_fix_whose_text_moved_is_refused() -> None:
    data = "第一行\n本年度止件数\t0\n".encode()
    stale = Fix("本年度止件数", "本年废止件数", Location(line=1, column=1, end_line=1, end_column=7))
    assert fix_text(data, [stale], by_column=True) == (data, 0)
    here = Fix("本年度止件数", "本年废止件数", Location(line=2, column=1, end_line=2, end_column=7))
    assert fix_text(data, [here], by_column=True) == ("第一行\n本年废止件数\t0\n".encode(), 1)


def test_a_finding_with_a_fix_pickles_and_compares_as_before() -> None:
    import pickle

    fix = Fix("元", "万元", Location(line=3, column=2))
    finding = Finding("GK501", "fee-unit", 3, "m", "m", "a.txt", fix=fix)  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(finding)) == finding
    assert pickle.loads(pickle.dumps(finding)).fix == fix


# --------------------------------------------------------------------------- the seeds, SARIF


@pytest.mark.parametrize("seed", seed_files(), ids=lambda p: p.name[:3])
def test_seed_copy_fixed_then_relinted(tmp_path: Path, seed: Path) -> None:
    path = tmp_path / seed.name
    shutil.copyfile(seed, path)
    fixed = assert_fixed(path)
    assert {f.code for f in fixed} <= FIXED_CODES


def sarif_of(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    main(["check", str(path), "--format", "sarif", "--exit-zero"])
    log: dict[str, Any] = json.loads(capsys.readouterr().out)
    return log


@pytest.mark.parametrize("layout", ["tab-rows", "markdown", "html", "docx"])
def test_sarif_carries_the_fixes(tmp_path: Path, capsys: pytest.CaptureFixture[str], layout: str) -> None:
    suffix, render = RENDERERS[layout]
    path = tmp_path / f"report{suffix}"
    path.write_bytes(render(flawed_content()))
    log = sarif_of(path, capsys)
    validate(log)
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] in FIXED_CODES]
    assert {r["properties"]["gklint/fix"]["replacement"] for r in results} >= {"25.1", "本年废止件数"}
    with_fixes = [r for r in results if "fixes" in r]
    if layout == "docx":
        assert not with_fixes  # no text region in a package: the fix stays a property
        return
    assert {r["ruleId"] for r in with_fixes} == FIXED_CODES
    lines = decode_text(path.read_bytes())[0].splitlines()
    for result in with_fixes:
        (change,) = result["fixes"][0]["artifactChanges"]
        (replacement,) = change["replacements"]
        region = replacement["deletedRegion"]
        line = lines[region["startLine"] - 1]
        deleted = line[region["startColumn"] - 1 : region["endColumn"] - 1]
        assert deleted == result["properties"]["gklint/fix"]["original"]
        assert replacement["insertedContent"]["text"] == result["properties"]["gklint/fix"]["replacement"]
