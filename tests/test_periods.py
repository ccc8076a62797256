"""Statistics periods as real reports spell them, cut-off dates stated instead of a range, pinyin
inserted by mirror sites; and the publication deadline of the agency's level (GK305)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.binder.period import find_period
from gklint.model import Document, Location, Paragraph, StatedPeriod
from tests.conftest import EXAMPLES, ROOT, edited_example, run_json

CORPUS = ROOT.parent / "shared" / "corpus"
STATEMENT = "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
TITLE = "# 示例市示例局2023年政府信息公开工作年度报告"


def period_in(*lines: str) -> StatedPeriod | None:
    blocks = tuple(Paragraph(text, Location(line=n, column=1)) for n, text in enumerate(lines, 1))
    return find_period(Document("report.txt", "text", blocks))


def located(period: StatedPeriod, *lines: str) -> str:
    """The source text at the period's location."""
    location = period.location
    assert location.line is not None and location.column is not None and location.end_column is not None
    return lines[location.line - 1][location.column - 1 : location.end_column - 1]


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("本报告所列数据统计期限自2023年1月1日开始至2023年12月31日止。", (2023, 1, 1), (2023, 12, 31)),
        ("本报告中所列数据统计期限为2023年1月1日始至12月31日。", (2023, 1, 1), (None, 12, 31)),
        ("统计期限自二〇二三年一月一日起至十二月三十一日止。", (2023, 1, 1), (None, 12, 31)),
        ("统计期限为2023.1.1-2023.12.31。", (2023, 1, 1), (2023, 12, 31)),
        ("统计期限自2023年1月1日零时起至2023年12月31日24时止。", (2023, 1, 1), (2023, 12, 31)),
        ("统计时间：2023年1月1日—2023年12月31日", (2023, 1, 1), (2023, 12, 31)),
        ("统计期限自2023年1月1号至12月31号。", (2023, 1, 1), (None, 12, 31)),
        ("本报告所列数据的统计期限为2023年度。", (2023, 1, 1), (2023, 12, 31)),
        ("本報告所列數據統計期限為2023年1月1日至2023年12月31日。", (2023, 1, 1), (2023, 12, 31)),
        # the data's time, named without 统计 or 期限
        ("本报告中数据起止时间为2023年1月1日至2023年12月31日。", (2023, 1, 1), (2023, 12, 31)),
        ("本报告数据时间范围为2023年1月1日至2023年12月31日。", (2023, 1, 1), (2023, 12, 31)),
        ("本报告使用数据的时间段为2023年1月1日至2023年12月31日。", (2023, 1, 1), (2023, 12, 31)),
        # cut-off dates: a period that starts and ends on that date
        ("本报告数据核定时间点为2022年12月31日。", (2022, 12, 31), (2022, 12, 31)),
        ("本报告统计截止时间为2023年12月31日。", (2023, 12, 31), (2023, 12, 31)),
        ("本报告所列数据统计截至2023年12月底。", (2023, 12, 31), (2023, 12, 31)),
    ],
)
def test_period_spellings(sentence: str, start: tuple[int | None, int, int], end: tuple[int | None, int, int]) -> None:
    period = period_in(sentence)
    assert period is not None
    assert (period.start, period.end) == (start, end)
    assert located(period, sentence) == period.text


@pytest.mark.parametrize(
    "sentence",
    [
        "截止到2021年12月，迎宾路街道主动公开涉及疫情防控等方面信息423条。",  # dates a count
        "据统计，截至2023年12月31日，累计公开政府信息100条。",
        "2023年1月1日至12月31日，我局共收到申请5件。",  # no period cue before the range
        "专项行动起止时间为2023年3月1日至2023年5月31日。",  # a time, not the data's
    ],
)
def test_dates_in_the_narrative_are_no_period(sentence: str) -> None:
    assert period_in("根据《条例》要求编制本报告。", sentence) is None


def test_a_cue_ending_the_line_before_is_read_across_the_break() -> None:
    lines = (
        "并附相关指标统计表。本年度报告中所列数据的统计周期",
        "为 2024 年 1 月 1 日至 12 月 31 日。年度报告电子版可以下载。",
    )
    period = period_in(*lines)
    assert period is not None and (period.start, period.end) == ((2024, 1, 1), (None, 12, 31))
    assert period.location.line == 2 and located(period, *lines) == period.text


def test_pinyin_inserted_after_characters_reads_as_the_plain_words() -> None:
    line = "本報告數(shù)據(jù)核定時(shí)間點為2022年12月31日。"
    period = period_in(line)
    assert period is not None and period.end == (2022, 12, 31)
    assert located(period, line) == "數(shù)據(jù)核定時(shí)間點為2022年12月31日"


def test_a_cut_off_far_into_the_narrative_is_no_period() -> None:
    filler = "本局认真贯彻落实《条例》，持续推进政务公开。" * 120
    assert period_in("根据《条例》要求编制本报告。", filler, "本报告数据统计截至2023年12月31日。") is None


def _codes(tmp_path: Path, capsys: pytest.CaptureFixture[str], *replacements: tuple[str, str], select: str = "GK3"):  # type: ignore[no-untyped-def]
    _, data = run_json(capsys, str(edited_example(tmp_path, *replacements)), "--select", select)
    return [(f["code"], f["message_id"]) for f in data["findings"]]


def test_a_cut_off_date_is_a_stated_period_that_gk303_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _codes(tmp_path, capsys, (STATEMENT, "本报告数据核定时间点为2023年12月31日。"))
    assert found == [("GK303", "cutoff")]


def test_a_cut_off_of_the_wrong_year_is_reported_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = _codes(tmp_path, capsys, (STATEMENT, "本报告统计截止时间为2022年12月31日。"))
    assert sorted(found) == [("GK302", "year"), ("GK303", "cutoff")]


@pytest.mark.parametrize(
    ("period_year", "work", "found"),
    [
        (2022, "2023年，本局", [("GK112", "none"), ("GK302", "year")]),  # §一 tells of 2023 twice
        (2023, "2023年，本局", [("GK112", "none")]),
        (2022, "本年度，本局", [("GK112", "none")]),  # §一 names no year: nothing to go by
        (2022, "2022年，本局", [("GK112", "none")]),  # §一 agrees with the period
    ],
)
def test_a_report_whose_title_a_crawler_lost_is_of_the_year_its_first_part_tells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], period_year: int, work: str, found: list[tuple[str, str]]
) -> None:
    statement = STATEMENT.replace("2023", str(period_year))
    edits = ((TITLE + "\n", ""), (STATEMENT, statement), ("2023年，本局", work))
    assert sorted(_codes(tmp_path, capsys, *edits, select="GK112,GK3")) == found


def test_a_count_dated_in_the_narrative_leaves_the_period_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = _codes(tmp_path, capsys, (STATEMENT, "截止到2023年12月，本局主动公开政府信息423条。"))
    assert found == [("GK301", "missing")]


TRADITIONAL = (
    ("本报告中所列数据的统计期限", "本報告中所列數(shù)據(jù)的統(tǒng)計期限"),
    ("一、总体情况", "一、總體情況"),
    ("二、主动公开政府信息情况", "二、主動公開政府資訊情況"),
    ("三、收到和处理政府信息公开申请情况", "三、收到和處理政府信息公開申請情況"),
    ("| 行政规范性文件 |", "| 行政規範性檔案 |"),
    ("本年制发件数", "本年製發件數"),
    ("现行有效件数", "現行有效件數"),
    ("二、上年结转政府信息公开申请数量", "二、上年結轉政府信息公開申請數(shù)量"),
    ("四、结转下年度继续办理", "四、結轉下年度繼續辦理"),
)


def test_a_traditional_mirror_copy_reads_as_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _codes(tmp_path, capsys, *TRADITIONAL, select="GK") == []


# --------------------------------------------------------------------------- the agency's level (GK305)


@pytest.mark.parametrize(
    ("agency", "published", "late"),
    [
        ("平潭综合实验区", "2024-03-10", False),  # a place: the government's own report
        ("示例市示例区", "2024-03-20", False),
        ("示例县人民政府", "2024-03-31", False),
        ("示例县人民政府", "2024-04-01", True),
        ("示例经济技术开发区管理委员会", "2024-03-20", False),
        ("示例新区管委会", "2024-03-20", False),
        ("示例地区行政公署", "2024-03-20", False),  # a prefecture's government, not a department (署)
        ("鄂城区市场监管局", "2024-02-10", True),  # a department
        ("示例市城市管理委员会", "2024-02-10", True),
        ("示例市人民政府办公室", "2024-02-10", True),
        ("示例县政务服务中心", "2024-02-10", True),
        ("示例镇人民政府", "2024-05-10", False),  # a township: a local deadline
        ("示例", "2024-05-10", False),  # the name does not say
    ],
)
def test_the_deadline_follows_the_agency_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], agency: str, published: str, late: bool
) -> None:
    title = f"# {agency}2023年政府信息公开工作年度报告"
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8").replace(TITLE, title)
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK305", "--published", published)
    assert [f["code"] for f in data["findings"]] == (["GK305"] if late else [])


@pytest.mark.parametrize(
    ("agency", "published", "late"),
    [
        ("示例市人民政府办公室", "2024-03-20", False),  # the office compiles the government's report
        ("", "2024-03-20", False),
        ("示例市示例局", "2024-03-20", True),  # a department compiling its own units stays a department
    ],
)
def test_a_report_compiled_from_the_units_is_the_governments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], agency: str, published: str, late: bool
) -> None:
    compiled = "本报告根据《条例》要求，汇总示例市各有关单位政府信息公开工作情况编制而成。" + STATEMENT
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    text = text.replace(TITLE, f"# {agency}2023年政府信息公开工作年度报告").replace(STATEMENT, compiled)
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK305", "--published", published)
    assert [f["code"] for f in data["findings"]] == (["GK305"] if late else [])


@pytest.mark.parametrize(("published", "late"), [("2018-03-20", False), ("2018-04-02", True)])
def test_reports_before_2019_had_until_31_march_whatever_the_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], published: str, late: bool
) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8").replace("2023年", "2017年")
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK305", "--published", published)
    assert [f["message_en"] for f in data["findings"]] == (
        [f"published on {published}, after the deadline 2018-03-31 for a government agency"] if late else []
    )


def test_the_zone_report_published_in_march_is_on_time(capsys: pytest.CaptureFixture[str]) -> None:
    page = CORPUS / "full" / "pingtan-2024.html"
    if not page.is_file():
        pytest.skip("the real reports (../shared/corpus/full) are not present")
    _, data = run_json(capsys, str(page), "--select", "GK305")
    assert data["findings"] == []


@pytest.mark.parametrize("name", ["011.txt", "019.txt", "020.txt", "026.txt", "029.txt", "032.txt", "048.txt"])
def test_openings_without_a_period_statement_still_say_so(capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = CORPUS / "openings" / name
    if not path.is_file():
        pytest.skip("the labelled openings (../shared/corpus/openings) are not present")
    _, data = run_json(capsys, str(path), "--select", "GK301")
    assert [f["code"] for f in data["findings"]] == ["GK301"]


def test_the_mirror_period_with_pinyin_is_found(capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "openings" / "052.txt"
    if not path.is_file():
        pytest.skip("the labelled openings (../shared/corpus/openings) are not present")
    _, data = run_json(capsys, str(path), "--select", "GK3")
    assert data["findings"] == []
