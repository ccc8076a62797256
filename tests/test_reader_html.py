"""The HTML reader: real seeds re-rendered as web pages bind exactly as their text does; hostile pages fail cleanly."""

from __future__ import annotations

import functools
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.model import CellStatus, Document, Paragraph, Report, Table
from gklint.reader import ReadError
from gklint.readers.html import HtmlReader
from gklint.readers.text import TextReader
from gklint.templates.national import NATIONAL_2021
from tests.conftest import run_json
from tests.render.content import ReportContent, from_report
from tests.render.html import PUBLISHED, STYLES, render_html, sample_content

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


def seed_params() -> list[object]:
    paths = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    return [pytest.param(path, id=path.name[:3]) for path in paths]


@functools.cache
def text_report(path: Path) -> Report:
    return bind(TextReader().read(str(path), path.read_bytes()), [NATIONAL_2021])


def relabel_of(report: Report) -> dict[str, str]:
    """Template label -> label as the report wrote it, so that a re-rendering keeps its typos."""
    return {n.expected: n.found for n in report.notes if n.kind == "label-mismatch" and n.place.table}


def content_of(path: Path) -> ReportContent:
    return from_report(text_report(path))


def cells_of(report: Report) -> dict[tuple[str, str, str], tuple[str, CellStatus]]:
    return {
        (table, row, column): (cell.raw, cell.status)
        for table, bound in report.tables.items()
        for row, cells in bound.items()
        for column, cell in cells.items()
    }


def sections_of(report: Report) -> dict[int, tuple[str, tuple[str, ...]]]:
    return {n: (s.heading, tuple(p.text for p in s.paragraphs)) for n, s in report.sections.items()}


def notes_of(report: Report) -> list[tuple[str, str]]:
    return sorted((note.kind, note.place.describe()) for note in report.notes)


def period_of(report: Report) -> object:
    period = report.period
    return None if period is None else (period.text, period.start, period.end)


def assert_same_binding(expected: Report, actual: Report, cells: bool) -> None:
    assert actual.title == expected.title
    assert period_of(actual) == period_of(expected)
    assert sections_of(actual) == sections_of(expected)
    assert notes_of(actual) == notes_of(expected)
    if cells:
        assert cells_of(actual) == cells_of(expected)


def read_html(data: bytes, path: str = "report.html") -> Document:
    return HtmlReader().read(path, data)


def bind_html(data: bytes) -> Report:
    return bind(read_html(data), [NATIONAL_2021])


# --------------------------------------------------------------------------- the real seeds, re-rendered


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("seed", seed_params())
def test_seed_binds_as_its_text(seed: Path, style: str) -> None:
    expected = text_report(seed)
    actual = bind_html(render_html(content_of(seed), style, relabel_of(expected)))
    assert_same_binding(expected, actual, cells=False)


@pytest.mark.parametrize("style", ["plain", "portal", "split-p"])
@pytest.mark.parametrize("seed", seed_params())
def test_seed_cells_bind_as_in_its_text(seed: Path, style: str) -> None:
    expected = text_report(seed)
    actual = bind_html(render_html(content_of(seed), style, relabel_of(expected)))
    assert cells_of(actual) == cells_of(expected)


@pytest.mark.parametrize("style", ["plain", "split-br"])
def test_blank_last_value_after_a_merged_label_stays_in_place(style: str) -> None:
    """Table B's labels span three columns; the empty positions they cover are not values."""
    content = sample_content()
    content.values["applications"]["carried_in"]["total"] = ""
    content.values["applications"]["results_total"]["natural_person"] = ""
    cells = cells_of(bind_html(render_html(content, style)))
    assert cells[("applications", "carried_in", "total")] == ("", CellStatus.BLANK)
    assert cells[("applications", "carried_in", "natural_person")][1] is CellStatus.OK
    assert cells[("applications", "results_total", "natural_person")] == ("", CellStatus.BLANK)
    assert cells[("applications", "results_total", "total")][1] is CellStatus.OK


# --------------------------------------------------------------------------- the synthetic report and fixtures


@pytest.mark.parametrize("style", sorted(STYLES))
def test_sample_binds_every_cell(style: str) -> None:
    content = sample_content()
    report = bind_html(render_html(content, style))
    assert report.notes == ()
    assert report.title == content.title
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    for (table, row, column), (raw, status) in cells_of(report).items():
        assert (raw, status) == (content.values[table][row][column], CellStatus.OK), (table, row, column)
    assert len(cells_of(report)) == 10 + 25 * 7 + 15


@pytest.mark.parametrize("style", sorted(STYLES))
def test_committed_fixtures_are_regenerable(style: str) -> None:
    path = FIXTURES / f"{style}.html"
    assert path.read_bytes() == render_html(sample_content(), style), "run python -m tests.render.html --out " + str(
        FIXTURES
    )


# --------------------------------------------------------------------------- tables


def _table(html: str) -> Table:
    tables = list(read_html(f"<html><body>\n{html}\n</body></html>".encode()).tables)
    assert len(tables) == 1
    return tables[0]


def _texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def test_merged_cells_give_text_once_and_empty_covered_positions() -> None:
    table = _table(
        """<table>
<tr><td rowspan="2" colspan="2">A</td><td>B</td></tr>
<tr><td>C</td></tr>
<tr><td>D</td><td colspan="2">E</td></tr>
<tr><td rowspan="9">F</td><td>G</td><td>H</td></tr>
</table>"""
    )
    assert _texts(table) == [["A", "", "B"], ["", "", "C"], ["D", "E", ""], ["F", "G", "H"]]
    merged = [[cell.merged for cell in row] for row in table.rows]
    assert merged == [[False, True, False], [True, True, False], [False, False, True], [False, False, False]]
    assert [cell.location.line for cell in table.rows[1]] == [3, 3, 4]  # covered positions point at the merged cell
    assert table.location.line == 2


def test_ragged_rows_are_not_padded() -> None:
    table = _table("<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>")
    assert _texts(table) == [["a", "b", "c"], ["d"]]
    gap = _table('<table><tr><td rowspan="2">a</td><td>b</td><td rowspan="2">c</td></tr><tr></tr></table>')
    assert [[(c.text, c.merged) for c in row] for row in gap.rows] == [
        [("a", False), ("b", False), ("c", False)],
        [("", True), ("", False), ("", True)],  # the middle position is no cell at all: blank, not merged
    ]


def test_cell_text_joins_lines_without_inventing_spaces() -> None:
    table = _table(
        """<table><tr>
<td>结果<br>维持</td><td><p>三、本年度</p><p>办理结果</p></td><td><span>商业</span><span>企业</span></td>
<td>&nbsp;</td><td>结果
  维持</td><td>Hello<br>world</td><td>1,234</td></tr><tr><td>x</td><td>y</td><td>z</td></tr></table>"""
    )
    assert _texts(table)[0] == ["结果维持", "三、本年度办理结果", "商业企业", "", "结果维持", "Hello world", "1,234"]


def test_layout_tables_are_read_as_running_text() -> None:
    document = read_html(
        """<html><body><table><tr><td>
<p>一、总体情况</p><p>本机关依法公开。</p>
<table><tr><td>规章</td><td>0</td></tr><tr><td>行政许可</td><td>5</td></tr></table>
</td><td><table><tr><td>侧栏</td></tr></table></td></tr></table></body></html>""".encode()
    )
    kinds = [(type(b).__name__, b.text if isinstance(b, Paragraph) else len(b.rows)) for b in document.blocks]
    assert kinds == [
        ("Paragraph", "一、总体情况"),
        ("Paragraph", "本机关依法公开。"),
        ("Table", 2),
        ("Paragraph", "侧栏"),
    ]


def test_caption_becomes_a_paragraph_before_its_table() -> None:
    document = read_html("<table><caption>表一</caption><tr><td>a</td><td>b</td></tr></table>".encode())
    assert isinstance(document.blocks[0], Paragraph) and document.blocks[0].text == "表一"
    assert isinstance(document.blocks[1], Table)


def test_silly_spans_are_bounded() -> None:
    table = _table('<table><tr><td colspan="999999" rowspan="999999">a</td></tr><tr><td>b</td></tr></table>')
    assert len(table.rows[0]) == 1000 and len(table.rows) == 2


# --------------------------------------------------------------------------- paragraphs and headings


def test_paragraphs_headings_and_lines() -> None:
    document = read_html(
        """<!DOCTYPE html>
<html><head><title>页面标题</title></head>
<body>
<h1>某局2023年政府信息公开工作年度报告</h1>
<div>第一行<br>
第二行<span>接续</span></div>
<h3><span>二、主动公开政府信息情况</span></h3>
<p>
  中文断行
  不加空格，English words
  keep one.</p>
<pre>行甲
行乙</pre>
</body></html>""".encode()
    )
    blocks = [(b.text, b.location.line, b.heading_level) for b in document.paragraphs]
    assert blocks == [
        ("某局2023年政府信息公开工作年度报告", 4, 1),
        ("第一行", 5, 0),
        ("第二行接续", 6, 0),
        ("二、主动公开政府信息情况", 7, 3),
        ("中文断行不加空格，English words keep one.", 9, 0),
        ("行甲", 12, 0),
        ("行乙", 13, 0),
    ]


def test_portal_chrome_is_dropped() -> None:
    content = sample_content()
    document = read_html(render_html(content, "portal"))
    text = "\n".join(p.text for p in document.paragraphs)
    chrome = ("首页", "互动交流", "当前位置", "脚本", "siteName", "font-size", "相关链接", "打印本页", "网站标识码")
    assert [word for word in chrome if word in text] == []
    assert document.metadata == {"published": PUBLISHED}
    report = bind(document, [NATIONAL_2021])
    assert report.title == content.title
    assert report.sections[6].text == content.sections[6][0]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ('<meta name="PubDate" content="2024-01-20 09:30:00">', {"published": "2024-01-20"}),
        ('<meta name="publishdate" content="2024/2/3">', {"published": "2024-02-03"}),
        ('<meta name="PubDate" content="2024-13-40">', {}),
        ('<meta name="description" content="2024-01-20">', {}),
    ],
)
def test_publication_date(meta: str, expected: dict[str, str]) -> None:
    document = read_html(f"<html><head>{meta}</head><body><p>正文</p></body></html>".encode())
    assert document.metadata == expected


# --------------------------------------------------------------------------- charsets

GBK_PAGE = "<html><head>{meta}</head><body><p>政府信息公开工作年度报告（二〇二三年）</p></body></html>"


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="gb2312">',
        "<meta charset=GBK>",
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "",  # not declared: detected
    ],
)
def test_gbk_pages(meta: str) -> None:
    document = read_html(GBK_PAGE.format(meta=meta).encode("gbk"))
    assert document.encoding == "gb18030"
    assert [p.text for p in document.paragraphs] == ["政府信息公开工作年度报告（二〇二三年）"]


def test_utf8_page_with_a_wrong_declaration_is_still_read() -> None:
    document = read_html(GBK_PAGE.format(meta='<meta charset="gb2312">').encode("utf-8"))
    assert [p.text for p in document.paragraphs] == ["政府信息公开工作年度报告（二〇二三年）"]


def test_xml_declaration_and_bom() -> None:
    page = '<?xml version="1.0" encoding="gb2312"?>' + GBK_PAGE.format(meta="")
    document = read_html(b"\xef\xbb\xbf" + page.encode("utf-8"))
    assert document.encoding == "utf-8"
    assert [p.text for p in document.paragraphs] == ["政府信息公开工作年度报告（二〇二三年）"]


# --------------------------------------------------------------------------- bad and hostile input

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + str(i - 1 or "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n<html><body><p>&lol9;</p></body></html>"
)


def test_billion_laughs_is_refused() -> None:
    started = time.perf_counter()
    with pytest.raises(ReadError) as raised:
        read_html(BILLION_LAUGHS.encode())
    assert time.perf_counter() - started < 2
    assert "实体" in raised.value.message and "entities" in raised.value.message_en


def test_deep_nesting_is_refused() -> None:
    depth = 100_000
    page = b"<html><body>" + b"<div>" * depth + "深".encode() + b"</div>" * depth + b"</body></html>"
    started = time.perf_counter()
    with pytest.raises(ReadError) as raised:
        read_html(page)
    assert time.perf_counter() - started < 5
    assert "嵌套过深" in raised.value.message and "nested too deeply" in raised.value.message_en


@pytest.mark.parametrize("data", [b"", b"  \n\t "])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(ReadError, match="文件为空"):
        read_html(data)


def test_binary_file_is_a_read_error() -> None:
    with pytest.raises(ReadError) as raised:
        read_html(bytes(range(256)) * 64)
    assert raised.value.message_en


def test_page_without_body_text_reads_as_empty() -> None:
    assert read_html(b"<html><head><title>t</title></head><body><script>x()</script></body></html>").blocks == ()


# --------------------------------------------------------------------------- plugin contract


def test_registered_through_its_entry_point() -> None:
    (entry,) = entry_points(group="gklint", name="reader_html")
    readers = entry.load().gklint_readers()
    assert [r.name for r in readers] == ["html"]
    assert ".html" in readers[0].suffixes and ".htm" in readers[0].suffixes
    assert readers[0].sniff(b"<!DOCTYPE html>\n<html>") and not readers[0].sniff(b"PK\x03\x04")


def test_importing_the_readers_does_not_import_lxml() -> None:
    code = "import sys, gklint.readers.html, gklint.readers.docx, gklint.readers.office; print('lxml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("suffix", [".doc", ".docx", ".wps", ".pdf"])
def test_a_web_page_saved_under_another_format_s_name_is_read_as_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    """Portals serve Word's "save as web page" as 年报.doc; the bytes, not the name, say what it is."""
    page = (FIXTURES / "portal.html").read_text(encoding="utf-8").replace("<span>80</span>", "<span>81</span>", 1)
    (tmp_path / "年报.html").write_text(page, encoding="utf-8")
    (tmp_path / f"年报{suffix}").write_text(page, encoding="utf-8")
    _, data = run_json(capsys, "--no-cache", str(tmp_path / "年报.html"), str(tmp_path / f"年报{suffix}"))
    found: dict[str, list[tuple[str, int]]] = {".html": [], suffix: []}
    for finding in data["findings"]:
        found[Path(finding["path"]).suffix].append((finding["code"], finding["line"]))
    assert [file["format"] for file in data["files"]] == ["html", "html"]
    assert found[".html"] and found[".html"] == found[suffix]
