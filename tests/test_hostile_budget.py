"""The per-file budget: a file over its time, memory or size limit gets one GK002 naming the limit,
and the run goes on, serially as in parallel, with the same output for any number of jobs."""

from __future__ import annotations

import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from gklint.budget import deadline, failed, parse_duration, parse_size, time_left
from gklint.cli import main
from gklint.workers import Exceeded, can_isolate, run_all
from tests.conftest import EXAMPLES, run_json
from tests.fuzz.pdfmake import page_pdf

pytestmark = pytest.mark.skipif(not can_isolate(), reason="worker processes need os.fork")


# --------------------------------------------------------------------------- the workers


def _slow_or_fast(task: float) -> float:
    time.sleep(task)
    return task


def _greedy(size: int) -> int:
    return len(bytearray(size))


def _crash(code: int) -> int:
    if code:
        faulthandler.disable()  # pytest's, inherited by the worker: no traceback on stderr
        os.kill(os.getpid(), signal.SIGSEGV)
    return code


def test_a_task_over_its_time_is_stopped_and_the_others_finish_in_order() -> None:
    started = time.monotonic()
    results = run_all(_slow_or_fast, [0.0, 30.0, 0.1, 30.0, 0.0], jobs=2, timeout=1.0)
    assert time.monotonic() - started < 15
    assert results[0] == 0.0 and results[2] == 0.1 and results[4] == 0.0
    assert results[1] == Exceeded("time", "1") and results[3] == Exceeded("time", "1")


def test_a_task_over_its_memory_is_stopped_and_its_worker_replaced() -> None:
    results = run_all(_greedy, [10, 2 << 30, 10], jobs=1, memory=256 << 20)
    assert results == [10, Exceeded("memory", ""), 10]


def test_a_worker_that_dies_is_reported_and_replaced() -> None:
    assert run_all(_crash, [0, 1, 0], jobs=1) == [0, Exceeded("crash", "SIGSEGV"), 0]


def _cyclic(size: int) -> int:
    """Leave ``size`` bytes behind in a reference cycle, as a reader's tangled objects might."""
    node: list[object] = [bytearray(size)]
    node.append(node)
    return size


def test_a_worker_collects_the_cycles_its_tasks_leave_while_the_collector_is_paused() -> None:
    import gc

    from gklint.workers import COLLECT_EVERY

    tasks = [1 << 20] * (3 * COLLECT_EVERY)  # 768 MiB of cycles in all, over a budget of 512 MiB
    was_enabled = gc.isenabled()
    gc.disable()  # as a run does while results arrive; its workers inherit that
    try:
        results = run_all(_cyclic, tasks, jobs=1, memory=512 << 20)
    finally:
        if was_enabled:
            gc.enable()
    assert results == tasks


def _logged(task: tuple[str, int]) -> int:
    """Note the task in a log of its own, then crash on a negative one."""
    folder, number = task
    with open(os.path.join(folder, f"{abs(number)}.ran"), "a", encoding="ascii") as log:
        log.write("x")
    return _crash(1) if number < 0 else number


def test_tasks_waiting_behind_a_crash_run_once_each_in_another_worker(tmp_path: Path) -> None:
    numbers = [1, 2, -3, 4, 5, 6, -7, 8, 9, 10, 11, 12]  # workers hold more than one task at a time
    results = run_all(_logged, [(str(tmp_path), n) for n in numbers], jobs=2)
    assert results == [n if n > 0 else Exceeded("crash", "SIGSEGV") for n in numbers]
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == {f"{abs(n)}.ran": "x" for n in numbers}


def _quick_or_failing(task: tuple[str, int, str]) -> int:
    """Note the task in a log of its own; then crash, hang or run out of memory, as ``kind`` says."""
    folder, number, kind = task
    with open(os.path.join(folder, f"{number}.ran"), "a", encoding="ascii") as log:
        log.write("x")
    if kind == "crash":
        return _crash(1)
    if kind == "hang":
        return int(_slow_or_fast(30.0))
    if kind == "greedy":
        return _greedy(2 << 30)
    return number


def test_tasks_sent_several_at_a_time_still_fail_one_by_one(tmp_path: Path) -> None:
    """A folder of small files has each worker hold many tasks, sent in one message; the one that
    crashes, hangs or runs out of memory is still the only one charged, and every task behind it
    runs once, in a new worker."""
    failing = {150: "crash", 400: "hang", 650: "greedy", 651: "crash", 900: "crash"}
    tasks = [(str(tmp_path), n, failing.get(n, "quick")) for n in range(1000)]
    results = run_all(_quick_or_failing, tasks, jobs=2, timeout=2.0, memory=512 << 20)
    expected: dict[str, Exceeded] = {
        "crash": Exceeded("crash", "SIGSEGV"),
        "hang": Exceeded("time", "2"),
        "greedy": Exceeded("memory", ""),
    }
    assert results == [expected[failing[n]] if n in failing else n for n in range(1000)]
    assert sorted(p.read_text() for p in tmp_path.iterdir()) == ["x"] * 1000


def test_serial_and_parallel_runs_give_the_same_results() -> None:
    tasks = [0.0, 0.05, 5.0, 0.0, 0.02]
    assert run_all(_slow_or_fast, tasks, jobs=1, timeout=0.5) == run_all(_slow_or_fast, tasks, jobs=3, timeout=0.5)


def test_time_left_counts_down_within_a_deadline() -> None:
    assert time_left() is None
    with deadline(10):
        left = time_left()
        assert left is not None and 9 < left <= 10
    assert time_left() is None


@pytest.mark.parametrize(
    ("text", "size"), [("1GiB", 1 << 30), ("200MB", 200 << 20), ("512k", 512 << 10), ("4096", 4096), ("0", None)]
)
def test_sizes_parse(text: str, size: int | None) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["nan", "inf", "-1", "1e9", "lots", ""])
def test_bad_sizes_and_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)
    with pytest.raises(ValueError):
        parse_duration(text)


# --------------------------------------------------------------------------- through the command line


def slow_pdf() -> bytes:
    """Ten pages, each within every cap of the PDF reader, together far slower than a second."""
    return page_pdf([b"q Q\n" * 45_000] * 20, compress=True)


def greedy_docx() -> bytes:
    """A small .docx whose two million empty paragraphs take hundreds of MB to parse."""
    xml = '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    xml += "<w:body>" + "<w:p/>" * 2_000_000 + "</w:body></w:document>"
    path_rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    from io import BytesIO

    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_rels/.rels", path_rels)
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def _by_file(data: dict) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    found: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for finding in data["findings"]:
        found.setdefault(Path(finding["path"]).name, []).append(finding)
    return found


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder of two good reports around a file too slow for a one-second budget."""
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "a-good.md")
    (tmp_path / "b-slow.pdf").write_bytes(slow_pdf())
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / "c-good.txt")
    return tmp_path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_time_limit_gets_one_finding_and_the_run_goes_on(
    mixed: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    started = time.monotonic()
    _, data = run_json(capsys, str(mixed), "--timeout", "1", "--jobs", jobs)
    assert time.monotonic() - started < 30
    found = _by_file(data)
    (slow,) = found["b-slow.pdf"]
    assert slow["code"] == "GK002" and slow["message_id"] == "time-limit"
    assert "1 秒" in slow["message"] and "--timeout" in slow["message_en"] and "1 s" in slow["message_en"]
    assert "a-good.md" not in found and {f["code"] for f in found["c-good.txt"]} >= {"GK201", "GK302"}


def test_output_is_the_same_for_any_number_of_jobs(mixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for jobs in ("1", "3"):
        main(["check", str(mixed), "--timeout", "1", "--jobs", jobs, "--format", "concise"])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and "b-slow.pdf" in outputs[0]


def test_a_file_over_the_memory_limit_gets_one_finding(tmp_path: Path) -> None:
    """Run as a user runs it, in a process of its own: a worker forked from a test process that freed
    hundreds of MB before could parse the file in that freed memory, within its limit."""
    (tmp_path / "greedy.docx").write_bytes(greedy_docx())
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "good.md")
    command = [sys.executable, "-m", "gklint", "check", str(tmp_path), "--memory-limit", "100MB", "--jobs", "1"]
    result = subprocess.run([*command, "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    data = json.loads(result.stdout)
    (finding,) = _by_file(data)["greedy.docx"]
    assert finding["code"] == "GK002" and finding["message_id"] == "memory-limit", finding["message"]
    assert "100 MB" in finding["message"] and "--memory-limit" in finding["message_en"]
    assert "good.md" not in _by_file(data)


def test_a_memory_limit_too_small_for_any_file_is_named_not_called_a_plugin_crash(tmp_path: Path) -> None:
    """Under a tiny --memory-limit a worker dies before Python can say why: the finding names the
    limit (GK002), it is no internal error of a plugin (GK099, exit 2)."""
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "good.md")
    command = [sys.executable, "-m", "gklint", "check", str(tmp_path), "--memory-limit", "1k", "--no-cache"]
    result = subprocess.run([*command, "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    (finding,) = json.loads(result.stdout)["findings"]
    assert result.returncode == 1 and finding["code"] == "GK002", finding
    assert "1024 B" in finding["message"] and "--memory-limit" in finding["message_en"]


@pytest.mark.parametrize(
    ("error", "limit"),
    [
        (ImportError("libxml2.so.2: failed to map segment from shared object"), "memory"),
        (OSError(12, "Cannot allocate memory"), "memory"),
        (ImportError("No module named 'lxml'"), "crash"),
    ],
)
def test_a_library_refused_for_want_of_memory_is_over_the_memory_limit(error: Exception, limit: str) -> None:
    assert failed(error)[0] == limit


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "report.md")
    _, data = run_json(capsys, str(tmp_path / "report.md"), "--max-file-size", "1k")
    (finding,) = data["findings"]
    assert finding["code"] == "GK002" and finding["message_id"] == "too-large"
    assert "1024 B" in finding["message"] and "--max-file-size" in finding["message_en"]


def test_limits_come_from_the_config_file_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # limits are run-wide: the configuration of the working directory
    (tmp_path / ".gklint.yaml").write_text("max-file-size: 1KiB\ntimeout: 20\nmemory-limit: 2GiB\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()  # the repository root bounds the search for a config
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "report.md")
    _, data = run_json(capsys, str(tmp_path / "report.md"))
    assert [f["message_id"] for f in data["findings"]] == ["too-large"]


@pytest.mark.parametrize(("key", "value"), [("timeout", "soon"), ("memory-limit", ".nan"), ("max-file-size", "-5")])
def test_a_bad_limit_in_the_config_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: str
) -> None:
    (tmp_path / ".gklint.yaml").write_text(f"{key}: {value}\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "report.md")
    assert main(["check", str(tmp_path / "report.md")]) == 2
    assert key in capsys.readouterr().err


def test_no_limits_run_in_this_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / "report.txt")
    limited = run_json(capsys, str(tmp_path))[1]
    unlimited = run_json(capsys, str(tmp_path), "--timeout", "0", "--memory-limit", "0", "--max-file-size", "0")[1]
    assert limited["findings"] == unlimited["findings"] and limited["findings"]


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_nan_and_infinity_are_no_rule_option(tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    (tmp_path / ".gklint.yaml").write_text(f"rules:\n  GK502:\n    max_amount: {value}\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "report.md")
    assert main(["check", str(tmp_path / "report.md")]) == 2
    assert "max_amount" in capsys.readouterr().err


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("whole_group", [True, False], ids=["terminal", "main-process"])
def test_ctrl_c_ends_the_run_and_its_workers(tmp_path: Path, jobs: str, whole_group: bool) -> None:
    """A terminal's Ctrl-C reaches every process of the foreground group; ``kill -INT`` only the
    main one. Either way the run stops with 130, no traceback, and leaves no worker behind."""
    for index in range(8):
        (tmp_path / f"slow-{index}.pdf").write_bytes(slow_pdf())
    command = [sys.executable, "-m", "gklint", "check", str(tmp_path), "--jobs", jobs]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(2.5)
    assert process.poll() is None, "the run ended before it could be interrupted"
    (os.killpg if whole_group else os.kill)(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, (stdout.decode()[-2000:], stderr.decode()[-2000:])
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    end = time.monotonic() + 10
    while _group_alive(process.pid) and time.monotonic() < end:
        time.sleep(0.1)
    assert not _group_alive(process.pid), "a worker outlived the run"


ORPHAN_SCRIPT = """
import os, sys, time
from gklint.workers import run_all

def note_and_sleep(folder):
    with open(os.path.join(folder, "worker.pid"), "w") as handle:
        handle.write(str(os.getpid()))
    time.sleep(120)
    return 0

run_all(note_and_sleep, [sys.argv[1]], jobs=1, timeout=300)
"""


def test_a_worker_whose_parent_is_killed_ends_too(tmp_path: Path) -> None:
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN_SCRIPT, encoding="utf-8")
    repository = str(Path(__file__).resolve().parents[1])
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([repository, os.environ.get("PYTHONPATH", "")])}
    parent = subprocess.Popen([sys.executable, str(script), str(tmp_path)], env=environment)
    pid_file = tmp_path / "worker.pid"
    for _ in range(600):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.05)
    worker = int(pid_file.read_text())
    parent.kill()  # SIGKILL: no chance to stop its workers itself
    parent.wait()
    for _ in range(200):  # the worker looks four times a second
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(worker, signal.SIGKILL)
    pytest.fail("the worker outlived its parent by ten seconds")


@pytest.mark.parametrize("xml", [b"<w:document><w:body></w:document>", b"", b"   ", b"\x00\x00"])
def test_a_broken_xml_file_is_not_taken_for_one_out_of_memory(xml: bytes) -> None:
    from lxml import etree

    from gklint.plugin import xml_out_of_memory

    with pytest.raises(etree.XMLSyntaxError) as broken:
        etree.fromstring(xml)
    assert not xml_out_of_memory(broken.value)
