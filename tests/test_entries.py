"""A cache entry's bytes (``gklint.entries``): real outcomes of every format come back equal, field by
field and type by type, from the fast plain form; what has no plain form is pickled and comes back
too; damaged bytes are refused, never read as another outcome."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from gklint.config import Layer, Resolver
from gklint.entries import PICKLED, PLAIN, decode, encode
from gklint.model import Finding
from gklint.runner import Linter
from gklint.testing import _plugins, base_report

FIXTURES = Path(__file__).parent / "fixtures"
CARRIED_IN = "| 二、上年结转政府信息公开申请数量 |  |  | 0 | 0 | 0 | 0 | 3 | 0 | 3 |"  # its total made 4: a finding
READABLE = sorted(
    path for path in FIXTURES.rglob("*") if path.suffix in {".txt", ".md", ".html", ".docx", ".pdf"} and path.is_file()
)


def _linter() -> Linter:
    plugins = _plugins()
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    return Linter(plugins, Resolver(rulesets, Layer("test")))


def _stored(path: Path) -> tuple[Any, ...]:
    """The outcome as a run keeps it in the cache: with what the cross-year rules compare."""
    return _linter().examine(path, keep_report=True, whole=False).stored()


def _same(left: Any, right: Any) -> bool:
    """Equal, and of the same types all the way down (a table key stays the vocabulary's member)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, Enum):
        return left is right
    if isinstance(left, (tuple, list)):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right))
    if hasattr(left, "__dict__"):
        return _same(sorted(vars(left).items()), sorted(vars(right).items()))
    return bool(left == right)


@pytest.mark.parametrize("path", READABLE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_fixtures_outcome_is_plain_and_comes_back_the_same(path: Path) -> None:
    stored = _stored(path)
    data = encode("key", stored)
    assert data[:1] == PLAIN  # the fast form serves every format gklint reads
    key, back = decode(data)
    assert key == "key" and _same(back, stored)


def test_findings_places_and_facts_come_back_with_their_types(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text(base_report().replace(CARRIED_IN, CARRIED_IN[:-4] + "4 |"), encoding="utf-8")
    stored = _stored(report)
    findings: list[Finding] = stored[2]
    assert findings and any(f.place.table for f in findings) and stored[4] is not None
    _, back = decode(encode("k", stored))
    assert _same(back, stored)
    assert [type(f.place.table) for f in back[2]] == [type(f.place.table) for f in findings]
    assert back[4].report().tables.keys() == stored[4].report().tables.keys()


def test_what_has_no_plain_form_is_pickled_and_comes_back(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text(base_report().replace(CARRIED_IN, CARRIED_IN[:-4] + "4 |"), encoding="utf-8")
    stored = list(_stored(report))
    first = stored[2][0]
    stored[2] = [replace(first, args=(("amount", Decimal("1.5")),)), *stored[2][1:]]  # a plugin's own value
    data = encode("k", tuple(stored))
    assert data[:1] == PICKLED
    assert decode(data) == ("k", tuple(stored))


@pytest.mark.parametrize("damage", [b"", b"M", b"M\x00garbage", b"Pnot a pickle", b"Xwhat"])
def test_damaged_bytes_are_refused(damage: bytes) -> None:
    with pytest.raises(Exception):  # noqa: B017 (any error at all means: not cached)
        decode(damage)


def test_a_truncated_entry_is_refused_not_read_short(tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    report.write_text(base_report(), encoding="utf-8")
    data = encode("k", _stored(report))
    for cut in (len(data) // 3, len(data) // 2, len(data) - 1):
        with pytest.raises(Exception):  # noqa: B017
            decode(data[:cut])
