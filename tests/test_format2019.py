"""The 2019 trial format: bound by its own template, checked by the same rules, flagged when a
report of 2021 or later still uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.readers.text import TextReader
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021
from tests.conftest import EXAMPLES, run_json

SUMMARY_ROWS = ("new", "carried_in", "results_total", "carried_out")
LEAVES = [row.label for row in NATIONAL_2019.table("applications").rows if row.key not in SUMMARY_ROWS]


def _row(label: str, numbers: list[int]) -> str:
    return "| " + " | ".join([label, *map(str, numbers), str(sum(numbers))]) + " |"


def report_2019(year: int, other: list[int] | None = None) -> str:
    """A report in the 2019 trial layout: 19 result leaves with a single （六）其他处理 row."""
    other = other or [1, 0, 0, 0, 0, 0]
    leaves = {label: [0] * 6 for label in LEAVES}
    leaves["（一）予以公开"] = [2, 1, 0, 0, 0, 0]
    leaves["（六）其他处理"] = other
    totals = [sum(v[i] for v in leaves.values()) for i in range(6)]
    table_b = [_row("一、本年新收政府信息公开申请数量", totals), _row("二、上年结转政府信息公开申请数量", [0] * 6)]
    table_b += ["| 三、本年度办理结果 | | | | | | | |"] + [_row(label, v) for label, v in leaves.items()]
    table_b += [_row("（七）总计", totals), _row("四、结转下年度继续办理", [0] * 6)]
    return "\n".join([
        f"样例县样例局{year}年政府信息公开工作年度报告",
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
        "一、总体情况", "本局依法做好政府信息公开工作。",
        "二、主动公开政府信息情况",
        "| 第二十条第（一）项 | | | |",
        "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
        "| 规章 | 0 | 0 | 0 |", "| 规范性文件 | 3 | 3 | 25 |",
        "| 第二十条第（五）项 | | | |",
        "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        "| 行政许可 | 40 | -2 | 310 |", "| 其他对外管理服务事项 | 5 | 0 | 12 |",
        "| 第二十条第（六）项 | | | |",
        "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |",
        "| 行政处罚 | 12 | 1 | 88 |", "| 行政强制 | 3 | 0 | 4 |",
        "| 第二十条第（八）项 | | | |",
        "| 信息内容 | 上一年项目数量 | 本年增/减 | |", "| 行政事业性收费 | 6 | -1 | |",
        "| 第二十条第（九）项 | | | |",
        "| 信息内容 | 采购项目数量 | 采购总金额 | |", "| 政府集中采购 | 14 | 356.2 | |",
        "三、收到和处理政府信息公开申请情况",
        "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        *table_b,
        "四、政府信息公开行政复议、行政诉讼情况",
        "| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |",
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |",
        "| | | | | | " + " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + " |",
        "| " + " | ".join(["0"] * 15) + " |",
        "五、存在的主要问题及改进情况", "公开质量有待提高。",
        "六、其他需要报告的事项", "本年度未收取信息处理费。",
    ]) + "\n"  # fmt: skip


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_2019_layout_binds_with_its_own_template(tmp_path: Path) -> None:
    path = _write(tmp_path, report_2019(2020))
    report = bind(TextReader().read(str(path), path.read_bytes()), [NATIONAL_2021, NATIONAL_2019])

    assert report.template == "national-2019"
    assert len(report.applications) == 23  # 19 result leaves
    assert report.active["licensing"]["change"].value == -2
    assert report.active["procurement"]["amount"].raw == "356.2"


def test_2019_report_of_2020_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, str(_write(tmp_path, report_2019(2020))))
    assert data["findings"] == [] and code == 0


def test_2019_layout_for_a_2022_report_is_outdated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, str(_write(tmp_path, report_2019(2022))))
    assert [f["code"] for f in data["findings"]] == ["GK106"]


def test_single_other_row_counts_in_the_results_total(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = report_2019(2020).replace("| （七）总计 | 3 |", "| （七）总计 | 4 |")
    _, data = run_json(capsys, str(_write(tmp_path, text)))
    assert sorted({f["code"] for f in data["findings"]}) == ["GK201", "GK202", "GK401"]


def test_citing_the_2019_notice_in_a_2021_format_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (
        (EXAMPLES / "clean-2023.md")
        .read_text(encoding="utf-8")
        .replace("国办公开办函〔2021〕30号", "国办公开办函[2019]60号")
    )
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path))
    assert [(f["code"], f["line"]) for f in data["findings"]] == [("GK106", 3)]


def test_group_label_glued_to_its_first_row_label(tmp_path: Path) -> None:
    text = report_2019(2020).replace("| 1.属于国家秘密 |", "| （三）不予公开 1.属于国家秘密 |", 1)
    text = text.replace(
        "| 三、本年度办理结果 | | | | | | | |\n| （一）予以公开 |", "| 三、本年度办理结果（一）予以公开 |", 1
    )
    path = _write(tmp_path, text)
    report = bind(TextReader().read(str(path), path.read_bytes()), [NATIONAL_2021, NATIONAL_2019])

    assert report.applications["withheld.1"]["total"].raw == "0"
    assert report.applications["disclosed"]["natural_person"].raw == "2"
    assert not report.notes


@pytest.mark.parametrize("minus", ["\u2212", "\u2010", "\u2011", "\u2013", "\uff0d"])
def test_signed_change_written_with_a_minus_sign_or_hyphen(
    minus: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """−2 as portal pages (&minus;) and PDF text layers write it is −2 in the signed 本年增/减 column."""
    text = report_2019(2020).replace("| 行政许可 | 40 | -2 |", f"| 行政许可 | 40 | {minus}2 |")
    path = _write(tmp_path, text)
    report = bind(TextReader().read(str(path), path.read_bytes()), [NATIONAL_2021, NATIONAL_2019])
    assert report.active["licensing"]["change"].value == -2
    _, data = run_json(capsys, str(path))
    assert data["findings"] == []


def test_a_minus_sign_alone_is_not_applicable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = report_2019(2020).replace("| 政府集中采购 | 14 | 356.2 |", "| 政府集中采购 | 14 | \u2212 |")
    _, data = run_json(capsys, str(_write(tmp_path, text)))
    assert [f["code"] for f in data["findings"]] == ["GK108"]


def _cell_a_line(text: str) -> str:
    """The report as a mirror copies it: each table cell on a line of its own ending in `` |``."""
    lines = []
    for line in text.splitlines():
        if line.startswith("|"):
            lines.extend(f"{cell.strip()} |" for cell in line.strip("|").split("|") if cell.strip())
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("cell_a_line", [False, True])
def test_a_column_heading_cut_short_is_named_in_either_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cell_a_line: bool
) -> None:
    """上一年项 for 上一年项目数量, a heading a page cut: GK105 at each, in rows of bars and with a cell a line."""
    text = report_2019(2019).replace("上一年项目数量", "上一年项")
    path = tmp_path / "report.txt"
    path.write_text(_cell_a_line(text) if cell_a_line else text, encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK105")
    assert [f["message"] for f in data["findings"]] == ["「上一年项」与模板不一致，应为「上一年项目数量」"] * 3
