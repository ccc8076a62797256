"""Minimal PDFs written by hand, for the PDFs built to hurt (reportlab would refuse to write them)."""

from __future__ import annotations

import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf(objects: list[bytes], root: int = 1, trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, trailer, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def page_pdf(contents: list[bytes], compress: bool = False, resources: bytes = b"") -> bytes:
    """One page per content stream, all with the font /F1; ``resources`` adds to each page's."""
    count = len(contents)
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)]
    font = 3 + 2 * count
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> %s >> >>" % (4 + 2 * i, font, resources)
        )
        data = zlib.compress(content, 1) if compress else content
        objects.append(stream(data, b"/Filter /FlateDecode" if compress else b""))
    objects.append(FONT)
    return pdf(objects)


def text_page(lines: list[str]) -> bytes:
    """A content stream drawing ASCII lines of text top to bottom."""
    out = [b"BT /F1 12 Tf 14 TL 40 760 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        out.append(b"(" + escaped.encode("latin-1", "replace") + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def flate_bomb(inflated: int) -> bytes:
    """A page whose content stream inflates to ``inflated`` bytes of zeros (about 1/1000 of it on disk).

    Made in a moment: after a full flush the compressor starts afresh, so every further megabyte of
    zeros compresses to the same bytes, which are repeated (the checksum at the end then covers only
    the first two megabytes: a bomb need not be a valid one)."""
    packer = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    first = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    body = first + again * max(0, (inflated >> 20) - 1) + packer.flush()
    return page_pdf_raw(body, b"/Filter /FlateDecode")


def page_pdf_raw(content: bytes, filters: bytes) -> bytes:
    """One page whose content stream is ``content`` as given, declared with ``filters``."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(content, filters),
            FONT,
        ]
    )


def font_pdf(font: bytes, extra: list[bytes], text: bytes = b"<00010002> Tj") -> bytes:
    """One page drawing ``text`` in the font ``font`` (object 5); ``extra`` are objects 6, 7, …"""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(b"BT /F1 12 Tf 40 700 Td " + text + b" ET"),
            font,
            *extra,
        ]
    )


def cmap(body: bytes) -> bytes:
    """A ToUnicode CMap program around ``body`` (bfchar and bfrange blocks), four-byte codes."""
    return (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Hostile def\n"
        b"1 begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n"
        + body
        + b"\nendcmap CMapName currentdict /CMap defineresource pop end end"
    )


def truetype_cmap12(groups: list[tuple[int, int, int]]) -> bytes:
    """A TrueType font program holding only a 'cmap' table of format 12 with ``groups``."""
    import struct

    table = struct.pack(">HH", 0, 1) + struct.pack(">HHL", 3, 10, 12)
    table += struct.pack(">HHIII", 12, 0, 16 + 12 * len(groups), 0, len(groups))
    table += b"".join(struct.pack(">III", *group) for group in groups)
    return struct.pack(">IHHHH", 0x10000, 1, 16, 0, 0) + struct.pack(">4sLLL", b"cmap", 0, 28, len(table)) + table
