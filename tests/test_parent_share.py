"""What the parent process does for each file of a sweep, kept small without changing a result:
tasks reach workers as numbers, results are read back by plain iteration, settings are looked up
once per folder where nothing in them is per file."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

import gklint.history
from gklint.cli import main
from gklint.spill import Slots
from gklint.workers import can_isolate, run_all
from tests.conftest import EXAMPLES


@pytest.mark.skipif(not can_isolate(), reason="workers need fork")
def test_tasks_reach_forked_workers_without_being_pickled() -> None:
    locks = [threading.Lock() for _ in range(40)]  # a lock cannot be pickled
    results = run_all(lambda lock: lock.locked(), locks, jobs=2)
    assert results == [False] * 40


@pytest.mark.skipif(not can_isolate(), reason="workers need fork")
def test_a_worker_started_again_after_a_crash_still_holds_the_tasks() -> None:
    def task(number: int) -> int:
        if number == 3:
            import os

            os._exit(3)
        return number * 2

    results = run_all(task, list(range(12)), jobs=2)
    assert [r for i, r in enumerate(results) if i != 3] == [i * 2 for i in range(12) if i != 3]
    assert getattr(results[3], "limit", None) == "crash"


@pytest.mark.parametrize("size", [5, 3000])
def test_iterating_slots_gives_what_indexing_gives(size: int) -> None:
    slots: Slots[tuple[int, str]] = Slots(size)
    for index in range(size):
        slots[index] = (index, f"file-{index}")
    assert list(slots) == [slots[i] for i in range(size)] == [(i, f"file-{i}") for i in range(size)]
    assert slots[-1] == (size - 1, f"file-{size - 1}") and slots[1:3] == [(1, "file-1"), (2, "file-2")]


def test_files_of_one_folder_keep_their_own_per_file_ignores(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    for folder in ("archive", "current"):
        (tmp_path / folder).mkdir()
        for name in ("old-a.txt", "new-a.txt", "old-b.txt", "new-b.txt"):
            shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / folder / name)
    (tmp_path / ".gklint.yaml").write_text("per-file-ignores:\n  'archive/old-*': [GK3]\n", encoding="utf-8")
    (tmp_path / "current" / ".gklint.yaml").write_text("ignore: [GK2]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    main(["check", "--no-cache", "--jobs", "1", "--format", "json", "."])
    codes: dict[str, set[str]] = {}
    for finding in json.loads(capsys.readouterr().out)["findings"]:
        codes.setdefault(finding["path"], set()).add(finding["code"])

    assert set(codes) == {
        f"{f}/{n}" for f in ("archive", "current") for n in ("old-a.txt", "new-a.txt", "old-b.txt", "new-b.txt")
    }
    for name in ("old-a.txt", "old-b.txt"):
        assert "GK302" not in codes[f"archive/{name}"] and "GK201" in codes[f"archive/{name}"]
    for name in ("new-a.txt", "new-b.txt"):
        assert {"GK302", "GK201"} <= codes[f"archive/{name}"]
    for name in ("old-a.txt", "new-a.txt"):
        assert "GK302" in codes[f"current/{name}"] and not any(c.startswith("GK2") for c in codes[f"current/{name}"])


def test_years_compared_in_workers_from_a_history_on_disk_find_what_one_worker_finds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparisons' tasks read both years' bytes from the history's spill file: they must
    reach the workers as bytes, never be read by a worker from the file it shares with the parent."""
    from benchmarks import generate

    for index in range(40):  # twenty agencies, two years each, faults planted across the years
        name = tmp_path / f"report-{index:06d}.md"
        name.write_bytes(generate.RENDERERS["md"](generate.report_content(1, index), index))
    monkeypatch.setattr(gklint.history, "IN_MEMORY", 1)  # every report's bytes go to the spill file
    monkeypatch.chdir(tmp_path)
    found = {}
    for jobs in ("1", "2"):
        main(["check", "--no-cache", "--jobs", jobs, "--format", "json", "."])
        found[jobs] = json.loads(capsys.readouterr().out)["findings"]
    assert found["2"] == found["1"]
    assert sum(f["code"] == "GK601" for f in found["1"]) >= 2
