"""Regular expressions: compiled only when first used, and from the code an earlier run stored."""

from __future__ import annotations

import copy
import marshal
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gklint.patterncache import compile_pattern
from gklint.text import lazy_pattern

PATTERNS = [
    (r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月", 0),
    (r"[一二三四五六七八九十]+、", 0),
    (r"(?<=[\u4e00-\u9fff])\([a-zü]+\)", 0),
    (r"^ *gklint *$", re.IGNORECASE | re.MULTILINE),
]
SAMPLES = ["2023年12月31日", "一、总体情况 二、主动公开", "數(shù)據(jù) (a)", "GKLINT\n  gklint \nx", ""]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern: str, flags: int) -> None:
    lazy, compiled = lazy_pattern(pattern, flags), re.compile(pattern, flags)
    assert "compiled" not in vars(lazy)  # nothing compiled until it is used
    for text in SAMPLES:
        found = lazy.search(text)
        expected = compiled.search(text)
        assert (found and (found.span(), found.groupdict())) == (expected and (expected.span(), expected.groupdict()))
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
        assert lazy.sub("_", text) == compiled.sub("_", text) and lazy.split(text) == compiled.split(text)
        assert lazy.findall(text) == compiled.findall(text) and bool(lazy.match(text)) == bool(compiled.match(text))
    assert (lazy.pattern, lazy.flags, lazy.groups, lazy.groupindex) == (
        compiled.pattern,
        compiled.flags,
        compiled.groups,
        compiled.groupindex,
    )
    assert copy.deepcopy(lazy).pattern == pickle.loads(pickle.dumps(lazy)).pattern == pattern


def test_importing_the_rules_compiles_none_of_their_patterns(tmp_path: Path) -> None:
    probe = (
        "import sys, re, gklint.binder, gklint.rules.narrative_text, gklint.rules.period, gklint.rules.crossyear\n"
        "lazy = [v for name, m in list(sys.modules.items()) if name.startswith('gklint')"
        " for v in vars(m).values() if type(v).__name__ == '_LazyPattern']\n"
        "print(len(lazy), sum('compiled' in vars(v) for v in lazy))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True)
    patterns, compiled = map(int, result.stdout.split())
    assert patterns >= 40 and compiled == 0


ORDINAL = r"^(?:[一二三四五六七八九十]+,|\([一二三四五六七八九十]+\)|\d{1,2}\.)"
CACHED = [*PATTERNS, (ORDINAL, 0), (r"[\u3400-\u9fff]+", 0)]


@pytest.mark.parametrize(("pattern", "flags"), CACHED)
def test_a_pattern_from_the_stored_code_is_the_compiled_one(
    pattern: str, flags: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gklint.patterncache as cache

    monkeypatch.setenv("GKLINT_MANIFEST_DIR", str(tmp_path))
    first = compile_pattern(pattern, flags)
    stored = list(tmp_path.iterdir())
    monkeypatch.setattr(cache, "_TABLES", {})  # a later process: the table read from the file
    monkeypatch.setattr(re, "compile", None)  # the second must come from the stored code alone
    second = compile_pattern(pattern, flags)
    monkeypatch.undo()

    expected = re.compile(pattern, flags)
    assert [p.name for p in stored] == [cache.TABLE_NAME] and first == second == expected  # same flags, text, code
    assert (second.groups, second.groupindex) == (expected.groups, expected.groupindex)
    for text in [*SAMPLES, "十二,", "(三)", "12.", "汉字abc"]:
        assert [m.span() for m in second.finditer(text)] == [m.span() for m in expected.finditer(text)]


def _stored_patterns(folder: Path) -> set[str]:
    import gklint.patterncache as cache

    return {pattern for pattern, _ in cache._load(str(folder / cache.TABLE_NAME))}


def test_a_damaged_or_foreign_table_of_patterns_is_compiled_afresh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gklint.patterncache as cache

    monkeypatch.setenv("GKLINT_MANIFEST_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_TABLES", {})
    compile_pattern("[一二三]+", 0)
    table = tmp_path / cache.TABLE_NAME
    for damage in (b"\x00garbage", marshal.dumps(("another interpreter", {("[一二三]+", 0): (0, [1], 0, {}, ())}))):
        table.write_bytes(damage)
        monkeypatch.setattr(cache, "_TABLES", {})
        assert compile_pattern("[一二三]+", 0) == re.compile("[一二三]+")
        assert _stored_patterns(tmp_path) == {"[一二三]+"}  # rewritten


def test_patterns_another_run_stored_meanwhile_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gklint.patterncache as cache

    monkeypatch.setenv("GKLINT_MANIFEST_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "_TABLES", {})
    compile_pattern("[一二三]+", 0)  # this run has read the table
    other = "from gklint.patterncache import compile_pattern; compile_pattern('[四五六]+', 0)"
    subprocess.run([sys.executable, "-c", other], check=True, env={**os.environ})
    assert _stored_patterns(tmp_path) == {"[一二三]+", "[四五六]+"}
    compile_pattern("[七八九]+", 0)  # stored with what the other run added
    assert _stored_patterns(tmp_path) == {"[一二三]+", "[四五六]+", "[七八九]+"}


def test_a_folder_that_cannot_be_written_costs_only_the_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKLINT_MANIFEST_DIR", os.devnull + "/gklint")
    assert compile_pattern("[一二三]+、", 0) == re.compile("[一二三]+、")
    assert compile_pattern("[四五六]+、", 0) == re.compile("[四五六]+、")  # not tried again: compiled once


def test_an_engine_of_another_shape_costs_only_the_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gklint.patterncache as cache

    class OtherEngine:  # an interpreter whose engine takes other arguments
        @staticmethod
        def compile(*args: object) -> re.Pattern[str]:
            raise TypeError("compile() takes other arguments")

    monkeypatch.setenv("GKLINT_MANIFEST_DIR", str(tmp_path))
    compile_pattern("[七八九]+", 0)  # stored by this interpreter's engine
    monkeypatch.setattr(cache, "_sre", OtherEngine)
    assert compile_pattern("[七八九]+", 0) == re.compile("[七八九]+")  # stored code unusable: compiled
    assert compile_pattern("[十百]+", 0) == re.compile("[十百]+")  # nothing to store: compiled
