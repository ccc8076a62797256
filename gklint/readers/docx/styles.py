"""Which paragraph styles are headings, and of which level (through ``w:basedOn``); which number
their paragraphs with a list."""

from __future__ import annotations

import functools
import itertools
import posixpath
import re
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING
from xml.sax.saxutils import escape, unescape

from gklint.readers.docx.names import VAL, W, find, number
from gklint.readers.docx.package import MAX_PART, Package

if TYPE_CHECKING:
    from lxml import etree
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


StyleNumber = tuple[str, "str | None"]  # a style's own w:numPr: (numId, ilvl or None)
_STYLE_TAG = re.compile(rb"<((?:[\w.-]+:)?style)[\s/>]")
_ROOT_TAG = re.compile(rb"<([\w.:-]+)(?:\s[^>]*)?>")  # the first element: declarations start <? and <!
_STYLE_ID = re.compile(rb'styleId="([^"]*)"')
_BASED_ON = re.compile(rb'<(?:[\w.-]+:)?basedOn\s[^>]*?val="([^"]*)"')
_QUOT = {"&quot;": '"'}
_CHUNK = 32 * 1024
_MAX_TAG = 4096  # bytes of a style's start tag around its w:styleId; Word writes a few dozen
_MAX_STYLE = 256 * 1024  # bytes of one w:style element; Word's biggest (table styles) are a few KB
_MAX_DECOYS = 16  # matches of styleId="…" that are not a style's, looked past before giving up
_SEARCHES = 32  # styles looked for by a search; past these, the whole part is read and indexed once


class StyleNumbers:
    """Paragraph styles' own list numbering (``w:numPr``) and base styles, looked up one style at a
    time in the raw styles part, inflated only as far as the styles asked about. A template's
    styles.xml is some 350 KB, mostly table styles at its end, whose parse would cost more than the
    whole body's; the paragraph styles a document names come first, and are cut out and parsed alone."""

    def __init__(self, open_part: Callable[[], IO[bytes] | None]) -> None:
        self.open_part = open_part  # opened at the first question
        self.stream: IO[bytes] | None = None
        self.started = False
        self.data = bytearray()  # what has been inflated so far
        self.root = (b"", b"")  # the root element's start tag (its namespaces) and end tag
        self.memo: dict[str, tuple[StyleNumber | None, str | None]] = {}
        self.searches = 0
        self.index: dict[bytes, list[int]] | None = None

    def lookup(self, style_id: str) -> tuple[StyleNumber | None, str | None]:
        """(the style's own numbering, the style it is based on)."""
        if style_id not in self.memo:
            self.memo[style_id] = self.style(style_id)
        return self.memo[style_id]

    def style(self, style_id: str) -> tuple[StyleNumber | None, str | None]:
        """The paragraph (or numbering) style with this id, cut out of the raw part, and parsed alone if it
        holds numbering (few do)."""
        if not style_id or not self.begin():
            return None, None
        value = escape(style_id, {'"': "&quot;"}).encode()
        for at in itertools.islice(self.places(value), _MAX_DECOYS):
            fragment = self.cut(self.data.rfind(b"<", max(at - _MAX_TAG, 0), at), self.search(b">", at, at + _MAX_TAG))
            if fragment is None:
                continue
            if b"numPr" not in fragment:  # most styles: only the base is wanted, no parse needed
                base = _BASED_ON.search(fragment)
                return None, unescape(base.group(1).decode("utf-8", "replace"), _QUOT) if base else None
            style = self.parse(fragment)
            if style is not None and style.get(W + "type") in ("paragraph", "numbering"):
                return _numbering_and_base(style)
        return None, None

    def places(self, value: bytes) -> Iterator[int]:
        """Where ``styleId="value"`` stands: searched for as the part is inflated for the first few
        styles a document asks about, then from an index of all (many styles cost one pass, not many)."""
        if self.index is None and self.searches < _SEARCHES:
            self.searches += 1
            key = b'styleId="' + value + b'"'
            at = self.search(key, 0)
            while at >= 0:
                yield at
                at = self.search(key, at + 1)
            return
        if self.index is None:
            while self.more():
                pass
            self.index = {}
            for match in _STYLE_ID.finditer(self.data):
                self.index.setdefault(match.group(1), []).append(match.start())
        yield from self.index.get(value, ())

    def cut(self, start: int, tag_end: int) -> bytes | None:
        """The ``w:style`` element whose start tag runs from ``start`` to ``tag_end``, as raw bytes."""
        data = self.data
        match = _STYLE_TAG.match(data, start) if 0 <= start < tag_end else None
        if match is None:
            return None
        if data[tag_end - 1] == ord("/"):
            return bytes(data[start : tag_end + 1])
        close = b"</" + match.group(1) + b">"
        end = self.search(close, tag_end, tag_end + _MAX_STYLE)
        return bytes(data[start : end + len(close)]) if end >= 0 else None

    def parse(self, fragment: bytes) -> _Element | None:
        from lxml import etree

        try:
            root = etree.fromstring(self.root[0] + fragment + self.root[1], _fragment_parser())
        except etree.XMLSyntaxError:
            return None
        return root[0] if len(root) else None

    def search(self, key: bytes, start: int, limit: int = MAX_PART) -> int:
        """Where ``key`` first stands between ``start`` and ``limit``, inflating more of the part until
        it is found."""
        while True:
            at = self.data.find(key, start, limit)
            if at >= 0:
                return at
            start = max(start, len(self.data) - len(key) + 1)
            if len(self.data) >= limit or not self.more():
                return -1

    def begin(self) -> bool:
        """Open the part and find its root element; False when there is none."""
        if not self.started:
            self.started = True
            try:
                self.stream = self.open_part()
            except MemoryError:
                raise
            except Exception:  # refused (encrypted, too large…) or damaged: no style is numbered
                self.stream = None
            root = None
            while root is None and self.more() and len(self.data) <= _CHUNK * 4:
                root = _ROOT_TAG.search(self.data)
            if root is None:
                self.close()
                self.data = bytearray()
            else:
                self.root = (bytes(root.group(0)), b"</" + bytes(root.group(1)) + b">")
        return bool(self.data)

    def more(self) -> bool:
        """Inflate the next piece of the part; False at its end (or at damage, or past the cap)."""
        if self.stream is None:
            return False
        try:
            chunk = self.stream.read(_CHUNK)
        except MemoryError:
            raise
        except Exception:  # damaged data (zlib.error, a CRC that fails at the end…): what came is all there is
            chunk = b""
        if not chunk or len(self.data) + len(chunk) > MAX_PART:
            self.close()
            return False
        self.data += chunk
        return True

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


def _numbering_and_base(style: _Element | None) -> tuple[StyleNumber | None, str | None]:
    num_pr = find(find(style, "pPr"), "numPr")
    num_id, ilvl, base = find(num_pr, "numId"), find(num_pr, "ilvl"), find(style, "basedOn")
    own = (num_id.get(VAL, ""), ilvl.get(VAL) if ilvl is not None else None) if num_id is not None else None
    return own, base.get(VAL) if base is not None else None


@functools.cache
def _fragment_parser() -> etree.XMLParser:
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
