"""SARIF output as GitHub code scanning reads it: the OASIS schema (Draft 4) and GitHub's own rules.

See shared/reference/sarif-ci-precommit.md §1 and §6 for where each assertion comes from.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from jsonschema import Draft4Validator, FormatChecker

from gklint.cli import main
from gklint.formatters.sarif import line_hashes
from gklint.manager import load_plugins
from gklint.plugin import RuleInfo, Severity
from tests.conftest import EXAMPLES, ROOT, SEEDS
from tests.test_formatters import PDF_NAME, make_workspace, mixed_run

SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-2.1.0.json"
SAMPLE_NAME = "样例 年报 2023.txt"
# RFC 3986 URI-reference characters; jsonschema only checks the format when rfc3987 is installed.
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


# --------------------------------------------------------------------------- helpers


def validate(log: dict[str, Any]) -> None:
    """Schema-valid, and every rule of GitHub's table and the reference's §6 checklist."""
    if not SCHEMA.exists():
        pytest.skip("the vendored SARIF schema (../shared/schemas) is not present")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(Draft4Validator(schema, format_checker=FormatChecker()).iter_errors(log), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    assert log["$schema"] and log["version"] == "2.1.0"
    assert 1 <= len(log["runs"]) <= 20
    for run in log["runs"]:
        check_run(run)


def check_run(run: dict[str, Any]) -> None:
    components = [run["tool"]["driver"], *run["tool"].get("extensions", [])]
    assert run["tool"]["driver"]["name"] == "gklint" and run["tool"]["driver"]["semanticVersion"]
    assert isinstance(run["results"], list)
    ids = [r["id"] for c in components for r in c["rules"]]
    assert len(ids) == len(set(ids)), "rule ids are not unique"
    for component in components:
        for rule in component["rules"]:
            check_rule(rule)
    if run["results"]:
        assert run["columnKind"] == "unicodeCodePoints"
    for result in run["results"]:
        check_result(result, components, run.get("artifacts", []))


def check_rule(rule: dict[str, Any]) -> None:
    assert rule["shortDescription"]["text"] and len(rule["shortDescription"]["text"]) <= 1024
    assert rule["fullDescription"]["text"] and len(rule["fullDescription"]["text"]) <= 1024
    assert rule["help"]["text"] and rule["help"]["markdown"]
    assert rule["name"] != rule["id"] and len(rule["name"]) <= 255
    assert rule["defaultConfiguration"]["level"] in {"note", "warning", "error"}
    assert "helpUri" not in rule or urlsplit(rule["helpUri"]).scheme == "https"  # only pages that exist
    properties = rule["properties"]
    assert 1 <= len(properties["tags"]) <= 10
    assert properties["precision"] in {"very-high", "high", "medium", "low"}
    assert properties["problem.severity"] in {"error", "warning", "recommendation"}
    assert "security-severity" not in properties, "that would turn the results into security alerts"


def check_result(result: dict[str, Any], components: list[dict[str, Any]], artifacts: list[dict[str, Any]]) -> None:
    component = components[result["rule"]["toolComponent"]["index"] + 1] if "rule" in result else components[0]
    assert component["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    if "rule" in result:
        assert result["rule"]["id"] == result["ruleId"] and result["rule"]["index"] == result["ruleIndex"]
    assert result["level"] in {"note", "warning", "error"}
    assert result["message"]["text"].strip()
    assert len(result["locations"]) == 1
    physical = result["locations"][0]["physicalLocation"]
    check_artifact_location(physical["artifactLocation"], artifacts)
    region = physical.get("region")
    if region is not None:
        assert region["startLine"] >= 1 and region.get("startColumn", 1) >= 1
        assert region.get("endLine", region["startLine"]) >= region["startLine"]
        if region.get("endLine", region["startLine"]) == region["startLine"] and "endColumn" in region:
            assert region["endColumn"] > region.get("startColumn", 1)
    fingerprints = result["partialFingerprints"]
    assert fingerprints["gklint/fingerprint/v1"]
    assert "primaryLocationLineHash" in fingerprints or region is not None  # else upload-sarif cannot add one


def check_artifact_location(location: dict[str, Any], artifacts: list[dict[str, Any]]) -> None:
    uri = location["uri"]
    assert URI_REFERENCE.match(uri), f"not percent-encoded: {uri!r}"
    if "index" in location:
        assert artifacts[location["index"]]["location"]["uri"] == uri
    if location.get("uriBaseId") == "%SRCROOT%":
        assert not uri.startswith("/") and "\\" not in uri and ".." not in uri.split("/")
        assert not urlsplit(uri).scheme
    else:
        assert uri.startswith("file:///"), "only files outside the repository may have an absolute URI"


def sarif_of(*paths: str) -> dict[str, Any]:
    out = Path("out.sarif")
    code = main(["check", *paths, "--format", "sarif", "--output-file", str(out)])
    assert code in (0, 1, 2)
    log: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return log


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository (a `.git` folder is all the formatter looks for), the working directory."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


def results_by_rule(log: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for result in log["runs"][0]["results"]:
        out.setdefault(result["ruleId"], []).append(result)
    return out


# --------------------------------------------------------------------------- real runs


def test_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    log = sarif_of("examples")
    validate(log)
    run = log["runs"][0]
    assert {r["ruleId"] for r in run["results"]} >= {"GK201", "GK302", "GK401", "GK501"}
    components = [run["tool"]["driver"], *run["tool"].get("extensions", [])]  # plugins' rules are extensions
    rules = {r["id"] for component in components for r in component.get("rules", [])}
    assert rules >= set(load_plugins().rule_infos()), "every loaded rule is described, not only those that fired"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"examples/mistakes-2023.txt"}
    assert str(ROOT) not in json.dumps(log, ensure_ascii=False)


def test_regions_slice_the_offending_text(repo: Path) -> None:
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", repo / "r.txt")
    lines = (repo / "r.txt").read_text(encoding="utf-8").splitlines()
    fee = results_by_rule(sarif_of("r.txt"))["GK501"][0]
    region = fee["locations"][0]["physicalLocation"]["region"]
    found = lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1]
    assert found == fee["properties"]["gklint/arguments"]["found"] == "3662300元"


def test_seeds(repo: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip("the seed reports (../shared/seeds) are not present")
    shutil.copytree(SEEDS, repo / "seeds")
    log = sarif_of("seeds")
    validate(log)
    assert log["runs"][0]["results"]


def test_files_outside_the_repository_fall_back_to_file_uris(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "外部 报告.txt"
    outside.parent.mkdir()
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", outside)
    log = sarif_of(str(outside))
    validate(log)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == outside.resolve().as_uri() and unquote(urlsplit(uri).path) == str(outside.resolve())


def test_chinese_file_name_with_spaces_round_trips(repo: Path) -> None:
    (repo / "年报").mkdir()
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", repo / "年报" / SAMPLE_NAME)
    log = sarif_of("年报")
    validate(log)
    for result in log["runs"][0]["results"]:
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "%SRCROOT%"
        assert " " not in location["uri"] and location["uri"].isascii()
        assert unquote(location["uri"]) == f"年报/{SAMPLE_NAME}"
    assert str(repo) not in json.dumps(log, ensure_ascii=False)


def test_uris_are_relative_to_the_repository_root_not_the_working_directory(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "sub").mkdir()
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", repo / "sub" / "r.txt")
    monkeypatch.chdir(repo / "sub")
    log = sarif_of("r.txt")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"sub/r.txt"}


def test_fingerprints_survive_blank_lines_inserted_above(repo: Path) -> None:
    original = (EXAMPLES / "mistakes-2023.txt").read_text(encoding="utf-8").split("\n")
    (repo / "r.txt").write_text("\n".join(original), encoding="utf-8")
    before = results_by_rule(sarif_of("r.txt"))
    # blank lines just above the first finding (line 3), below the title
    (repo / "r.txt").write_text("\n".join([*original[:2], "", "", "", *original[2:]]), encoding="utf-8")
    after = results_by_rule(sarif_of("r.txt"))
    assert before.keys() == after.keys()
    for code, results in before.items():
        moved = after[code]
        assert [r["partialFingerprints"] for r in results] == [r["partialFingerprints"] for r in moved], code
        for old, new in zip(results, moved):
            old_line = old["locations"][0]["physicalLocation"]["region"]["startLine"]
            assert new["locations"][0]["physicalLocation"]["region"]["startLine"] == old_line + 3
    assert all("primaryLocationLineHash" in r["partialFingerprints"] for rs in after.values() for r in rs)


def test_clean_run_has_an_empty_results_array(repo: Path) -> None:
    shutil.copyfile(EXAMPLES / "clean-2023.md", repo / "clean.md")
    log = sarif_of("clean.md")
    validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"]


# --------------------------------------------------------------------------- the hand-made mixed run


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    root = make_workspace(tmp_path / "repo")
    monkeypatch.chdir(root)
    formatter = load_plugins().formatters["sarif"][0]
    log: dict[str, Any] = json.loads(formatter.render(mixed_run()))
    return log


def test_mixed_run_is_valid(mixed: dict[str, Any]) -> None:
    validate(mixed)


def test_third_party_rules_live_in_extensions(mixed: dict[str, Any]) -> None:
    tool = mixed["runs"][0]["tool"]
    assert "HN101" not in {r["id"] for r in tool["driver"]["rules"]}
    assert [(e["name"], [r["id"] for r in e["rules"]]) for e in tool["extensions"]] == [("hunan", ["HN101"])]
    result = results_by_rule(mixed)["HN101"][0]
    assert result["rule"] == {"id": "HN101", "index": 0, "toolComponent": {"index": 0}}


def test_pdf_and_docx_results_have_no_region_but_page_and_element(mixed: dict[str, Any]) -> None:
    by_uri: dict[str, list[dict[str, Any]]] = {}
    for result in mixed["runs"][0]["results"]:
        uri = unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        by_uri.setdefault(uri, []).append(result)
    pdf = by_uri[PDF_NAME]
    assert all("region" not in r["locations"][0]["physicalLocation"] for r in pdf)
    assert [r["properties"]["gklint/page"] for r in pdf] == [1, 2, 3]
    assert pdf[1]["properties"]["gklint/bbox"] == [72.0, 600.5, 300.0, 612.25]
    assert "第 2 页" in pdf[1]["message"]["text"]
    fingerprints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in pdf]
    assert len(set(fingerprints)) == 3, "identical findings on two pages must not collapse into one alert"
    docx = by_uri["reports/c.docx"][0]
    assert "region" not in docx["locations"][0]["physicalLocation"]
    assert docx["properties"]["gklint/element"] == "表格 2 / 行 5 / 列 3"


def test_logical_locations_name_the_cell(mixed: dict[str, Any]) -> None:
    result = results_by_rule(mixed)["GK201"][0]
    assert result["locations"][0]["logicalLocations"] == [
        {"name": "一、本年新收政府信息公开申请数量·总计", "fullyQualifiedName": "applications/new/total"}
    ]


def test_multi_line_regions(mixed: dict[str, Any]) -> None:
    text = [r for r in results_by_rule(mixed)["GK108"] if "region" in r["locations"][0]["physicalLocation"]]
    assert text[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2, "startColumn": 8, "endLine": 3, "endColumn": 2,
    }  # fmt: skip


# --------------------------------------------------------------------------- GitHub's line hash


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["c129715d7a2bc9a3:1"]),
        (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
        (
            " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
            [
                "e9496ae3ebfced30:1",
                "fb7c023a8b9ccb3f:1",
                "ce8ba1a563dcdaca:1",
                "e20e36e16fcb0cc8:1",
                "b3edc88f2938467e:1",
                "c8e28b0b4002a3a0:1",
                "c129715d7a2bc9a3:1",
            ],
        ),
        (
            "Lorem ipsum dolor sit amet.\n" * 10,
            [
                *(f"a7f2ff13bc495cf2:{i}" for i in range(1, 7)),
                "a7f2ff1481e87703:1",
                "a9cf91f7bbf1862b:1",
                "55ec222b86bcae53:1",
                "cc97dc7b1d7d8f7b:1",
                "c129715d7a2bc9a3:1",
            ],
        ),
        (
            "某某区政府信息公开工作年度报告\nTODO 填写数据\n",
            ["3a058e061cbed026:1", "a9a59cdb3ee8715:1", "c129715d7a2bc9a3:1"],
        ),
    ],
)
def test_line_hash_matches_codeql_action(text: str, expected: list[str]) -> None:
    hashes = line_hashes(text)
    assert [hashes[n] for n in sorted(hashes)] == expected


def test_line_hash_is_left_to_upload_sarif_for_non_utf8_files(repo: Path) -> None:
    text = (EXAMPLES / "mistakes-2023.txt").read_text(encoding="utf-8")
    (repo / "gbk.txt").write_bytes(text.encode("gb18030"))
    log = sarif_of("gbk.txt")
    validate(log)
    for result in log["runs"][0]["results"]:
        assert "region" in result["locations"][0]["physicalLocation"]
        assert set(result["partialFingerprints"]) == {"gklint/fingerprint/v1"}


def test_fingerprints_are_the_kernels_finding_fingerprints(mixed: dict[str, Any]) -> None:
    """The same identity as baselines use, numbered; the workspace is the repository root here."""
    findings = list(mixed_run().findings)
    results = mixed["runs"][0]["results"]
    assert len(findings) == len(results)
    for finding, result in zip(findings, results):
        identity, _, occurrence = result["partialFingerprints"]["gklint/fingerprint/v1"].partition(":")
        assert identity == finding.fingerprint(finding.path) and occurrence.isdigit()
    pdf_401 = [r for r in results if r["ruleId"] == "GK401"]
    assert [r["partialFingerprints"]["gklint/fingerprint/v1"][-2:] for r in pdf_401] == [":1", ":2"]


# --------------------------------------------------------------------------- origins by distribution


def test_driver_and_extensions_are_told_apart_by_distribution_not_by_plugin_name() -> None:
    from gklint.formatters.sarif.rules import RuleTable

    def info(code: str, plugin: str, distribution: str) -> RuleInfo:
        return RuleInfo(code, "r", Severity.WARNING, "摘要", "summary", plugin=plugin, distribution=distribution)

    table = RuleTable([
        info("GK101", "structure", "gklint"),  # gklint's own, whatever its plugin is called
        info("XX001", "rules_extra", "gklint-extra"),  # a third party's, though named like a built-in
        info("GK099", "gklint", ""),  # made by the kernel without metadata
    ])  # fmt: skip
    assert [r.code for r in table.driver] == ["GK099", "GK101"]
    assert {name: [r.code for r in infos] for name, infos in table.extensions.items()} == {"rules_extra": ["XX001"]}


def test_a_report_from_stdin_is_hashed_as_read_not_as_a_file_of_its_name(repo: Path) -> None:
    """`check - --stdin-filename 年报.md` beside another 年报.md on disk: the line hash is of the text
    that was linted."""
    linted = (EXAMPLES / "mistakes-2023.txt").read_text(encoding="utf-8")
    (repo / "年报.txt").write_text("\n".join(f"另一份草稿的第{n}行" for n in range(1, 80)), encoding="utf-8")
    command = [sys.executable, "-m", "gklint", "check", "-", "--stdin-filename", "年报.txt", "--format", "sarif"]
    result = subprocess.run(command, input=linted.encode("utf-8"), capture_output=True, cwd=repo)
    hashes = line_hashes(linted)
    found = json.loads(result.stdout)["runs"][0]["results"]
    assert found and all(
        r["partialFingerprints"]["primaryLocationLineHash"]
        == hashes[r["locations"][0]["physicalLocation"]["region"]["startLine"]]
        for r in found
        if "region" in r["locations"][0]["physicalLocation"]
    )


def test_a_plugins_component_carries_its_distributions_version(capsys: pytest.CaptureFixture[str]) -> None:
    """tool.extensions[] names the plugin and the version of the distribution its rules come from."""
    pytest.importorskip("gklint_hunan", reason="the province plugin (plugins/gklint-hunan) is not installed")
    main(["check", str(EXAMPLES / "clean-2023.md"), "--format", "sarif", "--select", "GK,HN"])
    log = json.loads(capsys.readouterr().out)
    validate(log)
    (hunan,) = [e for e in log["runs"][0]["tool"]["extensions"] if e["name"] == "hunan"]
    assert hunan["version"] == importlib.metadata.version("gklint-hunan")
