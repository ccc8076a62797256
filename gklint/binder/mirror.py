"""Pinyin that mirror sites insert after characters (``信息處(chù)理費``): dropped from the prose, so
that the rules that read prose (the fee statement, the numbers the text gives, the period) read it as
the agency wrote it. A paragraph that held some keeps its line, not its columns. Table labels need
none of this: they are compared without their pinyin (``normalize_label``)."""

from __future__ import annotations

from gklint.binder.spacing import rewritten
from gklint.model import Document
from gklint.text import strip_pinyin


def without_pinyin(document: Document) -> Document:
    """``document`` with the pinyin after its paragraphs' characters dropped."""
    return rewritten(document, _unpinyined)


def _unpinyined(text: str) -> str | None:
    if "(" not in text:
        return None  # no pinyin without its bracket: most paragraphs
    stripped = strip_pinyin(text)
    return stripped if len(stripped) != len(text) else None
