"""The typo-tolerant label match rests on ``edit_distance``: its shortcut for unlike strings must
never change an answer within the limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gklint.text import edit_distance

# A small alphabet, so that strings within a few edits of each other are common.
TEXT = st.text(alphabet="政府信息公开申请数量行政", max_size=14)


def levenshtein(a: str, b: str) -> int:
    """The plain dynamic programme, without any shortcut."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@given(TEXT, TEXT, st.integers(min_value=0, max_value=4))
def test_within_the_limit_the_distance_is_exact_and_beyond_it_says_so(a: str, b: str, limit: int) -> None:
    exact = levenshtein(a, b)
    found = edit_distance(a, b, limit)
    if exact <= limit:
        assert found == exact
    else:
        assert found > limit


def test_a_label_and_its_typos() -> None:
    label = "本年新收政府信息公开申请数量"
    assert edit_distance("本年新收政府信息公开申请数", label, 2) == 1
    assert edit_distance("本年新收政府信息公幵申请数量", label, 2) == 1
    assert edit_distance("会议纪要第9080号", label, 2) == 3
