"""The content cache: a warm run gives the same bytes, damage and changes never give stale output."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.cache import TAG_NAME
from gklint.cli import main
from gklint.testing import base_report

CARRIED_OUT = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"


def _corpus(folder: Path) -> Path:
    """Two agencies over two years, one of them with a broken carry-over, and a README beside them."""
    base = base_report()
    folder.mkdir()
    for agency in ("甲市教育局", "乙市财政局"):
        for year in (2022, 2023):
            text = base.replace("示例市示例局", agency).replace("2023", str(year))
            if agency == "乙市财政局" and year == 2022:
                text = text.replace(CARRIED_OUT, CARRIED_OUT[:-4] + "5 |")
            (folder / f"{agency}-{year}.md").write_text(text, encoding="utf-8")
    (folder / "README.md").write_text("# 说明\n\n这不是年度报告。\n", encoding="utf-8")
    return folder


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", "--format", "json", *args])
    return code, capsys.readouterr().out


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "v1").rglob("*") if p.is_file())


def test_warm_run_gives_identical_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, cache = _corpus(tmp_path / "reports"), tmp_path / "cache"
    cold = _run(capsys, "--cache-dir", str(cache), str(corpus))
    assert (cache / TAG_NAME).read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    entries = _entries(cache)
    assert len(entries) == 5  # one a file: a report's holds its cross-year findings too
    stamps = [p.stat().st_mtime_ns for p in entries]
    warm = _run(capsys, "--cache-dir", str(cache), str(corpus))
    assert warm == cold
    assert "GK601" in cold[1]
    assert [p.stat().st_mtime_ns for p in _entries(cache)] == stamps  # served, not rewritten


def test_damaged_entries_are_ignored_and_rewritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, cache = _corpus(tmp_path / "reports"), tmp_path / "cache"
    cold = _run(capsys, "--cache-dir", str(cache), str(corpus))
    entries = _entries(cache)
    for number, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(b"" if number % 2 else data[: len(data) // 2] + b"\x00garbage")
    assert _run(capsys, "--cache-dir", str(cache), str(corpus)) == cold
    for entry in entries:
        assert len(entry.read_bytes()) > 20 and b"garbage" not in entry.read_bytes()
    assert _run(capsys, "--cache-dir", str(cache), str(corpus)) == cold


def test_changed_bytes_or_settings_are_not_served_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus, cache = _corpus(tmp_path / "reports"), tmp_path / "cache"
    before = _run(capsys, "--cache-dir", str(cache), str(corpus))
    ignored = _run(capsys, "--cache-dir", str(cache), "--ignore", "GK601", str(corpus))
    assert "GK601" in before[1] and "GK601" not in ignored[1]
    last_year = corpus / "乙市财政局-2022.md"  # only last year's report changes: this year's GK601 does
    last_year.write_text(last_year.read_text(encoding="utf-8").replace(CARRIED_OUT[:-4] + "5 |", CARRIED_OUT))
    fixed = _run(capsys, "--cache-dir", str(cache), str(corpus))
    assert fixed != before
    assert fixed == _run(capsys, "--no-cache", str(corpus))


def test_no_cache_writes_nothing_and_clean_removes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "reports")
    monkeypatch.chdir(tmp_path)
    _run(capsys, str(corpus))
    assert not (tmp_path / ".gklint_cache").exists()  # not a project: a sweep of downloads writes nothing
    (tmp_path / ".git").mkdir()
    _run(capsys, "--no-cache", str(corpus))
    assert not (tmp_path / ".gklint_cache").exists()
    monkeypatch.chdir(corpus)  # from a subfolder, the project's root holds the cache
    _run(capsys, str(corpus))
    assert (tmp_path / ".gklint_cache" / TAG_NAME).is_file()
    assert main(["clean"]) == 0
    assert not (tmp_path / ".gklint_cache").exists()


def test_clean_leaves_an_untagged_folder_alone(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-cache"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    assert main(["clean", "--cache-dir", str(folder)]) == 0
    assert (folder / "keep.txt").is_file()


def test_cache_dir_setting_in_config(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _corpus(tmp_path / "reports")
    (tmp_path / ".gklint.yaml").write_text("cache-dir: build/lint-cache\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    _run(capsys, str(corpus))
    assert (tmp_path / "build" / "lint-cache" / TAG_NAME).is_file()
    assert not (tmp_path / ".gklint_cache").exists()
