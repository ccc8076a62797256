"""Titles as real reports write them: wrapped, repeated, after breadcrumbs and portal toolbars, at the
head of a crawler's one-line page, in Traditional script; and GK112 naming what a title lacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gklint import text as text_module
from gklint.binder import bind
from gklint.model import Report
from gklint.readers.text import TextReader
from gklint.templates.national import NATIONAL_2019, NATIONAL_2021
from gklint.text import normalize_label, strip_pinyin_mapped, to_simplified
from tests.conftest import EXAMPLES, ROOT, run_json

FULL = ROOT.parent / "shared" / "corpus" / "full"
BODY = "一、总体情况\n2023年，本局认真贯彻落实《条例》。\n二、主动公开政府信息情况\n"


def bound(text: str) -> Report:
    document = TextReader().read("report.txt", text.encode("utf-8"))
    return bind(document, [NATIONAL_2021, NATIONAL_2019])


def title_of(text: str) -> tuple[str | None, int | None]:
    report = bound(text + BODY)
    return report.agency, report.year


@pytest.mark.parametrize(
    ("opening", "agency", "year"),
    [
        # wrapped over two lines
        ("市政府研究室2019年政府信息公开\n工作年度报告\n", "市政府研究室", 2019),
        ("某县教育局2023年度\n政府信息公开工作年度报告\n", "某县教育局", 2023),
        # wrapped inside the title words, as a long title in large type wraps by itself
        ("湘乡市科技和工业信息化局2023年政府信息\n公开工作年度报告\n", "湘乡市科技和工业信息化局", 2023),
        ("湘潭市岳塘区人民政府办公室2023年度政\n府信息公开工作年度报告\n", "湘潭市岳塘区人民政府办公室", 2023),
        # the agency on a line of its own above the title
        ("孝感市人民政府办公室\n2020年政府信息公开工作年度报告\n", "孝感市人民政府办公室", 2020),
        # ... or under it, the title wrapped or not
        ("2023年政府信息公开工作年度报告\n湘乡市城市管理和综合执法局\n", "湘乡市城市管理和综合执法局", 2023),
        ("2023年政府信息公开\n工作年度报告\n某县教育局\n", "某县教育局", 2023),
        # the year after the title, in brackets of either width
        ("鄂城区市场监管局政府信息公开工作年度报告(2024年度)\n", "鄂城区市场监管局", 2024),
        ("某区财政局政府信息公开工作年度报告（2024年）\n", "某区财政局", 2024),
        # the page title and the body title
        (
            "某市统计局2022年政府信息公开工作年度报告\n日期:2023-01-20\n2022年政府信息公开工作年度报告\n",
            "某市统计局",
            2022,
        ),
        # a breadcrumb trail before the title
        ("当前位置：首页 > 政务公开 > 年度报告 > 某局2023年政府信息公开工作年度报告\n", "某局", 2023),
        # a crawler's header field
        ("标题: 某新区2021年度政府信息公开工作年度报告\n发布时间: 2022-02-08 16:34\n", "某新区", 2021),
        # Traditional script, with the Taiwan-style word 資訊 for 信息
        ("國家機關事務管理局2021年度政府資訊公開工作年度報告\n", "国家机关事务管理局", 2021),
        ("国家机关事务管理局2021年度政府信息公開工作年度報告\n", "国家机关事务管理局", 2021),
        # the year in brackets before the agency
        ("【2022年】黄石市生态环境局政府信息公开工作年度报告\n", "黄石市生态环境局", 2022),
        # the agency on the line above the title, with a second name in brackets
        (
            "湘乡市发展和改革局（湘乡市粮食局）\n2023年政府信息公开工作年度报告\n",
            "湘乡市发展和改革局(湘乡市粮食局)",
            2023,
        ),
        # the year or the agency in brackets after the title words
        ("某市某局政府信息公开工作年度报告（2023）\n", "某市某局", 2023),
        ("2023年政府信息公开工作年度报告（某市某局）\n", "某市某局", 2023),
        # a sentence that publishes the report, standing first: the verb is no part of the agency
        (
            "现公布湘乡市商务局2023年政府信息公开工作年度报告。本报告所列数据的统计期限为2023年。\n",
            "湘乡市商务局",
            2023,
        ),
        # no title, but the opening names the report: its agency and its year, not the statistics period's
        (
            "根据《条例》规定，现公布市商务局2023年政府信息公开工作年度报告。统计期限自2022年1月1日起至2022年12月31日止。\n",
            "市商务局",
            2023,
        ),
    ],
)
def test_title_agency_and_year(opening: str, agency: str, year: int) -> None:
    assert title_of(opening) == (agency, year)


@pytest.mark.parametrize(
    "chrome",
    [
        "今天是 智能问答无障碍浏览长者模式\n",
        "当前位置：首页 > 政务公开 > 政府信息公开年报\n",
        "首页 > 信息公开 > 年度报告\n",
    ],
)
def test_portal_chrome_is_never_the_agency(chrome: str) -> None:
    assert title_of(chrome + "2023年政府信息公开工作年度报告\n") == (None, 2023)


def test_a_preamble_sentence_is_not_a_title() -> None:
    opening = "根据《条例》规定，现公布区统计局2023年政府信息公开工作年度报告。\n"
    assert bound(opening + BODY).title is None


def test_a_sentence_naming_the_report_is_no_title_but_says_whose_it_is() -> None:
    """No title (GK112), but the agency the opening names is the report's, for the year-on-year rules."""
    report = bound("某市市场监督管理局2023年政府信息公开工作年度报告，是根据《条例》编制的。\n" + BODY)
    assert (report.title, report.agency, report.year) == (None, "某市市场监督管理局", 2023)


def test_the_agency_the_opening_names_beats_a_banner_over_a_title_without_one() -> None:
    """A site's banner line over a title that names no agency is not the agency: the opening says whose."""
    banner = "某市人民政府\n2023年政府信息公开工作年度报告\n"
    report = bound(banner + "某市科技局2023年政府信息公开工作年度报告，是根据《条例》编制的。\n" + BODY)
    assert (report.agency, report.year) == ("某市科技局", 2023)
    assert bound("某市人民政府\n2023年政府信息公开工作年度报告\n" + BODY).agency == "某市人民政府"


@pytest.mark.parametrize(
    ("opening", "codes"),
    [
        # the title names no agency: the opening's sentence says whose it is, but the title lacks it
        (
            "2023年政府信息公开工作年度报告\n某市科技局2023年政府信息公开工作年度报告，是根据《条例》编制的。\n",
            ["GK112"],
        ),
        # the agency on the line above the title: a title block that names it
        (
            "某市人民政府办公室\n2023年政府信息公开工作年度报告\n现公开某市人民政府办公室2023年政府信息公开工作年度报告。\n",
            [],
        ),
    ],
)
def test_gk112_asks_the_title_block_for_the_agency(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], opening: str, codes: list[str]
) -> None:
    path = tmp_path / "report.txt"
    path.write_text(opening + BODY, encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK112")
    assert [f["code"] for f in data["findings"]] == codes


PREAMBLE = (
    "本报告根据《中华人民共和国政府信息公开条例》要求编制。"
    "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
)


def test_a_title_run_into_the_preamble_is_the_title() -> None:
    """A PDF that sets its title as body text runs it into the preamble's paragraph."""
    report = bound("湘乡市某某镇人民政府2023年政府信息公开工作年度报告" + PREAMBLE + "\n" + BODY)
    assert (report.title, report.agency, report.year) == (
        "湘乡市某某镇人民政府2023年政府信息公开工作年度报告",
        "湘乡市某某镇人民政府",
        2023,
    )


@pytest.mark.parametrize(
    "opening",
    [
        "现将本机关2023年政府信息公开工作年度报告公布如下。" + PREAMBLE,  # no agency's name
        "某局2022年政府信息公开工作年度报告\n某局2023年政府信息公开工作年度报告" + PREAMBLE,  # one stands apart
    ],
)
def test_a_title_run_into_text_is_taken_only_when_none_stands_apart(opening: str) -> None:
    report = bound(opening + "\n" + BODY)
    assert report.title is None or report.year == 2022


def test_a_link_to_another_year_lends_no_agency() -> None:
    opening = "某局2022年政府信息公开工作年度报告\n2023年政府信息公开工作年度报告\n"
    assert title_of(opening) == (None, 2023)


CRAWLED = (
    "标题: 某某综合实验区2021年度政府信息公开工作年度报告\n"
    "发布时间: 2022-02-08 16:34\n"
    "发布机构: \n"
    "==================== 正文 ====================\n"
    "当前位置： 首页政务公开政府信息公开政府信息公开年报 某某综合实验区2021年度政府信息公开工作年度报告 "
    "来源：某某县人民政府 时间：2022-02-08 16:34 微信 微博 文字版 相关链接： --> 根据《中华人民共和国政府信息公开条例》"
    "等文件要求，我区编制完成了本报告。本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止。"
    "一、总体情况 2021年，我区……\n"
)


def test_a_crawled_page_on_one_line_gives_title_agency_year_and_publication_date() -> None:
    body = CRAWLED.replace("标题: 某某综合实验区2021年度政府信息公开工作年度报告\n", "")
    report = bound(body)
    assert (report.title, report.agency, report.year) == (
        "某某综合实验区2021年度政府信息公开工作年度报告",
        "某某综合实验区",
        2021,
    )
    line = body.splitlines()[report.title_location.line - 1]
    start, end = report.title_location.column - 1, report.title_location.end_column - 1
    assert line[start:end] == report.title
    assert report.document.metadata["published"] == "2022-02-08"
    assert report.period is not None and report.period.start == (2021, 1, 1)


def test_a_date_the_reader_or_the_command_line_gave_stays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    path = tmp_path / "report.md"
    path.write_text(text.replace("\n\n", "\n\n发布时间：2024-03-01\n\n", 1), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK305")
    assert [(f["code"], f["actual"]) for f in data["findings"]] == [("GK305", "2024-03-01")]
    _, data = run_json(capsys, str(path), "--select", "GK305", "--published", "2024-01-20")
    assert data["findings"] == []


def _gk112(tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str) -> list[str]:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    path = tmp_path / "report.md"
    path.write_text(text.replace("# 示例市示例局2023年政府信息公开工作年度报告", title), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK112")
    return [f["message"] for f in data["findings"]]


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("# 示例市示例局2023年政府信息公开工作年度报告", None),
        ("示例市示例局2023年政府信息公开\n工作年度报告", None),
        ("# 示例市示例局政府信息公开工作年度报告（2023年度）", None),
        ("# 2023年政府信息公开工作年度报告", "标题「2023年政府信息公开工作年度报告」中没有机关名称"),
        ("# 示例市示例局政府信息公开工作年度报告", "标题「示例市示例局政府信息公开工作年度报告」中没有报告年度"),
        ("# 政府信息公开工作年度报告", "标题「政府信息公开工作年度报告」中没有机关名称和年度"),
        ("", "报告没有标题（应写明机关名称和年度）"),
    ],
)
def test_gk112_names_what_the_title_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str, message: str | None
) -> None:
    assert _gk112(tmp_path, capsys, title) == ([message] if message else [])


def test_gk112_in_english_names_the_missing_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    path = tmp_path / "report.md"
    path.write_text(text.replace("示例局2023年", "示例局"), encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", "GK112")
    assert [f["message_en"] for f in data["findings"]] == [
        "the title '示例市示例局政府信息公开工作年度报告' does not give the report year"
    ]


@pytest.mark.parametrize("name", ["pingtan-2019.txt", "pingtan-2021.txt", "pingtan-2022.txt", "pingtan-2025.txt"])
def test_crawled_real_reports_name_their_agency_and_year(name: str) -> None:
    path = FULL / name
    if not path.is_file():
        pytest.skip("the real reports (../shared/corpus/full) are not present")
    report = bind(TextReader().read(str(path), path.read_bytes()), [NATIONAL_2021, NATIONAL_2019])
    year = int(name[8:12])
    assert (report.agency, report.year) == ("平潭综合实验区", year)
    assert report.document.metadata["published"].startswith(str(year + 1))
    assert report.period is not None and report.period.start == (year, 1, 1)


# --------------------------------------------------------------------------- Traditional script and pinyin


@given(st.text(alphabet=st.sampled_from("國家機關資訊檔案规范性文件數據統計(shù)abc 1２，。"), max_size=40))
def test_folding_keeps_every_column(text: str) -> None:
    assert len(to_simplified(text)) == len(text)
    stripped, offsets = strip_pinyin_mapped(text)
    assert [text[i] for i in offsets[:-1]] == list(stripped) and offsets[-1] == len(text)


def test_the_fold_never_touches_simplified_text() -> None:
    traditional, simplified = text_module._TRADITIONAL, text_module._SIMPLIFIED
    assert len(traditional) == len(simplified) == len(set(traditional))
    for old, new in zip(traditional, simplified, strict=True):
        with pytest.raises(UnicodeEncodeError):
            old.encode("gb2312")  # a character Simplified text never uses
        new.encode("gb2312")


@pytest.mark.parametrize(
    ("label", "plain"),
    [
        ("二、主動(dòng)公開政府資訊情況", "二,主动公开政府信息情况"),
        ("行政規範性檔案", "行政规范性文件"),
        ("（四）無法提供", "(四)无法提供"),
        ("五、存在的主要問題及改進(jìn)情況", "五,存在的主要问题及改进情况"),
        ("情况(a)说明(1)", "情况(a)说明(1)"),  # brackets without a tone mark are no pinyin
        ("復議(yì)後起訴", "复议后起诉"),  # the pinyin parted 議後, a word the fold spells 议后
    ],
)
def test_labels_fold_traditional_words_and_drop_pinyin(label: str, plain: str) -> None:
    assert normalize_label(label) == plain
