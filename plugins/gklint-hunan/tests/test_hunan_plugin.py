"""The Hunan plugin as users meet it: installed, listed, opt-in through its ruleset, gone when removed.

The rule cases themselves are the YAML files beside this one (``rules_hunan_*.yaml``, run by
``gklint.testing``); these tests cover what a YAML case cannot: the command line, the seeds,
messages, crashes, imports and uninstalling.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path

import pytest
from gklint_hunan.deadline import is_township

from gklint.plugin import Finding
from gklint.testing import base_report, load_cases

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "gklint_hunan"
# plugins/gklint-hunan/tests -> the repository -> the folder beside it that holds shared/seeds.
SEEDS = TESTS.parents[2].parent / "shared" / "seeds"
HUNAN_SEEDS = ("000", "001", "003")  # 湘乡市's reports

Lint = Callable[..., list[Finding]]
TOWNSHIP = base_report().replace("# 示例市示例局2023年", "# 示例县示例镇人民政府2023年")
SILENT_SECTION_SIX = base_report().replace("本局2023年度未收取信息处理费。", "无。")


def gklint(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gklint", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd
    )


def json_findings(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert result.stdout, result.stderr
    return list(json.loads(result.stdout)["findings"])


def codes(findings: list[dict[str, object]], prefix: str = "HN") -> list[str]:
    return [str(f["code"]) for f in findings if str(f["code"]).startswith(prefix)]


@pytest.fixture
def report_folder(tmp_path: Path) -> Path:
    """A folder of its own (a .git marker stops the search for .gklint.yaml at it)."""
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_the_plugin_is_installed() -> None:
    try:
        dist = importlib.metadata.distribution("gklint-hunan")
    except importlib.metadata.PackageNotFoundError:
        pytest.fail("gklint-hunan is not installed: python -m pip install -e plugins/gklint-hunan")
    assert [ep.value for ep in dist.entry_points if ep.group == "gklint"] == ["gklint_hunan"]


# --------------------------------------------------------------------------- listings


def test_rules_rulesets_and_plugins_list_the_plugin() -> None:
    rules = {r["code"]: r for r in json.loads(gklint("rules", "--format", "json").stdout)}
    assert rules["HN001"]["plugin"] == rules["HN002"]["plugin"] == "hunan"
    assert rules["HN001"]["severity"] == "info" and rules["HN002"]["severity"] == "warning"

    rulesets = gklint("rulesets").stdout
    assert any(line.startswith("hunan ") and "gklint_hunan" in line for line in rulesets.splitlines())

    plugins = gklint("plugins").stdout
    assert any(line.split()[:3] == ["hunan", "gklint-hunan", "0.1.0"] for line in plugins.splitlines())


def test_rule_explains_itself_with_its_parameters() -> None:
    text = gklint("rule", "HN002").stdout
    assert "deadline = '01-31'" in text and "published = ''" in text and "条例第四十九条" in text


# --------------------------------------------------------------------------- opt-in selection


def test_hn_rules_run_only_when_the_hunan_ruleset_or_select_asks(report_folder: Path) -> None:
    report = report_folder / "report.md"
    report.write_text(SILENT_SECTION_SIX, encoding="utf-8")

    national = gklint("check", str(report), "--format", "json")
    hunan = gklint("check", str(report), "--format", "json", "--ruleset", "hunan")
    selected = gklint("check", str(report), "--format", "json", "--select", "GK,HN")

    assert codes(json_findings(national)) == []
    assert codes(json_findings(hunan)) == codes(json_findings(selected)) == ["HN001"]
    # The hunan ruleset adds to the national checks; it takes none away.
    assert codes(json_findings(hunan), "GK") == codes(json_findings(national), "GK") == ["GK503"]
    assert hunan.returncode == national.returncode == 0  # info and warning do not fail the run


def test_the_fixture_applies_the_ruleset_too(gklint_lint: Lint) -> None:
    assert [f.code for f in gklint_lint(SILENT_SECTION_SIX) if f.code.startswith("HN")] == []
    assert [f.code for f in gklint_lint(SILENT_SECTION_SIX, ruleset="hunan") if f.code.startswith("HN")] == ["HN001"]


def test_a_config_file_extends_hunan_and_sets_the_local_deadline(report_folder: Path) -> None:
    report = report_folder / "township.md"
    report.write_text(TOWNSHIP, encoding="utf-8")
    config = report_folder / ".gklint.yaml"

    config.write_text('extends: hunan\nrules:\n  HN002: {published: "2024-02-15"}\n', encoding="utf-8")
    late = json_findings(gklint("check", str(report), "--format", "json"))
    config.write_text('extends: hunan\nrules:\n  HN002: {deadline: "02-28", published: 2024-02-15}\n', encoding="utf-8")
    on_time = json_findings(gklint("check", str(report), "--format", "json"))

    assert [(f["code"], f["expected"], f["actual"]) for f in late if f["code"] == "HN002"] == [
        ("HN002", "2024-01-31", "2024-02-15")
    ]
    assert "HN002" not in codes(on_time)


# --------------------------------------------------------------------------- the real reports


def test_the_hunan_seeds(report_folder: Path) -> None:
    paths = [next(SEEDS.glob(f"{prefix}_*.txt"), None) for prefix in HUNAN_SEEDS] if SEEDS.is_dir() else []
    if not paths or None in paths:
        pytest.skip("the seed reports (../shared/seeds) are not present")
    files = [str(p) for p in paths if p is not None]

    hunan = json_findings(gklint("check", *files, "--format", "json", "--ruleset", "hunan", cwd=report_folder))
    national = json_findings(gklint("check", *files, "--format", "json", cwd=report_folder))

    found = [(Path(str(f["path"])).name[:3], f["code"], f["line"], f["message_id"]) for f in hunan]
    # 000 and 001 say only "无" in §六 (line 397); 003 cites 湘财税[2021]3号 and gets nothing.
    assert [f for f in found if str(f[1]).startswith("HN")] == [
        ("000", "HN001", 397, "missing"),
        ("001", "HN001", 397, "missing"),
    ]
    assert [f for f in hunan if not str(f["code"]).startswith("HN")] == national


# --------------------------------------------------------------------------- messages and locations


def test_message_ids_zh_and_en(gklint_lint: Lint) -> None:
    uncited = gklint_lint(base_report(), select="HN001")
    silent = gklint_lint(SILENT_SECTION_SIX, select="HN001")
    wrong = gklint_lint(base_report().replace("本局2023年度", "依据湘财税（2020）3号，本局2023年度"), select="HN001")

    assert [f.message_id for f in uncited + silent + wrong] == ["uncited", "missing", "wrong-number"]
    assert "湘财税〔2021〕3号" in uncited[0].message and "does not cite" in uncited[0].message_en
    assert "湘财税（2020）3号" in wrong[0].message and wrong[0].expected == "湘财税〔2021〕3号"
    assert wrong[0].actual == "湘财税〔2020〕3号"
    assert (wrong[0].location.line, wrong[0].location.column, wrong[0].location.end_column) == (77, 3, 14)


def test_english_messages_on_the_command_line(report_folder: Path) -> None:
    report = report_folder / "report.md"
    report.write_text(base_report(), encoding="utf-8")

    result = gklint("check", str(report), "--ruleset", "hunan", "--lang", "en", "--format", "concise")

    assert "HN001 [info] §六 reports the 信息处理费 but does not cite Hunan's fee notice" in result.stdout


def test_the_publication_date_of_a_web_page(gklint_lint: Lint) -> None:
    page = as_html(TOWNSHIP, published="2024-02-20 09:30:00")

    findings = gklint_lint(page, suffix=".html", select="HN002")

    assert [(f.code, f.actual) for f in findings] == [("HN002", "2024-02-20")]


def as_html(markdown: str, published: str) -> str:
    """The bundled Markdown report as a portal page with a publication date in its <meta>."""
    body: list[str] = []
    rows: list[str] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            if not set(line) <= set("|-: "):
                rows.append("<tr>" + "".join(f"<td>{c.strip()}</td>" for c in line.strip("|").split("|")) + "</tr>")
            continue
        if rows:
            body.append("<table>" + "".join(rows) + "</table>")
            rows = []
        level = len(line) - len(line.lstrip("#"))
        text = line.lstrip("# ")
        if text:
            body.append(f"<h{level}>{text}</h{level}>" if level else f"<p>{text}</p>")
    head = f'<meta charset="utf-8"><meta name="PubDate" content="{published}">'
    return f"<!DOCTYPE html><html><head>{head}</head><body>{''.join(body)}</body></html>"


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize("path", sorted(TESTS.glob("rules_*.yaml")), ids=lambda p: p.name)
def test_no_case_makes_a_rule_crash(path: Path, gklint_lint: Lint) -> None:
    """A YAML case selects only its rule, so a crash (GK099) would pass unseen; look for one here."""
    for case in load_cases(path):
        text = base_report()
        for old, new in (case.spec.get("replace") or {}).items():
            text = text.replace(str(old), str(new))
        findings = gklint_lint(text, select=f"{case.rule},GK099", options=case.options)
        assert [f.message for f in findings if f.code == "GK099"] == [], case.name


def test_a_bad_option_is_a_gk099_naming_the_plugin(gklint_lint: Lint) -> None:
    options = {"HN002": {"published": "2024-02-01", "deadline": "2-30"}}

    findings = gklint_lint(TOWNSHIP, select="HN002,GK099", options=options)

    assert [f.code for f in findings] == ["GK099"]
    assert "hunan" in findings[0].message and "HN002 deadline" in findings[0].message


# --------------------------------------------------------------------------- the public API only


def test_the_package_imports_nothing_of_gklint_but_gklint_plugin() -> None:
    imported: set[str] = set()
    for source in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), str(source))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module)
    from_gklint = {name for name in imported if name == "gklint" or name.startswith("gklint.")}
    assert from_gklint == {"gklint.plugin"}


# --------------------------------------------------------------------------- leaving no trace


def test_blocking_the_plugin_removes_its_rules_and_ruleset(report_folder: Path) -> None:
    rules = gklint("-p", "no:hunan", "rules").stdout
    rulesets = gklint("-p", "no:hunan", "rulesets").stdout
    report = report_folder / "report.md"
    report.write_text(base_report(), encoding="utf-8")
    check = gklint("-p", "no:hunan", "check", str(report), "--ruleset", "hunan")

    assert "GK401" in rules and "HN0" not in rules
    assert "national" in rulesets and "hunan" not in rulesets
    assert check.returncode == 2 and "unknown ruleset 'hunan'" in check.stderr


def test_uninstalling_leaves_no_trace(tmp_path: Path) -> None:
    """Run gklint on a copy of the environment's site-packages without this distribution's files
    (its dist-info and, for an editable install, its .pth): what `pip uninstall` leaves behind."""
    site = without_distribution(Path(sysconfig.get_paths()["purelib"]), "gklint-hunan", tmp_path / "site")
    run = "import site, sys; site.addsitedir(sys.argv.pop(1)); from gklint.cli import main; sys.exit(main())"

    def bare(*args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        command = [sys.executable, "-S", "-c", run, str(site), *args]
        return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path)

    rules, rulesets, plugins = bare("rules"), bare("rulesets"), bare("plugins")

    assert rules.returncode == rulesets.returncode == plugins.returncode == 0, rules.stderr + plugins.stderr
    assert "GK401" in rules.stdout and "HN0" not in rules.stdout
    assert "national" in rulesets.stdout and "hunan" not in rulesets.stdout
    assert "rules_totals" in plugins.stdout and "hunan" not in plugins.stdout


def without_distribution(purelib: Path, name: str, target: Path) -> Path:
    """A folder of symbolic links to everything in ``purelib`` but the top-level entries that
    distribution ``name`` installed."""
    # Look in purelib only: run from the plugin's folder, the source tree's egg-info is found first.
    dist = next(d for d in importlib.metadata.distributions(path=[str(purelib)]) if d.metadata["Name"] == name)
    owned = {Path(str(f)).parts[0] for f in dist.files or () if not str(f).startswith("..")}
    target.mkdir()
    for entry in purelib.iterdir():
        if entry.name not in owned and entry.name != "__pycache__":
            (target / entry.name).symlink_to(entry)
    assert not any((target / entry).exists() for entry in owned)
    return target


@pytest.mark.parametrize(
    ("agency", "township"),
    [
        ("某某镇人民政府", True),
        ("某某街道办事处", True),
        ("某某镇人民政府（某某街道办事处）", True),  # a second name in brackets, as gklint reads it
        ("湘乡市人民政府", False),  # a county-level city, not a township
        ("某某县教育局", False),
    ],
)
def test_a_township_is_told_as_gklint_tells_the_agency_level(agency: str, township: bool) -> None:
    assert is_township(agency) is township
