"""What a browser does not show is not read: an editor's stale copy of a table or a sentence hidden
with ``display:none``, Word's hidden text inside a cell or after a label (``mso-hide:all``), a hidden
row; an editor's zero-width space beside a number is no part of it; and a GBK page that declares a
Western charset is read as the Chinese it is."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tests.render.html import HtmlStyle, render_html
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import assert_binds_back_clean

VALUES = consistent_values(random.Random(2), 0.5)
NEW_ROW = re.compile(r"(<tr><td[^>]*>一、本年新收政府信息公开申请数量</td>)((?:<td[^>]*>\d+</td>)+)(</tr>)")


def _page() -> str:
    return render_html(make_content(VALUES)).decode("utf-8")


def _stale_table(page: str) -> str:
    """A copy of table 三 with other numbers before it, hidden."""
    start = page.index("<table", page.index("三、收到和处理政府信息公开申请情况"))
    end = page.index("</table>", start) + len("</table>")
    stale = re.sub(r">(\d+)<", lambda m: f">{int(m.group(1)) + 7}<", page[start:end])
    return page[:start] + f'<div style="display: none">{stale}</div>' + page[start:]


def _stale_sentence(page: str) -> str:
    return page.replace("<h2>二、", '<p style="DISPLAY:NONE">2023年，本局共收到政府信息公开申请9999件。</p><h2>二、', 1)


def _hidden_digit(page: str) -> str:
    return NEW_ROW.sub(
        lambda m: (
            m.group(1)
            + re.sub(
                r"<td>(\d+)</td>", r"<td><span style='display:none;mso-hide:all'>1</span>\1</td>", m.group(2), count=1
            )
            + m.group(3)
        ),
        page,
    )


def _hidden_after_label(page: str) -> str:
    return page.replace(
        "一、本年新收政府信息公开申请数量</td>",
        "一、本年新收政府信息公开申请数量<span style='display:none;mso-hide:all'>（含转办件3件）</span></td>",
        1,
    )


def _hidden_row(page: str) -> str:
    return NEW_ROW.sub(lambda m: m.group(0) + m.group(0).replace("<tr>", '<tr style="display:none">', 1), page, count=1)


def _zero_width(page: str) -> str:
    return NEW_ROW.sub(
        lambda m: m.group(1) + re.sub(r"<td>(\d+)</td>", "<td>\\1\u200b</td>", m.group(2)) + m.group(3), page
    )


@pytest.mark.parametrize(
    "edit", [_stale_table, _stale_sentence, _hidden_digit, _hidden_after_label, _hidden_row, _zero_width]
)
def test_what_a_browser_hides_is_not_read(tmp_path: Path, edit: object) -> None:
    page = _page()
    edited = edit(page)  # type: ignore[operator]
    assert edited != page
    assert_binds_back_clean(tmp_path / "report.html", edited.encode("utf-8"), VALUES)


@pytest.mark.parametrize(
    "hiding",
    [
        ("<body>", '<body style="display:none">'),
        ("<body>", '<body><div id="app" style="visibility: hidden">'),
        # a large script beside the hidden wrapper counts for nothing
        ("<body>", "<body><script>" + "var x = 1;" * 20000 + '</script><div id="app" style="display:none">'),
    ],
)
def test_a_page_hidden_whole_until_its_scripts_run_is_read(tmp_path: Path, hiding: tuple[str, str]) -> None:
    page = _page()
    assert hiding[0] in page
    assert_binds_back_clean(tmp_path / "report.html", page.replace(*hiding, 1).encode("utf-8"), VALUES)


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252"])
def test_a_chinese_page_declaring_a_western_charset(tmp_path: Path, declared: str) -> None:
    page = render_html(make_content(VALUES), HtmlStyle(encoding="gb18030", declared=declared))
    assert f'charset="{declared}"'.encode() in page or f"charset={declared}".encode() in page
    assert_binds_back_clean(tmp_path / "report.html", page, VALUES)
