"""Prose that OCR wrote with a space between every character (``2023 年 度 本 单 位 未 收 取 信 息 处 理
费 。``), and titles spaced out to fill a line: the spaces between Chinese characters, marks and digits
are dropped, and within a year spelt digit by digit (``2 0 2 3 年``), so that the rules that
read prose (the period, the fee statement, the numbers the text gives) read it as written.

Only paragraphs where spaced pairs of characters far outnumber pairs side by side are joined; their
locations keep the line, not the columns (the joined text no longer stands where the source's did).
Table labels need none of this: they are compared without their spaces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from gklint.model import Document, Location, Paragraph
from gklint.text import lazy_pattern

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"  # characters, their marks, full-width forms
_SPACED_PAIR = lazy_pattern(f"[{_CJK}] (?=[{_CJK}])")
_CLOSE_PAIR = lazy_pattern(f"[{_CJK}](?=[{_CJK}])")
_JOINABLE = lazy_pattern(f"(?<=[{_CJK}]) (?=[{_CJK}0-9])|(?<=[0-9]) (?=[{_CJK}])")
# A year spelt digit by digit (2 0 2 3 年): joined; other spaced digits may be a row's values (0 0 0).
_SPACED_YEAR = lazy_pattern(r"(?<![0-9] )(?<![0-9])([12]) ([09]) ([0-9]) ([0-9])(?= ?[年度])")
_MIN_SPACED = 4  # pairs a space apart: a heading of two spaced words is not OCR's spacing


def despaced(document: Document) -> Document:
    """``document`` with its OCR-spaced paragraphs joined."""
    return rewritten(document, _joined)


def _joined(text: str) -> str | None:
    return _JOINABLE.sub("", _SPACED_YEAR.sub(r"\1\2\3\4", text)) if _is_spaced(text) else None


def rewritten(document: Document, rewrite: Callable[[str], str | None]) -> Document:
    """``document`` with each paragraph whose text ``rewrite`` gives anew (None: as it is) holding
    that text, standing on its line, not at its columns (the text no longer stands where it did)."""
    blocks = list(document.blocks)
    changed = False
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and (text := rewrite(block.text)) is not None:
            blocks[index] = replace(block, text=text, location=_line_of(block.location))
            changed = True
    return replace(document, blocks=tuple(blocks)) if changed else document


def _is_spaced(text: str) -> bool:
    if text.count(" ") * 3 < len(text):  # most prose: a space in many characters, decided here
        return False
    spaced = len(_SPACED_PAIR.findall(text))
    return spaced >= _MIN_SPACED and spaced > 2 * len(_CLOSE_PAIR.findall(text))


def _line_of(location: Location) -> Location:
    return Location(
        line=location.line, end_line=location.end_line, page=location.page, bbox=location.bbox, element=location.element
    )
