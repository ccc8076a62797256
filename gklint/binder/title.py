"""The title, the agency and the report year, from the lines before the first part heading."""

from __future__ import annotations

import re

from gklint.model import (
    NOWHERE,
    Document,
    Location,
    Paragraph,
)
from gklint.text import (
    chinese_numeral,
    fold,
    has_cjk,
)

YEAR = r"(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}"
_TITLE_WORDS = re.compile(r"(?:政府)?(?:信息公开|政务公开)")
_TITLE_END = re.compile(r"(?:年度报告|年报|报告)(?:\((?:全文|正文)\))?$")
_YEAR_IN_TITLE = re.compile(rf"({YEAR})年度?")
_AGENCY_NOISE = re.compile(r"^(?:关于)|(?:关于|的)$")


def _title_parts(norm: str) -> tuple[str, int] | None:
    """(agency, year) of a title such as 某局2023年政府信息公开工作年度报告, or None.

    Also 2023年某局政府信息公开…, 某局政府信息公开工作2023年度报告, 某市人民政府关于2023年度…的年度报告,
    and a title in 《》 or ending in （全文）.
    """
    norm = norm.replace("《", "").replace("》", "").strip('"')
    words, year = _TITLE_WORDS.search(norm), _YEAR_IN_TITLE.search(norm)
    if words is None or year is None or not _TITLE_END.search(norm):
        return None
    if year.start() < words.start():
        agency = norm[: year.start()] or norm[year.end() : words.start()]
    else:
        agency = norm[: words.start()]
    agency = _AGENCY_NOISE.sub("", _AGENCY_NOISE.sub("", agency.strip(" ：:，,")))
    value = year_value(year.group(1))
    return (agency, value) if value else None


def year_value(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_numeral(text)


def find_title(document: Document, first_heading: int) -> tuple[str | None, Location, str | None, int | None]:
    """(title, location, agency, year) from the paragraphs before the first part heading.

    A marked heading wins; otherwise the last title-like line, since portal pages put links to
    other years' reports above the report itself.
    """
    previous = ""
    found: list[tuple[bool, str, Location, str | None, int | None]] = []
    for block in document.blocks[: max(first_heading, 1)]:
        if not isinstance(block, Paragraph):
            continue
        text = re.sub(r"^#+", "", block.text).strip()
        norm = re.sub(r"\s+", "", fold(text))
        if not norm:
            continue
        parts = _title_parts(norm) if len(norm) <= 80 else None
        if parts:
            agency = parts[0] or _agency_line(previous)
            found.append((block.heading_level > 0, text, block.location, agency or None, parts[1]))
        previous = norm
    if not found:
        return None, NOWHERE, None, None
    marked = [f for f in found if f[0]]
    _, title, location, name, year = (marked or found)[-1]
    return title, location, name, year


def _agency_line(text: str) -> str:
    """A line above the title that names the agency on its own (no digits, not a sentence)."""
    if text and len(text) <= 40 and has_cjk(text) and not re.search(r"\d|[。，,]", text):
        return text
    return ""
