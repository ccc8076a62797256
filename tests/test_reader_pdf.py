"""The PDF reader: real PDFs in, the same bound report out as from the text they were made of.

The seed reports are re-rendered as PDF on the fly (never committed); the committed fixtures in
tests/fixtures/pdf are synthetic and regenerate with ``python -m tests.render.pdf --out
tests/fixtures/pdf``. Bad PDFs (scanned, encrypted, truncated, damaged, fonts without a Unicode
mapping) must give a ``ReadError`` that says why, never an empty document.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4

from gklint.binder import bind
from gklint.model import Document, Paragraph, Report, Table
from gklint.reader import ReadError
from gklint.readers.pdf import PdfReader, gklint_readers
from gklint.readers.text import TextReader
from gklint.templates.national import NATIONAL_2021
from tests.render.content import from_report
from tests.render.pdf import (
    BAD_FIXTURES,
    FIXTURES,
    LIBREOFFICE_FIXTURES,
    MARGIN,
    Style,
    encrypted_pdf,
    fixture_content,
    found_labels,
    no_unicode_pdf,
    render_pdf,
    scanned_pdf,
    synthetic_content,
    text_width,
    truncated_pdf,
)
from tests.render.synth import consistent_values, make_content
from tests.test_roundtrip import assert_binds_back_clean, page_texts

ROOT = Path(__file__).resolve().parents[1]
FILLER = "补充说明工作情况。" * 6
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
FIXTURE_DIR = ROOT / "tests" / "fixtures" / "pdf"
GOOD_FIXTURES = sorted([*FIXTURES, *LIBREOFFICE_FIXTURES])

# A blank cell right after a label merged over three grid columns binds one cell off (the binder
# cannot tell the merged cell's empty positions from the blank cell); see the PDF reader's report.


def read(data: bytes, name: str = "report.pdf") -> Document:
    return PdfReader().read(name, data)


def bound(data: bytes) -> Report:
    return bind(read(data), [NATIONAL_2021])


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.fixture(scope="module")
def ruled() -> Document:
    return read((FIXTURE_DIR / "synthetic_ruled.pdf").read_bytes(), "synthetic_ruled.pdf")


# --------------------------------------------------------------------------- the plugin


def test_reader_is_a_plugin_claiming_pdf() -> None:
    (reader,) = gklint_readers()
    assert isinstance(reader, PdfReader)
    assert reader.name == "pdf" and reader.suffixes == (".pdf",)
    assert reader.sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3")
    assert not reader.sniff(b"<html>") and not reader.sniff("一、总体情况".encode())
    entry_points = importlib.metadata.entry_points(group="gklint")
    assert any(ep.name == "reader_pdf" and ep.value == "gklint.readers.pdf" for ep in entry_points)


def test_importing_the_reader_does_not_import_pdfminer() -> None:
    code = "import sys, gklint.readers.pdf; print(any(m.startswith('pdfminer') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"


# --------------------------------------------------------------------------- seeds, re-rendered


def _cell_differences(text: Report, pdf: Report) -> dict[tuple[str, str], list[str]]:
    """(table, row) -> what differs between the two bindings' cells (raw text and status)."""
    out: dict[tuple[str, str], list[str]] = {}
    for key, table in text.tables.items():
        for row_key, row in table.items():
            other = pdf.tables[key].get(row_key) if key in pdf.tables else None
            for column, cell in row.items():
                got = other.get(column) if other is not None else None
                if got is None or (got.raw, got.status) != (cell.raw, cell.status):
                    found = (got.raw, got.status.value) if got is not None else None
                    out.setdefault((key, row_key), []).append(f"{column}: {(cell.raw, cell.status.value)} != {found}")
    for key, table in pdf.tables.items():
        for row_key in table:
            if key not in text.tables or row_key not in text.tables[key]:
                out.setdefault((key, row_key), []).append("bound from the PDF only")
    return out


def _notes(report: Report) -> list[tuple[str, str]]:
    return [(note.kind, note.place.describe()) for note in report.notes]


@pytest.mark.parametrize("seed", seed_paths(), ids=lambda p: p.name[:3])
def test_seed_rendered_as_pdf_binds_like_its_text(seed: Path) -> None:
    text = bind(TextReader().read(str(seed), seed.read_bytes()), [NATIONAL_2021])
    data = render_pdf(from_report(text), labels=found_labels(text))
    pdf = bound(data)

    assert pdf.title == text.title
    assert (pdf.period.text if pdf.period else None) == (text.period.text if text.period else None)
    assert sorted(pdf.sections) == sorted(text.sections) == [1, 2, 3, 4, 5, 6]
    for number, section in text.sections.items():
        assert pdf.sections[number].heading == section.heading
        # paragraph by paragraph; spaces are layout (the renderer turns NBSP and tabs into spaces)
        assert [p.text.replace(" ", "") for p in pdf.sections[number].paragraphs] == [
            p.text.replace("\u00a0", "").replace("\t", "").replace(" ", "") for p in section.paragraphs
        ]
    assert _notes(pdf) == _notes(text)
    assert sorted(pdf.tables) == sorted(text.tables)
    assert _cell_differences(text, pdf) == {}


def test_seeds_are_present_or_skipped() -> None:
    if not seed_paths():
        pytest.skip("the seed reports (../shared/seeds) are not present")
    assert len(seed_paths()) == 5


# --------------------------------------------------------------------------- committed fixtures


def test_fixtures_are_committed() -> None:
    present = {p.name for p in FIXTURE_DIR.glob("*.pdf")}
    assert set(FIXTURES) | set(BAD_FIXTURES) | set(LIBREOFFICE_FIXTURES) <= present
    assert all(p.stat().st_size < 200_000 for p in FIXTURE_DIR.glob("*.pdf"))


@pytest.mark.parametrize("name", GOOD_FIXTURES)
def test_fixture_binds_every_cell(name: str) -> None:
    content = fixture_content(name)
    report = bound((FIXTURE_DIR / name).read_bytes())
    assert report.title == content.title
    assert report.period is not None and report.period.text.startswith("2023年1月1日")
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    assert report.notes == ()
    for key, rows in content.values.items():
        for row_key, columns in rows.items():
            for column, raw in columns.items():
                assert report.tables[key][row_key][column].raw == raw, (key, row_key, column)


@pytest.mark.parametrize("name", [n for n in GOOD_FIXTURES if n != "synthetic_borderless.pdf"])
def test_fixture_paragraphs_come_back_whole(name: str) -> None:
    """Wrapped lines make one paragraph again, headings stay apart, page numbers are dropped."""
    content = fixture_content(name)
    report = bound((FIXTURE_DIR / name).read_bytes())
    for number, paragraphs in content.sections.items():
        got = [p.text.replace(" ", "") for p in report.sections[number].paragraphs]
        want = [p.replace(" ", "") for p in paragraphs]
        if name.startswith("libreoffice"):  # LibreOffice leaves out a comma hanging past the margin
            got, want = [_letters(t) for t in got], [_letters(t) for t in want]
        assert got == want, number


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def test_producer_is_kept_and_dates_are_not(ruled: Document) -> None:
    assert ruled.metadata == {"producer": "gklint test renderer (reportlab)"}
    assert b"/CreationDate" in (FIXTURE_DIR / "synthetic_ruled.pdf").read_bytes()
    assert read((FIXTURE_DIR / "libreoffice_1.pdf").read_bytes()).metadata["producer"].startswith("LibreOffice")


# --------------------------------------------------------------------------- structure and locations


def _tables(document: Document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table)]


def test_merged_cells_keep_text_once_and_rows_rectangular(ruled: Document) -> None:
    applications = next(t for t in _tables(ruled) if t.rows[0][0].text.startswith("（本列数据"))
    assert all(len(row) == 10 for row in applications.rows)
    assert [c.text for c in applications.rows[0]] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "",
        "",
        "申请人情况",
        *[""] * 6,
    ]
    assert [c.text for c in applications.rows[5][:3]] == ["三、本年度办理结果", "（一）予以公开", ""]
    assert [c.text for c in applications.rows[6][:3]] == [
        "",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "",
    ]


def test_labels_wrapped_in_cells_are_joined_without_spaces(ruled: Document) -> None:
    review = next(t for t in _tables(ruled) if t.rows[0][0].text == "行政复议")
    assert [c.text for c in review.rows[2][5:10]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    texts = {c.text for t in _tables(ruled) for row in t.rows for c in row}
    assert "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in texts


def test_a_table_continued_on_the_next_page_repeats_its_header(ruled: Document) -> None:
    parts = [t for t in _tables(ruled) if t.rows[0][0].text.startswith("（本列数据")]
    assert [t.location.page for t in parts] == [2, 3]
    assert [[c.text for c in row] for row in parts[1].rows[:3]] == [[c.text for c in row] for row in parts[0].rows[:3]]


def test_a_row_broken_across_pages_is_joined() -> None:
    """Word lets a row break across pages: the label's tail on the next page goes back into it."""
    data = (FIXTURE_DIR / "synthetic_split_rows.pdf").read_bytes()
    from pdfminer.high_level import extract_text

    texts_by_page = [extract_text(io.BytesIO(data), page_numbers=[n]) for n in range(3)]
    label = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert not any(label in text.replace("\n", "") for text in texts_by_page)  # the fixture does break it
    texts = [c.text for t in _tables(read(data)) for row in t.rows for c in row]
    assert label in texts
    assert not any(t and t != label and label.endswith(t) for t in texts)


def test_a_table_with_rows_broken_on_three_pages_binds_back_unchanged(tmp_path: Path) -> None:
    """Large type in the cells: 表二 runs over four pages, a row broken at every break."""
    values = consistent_values(random.Random(5), 0.5)
    content = make_content(values)
    content = dataclasses.replace(content, sections={**content.sections, 1: [*content.sections[1], *[FILLER] * 8]})
    data = render_pdf(content, Style(split_rows=True, cell_size=18.0))
    pages = page_texts(data)
    assert sum("申请人情况" in page for page in pages) >= 3  # the layout this test is about

    assert_binds_back_clean(tmp_path / "report.pdf", data, values)


@pytest.mark.parametrize(
    "agency", ["示例市示例区城市管理和综合行政执法局", "示例县科技和工业信息化局", "示例市人民政府办公室"]
)
def test_a_title_in_large_type_wrapped_over_two_lines_is_one_title(agency: str) -> None:
    """Word's 标题 style: the title left-aligned in 26 pt type, wrapped at single spacing."""
    content = make_content(consistent_values(random.Random(1), 0.5), 2023, agency)
    assert content.title is not None and text_width(content.title, 26.0) > A4[0] - 2 * MARGIN  # it wraps

    pdf = bound(render_pdf(content, Style(title_size=26.0)))

    assert (pdf.title, pdf.agency, pdf.year) == (content.title, agency, 2023)


def test_every_paragraph_and_cell_has_a_page_and_box(ruled: Document) -> None:
    for block in ruled.blocks:
        cells = [c for row in block.rows for c in row] if isinstance(block, Table) else [block]
        for item in [block, *cells]:
            location = item.location
            assert location.page in (1, 2, 3)
            assert location.bbox is not None
            x0, y0, x1, y1 = location.bbox
            assert 0 <= x0 <= x1 <= 595.3 and 0 <= y0 <= y1 <= 841.9


def test_bound_cells_point_at_their_page_and_box(ruled: Document) -> None:
    report = bind(ruled, [NATIONAL_2021])
    total = report.tables["applications"]["new"]["total"]
    assert total.location.page == 2 and total.location.bbox is not None
    x0, _, x1, _ = total.location.bbox
    label = report.tables["applications"]["new"]
    assert label.location.bbox is not None and label.location.bbox[2] <= x0 < x1
    assert report.sections[4].location.page == 3


def test_part_heading_stays_its_own_paragraph(ruled: Document) -> None:
    texts = [b.text for b in ruled.blocks if isinstance(b, Paragraph)]
    assert "三、收到和处理政府信息公开申请情况" in texts
    assert not any(t.startswith("— ") or t.endswith(" —") for t in texts)  # page numbers dropped
    preamble = next(t for t in texts if t.startswith("本报告根据"))
    assert "统计期限自2023年1月1日起至2023年12月31日止" in preamble


def test_kangxi_radicals_of_a_sloppy_font_read_as_ideographs() -> None:
    """Some exporters map 一 to the Kangxi radical ⼀ (U+2F00); headings must still be found."""
    content = synthetic_content(0)
    content.headings = {1: "\u2f00、总体情况", 2: "\u2f06、主动公开政府信息情况"}
    report = bound(render_pdf(content))
    assert report.sections[1].heading == "一、总体情况" and report.sections[2].heading == "二、主动公开政府信息情况"


def test_borderless_tables_fall_back_to_column_gaps() -> None:
    document = read((FIXTURE_DIR / "synthetic_borderless.pdf").read_bytes())
    active = next(t for t in _tables(document) if t.rows[0][0].text == "信息内容")
    assert [c.text for c in active.rows[2]] == ["行政规范性文件", "8", "", "26"]  # the blank cell keeps its place


# --------------------------------------------------------------------------- bad PDFs


@pytest.mark.parametrize(
    ("make", "zh", "en"),
    [
        (scanned_pdf, "扫描件", "OCR"),
        (encrypted_pdf, "加密", "encrypted"),
        (truncated_pdf, "截断", "truncated"),
        (no_unicode_pdf, "Unicode", "no Unicode mapping"),
    ],
    ids=["scanned", "encrypted", "truncated", "no-unicode"],
)
def test_bad_pdf_gives_a_clear_read_error(make, zh: str, en: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ReadError) as caught:
        read(make())
    assert zh in caught.value.message and en in caught.value.message_en


@pytest.mark.parametrize("name", sorted(BAD_FIXTURES))
def test_committed_bad_fixtures_give_read_errors(name: str) -> None:
    with pytest.raises(ReadError):
        read((FIXTURE_DIR / name).read_bytes(), name)


def test_scanned_message_is_the_agreed_one() -> None:
    with pytest.raises(ReadError) as caught:
        read(scanned_pdf())
    assert caught.value.message == "无文本层：扫描件，需要先做文字识别（OCR）"
    assert caught.value.message_en == "no text layer: a scanned document, needs OCR"


def _blank_page_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=True)
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "zh"),
    [
        (b"", "不是 PDF"),
        (b"%PDF-1.4\n" + b"\x00" * 64 + b"\n%%EOF\n", "损坏"),
        ("一、总体情况".encode(), "不是 PDF"),
    ],
    ids=["empty", "garbage", "text"],
)
def test_not_a_pdf_or_damaged(data: bytes, zh: str) -> None:
    with pytest.raises(ReadError) as caught:
        read(data)
    assert zh in caught.value.message


def test_a_pdf_without_any_text_is_refused() -> None:
    with pytest.raises(ReadError) as caught:
        read(_blank_page_pdf())
    assert "没有可提取的文字" in caught.value.message


def test_damage_anywhere_gives_read_error_and_nothing_else() -> None:
    data = (FIXTURE_DIR / "synthetic_ruled.pdf").read_bytes()
    variants = [data[:cut] for cut in range(200, len(data), len(data) // 7)]
    variants += [data[:at] + b"\xff\x00garbage)>>]" + data[at + 12 :] for at in range(300, len(data), len(data) // 7)]
    for variant in variants:
        try:
            document = read(variant)
        except ReadError:
            continue
        assert document.blocks  # what reads at all reads as something, never as an empty document


def test_lint_reports_a_bad_pdf_as_gk002(tmp_path: Path) -> None:
    target = tmp_path / "scan.pdf"
    target.write_bytes(scanned_pdf())
    result = subprocess.run(
        [sys.executable, "-m", "gklint", "check", str(target), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    output = json.loads(result.stdout)
    assert [file["format"] for file in output["files"]] == ["pdf"]
    assert [(f["code"], f["message_en"]) for f in output["findings"]] == [
        ("GK002", "no text layer: a scanned document, needs OCR")
    ]


def test_a_row_label_opening_the_next_page_is_no_rest_of_the_cell_above() -> None:
    """A cell full to its corner at a page's foot (no cell margins) may go on in the first row of the
    next page; a label with its own list marker (一、本年新收…) never does: it opens a row."""
    from gklint.model import Location, Table, TextCell
    from gklint.readers.pdf.ruled import Ruled
    from gklint.readers.pdf.ruled_break import _continued

    def one_cell(text: str) -> Ruled:
        cell = TextCell(text, Location(page=1, bbox=(0.0, 0.0, 100.0, 20.0)))
        return Ruled(Table(((cell,),)), [0.0, 100.0], [[(0, 0)]], {(0, 0)})

    above = one_cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert [c for c, _, _ in _continued(above, one_cell("开申请数量"), 0)] == [0]
    assert list(_continued(above, one_cell("一、本年新收政府信息公开申请数量"), 0)) == []
    assert list(_continued(above, one_cell("（一）予以公开"), 0)) == []
