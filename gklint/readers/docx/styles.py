"""Which paragraph styles are headings, and of which level (through ``w:basedOn``)."""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from gklint.readers.docx.names import W, find, number
from gklint.readers.docx.package import Package

if TYPE_CHECKING:
    from lxml.etree import _Element

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_NAMES = frozenset({"title", "标题"})


def heading_styles(package: Package, document_name: str) -> dict[str, int]:
    """Paragraph style id -> heading level, following ``w:basedOn``."""
    base = posixpath.dirname(document_name)
    rels = posixpath.join(base, "_rels", posixpath.basename(document_name) + ".rels")
    name = package.target(rels, "styles", base) or posixpath.join(base, "styles.xml")
    if name not in package.names:
        return {}
    own: dict[str, int] = {}
    based_on: dict[str, str] = {}
    for style in package.xml(name).iter(W + "style"):
        if style.get(W + "type") != "paragraph" or not style.get(W + "styleId"):
            continue
        style_id = style.get(W + "styleId", "")
        level = _style_level(style)
        if level:
            own[style_id] = level
        parent = find(style, "basedOn")
        if parent is not None:
            based_on[style_id] = parent.get(W + "val", "")
    return _inherited_levels(own, based_on)


def _inherited_levels(own: dict[str, int], based_on: dict[str, str]) -> dict[str, int]:
    """Each style's heading level: its own, else its base style's; each style resolved once, so a
    chain of 50,000 styles each based on the next costs linear time (and a cycle ends)."""
    resolved: dict[str, int] = {}
    for style_id in sorted(set(own) | set(based_on)):
        path: dict[str, None] = {}  # the chain walked so far, in order (a dict: membership in O(1))
        current: str | None = style_id
        level = 0
        while current and current not in resolved and current not in path:
            path[current] = None
            level = own.get(current, 0)
            if level:
                break
            current = based_on.get(current)
        else:
            level = resolved.get(current, 0) if current else 0
        for seen in path:
            resolved[seen] = own.get(seen) or level
    return {style: level for style, level in resolved.items() if level}


def _style_level(style: _Element) -> int:
    name_el = find(style, "name")
    name = (name_el.get(W + "val", "") if name_el is not None else "").strip()
    match = _HEADING_NAME.match(name)
    if match:
        return int(match.group(1))
    if name.lower() in _TITLE_NAMES:
        return 1
    return outline_level(find(style, "pPr"))


def outline_level(properties: _Element | None) -> int:
    """``w:outlineLvl`` 0-8 is a heading of level 1-9; 9 is body text."""
    outline = find(properties, "outlineLvl")
    if outline is None:
        return 0
    value = number(outline.get(W + "val", ""))
    return value + 1 if value is not None and value < 9 else 0
