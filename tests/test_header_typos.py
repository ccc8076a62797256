"""Misspelt column headings of table 三 and headings of table 四 are label typos (GK105) as row labels
are; a table the agency adds after table 三's last row, laid out as tab-separated text, lends that
row none of its numbers; and GK102 says which part stands out of place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gklint.cli import main
from tests.conftest import EXAMPLES, edited_example, run_json

HEADINGS_B = "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |"
HEADINGS_C = "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |"
GROUPS_C = "| 行政复议 |  |  |  |  | 行政诉讼 |"


def _found(tmp_path: Path, capsys: pytest.CaptureFixture[str], *edits: tuple[str, str]) -> list[tuple[str, str]]:
    _, data = run_json(capsys, str(edited_example(tmp_path, *edits)))
    return [(f["code"], f.get("actual") or "") for f in data["findings"]]


@pytest.mark.parametrize(
    ("old", "typo", "where"),
    [
        ("结果维持", "结果维特", HEADINGS_C),  # a column of the review group
        ("尚未审结", "尚未审节", HEADINGS_C),
        ("未经复议直接起诉", "未经复议直接起拆", HEADINGS_C),  # a group heading: it heads no column itself
        ("行政复议", "行政法复议", GROUPS_C),
        ("自然人", "自燃人", HEADINGS_B),  # three characters, one miswritten, among headings
    ],
)
def test_a_misspelt_heading_is_a_label_typo(
    old: str, typo: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _found(tmp_path, capsys, (where, where.replace(old, typo, 1))) == [("GK105", typo)]


def test_three_characters_unlike_any_heading_are_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _found(tmp_path, capsys, (HEADINGS_B, HEADINGS_B.replace("自然人", "申请人"))) == []


def _as_tab_text(markdown: str) -> str:
    """The example as a portal's text export gives it: headings without marks, rows of cells
    apart by tabs, no rule lines."""
    lines = []
    for line in markdown.split("\n"):
        if line.startswith("|---"):
            continue
        if line.startswith("|"):
            line = "\t".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        lines.append(line.lstrip("# "))
    return "\n".join(lines)


CHANNELS = "\n表：依申请公开申请渠道统计\n渠道\t当面申请\t网络申请\t信函申请\t合计\n件数\t34\t66\t23\t123\n"
LAST_ROW_B = "四、结转下年度继续办理\t\t\t0\t0\t0\t0\t1\t2\t3\n"


@pytest.mark.parametrize(("carried", "expected"), [("3", []), ("4", ["GK201", "GK401"])])
def test_a_table_added_after_table_three_in_tab_text(
    carried: str, expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _as_tab_text((EXAMPLES / "clean-2023.md").read_text(encoding="utf-8"))
    assert LAST_ROW_B in text
    text = text.replace(LAST_ROW_B, LAST_ROW_B[:-2] + carried + "\n" + CHANNELS)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert sorted(f["code"] for f in data["findings"]) == expected


def test_the_part_out_of_place_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    five, six = text.index("## 五、"), text.index("## 六、")
    swapped = text[:five] + text[six:].rstrip("\n") + "\n\n" + text[five:six]
    path = tmp_path / "report.md"
    path.write_text(swapped, encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK102")
    assert [f["message"] for f in data["findings"]] == ["第五部分出现在第六部分之后，应在其前"]


def test_rows_the_agency_numbered_in_table_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """1.规章 and 2.行政规范性文件: numbering the template does not have is layout, and the rows bind."""
    edits = [("| 规章 | 0 |", "| 1.规章 | 0 |"), ("| 行政规范性文件 | 1 |", "| 2.行政规范性文件 | 1 |")]
    assert _found(tmp_path, capsys, *edits) == []
    main(["extract", str(tmp_path / "report.md"), "--format", "json"])
    cells = json.loads(capsys.readouterr().out)["cells"]
    in_force = [c["value"] for c in cells if (c["row"], c["column"]) == ("normative_documents", "in_force")]
    assert in_force == [39]


def _numbered_rows(text: str) -> str:
    """Table 三 with a 序号 column before its labels, as a table rebuilt in a spreadsheet has."""
    lines, number, inside = text.split("\n"), 0, False
    for n, line in enumerate(lines):
        inside = (inside or line.startswith("## 三、")) and not line.startswith("## 四、")
        if not inside or not line.startswith("|"):
            continue
        if line.startswith("|---"):
            lines[n] = "|---" + line
        elif line.startswith("| （本列") or line.startswith("|  |  |  |"):
            lines[n] = "| 序号 " + line
        else:
            number += 1
            lines[n] = f"| {number} " + line
    return "\n".join(lines)


@pytest.mark.parametrize(("carried", "expected"), [("3", []), ("4", ["GK201", "GK401"])])
def test_a_column_of_row_numbers_before_the_labels(
    carried: str, expected: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    last = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"
    text = _numbered_rows(text.replace(last, last[:-3] + carried + " |"))
    assert "| 25 | 四、结转下年度继续办理 |" in text
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert sorted(f["code"] for f in data["findings"]) == expected


def test_leaves_numbered_in_brackets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """（1）属于国家秘密 for 1.属于国家秘密: numbering written another way, no typo."""
    edits = [(f"| {n}.", f"| （{n}）") for n in range(1, 9)]
    assert _found(tmp_path, capsys, *edits) == []
