"""The five real reports give exactly what EXPECTED.md lists, at the lines it gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gklint.cli import main
from tests.conftest import run_json

# Where EXPECTED.md says each finding stands (None: the whole document).
EXPECTED_LINES = {
    ("000", "GK503"): {397, 398},
    ("001", "GK302"): {2},
    ("001", "GK503"): {397, 399},
    ("002", "GK105"): {20},
    ("002", "GK301"): {None},
    ("003", "GK107"): {87},
    ("004", "GK105"): {32},
    ("004", "GK112"): {None},
    ("004", "GK301"): {None},
}


def test_seed_codes_are_exactly_expected(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = json.loads((seeds / "expected.json").read_text(encoding="utf-8"))
    code, data = run_json(capsys, str(seeds))
    found: dict[str, list[str]] = {}
    for finding in data["findings"]:
        found.setdefault(Path(finding["path"]).name, []).append(finding["code"])
    assert {name: sorted(codes) for name, codes in found.items()} == {n: sorted(c) for n, c in expected.items()}
    assert code == 1


def test_seed_findings_stand_where_expected(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, str(seeds))
    for finding in data["findings"]:
        key = (Path(finding["path"]).name[:3], finding["code"])
        assert finding["line"] in EXPECTED_LINES[key], finding


def test_text_format_shows_the_same_findings(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, str(seeds))
    main(["check", str(seeds)])
    lines = [line for line in capsys.readouterr().out.splitlines() if " GK" in line and line.startswith(str(seeds))]
    as_text = sorted((line.split(": ", 1)[0].split(":")[0], line.split(" GK", 1)[1][:3]) for line in lines)
    as_json = sorted((f["path"], f["code"][2:]) for f in data["findings"])
    assert as_text == as_json


def test_non_report_beside_the_seeds_is_skipped_not_failed(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, str(seeds))
    skipped = [f["path"] for f in data["files"] if f["skipped"]]
    assert [Path(p).name for p in skipped] == ["EXPECTED.md"]


def test_explicitly_named_non_report_is_a_finding(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, str(seeds / "EXPECTED.md"))
    assert [f["code"] for f in data["findings"]] == ["GK002"]
    assert code == 1
