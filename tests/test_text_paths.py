"""Paths handled as text on a sweep's hot path must mean what ``pathlib`` would make of them."""

from __future__ import annotations

from pathlib import PurePosixPath

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
