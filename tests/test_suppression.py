"""Inline suppression comments and baseline files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gklint.cli import main
from tests.conftest import EXAMPLES, run_json


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", path)
    return path


def _insert_before(path: Path, anchor: str, line: str) -> int:
    """Insert ``line`` above the first line containing ``anchor``; return the anchor's new line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if anchor in text)
    lines.insert(index, line)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 2


def _codes(capsys: pytest.CaptureFixture[str], path: Path) -> list[tuple[str, int | None]]:
    return [(f["code"], f["line"]) for f in run_json(capsys, str(path))[1]["findings"]]


def test_disable_next_line_suppresses_only_that_line(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _codes(capsys, report)
    assert ("GK107", 43) in before
    _insert_before(report, "8.属于行政查询事项", "<!-- gklint: disable-next-line=GK107 -- 该项不适用 -->")
    after = _codes(capsys, report)
    assert not [c for c, _ in after if c == "GK107"]
    assert len(after) == len(before) - 1


def test_disable_enable_range_and_unused_comment(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _insert_before(report, "三、收到和处理政府信息公开申请情况", "<!-- gklint: disable=GK2,GK4 -->")
    _insert_before(report, "四、政府信息公开行政复议", "<!-- gklint: enable=GK2,GK4 -->")
    _insert_before(report, "五、存在的主要问题", "<!-- gklint: disable-next-line=GK109 -->")

    codes = [c for c, _ in _codes(capsys, report)]

    assert "GK201" not in codes and "GK401" not in codes
    assert "GK203" in codes  # table C stands after the enable
    assert codes.count("GK090") == 1  # the GK109 comment suppressed nothing


def test_disable_file_covers_document_level_findings(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report.write_text(
        report.read_text(encoding="utf-8").replace("统计期限自2022年1月1日起至2022年12月31日止。", ""),
        encoding="utf-8",
    )
    assert "GK301" in [c for c, _ in _codes(capsys, report)]
    _insert_before(report, "一、总体情况", "<!-- gklint: disable-file=GK301 -->")
    assert "GK301" not in [c for c, _ in _codes(capsys, report)]


def test_malformed_comment_is_reported(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _insert_before(report, "一、总体情况", "<!-- gklint: disable -->") - 1
    assert ("GK091", line) in _codes(capsys, report)


def test_a_code_no_rule_has_is_named_with_the_nearest_one(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """GK3O2 (a letter O) is a typo, not an unused comment; the comment's other code still works."""
    line = _insert_before(report, "一、总体情况", "<!-- gklint: disable-file=GK3O2,GK201 -->") - 1
    found = run_json(capsys, str(report))[1]["findings"]
    invalid = [f for f in found if f["code"] == "GK091"]
    comment = "<!-- gklint: disable-file=GK3O2,GK201 -->"
    message = f"抑制注释「{comment}」中的「GK3O2」不是已安装规则的代码，是否应为「GK302」？"
    assert [(f["line"], f["message"]) for f in invalid] == [(line, message)]
    codes = {f["code"] for f in found}
    assert "GK302" in codes and "GK201" not in codes and "GK090" not in codes


@pytest.mark.parametrize(("code", "near"), [("GL302", "GK302"), ("ZJ001", None), ("XX9", None)])
def test_another_plugins_code_is_not_taken_for_a_typo_of_gklints(
    report: Path, capsys: pytest.CaptureFixture[str], code: str, near: str | None
) -> None:
    """ZJ001 may be the code of a plugin blocked or not installed here: no "did you mean GK001?";
    a typo in the prefix itself (GL302) still gets its hint."""
    _insert_before(report, "一、总体情况", f"<!-- gklint: disable-file={code} -->")
    found = run_json(capsys, str(report))[1]["findings"]
    (invalid,) = [f for f in found if f["code"] == "GK091"]
    assert invalid["message_en"].endswith(f"did you mean {near!r}?" if near else "names no installed rule")


def test_full_width_punctuation_of_a_chinese_input_method_is_understood(
    report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _insert_before(report, "一、总体情况", "<!-- gklint：disable-file＝GK302，GK201 -->")
    codes = [c for c, _ in _codes(capsys, report)]
    assert "GK302" not in codes and "GK201" not in codes and "GK091" not in codes


def test_baseline_survives_lines_moving_and_catches_new_findings(
    report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(report), "--write-baseline", str(baseline)]) == 0
    capsys.readouterr()
    code, data = run_json(capsys, str(report), "--baseline", str(baseline))
    assert data["findings"] == [] and code == 0

    _insert_before(report, "一、总体情况", "新增的一段说明文字，使后面的行整体下移。\n再一行。")
    text = report.read_text(encoding="utf-8").replace("| 行政强制 | 50 |", "| 行政强制 | 若干 |")
    report.write_text(text, encoding="utf-8")
    code, data = run_json(capsys, str(report), "--baseline", str(baseline))

    assert [f["code"] for f in data["findings"]] == ["GK109"]
    assert code == 1


def test_html_comment_suppresses_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import random

    from tests.render.html import render_html
    from tests.render.synth import consistent_values, make_content

    content = make_content(consistent_values(random.Random(3)))
    content.sections[6] = ["无。"]
    page = render_html(content, "plain").decode("utf-8")
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    assert "GK503" in [c for c, _ in _codes(capsys, path)]

    path.write_text(page.replace("<body>", "<body>\n<!-- gklint: disable-file=GK503 -->", 1), encoding="utf-8")
    assert "GK503" not in [c for c, _ in _codes(capsys, path)]


def test_a_baseline_accepts_cross_year_findings_in_every_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cross-year findings are printed after every file (late): the ones a baseline accepts are not
    printed there either, in text as in JSON."""
    from tests.test_crossyear_evaluators import PROSE_2022, content, write

    reports = tmp_path / "reports"
    write(reports, "2022.txt", content(2022, PROSE_2022))
    write(reports, "2023.txt", content(2023, PROSE_2022))  # §一 and §五 copied: GK603, known once both are read
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(reports), "--no-cache", "--select", "GK6"]) == 1
    assert "GK603" in capsys.readouterr().out
    assert main(["check", str(reports), "--no-cache", "--write-baseline", str(baseline)]) == 0
    capsys.readouterr()

    assert main(["check", str(reports), "--no-cache", "--baseline", str(baseline)]) == 0
    printed = capsys.readouterr().out
    assert "GK6" not in printed and "跨年度" not in printed
    code, data = run_json(capsys, str(reports), "--no-cache", "--baseline", str(baseline))
    assert (code, data["findings"]) == (0, [])
