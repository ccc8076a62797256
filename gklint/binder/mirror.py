"""Pinyin that mirror sites insert after characters (``信息處(chù)理費``): dropped from the prose, so
that the rules that read prose (the fee statement, the numbers the text gives, the period) read it as
the agency wrote it. A paragraph that held some keeps its line, not its columns. Table labels need
none of this: they are compared without their pinyin (``normalize_label``)."""

from __future__ import annotations

from dataclasses import replace

from gklint.binder.spacing import line_of
from gklint.model import Document, Paragraph
from gklint.text import strip_pinyin


def without_pinyin(document: Document) -> Document:
    """``document`` with the pinyin after its paragraphs' characters dropped."""
    blocks = list(document.blocks)
    changed = False
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and "(" in block.text:
            text = strip_pinyin(block.text)
            if len(text) != len(block.text):
                blocks[index] = replace(block, text=text, location=line_of(block.location))
                changed = True
    return replace(document, blocks=tuple(blocks)) if changed else document
