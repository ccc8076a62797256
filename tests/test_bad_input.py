"""Bad input never crashes the run: one clear finding for that file, the other files go on."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_json


@pytest.mark.parametrize(
    ("name", "content", "code", "words"),
    [
        ("empty.txt", b"", "GK002", "为空"),
        ("spaces.txt", b"  \n\n \t\n", "GK002", "为空"),
        ("binary.txt", bytes(range(256)) * 8, "GK002", "二进制数据"),
        ("prose.txt", "这是一份会议纪要，没有表格。\n第二段。\n".encode(), "GK002", "未识别"),
        ("report.xyz", b"whatever", "GK001", "不支持"),
        ("bad-utf16.txt", b"\xff\xfe\x00\xd8", "GK002", "utf-16"),
    ],
)
def test_bad_file_gives_one_clear_finding_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, code: str, words: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.md"
    shutil.copyfile(EXAMPLES / "clean-2023.md", good)

    exit_code, data = run_json(capsys, str(bad), str(good))

    by_file = {f["path"]: f for f in data["files"]}
    assert len(by_file) == 2 and all(f["format"] is not None for f in data["files"] if f["path"].endswith(".md"))
    findings = [f for f in data["findings"] if f["path"].endswith(name)]
    assert len(findings) == 1
    assert findings[0]["code"] == code
    assert words.lower() in (findings[0]["message"] + findings[0]["message_en"]).lower()
    assert not [f for f in data["findings"] if f["path"].endswith("good.md")]
    assert exit_code == 1


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gklint.cli import main

    assert main(["check", str(tmp_path / "nope.txt")]) == 2
    assert "nope.txt" in capsys.readouterr().err


def test_numbered_heading_with_a_tab_after_its_number(seed_copy, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """Word's numbered headings copied as text carry a tab after the number: `三、\\t收到…`."""
    import re

    path = seed_copy("000")
    before = run_json(capsys, str(path))[1]["findings"]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^([一二三四五六])、", "\\1、\t", text), encoding="utf-8")
    after = run_json(capsys, str(path))[1]["findings"]
    assert [(f["code"], f["line"]) for f in after] == [(f["code"], f["line"]) for f in before]


def test_a_small_table_in_another_part_is_not_table_b(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    fee_table = "\n| 收费项目 | 金额 |\n|---|---|\n| 信息处理费 | 0 |\n| 其他 | 0 |\n"
    path = tmp_path / "report.md"
    path.write_text(text + fee_table, encoding="utf-8")
    assert run_json(capsys, str(path))[1]["findings"] == []
