"""Paths handled as text on a sweep's hot path must mean what ``pathlib`` would make of them."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gklint.paths import suffix_of

PIECES = st.sampled_from(["a", "报告", ".", "..", "txt", "MD", "tar", "gz", " ", ".hidden", ""])


@given(st.lists(st.lists(PIECES, max_size=4).map(".".join), min_size=1, max_size=3).map("/".join))
def test_a_suffix_is_the_one_pathlib_gives(path: str) -> None:
    assert suffix_of(path) == PurePosixPath(path).suffix


def test_names_without_a_suffix() -> None:
    assert [suffix_of(name) for name in ("README", ".bashrc", "report.", "notes/v1.2/README")] == ["", "", "", ""]
    assert [suffix_of(name) for name in ("2023.txt", "a.tar.gz", "年报.PDF")] == [".txt", ".gz", ".PDF"]
    assert [suffix_of(name) for name in ("a.md/.", "a.md/./", "./.", "a.md/..")] == [".md", ".md", "", ""]


def _tree(root: Path) -> None:
    """Reports in nested folders, one reached through a symlinked folder, names that are not UTF-8,
    and a configuration that excludes a pattern in one folder."""
    for folder in ("", "甲", "甲/乙", "drafts", "a b"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        for name in ("2023.md", "年报 2022.txt", "skip-me.md"):
            (root / folder / name).write_text("# 笔记\n", encoding="utf-8")
    (root / os.fsdecode(b"bad-\xff.md")).write_text("# 笔记\n", encoding="utf-8")
    (root / "link").symlink_to(root / "甲", target_is_directory=True)
    (root / "drafts" / ".gklint.yaml").write_text('extend-exclude: ["skip-*.md"]\n', encoding="utf-8")


@pytest.mark.parametrize("start", ["inside", "outside", "relative"])
def test_files_found_in_a_walk_show_the_names_display_path_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    from gklint.config import Resolver
    from gklint.discovery import discover, display_path
    from gklint.excludes import matches
    from gklint.layers import Layer

    _tree(tmp_path / "reports")
    monkeypatch.chdir(tmp_path / "reports" if start == "inside" else tmp_path / "reports" / "甲")
    walked = str(tmp_path / "reports") if start != "relative" else os.path.relpath(tmp_path / "reports")
    resolver = Resolver({}, Layer("test"))
    found = discover([walked], {".md", ".txt"}, resolver)
    assert found and all(target.shown == display_path(target.name) for target in found)
    names = {os.path.relpath(target.name, walked) for target in found}
    assert "drafts/2023.md" in names and "drafts/skip-me.md" not in names and "甲/skip-me.md" in names
    root = Path(walked)
    assert not any(matches(resolver.settings_for(t.name).exclude, t.name, root) for t in found)
