"""HTML reports: pages of government portals, and Word/WPS documents saved as web pages.

The page is read as a browser shows it, without guessing which part is the "main content": the
binder finds the report's parts by their headings. Script, style, navigation, sidebars, footers
and form controls are dropped. Block elements and ``<br>`` end a paragraph; inline elements run
together. A ``<table>`` becomes a ``Table`` with rowspan/colspan resolved into a rectangular
grid (the text once, at the merged cell's top-left position; an empty ``merged`` cell at every
other position it covers), unless it is a layout table: one that holds another table or has a single
column, which old portals wrap whole pages in; its cells are then read as running text.

Locations are the source line of the element (lxml's ``sourceline``). The charset comes from a
byte-order mark, then ``<meta charset>`` / ``<meta http-equiv="Content-Type">`` (GB2312 and GBK
are decoded as their superset GB18030), then ``decode_text``'s detection.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from datetime import date
from typing import TYPE_CHECKING

from gklint.plugin import (
    Decoded,
    DecodeError,
    Document,
    DocumentMetadata,
    Reader,
    ReadError,
    decode_report,
    decoding_notes,
    empty_file,
    hookimpl,
    split_lines,
    xml_out_of_memory,
)
from gklint.readers.html.flow import Flow
from gklint.readers.html.text import prune_hidden

if TYPE_CHECKING:
    from lxml.etree import _Element

_ENTITY_DECL = re.compile(r"<!ENTITY", re.I)
# The start of a suppression comment; ignoring case as ``str.lower`` does (the Kelvin sign is a "k").
_DIRECTIVE_START = re.compile(r"<!--\s*(?i:gklint)")
_ENTITY_OR_DIRECTIVE = re.compile(r"<!(?:(?i:ENTITY)|--\s*(?i:gklint))")  # either of the two, from its "<!"
_META_CHARSET = re.compile(rb"""<meta\s[^>]{0,1024}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,64})""", re.I)
_HEAD_END = re.compile(rb"</head\s*>|<body[\s>]", re.I)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_PUBLISHED_META = ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "dc.date.issued")
_GB_ALIASES = frozenset({"gb2312", "gbk", "gb_2312-80", "gb_2312", "x-gbk", "cp936", "ms936", "csgb2312", "euc-cn"})
# The text encodings of the WHATWG Encoding Standard (what browsers honour), as Python names them.
# A <meta charset> naming anything else (base64, hex, zlib, rot13, unicode_escape…) is ignored:
# those are not text encodings, and some would even run a decompressor on the page.
_TEXT_ENCODINGS = frozenset(
    {"utf-8", "gb18030", "big5", "big5hkscs", "cp950", "shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr",
     "cp949", "cp866", "cp874", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic"}
    | {f"cp125{n}" for n in range(9)}
    | {f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)}
)  # fmt: skip
_LATIN1 = frozenset({"ascii", "iso8859-1", "latin-1"})  # the standard reads these as windows-1252


_FIND_TRIES = 64  # "<!" looked at one by one before a regular expression searches the rest
_XML_ERR_NO_MEMORY = 2  # libxml2's error code when an allocation fails


class HtmlReader(Reader):
    name = "html"
    version = "1"
    suffixes = (".html", ".htm", ".shtml", ".xhtml")
    line_based = True
    mime_type = "text/html"

    def sniff(self, head: bytes) -> bool:
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
        return start.startswith(b"<!doctype html") or b"<html" in start

    def read(self, path: str, data: bytes) -> Document:
        if not data.strip():
            raise empty_file()
        decoded = _decode(data)
        text = decoded.text
        start = _first_markup(text)
        if _ENTITY_DECL.search(text, start):
            # Real pages never declare entities; a declaration is an entity-expansion attack.
            raise ReadError(
                "HTML 文件含有实体声明（<!ENTITY>），出于安全原因拒绝读取",
                "the HTML file declares entities (<!ENTITY>); refused for safety",
            )
        source = _utf8_of(decoded, data)
        root = _parse(source)
        prune_hidden(root, source)
        blocks = Flow().run(root)
        # Suppression comments on lines of their own; the parser drops comments, the lines keep them.
        directives = Reader.directives_in(split_lines(text)) if _may_hold_directives(text, start) else ()
        return Document(
            path=path,
            format=self.name,
            blocks=tuple(blocks),
            encoding=decoded.encoding,
            metadata=DocumentMetadata(published=_published(root)),
            directives=directives,
            notes=decoding_notes(decoded),
        )


def _first_markup(text: str) -> int:
    """Where the first entity declaration or suppression comment may start (the end of ``text`` if
    nowhere): one scan of the page for either kind of markup that needs a closer look, both rare.
    ``str.find`` runs through a page several times faster than a regular expression's search, and a
    page holds few ``<!`` (its doctype, a comment or two); past a few dozen, the search takes over."""
    start = text.find("<!")
    for _ in range(_FIND_TRIES):
        if start < 0:
            return len(text)
        if _ENTITY_OR_DIRECTIVE.match(text, start):
            return start
        start = text.find("<!", start + 2)
    found = _ENTITY_OR_DIRECTIVE.search(text, start) if start >= 0 else None
    return len(text) if found is None else found.start()


def _may_hold_directives(text: str, start: int = 0) -> bool:
    """Whether a suppression comment can be on the page (at ``start`` or after): a comment that starts
    with ``gklint``. Pages are full of comments, and splitting a page into lines only to find none of
    them is not free."""
    return _DIRECTIVE_START.search(text, start) is not None


# --------------------------------------------------------------------------- decoding and parsing


def _declared_charset(data: bytes) -> str | None:
    end = _HEAD_END.search(data, 0, 65536)
    found = _META_CHARSET.search(data, 0, end.start() if end else 16384)
    if not found:
        return None
    label = found.group(1).decode("ascii").lower()
    if label in _GB_ALIASES or label == "gb18030":
        return "gb18030"
    if label.startswith(("utf-16", "utf-32", "unicode")):
        return "utf-8"  # the meta tag was readable as ASCII, so the file is not UTF-16 (per the HTML standard)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _LATIN1:
        return "cp1252"
    return name if name in _TEXT_ENCODINGS else None


def _decode(data: bytes) -> Decoded:
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    declared = None if has_bom else _declared_charset(data)  # a byte-order mark outranks any declaration
    if declared == "cp1252" and not data.isascii():
        # A Western charset decodes any bytes: a Chinese page mislabelled so is read as the Chinese text
        # its bytes are, when they are that exactly (strict UTF-8 or GB18030).
        with contextlib.suppress(DecodeError):
            found = decode_report(data)
            if found.encoding in ("utf-8", "gb18030") and not found.replaced:
                return found
    if declared:
        try:
            return Decoded(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration is common (UTF-8 pages declaring gb2312): detect instead
    try:
        return decode_report(data)
    except DecodeError as exc:
        raise ReadError(f"无法按 HTML 文本读取：{exc}", f"cannot be read as HTML text: {exc}") from None


def _utf8_of(decoded: Decoded, data: bytes) -> bytes:
    """The page as UTF-8 for the parser: the file's own bytes when they are exactly that (strict UTF-8
    with no byte-order mark), which spares encoding the decoded text again."""
    if decoded.encoding == "utf-8" and not decoded.replaced and not data.startswith(codecs.BOM_UTF8):
        return data
    return decoded.text.encode("utf-8")


def _parse(source: bytes) -> _Element:
    from lxml import etree

    parser = etree.HTMLParser(
        encoding="utf-8",
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
        collect_ids=False,  # nothing looks elements up by id: no table of them
    )
    try:
        root = etree.fromstring(source, parser)
    except (etree.LxmlError, ValueError) as exc:
        if xml_out_of_memory(exc):
            raise MemoryError from None
        raise ReadError(f"HTML 无法解析：{exc}", f"the HTML cannot be parsed: {exc}") from None
    for error in parser.error_log:
        if error.level_name == "FATAL" and error.type == _XML_ERR_NO_MEMORY:
            raise MemoryError
        if error.level_name == "FATAL":
            # libxml2 stops at its resource limits (nesting deeper than 256, a text node over 10 MB)
            # and returns what it has so far: a truncated page must not pass for a whole one.
            raise ReadError(
                f"HTML 结构异常（嵌套过深或内容过大），无法完整读取：{error.message}",
                f"the HTML is abnormal (nested too deeply or too large) and cannot be read whole: {error.message}",
            )
    if root is None:
        raise ReadError("HTML 中没有内容", "the HTML has no content")
    return root


# --------------------------------------------------------------------------- metadata


def _published(root: _Element) -> date | None:
    """The publication date of the page's first ``<meta>`` that gives one."""
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key in _PUBLISHED_META:
            published = _date(meta.get("content") or "")
            if published:
                return published
    return None


def _date(text: str) -> date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


@hookimpl
def gklint_readers() -> list[Reader]:
    return [HtmlReader()]
