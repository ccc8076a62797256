"""A fee written with its unit in its cell (948.95万元, 9489500元), in text copied from a page where
each cell stands on a line of its own, indented by tabs or by spaces as copying leaves it: read as
the fee row's value, so that GK501 judges the unit and no blank cell is reported instead."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_json
from tests.render.synth import consistent_values, make_content
from tests.render.text import cell_per_line


def report(fee: str, indent: str) -> str:
    values = consistent_values(random.Random(11))
    values["active"]["fees"]["amount"] = fee
    text = cell_per_line(make_content(values, 2023, "示例县示例局"))
    return "\n".join(indent + line[1:] if line.startswith("\t") else line for line in text.splitlines()) + "\n"


@pytest.mark.parametrize("indent", ["\t", " " * 8, "\u3000\u3000"], ids=["tab", "spaces", "ideographic"])
@pytest.mark.parametrize(
    ("fee", "codes"), [("948.95万元", []), ("948.95万", []), ("9489500元", ["GK501"]), ("948.95", [])]
)
def test_a_fee_with_its_unit_is_the_fee_rows_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], indent: str, fee: str, codes: list[str]
) -> None:
    path = tmp_path / "2023.txt"
    path.write_text(report(fee, indent), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--no-cache")
    found = [(f["code"], f["logical"]["row"]) for f in data["findings"]]
    assert found == [(code, "fees") for code in codes]


@pytest.mark.parametrize(
    ("fee", "codes"), [("948.95万元", []), ("948.95万", []), ("9489500元", ["GK501"]), ("948.95", [])]
)
def test_a_fee_with_its_unit_after_its_label_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fee: str, codes: list[str]
) -> None:
    """As a layout-keeping PDF-to-text tool writes the row: label, a wide gap, the amount."""
    lines = report(fee, " " * 8).splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.strip() == "行政事业性收费"]
    lines[at : at + 2] = [f"行政事业性收费        {lines[at + 1].strip()}"]
    path = tmp_path / "2023.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, data = run_json(capsys, str(path), "--no-cache")
    assert [(f["code"], f["logical"]["row"]) for f in data["findings"]] == [(code, "fees") for code in codes]


@pytest.mark.parametrize(
    ("header", "codes"),
    [
        ("本年收费金额（单位：万 元）", []),  # distributed alignment in Word, as pdftotext -layout keeps it
        ("本 年 收 费 金 额 （ 单 位 ： 万 元 ）", []),  # OCR: a space between every character
        ("本年收费金额（单位：元）", ["GK501"]),
    ],
)
def test_a_fee_header_spaced_out_is_still_in_wan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, codes: list[str]
) -> None:
    text = report("948.95", "\t")
    assert text.count("本年收费金额（单位：万元）") == 1
    path = tmp_path / "2023.txt"
    path.write_text(text.replace("本年收费金额（单位：万元）", header), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--no-cache")
    assert [f["code"] for f in data["findings"]] == codes


def test_a_header_in_yuan_says_the_amount_changes_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Changing the header back to 万元 is half the fix: the finding gives the amount in 万元 as well."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    text = text.replace("本年收费金额（单位：万元）", "本年收费金额（单位：元）")
    text = text.replace("| 行政事业性收费 | 524.94 |", "| 行政事业性收费 | 5249400 |")
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path))
    [finding] = data["findings"]
    assert finding["code"] == "GK501" and "5249400 元 = 524.94 万元" in finding["message"]
