"""The statistics period and the publication date as portals and agencies write them: a date in the
page's table of fields, a label with its date under it, clock times in the period, 统计年度, 至年底;
and date ranges in the narrative that are no statistics period."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_json

TITLE = "黄石市生态环境局2023年政府信息公开工作年度报告"  # a city department: due by 31 January
PERIOD = "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
BODY = [
    "一、总体情况",
    "2023年，本机关认真落实《条例》，全年主动公开政府信息1260条。",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "本机关未收取信息处理费。",
]


def dated_codes(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    _, data = run_json(capsys, str(path), "--select", "GK112,GK3")
    return sorted(f["code"] for f in data["findings"])


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def html_page(fields: str) -> str:
    paragraphs = "".join(f"<p>{line}</p>" for line in [PERIOD, *BODY])
    return f"<html><body><h1>{TITLE}</h1>{fields}{paragraphs}</body></html>"


@pytest.mark.parametrize(
    "fields",
    [
        "<table><tr><td>索引号：</td><td>011001-2024-00012</td><td>发布日期：</td><td>{date}</td></tr></table>",
        "<table><tr><td>索引号：011001-2024-00012　发布日期：{date}</td></tr></table>",
        "<p>发布日期：</p><p>{date}</p>",
        "<p>发布时间 {date}</p>",  # no colon
    ],
)
def test_the_publication_date_in_the_page_s_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fields: str
) -> None:
    late = tmp_path / "late.html"
    late.write_text(html_page(fields.format(date="2024-03-15")), encoding="utf-8")
    assert dated_codes(capsys, late) == ["GK305"]
    on_time = tmp_path / "on_time.html"
    on_time.write_text(html_page(fields.format(date="2024-01-20")), encoding="utf-8")
    assert dated_codes(capsys, on_time) == []


def test_the_publication_date_in_a_row_of_fields_in_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fields = "索引号： | 011001-2024-00012 | 发布日期： | 2024-03-15 |"
    assert dated_codes(capsys, write(tmp_path, "r.txt", [TITLE, fields, PERIOD, *BODY])) == ["GK305"]


def test_a_named_field_below_a_long_menu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    menu = [f"栏目{n}" for n in range(40)]
    lines = [*menu, TITLE, "发布日期：2024-03-15", PERIOD, *BODY]
    assert dated_codes(capsys, write(tmp_path, "r.txt", lines)) == ["GK305"]


@pytest.mark.parametrize(
    ("period", "codes"),
    [
        ("本报告所列数据统计期限为2023年01月01日00:00至2023年12月31日24:00。", []),
        ("本报告所列数据统计期限为2022年01月01日00:00至2022年12月31日24:00。", ["GK302"]),
        ("本报告所列数据统计年度为2023年。", []),
        ("本报告所列数据统计年度为2022年。", ["GK302"]),
        ("本报告所列数据的统计期限自2023年1月1日起至年底止。", []),
        ("本报告所列数据的统计期限自2022年1月1日起至年底止。", ["GK302"]),
    ],
)
def test_period_wordings(tmp_path: Path, capsys: pytest.CaptureFixture[str], period: str, codes: list[str]) -> None:
    assert dated_codes(capsys, write(tmp_path, "r.txt", [TITLE, period, *BODY])) == codes


@pytest.mark.parametrize(
    "narrative",
    [
        "组织开展网站专项检查，检查时段为2023年9月1日至9月30日，整改问题12个。",
        "经统计，2023年1月至6月共受理政务咨询56件。",
    ],
)
def test_a_date_range_in_the_narrative_is_no_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], narrative: str
) -> None:
    """No period is stated (GK301); the range of a check or of a count is not one (no GK303)."""
    lines = [TITLE, "根据《条例》要求，编制本报告。", *BODY[:2], narrative, *BODY[2:]]
    assert dated_codes(capsys, write(tmp_path, "r.txt", lines)) == ["GK301"]


@pytest.mark.parametrize(("work", "blamed"), [("2023", "period"), ("2022", "title")])
def test_a_report_copied_from_last_year_is_told_by_the_year_of_its_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], work: str, blamed: str
) -> None:
    """Titled 2023, its period 2022 and dated January 2023: a 2022 report titled with the year it
    was published in, or a 2023 report whose period and dating line were copied from last year's.
    §一 tells which: the year whose work it reports."""
    period = PERIOD.replace("2023", "2022")
    narrative = [f"{work}年，本机关认真落实《条例》。", f"{work}年全年主动公开政府信息1260条。"]
    lines = [TITLE, period, BODY[0], *narrative, *BODY[2:], "黄石市生态环境局", "2023年1月20日"]
    _, data = run_json(capsys, str(write(tmp_path, "r.txt", lines)), "--select", "GK302")
    found = [(f["code"], f["line"]) for f in data["findings"]]
    assert found == [("GK302", 1 if blamed == "title" else 2)]


@pytest.mark.parametrize(
    "above",
    [
        ["日期：2024年5月6日 星期一"],  # the portal's header shows today's date
        ["相关推荐", "黄石市生态环境局关于开展大气污染防治检查的通知 发布时间：2024-05-06"],  # another page's date
    ],
)
def test_the_report_s_own_field_is_taken_before_other_dates_above_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], above: list[str]
) -> None:
    lines = [*above, TITLE, "发布时间：2024-01-20", PERIOD, *BODY]
    assert dated_codes(capsys, write(tmp_path, "r.txt", lines)) == []


def test_a_time_field_in_the_report_s_text_is_no_publication_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [TITLE, PERIOD, *BODY[:2], "时间：2024年3月15日，地点：局三楼会议室，议题：审议年度报告。", *BODY[2:]]
    assert dated_codes(capsys, write(tmp_path, "r.txt", lines)) == []


@pytest.mark.parametrize(
    "edge",
    [["— 1 —"], ["1"], ["第 1 页 共 6 页"], ["1", TITLE]],  # a page's number, and a running head with the title
)
@pytest.mark.parametrize("year", ["2023", "2022"])
def test_a_period_broken_over_a_page_s_edge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edge: list[str], year: str
) -> None:
    """Text from a PDF: the period statement runs on over the end of the page."""
    head, tail = f"本报告所列数据的统计期限自{year}年1月1日起至", f"{year}年12月31日止。"
    lines = [TITLE, head, *edge, tail, *BODY]
    assert dated_codes(capsys, write(tmp_path, "r.txt", lines)) == ([] if year == "2023" else ["GK302"])


def test_a_title_year_in_spaced_out_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spaced = TITLE.replace("2023", "2 0 2 3 ")
    assert dated_codes(capsys, write(tmp_path, "r.txt", [spaced, PERIOD, *BODY])) == []


@pytest.mark.parametrize(
    ("agency", "due"),
    [
        ("武汉海关", "2024-01-31"),  # departments: 31 January
        ("湖北省沙洋广华监狱", "2024-01-31"),
        ("黄石市发展和改革委员会（黄石市粮食局）", "2024-01-31"),  # a second name in brackets
        ("西塞山区（黄石经济技术开发区）", "2024-03-31"),  # a government: 31 March
    ],
)
def test_the_deadline_of_agencies_named_otherwise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], agency: str, due: str
) -> None:
    path = write(tmp_path, "r.txt", [f"{agency}2023年政府信息公开工作年度报告", PERIOD, *BODY])
    for published, late in ((due, False), (f"{due[:8]}{int(due[8:]) - 1:02d}", False), ("2024-04-15", True)):
        _, data = run_json(capsys, str(path), "--select", "GK305", "--published", published)
        assert [f["code"] for f in data["findings"]] == (["GK305"] if late else []), published


@pytest.mark.parametrize(
    ("dating", "late"),
    [
        ("2024年2月20日", True),
        ("2024-02-20", True),
        ("2024.2.20", True),
        ("2024/2/20", True),
        ("黄石市生态环境局 2024-01-20", False),
        ("2024-02-20 10:32", False),  # a clock time: a page's field, no dating line
        ("2024-2.20", False),  # the separators differ: no date
    ],
)
def test_a_report_dated_in_digits_under_its_last_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], dating: str, late: bool
) -> None:
    path = write(tmp_path, "r.txt", [TITLE, PERIOD, *BODY, "黄石市生态环境局", dating])
    assert dated_codes(capsys, path) == (["GK305"] if late else [])
