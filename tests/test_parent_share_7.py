"""The parent's seventh round: a sweep's names grouped by folder and by suffix without a call per
file, a folder's files excluded by their names alone, and workers let go without waiting for
each to end (reaped once the next pool ends, or the run)."""

from __future__ import annotations

import dataclasses
import os
import random
from pathlib import Path

import pytest

from gklint import cache, history
from gklint.excludes import DEFAULT_EXCLUDE, Patterns, folder_matcher, matches
from gklint.executors import LOCAL
from gklint.history import Facts
from gklint.paths import FolderShared, first_of_each_folder, suffixes_of
from gklint.workers import can_isolate, reap_exited, run_all

EDGES = [
    "a/b.MD",
    "x/.bashrc",
    "x/..md",
    "x/...md",
    "x/a..md",
    "a.b/c",
    "a.b/c.TXT",
    "noext",
    ".hidden",
    "a/b.",
    "dir.d/",
    "a/.x.y",
    "/abs/p.Pdf",
    "a./b",
    "./b.html",
    "../c.docx",
    "a/b/c.tar.gz",
    "a/.",
    "a/..",
    "x.y/.z",
    "名/报告.Md",
]


def _random_names(count: int, seed: int) -> list[str]:
    pick = random.Random(seed)
    return ["".join(pick.choice("ab./.") for _ in range(pick.randint(0, 9))) for _ in range(count)]


@pytest.mark.parametrize("name", EDGES)
def test_a_names_suffix_is_what_splitext_gives(name: str) -> None:
    assert suffixes_of([name]) == {os.path.splitext(name)[1].lower()}


def test_the_suffixes_of_many_names_are_those_splitext_gives() -> None:
    names = EDGES + _random_names(5000, 7)
    for name in names:
        assert suffixes_of([name]) == {os.path.splitext(name)[1].lower()}, name
    assert suffixes_of(names) == {os.path.splitext(name)[1].lower() for name in names}


def _firsts_by_dirname(names: list[str]) -> list[str]:
    firsts: dict[str, str] = {}
    for name in names:
        firsts.setdefault(os.path.dirname(name), name)
    return list(firsts.values())


@pytest.mark.parametrize("seed", range(6))
def test_the_first_of_each_folder_is_the_one_dirname_finds(seed: int) -> None:
    pick = random.Random(seed)
    names = pick.sample(EDGES + _random_names(400, seed), 120)
    in_order = sorted(names)
    assert first_of_each_folder(names) == _firsts_by_dirname(names)
    assert first_of_each_folder(in_order) == _firsts_by_dirname(in_order)


def test_folders_that_come_back_later_are_not_counted_twice() -> None:
    names = ["a/b.txt", "a/b/c.txt", "a/c.txt", "a/b/d.txt", "e.txt", "a/z.txt"]
    assert first_of_each_folder(names) == ["a/b.txt", "a/b/c.txt", "e.txt"]


FILE_NAMES = ["report.md", ".hidden.md", "node_modules", "venv", "a.txt", "__pycache__", "x.html"]
FOLDERS = ["", "sub", ".git-like", "node_modules", "sub/venv", "sub/deeper", "keep/__pycache__"]


def _pattern_sets(root: Path) -> list[Patterns]:
    return [
        (("", DEFAULT_EXCLUDE),),
        (("", DEFAULT_EXCLUDE), (str(root), ("*.txt", "deeper/"))),
        ((str(root), ("sub/", "!sub/deeper/")),),
        ((str(root / "sub"), (".*",)), ("", DEFAULT_EXCLUDE)),
        (),
    ]


@pytest.mark.parametrize("which", range(5))
def test_a_folders_files_are_excluded_as_one_by_one(tmp_path: Path, which: int) -> None:
    root = tmp_path / "root"
    for folder in FOLDERS:
        (root / folder).mkdir(parents=True, exist_ok=True)
    patterns = _pattern_sets(root.resolve())[which]
    for folder in FOLDERS:
        here = root / folder
        by_name = folder_matcher(patterns, here, root)
        for name in FILE_NAMES:
            assert by_name(name) == matches(patterns, here / name, root), (folder, name)


def _pid(_: int) -> int:
    return os.getpid()


def _reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.skipif(not can_isolate(), reason="workers need fork")
def test_workers_let_go_are_all_reaped_by_the_next_pool_or_the_run() -> None:
    first = set(run_all(_pid, list(range(40)), jobs=2))
    second = set(run_all(_pid, list(range(40)), jobs=2))
    assert first and second and not first & second and os.getpid() not in first | second
    LOCAL.close()  # the run's end
    assert all(_reaped(pid) for pid in first | second)
    reap_exited()  # nothing left to wait for: returns at once


@pytest.mark.skipif(not can_isolate(), reason="workers need fork")
def test_a_pool_that_lets_its_workers_go_still_answers_every_task_in_order() -> None:
    tasks = list(range(300))
    for jobs in (1, 2, 3):
        assert run_all(lambda n: n * n, tasks, jobs=jobs) == [n * n for n in tasks]
    LOCAL.close()


def test_the_code_stamp_names_the_files_rglob_finds() -> None:
    package = Path(cache.__file__).parent
    assert sorted(cache._package_sources()) == sorted(map(str, package.rglob("*.py")))


def test_the_facts_a_history_hands_back_are_those_the_constructor_makes() -> None:
    assert tuple(field.name for field in dataclasses.fields(Facts)) == history.FACTS_FIELDS
    made = history.facts_from(("a/b.md", ("某机关", 2023), b"", "ab" * 32, 7, 12))
    expected = Facts("a/b.md", ("某机关", 2023), b"", "ab" * 32, 7, 12)
    assert made == expected and hash(made) == hash(expected) and repr(made) == repr(expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.record = 3  # type: ignore[misc]


def test_a_folders_shared_value_is_asked_twice_and_one_of_its_own_every_time() -> None:
    shared = {folder: object() for folder in ("a", "a/b", "c", "")}
    asked: list[str] = []

    def value_of(name: str) -> object:
        asked.append(name)
        return shared.get(os.path.dirname(name), [name])  # in "own", a new object per file

    names = ["a/1", "a/2", "a/3", "a/b/1", "a/b/2", "a/b/3", "a/4", "own/1", "own/2", "own/3", "c/1", "x", "y", "z"]
    by_folder = FolderShared(value_of)
    for name in names:
        got, expected = by_folder(name), shared.get(os.path.dirname(name))
        assert got is expected if expected is not None else got == [name]
    assert asked == ["a/1", "a/2", "a/b/1", "a/b/2", "a/4", "own/1", "own/2", "own/3", "c/1", "x", "y"]
