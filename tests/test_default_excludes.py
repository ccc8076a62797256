"""The default exclude patterns are matched without pathspec; they must agree with it exactly."""

from __future__ import annotations

import pathspec
from hypothesis import given
from hypothesis import strategies as st

from gklint.excludes import DEFAULT_EXCLUDE, _group_matches

NAMES = st.sampled_from(["a", "b.md", ".git", ".hidden.md", "venv", "venvs", "x.venv", "node_modules",
                         "node_modules2", "__pycache__", "_pycache_", "报告.pdf", "."])  # fmt: skip
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
