"""Markdown tables as HTML-to-Markdown converters write them when a table's first row is one wide
cell (html2text): that cell alone over a ``---`` line, then rows without outer bars and without a
separator row. Read as tables: a consistent report draws nothing, a broken total its finding."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import run_json
from tests.render.synth import consistent_values, make_content
from tests.render.text import markdown


def bare_rows(text: str) -> str:
    """``text``'s tables as html2text writes them."""
    out: list[str] = []
    first = True
    for line in text.splitlines():
        if not line.startswith("|"):
            out.append(line)
            first = True
            continue
        if set(line) <= set("|-: "):
            continue  # the separator row goes
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if first:
            out += [next((c for c in cells if c), ""), "---"]
            first = False
        else:
            out.append(" |  ".join(cells))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("broken", [False, True], ids=["consistent", "broken-total"])
def test_bare_pipe_rows_read_as_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: bool) -> None:
    values = consistent_values(random.Random(3))
    if broken:
        values["applications"]["new"]["total"] = str(int(values["applications"]["new"]["total"]) + 1)
    path = tmp_path / "2023.md"
    path.write_text(bare_rows(markdown(make_content(values, 2023, "示例县示例局"))), encoding="utf-8")
    assert "行政许可 |" in path.read_text(encoding="utf-8")
    _, data = run_json(capsys, str(path), "--no-cache")
    found = {(f["code"], f["logical"]["row"], f["logical"]["column"]) for f in data["findings"]}
    assert found == ({("GK201", "new", "total"), ("GK401", "new", "total")} if broken else set())


def test_a_blank_last_cell_after_a_bare_row_s_last_bar() -> None:
    """html2text ends a row whose last cell is blank with its bar (``… |  1 |  ``), which GFM would
    read as an outer bar: among rows one cell longer without it, the cell is there, blank. A table
    whose rows all end in a bar keeps GFM's reading."""
    from gklint.model import Table
    from gklint.readers.markdown import markdown_blocks

    def rows(text: str) -> list[list[str]]:
        (table,) = [block for block in markdown_blocks(text) if isinstance(block, Table)]
        return [[cell.text for cell in row] for row in table.rows]

    html2text = "\n".join(["信息内容 |  本年制发件数 |  本年废止件数 |  现行有效件数  ", "规章 |  0 |  0 |  0  ",
                           "行政规范性文件 |  1 |  1 |    "])  # fmt: skip
    assert rows(html2text)[-1] == ["行政规范性文件", "1", "1", ""]
    assert rows("a | b |\nc | d |\n") == [["a", "b"], ["c", "d"]]


def test_a_blank_last_cell_is_reported_in_its_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = bare_rows(markdown(make_content(consistent_values(random.Random(3)), 2023, "示例县示例局")))
    lines = text.split("\n")
    (at,) = [i for i, line in enumerate(lines) if line.startswith("行政规范性文件")]
    lines[at] = lines[at][: lines[at].rindex("|") + 1] + "    "  # 现行有效件数 left blank
    path = tmp_path / "2023.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--no-cache")
    found = [(f["code"], f["logical"]["row"], f["logical"]["column"]) for f in data["findings"]]
    assert ("GK107", "normative_documents", "in_force") in found and not [f for f in found if f[0] == "GK010"]
