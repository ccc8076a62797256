"""A file that is plainly no annual report is told at a glance (``plainly_not_a_report``), without
binding it whole; the glance must say exactly what the whole binding would.

Wherever the glance speaks, the document holds no 公 (so no opening line or title can name 信息公开
or 政务公开): then the glance's verdict must be the one the runner draws from a whole binding —
another kind of document, or no part heading and no table — and nothing at all otherwise. Reports
in every layout with 公 replaced, slices of them, notes, look-alikes and fuzzed files are held to it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gklint.binder import bind, plainly_not_a_report
from gklint.binder.opening import LOOK_ALIKE, UNKNOWN, kind_of
from gklint.bounds import bound_document
from gklint.config import Layer, Resolver
from gklint.model import Document
from gklint.runner import Linter
from tests.fuzz.generate import generate, rendered
from tests.test_roundtrip import PLUGINS, RULESETS

LINTER = Linter(PLUGINS, Resolver(RULESETS, Layer("test")))
TEMPLATES = [template for template, _ in PLUGINS.templates]
TEXT_LAYOUTS = (".txt", ".md")

NOTES = {
    "minutes.txt": "会议纪要第9080号\n本周例会讨论了办公用品采购和值班安排。\n",  # 办公: 公 alone
    "open-day.txt": "开放日安排\n公众可于周六参观，信息请见通知。\n",
    "todo.md": "# 工作笔记 12\n\n- 整理档案\n- 更新通讯录\n",
    "notice.html": "<html><head><title>通知 7</title></head><body><p>请于周五前提交材料。</p></body></html>\n",
    "numbers.txt": "序号 事项 数量\n1 复印 20\n2 装订 3\n",
}
TABLE_PIECES = {  # no 公 anywhere, yet template labels: a table to bind, never a note
    "labels.txt": "行政许可\n行政处罚\n行政强制\n",
    "rows.txt": "行政许可 0\n行政处罚 3\n",
}
WRAPPED_TITLES = {  # the title's words torn apart: never told at a glance
    "wrapped.txt": "某局2023年政务\n公开工作年度报告\n\n本年度工作平稳。\n",
    "spaced.md": "# 某局 2023 年 信 息 公 开 工作年度报告\n\n正文。\n",
    "traditional.txt": "某局2023年政府資訊公開與政務公開工作年度報告\n",
}
LOOK_ALIKES = {
    "work-report.txt": "2023年某市人民政府工作报告\n\n过去一年，全市经济稳中有进。\n",
    "accounts.md": "# 某局2022年度部门决算\n\n一、部门基本情况\n",
    "bulletin.txt": "某县2023年国民经济和社会发展统计公报\n\n全年地区生产总值增长5%。\n",
}


def document_of(name: str, data: bytes) -> Document | None:
    """The file as the runner reads it, or None when no reader can."""
    chosen = LINTER.reader_for(Path(name), data[:512])
    if chosen is None:
        return None
    try:
        return bound_document(chosen[0].read(name, data))
    except Exception:  # unreadable: the runner says so without binding anything
        return None


def whole_binding_verdict(document: Document) -> str | None:
    """What the runner concludes from a whole binding: the kind a not-a-report finding names, or None."""
    report = bind(document, TEMPLATES)
    kind = kind_of(document, report.title)
    if kind == LOOK_ALIKE or (kind == UNKNOWN and not report.recognised):
        return kind
    return None


def assert_glance_agrees(document: Document) -> str | None:
    glance = plainly_not_a_report(document, TEMPLATES)
    if glance is not None or not any("公" in p.text for p in document.paragraphs):
        assert glance == whole_binding_verdict(document)
    return glance


def without_gong(data: bytes) -> bytes:
    return data.decode("utf-8", "surrogateescape").replace("公", "共").encode("utf-8", "surrogateescape")


@pytest.mark.parametrize("name", sorted(NOTES))
def test_a_note_is_told_at_a_glance(name: str) -> None:
    document = document_of(name, NOTES[name].encode("utf-8"))
    assert document is not None
    assert assert_glance_agrees(document) == UNKNOWN


@pytest.mark.parametrize("name", sorted(TABLE_PIECES))
def test_a_piece_of_a_table_is_bound_whole(name: str) -> None:
    document = document_of(name, TABLE_PIECES[name].encode("utf-8"))
    assert document is not None
    assert assert_glance_agrees(document) is None


@pytest.mark.parametrize("name", sorted(WRAPPED_TITLES))
def test_a_title_torn_apart_is_never_told_at_a_glance(name: str) -> None:
    document = document_of(name, WRAPPED_TITLES[name].encode("utf-8"))
    assert document is not None
    assert plainly_not_a_report(document, TEMPLATES) is None


@pytest.mark.parametrize("name", sorted(LOOK_ALIKES))
def test_a_look_alike_is_told_at_a_glance(name: str) -> None:
    document = document_of(name, LOOK_ALIKES[name].encode("utf-8"))
    assert document is not None
    assert assert_glance_agrees(document) == LOOK_ALIKE


@pytest.mark.parametrize("name", [name for name, _ in rendered()])
def test_a_report_is_told_at_a_glance_only_when_nothing_of_it_can_be_read(name: str) -> None:
    data = dict(rendered())[name]
    document = document_of(name, data)
    assert document is not None
    glance = plainly_not_a_report(document, TEMPLATES)
    assert glance is None or glance == whole_binding_verdict(document)  # glyphs without text: nothing to bind
    if name.endswith(TEXT_LAYOUTS):  # with every 公 gone the glance must still see the headings or tables
        bare = document_of(name, without_gong(data))
        assert bare is not None
        assert assert_glance_agrees(bare) is None


@pytest.mark.parametrize("name", [name for name, _ in rendered() if name.endswith(TEXT_LAYOUTS)])
def test_slices_of_a_report_are_told_as_a_whole_binding_tells_them(name: str) -> None:
    lines = without_gong(dict(rendered())[name]).decode("utf-8").splitlines(keepends=True)
    rng = random.Random(name)
    told = set()
    for _ in range(40):
        start = rng.randrange(len(lines))
        piece = "".join(lines[start : start + rng.choice((1, 2, 3, 5, 8, 20))])
        document = document_of(name, piece.encode("utf-8"))
        if document is not None:
            told.add(assert_glance_agrees(document))
    assert None in told  # slices with a heading or a table are bound whole


def test_fuzzed_files_are_told_as_a_whole_binding_tells_them() -> None:
    for sample in generate(150, seed=7, scale=0.2):
        if sample.origin.startswith("hostile"):
            continue  # built to exhaust the readers' limits, which tests of their own hold
        for data in (sample.data, without_gong(sample.data) if sample.name.endswith(TEXT_LAYOUTS) else None):
            if data is None:
                continue
            document = document_of(sample.name, data)
            if document is not None:
                assert_glance_agrees(document)
