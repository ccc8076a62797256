"""The tenth round's shortcuts for notes give what the general paths give.

The label shapes are a few words spelt as a tree, not every piece in turn; fold and normalize_label
skip passes that would change nothing; the text reader reads a text without tabs or bars line by
line; a note that will be skipped is not given a finding of its own; a note's opening is not folded
when it holds no 报 or 算. Each is held here to the path it shortcuts.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from gklint.binder import full_glance, plainly_not_a_report
from gklint.binder.notes import _shapes, label_words
from gklint.binder.opening import TITLE_FORMS, may_name_another_kind, opening_names_another_kind
from gklint.lines import split_lines
from gklint.linting import NOT_A_REPORT, examine_file
from gklint.readers.text import _plain_blocks, blocks_from_text
from gklint.text import _FOLD, _LEAF_NUMBER, _SPACES, _WORDS, fold_uncached, normalize_label, strip_pinyin
from tests.test_tiny_notes import LINTER, TEMPLATE_LINES, TEMPLATES, _mangled, generated_notes, read_document

TRICKY = (
    "会议纪要第7号",
    "政 务 公 开",
    "某局2023年政府資訊公開工作年度報告",
    "某縣2023年政府工作報告",
    "某局2023年部門決算",
    "行 政 许 可 3",
    "1、行政许可",
    "１．其它",
    "⼀、总体情况",
    "㈠总体情况",
    "《一、总体情况》",
    "第三部分 附件",
    "政(zhèng)务(wù)公(gōng)开(kāi)",
    "会议\u00a0纪要\u200b",
    "“引号”—破折号",
    "以後 关於 反覆 资讯 规范性档案",
    "[行政]【许可】",
    "\u3000总计\t3",
    "#一、总体情况",
    "十、其他",
)


def _lines(count: int = 3000, seed: int = 10) -> list[str]:
    rng = random.Random(seed)
    lines = list(TEMPLATE_LINES) + list(TRICKY)
    for _ in range(count):
        lines.append(_mangled(rng.choice(TEMPLATE_LINES + list(TRICKY)), rng))
    for _, text in generated_notes(300, seed):
        lines.extend(text.splitlines())
    return lines


def _old_normalize(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    for word, simplified in _WORDS:
        folded = folded.replace(word, simplified)
    text = _SPACES.sub("", strip_pinyin(folded)).replace("其它", "其他").replace("、", ",")
    text = text.replace("[", "〔").replace("]", "〕").replace("【", "〔").replace("】", "〕")
    for quote in "\"'「」『』":
        text = text.replace(quote, "")
    return _LEAF_NUMBER.sub(r"\1.", text)


def test_fold_and_normalize_label_as_every_pass_gives_them() -> None:
    for line in _lines():
        assert normalize_label.__wrapped__(line) == _old_normalize(line), line
        folded = unicodedata.normalize("NFKC", line).translate(_FOLD)
        for word, simplified in _WORDS:
            folded = folded.replace(word, simplified)
        assert fold_uncached(line) == folded


def test_what_the_guards_pass_over_cannot_match() -> None:
    """_SPACES matches only the space or characters that are not printable; \\d only what isdigit holds."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if _SPACES.match(char):
            assert char == " " or not char.isprintable()
        if re.match(r"\d", char):
            assert char.isdigit()


def test_only_these_characters_fold_to_report_or_sum() -> None:
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        folded = fold_uncached(chr(code))
        assert not ("报" in folded or "算" in folded) or chr(code) in TITLE_FORMS


def test_the_label_shapes_answer_as_every_start_and_piece() -> None:
    starts, pieces = label_words(TEMPLATES)
    shapes = _shapes(tuple(TEMPLATES))
    found = 0
    for line in _lines():
        norm = normalize_label(line)
        expected = norm.startswith(tuple(starts)) or any(piece in norm for piece in pieces)
        assert shapes.may_label(norm) == expected, line
        found += expected
    assert found > 1000  # both answers exercised


def test_a_text_without_tabs_or_bars_is_read_as_the_general_path_reads_it() -> None:
    for _, text in generated_notes(600, 3):
        text = text.replace("|", "").replace("\t", " ") + "\n<!-- gklint: disable=GK002 -->\n\n\u3000\n"
        lines = split_lines(text)
        assert _plain_blocks(lines) == blocks_from_text(lines)
    many = [f"第{n}行" for n in range(2100)]
    assert _plain_blocks(many) == blocks_from_text(many)


def test_the_opening_is_not_folded_only_when_it_cannot_name_another_kind() -> None:
    for name, text in generated_notes(900, 7):
        del name
        for line in (*text.splitlines(), *TRICKY):
            joined = fold_uncached(line)
            if not may_name_another_kind(line):
                assert "报" not in joined and "算" not in joined


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tricky")
    rows = {
        "split.txt": "某局2023年政府信息公\n开工作年度报告\n一、总体情况\n",
        "spaced.txt": "政 务 公 开 工作要点\n请查阅。\n",
        "trad.txt": "某縣2023年政府工作報告\n各位代表：\n",
        "compat.txt": "某局2023年部门決算说明\n",
        "tags.html": "<html><body><p>政府信息<b>公</b>开工作年度报告</p><p>一、总体情况</p></body></html>\n",
        "entity.html": "<html><body><p>&#19968;&#12289;总体情况</p></body></html>\n",
        "pipes.txt": "工作笔记\n| 行政许可 | 3 |\n| 总计 | 3 |\n",
        "tabs.txt": "工作笔记\n\t行政许可\t3\n",
        "spaces.txt": "工作笔记\n行政许可    3    4\n",
        "plain.md": "# 工作笔记 7\n\n- 整理档案\n",
        "plain.txt": "会议纪要第7号\n本周例会讨论了办公用品采购和值班安排。\n",
        "lookalike.txt": "某局2023年部门决算\n说明\n",
    }
    for name, text in rows.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_tricky_notes_glance_as_the_whole_path(tricky: Path) -> None:
    for path in sorted(tricky.iterdir()):
        document = read_document(path)
        assert plainly_not_a_report(document, TEMPLATES) == full_glance(document, TEMPLATES), path.name
        if not may_name_another_kind("".join(b.text for b in document.paragraphs)):
            assert not opening_names_another_kind(document)


def test_a_skipped_note_and_a_named_one_as_before(tricky: Path) -> None:
    for path in sorted(tricky.iterdir()):
        settings = LINTER.resolver.settings_for(path)
        named = examine_file(LINTER, path, path.name, settings, True, False)
        folder = examine_file(LINTER, path, path.name, settings, False, False)
        not_report = any(f.message_id == NOT_A_REPORT for f in named.findings)
        assert bool(folder.skipped) == not_report, path.name
        if not_report:
            assert [f.path for f in named.findings] == [path.name] and folder.findings == []
        else:
            assert folder.findings == named.findings
