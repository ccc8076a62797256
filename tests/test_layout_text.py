"""Text laid out by position (``pdftotext -layout``): columns apart by runs of spaces, a group
label's pieces beside or under the row label, labels wrapped around their values, blanks that only
the columns show. The fixture is our own synthetic report, rendered to PDF and laid out so."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.binder.loose import gather_loose_tables
from gklint.config import Layer, Resolver
from gklint.manager import load_plugins
from gklint.model import Table
from gklint.readers.text import TextReader
from gklint.runner import Linter
from gklint.templates.national import NATIONAL_2021
from tests.render.pdf import render_pdf, synthetic_content

FIXTURE = Path(__file__).parent / "fixtures" / "text" / "laid-out-2023.txt"
PLUGINS = load_plugins()


def rows_of(text: str) -> list[list[str]]:
    """The rows of the first bare-line table ``text`` gives, as cell texts."""
    document = TextReader().read("t.txt", text.encode("utf-8"))
    tables = [b for b in gather_loose_tables(document, [NATIONAL_2021], []).blocks if isinstance(b, Table)]
    assert tables, "no table was gathered"
    return [[cell.text for cell in row] for row in tables[0].rows]


def findings_of(path: Path) -> list[tuple[str, str | None, str | None]]:
    linter = Linter(PLUGINS, Resolver({n: p for n, (p, _) in PLUGINS.rulesets.items()}, Layer("test")))
    return [(f.code, f.place.row, f.place.column) for f in linter.lint_file(path).findings]


def test_the_laid_out_text_gives_what_the_pdf_it_came_from_gives(tmp_path: Path) -> None:
    pdf = tmp_path / "laid-out-2023.pdf"
    pdf.write_bytes(render_pdf(synthetic_content(1)))  # the fixture is this PDF through pdftotext -layout

    assert findings_of(FIXTURE) == findings_of(pdf)
    assert ("GK107", "normative_documents", "abolished") in findings_of(FIXTURE)  # a blank placed by its column
    text = bind(TextReader().read(str(FIXTURE), FIXTURE.read_bytes()), [NATIONAL_2021])
    reader = next(r for r, _ in PLUGINS.readers if ".pdf" in r.suffixes)
    original = bind(reader.read(str(pdf), pdf.read_bytes()), [NATIONAL_2021])
    assert text is not None and original is not None
    assert {
        key: {r: {c: v.raw for c, v in cells.items()} for r, cells in table.items()}
        for key, table in text.tables.items()
    } == {
        key: {r: {c: v.raw for c, v in cells.items()} for r, cells in table.items()}
        for key, table in original.tables.items()
    }


def test_a_group_labels_piece_and_the_row_label_on_one_line_are_two_cells() -> None:
    rows = rows_of(
        "一、本年新收政府信息公开申请数量      2   0   0   0   0   0   2\n"
        "三、本         （一）予以公开        1   0   0   0   0   0   1\n"
        "年度办\n"
        "理结果   （二）部分公开（区分处理的，只计这一情形，不计其他情形）   1   0   0   0   0   0   1\n"
    )
    assert rows[1][:2] == ["三、本", "（一）予以公开"]
    assert rows[2] == ["年度办"]  # a piece of the group label on its own line keeps the run going
    assert rows[3][:2] == ["理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]


def test_a_label_wrapped_around_its_values_is_one_row_and_its_group_piece_stays_apart() -> None:
    rows = rows_of(
        "一、本年新收政府信息公开申请数量      2   0   0   0   0   0   2\n"
        "     （六）其他 1.申请人无正当理由逾期不补正、行\n"
        "                                     0   0   0   0   0   0   0\n"
        "       处理  政机关不再处理其政府信息公开申请\n"
        "             2.申请人逾期未按收费通知要求缴纳\n"
        "             费用、行政机关不再处理其政府信息     0   0   0   0   0   0   0\n"
        "                    公开申请\n"
    )
    assert rows[1] == [
        "（六）其他",
        "处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        *"0000000",
    ]
    assert rows[2] == ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *"0000000"]


def test_a_whole_label_its_values_and_the_next_label_are_not_joined() -> None:
    rows = rows_of(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
        "1 0 0 0 0 0 1\n"
        "（三）不予公开\n"
        "1.属于国家秘密\n"
        "0 0 0 0 0 0 0\n"
    )
    assert rows[0] == ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]
    assert rows[2] == ["（三）不予公开"]


@pytest.mark.parametrize("total", ["总　　计", "总  计"])
def test_a_label_spaced_out_in_its_cell_stays_one_cell(total: str) -> None:
    rows = rows_of(f"行政许可   3\n行政处罚   2\n{total}   5\n")
    assert rows[2] == [total, "5"]


def test_a_blank_is_placed_in_the_column_its_neighbours_show() -> None:
    rows = rows_of(
        "一、本年新收政府信息公开申请数量      2    0    1    0    0    0    3\n"
        "二、上年结转政府信息公开申请数量           0    1    0    0    0    1\n"
        "（一）予以公开               2    0    1    0    0    0    3\n"
    )
    assert rows[1][1:] == ["", "0", "1", "0", "0", "0", "1"]
    assert rows[1][1] == "" and rows[0][1] == "2"


def test_values_that_fit_no_columns_are_left_as_they_are() -> None:
    rows = rows_of(
        "一、本年新收政府信息公开申请数量      2    0    1    0    0    0    3\n"
        "二、上年结转政府信息公开申请数量 0 1 0 0 0 1\n"
        "（一）予以公开               2    0    1    0    0    0    3\n"
    )
    assert rows[1][1:] == ["0", "1", "0", "0", "0", "1"]  # no column to place a blank in: the binder says so


def test_values_one_space_apart_are_not_placed_by_their_columns() -> None:
    rows = rows_of(
        "一、本年新收政府信息公开申请数量\n2 0 1 0 0 0 3\n"
        "二、上年结转政府信息公开申请数量\n0 1 0 0 0 1\n"
        "（一）予以公开\n2 0 1 0 0 0 3\n"
    )
    assert rows[3] == ["0", "1", "0", "0", "0", "1"]  # bare lines: where the blank was, nothing shows


def test_table_c_headings_run_together_one_space_apart_keep_the_table() -> None:
    """A layout that runs table C's column headings together one space apart (narrow columns,
    as a browser prints them: ``维持 纠正 结果 审结 计``, 总 over 计) still binds its row of
    values: the heading lines are headings, not the start of the row."""
    text = FIXTURE.read_text(encoding="utf-8")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if "未经复议直接起诉" in line)
    end = next(i for i in range(start, len(lines)) if lines[i].strip()[:1].isdigit())
    for i in range(start, end):
        lines[i] = " ".join(lines[i].split()).replace("总计", "总 计")
    squeezed = "\n".join(lines)
    assert "结果 结果 其他 尚未 总 计 未经复议直接起诉 复议后起诉" in squeezed

    def review(source: str) -> dict[str, dict[str, str]]:
        table = bind(TextReader().read("t.txt", source.encode("utf-8")), [NATIONAL_2021]).review_litigation
        assert table is not None
        return {str(row): {str(column): cell.raw for column, cell in cells.items()} for row, cells in table.items()}

    assert review(squeezed) == review(text)
    assert review(text)["review"]["total"] == "7"


def test_a_group_piece_one_space_before_a_row_label_makes_two_cells() -> None:
    """Narrow columns printed by a browser: the group label's piece runs onto the row label's line
    one space apart, the values on that line or the next, the rest of the group's label under it."""
    same_line = rows_of(
        "                1.本机关不掌握相关政府信息 0 0 0 0 0 0 0\n"
        "     （四）无 2.没有现成信息需要另行制作 0 0 0 0 0 0 0\n"
        "      法提供\n"
    )
    assert same_line[1][0] == "（四）无"
    assert same_line[1][-8:] == ["2.没有现成信息需要另行制作", *"0000000"]
    next_line = rows_of(
        "                1.本机关不掌握相关政府信息 0 0 0 0 0 0 0\n"
        "         （四）无 2.没有现成信息需要另行制作\n"
        "         法提供                       0 0  0  0   0 0 0\n"
        "               3.补正后申请内容仍不明确       0 0  0  0   0 0 0\n"
    )
    assert next_line[1] == ["（四）无", "法提供", "2.没有现成信息需要另行制作", *"0000000"]
    three_lines = rows_of(
        "           1.申请人无正当理由逾期不补正、行\n"
        "           政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0\n"
        "     （六）其 2.申请人逾期未按收费通知要求缴纳\n"
        "      他处理 费用、行政机关不再处理其政府信息 0 0 0 0 0 0 0\n"
        "                      公开申请\n"
    )
    assert three_lines[1] == [
        "（六）其",
        "他处理",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        *"0000000",
    ]


def test_an_ordinal_set_apart_from_its_label_starts_the_label() -> None:
    """A label that wraps after its ordinal (``1.`` over ``属于国家秘密``) may come out of a layout
    with the text above and the ordinal beside the values: ``1.`` is no value, and starts the label."""
    rows = rows_of(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0\n"
        "                     属于国家秘密\n"
        "                      1.           0 0  0  0   0 0 0\n"
        "              2.其他法律行政法规禁止公开       0 0  0  0   0 0 0\n"
    )
    assert rows[1] == ["1.属于国家秘密", *"0000000"]
    assert rows[2][0] == "2.其他法律行政法规禁止公开"


# The committed report's rows set the way a browser's narrow columns give them: ordinals apart from
# their text, group pieces one space before row labels, a group's last piece under its row label.
NARROW = {
    "      （三）不予        1.属于国家秘密          0": (
        "                    属于国家秘密\n      （三）不予        1.          0"
    ),
    "      （四）无法     1.本机关不掌握相关政府信息       0": "                 1.本机关不掌握相关政府信息       0",
    "                2.没有现成信息需要另行制作       0    0         0     0     0   0    0\n": (
        "      （四）无 2.没有现成信息需要另行制作 0 0 0 0 0 0 0\n"
    ),
    "        提供\n": "       法提供\n",
    "              2.申请人逾期未按收费通知要求缴纳\n              费用、行政机关不再处理其政府信息": (
        "      （六）其 2.申请人逾期未按收费通知要求缴纳\n       他处理 费用、行政机关不再处理其政府信息"
    ),
}


def narrow_fixture() -> str:
    text = FIXTURE.read_text(encoding="utf-8")
    for before, after in NARROW.items():
        assert text.count(before) == 1, before
        text = text.replace(before, after)
    return text


def test_a_report_whose_narrow_columns_ran_labels_together_binds_as_before() -> None:
    def applications(source: str) -> dict[str, dict[str, str]]:
        table = bind(TextReader().read("t.txt", source.encode("utf-8")), [NATIONAL_2021]).applications
        assert table is not None
        return {str(row): {str(column): cell.raw for column, cell in cells.items()} for row, cells in table.items()}

    narrow = applications(narrow_fixture())
    assert narrow == applications(FIXTURE.read_text(encoding="utf-8"))
    assert narrow["withheld.1"]["total"] == "0"
    assert narrow["unavailable.2"]["natural_person"] == "0"


def test_the_narrow_report_draws_the_findings_of_the_original(tmp_path: Path) -> None:
    (tmp_path / "narrow.txt").write_text(narrow_fixture(), encoding="utf-8")
    assert findings_of(tmp_path / "narrow.txt") == findings_of(FIXTURE)


def test_a_group_label_cut_by_its_column_is_no_misspelling(tmp_path: Path) -> None:
    """``（三）不予公`` beside a row, ``开`` on the line below: the group label's column cut it, as
    a layout gives it; the piece is not a misspelt ``（三）不予公开`` (no GK105)."""
    text = FIXTURE.read_text(encoding="utf-8")
    cut = text.replace("      （三）不予        1.属于国家秘密", "      （三）不予公      1.属于国家秘密").replace(
        "\n        公开\n", "\n        开\n"
    )
    assert cut.count("（三）不予公 ") == 1 and "\n        开\n" in cut
    (tmp_path / "cut.txt").write_text(cut, encoding="utf-8")
    assert findings_of(tmp_path / "cut.txt") == findings_of(FIXTURE)


def test_labels_wrapped_over_many_lines_of_a_narrow_column_are_whole() -> None:
    """A Word table with narrow label columns, through pdftotext -layout: each label starts on its
    line of values and wraps over up to eight lines under it; group labels wrap beside it, one
    character alone on the last line (``果``), and the long label of （二） ends where its text does."""
    rows = rows_of(
        "一、本年新收政府信息公开申请     2     0    0      0      0      0     2\n"
        "数量\n"
        "三、本年 （一）予以公开       2     0    0      0      0      0     2\n"
        "度办理结 （二）部分公开（区     0     0    0      0      0      0     0\n"
        "果    分处理的，只计这一\n"
        "     情形，不计其他情\n"
        "     形）\n"
        "     （三）不 1.属于国    0     0    0      0      0      0     0\n"
        "     予公开   家秘密\n"
        "           2.其他法   0     0    0      0      0      0     0\n"
        "           律行政法\n"
        "           规禁止公\n"
        "           开\n"
    )
    assert [row[-8] for row in rows] == [
        "一、本年新收政府信息公开申请数量",
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
    ]
    assert rows[2][0] == "度办理结果"  # no character alone, which would read as a value


def test_column_headings_wrapped_by_narrow_columns_are_joined() -> None:
    """``社会公益`` over ``组织``, ``法律服务`` over ``机构``: the lower line's pieces end the headings
    they stand under (they were GK105 'cut short')."""
    rows = rows_of(
        "项加第二项之和，等于第三项加     自然人   法人或其他组织                         总计\n"
        "第四项之和）                   商业企业 科研机构   社会公益   法律服务   其他\n"
        "                                     组织     机构\n"
        "一、本年新收政府信息公开申请数量     2     0    0      0      0      0     2\n"
    )
    assert rows[1][2:4] == ["社会公益组织", "法律服务机构"]
    assert len(rows) == 3 and rows[2][0] == "一、本年新收政府信息公开申请数量"
