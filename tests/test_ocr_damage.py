"""What OCR and PDF-to-Markdown converters do to a table, on the clean example: a row label that
lost its numbering (（七）总计 as 总计, which is also a column header), the same row named by a
heading and then, unnumbered, by its table's first cell, and two numbers whose cell border was lost
(13 0), empty spacer columns between the values. Each binds to the right row, or is reported at the
right cell; none is read as a number."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.text import parse_number
from tests.conftest import EXAMPLES, run_json

RESULTS_TOTAL_ROW = "|  | （七）总计 |  | 16 | 9 | 19 | 26 | 37 | 16 | 123 |"
CARRIED_OUT_ROW = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"
GENERIC_HEADER = "| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |\n|---|---|---|---|---|---|---|---|"


def _findings(tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str) -> list[tuple[str, str, str]]:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "report.md"
    path.write_text(text.replace(old, new), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK0,GK1,GK2,GK4")
    return [(f["code"], f["logical"].get("row") or "", f["logical"].get("column") or "") for f in data["findings"]]


@pytest.mark.parametrize(
    ("row", "found"),
    [
        # the row label alone, unnumbered: bound by its place, the label reported
        ("|  | 总计 |  | 16 | 9 | 19 | 26 | 37 | 16 | 123 |", [("GK105", "results_total", "")]),
        # a number of it broken as well: the totals rules find it at that cell
        (
            "|  | 总计 |  | 16 | 8 | 19 | 26 | 37 | 16 | 123 |",
            [
                ("GK105", "results_total", ""),
                ("GK201", "results_total", "commercial"),
                ("GK202", "results_total", "commercial"),
                ("GK401", "results_total", "commercial"),
            ],
        ),
    ],
)
def test_results_total_without_its_numbering(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], row: str, found: list[tuple[str, str, str]]
) -> None:
    assert _findings(tmp_path, capsys, RESULTS_TOTAL_ROW, row) == found


@pytest.mark.parametrize(
    ("old", "new", "row"),
    [
        ("| 三、本年度办理结果 | （一）予以公开 |", "| 三、本年度办理结果 | 予以公并 |", "disclosed"),
        ("| 四、结转下年度继续办理 |", "| 结转下年度继续力理 |", "carried_out"),  # the table's last row
    ],
)
def test_a_misread_label_without_its_numbering_is_bound_where_it_stands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, row: str
) -> None:
    assert _findings(tmp_path, capsys, old, new) == [("GK105", row, "")]


def test_a_heading_then_the_row_unnumbered_is_one_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each row a small table under a heading that names it, as one OCR layout gives them."""
    last_rows = f"{RESULTS_TOTAL_ROW}\n{CARRIED_OUT_ROW}"
    blocks = (
        f"\n### （七）总计\n{GENERIC_HEADER}\n| 总计 | 16 | 9 | 19 | 26 | 37 | 16 | 123 |\n\n"
        f"### 四、结转下年度继续办理\n{GENERIC_HEADER}\n| 结转下年度继续办理 | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"
    )
    assert _findings(tmp_path, capsys, last_rows, blocks) == []
    misread = blocks.replace("| 结转下年度继续办理 |", "| 结转下年度继续力理 |")
    assert _findings(tmp_path, capsys, last_rows, misread) == [("GK105", "carried_out", "")]


def test_two_numbers_run_together_are_no_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``16 9`` is never 169: the row ends in the blank its lost border left, so the cell is the two
    cells it was, and the table adds up (a full row keeps it unread: tests/test_converter_merges.py)."""
    found = _findings(tmp_path, capsys, "| 16 | 9 | 19 | 26 | 37 | 16 | 123 |", "| 16 9 | 19 | 26 | 37 | 16 | 123 |  |")
    assert found == []


def test_spacer_columns_between_the_values_are_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every value of table 三 followed by an empty column (a converter's spacer columns, or headings
    that stand apart from numbers aligned to one side of their cells): each row still holds exactly
    its seven values."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    start, end = text.index("## 三、"), text.index("## 四、")
    spaced = []
    for line in text[start:end].splitlines():
        cells = line.strip().strip("|").split("|")
        if line.startswith("|") and not line.startswith("|---") and len(cells) == 10:
            line = "|" + "|".join(cells[:3] + [f"{cell}|  " for cell in cells[3:]]) + "|"
        spaced.append(line)
    path = tmp_path / "report.md"
    path.write_text(text[:start] + "\n".join(spaced) + "\n" + text[end:], encoding="utf-8")
    assert "| 16 |  | 9 |  |" in path.read_text(encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK0,GK1,GK2,GK4")
    assert data["findings"] == []


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("13 0", None),  # two numbers
        ("1 3 0", 130),  # letter-spaced
        ("1 234", 1234),  # thousands
        ("- 1", -1),
        ("2\u200b", 2),  # an editor's zero-width space after the number
        ("\ufeff12", 12),
        ("1\u200b2", 12),
        ("1234\u200b", 1234),
        ("\ufeff2025", 2025),
        ("0 5", None),  # no number spaced out starts with 0
        ("0 123", None),  # nor in groups of three
    ],
)
def test_spaces_inside_a_number(raw: str, value: int | None) -> None:
    assert parse_number(raw) == value


def test_a_row_numbering_the_columns_is_no_row_of_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """栏次 | 1 | 2 | … under the headings numbers the columns; every row keeps its own numbers."""
    header = "|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |"
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert header in text
    numbered = header + "\n| 栏次 |  |  | 1 | 2 | 3 | 4 | 5 | 6 | 7 |"
    assert _findings(tmp_path, capsys, header, numbered) == []


def test_two_numbers_in_one_cell_of_a_full_row_leave_its_columns_unknown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``| 0 0 | 4 | 3 | 4 | 0 | 1 | 1 |``: two numbers in one cell that no number spaced out can be
    (none starts with 0) in a row of its width: a bar elsewhere is no border (OCR drew one through
    11), so the row is said unreadable, its values not bound by a position that is shifted (which
    broke two columns' sums, GK202). ``1 03`` may be 103 spaced out: that cell alone is unread."""
    row = "| 5.属于三类内部事务信息 | 0 | 0 | 4 | 3 | 4 | 0 | 11 |"
    found = _findings(tmp_path, capsys, row, "| 5.属于三类内部事务信息 | 0 0 | 4 | 3 | 4 | 0 | 1 | 1 |")
    assert found == [("GK010", "withheld.5", "")]
    new = "| 16 | 9 | 19 | 26 | 35 | 18 | 123 |"
    spaced = _findings(tmp_path, capsys, new, "| 16 | 9 | 19 | 26 | 35 | 18 | 1 23 |")  # 123 spaced out, or two?
    assert ("GK109", "new", "total") in spaced and not [f for f in spaced if f[0] == "GK010"]
