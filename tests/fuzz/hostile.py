"""Inputs built to hurt: one maker per class of the hostile-input issue, each scaled by ``scale``.

``scale`` 1.0 is the size that hurt (a 1 MB flate bomb of 2 GB, a 30 MB string, 2M glyphs, a 10 MB
line); the test suite uses a fraction of it, the soak the full size. Every maker returns
``(suffix, bytes)``.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from collections.abc import Callable

from tests.fuzz.pdfmake import (
    cmap,
    flate_bomb,
    font_pdf,
    page_pdf,
    page_pdf_raw,
    pdf,
    stream,
    text_page,
    truetype_cmap12,
)

Made = tuple[str, bytes]
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REPORT_LINES = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"]


def _n(base: int, scale: float, least: int = 1) -> int:
    return max(least, int(base * scale))


# --------------------------------------------------------------------------- PDF


def pdf_ascii85_spaces(rng: random.Random, scale: float) -> Made:
    """An ASCII85 content stream with a long run of white space (pdfminer strips its ends with
    regular expressions that are quadratic on such a run)."""
    import base64

    encoded = base64.a85encode(text_page(["Annual report on government information disclosure"]))
    spaces = rng.choice([b" ", b"\t", b"\r\n", b" \n"]) * _n(300_000, scale)
    body = rng.choice([b"<~" + encoded + spaces + b"~>", encoded + spaces, spaces + b"<~" + encoded])
    return ".pdf", page_pdf_raw(body, b"/Filter /ASCII85Decode")


def pdf_self_reference(rng: random.Random, scale: float) -> Made:
    """An object that is a reference to itself: pdfminer's resolver looped forever on it."""
    loop = rng.choice([b"2 0 R", b"3 0 R"])
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"3 0 R" if loop == b"3 0 R" else b"2 0 R", b"2 0 R"]
    return ".pdf", pdf(objects)


def pdf_flate_bomb(rng: random.Random, scale: float) -> Made:
    """A 1 MB stream that inflates to 2 GB (at scale 1)."""
    return ".pdf", flate_bomb(_n(2048, scale) << 20)


def pdf_long_string(rng: random.Random, scale: float) -> Made:
    """One 30 MB string: pdfminer's lexer grew it 4 KB at a time (quadratic)."""
    body = b"BT /F1 12 Tf 10 700 Td (" + b"A" * _n(30_000_000, scale) + b") Tj ET"
    return ".pdf", page_pdf([body])


def pdf_glyph_storm(rng: random.Random, scale: float) -> Made:
    """Two million glyphs on one page."""
    line = b"(" + b"X" * 100 + b") Tj\n"
    return ".pdf", page_pdf([b"BT /F1 1 Tf 10 700 Td\n" + line * _n(20_000, scale) + b"ET"], compress=True)


def pdf_segment_storm(rng: random.Random, scale: float) -> Made:
    """Two million path segments on one page, crossing in a mesh."""
    rows = [b"%d 0 m %d 800 l S 0 %d m 600 %d l S\n" % (i % 600, i % 600, i % 800, i % 800) for i in range(1000)]
    return ".pdf", page_pdf([b"".join(rows) * _n(1000, scale)], compress=True)


def pdf_operator_storm(rng: random.Random, scale: float) -> Made:
    """Pages of nothing but save/restore operators (pdfminer interprets some 40,000 a second)."""
    pages = [b"q Q\n" * _n(150_000, scale) for _ in range(_n(10, scale))]
    return ".pdf", page_pdf(pages, compress=True)


def pdf_infinite_numbers(rng: random.Random, scale: float) -> Made:
    """Operands of 400 digits: floats that overflow to infinity, then NaN in the glyph boxes."""
    huge = b"9" * 400
    body = b"BT /F1 12 Tf %s 0 0 %s 0 0 Tm (" % (huge, huge) + "一、总体情况".encode("utf-16-be") + b") Tj ET"
    body += b"\n%s 0 m %s 10 l S" % (huge, huge)
    return ".pdf", page_pdf([body, text_page(REPORT_LINES)])


def pdf_form_fanout(rng: random.Random, scale: float) -> Made:
    """Form XObjects each drawing the next ten times: 10^6 drawings from a few bytes."""
    depth = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
        b"/Resources << /XObject << /X 5 0 R >> >> >>",
        stream(b"/X Do"),
    ]
    for level in range(depth):
        child = b"/XObject << /X %d 0 R >>" % (6 + level) if level < depth - 1 else b""
        body = b"/X Do " * 10 if level < depth - 1 else b"0 0 m 10 10 l S"
        objects.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 600 800] /Resources << %s >>" % child))
    return ".pdf", pdf(objects)


def pdf_xref_loop(rng: random.Random, scale: float) -> Made:
    """A trailer whose /Prev points back at its own cross-reference table."""
    base = page_pdf([text_page(REPORT_LINES)])
    start = base.rindex(b"startxref\n") + len(b"startxref\n")
    xref = int(base[start : base.index(b"\n", start)])
    return ".pdf", base.replace(b"/Size", b"/Prev %d /Size" % xref, 1)


CID_FONT = (
    b"<< /Type /Font /Subtype /Type0 /BaseFont /Hostile /Encoding /%s /DescendantFonts [6 0 R] %s >>",
    b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Hostile /CIDSystemInfo << /Registry (Adobe) "
    b"/Ordering (Identity) /Supplement 0 >> /DW 1000 %s >>",
)


def pdf_font_ranges(rng: random.Random, scale: float) -> Made:
    """A font whose tables name billions of codes in a few bytes: a width range, a ToUnicode range,
    a TrueType cmap group (pdfminer walked every code), or a ToUnicode of two million entries."""
    last = min(_n(4_000_000_000, scale), 0xFFFFFFFF)
    kind = rng.choice(["widths", "vertical-widths", "to-unicode-range", "to-unicode-entries", "truetype-cmap"])
    encoding, widths, extra = b"Identity-H", b"", []
    if kind == "widths":
        widths = b"/W [0 %d 500]" % last
    elif kind == "vertical-widths":
        encoding, widths = b"Identity-V", b"/W2 [0 %d 1000 500 880]" % last
    elif kind == "to-unicode-range":
        extra = [_packed(cmap(b"1 beginbfrange <00000000> <%08X> <0041> endbfrange" % last))]
    elif kind == "to-unicode-entries":
        count = _n(2_000_000, scale)
        entries = b"".join(b"<%08X> <4E00>\n" % i for i in range(count))
        extra = [_packed(cmap(b"%d beginbfchar\n%sendbfchar" % (count, entries)))]
    else:
        widths = b"/FontDescriptor 7 0 R"
        extra = [b"<< /Type /FontDescriptor /FontName /Hostile /Flags 4 /FontFile2 8 0 R >>"]
        extra.append(stream(truetype_cmap12([(0, last, 1)])))
    to_unicode = b"/ToUnicode 7 0 R" if kind.startswith("to-unicode") else b""
    return ".pdf", font_pdf(CID_FONT[0] % (encoding, to_unicode), [CID_FONT[1] % widths, *extra])


def _packed(data: bytes) -> bytes:
    return stream(zlib.compress(data), b"/Filter /FlateDecode")


# --------------------------------------------------------------------------- DOCX


def docx(document_xml: str, styles_xml: str | None = None) -> bytes:
    """A minimal .docx around ``document_xml`` (and ``styles_xml``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", document_xml)
        if styles_xml is not None:
            archive.writestr("word/styles.xml", styles_xml)
    return out.getvalue()


def body(inner: str) -> str:
    return f'<?xml version="1.0"?><w:document {W_NS}><w:body>{inner}</w:body></w:document>'


def paragraph(text: str, inner: str = "") -> str:
    return f"<w:p>{inner}<w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_deletion_storm(rng: random.Random, scale: float) -> Made:
    """50,000 deleted runs and properties in one paragraph (ancestor scans were quadratic)."""
    pieces = "".join("<w:del><w:r><w:delText>旧</w:delText></w:r></w:del><w:pPr/>" for _ in range(_n(50_000, scale)))
    inner = "".join(paragraph(line) for line in REPORT_LINES)
    return ".docx", docx(body(inner + f"<w:p>{pieces}<w:r><w:t>正文</w:t></w:r></w:p>"))


def docx_odd_numbers(rng: random.Random, scale: float) -> Made:
    """Numeric attributes that pass isdigit() and fail int(): superscripts, Ethiopic digits, 5,000 digits."""
    value = rng.choice(["²", "፩", "٣", "1" * 5000, "-1", "NaN"])
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{value}"/></w:tcPr>{paragraph("1")}</w:tc>'
    table = f'<w:tbl><w:tblGrid><w:gridCol w:w="{value}"/></w:tblGrid><w:tr>{cell * 3}</w:tr></w:tbl>'
    heading = paragraph(REPORT_LINES[0], f'<w:pPr><w:outlineLvl w:val="{value}"/></w:pPr>')
    return ".docx", docx(body(heading + table))


def docx_style_chain(rng: random.Random, scale: float) -> Made:
    """50,000 styles, each based on the next (resolving each chain from scratch was quadratic)."""
    count = _n(50_000, scale)
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="s{i}"><w:basedOn w:val="s{i + 1}"/></w:style>' for i in range(count)
    )
    styles_xml = f'<?xml version="1.0"?><w:styles {W_NS}>{styles}</w:styles>'
    inner = paragraph(REPORT_LINES[0], '<w:pPr><w:pStyle w:val="s0"/></w:pPr>')
    return ".docx", docx(body(inner), styles_xml)


def docx_damaged_front(rng: random.Random, scale: float) -> Made:
    """A central directory whose local-header offset points before the archive ("negative seek value")."""
    data = bytearray(docx(body("".join(paragraph(line) for line in REPORT_LINES))))
    entry = data.rindex(b"PK\x01\x02")
    data[entry + 42 : entry + 46] = rng.choice([b"\xff\xff\xff\xff", b"\x00\x00\x00\xf0", b"\xfe\xff\xff\x7f"])
    return ".docx", bytes(data)


def docx_wide_row(rng: random.Random, scale: float) -> Made:
    """One table row of 200,000 cells, each spanning 64 grid columns."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>'
    return ".docx", docx(body(f"<w:tbl><w:tr>{cell * _n(200_000, scale)}</w:tr></w:tbl>"))


# --------------------------------------------------------------------------- HTML


def _page(text: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{text}</body></html>"


def html_fake_charset(rng: random.Random, scale: float) -> Made:
    """<meta charset> naming a codec that is not a text encoding."""
    codec = rng.choice(["base64", "hex", "zlib", "rot13", "bz2", "uu", "quopri", "unicode_escape", "idna", "undefined"])
    page = _page("".join(f"<p>{line}</p>" for line in REPORT_LINES), f'<meta charset="{codec}">')
    return ".html", page.encode("utf-8")


def html_bad_byte(rng: random.Random, scale: float) -> Made:
    """A UTF-8 page with one damaged byte (it flipped the whole page to mac_cyrillic)."""
    data = bytearray(_page("".join(f"<h2>{line}</h2><p>本机关{line}的正文。</p>" for line in REPORT_LINES)).encode())
    data[rng.randrange(len(data) // 2, len(data) - 20)] = rng.choice([0xFF, 0xC0, 0x80])
    return ".html", bytes(data)


def html_deep_nesting(rng: random.Random, scale: float) -> Made:
    depth = _n(100_000, scale)
    return ".html", _page("<div>" * depth + "一、总体情况" + "</div>" * depth).encode()


# --------------------------------------------------------------------------- text and Markdown


def text_directive_storm(rng: random.Random, scale: float) -> Made:
    """10,000 suppression comments in a row, each waiting for the next line of text."""
    lines = ["<!-- gklint: disable-next-line=GK107 -->"] * _n(10_000, scale) + REPORT_LINES
    return rng.choice([".txt", ".md"]), "\n".join(lines).encode()


def markdown_unclosed_comments(rng: random.Random, scale: float) -> Made:
    return ".md", ("<!-- " * _n(100_000, scale) + "\n" + "\n".join(REPORT_LINES)).encode()


def markdown_bracket_storm(rng: random.Random, scale: float) -> Made:
    storm = rng.choice(["[", "[a](", "![", "[]("]) * _n(100_000, scale)
    return ".md", ("\n".join(REPORT_LINES) + "\n" + storm + "\n").encode()


def text_long_line(rng: random.Random, scale: float) -> Made:
    """A 10 MB line of pipes, tabs, bars or spaces inside a report."""
    filler = rng.choice(["|", "\t", "｜", " |", "| a ", "-|", " "])
    line = filler * (_n(10_000_000, scale) // len(filler.encode()))
    middle = rng.choice(["", "# a", "规章", "<!-- "])
    return rng.choice([".txt", ".md"]), "\n".join([*REPORT_LINES, middle + line + "x", "四、结转"]).encode()


def text_dense_grid(rng: random.Random, scale: float) -> Made:
    """Two thousand rows of a thousand one-character cells: 4 MB, two million cells to bind."""
    row = rng.choice(["|" + "1|" * 999, "\t".join(["1"] * 999), "1 |\n" * 999 + "\n", "|" * 999])
    text = "\n".join([*REPORT_LINES, *[row] * _n(2_100, scale)])
    return rng.choice([".txt", ".md"]), text.encode()


def text_odd_numbers(rng: random.Random, scale: float) -> Made:
    """Counts of 5,000 digits, NaN and Infinity where table B's numbers stand."""
    value = rng.choice(["9" * 5000, "NaN", "Infinity", "-inf", "1e999", "〇" * 5000, "፩", "²", "1" * 4301 + ".5"])
    rows = [
        f"| 一、本年新收政府信息公开申请数量 | {' | '.join([value] * 7)} |",
        "| （七）总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
    ]
    text = "\n".join(["政府信息公开工作年度报告", *REPORT_LINES, "| 项目 | 自然人 |", *rows, f"共收到申请{value}件。"])
    return rng.choice([".txt", ".md"]), text.encode()


MAKERS: dict[str, Callable[[random.Random, float], Made]] = {
    maker.__name__: maker
    for maker in (
        pdf_ascii85_spaces, pdf_self_reference, pdf_flate_bomb, pdf_long_string, pdf_glyph_storm, pdf_segment_storm,
        pdf_operator_storm, pdf_infinite_numbers, pdf_form_fanout, pdf_xref_loop, pdf_font_ranges,
        docx_deletion_storm, docx_odd_numbers, docx_style_chain, docx_damaged_front, docx_wide_row,
        html_fake_charset, html_bad_byte, html_deep_nesting,
        text_directive_storm, markdown_unclosed_comments, markdown_bracket_storm, text_long_line, text_dense_grid,
        text_odd_numbers,
    )
}  # fmt: skip
