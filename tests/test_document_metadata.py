"""The publication date is a typed field of a document's metadata; the mapping view stays for plugins."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from gklint.binder import bind
from gklint.plugin import Document, DocumentMetadata, Paragraph
from gklint.readers.html import HtmlReader
from gklint.templates.national import NATIONAL_2021


def test_a_mapping_given_by_an_older_reader_becomes_the_typed_model() -> None:
    document = Document("r.txt", "text", (), metadata={"published": "2024-02-15 09:30", "producer": "WPS"})
    assert document.published == date(2024, 2, 15)
    assert document.metadata.fields == {"producer": "WPS"}
    assert document.metadata.get("published") == "2024-02-15"
    assert document.metadata == {"producer": "WPS", "published": "2024-02-15"}
    assert pickle.loads(pickle.dumps(document)) == document


def test_a_text_that_is_no_date_stays_text_and_gives_no_date() -> None:
    metadata = DocumentMetadata.of({"published": "去年"})
    assert metadata.published is None and metadata["published"] == "去年"


def test_with_published_sets_the_date_and_ignores_empty_text() -> None:
    document = Document("r.txt", "text", ())
    assert document.with_published("") is document
    assert document.with_published("2023-03-01").published == date(2023, 3, 1)
    assert document.with_published(date(2023, 3, 2)).metadata.published_text == "2023-03-02"


def test_the_html_reader_gives_the_pages_meta_date_as_a_date() -> None:
    page = '<html><head><meta name="PubDate" content="2024-01-20 10:00:00"></head><body><p>正文</p></body></html>'
    document = HtmlReader().read("p.html", page.encode("utf-8"))
    assert document.published == date(2024, 1, 20)


def test_the_binder_takes_the_date_line_of_the_opening_unless_one_is_known() -> None:
    lines = ("某某县人民政府2023年政府信息公开工作年度报告", "发布时间：2024-01-18 16:34", "一、总体情况")
    document = Document("r.txt", "text", tuple(Paragraph(text) for text in lines))
    assert bind(document, [NATIONAL_2021]).document.published == date(2024, 1, 18)
    known = document.with_published("2024-03-01")
    assert bind(known, [NATIONAL_2021]).document.published == date(2024, 3, 1)


@pytest.mark.parametrize(
    "line",
    [
        "时间：2024-03-15   作者：张三   来源：某某局   点击：",
        "发文日期：2024-03-15",
        "2024-03-15 来源：某某局",
        "[ 2024-03-15 ] 来源：某某局",
        "信息来源：某某局 发布时间：2024-03-15",
        "成文日期：2024-01-10 发布日期：2024-03-15",  # the page's date, not the document's
        "发布日期：2024年03月15日 10:30  来源：某某局  浏览次数：128",
        "来源：某某局　　时间：2024-03-15　　浏览次数：123",
        "发表时间：2024-03-15",
        "发布时间：２０２４－０３－１５",  # full-width digits
        "發佈時間：2024-03-15",  # a Traditional mirror: 佈 is 布
        "發佈日期：2024年03月15日",
    ],
)
def test_the_date_lines_portals_write(line: str) -> None:
    lines = ("某某局2023年政府信息公开工作年度报告", line, "一、总体情况")
    document = Document("r.txt", "text", tuple(Paragraph(text) for text in lines))
    assert bind(document, [NATIONAL_2021]).document.published == date(2024, 3, 15)


def test_the_date_line_under_a_portals_menus_is_read() -> None:
    menus = ("首页", "政务公开", "政务服务", "互动交流", "走进某县", "信息公开指南", "信息公开制度", "法定主动公开内容")
    lines = (
        *menus,
        "政府信息公开年报",
        "依申请公开",
        "当前位置：首页 > 政务公开 > 年报",
        "某某局2023年政府信息公开工作年报",
    )
    document = Document(
        "r.txt", "text", tuple(Paragraph(text) for text in (*lines, "发布时间：2024-03-15", "一、总体情况"))
    )
    assert bind(document, [NATIONAL_2021]).document.published == date(2024, 3, 15)


@pytest.mark.parametrize("line", ["2024年3月15日，本局召开政务公开工作会议。", "成文日期：2024-03-15"])
def test_dates_that_are_not_the_pages(line: str) -> None:
    lines = ("某某局2023年政府信息公开工作年度报告", line, "一、总体情况")
    document = Document("r.txt", "text", tuple(Paragraph(text) for text in lines))
    assert bind(document, [NATIONAL_2021]).document.published is None
