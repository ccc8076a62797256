"""Applying the fixes that findings suggest (``gklint check --fix`` / ``--diff``).

Text and Markdown are edited at the fix's line and columns, HTML on the fix's line (its locations
carry no column), each in the file's own encoding so that every other byte stays as it was. DOCX is
edited in the run text of ``word/document.xml``; every other member of the package is copied as it
was. PDF is never edited: its fixes stay suggestions. A fix whose original text is not where the
finding says is refused, never guessed.
"""

from __future__ import annotations

import codecs
import difflib
import html
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from gklint.console import Exit, note
from gklint.decoding import DecodeError, decode_text
from gklint.model import FileResult, Fix

TEXT_FORMATS = ("text", "markdown", "html")
FIXABLE_FORMATS = (*TEXT_FORMATS, "docx")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HTML_LOOKAHEAD = 3  # lines after a tag's line where its text may still stand
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ELEMENT = re.compile(r"^(?:段落 (\d+)|表格 (\d+) / 行 (\d+) / 列 \d+)$")


@dataclass(frozen=True)
class FixedFile:
    """One file's bytes before and after its fixes; ``applied`` and ``refused`` count the fixes."""

    path: Path
    format: str
    before: bytes
    after: bytes
    applied: int
    refused: int

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def diff(self) -> str:
        """A unified diff of the change (for DOCX, of the paragraphs' text)."""
        old, new = (_diff_lines(data, self.format) for data in (self.before, self.after))
        name = self.path.as_posix()
        return "".join(difflib.unified_diff(old, new, name, name))


def show_diff(results: Iterable[FileResult], quiet: bool = False) -> int:
    """``--diff``: print the fixes as a unified diff; exit 1 when there are some, like ruff."""
    fixed = [f for f in fix_results(results) if f.changed]
    for result in fixed:
        sys.stdout.write(result.diff())
    count = sum(f.applied for f in fixed)
    if not quiet:
        note(f"可自动修复 {count} 处 / {count} fixes available")
    return Exit.FINDINGS if fixed else Exit.OK


def apply_fixes(results: Iterable[FileResult], quiet: bool = False) -> int:
    """``--fix``: write every fixable file's fixes; the number of fixes applied."""
    fixed = fix_results(results)
    for result in fixed:
        if result.changed:
            result.path.write_bytes(result.after)
    applied, refused = sum(f.applied for f in fixed), sum(f.refused for f in fixed)
    if not quiet:
        note(f"已修复 {applied} 处 / applied {applied} fixes")
    if refused:
        note(f"{refused} 处未能修复（原文不在所示位置）/ {refused} fixes not applied (text not found)")
    return applied


def fixes_of(result: FileResult) -> list[Fix]:
    return [f.fix for f in result.findings if f.fix is not None]


def fix_results(results: Iterable[FileResult], base: Path = Path()) -> list[FixedFile]:
    """The fixed form of every fixable file that has fixes (nothing is written)."""
    fixed = []
    for result in results:
        fixes = fixes_of(result)
        if fixes and result.format in FIXABLE_FORMATS:
            path = base / result.path
            fixed.append(fix_bytes(path, result.format, path.read_bytes(), fixes))
    return fixed


def fix_bytes(path: Path, fmt: str, data: bytes, fixes: Sequence[Fix]) -> FixedFile:
    if fmt == "docx":
        after, applied = fix_docx(data, fixes)
    elif fmt in TEXT_FORMATS:
        after, applied = fix_text(data, fixes, by_column=fmt != "html")
    else:
        after, applied = data, 0
    return FixedFile(path, fmt, data, after, applied, len(fixes) - applied)


# --------------------------------------------------------------------------- text, Markdown, HTML


def _decode(data: bytes) -> tuple[str, str, bytes] | None:
    """(text, encoding, byte-order mark) when the text encodes back to exactly these bytes."""
    try:
        text, encoding = decode_text(data)
    except DecodeError:
        return None
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    text = text.removeprefix("\ufeff") if bom else text
    try:
        same = bom + text.encode(encoding) == data
    except (UnicodeEncodeError, LookupError):
        return None
    return (text, encoding, bom) if same else None


def fix_text(data: bytes, fixes: Sequence[Fix], *, by_column: bool) -> tuple[bytes, int]:
    decoded = _decode(data)
    if decoded is None:
        return data, 0
    text, encoding, bom = decoded
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    spans = [_span(text, starts, fix, by_column) for fix in fixes]
    edits = _disjoint([(span, fix.replacement) for span, fix in zip(spans, fixes, strict=True) if span])
    for (start, end), replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return bom + text.encode(encoding), len(edits)


def _span(text: str, starts: list[int], fix: Fix, by_column: bool) -> tuple[int, int] | None:
    """Where ``fix.original`` stands: at its column when the location has one and the text is
    there, else the first time it appears from the start of its line."""
    line = fix.location.line
    if line is None or not 1 <= line <= len(starts):
        return None
    begin = starts[line - 1]
    column = fix.location.column
    if by_column and column is not None:
        at = begin + column - 1
        if text.startswith(fix.original, at):
            return at, at + len(fix.original)
    last = min(len(starts), line + (0 if by_column else _HTML_LOOKAHEAD))
    end = starts[last] if last < len(starts) else len(text)
    window = text[begin:end]
    forms = (fix.original,) if by_column else (fix.original, html.escape(fix.original, quote=False))
    for form in forms:
        found = window.find(form)
        if found >= 0:
            replacement_at = begin + found
            return replacement_at, replacement_at + len(form)
    return None


def _disjoint(edits: list[tuple[tuple[int, int], str]]) -> list[tuple[tuple[int, int], str]]:
    """The edits in order, dropping any that overlaps one before it (and exact repeats)."""
    kept: list[tuple[tuple[int, int], str]] = []
    for span, replacement in sorted(edits):
        if not kept or span[0] >= kept[-1][0][1]:
            kept.append((span, replacement))
    return kept


# --------------------------------------------------------------------------- DOCX

_DOCUMENT = "word/document.xml"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def fix_docx(data: bytes, fixes: Sequence[Fix]) -> tuple[bytes, int]:
    """The package with its run text edited; every other member copied byte for byte."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        xml = package.read(_DOCUMENT)
    except (zipfile.BadZipFile, KeyError):
        return data, 0
    root = etree.fromstring(xml)
    applied = sum(1 for fix in fixes if _fix_element(root, fix))
    if not applied:
        return data, 0
    declaration = xml[: xml.index(b"?>") + 2] if xml.startswith(b"<?xml") else b""
    separator = xml[len(declaration) : len(declaration) + (2 if xml[len(declaration) :].startswith(b"\r\n") else 1)]
    separator = separator if separator.strip() == b"" else b""
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return _repack(package, {_DOCUMENT: declaration + separator + body}), applied


def _repack(package: zipfile.ZipFile, replaced: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in package.infolist():
            target.writestr(info, replaced.get(info.filename) or package.read(info.filename))
    return out.getvalue()


def _fix_element(root: etree._Element, fix: Fix) -> bool:
    return any(_replace_in_runs(el, fix.original, fix.replacement) for el in _candidates(root, fix))


def _candidates(root: etree._Element, fix: Fix) -> Iterator[etree._Element]:
    """Where the fix may stand, the element its path names first (the N-th paragraph, the cells of
    a table row: a cell's text may run over several paragraphs), then every paragraph and cell:
    the reader also counts the paragraphs of text boxes, so a number may be off by a few."""
    match = _ELEMENT.match(fix.location.element or "")
    if match and match.group(1):
        paragraphs = [p for p in root.iter(W + "p") if not _in_table(p)]
        yield from paragraphs[int(match.group(1)) - 1 :][:1]
    elif match:
        tables = [t for t in root.iter(W + "tbl") if not _in_table(t)]
        rows = list(tables[int(match.group(2)) - 1].iter(W + "tr")) if int(match.group(2)) <= len(tables) else []
        row = int(match.group(3)) - 1
        yield from rows[row].iter(W + "tc") if row < len(rows) else ()
    yield from root.iter(W + "p")
    yield from root.iter(W + "tc")


def _in_table(el: etree._Element) -> bool:
    return any(a.tag == W + "tbl" for a in el.iterancestors())


def _replace_in_runs(element: etree._Element, original: str, replacement: str) -> bool:
    """Replace ``original`` in the element's text, which may run across several runs: the new text
    goes into the first run it touches (keeping that run's formatting), the rest is cut."""
    texts = list(element.iter(W + "t"))
    start = "".join(t.text or "" for t in texts).find(original)
    if start < 0:
        return False
    end, offset, inserted = start + len(original), 0, False
    for node in texts:
        value = node.text or ""
        lo, hi = max(start - offset, 0), min(end - offset, len(value))
        offset += len(value)
        if lo >= hi:
            continue
        node.text = value[:lo] + ("" if inserted else replacement) + value[hi:]
        inserted = True
        if node.text != node.text.strip():
            node.set(_XML_SPACE, "preserve")
    return inserted


def _diff_lines(data: bytes, fmt: str) -> list[str]:
    if fmt == "docx":
        try:
            root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(_DOCUMENT))
        except (zipfile.BadZipFile, KeyError):
            return []
        return ["".join(t.text or "" for t in p.iter(W + "t")) + "\n" for p in root.iter(W + "p")]
    decoded = _decode(data)
    return decoded[0].splitlines(keepends=True) if decoded else []
