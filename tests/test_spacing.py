"""OCR's spaced-out prose is joined for the rules that read prose; other text is left as written."""

from __future__ import annotations

import pytest

from gklint.binder.spacing import despaced
from gklint.model import Document, Location, Paragraph


def joined(text: str) -> Paragraph:
    document = Document("t.txt", "text", (Paragraph(text, Location(3, 5, 3, 5 + len(text))),))
    block = despaced(document).blocks[0]
    assert isinstance(block, Paragraph)
    return block


def test_spaced_prose_is_joined_and_keeps_its_line() -> None:
    block = joined("2023 年 度 本 单 位 未 收 取 信 息 处 理 费 。 共 收 到 申 请 3 件 ， 自 2023 年 1 月 1 日 起")
    assert block.text == "2023年度本单位未收取信息处理费。共收到申请3件，自2023年1月1日起"
    assert block.location.line == 3 and block.location.column is None


def test_a_title_spaced_out_digit_by_digit_keeps_its_year() -> None:
    assert joined("2 0 2 3 年 政 府 信 息 公 开 工 作 年 度 报 告").text == "2023年政府信息公开工作年度报告"
    assert joined("二 〇 二 三 年 度 政 府 信 息 公 开").text == "二〇二三年度政府信息公开"


def test_spaced_digits_that_are_no_year_stay_apart() -> None:
    assert joined("行 政 规 范 性 文 件 0 0 1 2").text == "行政规范性文件0 0 1 2"


@pytest.mark.parametrize(
    "text",
    [
        "2023年，本局 共收到 政府信息公开申请 3 件，均已答复。",  # a few spaces in written prose
        "一 、 总 体",  # too short to say
        "Contact: 0731 — 56776776, Room 3 B",  # no Chinese
        "电话 （ 传真 ） ： 0731 — 56776776",  # spaced, but words side by side outnumber the spaced pairs
    ],
)
def test_other_text_is_left_as_written(text: str) -> None:
    block = joined(text)
    assert block.text == text and block.location.column == 5
