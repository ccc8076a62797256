"""Word documents (.docx), read with zipfile and lxml: no Word, no python-docx.

The body of ``word/document.xml`` is read in order. Paragraphs take their text from ``w:t``
(``w:tab`` counts as a space, ``w:br`` ends a line: each line becomes its own paragraph, so that a
part heading followed by a soft line break is still a heading); deleted text, field codes and
fallback copies of drawings are skipped; text boxes follow the paragraph that anchors them.
A paragraph whose style is a heading (``heading 1``, ``标题 1``, ``Title``, or any style with
an outline level; names resolved through ``word/styles.xml``) gets its heading level. A paragraph
numbered by Word's automatic list numbering (``w:numPr``, its own or its style's) gets the label Word
shows before it (``一、``, ``（二）``), from ``word/numbering.xml`` (in table cells, from its own
``w:numPr`` only); see ``numbering``.

Tables resolve ``w:gridSpan`` and ``w:vMerge`` into a grid: the merged cell's text once, at its
top-left position, and an empty ``merged`` cell at every other position it covers. Nested
tables are flattened into the text of their cell. A table of one column is a frame around text (a
page pasted into Word): its cells' paragraphs and tables are read as the body's.

Locations: ``段落 12`` (the n-th paragraph of the body outside tables, empty ones counted) and
``表格 2 / 行 5 / 列 3`` (the n-th table of the body, the row, and the grid column), all 1-based.

The file is untrusted: the zip's entry count and total uncompressed size are checked before
anything is decompressed, each part is read with a size cap, external relationships are never
followed, and XML is parsed without entity resolution, DTDs or network access.
"""

from __future__ import annotations

from gklint.plugin import Document, Reader, ReadError, hookimpl
from gklint.readers.docx.body import Body
from gklint.readers.docx.names import ZIP_MAGIC, W
from gklint.readers.docx.numbering import load_numbering
from gklint.readers.docx.package import Package, check_magic
from gklint.readers.docx.styles import heading_styles


class DocxReader(Reader):
    name = "docx"
    version = "1"
    suffixes = (".docx", ".docm")
    mime_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def sniff(self, head: bytes) -> bool:
        return head.startswith(ZIP_MAGIC) and b"word/" in head

    def read(self, path: str, data: bytes) -> Document:
        return read_docx(path, data)


def read_docx(path: str, data: bytes) -> Document:
    check_magic(data)
    package = Package(data)
    document_name = package.main_part()
    root = package.xml(document_name)
    body = root.find(W + "body")
    if body is None:
        raise ReadError(f"{document_name} 中没有正文（w:body）", f"{document_name} has no body (w:body)")
    reading = Body(lambda: heading_styles(package, document_name), lambda: load_numbering(package, document_name))
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
        notes=tuple(reading.notes),
    )


@hookimpl
def gklint_readers() -> list[Reader]:
    return [DocxReader()]
