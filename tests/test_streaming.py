"""Sweep-sized output: files printed as they are done, in order; skipped non-reports counted."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gklint.cli import main
from gklint.formatters.text import SKIPPED_NAMED
from gklint.testing import base_report
from tests.conftest import EXAMPLES
from tests.fuzz.pdfmake import page_pdf

CARRIED_OUT = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"
STREAMING = ["text", "concise", "json-lines", "github"]


def _two_years(folder: Path, directive: str = "") -> Path:
    """Two agencies over two years (one carry-over broken across the years), and a README."""
    folder.mkdir()
    base = base_report()
    for agency in ("甲市教育局", "乙市财政局"):
        for year in (2022, 2023):
            text = base.replace("示例市示例局", agency).replace("2023", str(year))
            if year == 2022 and agency == "甲市教育局":
                text = text.replace(CARRIED_OUT, CARRIED_OUT.replace("| 1 | 2 | 3 |", "| 0 | 1 | 1 |"))
            if year == 2023:
                text = directive + text
            (folder / f"{agency}-{year}.md").write_text(text, encoding="utf-8")
    (folder / "README.md").write_text("# 说明\n\n这不是年度报告。\n", encoding="utf-8")
    return folder


def _out(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["check", "--no-cache", *args])
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", STREAMING)
def test_streamed_output_is_the_output_written_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    folder = _two_years(tmp_path / "reports")
    written = tmp_path / f"out.{fmt}"
    streamed = _out(capsys, "--format", fmt, str(folder))
    _out(capsys, "--format", fmt, "-o", str(written), str(folder))
    assert "GK601" in streamed and "GK401" in streamed
    assert streamed == written.read_text(encoding="utf-8")


def test_cross_year_findings_come_after_every_file_in_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _out(capsys, "--lang", "en", str(_two_years(tmp_path / "reports")))
    heading = out.index("cross-year checks (findings known once every file was read):")
    lines = out.splitlines()
    first_cross_year = next(i for i, line in enumerate(lines) if " GK60" in line)
    last_other = max(i for i, line in enumerate(lines) if ": GK" in line and " GK60" not in line)
    assert last_other < first_cross_year and out[:heading].count(" GK60") == 0


def test_json_lines_hold_the_same_findings_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _two_years(tmp_path / "reports")
    lines = [json.loads(line) for line in _out(capsys, "--format", "json-lines", str(folder)).splitlines()]
    whole = json.loads(_out(capsys, "--format", "json", str(folder)))["findings"]
    key = "path", "code", "message"
    assert sorted(tuple(f[k] for k in key) for f in lines) == sorted(tuple(f[k] for k in key) for f in whole)


def test_a_suppression_of_a_cross_year_rule_is_judged_once_every_file_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    directives = "<!-- gklint: disable-file=GK601 -->\n<!-- gklint: disable-file=GK604 -->\n"
    folder = _two_years(tmp_path / "reports", directives)
    out = _out(capsys, "--format", "json", str(folder))
    unused: dict[str, list[int]] = {}
    for finding in json.loads(out)["findings"]:
        assert not (finding["code"] == "GK601" and "2023" in finding["path"])  # suppressed
        if finding["code"] == "GK090":
            unused.setdefault(Path(finding["path"]).name, []).append(finding["line"])
    assert unused == {"乙市财政局-2023.md": [2], "甲市教育局-2023.md": [2]}  # GK604 never fired: said at the end
    streamed = _out(capsys, "--format", "concise", str(folder))
    last_file = streamed.index("乙市财政局-2022.md")
    assert streamed.index("甲市教育局-2023.md:2:1: GK090") > last_file


def test_the_first_file_is_printed_while_later_ones_are_still_read(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", folder / "a.txt")
    (folder / "z-slow.pdf").write_bytes(page_pdf([b"q Q\n" * 45_000] * 20, compress=True))  # many seconds
    command = [sys.executable, "-m", "gklint", "check", "--no-cache", "--jobs", "1", "--format", "concise", str(folder)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, encoding="utf-8", env=env) as process:
        assert process.stdout is not None
        started = time.monotonic()
        first = process.stdout.readline()
        still_running = process.poll() is None
        process.kill()
    assert "a.txt" in first and still_running, (first, time.monotonic() - started)


def _folder_with_notes(folder: Path, notes: int) -> Path:
    folder.mkdir()
    (folder / "甲市教育局-2023.md").write_text(base_report().replace("示例市示例局", "甲市教育局"), encoding="utf-8")
    for number in range(notes):
        (folder / f"note-{number:03d}.md").write_text(f"# 说明 {number}\n\n工作笔记。\n", encoding="utf-8")
    return folder


def test_many_skipped_files_are_a_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder_with_notes(tmp_path / "reports", SKIPPED_NAMED + 5)
    main(["check", "--no-cache", str(folder)])
    captured = capsys.readouterr()
    assert f"跳过 {SKIPPED_NAMED + 5} 个不是年度报告的文件（用 --show-skipped 列出）" in captured.out
    assert "note-000.md" not in captured.out + captured.err


def test_show_skipped_lists_each_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder_with_notes(tmp_path / "reports", SKIPPED_NAMED + 5)
    main(["check", "--no-cache", "--show-skipped", "--lang", "en", str(folder)])
    captured = capsys.readouterr()
    listed = [line for line in captured.err.splitlines() if "skipped:" in line]
    assert len(listed) == SKIPPED_NAMED + 5
    assert listed[0].endswith("note-000.md")
    assert f"skipped {SKIPPED_NAMED + 5} files that are not annual reports (--show-skipped" in captured.out


def test_a_few_skipped_files_are_still_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder_with_notes(tmp_path / "reports", 2)
    main(["check", "--no-cache", str(folder)])
    out = capsys.readouterr().out
    assert "跳过 2 个不是年度报告的文件：" in out and "note-001.md" in out


def test_a_sweep_kept_on_disk_gives_the_same_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _two_years(tmp_path / "reports")
    in_memory = {fmt: _out(capsys, "--format", fmt, str(folder)) for fmt in ("text", "json", "sarif")}
    monkeypatch.setattr("gklint.spill.SPILL_AFTER", 1)  # every run a sweep: outcomes and results on disk
    for fmt, expected in in_memory.items():
        assert _out(capsys, "--format", fmt, str(folder)) == expected, fmt


def test_slots_hold_items_set_in_any_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from gklint.spill import Slots

    monkeypatch.setattr("gklint.spill.SPILL_AFTER", 2)
    slots: Slots[tuple[int, str]] = Slots(4)
    for index in (2, 0, 3, 1):
        slots[index] = (index, "第" * index)
    assert slots.on_disk and list(slots) == [(i, "第" * i) for i in range(4)] and slots[1:3] == [(1, "第"), (2, "第第")]
    with pytest.raises(LookupError):
        Slots[int](3)[1]


def test_slots_not_set_answer_a_default() -> None:
    from gklint.spill import Slots

    slots: Slots[list[int]] = Slots(3)
    slots[1] = [7]
    assert [slots.get(i, []) for i in range(3)] == [[], [7], []]


def test_results_kept_on_disk_as_plain_tuples_come_back_equal(tmp_path: Path) -> None:
    from gklint.config import Layer, Resolver
    from gklint.model import FileResult
    from gklint.outcome import plain_result, result_fields, result_from
    from gklint.runner import Linter
    from gklint.spill import Slots
    from tests.test_roundtrip import PLUGINS, RULESETS

    folder = _two_years(tmp_path / "reports")
    (folder / "notes.md").write_text("# 笔记\n\n不是年报。\n", encoding="utf-8")
    run = Linter(PLUGINS, Resolver(RULESETS, Layer("test"))).run([str(folder)])
    assert any(result.findings for result in run.files) and any(result.sheet for result in run.files)
    assert any(result.skipped for result in run.files)  # a plain result, held in memory in a sweep
    for small in (None, plain_result):
        slots: Slots[FileResult] = Slots(len(run.files) + 3000, result_fields, result_from, small)  # on disk
        for index, result in reversed(list(enumerate(run.files))):
            slots[index] = result
        assert slots.on_disk and list(slots[: len(run.files)]) == list(run.files)


def test_items_paired_with_shared_values_hold_one_object_per_distinct_value() -> None:
    from gklint.scheduling import Paired

    first, equal, other = {"a": 1}, {"a": 1}, {"b": 2}  # ``equal`` is another object, the same value
    values = {0: first, 1: equal, 2: other, 3: first}
    paired = Paired([0, 1, 2, 3], values.__getitem__)
    assert [value for _, value in paired] == [first, first, other, first]
    assert paired[1][1] is first and len(paired.values) == 2 and paired[2:] == [(2, other), (3, first)]


def test_a_result_kept_as_a_tuple_names_every_field_of_a_file_result() -> None:
    import dataclasses

    from gklint.model import FileResult, Finding, Location, Severity, SourceTraits
    from gklint.outcome import result_fields, result_from

    finding = Finding("GK101", "row-total", Severity.ERROR, "合计不符", "total differs", "a.md", Location("a.md", 3))
    values = {
        "path": "a.md",
        "findings": (finding,),
        "format": "markdown",
        "skipped": "",
        "late": (finding,),
        "source": SourceTraits(),
    }
    result = FileResult(**values)  # type: ignore[arg-type]  # every field but the sheet set
    back = result_from(result_fields(result))
    assert back == result and vars(back) == vars(result)
    assert {f.name for f in dataclasses.fields(FileResult)} == set(vars(back))


@pytest.mark.parametrize("anonymous", [True, False], ids=["O_TMPFILE", "tempfile"])
def test_a_spill_file_holds_what_is_written_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, anonymous: bool
) -> None:
    from gklint.spill import Appended, spill_file

    if not anonymous:  # another system, or a folder that cannot hold a file without a name
        monkeypatch.setattr("gklint.spill._temporary_folders", lambda: [])
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    spill = Appended(spill_file("gklint-test-"))
    starts = [spill.append(bytes([n]) * (1000 + n)) for n in range(200)]
    assert [spill.read(start, 1000 + n) for n, start in enumerate(starts)] == [
        bytes([n]) * (1000 + n) for n in range(200)
    ]
    assert spill.append(b"after a read") == starts[-1] + 1199
    spill.close()
    assert list(tmp_path.iterdir()) == []
