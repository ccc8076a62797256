"""The digests of files' bytes a warm run takes from the cache instead of reading each file again:
served only for a file the file system shows unchanged, never for one just written."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import gklint.digests as digests_module
from gklint.cache import TAG_NAME, Cache
from gklint.cli import main
from gklint.digests import Digests
from gklint.kept import load_kept, store_kept
from gklint.source import Refused
from gklint.testing import base_report

REPORT = "示例市示例局-2023.md"
KEPT = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"
BROKEN = KEPT[:-3] + "5 |"  # same length: the file's size does not change


@pytest.fixture
def settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled as soon as they are written (their change times
    are what tells a later write; the two-second wait is for writes within one clock tick)."""
    monkeypatch.setattr(digests_module, "SETTLED_NS", 0)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(folder: Path) -> list[dict[str, bytes]]:
    found = [load_kept(str(p), digests_module._STAMP) for p in sorted((folder / "digests").iterdir())]
    return [table for table in found if isinstance(table, dict)]


def _forge(folder: Path, fake: str) -> None:
    """Put ``fake`` in every remembered entry of the tables under ``folder``, stat numbers kept."""
    for path in (folder / "digests").iterdir():
        table = load_kept(str(path), digests_module._STAMP)
        forged = {name: entry[: -len(bytes.fromhex(fake))] + bytes.fromhex(fake) for name, entry in table.items()}
        assert store_kept(str(path), digests_module._STAMP, forged)


def test_a_digest_is_the_sha256_of_the_bytes_and_a_fresh_file_is_not_remembered(tmp_path: Path) -> None:
    report = tmp_path / "a.md"
    report.write_text(base_report(), encoding="utf-8")
    known = Digests(str(tmp_path / "cache"))
    assert known.of(str(report), None) == _sha(report)
    known.store()
    assert not (tmp_path / "cache" / "digests").exists()  # written this second: it may change within its tick


def test_an_unchanged_file_is_not_read_again_and_a_changed_one_is(tmp_path: Path, settled_at_once: None) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    first, second = reports / "a.md", reports / "b.md"
    for path in (first, second):
        path.write_text(base_report(), encoding="utf-8")
    cache = tmp_path / "cache"
    known = Digests(str(cache))
    real = [known.of(str(path), None) for path in (first, second)]
    known.store()
    fake = "ab" * 32
    _forge(cache, fake)  # a remembered digest is served as it is: the file is not read
    assert [Digests(str(cache)).of(str(path), None) for path in (first, second)] == [fake, fake]
    second.write_text(base_report().replace(KEPT, BROKEN), encoding="utf-8")  # same size, new bytes
    assert second.stat().st_size == first.stat().st_size
    again = Digests(str(cache))
    assert again.of(str(first), None) == fake
    assert again.of(str(second), None) == _sha(second) != real[1]
    os.utime(second, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns))  # old times do not hide it
    assert Digests(str(cache)).of(str(second), None) == _sha(second)


def test_nothing_is_remembered_without_change_times(
    tmp_path: Path, settled_at_once: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(digests_module, "CHANGE_TIMES", False)  # as on Windows: st_ctime is creation
    report = tmp_path / "a.md"
    report.write_text(base_report(), encoding="utf-8")
    known = Digests(str(tmp_path / "cache"))
    assert known.of(str(report), None) == _sha(report)
    known.store()
    assert not (tmp_path / "cache" / "digests").exists()


def test_a_file_over_the_size_limit_is_refused_though_remembered(tmp_path: Path, settled_at_once: None) -> None:
    report = tmp_path / "a.md"
    report.write_text(base_report(), encoding="utf-8")
    known = Digests(str(tmp_path / "cache"))
    known.of(str(report), None)
    known.store()
    with pytest.raises(Refused):
        Digests(str(tmp_path / "cache")).of(str(report), 100)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_what_is_not_a_regular_file_is_refused_and_never_remembered(tmp_path: Path, settled_at_once: None) -> None:
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    known = Digests(str(tmp_path / "cache"))
    with pytest.raises(Refused):
        known.of(str(pipe), None)
    with pytest.raises(Refused):
        known.of(str(tmp_path / "missing.md"), None)
    known.store()
    assert not (tmp_path / "cache" / "digests").exists()


def test_damaged_tables_are_ignored_and_rewritten(tmp_path: Path, settled_at_once: None) -> None:
    report = tmp_path / "a.md"
    report.write_text(base_report(), encoding="utf-8")
    cache = tmp_path / "cache"
    known = Digests(str(cache))
    known.of(str(report), None)
    known.store()
    (table,) = (cache / "digests").iterdir()
    for damage in (b"", table.read_bytes()[:7], b"\x00garbage"):
        table.write_bytes(damage)
        again = Digests(str(cache))
        assert again.of(str(report), None) == _sha(report)
        again.store()
        assert _tables(cache) and report.name in _tables(cache)[0]


def test_a_sweep_holds_a_few_folders_and_writes_each_it_lets_go(tmp_path: Path, settled_at_once: None) -> None:
    folders = [tmp_path / f"folder-{number:02d}" for number in range(digests_module.FOLDERS_HELD * 2 + 1)]
    for number, folder in enumerate(folders):
        folder.mkdir()
        (folder / "a.md").write_text(f"第 {number} 份", encoding="utf-8")
    cache = tmp_path / "cache"
    known = Digests(str(cache))
    for folder in folders:
        known.of(str(folder / "a.md"), None)
    assert len(known._tables) == digests_module.FOLDERS_HELD
    assert len(_tables(cache)) == len(folders) - digests_module.FOLDERS_HELD  # written as they left
    known.store()
    assert len(_tables(cache)) == len(folders)


def test_the_cache_tags_its_folder_before_it_keeps_digests(tmp_path: Path, settled_at_once: None) -> None:
    report = tmp_path / "a.md"
    report.write_text(base_report(), encoding="utf-8")
    folder = tmp_path / "cache"
    known = Cache(folder, "salt").digests()
    known.of(str(report), None)
    known.store()
    assert (folder / TAG_NAME).is_file() and (folder / "digests").is_dir()
    assert main(["clean", "--cache-dir", str(folder)]) == 0
    assert not folder.exists()


def test_a_warm_run_sees_a_report_edited_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], settled_at_once: None
) -> None:
    reports, cache = tmp_path / "reports", tmp_path / "cache"
    reports.mkdir()
    report = reports / REPORT
    report.write_text(base_report(), encoding="utf-8")
    arguments = ["check", "--format", "json", "--cache-dir", str(cache), str(reports)]
    main(arguments)
    clean = capsys.readouterr().out
    assert _tables(cache)  # remembered by the cold run
    assert "GK401" not in clean
    report.write_text(base_report().replace(KEPT, BROKEN), encoding="utf-8")
    main(arguments)
    edited = capsys.readouterr().out
    assert "GK401" in edited
    main(["check", "--format", "json", "--no-cache", str(reports)])
    assert edited == capsys.readouterr().out
