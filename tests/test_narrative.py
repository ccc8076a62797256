"""Narrative versus tables: stated counts must agree; approximate and ambiguous ones are left alone."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, run_json

SENTENCE = "（二）依申请公开情况。2023年，本局共收到政府信息公开申请123件，均在法定期限内答复。"


def narrative_findings(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    replacement: str,
    edits: Sequence[tuple[str, str]] = (),
    select: str = "GK7",
) -> list[dict[str, Any]]:
    """The findings on the clean example with its §一 application sentence replaced (and ``edits``
    applied to the rest of the text)."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert SENTENCE in text
    text = text.replace(SENTENCE, replacement)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")
    _, data = run_json(capsys, str(path), "--select", select)
    return list(data["findings"])


def _lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], replacement: str) -> list[tuple[str, int | None]]:
    return [(f["code"], f["line"]) for f in narrative_findings(tmp_path, capsys, replacement)]


@pytest.mark.parametrize(
    "sentence",
    [
        "本局共收到政府信息公开申请125件。",
        "本年度共接到一百二十件政府信息公开申请。",
        "全年新收政府信息公开申请１２４件。",  # full-width digits
        "本年度共受理政府信息公开申请200件。",
        "全年作出行政许可决定1,300件。",
        "本年度发生行政复议三件。",
        "本年度未发生行政复议。",  # the example's table C has two reviews
        "本局收到政府信息公开申请123件，办结119件。",  # 办结 of those applications: neither 123 nor 120
    ],
)
def test_contradicting_count_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str) -> None:
    assert _lint(tmp_path, capsys, sentence) == [("GK701", 7)]


@pytest.mark.parametrize(
    "sentence",
    [
        "本局共收到政府信息公开申请123件。",
        "本年度共接到一百二十三件政府信息公开申请。",
        "本局共收到政府信息公开申请约130件。",  # approximate
        "本局共收到政府信息公开申请120余件。",
        "本局收到政府信息公开申请123件，办结123件。",  # the clause names none, those of the clause before
        "本局收到政府信息公开申请123件，已办结120件。",  # of the new ones: 123 - 3 carried over
        "本局收到申请和咨询共150件。",  # two topics in one clause: ambiguous
        "全年作出行政许可决定1332件。",
        "本年度发生行政复议两件。",
    ],
)
def test_consistent_approximate_or_ambiguous_count_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str
) -> None:
    assert _lint(tmp_path, capsys, sentence) == []


def test_parts_exceeding_the_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = "本年主动公开政府信息3437条，其中政策文件2000条、工作动态1914条。"
    good = "本年主动公开政府信息3914条，其中政策文件2000条、工作动态1914条。"
    partial = "本年主动公开政府信息5000条，其中政策文件2000条、工作动态1914条。"  # 其中 may not be exhaustive
    assert _lint(tmp_path, capsys, bad) == [("GK702", 7)]
    assert _lint(tmp_path, capsys, good) == []
    assert _lint(tmp_path, capsys, partial) == []
