"""Names of WordprocessingML and reading its numbers and children safely."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
WRAPPERS = frozenset(W + t for t in ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo"))
VAL = W + "val"
_NUMBER = re.compile(r"[0-9]{1,9}", re.A)  # "²" and "፩" pass isdigit(), but int() refuses them


def children(el: _Element, tag: str) -> Iterator[_Element]:
    """Children named ``tag``, looking through content controls and custom XML wrappers."""
    for child in el:
        found = child.tag
        if found == tag:
            yield child
        elif found in WRAPPERS:
            yield from children(child, tag)


def find(el: _Element | None, name: str) -> _Element | None:
    """The first child ``w:<name>``. Properties (``w:pPr``, ``w:tcPr``…) come first in their
    element, so the first child is tried before ``iterchildren``, which filters in C but costs
    more to set up (``find`` parses a path in Python)."""
    if el is None:
        return None
    tag = W + name
    for child in el:
        if child.tag == tag:
            return child
        break
    for child in el.iterchildren(tag):
        return child
    return None


def number(text: str) -> int | None:
    """A whole number of ASCII digits, as Word writes them; None for anything else."""
    return int(text) if _NUMBER.fullmatch(text) else None


def int_val(el: _Element | None, default: int) -> int:
    value = number(el.get(W + "val", "")) if el is not None else None
    return default if value is None else value


def int_attr(el: _Element, name: str) -> int | None:
    return number(el.get(W + name, ""))
