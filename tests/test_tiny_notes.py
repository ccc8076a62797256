"""A note beside the reports is told cheaply, and told exactly as a whole binding would tell it.

``plainly_not_a_report`` answers most notes from a glance (no line that could open a part, no line
that could be a table's label) instead of laying the document out and binding its tables. Many
generated short documents, notes and near-reports alike, in text, Markdown and HTML, must get the
same answer both ways; a document the glance lets pass must show no part and bind no table when
laid out whole.
"""

from __future__ import annotations

import html
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from gklint.binder import OPEN_FORMS, _laid_out, _may_name_disclosure, full_glance, plainly_not_a_report
from gklint.binder.notes import holds_no_part_or_table
from gklint.binder.opening import kind_of, opening_names_another_kind
from gklint.binder.tables import bind_tables
from gklint.bounds import bound_document
from gklint.config import Layer, Resolver
from gklint.model import Document
from gklint.runner import Linter
from gklint.template import Template
from gklint.text import _WORDS, fold_uncached
from tests.test_roundtrip import PLUGINS, RULESETS

LINTER = Linter(PLUGINS, Resolver(RULESETS, Layer("test")))
TEMPLATES: list[Template] = LINTER.templates()
NOTE_LINES = (
    "会议纪要第{n}号",
    "本周例会讨论了办公用品采购和值班安排。",
    "请于周五前提交材料。",
    "整理档案",
    "更新通讯录 {n}",
    "统一思想，进一步做好工作。",
    "某县{n}年政府工作报告",
    "{n}年部门决算",
    "某市{n}年国民经济和社会发展统计公报",
    "發布時間：2023-01-0{n}",
)
TRICKY_LINES = (
    *("一、会议议程", "二、工作安排。周{n}值班", "第三部分 附件", "其他事项", "总计 {n}", "合计", "序号,事项"),
    *("某局202{n}年政府資訊公開工作年度報告", "政 务 公 开 工作要点", "（行政机关名称）XX年度政务公开报告格式"),
)
NUMERALS = "一二三四五六七八九十"
ODD_ORDINALS = ("⼀", "㈠", "(一)", "第一部分", "壹", "Ⅰ", "1、", "#一")  # Kangxi, parenthesised, Roman, leaf


def _template_lines() -> list[str]:
    """Part headings and table labels of every loaded template, as written there."""
    lines = []
    for template in TEMPLATES:
        for spec in template.sections:
            lines.extend(f"{NUMERALS[spec.number - 1]}、{form}" for form in (spec.title, *spec.aliases))
        for table in template.tables:
            for row in table.rows:
                lines.extend((row.label, *row.aliases, *((row.short,) if row.short else ())))
            lines.extend(form for header in table.headers for form in (header.label, *header.aliases))
    return sorted(set(lines))


TEMPLATE_LINES = _template_lines()


def _mangled(line: str, rng: random.Random) -> str:
    """The line as crawls give it: a character lost, doubled or changed, its head cut, spaces, values,
    another ordinal, Traditional script, pinyin, or run on into more text."""
    at = rng.randrange(len(line) + 1)
    choice = rng.randrange(12)
    if choice == 0:
        return line[:at] + line[at + 1 :]
    if choice == 1:
        return line[:at] + line[at : at + 1] * 2 + line[at + 1 :]
    if choice == 2:
        return line[:at] + rng.choice("的和及了情况公开") + line[at + 1 :]
    if choice == 3:
        return line[rng.randrange(1, 4) :]
    if choice == 4:
        return " ".join(line)
    if choice == 5:
        return f"{line} {' '.join(str(rng.randrange(40)) for _ in range(rng.randrange(1, 5)))}"
    if choice == 6:
        return rng.choice(ODD_ORDINALS) + line.lstrip(NUMERALS + "、")
    if choice == 7:
        return line.replace("总", "總").replace("况", "況").replace("开", "開").replace("务", "務")
    if choice == 8:
        return line.replace("行政", "行(xíng)政(zhèng)", 1)
    if choice == 9:
        return "本年度工作稳步推进，" * rng.randrange(20, 40) + line + "。本年度情况良好。"
    if choice == 10:
        return f"《{line}》"
    return line


def short_lines(rng: random.Random) -> list[str]:
    """Two to six lines: notes alone, or with a report's heading, label, title or look-alike among them."""
    count = rng.randrange(2, 7)
    near = rng.random() < 0.6
    lines = []
    for _ in range(count):
        if near and rng.random() < 0.5:
            line = rng.choice(TEMPLATE_LINES)
            lines.append(_mangled(line, rng) if rng.random() < 0.7 else line)
        else:
            pool = TRICKY_LINES if rng.random() < 0.1 else NOTE_LINES
            lines.append(rng.choice(pool).format(n=rng.randrange(1, 10)))
    return lines


def as_file(lines: list[str], suffix: str, rng: random.Random) -> str:
    """The lines as a plain text note, a Markdown page (maybe with a pipe table) or an HTML page."""
    if suffix == ".txt":
        return "\n".join(lines) + "\n"
    if suffix == ".md":
        body = [f"# {lines[0]}", "", *(f"- {line}" if rng.random() < 0.3 else line for line in lines[1:])]
        if rng.random() < 0.2:
            body += ["", f"| {lines[-1]} | 1 |", "|---|---|", "| 合计 | 2 |"]
        return "\n\n".join(body) + "\n"
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    table = ""
    if rng.random() < 0.2:
        table = f"<table><tr><td>{html.escape(lines[-1])}</td><td>3</td></tr><tr><td>总计</td><td>3</td></tr></table>"
    title = html.escape(lines[0])
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{paragraphs}{table}</body></html>\n"


def generated_notes(count: int, seed: int = 4) -> Iterator[tuple[str, str]]:
    """``count`` (file name, text) of short documents, a third each as text, Markdown and HTML."""
    rng = random.Random(seed)
    for index in range(count):
        suffix = (".txt", ".md", ".html")[index % 3]
        yield f"note-{index:05d}{suffix}", as_file(short_lines(rng), suffix, rng)


def read_document(path: Path) -> Document:
    data = path.read_bytes()
    chosen = LINTER.reader_for(path, data[:512])
    assert chosen is not None
    return bound_document(chosen[0].read(path.name, data))


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    folder = tmp_path_factory.mktemp("notes")
    found = []
    for name, text in generated_notes(1500):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        found.append(read_document(path))
    return found


def test_the_glance_and_the_whole_binding_agree(documents: list[Document]) -> None:
    told = {"shortcut": 0, "bound": 0}
    for document in documents:
        assert plainly_not_a_report(document, TEMPLATES) == full_glance(document, TEMPLATES)
        if holds_no_part_or_table(document, TEMPLATES):
            told["shortcut"] += 1
            assert _laid_out_bare(document)
        else:
            told["bound"] += 1
    assert told["shortcut"] > 300 and told["bound"] > 300  # both ways are exercised


def test_a_note_that_reads_no_disclosure_is_no_report_nor_form(documents: list[Document]) -> None:
    """Without 信息公开 or 政务公开 anywhere, the opening can only name another kind of document."""
    plain = [document for document in documents if not _may_name_disclosure(document)]
    assert len(plain) > 500
    for document in plain:
        kind = kind_of(document)
        assert kind in ("unknown", "look-alike")
        assert opening_names_another_kind(document) == (kind == "look-alike")
    assert any(kind_of(document) == "look-alike" for document in plain)


def test_only_these_characters_fold_to_the_words_looked_for() -> None:
    """The glance asks for 公 and a form of 开 in the raw text before folding it: fold must make
    them of nothing else, character by character or word by word."""
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        folded = fold_uncached(chr(code))
        assert "公" not in folded or chr(code) == "公"
        assert "开" not in folded or chr(code) in OPEN_FORMS
    for word, simplified in _WORDS:
        assert not set("公开") & set(simplified) - set(word)


def _laid_out_bare(document: Document) -> bool:
    """Whether a whole layout of the document finds no part heading and binds no table."""
    laid_out, template, headings, norms = _laid_out(document, TEMPLATES)
    return not headings and not bind_tables(laid_out, template, headings, TEMPLATES, norms)[0]


@pytest.mark.parametrize(
    "text",
    [
        "会议纪要第3号\n本周例会讨论了办公用品采购和值班安排。\n",
        "# 工作笔记 7\n\n- 整理档案\n- 更新通讯录\n",
        "请于周五前提交材料。\n统一思想，进一步做好工作。\n",
    ],
)
def test_a_plain_note_is_told_at_a_glance(tmp_path: Path, text: str) -> None:
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    assert holds_no_part_or_table(document, TEMPLATES)
    assert plainly_not_a_report(document, TEMPLATES) == "unknown"


@pytest.mark.parametrize(
    "text",
    [
        "工作笔记\n一、总体情况\n本年度工作稳步推进。\n",  # a part heading
        "工作笔记\n五 、存在的主要问题及改进情况\n",  # spaced
        "工作笔记\n⼀、总体情况\n",  # a Kangxi radical for 一
        "工作笔记\n行政许可 3\n行政处罚 4\n",  # a table as bare lines
        "工作笔记\n行政许可证 3\n行政处罚 4\n",  # a label with a typo
        "工作笔记\n" + "本年度工作稳步推进，" * 40 + "六、其他需要报告的事项。无。\n",  # run on
    ],
)
def test_a_note_that_may_hold_a_part_or_table_is_laid_out(tmp_path: Path, text: str) -> None:
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    document = read_document(path)
    assert not holds_no_part_or_table(document, TEMPLATES)
    assert plainly_not_a_report(document, TEMPLATES) == full_glance(document, TEMPLATES)
