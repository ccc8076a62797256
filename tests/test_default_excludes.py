"""The default exclude patterns are matched without pathspec; they must agree with it exactly."""

from __future__ import annotations

from pathlib import Path

import pathspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gklint.excludes import DEFAULT_EXCLUDE, _group_matches
from tests.conftest import EXAMPLES, run_json

NAMES = st.sampled_from(["a", "b.md", ".git", ".hidden.md", "venv", "venvs", "x.venv", "node_modules",
                         "node_modules2", "__pycache__", "_pycache_", "报告.pdf", ".", "~$年报.docx", "~$", "a~$b.docx",
                         "~年报.docx"])  # fmt: skip
SPEC = pathspec.GitIgnoreSpec.from_lines(DEFAULT_EXCLUDE)


# Names as real folders hold them: no separators, blanks or control characters (pathspec strips
# those where git would not, which no report folder depends on).
PRINTED = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Zs", "Zl", "Zp"), blacklist_characters="/\\")


@given(st.lists(NAMES | st.text(PRINTED, min_size=1, max_size=6), min_size=1, max_size=4))
def test_default_excludes_agree_with_gitignore_semantics(parts: list[str]) -> None:
    relative = "/".join(part for part in parts if part not in (".", "..")) or "a"
    assert _group_matches(DEFAULT_EXCLUDE, relative) == bool(SPEC.match_file(relative))


def test_a_hidden_folder_anywhere_excludes_what_is_below_it() -> None:
    assert _group_matches(DEFAULT_EXCLUDE, "reports/.drafts/2023.md")
    assert not _group_matches(DEFAULT_EXCLUDE, "reports/drafts/2023.md")


def test_the_owner_file_word_keeps_beside_an_open_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """~$年报.docx (Word's or WPS's owner file while 年报.docx is open) is no report: a walk, and a
    hook naming it with --force-exclude, leave it out."""
    (tmp_path / "年报.md").write_text((EXAMPLES / "clean-2023.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "~$年报.docx").write_bytes(b"\x0cuser" + b"\x00" * 40)
    code, data = run_json(capsys, str(tmp_path))
    assert code == 0 and [Path(f["path"]).name for f in data["files"]] == ["年报.md"]


def test_an_owner_file_named_explicitly_says_what_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "~$年报.docx").write_bytes(b"\x0cuser" + b"\x00" * 40)
    _, data = run_json(capsys, str(tmp_path / "~$年报.docx"))
    (finding,) = data["findings"]
    assert finding["code"] == "GK002" and "关闭文档后它会自动消失" in finding["message"]
