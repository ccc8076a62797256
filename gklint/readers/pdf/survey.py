"""What is checked before a PDF is handed to PDFium, which is C code and bounds nothing itself.

PDFium inflates whatever a stream holds (a flate bomb aborts the process at its memory limit) and
draws a Form XObject as often as the page says. So, first, with pdfminer's bounded parser (cheap:
the document's structure and the pages' content streams only, no interpretation): the document
opens, it has at most ``MAX_PAGES`` pages, the pages' content stays within the content caps, and
every zlib stream of the file, fonts included, inflates within the stream caps. These raise the
same ``TooLarge`` and ``ReadError`` as the pdfminer engine, so both engines refuse alike.

A file that is unusual where only pdfminer's caps are exact, or damaged, is left to pdfminer: a
cross-reference table that had to be rebuilt (PDFium's repair of a damaged file can take minutes
where pdfminer's takes a second, and damage is where C code is most exposed), a page whose
content, each Form XObject counted as often as it is drawn, is over ``HEAVY_PAGE`` bytes (a real
page has 5-50 KB), inline images (PDFium decodes them to find their end), a zlib stream that does
not inflate cleanly to its end (damage, which the engines recover from differently), compression
nested in compression, and LZW or run-length filters.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Any

from gklint.plugin import ReadError
from gklint.readers.pdf.collect import check_page_number, metadata_of, open_document, page_ctm
from gklint.readers.pdf.guard import MIB, Meter, TooLarge, bounded

HEAVY_PAGE = MIB
MAX_FORM_DEPTH = 12
_INPUT_CHUNK = 1 << 16
_OUTPUT_CHUNK = MIB

_STREAM = re.compile(rb"stream\r?\n")
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![^\s/\[\]()<>{}%])")
_INLINE_IMAGE = re.compile(rb"(?<![^\s\])>}])BI(?![^\s/\[(<])")
_RISKY_FILTERS = (b"/LZWDecode", b"/RunLengthDecode")


@dataclass(frozen=True)
class Survey:
    """Each page's starting transformation (as pdfminer sets it), the metadata, whether the file
    is one to leave to pdfminer, and pdfminer's document (parsing a damaged file twice costs seconds)."""

    ctms: list[tuple[float, ...]]
    metadata: dict[str, str]
    leave_to_pdfminer: bool
    document: Any


def survey(data: bytes) -> Survey:
    meter = Meter()
    try:
        with bounded(meter):
            document = open_document(data)
            ctms, unusual, metadata = _pages(document, meter)
    except (TooLarge, ReadError, MemoryError):
        raise
    except Exception:  # damage pdfminer trips over: reading the file itself, it says what it makes of it
        return Survey([], {}, True, None)
    unusual = check_streams(data) or unusual or any(name in data for name in _RISKY_FILTERS)
    return Survey(ctms, metadata, unusual, document)


def _pages(document: Any, meter: Meter) -> tuple[list[tuple[float, ...]], bool, dict[str, str]]:
    from pdfminer.pdfdocument import PDFXRefFallback
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import stream_value

    ctms: list[tuple[float, ...]] = []
    unusual = any(isinstance(xref, PDFXRefFallback) for xref in document.xrefs)
    for number, page in enumerate(PDFPage.create_pages(document), 1):
        check_page_number(number)
        meter.new_page()
        content = b"".join(stream_value(s).get_data() for s in page.contents)
        meter.content_bytes(len(content))
        unusual = (
            unusual or _INLINE_IMAGE.search(content) is not None or _drawn_bytes(page.resources, content) > HEAVY_PAGE
        )
        ctms.append(page_ctm(page.mediabox, page.rotate))
    return ctms, unusual, metadata_of(document)


def _drawn_bytes(resources: Any, content: bytes) -> int:
    """The bytes of content drawing the page takes, each Form XObject as often as it is drawn
    (a drawing costs at least the five bytes of ``/X Do``: this bounds the drawings too); past
    ``HEAVY_PAGE`` when a form cannot be read, so that pdfminer judges."""
    try:
        return _drawn(resources, content, 0, {})
    except TooLarge:
        raise
    except Exception:  # a damaged form: pdfminer says what it makes of it
        return HEAVY_PAGE + 1


def _drawn(resources: Any, content: bytes, depth: int, seen: dict[int, int]) -> int:
    from pdfminer.pdftypes import dict_value, resolve1, stream_value
    from pdfminer.psparser import LIT

    if depth > MAX_FORM_DEPTH:
        return HEAVY_PAGE + 1
    xobjects = dict_value(resolve1((resources or {}).get("XObject")))
    total = len(content)
    for name in _DO.findall(content):
        found = resolve1(xobjects.get(name.decode("latin-1")))
        if not hasattr(found, "get_data") or found.get("Subtype") is not LIT("Form"):
            continue
        form = stream_value(found)
        if id(form) not in seen:
            inner = dict_value(resolve1(form.get("Resources"))) or resources
            seen[id(form)] = _drawn(inner, form.get_data(), depth + 1, seen)
        total += seen[id(form)]
        if total > HEAVY_PAGE:
            break
    return total


# --------------------------------------------------------------------------- every stream


def _is_zlib(head: bytes) -> bool:
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def check_streams(data: bytes) -> bool:
    """Inflate every zlib stream of the file within the stream caps, keeping nothing; True when one
    does not inflate cleanly to its end (damage, where the engines recover differently) or
    inflates to more zlib data (compression nested in compression)."""
    meter = Meter()
    view = memoryview(data)
    odd = False
    for match in _STREAM.finditer(data):
        start = match.end()
        if _is_zlib(data[start : start + 2]):
            odd = _inflate_counting(view[start:], meter) or odd
    return odd


def _inflate_counting(view: memoryview, meter: Meter) -> bool:
    """The stream's inflated size, counted into ``meter``; True when it is damaged or its output
    is zlib data."""
    inflater = zlib.decompressobj()
    size = 0
    head = b""
    try:
        for at in range(0, len(view), _INPUT_CHUNK):
            pending: bytes | memoryview = view[at : at + _INPUT_CHUNK]
            while pending and not inflater.eof:
                out = inflater.decompress(pending, _OUTPUT_CHUNK)
                head = head or out[:2]
                size += len(out)
                meter.stream_size(size)
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass  # damaged: what inflated is counted
    meter.decoded_bytes(size)
    return not inflater.eof or _is_zlib(head)
