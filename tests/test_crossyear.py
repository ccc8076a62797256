"""Two consecutive years of one agency: carry-over and in-force stock across reports."""

from __future__ import annotations

import os
import random
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_json
from tests.render.synth import consistent_values, make_content
from tests.render.text import pipe_rows

CARRIED_IN_2023 = {"natural_person": "0", "commercial": "0", "research": "0", "public_interest": "0",
                   "legal_service": "3", "other_org": "0", "total": "3"}  # fmt: skip


OWN_PROSE_2022 = {
    1: ["这一年，本局把政策文件的集中发布放在门户网站首页，并同步推送到政务新媒体账号。",
        "全年依申请公开工作由办公室统一登记、分办和答复，没有超过法定期限的情形。"],
    5: ["主要问题是基层工作人员对公开属性的认定把握不准，来年将组织两次专题培训。"],
}  # fmt: skip


def report_2022(carried_out: dict[str, str], in_force: str = "41") -> str:
    """示例市示例局's 2022 report, its carry-over and in-force stock set by the test."""
    values = consistent_values(random.Random(11), busy=0.3)
    applications = values["applications"]
    for column, value in carried_out.items():  # keep T3 true: adjust what was new that year
        delta = int(value) - int(applications["carried_out"][column])
        applications["carried_out"][column] = value
        applications["new"][column] = str(int(applications["new"][column]) + delta)
    values["active"]["normative_documents"]["in_force"] = in_force
    content = make_content(values, 2022, "示例市示例局")
    content.sections.update(OWN_PROSE_2022)  # written anew, not copied into 2023 (GK603)
    return pipe_rows(content)


@pytest.fixture
def years(tmp_path: Path) -> Path:
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "2023.md")
    return tmp_path


def test_consistent_years_are_clean(years: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (years / "2022.txt").write_text(report_2022(CARRIED_IN_2023), encoding="utf-8")
    _, data = run_json(capsys, str(years))
    assert data["findings"] == []


def test_carry_over_mismatch_names_both_files_and_cells(years: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (years / "2022.txt").write_text(report_2022({**CARRIED_IN_2023, "legal_service": "2", "total": "2"}),
                                    encoding="utf-8")  # fmt: skip
    _, data = run_json(capsys, str(years))

    found = [f for f in data["findings"] if f["code"] == "GK601"]
    assert [(f["logical"]["row"], f["logical"]["column"]) for f in found] == [
        ("carried_in", "legal_service"), ("carried_in", "total"),
    ]  # fmt: skip
    assert all(f["path"].endswith("2023.md") and "2022.txt" in f["message"] for f in found)
    assert all(f["line"] == 38 for f in found)  # the 二、上年结转 row of 2023.md
    assert {f["code"] for f in data["findings"]} == {"GK601"}


def test_previous_year_found_under_history(years: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "2022.txt").write_text(report_2022({**CARRIED_IN_2023, "total": "4", "other_org": "1"}),
                                      encoding="utf-8")  # fmt: skip
    _, alone = run_json(capsys, str(years / "2023.md"))
    _, data = run_json(capsys, str(years / "2023.md"), "--history", str(archive))

    assert alone["findings"] == []
    assert sorted(f["logical"]["column"] for f in data["findings"]) == ["other_org", "total"]
    assert all(f["path"].endswith("2023.md") for f in data["findings"])  # the archive itself is not linted


def test_in_force_stock_that_does_not_follow_is_info(years: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (years / "2022.txt").write_text(report_2022(CARRIED_IN_2023, in_force="20"), encoding="utf-8")
    _, data = run_json(capsys, str(years))
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [("GK602", "info")]


def test_years_compared_in_workers_find_what_this_process_finds(
    years: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (years / "2022.txt").write_text(report_2022({**CARRIED_IN_2023, "legal_service": "2", "total": "2"}),
                                    encoding="utf-8")  # fmt: skip
    _, here = run_json(capsys, str(years), "--timeout", "0", "--memory-limit", "0")  # no workers at all
    for jobs in ("1", "2"):
        _, pooled = run_json(capsys, str(years), "--jobs", jobs)
        assert pooled["findings"] == here["findings"]
    assert {f["code"] for f in here["findings"]} == {"GK601"}


def test_a_pair_over_the_time_limit_is_compared_in_this_process(
    years: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (years / "2022.txt").write_text(report_2022({**CARRIED_IN_2023, "legal_service": "2", "total": "2"}),
                                    encoding="utf-8")  # fmt: skip
    _, expected = run_json(capsys, str(years))
    import gklint.crossyears

    def slow_history(*args: object, **kwargs: object) -> object:  # a worker's comparison that hangs
        import os

        if os.getpid() != parent:
            time.sleep(60)
        return real_history(*args, **kwargs)

    parent, real_history = os.getpid(), gklint.crossyears.History
    monkeypatch.setattr(gklint.crossyears, "History", slow_history)
    _, data = run_json(capsys, str(years), "--timeout", "2")
    assert data["findings"] == expected["findings"]
