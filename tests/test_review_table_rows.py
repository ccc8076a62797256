"""Table 四 laid out with a row for each group (行政复议, then each kind of suit), as some agencies and
converters write it to fit a portrait page: the fifteen numbers bind as the national table's one
row does, and a broken total is found at its cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_json

ROWS = "| 项目 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|---|---|---|---|---|---|\n" + "\n".join(
    f"| {label} | {numbers} |"
    for label, numbers in (
        ("行政复议", "2 | 0 | 0 | 0 | 2"),
        ("行政诉讼（未经复议直接起诉）", "0 | 0 | 4 | 1 | 5"),
        ("行政诉讼（复议后起诉）", "1 | 0 | 0 | 0 | {total}"),
    )
)


def _findings(tmp_path: Path, capsys: pytest.CaptureFixture[str], total: str) -> list[tuple[str, str, str]]:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    start, end = text.index("## 四、"), text.index("## 五、")
    table = ROWS.replace("{total}", total)
    path = tmp_path / "report.md"
    path.write_text(
        text[:start] + "## 四、政府信息公开行政复议、行政诉讼情况\n\n" + table + "\n\n" + text[end:], encoding="utf-8"
    )
    _, data = run_json(capsys, str(path), "--select", "GK0,GK1,GK2")
    return [(f["code"], f["logical"].get("row") or "", f["logical"].get("column") or "") for f in data["findings"]]


def test_a_row_for_each_group_binds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _findings(tmp_path, capsys, "1") == []


def test_a_broken_total_is_found_at_its_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _findings(tmp_path, capsys, "2") == [("GK203", "litigation_after_review", "total")]
