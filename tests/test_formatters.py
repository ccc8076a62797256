"""Every output format over one hand-made mixed run, compared byte for byte with tests/golden/.

The run mixes text, Markdown, PDF (page and bbox), DOCX (element) and whole-document findings, a
Chinese file name with spaces, a third-party plugin's rule, two identical findings, a file that
vanished before rendering, a clean file and a skipped one, and a message holding ``%``, ``:``,
``,`` and a line break. Regenerate the golden files with ``GKLINT_UPDATE_GOLDEN=1 pytest tests/test_formatters.py``.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest

from gklint.cli import main
from gklint.manager import load_plugins
from gklint.plugin import (
    FileResult,
    Finding,
    Formatter,
    Location,
    LogicalPlace,
    Parameter,
    RuleInfo,
    RunResult,
    Severity,
    SourceTraits,
)
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parent / "golden"
FORMATS = ("text", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit")
EXTENSIONS = {"text": "txt", "concise": "txt", "json": "json", "json-lines": "jsonl", "sarif": "sarif",
              "github": "txt", "gitlab": "json", "junit": "xml"}  # fmt: skip

TEXT_NAME = "reports/某区 2023 年报.txt"
PDF_NAME = "reports/年报 2023.pdf"
TEXT_SOURCE = (
    "某区人民政府2023年政府信息公开工作年度报告\n"
    "本报告统计期限自2023年1月1日起至2023年12月31日止。\n"
    "𠀀\t标签错字 | 12 |\n"
    "二、主动公开政府信息情况\n"
    "| 一、本年新收政府信息公开申请数量 | 118 |\n"
)
TRICKY = "占比 100%: 合计, 见下\n第二行"
TRICKY_EN = "ratio 100%: total, see below\nsecond line"


# --------------------------------------------------------------------------- the mixed run


def rule(code: str, name: str, severity: Severity, plugin: str) -> RuleInfo:
    return RuleInfo(
        code=code,
        name=name,
        severity=severity,
        summary=f"{name} 的中文摘要",
        summary_en=f"summary of {name}",
        explanation=f"{code} 的说明。",
        bad_example="本年新收 3，总计 2",
        good_example="本年新收 3，总计 3",
        parameters={"tolerance": Parameter(0, "允许的误差", "allowed difference")} if code == "GK201" else {},
        plugin=plugin,
        distribution="gklint-hunan" if plugin == "hunan" else "gklint",
    )


RULES = {
    info.code: info
    for info in (
        rule("GK002", "unreadable-document", Severity.ERROR, "gklint"),
        rule("GK105", "label-mismatch", Severity.WARNING, "rules_structure"),
        rule("GK107", "blank-cell", Severity.WARNING, "rules_structure"),
        rule("GK108", "not-applicable-cell", Severity.INFO, "rules_structure"),
        rule("GK110", "negative-count", Severity.ERROR, "rules_structure"),
        rule("GK201", "row-total", Severity.ERROR, "rules_totals"),
        rule("GK301", "missing-period", Severity.WARNING, "rules_period"),
        rule("GK401", "carry-over-balance", Severity.ERROR, "rules_carryover"),
        rule("HN101", "hunan-seal", Severity.WARNING, "hunan"),
    )
}


@functools.cache
def reader_sources() -> dict[str, SourceTraits]:
    """What the built-in readers declare of their sources, as a run made by the runner carries it."""
    return {reader.name: reader.traits() for reader, _ in load_plugins().readers}


NEW_TOTAL = LogicalPlace(3, "applications", "new", "total", "一、本年新收政府信息公开申请数量·总计")


def finding(code: str, path: str, location: Location | None = None, **kwargs: object) -> Finding:
    info = RULES[code]
    values: dict[str, object] = {
        "message": f"{code} 的问题",
        "message_en": f"problem of {code}",
        "message_id": "m",
        "plugin": info.plugin,
        **kwargs,
    }
    return Finding(code, info.name, info.severity, path=path, location=location or Location(), **values)  # type: ignore[arg-type]


def mixed_findings() -> dict[str, list[Finding]]:
    page = Location(page=2, bbox=(72.0, 600.5, 300.0, 612.25))
    return {
        "README.md": [],
        "reports/b.md": [finding("GK110", "reports/b.md", Location(line=2))],
        "reports/c.docx": [finding("GK107", "reports/c.docx", Location(element="表格 2 / 行 5 / 列 3"))],
        "reports/clean.md": [],
        "reports/gone.txt": [
            finding("GK105", "reports/gone.txt", Location(line=4, column=2, end_line=4, end_column=5))
        ],
        PDF_NAME: [
            finding("GK108", PDF_NAME, Location(page=1, bbox=(10.0, 20.0, 30.0, 40.0))),
            finding("GK401", PDF_NAME, page, place=NEW_TOTAL, args=(("column", "总计"),)),
            finding("GK401", PDF_NAME, Location(page=3), place=NEW_TOTAL, args=(("column", "总计"),)),
        ],
        TEXT_NAME: [
            finding("GK301", TEXT_NAME, message=TRICKY, message_en=TRICKY_EN, place=LogicalPlace(part=1)),
            finding("HN101", TEXT_NAME, Location(line=1, column=1, end_line=1, end_column=7)),
            finding("GK108", TEXT_NAME, Location(line=2, column=8, end_line=3, end_column=2)),
            finding("GK105", TEXT_NAME, Location(line=3, column=3, end_line=3, end_column=7)),
            finding(
                "GK201",
                TEXT_NAME,
                Location(line=5, column=22, end_line=5, end_column=25),
                place=NEW_TOTAL,
                expected="119",
                actual="118",
            ),
        ],
    }


FORMAT_OF = {".md": "markdown", ".txt": "text", ".pdf": "pdf", ".docx": "docx"}


def mixed_run(lang: str = "zh") -> RunResult:
    files = []
    for path, findings in sorted(mixed_findings().items()):
        skipped = "不是年度报告 / not an annual report" if path == "README.md" else ""
        fmt = FORMAT_OF[Path(path).suffix]
        files.append(FileResult(path, tuple(sorted(findings, key=Finding.sort_key)), fmt, skipped=skipped))
    return RunResult(tuple(files), RULES, "0.1.0", lang=lang, sources=reader_sources())


def clean_run() -> RunResult:
    return RunResult((FileResult("reports/clean.md", (), "markdown"),), RULES, "0.1.0", sources=reader_sources())


def make_workspace(root: Path) -> Path:
    """A repository holding the files of the mixed run (not the PDF, DOCX, or the vanished file)."""
    (root / ".git").mkdir(parents=True)
    (root / "reports").mkdir()
    (root / TEXT_NAME).write_text(TEXT_SOURCE, encoding="utf-8")
    (root / "reports/b.md").write_text("# 标题\n| 合计 | -3 |\n", encoding="utf-8")
    (root / "reports/clean.md").write_text("# 报告\n", encoding="utf-8")
    (root / "README.md").write_text("# readme\n", encoding="utf-8")
    return root


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_workspace(tmp_path / "repo")
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="module")
def formatters() -> dict[str, Formatter]:
    plugins = load_plugins()
    return {name: formatter for name, (formatter, _) in plugins.formatters.items()}


# --------------------------------------------------------------------------- golden files


def check_golden(name: str, output: str) -> None:
    path = GOLDEN / name
    data = output.encode("utf-8")
    if os.environ.get("GKLINT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"{path} is missing: run with GKLINT_UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"{name} differs from the golden file (GKLINT_UPDATE_GOLDEN=1 regenerates)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_mixed(fmt: str, formatters: dict[str, Formatter], workspace: Path) -> None:
    output = formatters[fmt].render(mixed_run())
    check_golden(f"mixed.{fmt}.{EXTENSIONS[fmt]}", output)
    assert output == formatters[fmt].render(mixed_run()), "two renders differ"
    assert not output.startswith("\ufeff") and "\r" not in output
    assert str(workspace) not in output, "an absolute machine path leaked into the output"


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_clean(fmt: str, formatters: dict[str, Formatter], workspace: Path) -> None:
    check_golden(f"clean.{fmt}.{EXTENSIONS[fmt]}", formatters[fmt].render(clean_run()))


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "sarif"])
def test_golden_english(fmt: str, formatters: dict[str, Formatter], workspace: Path) -> None:
    output = formatters[fmt].render(mixed_run("en"))
    check_golden(f"mixed-en.{fmt}.{EXTENSIONS[fmt]}", output)
    assert "ratio 100%" in output or "ratio 100%25" in output


# --------------------------------------------------------------------------- per-format properties


def test_text_snippet_caret_sits_under_the_span_despite_tabs_and_wide_characters(
    formatters: dict[str, Formatter], workspace: Path
) -> None:
    lines = formatters["text"].render(mixed_run()).splitlines()
    head = lines.index(f"{TEXT_NAME}:3:3: GK105 [warning] GK105 的问题")
    source, caret = lines[head + 1], lines[head + 2]
    assert source == " 3 | 𠀀    标签错字 | 12 |"
    # 𠀀 is two cells wide and the tab four: the carets start under 标 and cover four wide characters
    assert caret == "   | " + " " * 6 + "^" * 8


def test_text_omits_the_snippet_of_a_vanished_or_changed_file(
    formatters: dict[str, Formatter], workspace: Path
) -> None:
    output = formatters["text"].render(mixed_run())
    assert "reports/gone.txt:4:2: GK105" in output
    following = output.split("reports/gone.txt:4:2: GK105 [warning] GK105 的问题\n", 1)[1]
    assert not following.startswith(" 4 |")
    (workspace / TEXT_NAME).write_text("只剩一行\n", encoding="utf-8")
    changed = formatters["text"].render(mixed_run())
    assert "5:22: GK201" in changed and " 5 |" not in changed


def test_text_shows_pdf_pages_docx_elements_and_the_skipped_file(
    formatters: dict[str, Formatter], workspace: Path
) -> None:
    output = formatters["text"].render(mixed_run())
    assert f"{PDF_NAME}:p.2: GK401 [error]" in output
    assert "reports/c.docx:表格 2 / 行 5 / 列 3: GK107 [warning]" in output
    assert f"{TEXT_NAME}: GK301 [warning] 占比 100%: 合计, 见下 第二行" in output
    assert "跳过 1 个不是年度报告的文件：README.md" in output


def test_concise_is_one_line_per_finding_and_a_count(formatters: dict[str, Formatter], workspace: Path) -> None:
    run = mixed_run()
    lines = formatters["concise"].render(run).splitlines()
    assert len(lines) == len(list(run.findings)) + 1
    assert lines[-1] == "共发现 11 项问题。"


def test_json_lines_records_equal_the_json_findings(formatters: dict[str, Formatter], workspace: Path) -> None:
    run = mixed_run()
    whole = json.loads(formatters["json"].render(run))["findings"]
    lines = [json.loads(line) for line in formatters["json-lines"].render(run).splitlines()]
    assert lines == whole
    assert all(list(a) == list(b) for a, b in zip(lines, whole)), "key order differs"


def test_github_escapes_data_and_properties(formatters: dict[str, Formatter], workspace: Path) -> None:
    lines = formatters["github"].render(mixed_run()).splitlines()
    tricky = next(line for line in lines if "GK301" in line)
    assert tricky == (f"::warning file={TEXT_NAME},title=GK301 missing-period::占比 100%25: 合计, 见下%0A第二行")
    multi = next(line for line in lines if "GK108" in line and "line=" in line)
    assert "line=2,endLine=3," in multi and "col=" not in multi and "endColumn" not in multi
    single = next(line for line in lines if "GK105" in line and TEXT_NAME in line)
    assert "line=3,col=3,endLine=3,endColumn=7," in single
    pdf = next(line for line in lines if "GK401" in line)
    assert pdf.startswith(f"::error file={PDF_NAME},title=") and "::第 2 页：" in pdf
    assert {line.split(" ", 1)[0] for line in lines if "GK108" in line} == {"::notice"}
    assert len([line for line in lines if line.startswith("::")]) == 11


def test_github_escape_property_covers_colon_comma_percent_and_newlines() -> None:
    from gklint.formatters.github import escape_data, escape_property

    assert escape_property("a:b,c%d\r\ne") == "a%3Ab%2Cc%25d%0D%0Ae"
    assert escape_data("a:b,c%d\r\ne") == "a:b,c%25d%0D%0Ae"


def test_gitlab_items_have_every_required_field(formatters: dict[str, Formatter], workspace: Path) -> None:
    items = json.loads(formatters["gitlab"].render(mixed_run()))
    assert isinstance(items, list) and len(items) == 11
    assert len({i["fingerprint"] for i in items}) == len(items)
    for item in items:
        assert item["description"] and item["check_name"] and item["fingerprint"]
        assert item["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(item["location"]["lines"]["begin"], int) and item["location"]["lines"]["begin"] >= 1
        assert not item["location"]["path"].startswith("/") and "%" not in item["location"]["path"]
    assert json.loads(formatters["gitlab"].render(clean_run())) == []
    first = {(i["check_name"], i["location"]["path"]): i["fingerprint"] for i in reversed(items)}
    for f in mixed_run().findings:
        assert first[(f.code, f.path)] == f.fingerprint(f.path), "the first of a kind is the baseline's fingerprint"


def test_gitlab_fingerprints_do_not_depend_on_lines(formatters: dict[str, Formatter], workspace: Path) -> None:
    moved = mixed_run()
    shifted = RunResult(
        tuple(FileResult(r.path, tuple(_shift(f) for f in r.findings), r.format, r.skipped) for r in moved.files),
        moved.rules,
        moved.tool_version,
        sources=moved.sources,
    )
    before = [i["fingerprint"] for i in json.loads(formatters["gitlab"].render(moved))]
    after = [i["fingerprint"] for i in json.loads(formatters["gitlab"].render(shifted))]
    assert before == after


def _shift(f: Finding) -> Finding:
    loc = f.location
    if loc.line is None:
        return f
    end = None if loc.end_line is None else loc.end_line + 7
    return replace(f, location=Location(loc.line + 7, loc.column, end, loc.end_column))


def test_junit_counts_add_up(formatters: dict[str, Formatter], workspace: Path) -> None:
    root = ET.fromstring(formatters["junit"].render(mixed_run()).encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [r.path for r in mixed_run().files if not r.skipped]
    for suite in suites:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == len([c for c in cases if c.find("failure") is not None])
    assert int(root.get("tests", "-1")) == sum(int(s.get("tests", "0")) for s in suites)
    assert int(root.get("failures", "-1")) == 11
    clean = ET.fromstring(formatters["junit"].render(RunResult((), RULES, "0.1.0")).encode("utf-8"))
    assert clean.get("tests") == "1" and clean.get("failures") == "0"
    assert clean.find("testsuite/testcase").get("name") == "No errors found"  # type: ignore[union-attr]


# --------------------------------------------------------------------------- agreement on a real run


Triple = tuple[str, int, str]
LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):\d+: (?P<code>[A-Z]+\d+) \[")


def triples(fmt: str, text: str) -> set[Triple]:
    return set(_parse(fmt, text))


def _parse(fmt: str, text: str) -> Iterator[Triple]:
    if fmt in ("text", "concise"):
        for line in text.splitlines():
            match = LINE.match(line)
            if match:
                yield match["path"], int(match["line"]), match["code"]
    elif fmt in ("json", "json-lines"):
        records = json.loads(text)["findings"] if fmt == "json" else [json.loads(x) for x in text.splitlines()]
        yield from ((r["path"], r["line"], r["code"]) for r in records)
    elif fmt == "sarif":
        for result in json.loads(text)["runs"][0]["results"]:
            physical = result["locations"][0]["physicalLocation"]
            yield unquote(physical["artifactLocation"]["uri"]), physical["region"]["startLine"], result["ruleId"]
    elif fmt == "github":
        for line in text.splitlines():
            match = re.match(r"^::\w+ file=(.+?),line=(\d+),.*title=(\w+) ", line)
            if match:
                yield match[1], int(match[2]), match[3]
    elif fmt == "gitlab":
        yield from ((i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in json.loads(text))
    elif fmt == "junit":
        for suite in ET.fromstring(text.encode("utf-8")).iter("testsuite"):
            for case in suite.iter("testcase"):
                if case.find("failure") is not None:
                    yield suite.get("name", ""), int(case.get("line", "0")), case.get("name", "").rsplit(".", 1)[-1]


@pytest.fixture
def report_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the examples, one of them under a Chinese name with spaces."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "reports").mkdir()
    for source in EXAMPLES.iterdir():
        (root / "reports" / source.name).write_bytes(source.read_bytes())
    (root / "reports" / "样例 年报 2023.txt").write_bytes((EXAMPLES / "mistakes-2023.txt").read_bytes())
    monkeypatch.chdir(root)
    return root


def test_all_formats_agree_on_a_real_run(report_dir: Path) -> None:
    base = ["check", "reports", "--format", "concise", "--output-file", "out/first"]
    argv = base + [arg for fmt in FORMATS for arg in ("--report", f"{fmt}:out/{fmt}")]
    code = main(argv)
    assert code in (1, 2)  # findings (2 only while a plugin of the working tree fails to load)
    found = {fmt: triples(fmt, (report_dir / "out" / fmt).read_text(encoding="utf-8")) for fmt in FORMATS}
    expected = found["json"]
    assert len(expected) >= 8 and any(p == "reports/样例 年报 2023.txt" for p, _, _ in expected)
    for fmt, got in found.items():
        assert got == expected, fmt
    for fmt in FORMATS:
        first = (report_dir / "out" / fmt).read_bytes()
        main([*base, "--report", f"{fmt}:out/again"])
        assert (report_dir / "out" / "again").read_bytes() == first, f"{fmt} is not deterministic"


# --------------------------------------------------------------------------- third-party formatters

SHOUT = """
from gklint.plugin import Formatter, hookimpl

class Shout(Formatter):
    name = "shout"
    description = "every finding in capitals"
    file_extension = ".txt"

    def render(self, run):
        return "".join(f"{f.code} {f.path.upper()}\\n" for f in run.findings) or "ALL CLEAN\\n"

@hookimpl
def gklint_formatters():
    return [Shout()]
"""


def install(site: Path, dist: str, module: str, source: str) -> None:
    """A throwaway distribution: the module and a dist-info folder whose entry point joins group gklint."""
    site.mkdir(parents=True, exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[gklint]\nshout = {module}\n", encoding="utf-8")


def gklint(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(Path(__file__).resolve().parents[1])])}
    return subprocess.run(
        [sys.executable, "-m", "gklint", *args], capture_output=True, text=True, env=env, encoding="utf-8"
    )


def test_a_third_party_formatter_is_listed_and_usable(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "gklint-shout", "shout_formatter", SHOUT)

    listed = gklint(site, "formats")
    assert re.search(r"^shout\s.*every finding in capitals", listed.stdout, re.M), listed.stdout
    for builtin in FORMATS:
        assert re.search(rf"^{re.escape(builtin)}\s", listed.stdout, re.M)

    used = gklint(site, "check", str(EXAMPLES / "mistakes-2023.txt"), "--format", "shout")
    assert "GK401 " in used.stdout and "MISTAKES-2023.TXT" in used.stdout
    assert used.returncode in (1, 2), used.stderr

    unknown = gklint(site, "check", str(EXAMPLES / "clean-2023.md"), "--format", "nosuch")
    assert unknown.returncode == 2 and "shout" in unknown.stderr
