"""The DOCX reader: real seeds re-rendered as Word files bind exactly as their text does; bad files fail cleanly."""

from __future__ import annotations

import contextlib
import functools
import io
import time
import zipfile
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.model import CellStatus, Document, Paragraph, Report, Table
from gklint.reader import ReadError
from gklint.readers.docx import DocxReader
from gklint.templates.national import NATIONAL_2021
from tests.render.docx import render_docx
from tests.render.html import sample_content
from tests.test_layout_text import findings_of
from tests.test_reader_html import assert_same_binding, cells_of, content_of, relabel_of, seed_params, text_report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>'
)
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def relationship(kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="r{abs(hash(target)) % 997}" Type="{kind}" Target="{target}"{mode}/>'


def package(
    body: str | None,
    styles: str | None = None,
    parts: dict[str, str | bytes] | None = None,
    rels: str | None = None,
) -> bytes:
    """A minimal .docx: ``body`` is the content of ``w:body``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS.format(rels or relationship(OFFICE_DOCUMENT, "word/document.xml")))
        if body is not None:
            archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        if styles is not None:
            archive.writestr("word/styles.xml", f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>')
        for name, data in (parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def p(text: str = "", style: str = "", extra: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{properties}{run}{extra}</w:p>"


def read_docx(data: bytes) -> Document:
    return DocxReader().read("report.docx", data)


# --------------------------------------------------------------------------- the real seeds, re-rendered


@functools.cache
def seed_docx_report(path: Path, split_labels: bool) -> Report:
    data = render_docx(content_of(path), split_labels, relabel_of(text_report(path)))
    return bind(read_docx(data), [NATIONAL_2021])


@pytest.mark.parametrize("split_labels", [False, True], ids=["plain", "split"])
@pytest.mark.parametrize("seed", seed_params())
def test_seed_binds_as_its_text(seed: Path, split_labels: bool) -> None:
    assert_same_binding(text_report(seed), seed_docx_report(seed, split_labels), cells=False)


@pytest.mark.parametrize("split_labels", [False, True], ids=["plain", "split"])
@pytest.mark.parametrize("seed", seed_params())
def test_seed_cells_bind_as_in_its_text(seed: Path, split_labels: bool) -> None:
    assert cells_of(seed_docx_report(seed, split_labels)) == cells_of(text_report(seed))


def test_blank_last_value_after_a_merged_label_stays_in_place() -> None:
    """Table B's labels span three columns; the empty positions they cover are not values."""
    content = sample_content()
    content.values["applications"]["carried_in"]["total"] = ""
    cells = cells_of(bind(read_docx(render_docx(content)), [NATIONAL_2021]))
    assert cells[("applications", "carried_in", "total")] == ("", CellStatus.BLANK)
    assert cells[("applications", "carried_in", "natural_person")][1] is CellStatus.OK


# --------------------------------------------------------------------------- the synthetic report and fixtures


@pytest.mark.parametrize("name", ["plain", "split"])
def test_fixture_binds_every_cell_and_is_regenerable(name: str) -> None:
    content = sample_content()
    data = (FIXTURES / f"{name}.docx").read_bytes()
    assert data == render_docx(content, split_labels=name == "split"), (
        f"run python -m tests.render.docx --out {FIXTURES}"
    )
    document = read_docx(data)
    assert document.metadata == {}  # docProps/core.xml dates are not publication dates
    report = bind(document, [NATIONAL_2021])
    assert report.notes == ()
    assert report.title == content.title
    assert {n: s.heading for n, s in report.sections.items()} == {n: content.heading(n) for n in range(1, 7)}
    for (table, row, column), (raw, status) in cells_of(report).items():
        assert (raw, status) == (content.values[table][row][column], CellStatus.OK), (table, row, column)
    assert len(cells_of(report)) == 10 + 25 * 7 + 15


def test_headings_and_locations_of_a_rendered_report() -> None:
    document = read_docx((FIXTURES / "plain.docx").read_bytes())
    paragraphs = list(document.paragraphs)
    assert (paragraphs[0].heading_level, paragraphs[0].location.element) == (1, "段落 1")  # Title style
    part_one = next(p for p in paragraphs if p.text == "一、总体情况")
    assert part_one.heading_level == 2
    tables = list(document.tables)
    assert [t.location.element for t in tables] == ["表格 1", "表格 2", "表格 3"]
    assert tables[1].rows[3][3].location.element == "表格 2 / 行 4 / 列 4"
    assert len({len(row) for row in tables[1].rows}) == 1  # merges resolved into a rectangular grid


# --------------------------------------------------------------------------- tables


def tc(text: str = "", properties: str = "", content: str = "") -> str:
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content or p(text)}</w:tc>"


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def test_grid_span_and_vertical_merge() -> None:
    nested = f"<w:tbl><w:tr>{tc('x')}{tc('y')}</w:tr></w:tbl>"
    label = (
        "<w:p><w:r><w:t>结果</w:t><w:br/><w:t>维持</w:t></w:r></w:p>"
        + "<w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:p>"
    )
    body = (
        "<w:tbl><w:tblGrid>"
        + '<w:gridCol w:w="2000"/>' * 3
        + '<w:gridCol w:w="15"/></w:tblGrid>'  # a sliver column, as Word leaves between misaligned rows
        + "<w:tr>"
        + tc("A", '<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>')
        + tc("B", '<w:gridSpan w:val="2"/>')
        + "</w:tr><w:tr>"
        + tc("ignored", '<w:gridSpan w:val="2"/><w:vMerge/>')
        + tc("C", '<w:gridSpan w:val="2"/>')
        + "</w:tr><w:tr>"
        + tc("D")
        + tc(content=p("E") + nested + "<w:p/>")
        + tc(content=label, properties='<w:gridSpan w:val="2"/>')
        + '</w:tr><w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        + tc("F")
        + tc("G", '<w:vMerge w:val="continue"/>')
        + "</w:tr></w:tbl>"
    )
    (table,) = read_docx(package(body)).tables
    assert texts(table) == [["A", "", "B"], ["", "", "C"], ["D", "E x y", "结果维持 a b"], ["F", ""]]
    merged = [[cell.merged for cell in row] for row in table.rows]
    assert merged == [[False, True, False], [True, True, False], [False, False, False], [False, True]]
    assert table.rows[1][1].location.element == "表格 1 / 行 2 / 列 2"
    assert [c.location.element for c in table.rows[3]] == ["表格 1 / 行 4 / 列 2", "表格 1 / 行 4 / 列 3"]


def test_table_without_grid_widths_counts_every_span() -> None:
    span = '<w:gridSpan w:val="3"/>'
    (table,) = read_docx(package(f"<w:tbl><w:tr>{tc('A', span)}{tc('B')}</w:tr></w:tbl>")).tables
    assert [(cell.text, cell.merged) for cell in table.rows[0]] == [("A", False), ("", True), ("", True), ("B", False)]


# --------------------------------------------------------------------------- paragraphs, runs and styles

STYLES = (
    '<w:style w:type="paragraph" w:styleId="a"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="mine"><w:name w:val="我的标题"/><w:basedOn w:val="a5"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="ol"><w:name w:val="大纲"/>'
    '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="loop1"><w:name w:val="x"/><w:basedOn w:val="loop2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="loop2"><w:name w:val="y"/><w:basedOn w:val="loop1"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="t"><w:name w:val="Title"/></w:style>'
)


def test_heading_levels_through_styles() -> None:
    body = "".join(
        [
            p("题目", "t"),
            p("一、总体情况", "1"),
            p("二、主动公开", "a5"),
            p("三、继承", "mine"),
            p("四、大纲", "ol"),
            p("五、正文", "a"),
            p("六、循环", "loop1"),
            '<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>直接大纲</w:t></w:r></w:p>',
            p("无样式表", "Heading3"),
        ]
    )
    levels = [(x.text, x.heading_level) for x in read_docx(package(body, STYLES)).paragraphs]
    assert levels == [
        ("题目", 1),
        ("一、总体情况", 1),
        ("二、主动公开", 2),
        ("三、继承", 2),
        ("四、大纲", 3),
        ("五、正文", 0),
        ("六、循环", 0),
        ("直接大纲", 1),
        ("无样式表", 3),
    ]


def test_heading_style_ids_without_styles_part() -> None:
    (paragraph,) = read_docx(package(p("一、总体情况", "Heading1"))).paragraphs
    assert paragraph.heading_level == 1


def test_run_content_that_is_not_text_is_skipped() -> None:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    body = (
        "<w:p><w:r><w:t>保留</w:t></w:r>"
        "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
        f"{p('文本框')}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        f"{p('文本框')}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        "</w:p>"
        f"<w:sdt><w:sdtContent>{p('控件中的段落')}</w:sdtContent></w:sdt>"
        "<w:p/>"
        f"<w:p><w:r><w:t>软回车前</w:t><w:br/><w:t>软回车后</w:t><w:tab/><w:t>制表</w:t></w:r></w:p>"
        "<w:sectPr/>"
    )
    blocks = [(b.text, b.location.element) for b in read_docx(package(body)).blocks if isinstance(b, Paragraph)]
    assert blocks == [
        ("保留插入3", "段落 1"),
        ("文本框", "段落 2"),
        ("控件中的段落", "段落 3"),
        ("软回车前", "段落 5"),
        ("软回车后 制表", "段落 5"),
    ]


def test_hidden_text_is_not_read() -> None:
    """Text formatted hidden (w:vanish) is neither shown nor printed by Word: a number left hidden
    before the one shown is not part of the cell's value, in a paragraph as in a table."""
    hidden = "<w:r><w:rPr><w:b/><w:vanish/></w:rPr><w:t>12000</w:t><w:tab/><w:t>x</w:t></w:r>"
    shown_again = '<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t>6</w:t></w:r>'
    paragraph = f"<w:p>{hidden}<w:r><w:t>1296</w:t></w:r>{shown_again}</w:p>"
    hidden_mark = "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>行政处罚</w:t></w:r></w:p>"
    body = f"{paragraph}<w:tbl><w:tr>{tc(content=hidden_mark)}{tc(content=paragraph)}</w:tr></w:tbl>"
    document = read_docx(package(body))
    assert [b.text for b in document.paragraphs] == ["12966"]
    (table,) = document.tables
    assert texts(table) == [["行政处罚", "12966"]]


def test_core_properties_dates_are_not_a_publication_date() -> None:
    core = (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dcterms="http://purl.org/dc/terms/">'
        "<dcterms:created>2024-01-20T00:00:00Z</dcterms:created>"
        "<dcterms:modified>2024-01-21T00:00:00Z</dcterms:modified></cp:coreProperties>"
    )
    assert read_docx(package(p("正文"), parts={"docProps/core.xml": core})).metadata == {}


def test_main_part_is_found_through_its_relationship() -> None:
    data = package(None, rels=relationship(OFFICE_DOCUMENT, "/word/main.xml"), parts={"word/main.xml": (
        f'<w:document xmlns:w="{W_NS}"><w:body>{p("正文")}</w:body></w:document>')})  # fmt: skip
    assert [x.text for x in read_docx(data).paragraphs] == ["正文"]


def test_external_relationships_are_not_followed() -> None:
    rels = relationship(OFFICE_DOCUMENT, "http://127.0.0.1:9/document.xml", external=True)
    with pytest.raises(ReadError, match=r"word/document\.xml"):
        read_docx(package(None, rels=rels))
    document_rels = RELS.format(relationship(STYLES_REL, "http://127.0.0.1:9/styles.xml", external=True))
    data = package(p("一、总体情况", "Heading1"), parts={"word/_rels/document.xml.rels": document_rels})
    assert [(x.text, x.heading_level) for x in read_docx(data).paragraphs] == [("一、总体情况", 1)]


# --------------------------------------------------------------------------- bad and hostile files


def message_of(data: bytes) -> tuple[str, str]:
    with pytest.raises(ReadError) as raised:
        read_docx(data)
    assert raised.value.message and raised.value.message_en and raised.value.message != raised.value.message_en
    return raised.value.message, raised.value.message_en


def test_zip_bomb_is_refused_before_decompressing() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w") as handle:
            chunk = b" " * (1 << 20)
            for _ in range(210):
                handle.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1_000_000
    started = time.perf_counter()
    zh, en = message_of(data)
    assert time.perf_counter() - started < 2
    assert "解压后过大" in zh and "too large" in en


def test_understated_sizes_in_the_zip_are_caught() -> None:
    """A zip whose directory claims a small size: never trusted beyond what it says."""
    data = bytearray(package(p("正文" * 2000)))
    directory = data.find(b"PK\x01\x02")  # central directory headers
    while directory >= 0:
        name_length = int.from_bytes(data[directory + 28 : directory + 30], "little")
        name = bytes(data[directory + 46 : directory + 46 + name_length])
        if name == b"word/document.xml":
            data[directory + 24 : directory + 28] = (100).to_bytes(4, "little")  # uncompressed size
        directory = data.find(b"PK\x01\x02", directory + 4)
    zh, en = message_of(bytes(data))
    assert "损坏" in zh and "damaged" in en


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_compression_word_never_uses_is_refused(method: int) -> None:
    """bzip2 and LZMA entries would be inflated without an output bound: refused before that."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{p("正文")}</w:body></w:document>')
    zh, en = message_of(buffer.getvalue())
    assert "压缩方式" in zh and "compression method" in en


def test_too_many_entries() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(10_001):
            archive.writestr(f"word/media/{n}.bin", b"")
    zh, en = message_of(buffer.getvalue())
    assert "过多" in zh and "too many" in en


def test_truncated_docx() -> None:
    data = (FIXTURES / "plain.docx").read_bytes()
    zh, en = message_of(data[: len(data) * 2 // 3])
    assert "损坏或不完整" in zh and "truncated" in en


def test_corrupt_part_data() -> None:
    data = bytearray(package(p("正文内容" * 500)))
    start = data.index(b"word/document.xml") + len("word/document.xml")  # the local header's name, then data
    for i in range(start + 40, start + 80):
        data[i] ^= 0x5A
    zh, _ = message_of(bytes(data))
    assert "损坏" in zh or "XML" in zh


@pytest.mark.parametrize("data", [b"This is plain text, not a Word file.", b"%PDF-1.7\n", b"\x00" * 64])
def test_not_a_zip(data: bytes) -> None:
    zh, en = message_of(data)
    assert "不是 ZIP" in zh and "not a zip" in en


def test_an_empty_zip_archive_is_named_as_such() -> None:
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    zh, en = message_of(buffer.getvalue())
    assert "空的 ZIP" in zh and "empty ZIP" in en


def test_empty_file() -> None:
    assert message_of(b"")[0] == "文件为空"


def test_encrypted_docx() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(64)
    zh, en = message_of(ole)
    assert "加密" in zh and "encrypted" in en


def test_old_doc_named_docx() -> None:
    zh, en = message_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024) + "WordDocument".encode("utf-16-le"))
    assert ".doc" in zh and "Word 97-2003" in en


def test_zip_without_document_xml() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", "<workbook/>")
    zh, en = message_of(buffer.getvalue())
    assert "没有 word/document.xml" in zh and "no word/document.xml" in en


def test_document_xml_that_is_not_xml() -> None:
    zh, en = message_of(package(None, parts={"word/document.xml": b"<w:document><unclosed"}))
    assert "不是有效的 XML" in zh and "not valid XML" in en


def test_entity_expansion_in_document_xml_is_refused() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>'
    )
    started = time.perf_counter()
    zh, en = message_of(package(None, parts={"word/document.xml": laughs}))
    assert time.perf_counter() - started < 2
    assert "DTD" in zh and "DTD" in en


def test_document_without_body() -> None:
    zh, _ = message_of(package(None, parts={"word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'}))
    assert "w:body" in zh


# --------------------------------------------------------------------------- plugin contract


def test_registered_through_its_entry_point() -> None:
    (entry,) = entry_points(group="gklint", name="reader_docx")
    (reader,) = entry.load().gklint_readers()
    assert reader.name == "docx" and ".docx" in reader.suffixes
    assert isinstance(reader, DocxReader)


def test_no_exception_but_read_error_for_mangled_files() -> None:
    """Cut and flip bytes all over a real file: the reader answers with a Document or a ReadError."""
    original = (FIXTURES / "split.docx").read_bytes()
    for step in range(0, len(original), max(len(original) // 97, 1)):
        mangled = bytearray(original)
        mangled[step : step + 16] = bytes(16)
        with contextlib.suppress(ReadError):
            read_docx(bytes(mangled))


def _rewritten(plain: bytes, rewrite: Callable[[str], str]) -> bytes:
    """The .docx ``plain`` with its ``word/document.xml`` rewritten by ``rewrite``."""
    with zipfile.ZipFile(io.BytesIO(plain)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    parts["word/document.xml"] = rewrite(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _framed(xml: str) -> str:
    start, end = xml.index("<w:body>") + len("<w:body>"), xml.rindex("<w:sectPr")
    return xml[:start] + "<w:tbl><w:tr><w:tc>" + xml[start:end] + "<w:p/></w:tc></w:tr></w:tbl>" + xml[end:]


def _last_table_laid_out(xml: str) -> str:
    last = xml.rindex("<w:tbl>")
    end = xml.index("</w:tbl>", last) + len("</w:tbl>")
    note = "<w:p><w:r><w:t>说明：本表为行政复议、行政诉讼情况。</w:t></w:r></w:p>"
    return xml[:last] + f"<w:tbl><w:tr><w:tc>{note}</w:tc><w:tc>{xml[last:end]}<w:p/></w:tc></w:tr></w:tbl>" + xml[end:]


def test_a_report_inside_a_one_column_frame_reads_as_the_report(tmp_path: Path) -> None:
    """A page pasted into Word arrives inside a table of one cell: the cell's paragraphs and tables
    are the report's (it was 'not a report', GK002)."""
    plain = render_docx(sample_content())
    framed = _rewritten(plain, _framed)
    (tmp_path / "plain.docx").write_bytes(plain)
    (tmp_path / "framed.docx").write_bytes(framed)
    assert findings_of(tmp_path / "framed.docx") == findings_of(tmp_path / "plain.docx")
    assert len(list(read_docx(framed).tables)) == len(list(read_docx(plain).tables)) == 3


def test_a_national_table_in_a_cell_of_a_two_column_layout(tmp_path: Path) -> None:
    """Table 四 set in the right half of a table laying out the page (a note in the left half): the
    table reads as itself, not flattened into the layout cell's text."""
    plain = render_docx(sample_content())
    (tmp_path / "plain.docx").write_bytes(plain)
    (tmp_path / "laid_out.docx").write_bytes(_rewritten(plain, _last_table_laid_out))
    assert findings_of(tmp_path / "laid_out.docx") == findings_of(tmp_path / "plain.docx")
