"""Word documents (.docx), read with zipfile and lxml: no Word, no python-docx.

The body of ``word/document.xml`` is read in order. Paragraphs take their text from ``w:t``
(``w:tab`` counts as a space, ``w:br`` ends a line: each line becomes its own paragraph, so that a
part heading followed by a soft line break is still a heading); deleted text, field codes and
fallback copies of drawings are skipped; text boxes follow the paragraph that anchors them.
A paragraph whose style is a heading (``heading 1``, ``标题 1``, ``Title``, or any style with
an outline level; names resolved through ``word/styles.xml``) gets its heading level.

Tables resolve ``w:gridSpan`` and ``w:vMerge`` into a grid: the merged cell's text once, at its
top-left position, and an empty ``merged`` cell at every other position it covers. Nested
tables are flattened into the text of their cell.

Locations: ``段落 12`` (the n-th paragraph of the body outside tables, empty ones counted) and
``表格 2 / 行 5 / 列 3`` (the n-th table of the body, the row, and the grid column), all 1-based.

The file is untrusted: the zip's entry count and total uncompressed size are checked before
anything is decompressed, each part is read with a size cap, external relationships are never
followed, and XML is parsed without entity resolution, DTDs or network access.
"""

from __future__ import annotations

import itertools
import posixpath
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from gklint.plugin import (
    MAX_UNITS,
    Block,
    Document,
    Location,
    Paragraph,
    Reader,
    ReadError,
    ReadNote,
    Table,
    TextCell,
    hookimpl,
)

if TYPE_CHECKING:
    from lxml.etree import _Element

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

MAX_ENTRIES = 10_000
MAX_TOTAL = 256 * 1024 * 1024  # all entries, uncompressed; photos make real files large, not this large
MAX_PART = 64 * 1024 * 1024  # one XML part; a long report's document.xml is a few MB
# A report's table has some 30 rows of up to 15 cells; far past these a table is not a report's.
MAX_CELLS = 1_000
MAX_ROWS = MAX_UNITS + 1  # the kernel checks no more paragraphs and rows of a document (and says so)

# What a paragraph's text is made of (None: the element's own text).
_TEXT: dict[str, str | None] = {
    W + "t": None,
    W + "tab": " ",
    W + "ptab": " ",
    W + "br": "\n",
    W + "cr": "\n",
    W + "noBreakHyphen": "-",
}
# Subtrees whose text is not the paragraph's: properties (tab stops are w:tab too), deleted and
# moved-away text, the fallback copy of a drawing, and text boxes (read after the paragraph).
# Field codes and deleted runs have tags of their own (w:instrText, w:delText), never collected.
_FENCES = frozenset({W + "pPr", W + "del", W + "moveFrom", _MC_FALLBACK, W + "txbxContent"})
_WRAPPERS = frozenset(W + t for t in ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo"))
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_NAMES = frozenset({"title", "标题"})
_BUILTIN_ID = re.compile(r"^(?:Heading([1-9])|Title)$")
_VAL = W + "val"
_XML_ERR_NO_MEMORY = 2  # libxml2's error code when an allocation fails
_NUMBER = re.compile(r"[0-9]{1,9}", re.A)  # "²" and "፩" pass isdigit(), but int() refuses them
_GRID_SPAN = W + "gridSpan"
_MERGES = frozenset({W + "vMerge", W + "hMerge"})


class DocxReader(Reader):
    name = "docx"
    version = "1"
    suffixes = (".docx", ".docm")

    def sniff(self, head: bytes) -> bool:
        return head.startswith(_ZIP_MAGIC) and b"word/" in head

    def read(self, path: str, data: bytes) -> Document:
        return read_docx(path, data)


def read_docx(path: str, data: bytes) -> Document:
    _check_magic(data)
    package = _Package(data)
    document_name = package.main_part()
    root = package.xml(document_name)
    body = root.find(W + "body")
    if body is None:
        raise ReadError(f"{document_name} 中没有正文（w:body）", f"{document_name} has no body (w:body)")
    reading = _Body(lambda: _heading_styles(package, document_name))
    try:
        blocks = reading.run(body)
    except RecursionError:
        raise ReadError("Word 文档嵌套过深，无法读取", "the Word document is nested too deeply to be read") from None
    # docProps/core.xml holds when the file was created and saved, not when the report was published.
    return Document(
        path=path,
        format=DocxReader.name,
        blocks=tuple(blocks),
        encoding=None,
        metadata={},
        notes=tuple(reading.notes),
    )


# --------------------------------------------------------------------------- the package


def _check_magic(data: bytes) -> None:
    if not data:
        raise ReadError("文件为空", "the file is empty")
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReadError(
                "文件是加密（设有打开密码）的 Word 文档，无法读取；请去掉密码后另存为 .docx",
                "the Word document is encrypted (password-protected); remove the password and save it as .docx",
            )
        raise ReadError(
            "文件是旧版 Word 97-2003（.doc，OLE 复合文件）格式而非 .docx；请将扩展名改为 .doc 或另存为 .docx",
            "the file is an old Word 97-2003 document (.doc, an OLE compound file), not .docx; "
            "rename it to .doc or save it as .docx",
        )
    if not data.startswith(_ZIP_MAGIC):
        raise ReadError(
            "文件不是 ZIP 压缩包，因而不是有效的 .docx 文件", "the file is not a zip archive, so not a valid .docx"
        )


class _Package:
    """The zip archive, opened only after its size has been checked."""

    def __init__(self, data: bytes) -> None:
        import io
        import zipfile

        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except MemoryError:
            raise
        except Exception as exc:  # zipfile meets damage with BadZipFile, but also ValueError, struct.error…
            raise ReadError(
                f".docx 文件已损坏或不完整（ZIP 结构无法读取：{_brief(exc)}）",
                f"the .docx file is damaged or truncated (its zip structure cannot be read: {_brief(exc)})",
            ) from None
        if len(infos) > MAX_ENTRIES:
            raise ReadError(
                f".docx 压缩包中的文件过多（{len(infos)} 个），疑为恶意文件",
                f"the .docx archive holds too many entries ({len(infos)}); it looks malicious",
            )
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL:
            raise _too_large(total)
        self.names = {info.filename for info in infos}

    def read(self, name: str) -> bytes:
        import zipfile

        info = self.zip.getinfo(name)
        if info.flag_bits & 0x1:
            raise ReadError(f".docx 中的 {name} 已加密，无法读取", f"{name} in the .docx is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # Word only deflates; zipfile inflates bzip2 and LZMA data without an output bound.
            raise ReadError(
                f".docx 中的 {name} 使用了 Word 不会使用的压缩方式，拒绝读取",
                f"{name} in the .docx uses a compression method Word never uses; refused",
            )
        if info.file_size > MAX_PART:
            raise _too_large(info.file_size, name)
        try:
            with self.zip.open(info) as handle:
                # zipfile stops at the size the header states and then checks the CRC, so a header
                # that understates the size fails; the cap is a second fence.
                data = handle.read(MAX_PART + 1)
        except MemoryError:
            raise
        except Exception as exc:  # a damaged local header: BadZipFile, zlib.error, "negative seek value"…
            raise ReadError(
                f".docx 文件已损坏：{name} 无法解压（{_brief(exc)}）",
                f"the .docx file is damaged: {name} cannot be unpacked ({_brief(exc)})",
            ) from None
        if len(data) > MAX_PART:
            raise _too_large(len(data), name)
        return data

    def xml(self, name: str) -> _Element:
        from lxml import etree

        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
        )
        data = self.read(name)
        if data.find(b"<!DOCTYPE", 0, 65536) >= 0:
            # Word never writes a DTD; one that declares entities is an expansion attack.
            raise ReadError(
                f".docx 中的 {name} 含有 DTD 声明，拒绝读取", f"{name} in the .docx declares a DTD; refused"
            )
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            if exc.code == _XML_ERR_NO_MEMORY:
                raise MemoryError from None
            raise ReadError(
                f".docx 中的 {name} 不是有效的 XML：{exc}", f"{name} in the .docx is not valid XML: {exc}"
            ) from None
        if root.getroottree().docinfo.doctype:
            raise ReadError(
                f".docx 中的 {name} 含有 DTD 声明，拒绝读取", f"{name} in the .docx declares a DTD; refused"
            )
        return root

    def target(self, rels_name: str, kind: str, base: str) -> str | None:
        """The internal part a relationship of ``kind`` points to; external targets are never followed."""
        if rels_name not in self.names:
            return None
        for rel in self.xml(rels_name).iter(_REL):
            if rel.get("Type", "").endswith("/" + kind) and rel.get("TargetMode", "Internal") != "External":
                target = rel.get("Target", "")
                name = posixpath.normpath(posixpath.join(base, target)).lstrip("/")
                return name if name in self.names else None
        return None

    def main_part(self) -> str:
        name = self.target("_rels/.rels", "officeDocument", "") or "word/document.xml"
        if name not in self.names:
            raise ReadError(
                "压缩包中没有 word/document.xml，不是 Word 文档（.docx）",
                "the archive has no word/document.xml: it is not a Word document (.docx)",
            )
        return name


def _brief(exc: BaseException, limit: int = 200) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= limit else text[:limit] + "…"


def _too_large(size: int, name: str = "") -> ReadError:
    where = f"{name} " if name else ""
    return ReadError(
        f".docx 文件{where}解压后过大（{size // 1_048_576} MB），疑为压缩炸弹，拒绝读取",
        f"the .docx {where}is too large once unpacked ({size // 1_048_576} MB); it looks like a zip bomb, refused",
    )


# --------------------------------------------------------------------------- styles


def _heading_styles(package: _Package, document_name: str) -> dict[str, int]:
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
        parent = _find(style, "basedOn")
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
    name_el = _find(style, "name")
    name = (name_el.get(W + "val", "") if name_el is not None else "").strip()
    match = _HEADING_NAME.match(name)
    if match:
        return int(match.group(1))
    if name.lower() in _TITLE_NAMES:
        return 1
    return _outline_level(_find(style, "pPr"))


def _outline_level(properties: _Element | None) -> int:
    """``w:outlineLvl`` 0-8 is a heading of level 1-9; 9 is body text."""
    outline = _find(properties, "outlineLvl")
    if outline is None:
        return 0
    value = _number(outline.get(W + "val", ""))
    return value + 1 if value is not None and value < 9 else 0


# --------------------------------------------------------------------------- text


def _is_wide(ch: str) -> bool:
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def join_lines(lines: list[str]) -> str:
    """Join a cell's lines without inventing a space between two CJK characters."""
    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if out and not (_is_wide(out[-1]) and _is_wide(line[0])):
            out += " "
        out += line
    return out


def _children(el: _Element, tag: str) -> Iterator[_Element]:
    """Children named ``tag``, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _paragraph_lines(p: _Element, boxes: list[_Element]) -> list[str]:
    """A paragraph's text, split at its line breaks; its text boxes go to ``boxes``, to be read after it.

    The walk never enters a fence (deleted text, properties, a drawing's fallback, a text box), so
    each element is visited once, however many fences the paragraph holds."""
    pieces: list[str] = []
    stack = [iter(p)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if tag in _FENCES:
            if tag == W + "txbxContent":
                boxes.append(el)
            continue
        if tag in _TEXT:
            text = _TEXT[tag]
            pieces.append((el.text or "") if text is None else text)
        if len(el):
            stack.append(iter(el))
    return "".join(pieces).split("\n")


# --------------------------------------------------------------------------- body


class _Body:
    """Walks the body (and text boxes) in order, numbering paragraphs and tables."""

    def __init__(self, load_styles: Callable[[], dict[str, int]]) -> None:
        self.load_styles = load_styles  # styles.xml is parsed only if a paragraph names a style
        self.styles: dict[str, int] | None = None
        self.blocks: list[Block] = []
        self.notes: list[ReadNote] = []
        self.paragraphs = 0
        self.tables = 0
        self.units = 0  # paragraphs and table rows so far

    def run(self, body: _Element) -> list[Block]:
        self.container(body)
        return self.blocks

    def container(self, el: _Element) -> None:
        for child in el:
            if self.units > MAX_UNITS:
                return  # the kernel checks no more paragraphs and rows than this, and says so
            if child.tag == W + "p":
                self.paragraph(child)
            elif child.tag == W + "tbl":
                self.table(child)
            elif child.tag in _WRAPPERS:
                self.container(child)

    def paragraph(self, p: _Element) -> None:
        self.paragraphs += 1
        boxes: list[_Element] = []
        location = Location(element=f"段落 {self.paragraphs}")
        level = self.level(p)
        for line in _paragraph_lines(p, boxes):
            if line.strip():
                self.blocks.append(Paragraph(line.strip(), location, heading_level=level))
                self.units += 1
        for box in boxes:
            self.container(box)

    def level(self, p: _Element) -> int:
        properties = _find(p, "pPr")
        if properties is None:
            return 0
        direct = _outline_level(properties)
        if direct:
            return direct
        style = _find(properties, "pStyle")
        style_id = style.get(_VAL, "") if style is not None else ""
        if not style_id:
            return 0
        builtin = _BUILTIN_ID.match(style_id)
        if builtin:  # the ids Word gives its own heading styles: no need to parse styles.xml
            return int(builtin.group(1) or 1)
        if self.styles is None:
            self.styles = self.load_styles()
        return self.styles.get(style_id, 0)

    def table(self, tbl: _Element) -> None:
        self.tables += 1
        number = self.tables
        rows = _Grid(number).rows(tbl, self.notes)
        self.units += len(rows)
        if rows:
            self.blocks.append(Table(rows, Location(element=f"表格 {number}")))


class _Grid:
    """Resolves one table's merges: gridSpan across, vMerge down.

    Word keeps a grid column for every cell boundary of every row, so rows whose boundaries
    differ by a hair leave slivers a few twips wide, and a cell spanning one looks merged though
    nobody merged it. Columns narrower than ``SLIVER`` are not counted in a span.
    """

    SLIVER = 60  # twips (about 1 mm): no text fits in a column this narrow

    def __init__(self, number: int) -> None:
        self.number = number
        self.before: list[int] = [0]  # real (not sliver) grid columns before each grid column

    def cut(self, what: str, what_en: str) -> ReadNote:
        """A note that part of this table, past a cap, was not read."""
        where = f"表格 {self.number}"
        return ReadNote(
            f"{where}：{what}，其余部分未读取",
            f"table {self.number}: {what_en}; the rest was not read",
            Location(element=where),
        )

    def location(self, row: int, column: int) -> Location:
        return Location(element=f"表格 {self.number} / 行 {row + 1} / 列 {column + 1}")

    def real(self, start: int) -> int:
        """Real grid columns before grid column ``start`` (columns past the declared grid count)."""
        last = len(self.before) - 1
        return self.before[start] if start <= last else self.before[last] + start - last

    def rows(self, tbl: _Element, notes: list[ReadNote]) -> tuple[tuple[TextCell, ...], ...]:
        grid = _find(tbl, "tblGrid")
        for col in itertools.islice(grid.iterchildren(W + "gridCol") if grid is not None else (), MAX_CELLS):
            width = _int_attr(col, "w")
            self.before.append(self.before[-1] + (width is None or width >= self.SLIVER))
        out = []
        for r, tr in enumerate(_children(tbl, W + "tr")):
            if r == MAX_ROWS:
                break  # the kernel checks no more rows than this, and says so
            start = min(_int_val(_find(_find(tr, "trPr"), "gridBefore"), 0), 64)
            cells: list[TextCell] = []
            for tc in _children(tr, W + "tc"):
                if len(cells) >= MAX_CELLS:
                    notes.append(
                        self.cut(
                            f"第 {r + 1} 行的单元格超过 {MAX_CELLS} 个", f"row {r + 1}: more than {MAX_CELLS} cells"
                        )
                    )
                    break
                span, covered = _cell_properties(_find(tc, "tcPr"))
                column = self.real(start)
                if not covered:
                    cells.append(TextCell(_cell_text(tc), self.location(r, column)))
                for offset in range(0 if covered else 1, max(self.real(start + span) - column, 1)):
                    cells.append(TextCell("", self.location(r, column + offset), merged=True))
                start += span
            if cells:
                out.append(tuple(cells))
        return tuple(out)


def _cell_properties(properties: _Element | None) -> tuple[int, bool]:
    """(grid columns spanned, whether the cell continues a merge from above or the left)."""
    span, covered = 1, False
    for child in properties if properties is not None else ():
        tag = child.tag
        if tag == _GRID_SPAN:
            value = _number(child.get(_VAL, ""))
            span = min(max(value, 1), 64) if value is not None else 1
        elif tag in _MERGES:
            covered = covered or child.get(_VAL, "continue") != "restart"  # no w:val means continue
    return span, covered


def _find(el: _Element | None, name: str) -> _Element | None:
    """The first child ``w:<name>`` (``iterchildren`` filters in C; ``find`` parses a path in Python)."""
    if el is None:
        return None
    for child in el.iterchildren(W + name):
        return child
    return None


def _number(text: str) -> int | None:
    """A whole number of ASCII digits, as Word writes them; None for anything else."""
    return int(text) if _NUMBER.fullmatch(text) else None


def _int_val(el: _Element | None, default: int) -> int:
    value = _number(el.get(W + "val", "")) if el is not None else None
    return default if value is None else value


def _int_attr(el: _Element, name: str) -> int | None:
    return _number(el.get(W + name, ""))


def _cell_text(tc: _Element) -> str:
    lines: list[str] = []
    _cell_lines(tc, lines)
    return join_lines(lines)


def _cell_lines(el: _Element, lines: list[str]) -> None:
    boxes: list[_Element] = []
    for child in el:
        tag: Any = child.tag
        if tag == W + "p":
            lines.extend(_paragraph_lines(child, boxes))
        elif tag == W + "tbl":
            for tr in _children(child, W + "tr"):
                for tc in _children(tr, W + "tc"):
                    _cell_lines(tc, lines)
        elif tag in _WRAPPERS:
            _cell_lines(child, lines)
    for box in boxes:
        _cell_lines(box, lines)


@hookimpl
def gklint_readers() -> list[Reader]:
    return [DocxReader()]
