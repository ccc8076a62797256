"""The HTML parser is handed the file's own bytes only when they are exactly the decoded page in UTF-8."""

from __future__ import annotations

import codecs

import pytest

from gklint.readers.html import HtmlReader, _decode, _utf8_of

PAGE = (
    "<html><head><meta charset='{charset}'></head>"
    "<body><p>本年度收到申请80件</p><table><tr><td>一</td><td>2</td></tr></table></body></html>"
)


def _source(data: bytes) -> bytes:
    return _utf8_of(_decode(data), data)


def test_strict_utf8_page_is_parsed_from_its_own_bytes() -> None:
    data = PAGE.format(charset="utf-8").encode("utf-8")
    assert _source(data) is data


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + PAGE.format(charset="utf-8").encode("utf-8"),  # the mark is not page text
        PAGE.format(charset="gbk").encode("gbk"),
        (PAGE.format(charset="utf-8") + "<p>政府信息公开</p>" * 200)
        .encode("utf-8")
        .replace("申".encode(), b"\xe7\x94"),
    ],
)
def test_other_bytes_are_the_decoded_text_encoded(data: bytes) -> None:
    decoded = _decode(data)
    assert _source(data) == decoded.text.encode("utf-8") != data


def test_same_document_whichever_bytes_the_parser_gets() -> None:
    text = PAGE.format(charset="utf-8")
    plain = HtmlReader().read("a.html", text.encode("utf-8"))
    marked = HtmlReader().read("a.html", codecs.BOM_UTF8 + text.encode("utf-8"))
    gbk = HtmlReader().read("a.html", PAGE.format(charset="gbk").encode("gbk"))
    assert plain.blocks == marked.blocks == gbk.blocks
    assert [cell.text for cell in plain.blocks[1].rows[0]] == ["一", "2"]
