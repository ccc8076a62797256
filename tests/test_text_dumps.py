"""Text that PDF tools extract. Column by column (pdfminer's layout analysis, say): a table's numbers
stand in a run after its headings and before its row labels; no row can be given its numbers, one
GK010 says so, and the rows without numbers are not taken for blank rows (no GK107 for each cell).
Line by line (pdfplumber, pdftotext): a page's footer and running header between two rows of a table
leave the table going on."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_json


def _column_by_column() -> str:
    """The clean example with table 三 as such a tool writes it: headings, every number, every label."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    start, end = text.index("## 三、"), text.index("## 四、")
    headings, numbers, labels = [], [], []
    for line in text[start:end].splitlines()[1:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or line.startswith("|---"):
            continue
        written = [cell for cell in cells if cell]
        values = [cell for cell in written if cell.isdigit()]
        if not values:
            headings += written
        else:
            numbers += values
            labels += [cell for cell in written if not cell.isdigit()]
    table = "\n\n".join([*headings, *numbers, *labels])
    return text[:start] + "## 三、收到和处理政府信息公开申请情况\n\n" + table + "\n\n" + text[end:]


def test_numbers_apart_from_their_labels_are_one_gk010(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(_column_by_column(), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK0,GK1,GK2,GK4")
    found = [(f["code"], f["message"]) for f in data["findings"]]
    assert [code for code, _ in found].count("GK107") == 0
    apart = [message for code, message in found if code == "GK010" and "与行标签分开" in message]
    assert len(apart) == 1
    assert not any(code.startswith(("GK2", "GK4")) for code, _ in found)


def _line_by_line() -> str:
    """The clean example as bare lines, a row's label and numbers a space apart (pdfplumber's text)."""
    lines = []
    for line in (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("|---"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else [line]
        lines.append(" ".join(cell for cell in cells if cell).lstrip("# "))
    return "\n".join(lines)


@pytest.mark.parametrize(
    "furniture", ["第 2 页\n示例市示例局2023年政府信息公开工作年度报告", "— 2 —\n政府信息公开工作年度报告"]
)
def test_a_page_footer_and_running_header_inside_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], furniture: str
) -> None:
    text = _line_by_line()
    row = text.index("四、结转下年度继续办理")
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    assert run_json(capsys, str(path))[1]["findings"] == []
    path.write_text(text[:row] + furniture + "\n" + text[row:], encoding="utf-8")
    assert run_json(capsys, str(path))[1]["findings"] == []
