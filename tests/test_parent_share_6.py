"""What the parent of a sweep does per file, made cheaper without changing a result: workers'
answers read in small pieces, cache entries and answers without classes to look up, discovery
without a second sort, and a text output that reads the run's files once at its end."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from gklint.cache import Cache
from gklint.cli import main
from gklint.config import Settings
from gklint.discovery import _suffix, discover
from gklint.formatter import OutputStyle
from gklint.formatters.text import TextFormatter
from gklint.model import FileResult, Finding, Location, ReportSheet, RunResult, Severity, SourceTraits
from gklint.outcome import Outcome
from gklint.scheduling import InOrder
from gklint.sequences import ItemSequence
from gklint.workers import can_isolate, run_all
from tests.conftest import EXAMPLES

NAMES = ["a.md", ".md", "..md", "...", "a.", ".a.MD", "..a", "a..", "noext", ".bashrc", "x.tar.gz", ". .md", "名.TXT"]


@pytest.mark.parametrize("name", NAMES)
def test_a_files_suffix_is_what_splitext_gives(name: str) -> None:
    assert _suffix(name) == os.path.splitext(name)[1].lower()


@pytest.mark.skipif(not can_isolate(), reason="workers need fork")
def test_answers_larger_than_a_pipe_arrive_whole_among_small_ones() -> None:
    sizes = [10, 300_000, 3, 70_000, 65_536, 1, 2_500_000, 64]
    results = run_all(lambda size: b"x" * size, sizes, jobs=2)
    assert [len(r) for r in results] == sizes  # type: ignore[arg-type]


def test_results_in_order_whatever_order_they_arrive() -> None:
    emitted: list[int] = []
    in_order = InOrder(emitted.append)
    for index in (0, 2, 1, 5, 3, 4, 6):
        in_order.add(index, index * 10)
    assert emitted == [0, 10, 20, 30, 40, 50, 60]


class _Squares(ItemSequence[int]):
    def __len__(self) -> int:
        return 5

    def item(self, index: int) -> int:
        return index * index


def test_an_item_sequence_indexes_as_a_list_does() -> None:
    squares, plain = _Squares(), [0, 1, 4, 9, 16]
    for index in (0, 4, -1, -5, True):
        assert squares[index] == plain[index]
    for wrong in (5, -6):
        with pytest.raises(IndexError):
            squares[wrong]
    assert squares[1:4] == plain[1:4] and squares[::-2] == plain[::-2]


def _outcome() -> Outcome:
    sheet = ReportSheet("某局2023年报告", "某局", 2023, "national-2021", "格式（2021）", "2023年", None)
    finding = Finding("GK201", "x", Severity.ERROR, "消息", "message", "a.md", Location(line=3, column=2))
    traits = SourceTraits(line_based=True, mime_type="text/markdown")
    return Outcome("a.md", Settings(), "markdown", [finding], (), sheet=sheet, source=traits)


def test_an_entry_names_no_class_for_the_sheet_and_the_source_and_comes_back_equal() -> None:
    outcome = _outcome()
    data = pickle.dumps(outcome.stored(), protocol=pickle.HIGHEST_PROTOCOL)
    assert b"ReportSheet" not in data and b"SourceTraits" not in data
    first = Outcome.restored(pickle.loads(data), outcome.settings, "key")
    second = Outcome.restored(pickle.loads(data), outcome.settings, "key")
    assert first.sheet == outcome.sheet and first.source == outcome.source and first.findings == outcome.findings
    assert first.source is second.source  # one object for a reader's traits
    assert (first.path, first.format, first.key, first.sheet.title if first.sheet else None) == (
        "a.md",
        "markdown",
        "key",
        "某局2023年报告",
    )


def test_a_cache_key_frames_salt_settings_and_name_then_the_file_digest(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "salt-é")
    for data, shown, context in ((b"abc", "a/b.md", "{x}"), (b"", "", ""), (b"\0" * 99, "名\udcff", "c")):
        digest = hashlib.sha256()
        for part in (cache.salt, context, shown):
            encoded = part.encode("utf-8", "surrogateescape")
            digest.update(len(encoded).to_bytes(8, "big") + encoded)
        content = hashlib.sha256(data).hexdigest()  # the file's own digest, as gklint.digests gives it
        digest.update(content.encode("ascii"))
        assert cache.key(content, shown, context) == digest.hexdigest()
    assert pickle.loads(pickle.dumps(cache)) == cache  # a cluster's workers get it too


def test_a_cache_entry_cut_short_or_empty_is_not_served(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "salt")
    key = cache.key(hashlib.sha256(b"report").hexdigest(), "a.md", "")
    cache.put(key, ("value", 1))
    assert cache.get(key) == ("value", 1)
    entry = Path(cache._path(key))
    whole = entry.read_bytes()
    for damaged in (b"", whole[: len(whole) // 2]):
        entry.write_bytes(damaged)
        assert cache.get(key) is None


def test_a_file_reached_twice_is_linted_once_under_the_name_given(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.md").write_text("# a\n", encoding="utf-8")
    os.link(folder / "a.md", folder / "b.md")
    (folder / "c.md").write_text("# c\n", encoding="utf-8")
    found = discover([str(folder)], {".md"})
    assert [Path(t.name).name for t in found] == ["a.md", "c.md"]
    named = discover([str(folder), str(folder / "b.md")], {".md"})
    assert [(Path(t.name).name, t.explicit) for t in named] == [("b.md", True), ("c.md", False)]


class _CountedPasses(Sequence[FileResult]):
    """The files of a run, counting how often they are read from the start (a sweep's are on disk)."""

    def __init__(self, files: list[FileResult]) -> None:
        self.files = files
        self.passes = 0

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, index: int) -> FileResult:  # type: ignore[override]
        return self.files[index]

    def __iter__(self) -> Iterator[FileResult]:
        self.passes += 1
        return iter(self.files)


def test_the_text_output_reads_the_files_once_at_its_end_and_prints_what_it_did() -> None:
    late = Finding("GK601", "carry-over", Severity.ERROR, "跨年", "across years", "b.md", Location(line=1))
    early = Finding("GK201", "total", Severity.WARNING, "合计", "total", "a.md", Location(line=2))
    files = [
        FileResult("a.md", (early,), "markdown"),
        FileResult("b.md", (late,), "markdown", late=(late,)),
        FileResult("note.md", (), "markdown", skipped="not a report"),
    ]
    counted = _CountedPasses(files)
    stream = TextFormatter().stream(RunResult((), {}, ""), OutputStyle())
    printed = "".join(stream.file(replace_late(f)) for f in files) + stream.end(RunResult(counted, {}, ""))
    assert counted.passes == 1
    whole = TextFormatter().render_styled(RunResult(tuple(files), {}, ""), OutputStyle())
    assert printed == whole
    assert (
        printed.index("GK201") < printed.index("跨年度检查") < printed.index("GK601") < printed.index("检查 2 个文件")
    )


def replace_late(result: FileResult) -> FileResult:
    """The file as a stream prints it at once: without its late findings."""
    from dataclasses import replace

    return replace(result, findings=result.early, late=())


def test_a_sweep_of_notes_prints_what_an_uncached_serial_one_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(60):
        suffix = (".txt", ".md", ".html")[index % 3]
        (tmp_path / f"note-{index:03d}{suffix}").write_text(f"会议纪要第{index}号\n", encoding="utf-8")
    (tmp_path / "mistakes-2023.txt").write_bytes((EXAMPLES / "mistakes-2023.txt").read_bytes())
    monkeypatch.chdir(tmp_path)
    outputs = []
    for flags in (["--jobs", "1", "--timeout", "0", "--memory-limit", "0"], ["--jobs", "2"]):
        code = main(["check", "--no-cache", "--show-skipped", *flags, "."])
        outputs.append((code, *capsys.readouterr()))
    assert outputs[0] == outputs[1]
    assert outputs[0][1].count("mistakes-2023.txt:") >= 2 and "跳过 60 个" in outputs[0][1]
