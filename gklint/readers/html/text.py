"""Text as a browser shows it: which elements count, whitespace collapsed, a cell's text joined."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from gklint.plugin import is_cjk_char

if TYPE_CHECKING:
    from lxml.etree import _Element

# Elements whose text is never report content.
_DROP = frozenset(
    {"head", "script", "style", "noscript", "template", "nav", "aside", "footer", "select", "button", "textarea",
     "iframe", "object", "embed", "svg", "canvas", "map", "audio", "video"}
)  # fmt: skip
BLOCK = frozenset(
    {"address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl",
     "dt", "fieldset", "figcaption", "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
     "html", "legend", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
     "th", "thead", "tr", "ul"}
)  # fmt: skip
HEADINGS = {f"h{n}": n for n in range(1, 7)}
_WS = re.compile(r"[ \t\n\r\f]+")  # HTML collapses ASCII whitespace only (NBSP stays)


def collapse(text: str) -> str:
    """Collapse ASCII whitespace as HTML does; a line break between two CJK characters vanishes."""
    if " " not in text and text.isprintable():  # _no_whitespace, without its call: most cells, numbers and labels
        return text
    # Whitespace at either end goes whatever it holds (a cell's paragraph is inside line breaks): only
    # what is between the first and last other character is collapsed.
    inner = text.strip(" \t\n\r\f")
    if _no_whitespace(inner):
        return inner
    if "\n" not in inner:
        return _WS.sub(" ", inner).strip()

    def space(match: re.Match[str]) -> str:
        start = match.start()
        joined = "\n" in match.group()  # never at either end of ``inner``
        return "" if joined and is_cjk_char(inner[start - 1]) and is_cjk_char(inner[match.end()]) else " "

    return _WS.sub(space, inner).strip()


def _no_whitespace(text: str) -> bool:
    """Whether ``text`` holds no whitespace of any kind, so that collapsing leaves it as it is: every
    whitespace character but the space (ASCII, NBSP, the ideographic space…) is not printable."""
    return " " not in text and text.isprintable()


def dropped(el: _Element) -> bool:
    return not kept(el, el.tag)


def kept(el: _Element, tag: Any) -> bool:
    """Whether an element with this tag (``el.tag``, which the caller has already fetched) is read."""
    if not isinstance(tag, str) or tag in _DROP:
        return False  # comments and processing instructions have no str tag
    role = el.get("role")
    return role is None or role.lower() != "navigation"


def _is_hidden(el: _Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return style is not None and _HIDDEN_STYLE.search(style) is not None


_HIDDEN_STYLE = re.compile(
    r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)", re.I
)


# An element a page hides inline, as its bytes (lower-cased) say it: a page without one (most pages)
# is not walked for them.
_INLINE_HIDING = re.compile(
    rb"""style\s*=\s*["'][^"'>]*(?:display\s*:\s*none|visibility\s*:\s*hidden)|<[^<>]*\shidden(?:[\s>=/])"""
)


def prune_hidden(root: _Element, source: bytes) -> None:
    """Take out of the page what a browser does not show: elements with the ``hidden`` attribute or an
    inline ``display:none`` or ``visibility:hidden`` (Word's hidden text, a stale copy of a table or
    a sentence an editor left in the page). The text after each (its tail) stays where it was. A page
    hidden whole until its scripts run (the body, or a wrapper holding most of its text, scripts and
    styles not counted) is kept."""
    low = source.lower()
    if (b"none" not in low and b"hidden" not in low) or _INLINE_HIDING.search(low) is None:
        return
    found = [el for el in root.iter() if _is_hidden(el)]
    if not found:
        return
    sizes = _text_sizes(root)
    whole = sizes.get(root, 0)
    for el in found:
        parent = el.getparent()
        if parent is None or el.tag in ("html", "body") or 2 * sizes.get(el, 0) > whole:
            continue
        tail = el.tail
        if tail:
            previous = el.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


def _text_sizes(root: _Element) -> dict[_Element, int]:
    """How much text each element shows (what ``_DROP`` elements hold not counted), in one pass from
    the leaves up: nested hidden elements cost no more than the page."""
    sizes: dict[_Element, int] = {}
    stack: list[tuple[_Element, bool]] = [(root, False)]
    while stack:
        el, children_done = stack.pop()
        if not children_done:
            stack.append((el, True))
            stack.extend((child, False) for child in el if isinstance(child.tag, str))
            continue
        if el.tag in _DROP:
            sizes[el] = 0
            continue
        sizes[el] = len(el.text or "") + sum(sizes.get(child, 0) + len(child.tail or "") for child in el)
    return sizes


def cell_text(cell: _Element) -> str:
    """A cell's text: paragraphs, line breaks and nested tables joined without inventing spaces."""
    return collapse(raw_cell_text(cell))


def raw_cell_text(cell: _Element) -> str:
    """A cell's text before its whitespace is collapsed."""
    if not len(cell):
        return cell.text or ""
    return joined_text(cell)


def joined_text(cell: _Element) -> str:
    """``raw_cell_text`` of a cell the caller knows to have children."""
    if len(cell) == 1:  # most such cells wrap their text in one <span> or <p>: no list, walk or join
        only = cell[0]
        if not len(only):
            return (cell.text or "") + leaf_text(only) + (only.tail or "")
    pieces = [cell.text or ""]
    _gather(cell, pieces)
    return "".join(pieces)


def leaf_text(el: _Element) -> str:
    """What ``_gather`` adds for an element without children, its tail aside."""
    tag = el.tag
    if not isinstance(tag, str) or tag in _DROP:
        return ""
    role = el.get("role")
    if role is not None and role.lower() == "navigation":
        return ""
    text = el.text or ""
    if tag in BLOCK:
        return "\n" + text + "\n"
    return "\n" + text if tag == "br" else text


def _gather(el: _Element, pieces: list[str]) -> None:
    for child in el:
        tag = child.tag
        # kept() written out: this runs for every element inside every cell
        if isinstance(tag, str) and tag not in _DROP:
            role = child.get("role")
            if role is None or role.lower() != "navigation":
                block = tag in BLOCK
                if block or tag == "br":
                    pieces.append("\n")
                text = child.text
                if text:
                    pieces.append(text)
                if len(child):
                    _gather(child, pieces)
                if block:
                    pieces.append("\n")
        tail = child.tail
        if tail:
            pieces.append(tail)
