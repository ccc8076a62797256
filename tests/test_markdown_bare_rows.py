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
