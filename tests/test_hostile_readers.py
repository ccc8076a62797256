"""Readers that cannot explode: each class of input built to hurt is read, or refused with a clear
reason, within a small part of the budget. Every case runs in a worker process under a time and
memory limit, so a reader that hangs or balloons fails its test instead of the test run."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from gklint.bounds import MAX_CELLS, MAX_UNITS, bound_document
from gklint.model import Document, Paragraph, Table
from gklint.reader import Reader, ReadError
from gklint.readers.docx import DocxReader
from gklint.readers.html import HtmlReader
from gklint.readers.markdown import MarkdownReader
from gklint.readers.pdf import PdfReader, _damage
from gklint.readers.pdf.fontcaps import cmap_range_codes, range_codes
from gklint.readers.text import TextReader
from gklint.workers import Exceeded, can_isolate, run_all
from tests.conftest import run_json
from tests.fuzz import hostile

pytestmark = pytest.mark.skipif(not can_isolate(), reason="worker processes need os.fork")

READERS: dict[str, Reader] = {
    ".pdf": PdfReader(),
    ".docx": DocxReader(),
    ".html": HtmlReader(),
    ".md": MarkdownReader(),
    ".txt": TextReader(),
}
TIMEOUT = 20.0  # seconds: a tenth of what most of these took before, when they ended at all
MEMORY = 768 << 20


def _read(task: tuple[str, bytes]) -> Any:
    suffix, data = task
    try:
        return READERS[suffix].read(f"hostile{suffix}", data)
    except ReadError as exc:
        return ("refused", exc.message, exc.message_en)


def read_within_budget(made: tuple[str, bytes]) -> Document | tuple[str, str, str]:
    """The document read from ``made``, or ("refused", message, message_en); fails past the budget."""
    (result,) = run_all(_read, [made], timeout=TIMEOUT, memory=MEMORY)
    assert not isinstance(result, Exceeded), f"over the budget: {result}"
    return result  # type: ignore[no-any-return]


def make(name: str, scale: float = 1.0, seed: int = 0) -> tuple[str, bytes]:
    return hostile.MAKERS[name](random.Random(seed), scale)


def text_of(document: Document) -> str:
    parts = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        else:
            parts.extend(cell.text for row in block.rows for cell in row)
    return "\n".join(parts)


def refused(result: object, *words: str) -> None:
    assert isinstance(result, tuple) and result[0] == "refused", result
    assert all(word in result[1] + result[2] for word in words), result


# --------------------------------------------------------------------------- PDF


@pytest.mark.parametrize("seed", range(4))
def test_pdf_ascii85_stream_with_a_long_run_of_spaces(seed: int) -> None:
    """The stream's ends were stripped with regular expressions, quadratic on such a run."""
    document = read_within_budget(make("pdf_ascii85_spaces", seed=seed))
    assert isinstance(document, Document) and "Annual report" in text_of(document)


@pytest.mark.parametrize("seed", [0, 1])
def test_pdf_self_reference_ends(seed: int) -> None:
    refused(read_within_budget(make("pdf_self_reference", seed=seed)))


def test_pdf_flate_bomb_is_refused_naming_the_cap() -> None:
    suffix, data = make("pdf_flate_bomb", scale=0.25)
    assert len(data) < 1 << 20  # half a gigabyte of zeros on less than a megabyte
    refused(read_within_budget((suffix, data)), "64 MB", "bomb")


def test_pdf_thirty_megabyte_string_is_refused() -> None:
    refused(read_within_budget(make("pdf_long_string")), "4 MB", "drawing content")


def test_pdf_four_megabyte_string_is_lexed_in_time_and_refused_for_its_glyphs() -> None:
    refused(read_within_budget(make("pdf_long_string", scale=0.13)), "100000", "characters")


def test_pdf_two_million_glyphs_are_refused() -> None:
    refused(read_within_budget(make("pdf_glyph_storm")), "100000", "characters")


def test_pdf_two_million_segments_are_refused() -> None:
    refused(read_within_budget(make("pdf_segment_storm")), "refused")


def test_pdf_operators_and_form_fan_out_are_refused() -> None:
    refused(read_within_budget(make("pdf_operator_storm")), "100000", "drawing operations")
    refused(read_within_budget(make("pdf_form_fanout")), "refused")


def test_pdf_numbers_that_overflow_to_infinity_are_no_place() -> None:
    document = read_within_budget(make("pdf_infinite_numbers"))
    assert isinstance(document, Document)
    for block in document.blocks:
        bbox = block.location.bbox
        assert bbox is None or all(abs(v) < 1e6 for v in bbox)


def test_pdf_recursion_error_reads_the_same_wherever_the_stack_ran_out() -> None:
    """The text of a RecursionError depends on where the stack ran out ("… in comparison"), which
    differed between --jobs 1 and 2 on a cross-reference loop: the finding names the error only."""
    texts = ["maximum recursion depth exceeded", "maximum recursion depth exceeded in comparison"]
    assert {_damage(RecursionError(text)) for text in texts} == {"RecursionError"}
    refused(read_within_budget(make("pdf_xref_loop")), "RecursionError")


def test_pdf_cross_reference_loop_ends() -> None:
    result = read_within_budget(make("pdf_xref_loop"))
    assert isinstance(result, (Document, tuple))


# seeds of pdf_font_ranges giving each kind: widths, vertical widths, a ToUnicode range, a ToUnicode
# of many entries, a TrueType cmap group
FONT_RANGE_SEEDS = {
    "widths": 2,
    "vertical-widths": 1,
    "to-unicode-range": 7,
    "to-unicode-entries": 0,
    "truetype-cmap": 5,
}


@pytest.mark.parametrize("kind", sorted(FONT_RANGE_SEEDS))
def test_pdf_font_tables_naming_billions_of_codes_are_refused(kind: str) -> None:
    """A few bytes of font table made pdfminer walk billions of codes (or lex millions of tokens)."""
    refused(
        read_within_budget(make("pdf_font_ranges", scale=0.2, seed=FONT_RANGE_SEEDS[kind])), "字体表", "font tables"
    )


# --------------------------------------------------------------------------- DOCX


def test_docx_fifty_thousand_deletions_in_one_paragraph() -> None:
    document = read_within_budget(make("docx_deletion_storm"))
    assert isinstance(document, Document)
    text = text_of(document)
    assert "正文" in text and "旧" not in text  # deleted text stays deleted


@pytest.mark.parametrize("seed", range(8))
def test_docx_numeric_attributes_that_int_refuses(seed: int) -> None:
    document = read_within_budget(make("docx_odd_numbers", seed=seed))
    assert isinstance(document, Document) and "总体情况" in text_of(document)


def test_docx_chain_of_fifty_thousand_styles() -> None:
    document = read_within_budget(make("docx_style_chain"))
    assert isinstance(document, Document)
    assert [b.heading_level for b in document.blocks if isinstance(b, Paragraph)] == [0]


@pytest.mark.parametrize("seed", range(3))
def test_docx_damaged_zip_front_is_a_read_error(seed: int) -> None:
    refused(read_within_budget(make("docx_damaged_front", seed=seed)), ".docx")


def test_docx_row_of_two_hundred_thousand_cells_is_cut_with_a_note() -> None:
    document = read_within_budget(make("docx_wide_row"))
    assert isinstance(document, Document)
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    assert len(table.rows[0]) <= 1000 + 64
    assert any("1000" in note.message and "1000" in note.message_en for note in document.notes)


# --------------------------------------------------------------------------- HTML


@pytest.mark.parametrize("seed", range(10))
def test_html_charset_that_is_not_a_text_encoding_is_ignored(seed: int) -> None:
    document = read_within_budget(make("html_fake_charset", seed=seed))
    assert isinstance(document, Document)
    assert "一、总体情况" in text_of(document) and document.encoding == "utf-8"


@pytest.mark.parametrize("seed", range(5))
def test_html_one_bad_byte_keeps_the_page_utf8_with_a_note(seed: int) -> None:
    document = read_within_budget(make("html_bad_byte", seed=seed))
    assert isinstance(document, Document) and document.encoding == "utf-8"
    assert "三、收到和处理政府信息公开申请情况" in text_of(document)
    (note,) = document.notes
    assert "UTF-8" in note.message and "replaced" in note.message_en and note.location.line == 1


def test_html_nested_a_hundred_thousand_deep() -> None:
    result = read_within_budget(make("html_deep_nesting"))
    assert isinstance(result, Document) or "嵌套" in result[1]


# --------------------------------------------------------------------------- text and Markdown


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_ten_thousand_suppression_comments(suffix: str) -> None:
    _, data = make("text_directive_storm")
    document = read_within_budget((suffix, data))
    assert isinstance(document, Document) and len(document.directives) == 10_000
    assert {d.target_line for d in document.directives} == {10_001}


def test_markdown_hundred_thousand_unclosed_comments() -> None:
    document = read_within_budget(make("markdown_unclosed_comments"))
    assert isinstance(document, Document) and "二、主动公开政府信息情况" in text_of(document)


@pytest.mark.parametrize("seed", range(4))
def test_markdown_bracket_storms(seed: int) -> None:
    document = read_within_budget(make("markdown_bracket_storm", seed=seed))
    assert isinstance(document, Document) and "一、总体情况" in text_of(document)


@pytest.mark.parametrize("seed", range(12))
def test_ten_megabyte_line_of_pipes_tabs_or_spaces(seed: int) -> None:
    suffix, data = make("text_long_line", seed=seed)
    document = read_within_budget((suffix, data))
    assert isinstance(document, Document) and "一、总体情况" in text_of(document)
    widest = max((len(row) for b in document.blocks if isinstance(b, Table) for row in b.rows), default=0)
    assert widest <= 1001
    if widest > 100:
        assert any("1000" in note.message for note in document.notes)


@pytest.mark.parametrize("seed", range(8))
def test_two_million_tiny_cells_are_read_no_further_than_the_kernel_checks(seed: int) -> None:
    """Rows of a thousand one-character cells (pipes, tabs, bars): 4 MB took minutes and a gigabyte."""
    document = read_within_budget(make("text_dense_grid", seed=seed))
    assert isinstance(document, Document)
    cells = sum(len(row) for block in document.blocks if isinstance(block, Table) for row in block.rows)
    assert cells <= MAX_CELLS + 1000  # the reader stops within a row of the kernel's bound
    bounded = bound_document(document)
    kept = sum(len(row) for block in bounded.blocks if isinstance(block, Table) for row in block.rows)
    assert kept <= MAX_CELLS
    if cells > MAX_CELLS:
        assert any(str(MAX_CELLS) in note.message for note in bounded.notes)


def test_a_document_is_read_no_further_than_the_kernel_checks() -> None:
    lines = "\n".join(f"第{i}行正文" for i in range(50_000))
    document = read_within_budget((".txt", lines.encode()))
    assert isinstance(document, Document) and MAX_UNITS < len(document.blocks) <= MAX_UNITS + 1


# Not "²": the text is folded (NFKC) before numbers are read, and a superscript two is a 2.
ODD_NUMBERS = ["9" * 5000, "NaN", "Infinity", "-inf", "1e999", "〇" * 5000, "፩", "1" * 4301 + ".5", "0x1F"]


def test_counts_of_five_thousand_digits_nan_and_infinity_are_text_not_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Where a count stands, each of these is a cell that is not a number (GK109), in the table as in
    the prose: never ``int()`` of 5,000 digits, a float that is not finite, or an internal error."""
    for index, value in enumerate(ODD_NUMBERS):
        rows = [
            f"| 一、本年新收政府信息公开申请数量 | {' | '.join([value] * 7)} |",
            "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        ]
        text = "\n".join([*hostile.REPORT_LINES, "| 申请人情况 | 自然人 |", *rows, f"共收到申请{value}件。"])
        (tmp_path / f"odd-{index}.md").write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(tmp_path), "--jobs", "2", "--timeout", "20")
    for index, value in enumerate(ODD_NUMBERS):
        found = [f for f in data["findings"] if f["path"].endswith(f"odd-{index}.md")]
        assert not [f for f in found if f["code"] in ("GK002", "GK099")], (value[:20], found)
        invalid = [f for f in found if f["code"] == "GK109"]
        assert len(invalid) == 7 and all(f["actual"] == value for f in invalid), (value[:20], invalid[:1])


def test_font_ranges_are_counted_before_pdfminer_walks_them() -> None:
    assert range_codes([0, 9, 500, 20, [1, 2, 3], 7.5, 9, 1], 3) == 10 + 3
    assert range_codes([0, 4_000_000_000, 1000, 500, 880], 5) == 4_000_000_001
    assert cmap_range_codes(
        [b"\x00\x00", b"\x00\xff", b"\x4e\x00", b"\x00\x00\x00\x00", b"\xff\xff\xff\xff", 1]
    ) == 256 + (1 << 32)
