"""Word's automatic list numbering in .docx: the label Word shows (``一、``, ``（二）``) comes from
``word/numbering.xml``, not from the text, and the reader puts it back in front of the paragraph."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from gklint.readers.docx.numbering import format_number
from tests.render.docx import render_docx
from tests.render.html import sample_content
from tests.test_layout_text import findings_of
from tests.test_reader_docx import W_NS, package, read_docx

NUMBERING = f'<w:numbering xmlns:w="{W_NS}">{{}}</w:numbering>'
CHINESE = "一二三四五六七八九十"


def lvl(
    ilvl: int | str, fmt: str = "chineseCounting", text: str = "%1、", start: int | str = 1, extra: str = ""
) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def abstract(abstract_id: str, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{extra}{"".join(levels)}</w:abstractNum>'


def num(num_id: str, abstract_id: str, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def start_override(ilvl: int, start: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'


def np(text: str, num_id: str | None = "1", ilvl: int | str | None = 0, style: str = "") -> str:
    """A paragraph numbered by its own ``w:numPr`` (``None`` leaves an element out)."""
    style_el = f'<w:pStyle w:val="{style}"/>' if style else ""
    ilvl_el = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    num_el = f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
    number = f"<w:numPr>{ilvl_el}{num_el}</w:numPr>" if ilvl_el or num_el else ""
    return f'<w:p><w:pPr>{style_el}{number}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def numbered_style(style_id: str, num_id: str, kind: str = "paragraph", extra: str = "") -> str:
    numbering = f'<w:pPr><w:numPr><w:numId w:val="{num_id}"/></w:numPr></w:pPr>' if num_id else ""
    return f'<w:style w:type="{kind}" w:styleId="{style_id}">{extra}{numbering}</w:style>'


def texts(body: str, numbering: str | None, styles: str | None = None) -> list[str]:
    parts: dict[str, str | bytes] = {} if numbering is None else {"word/numbering.xml": numbering}
    return [p.text for p in read_docx(package(body, styles, parts)).paragraphs]


MULTILEVEL = abstract(
    "7",
    lvl(0),
    lvl(1, text="（%2）"),
    lvl(2, "decimal", "%1.%3", extra="<w:isLgl/>"),
)


# --------------------------------------------------------------------------- counters


def test_levels_count_and_a_higher_level_restarts_the_lower() -> None:
    body = "".join(
        np(t, "1", i) for t, i in [("a", 0), ("b", 1), ("c", 1), ("d", 2), ("e", 0), ("f", 1), ("g", 2), ("h", 2)]
    )
    assert texts(body, NUMBERING.format(MULTILEVEL + num("1", "7"))) == [
        "一、a",
        "（一）b",
        "（二）c",
        "1.1 d",  # isLgl: every counter in decimal; after a digit Word's tab reads as a space
        "二、e",
        "（一）f",
        "2.1 g",
        "2.2 h",
    ]


def test_chinese_counting_goes_past_ten() -> None:
    body = "".join(np(f"p{n}") for n in range(1, 24))
    labels = [
        t.removesuffix(f"p{n}") for n, t in enumerate(texts(body, NUMBERING.format(MULTILEVEL + num("1", "7"))), 1)
    ]
    assert labels[8:13] == ["九、", "十、", "十一、", "十二、", "十三、"]
    assert labels[19:] == ["二十、", "二十一、", "二十二、", "二十三、"]


@pytest.mark.parametrize(
    ("fmt", "value", "text"),
    [
        ("chineseCounting", 1, "一"),
        ("chineseCounting", 10, "十"),
        ("chineseCounting", 11, "十一"),
        ("chineseCountingThousand", 20, "二十"),
        ("chineseCountingThousand", 99, "九十九"),
        ("chineseCountingThousand", 105, "一百零五"),
        ("japaneseCounting", 12, "十二"),
        ("chineseLegalSimplified", 12, "壹拾贰"),
        ("taiwaneseCountingThousand", 3, "三"),  # what LibreOffice writes for Chinese counting
        ("ideographTraditional", 3, "丙"),
        ("decimal", 12, "12"),
        ("decimalZero", 7, "07"),
        ("decimalEnclosedCircle", 3, "③"),
        ("decimalEnclosedCircle", 21, "21"),  # past ⑳, decimal
        ("decimalFullWidth", 12, "１２"),
        ("upperRoman", 14, "XIV"),
        ("lowerLetter", 28, "bb"),
        ("upperLetter", 10**8, "100000000"),
        ("ideographDigital", 7, "七"),
        ("ideographDigital", 10, "一〇"),  # digit by digit, as Word shows it
        ("hebrew1", 3, None),
    ],
)
def test_number_formats(fmt: str, value: int, text: str | None) -> None:
    assert format_number(fmt, value) == text


def test_nums_of_one_list_share_counters_unless_a_start_override_restarts() -> None:
    numbering = NUMBERING.format(MULTILEVEL + num("1", "7") + num("2", "7") + num("3", "7", start_override(0, 1)))
    body = np("a", "1") + np("b", "2") + np("c", "1") + np("d", "3") + np("e", "3")
    assert texts(body, numbering) == ["一、a", "二、b", "三、c", "一、d", "二、e"]


def test_start_and_a_level_that_no_level_restarts() -> None:
    numbering = NUMBERING.format(
        abstract("1", lvl(0, start=3), lvl(1, "decimal", "%2.", extra='<w:lvlRestart w:val="0"/>')) + num("1", "1")
    )
    body = np("a", ilvl=0) + np("b", ilvl=1) + np("c", ilvl=0) + np("d", ilvl=1)
    assert texts(body, numbering) == ["三、a", "1.b", "四、c", "2.d"]


def test_a_level_override_replaces_the_level() -> None:
    override = f'<w:lvlOverride w:ilvl="0">{lvl(0, "decimal", "%1.", start=5)}</w:lvlOverride>'
    numbering = NUMBERING.format(MULTILEVEL + num("1", "7", override))
    assert texts(np("a") + np("b"), numbering) == ["5.a", "6.b"]


def test_numbering_through_the_paragraph_style() -> None:
    styles = (
        numbered_style("Part", "1")
        + numbered_style("MyPart", "", extra='<w:basedOn w:val="Part"/>')
        + numbered_style("Item", "1")
    )
    numbering = NUMBERING.format(
        abstract("7", lvl(0), lvl(1, text="（%2）", extra='<w:pStyle w:val="Item"/>')) + num("1", "7")
    )
    body = (
        np("a", None, None, style="MyPart")
        + np("b", None, None, style="Item")  # the level whose w:pStyle is the paragraph's
        + np("c", None, 1, style="Part")  # the paragraph's own level, the style's list
        + np("d", "0", None, style="Part")  # numId 0: numbering switched off
        + np("e", None, None, style="Part")
    )
    assert texts(body, numbering, styles) == ["一、a", "（一）b", "（二）c", "d", "二、e"]


@pytest.mark.parametrize("prefix", ["w", "x"])
def test_a_numbered_style_far_into_a_large_styles_part(prefix: str) -> None:
    filler = "".join(f'<w:style w:type="table" w:styleId="T{n}"><w:name w:val="t{n}"/></w:style>' for n in range(3000))
    styles = (filler + numbered_style("Far", "1", extra='<w:basedOn w:val="T1"/>')).replace("w:", f"{prefix}:")
    part = f'<?xml version="1.0"?>\n<{prefix}:styles xmlns:{prefix}="{W_NS}">{styles}</{prefix}:styles>'
    numbering = NUMBERING.format(MULTILEVEL + num("1", "7"))
    parts: dict[str, str | bytes] = {"word/numbering.xml": numbering, "word/styles.xml": part}
    document = read_docx(package(np("a", None, None, style="Far") + np("b", None, None, style="T1"), parts=parts))
    assert [p.text for p in document.paragraphs] == ["一、a", "b"]


def test_a_list_that_links_to_a_numbering_style() -> None:
    styles = numbered_style("MyList", "2", kind="numbering")
    numbering = NUMBERING.format(
        abstract("1", extra='<w:numStyleLink w:val="MyList"/>')
        + abstract("2", lvl(0, "decimal", "%1."), extra='<w:styleLink w:val="MyList"/>')
        + num("1", "1")
        + num("2", "2")
    )
    assert texts(np("a", "1") + np("b", "2") + np("c", "1"), numbering, styles) == ["1.a", "2.b", "3.c"]


def test_bullets_and_formats_not_known_give_no_label() -> None:
    numbering = NUMBERING.format(
        abstract("1", lvl(0, "bullet", "\uf0b7"), lvl(1, "hebrew1", "%2."), lvl(2, "decimalEnclosedCircle", "%3"))
        + num("1", "1")
    )
    body = np("a", ilvl=0) + np("b", ilvl=1) + np("c", ilvl=2) + np("d", ilvl=1)
    assert texts(body, numbering) == ["a", "b", "① c", "d"]


def test_numbered_paragraphs_in_cells_count_with_the_body() -> None:
    cell = f"<w:tc>{np('b', ilvl=1)}{np('c', ilvl=1)}</w:tc><w:tc>{np('d', ilvl=1)}</w:tc>"
    body = np("a") + f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>" + np("e") + np("f", ilvl=1)
    document = read_docx(package(body, parts={"word/numbering.xml": NUMBERING.format(MULTILEVEL + num("1", "7"))}))
    assert [p.text for p in document.paragraphs] == ["一、a", "二、e", "（一）f"]
    assert [c.text for c in next(iter(document.tables)).rows[0]] == ["（一）b （二）c", "（三）d"]


# --------------------------------------------------------------------------- hostile numbering


HOSTILE_NUMBERING = {
    "no abstractNum": num("1", "404"),
    "no abstractNumId": '<w:num w:numId="1"/>',
    "num without id": '<w:num><w:abstractNumId w:val="7"/></w:num>' + MULTILEVEL,
    "level not defined": abstract("7", lvl(3)) + num("1", "7"),
    "ilvl past 8 in the definition": abstract("7", lvl(99999999999)) + num("1", "7"),
    "placeholder of a level not defined": abstract("7", lvl(0, text="%9、")) + num("1", "7"),
    "huge label text": abstract("7", lvl(0, text="%1" * 50_000)) + num("1", "7"),
    "unknown format": abstract("7", lvl(0, "custom")) + num("1", "7"),
    "numStyleLink cycle": abstract("7", extra='<w:numStyleLink w:val="Loop"/>') + num("1", "7"),
}


@pytest.mark.parametrize("numbering", HOSTILE_NUMBERING.values(), ids=HOSTILE_NUMBERING.keys())
def test_hostile_numbering_leaves_the_text(numbering: str) -> None:
    styles = numbered_style("Loop", "1")
    body = np("a") + np("b", ilvl=1) + np("c", "99") + np("d", ilvl="99999999999") + np("e", ilvl="-1")
    assert texts(body, NUMBERING.format(numbering), styles) == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    ("paragraph", "text"),
    [
        (np("a", "99"), "a"),
        (np("a", ilvl="99999999999"), "a"),
        (np("a", ilvl="x"), "a"),
        (np("a", "1", None), "一、a"),  # no w:ilvl: level 0
        (np("a", None, 0), "a"),  # no w:numId and no style
    ],
)
def test_bad_ids_in_the_paragraph(paragraph: str, text: str) -> None:
    assert texts(paragraph, NUMBERING.format(MULTILEVEL + num("1", "7"))) == [text]


def test_an_override_of_a_bad_level_is_left_out() -> None:
    override = '<w:lvlOverride w:ilvl="-1"><w:startOverride w:val="x"/></w:lvlOverride>'
    override += '<w:lvlOverride w:ilvl="12"><w:startOverride w:val="5"/></w:lvlOverride>'
    assert texts(np("a") + np("b"), NUMBERING.format(MULTILEVEL + num("1", "7", override))) == ["一、a", "二、b"]


def test_missing_or_unreadable_numbering_part() -> None:
    assert texts(np("a"), None) == ["a"]
    document = read_docx(package(np("a"), parts={"word/numbering.xml": "<w:numbering"}))
    assert [p.text for p in document.paragraphs] == ["a"]
    assert "numbering.xml" in document.notes[0].message_en


def test_huge_counters_and_cyclic_styles_end() -> None:
    chain = "".join(
        f'<w:style w:type="paragraph" w:styleId="s{n}"><w:basedOn w:val="s{(n + 1) % 20_000}"/></w:style>'
        for n in range(20_000)
    )
    chain += numbered_style("Other", "1")
    numbering = NUMBERING.format(abstract("7", lvl(0, "upperLetter", "%1.", start=999_999_999)) + num("1", "7"))
    body = "".join(np(f"p{n}", None, None, style=f"s{n * 7 % 20_000}") for n in range(1_000)) + np("x") + np("y")
    found = texts(body, numbering, chain)  # a cycle of styles ends: no hang (the run's budget would say so)
    assert found[-2:] == ["999999999.x", "1000000000.y"]  # past ZZ…Z, decimal


# --------------------------------------------------------------------------- real reports through the linter


PART = re.compile(f"^(?:([{CHINESE}]+)、|（([{CHINESE}]+)）)")
LIST = abstract("90", lvl(0), lvl(1, text="（%2）"))


def autonumbered(typed: bytes, by_style: bool) -> bytes:
    """The typed report with its part and item numbers taken out of the text and given by Word's list
    numbering instead: parts at level 0 (by their own ``w:numPr``, or by the Heading 2 style's), items
    (``（一）``) at level 1."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document(io.BytesIO(typed))
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(LIST.replace("<w:abstractNum ", f'<w:abstractNum xmlns:w="{W_NS}" ', 1)))
    numbering.append(parse_xml(num("90", "90").replace("<w:num ", f'<w:num xmlns:w="{W_NS}" ', 1)))
    if by_style:
        document.styles["Heading 2"].element.get_or_add_pPr().append(numbered(None, "90"))
    for paragraph in document.paragraphs:
        match = PART.match(paragraph.text)
        if not match:
            continue
        run = paragraph.runs[0]
        assert run.text.startswith(match.group(0))
        run.text = run.text[len(match.group(0)) :]
        level = 0 if match.group(1) else 1
        if level or not by_style:
            properties = paragraph._p.get_or_add_pPr()
            properties.insert(1 if len(properties) else 0, numbered(level, "90"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def numbered(ilvl: int | None, num_id: str) -> object:
    from docx.oxml import parse_xml

    ilvl_el = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    return parse_xml(f'<w:numPr xmlns:w="{W_NS}">{ilvl_el}<w:numId w:val="{num_id}"/></w:numPr>')


@pytest.mark.parametrize("by_style", [False, True], ids=["own", "style"])
@pytest.mark.parametrize("fee", [True, False], ids=["complete", "no-fee-statement"])
def test_an_autonumbered_report_lints_as_the_typed_one(tmp_path: Path, by_style: bool, fee: bool) -> None:
    content = sample_content()
    if not fee:
        content.sections[6] = ["无。"]  # a check of part six (GK503) must still run
    typed = render_docx(content)
    auto = autonumbered(typed, by_style)
    with zipfile.ZipFile(io.BytesIO(auto)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "总体情况" in xml and "一、总体情况" not in xml and "（一）主动公开" not in xml
    (tmp_path / "typed.docx").write_bytes(typed)
    (tmp_path / "auto.docx").write_bytes(auto)
    assert [p.text for p in read_docx(auto).paragraphs] == [p.text for p in read_docx(typed).paragraphs]
    assert findings_of(tmp_path / "auto.docx") == findings_of(tmp_path / "typed.docx")
    assert ("GK503" in [code for code, _, _ in findings_of(tmp_path / "auto.docx")]) is not fee


# --------------------------------------------------------------------------- drafts


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14_FORMAT = (
    f'<mc:AlternateContent xmlns:mc="{MC_NS}"><mc:Choice Requires="w14">'
    '<w:numFmt w:val="custom" w:format="一, 二, 三, ..."/></mc:Choice>'
    '<mc:Fallback><w:numFmt w:val="chineseCounting"/></mc:Fallback></mc:AlternateContent>'
)


def test_a_custom_format_of_word_2010_reads_as_its_fallback() -> None:
    level = '<w:lvl w:ilvl="0"><w:start w:val="1"/>' + W14_FORMAT + '<w:lvlText w:val="%1、"/></w:lvl>'
    numbering = NUMBERING.format(abstract("7", level) + num("1", "7"))
    assert texts(np("总体情况") + np("主动公开政府信息情况"), numbering) == ["一、总体情况", "二、主动公开政府信息情况"]


DELETED_MARK = '<w:rPr><w:del w:id="1" w:author="a" w:date="2024-01-20T10:00:00Z"/></w:rPr>'


def deleted_np(text: str) -> str:
    """A numbered paragraph deleted, mark and text, under tracked changes."""
    return (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>{DELETED_MARK}</w:pPr>'
        f'<w:del w:id="2" w:author="a"><w:r><w:delText>{text}</w:delText></w:r></w:del></w:p>'
    )


def test_a_numbered_paragraph_deleted_under_tracked_changes_is_not_counted() -> None:
    numbering = NUMBERING.format(abstract("7", lvl(0)) + num("1", "7"))
    body = np("总体情况") + deleted_np("多余的一段") + np("主动公开政府信息情况")
    assert texts(body, numbering) == ["一、总体情况", "二、主动公开政府信息情况"]


def test_a_row_deleted_under_tracked_changes_is_not_read_nor_its_labels_counted() -> None:
    numbering = NUMBERING.format(abstract("7", lvl(0, "decimal", "%1.")) + num("1", "7"))
    kept = f"<w:tr><w:tc>{np('属于国家秘密')}</w:tc><w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc></w:tr>"
    gone = (
        '<w:tr><w:trPr><w:del w:id="3" w:author="a"/></w:trPr>'
        f'<w:tc>{deleted_np("属于国家秘密")}</w:tc><w:tc><w:p><w:del w:id="4" w:author="a"><w:r>'
        "<w:delText>0</w:delText></w:r></w:del></w:p></w:tc></w:tr>"
    )
    last = f"<w:tr><w:tc>{np('其他法律行政法规禁止公开')}</w:tc><w:tc><w:p><w:r><w:t>0</w:t></w:r></w:p></w:tc></w:tr>"
    document = read_docx(package(f"<w:tbl>{kept}{gone}{last}</w:tbl>", parts={"word/numbering.xml": numbering}))
    rows = [[c.text for c in row] for row in next(iter(document.tables)).rows]
    assert rows == [["1.属于国家秘密", "0"], ["2.其他法律行政法规禁止公开", "0"]]
