"""One agency's reports across the years are found however each year names it: a government by its
place alone or with 人民政府, a subdistrict with its office or without, 政府办 for 政府办公室, a
portal's field label before the title. Agencies with close names stay apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.binder.title import comparable, title_parts
from gklint.history import agency_key
from tests.conftest import EXAMPLES, run_json
from tests.test_crossyear import CARRIED_IN_2023, report_2022


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("湘乡市龙洞镇人民政府", "湘乡市龙洞镇"),
        ("湘乡市人民政府", "湘乡市"),
        ("湘乡市人民政府", "湘乡市政府"),
        ("新湘路街道办事处", "新湘路街道"),
        ("湘乡市政府办", "湘乡市人民政府办公室"),
        ("湖南省湘乡市财政局", "湘乡市财政局"),
        ("江苏省沭阳县人民政府", "沭阳县人民政府"),
        ("中共湘乡市委编办", "湘乡市委编办"),
        ("中共湖南省湘乡市委办公室", "湘乡市委办公室"),
        ("湘乡市发展和改革局（湘乡市粮食局）", "湘乡市发展和改革局(湘乡市粮食局)"),
        ("湘乡经济开发区管理委员会", "湘乡经济开发区管委会"),
    ],
)
def test_names_of_one_agency_share_a_key(one: str, other: str) -> None:
    assert agency_key(one) == agency_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("湘乡市人民政府", "湘乡市人民政府办公室"),
        ("中山市人民政府", "中山区人民政府"),
        ("湘潭县人民政府", "湘潭市人民政府"),
        ("湘乡市公安局", "湘乡市公安局交警大队"),
        ("湖南省人民政府", "湖南省人民政府办公厅"),
        ("湖南省财政厅", "湖南省商务厅"),
        ("湖南省市场监督管理局", "市场监督管理局"),
    ],
)
def test_close_names_of_two_agencies_stay_apart(one: str, other: str) -> None:
    assert agency_key(one) != agency_key(other)


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("湘乡市人民政府信息公开工作2023年度报告", "湘乡市人民政府"),
        ("湘乡市人民政府（本级）2023年政府信息公开工作年度报告", "湘乡市人民政府"),
        ("信息名称：湘乡市城市管理和综合执法局2022年政府信息公开工作年度报告", "湘乡市城市管理和综合执法局"),
        ("文件名称：某局2023年政府信息公开工作年度报告", "某局"),
        ("【标题】某局2023年政府信息公开工作年度报告", "某局"),
        # an agency with a second name in brackets keeps both (一个机构两块牌子)
        ("湘乡市发展和改革局（湘乡市粮食局）2023年政府信息公开工作年度报告", "湘乡市发展和改革局(湘乡市粮食局)"),
        ("【2022年】某局政府信息公开工作年度报告", "某局"),
    ],
)
def test_the_agency_of_a_title(title: str, agency: str) -> None:
    parts = title_parts(comparable(title))
    assert parts is not None and parts[0] == agency


def test_a_government_named_otherwise_last_year_is_compared(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    this_year = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert "示例市示例局" in this_year
    (tmp_path / "2023.md").write_text(this_year.replace("示例市示例局", "示例市示例镇"), encoding="utf-8")
    last_year = report_2022({**CARRIED_IN_2023, "legal_service": "2", "total": "2"})
    (tmp_path / "2022.txt").write_text(last_year.replace("示例市示例局", "示例市示例镇人民政府"), encoding="utf-8")
    _, data = run_json(capsys, str(tmp_path))
    found = [f for f in data["findings"] if f["code"] == "GK601"]
    assert [(f["logical"]["row"], f["logical"]["column"]) for f in found] == [
        ("carried_in", "legal_service"),
        ("carried_in", "total"),
    ]


def test_a_second_name_on_a_line_of_its_own_in_the_title_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """某局 / （某局的第二块牌子） / 2022年…年度报告: the agency is both names, the title names it, and the
    report is compared with the next year's, whose title runs the names into one line."""
    this_year = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    this_year = this_year.replace("示例市示例局", "示例市示例局（示例市粮食局）")
    (tmp_path / "2023.md").write_text(this_year, encoding="utf-8")
    last_year = report_2022({**CARRIED_IN_2023, "legal_service": "2", "total": "2"})
    title = next(line for line in last_year.splitlines() if "年度报告" in line)
    block = title.replace("示例市示例局", "示例市示例局\n（示例市粮食局）\n")
    (tmp_path / "2022.txt").write_text(last_year.replace(title, block), encoding="utf-8")
    _, data = run_json(capsys, str(tmp_path))
    assert "GK112" not in {f["code"] for f in data["findings"]}
    found = [f for f in data["findings"] if f["code"] == "GK601"]
    assert [(f["logical"]["row"], f["logical"]["column"]) for f in found] == [
        ("carried_in", "legal_service"),
        ("carried_in", "total"),
    ]
