"""Helpers with one home, shared by readers and formatters through the public API."""

from __future__ import annotations

import pytest

from gklint.plugin import (
    Finding,
    Location,
    ReadError,
    Severity,
    decode_text_report,
    empty_file,
    finding_line,
    has_cjk,
    is_cjk_char,
    place_in_file,
    place_note,
)


@pytest.mark.parametrize(
    ("char", "wide"),
    [
        ("中", True),
        ("。", True),
        ("（", True),
        ("ア", True),
        ("\U00020000", True),
        ("a", False),
        ("1", False),
        ("", False),
    ],
)
def test_cjk_characters_are_those_written_without_spaces(char: str, wide: bool) -> None:
    assert is_cjk_char(char) is wide


def test_has_cjk_wants_an_ideograph_not_punctuation() -> None:
    assert has_cjk("总计") and not has_cjk("（）。") and not has_cjk("total")


def test_text_reports_that_hold_nothing_or_no_text_are_refused() -> None:
    assert decode_text_report("一、总体情况\n".encode("gb18030")).text.startswith("一、总体情况")
    with pytest.raises(ReadError) as raised:
        decode_text_report(b" \r\n\t ")
    assert raised.value.message == empty_file().message == "文件为空"


@pytest.mark.parametrize(
    ("location", "zh", "en"),
    [
        (Location(line=3, column=2), "", ""),
        (Location(page=3), "第 3 页", "page 3"),
        (Location(element="表格 2 / 行 5"), "表格 2 / 行 5", "表格 2 / 行 5"),
        (Location(), "", ""),
    ],
)
def test_the_place_of_a_finding_in_a_source_without_lines(location: Location, zh: str, en: str) -> None:
    assert place_in_file(location, "zh") == zh and place_in_file(location, "en") == en
    assert place_note(location, "zh") == (f"（{zh}）" if zh else "")
    assert place_note(location, "en", leading=True) == (f"{en}: " if en else "")


def test_a_finding_line_stays_one_printable_line() -> None:
    finding = Finding(
        "GK201", "row-total", Severity.ERROR, "第一行\n第二行\x1b", "x", "a.txt", Location(line=2, column=5)
    )
    line = finding_line(finding, "zh")
    assert line == "a.txt:2:5: GK201 [error] 第一行 第二行\\x1b"
