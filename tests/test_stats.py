"""``gklint stats``: findings per rule, agency, year and source format, and the share that pass."""

from __future__ import annotations

import json
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest

from gklint.cli import main
from gklint.model import RunResult
from gklint.stats import run_stats, stats_record
from tests.conftest import EXAMPLES, ROOT, run_json
from tests.render.synth import consistent_values, make_content
from tests.render.text import markdown, pipe_rows

Capsys = pytest.CaptureFixture[str]
CORPUS = ROOT.parent / "shared" / "corpus" / "full"


def synthetic(agency: str, year: int, seed: int, broken: str = "", md: bool = False) -> str:
    values = consistent_values(random.Random(seed), busy=0.4)
    if broken == "error":  # 一、本年新收·总计 one too high: GK201 and GK401, both errors
        row = values["applications"]["new"]
        row["total"] = str(int(row["total"]) + 1)
    if broken == "warning":  # a 0 left blank: GK107, a warning
        zeros = [row for row in values["applications"].values() if row["natural_person"] == "0"]
        zeros[0]["natural_person"] = ""
    content = make_content(values, year, agency)
    return markdown(content) if md else pipe_rows(content)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """甲 2022 (clean) and 2023 (errors), 乙 2023 (clean, Markdown), 丙 2023 (a warning), the two
    examples, a README."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "jia-2022.txt").write_text(synthetic("甲市甲局", 2022, 1), encoding="utf-8")
    (folder / "jia-2023.txt").write_text(synthetic("甲市甲局", 2023, 2, broken="error"), encoding="utf-8")
    (folder / "bing-2023.txt").write_text(synthetic("丙区丙局", 2023, 4, broken="warning"), encoding="utf-8")
    (folder / "yi-2023.md").write_text(synthetic("乙县乙局", 2023, 3, md=True), encoding="utf-8")
    for example in EXAMPLES.iterdir():
        shutil.copyfile(example, folder / example.name)
    (folder / "README.md").write_text("# 说明\n\n这里放各单位的年报。\n", encoding="utf-8")
    return folder


def stats_json(capsys: Capsys, *args: str) -> dict:  # type: ignore[type-arg]
    assert main(["stats", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_counts_agree_with_check(reports: Path, capsys: Capsys) -> None:
    stats = stats_json(capsys, str(reports), "--ignore", "GK6")
    _, checked = run_json(capsys, str(reports), "--ignore", "GK6")

    findings = checked["findings"]
    assert stats["files"] == 6 and stats["skipped"] == 1  # the README is no report
    levels = Counter(f["severity"] for f in findings)
    assert stats["findings"] == {
        "total": len(findings),
        **{level: levels[level] for level in ("error", "warning", "info")},
    }
    assert {r["code"]: r["findings"] for r in stats["by_rule"]} == Counter(f["code"] for f in findings)
    files_of = {code: len({f["path"] for f in findings if f["code"] == code}) for code in {f["code"] for f in findings}}
    assert {r["code"]: r["files"] for r in stats["by_rule"]} == files_of
    counts = [r["findings"] for r in stats["by_rule"]]
    assert counts == sorted(counts, reverse=True)


def test_groups_by_agency_year_and_format(reports: Path, capsys: Capsys) -> None:
    stats = stats_json(capsys, str(reports), "--ignore", "GK6")

    agencies = {g["agency"]: (g["files"], g["passed"]) for g in stats["by_agency"]}
    assert agencies == {"甲市甲局": (2, 1), "乙县乙局": (1, 1), "丙区丙局": (1, 1), "样例县样例局": (1, 0),
                        "示例市示例局": (1, 1)}  # fmt: skip
    assert stats["by_agency"][0]["agency"] == "样例县样例局"  # worst first: the most errors
    assert [(g["year"], g["files"]) for g in stats["by_year"]] == [(2022, 1), (2023, 5)]
    assert {g["format"]: g["files"] for g in stats["by_format"]} == {"markdown": 2, "text": 4}
    assert (stats["passed"], stats["pass_share"]) == (4, 0.6667)
    worst = [Path(f["path"]).name for f in stats["files_worst_first"]]
    assert worst[:2] == ["mistakes-2023.txt", "jia-2023.txt"]


def test_fail_on_decides_what_passes(reports: Path, capsys: Capsys) -> None:
    errors_only = stats_json(capsys, str(reports))
    warnings_too = stats_json(capsys, str(reports), "--fail-on", "warning")
    assert (errors_only["passed"], warnings_too["passed"]) == (4, 3)  # 丙's blank cell fails only the second
    assert all(not f["passed"] for f in warnings_too["files_worst_first"] if f["error"] or f["warning"])


def test_terminal_tables_in_both_languages(reports: Path, capsys: Capsys) -> None:
    assert main(["stats", str(reports)]) == 0
    zh = capsys.readouterr().out
    assert main(["stats", str(reports), "--lang", "en"]) == 0
    en = capsys.readouterr().out

    assert zh.startswith("检查 6 个文件，4 个通过（66.7%）") and "跳过 1 个不是年度报告的文件" in zh
    for heading in ("按规则", "按机关", "按年度", "按来源格式"):
        assert heading in zh
    assert en.startswith("6 files checked, 4 pass (66.7%)")
    assert "by agency" in en and "甲市甲局" in en and "GK201" in en


def test_stats_exit_zero_with_errors_and_two_for_usage(reports: Path, capsys: Capsys) -> None:
    assert main(["stats", str(EXAMPLES / "mistakes-2023.txt")]) == 0
    assert main(["stats", str(reports / "nowhere")]) == 2
    assert main(["stats", str(reports), "--format", "xml"]) == 2
    capsys.readouterr()


def test_a_folder_without_reports_is_a_usage_error_and_no_file_has_no_share(tmp_path: Path, capsys: Capsys) -> None:
    assert main(["stats", str(tmp_path)]) == 2  # as for check: nothing to count is a mistake in the request
    capsys.readouterr()
    record = stats_record(run_stats(RunResult((), {}, "0")))
    assert (record["files"], record["pass_share"], record["by_rule"]) == (0, None, [])


def test_real_reports(capsys: Capsys) -> None:
    if not CORPUS.is_dir():
        pytest.skip("the real reports (../shared/corpus) are not present")
    stats = stats_json(capsys, str(CORPUS))
    _, checked = run_json(capsys, str(CORPUS))
    assert stats["files"] == len(checked["files"])
    assert sum(r["findings"] for r in stats["by_rule"]) == len(checked["findings"])
    assert {g["format"] for g in stats["by_format"]} == {"html", "pdf", "text", "markdown"}
    by_path = {Path(f["path"]).name: f for f in stats["files_worst_first"]}
    assert by_path["hongze-2023.pdf"]["agency"] == "洪泽区人民政府"
    assert by_path["hongze-2023.pdf"]["error"] == sum(
        1 for f in checked["findings"] if f["path"].endswith("hongze-2023.pdf") and f["severity"] == "error"
    )
