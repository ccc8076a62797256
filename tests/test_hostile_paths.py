"""Paths that cannot crash or lie, and output that cannot be injected.

A folder from a portal sweep may hold a symlink loop, a FIFO, a link to /dev/zero, names that are
not UTF-8 or hold line breaks and escape sequences, and one file under several names. Every output
format renders all of it; the text formats print no control character of a name or a report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gklint.cli import main
from gklint.formatter import printable, printable_path
from gklint.model import FileResult, Finding, Location, RunResult, Severity
from tests.conftest import EXAMPLES, run_json

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, symlinks and byte names are POSIX")
FORMATS = ["text", "concise", "json", "json-lines", "sarif", "github", "gitlab", "junit"]
INJECTED = "x\n::error file=README.md::Injected"
ESCAPES = "e\x1b]0;pwned\x07\x1b[2J\x1b[31m\u202e"


@pytest.fixture
def sweep(tmp_path: Path) -> Path:
    """A folder as a portal sweep leaves it."""
    folder = tmp_path / "sweep"
    folder.mkdir()
    shutil.copyfile(EXAMPLES / "clean-2023.md", folder / "report.md")
    for name in (INJECTED + ".txt", ESCAPES + ".txt"):
        shutil.copyfile(EXAMPLES / "mistakes-2023.txt", folder / name)
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", os.path.join(os.fsencode(folder), b"bad\xff\xfe.txt"))
    (folder / "loop.txt").symlink_to("loop.txt")
    os.mkfifo(folder / "fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.link(folder / "report.md", folder / "hard-link.md")
    (folder / "soft-link.md").symlink_to("report.md")
    return folder


@posix_only
def test_every_format_renders_a_hostile_folder(sweep: Path, tmp_path: Path) -> None:
    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        assert main(["check", str(sweep), str(sweep / "report.md"), "--format", fmt, "-o", str(out)]) == 1
        assert out.read_bytes().decode("utf-8")


@posix_only
def test_unreadable_paths_get_one_clear_finding_each(sweep: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, str(sweep))
    by_name = {Path(f["path"]).name: f for f in data["findings"] if f["code"] == "GK002"}
    assert by_name["fifo.txt"]["message_id"] == "not-a-file" and "FIFO" in by_name["fifo.txt"]["message_en"]
    assert by_name["zero.txt"]["message_id"] == "not-a-file" and "device" in by_name["zero.txt"]["message_en"]
    assert by_name["loop.txt"]["message_id"] == "cannot-open"
    assert by_name["loop.txt"]["message"] == "无法打开文件：符号链接循环指向自身"  # Chinese, not the system's English
    assert len([f for f in data["findings"] if f["code"] == "GK002"]) == 3


@posix_only
def test_names_keep_their_text_and_undecodable_bytes_are_shown_escaped(
    sweep: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, data = run_json(capsys, str(sweep))
    names = {Path(f["path"]).name for f in data["files"]}
    assert {INJECTED + ".txt", ESCAPES + ".txt", "bad\\xff\\xfe.txt"} <= names


@posix_only
def test_one_file_under_several_names_is_linted_once(sweep: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.sarif"
    main(["check", str(sweep), str(sweep / "report.md"), "--format", "sarif", "-o", str(out)])
    run = json.loads(out.read_text(encoding="utf-8"))["runs"][0]
    uris = [artifact["location"]["uri"] for artifact in run["artifacts"]]
    assert len(uris) == len(set(uris))
    assert not any(uri.endswith(("hard-link.md", "soft-link.md")) for uri in uris)


@posix_only
def test_the_name_given_on_the_command_line_wins(sweep: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = run_json(capsys, str(sweep), str(sweep / "soft-link.md"))
    names = [Path(f["path"]).name for f in data["files"]]
    assert "soft-link.md" in names and "report.md" not in names and "hard-link.md" not in names


@posix_only
def test_a_symlink_loop_named_on_the_command_line_is_a_finding(sweep: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, str(sweep / "loop.txt"))
    assert code == 1 and [f["message_id"] for f in data["findings"]] == ["cannot-open"]


@posix_only
@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_text_output_cannot_be_injected(sweep: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    main(["check", str(sweep), "--format", fmt])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
    assert "x\\n::error file=README.md::Injected.txt" in out and "e\\x1b]0;pwned\\x07" in out


@posix_only
@pytest.mark.parametrize("fmt", ["sarif", "junit"])
def test_nothing_is_written_but_the_requested_output(sweep: Path, tmp_path: Path, fmt: str) -> None:
    """A sweep writes its report and nothing else: not in the working folder, the home folder, the
    temporary folder or the folder swept (no cache, no profile, no stray file)."""
    places = {name: tmp_path / name for name in ("cwd", "home", "tmp", "out")}
    for place in places.values():
        place.mkdir()
    before = sorted(os.listdir(os.fsencode(sweep)))
    env = {**os.environ, "HOME": str(places["home"]), "TMPDIR": str(places["tmp"]), "XDG_CACHE_HOME": ""}
    out = places["out"] / f"report.{fmt}"
    command = [sys.executable, "-m", "gklint", "check", str(sweep), "--format", fmt, "-o", str(out), "--jobs", "2"]
    done = subprocess.run(command, cwd=places["cwd"], env=env, capture_output=True, timeout=120)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert [p.name for p in places["out"].iterdir()] == [out.name] and out.stat().st_size > 0
    assert not [p for name in ("cwd", "home", "tmp") for p in places[name].rglob("*")]
    assert sorted(os.listdir(os.fsencode(sweep))) == before


# --------------------------------------------------------------------------- safe_text


def finding(path: str, message: str) -> Finding:
    return Finding("GK105", "label-mismatch", Severity.WARNING, message, message, path, Location(line=3, column=1))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("osc\x1b]52;c;SGk=\x07", "osc\\x1b]52;c;SGk=\\x07"),
        ("line\nbreak\r", "line\\nbreak\\r"),
        ("c1\x9bcsi", "c1\\x9bcsi"),
        ("bidi\u202eevil\u2066", "bidi\\u202eevil\\u2066"),
        ("half\ud800pair", "half\\ud800pair"),
        ("正常的中文，全角（括号）", "正常的中文，全角（括号）"),
    ],
)
def test_control_characters_are_escaped(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_paths_that_would_start_a_workflow_command_are_written_relative() -> None:
    assert printable_path("::error file=a::b.txt") == "./::error file=a::b.txt"
    assert printable_path("##vso[task.setvariable]x.txt") == "./##vso[task.setvariable]x.txt"
    assert printable_path("reports/2023.txt") == "reports/2023.txt"


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_messages_quoting_report_text_are_printed_safely(fmt: str) -> None:
    from gklint.manager import load_plugins

    message = "「结果\x1b[31m维持\x1b]8;;http://x\x07」与模板不一致\n::error::injected"
    findings = (finding("::notice::a.txt", message),)
    run = RunResult((FileResult("::notice::a.txt", findings, "text"),), {}, "0", root="/nonexistent")
    out = load_plugins().formatters[fmt][0].render(run)
    assert "\x1b" not in out and "\x07" not in out
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
    assert "./::notice::a.txt" in out and "结果\\x1b[31m维持" in out


def test_plain_text_and_paths_are_left_alone() -> None:
    assert printable("「结果维持」与模板不一致（第 3 行）") == "「结果维持」与模板不一致（第 3 行）"
    assert printable_path("报告/2023年度报告.txt") == "报告/2023年度报告.txt"


@pytest.mark.parametrize("size", [0, 1, 4096, (1 << 20) - 1, 1 << 20, (3 << 20) + 7])
def test_a_file_is_read_whole_whatever_its_size(tmp_path: Path, size: int) -> None:
    from gklint.source import read_source

    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    (tmp_path / "file").write_bytes(data)
    assert read_source(tmp_path / "file", None) == data
    assert read_source(str(tmp_path / "file"), size) == data  # at the limit exactly


def test_a_file_whose_size_says_nothing_is_read_to_its_end() -> None:
    from gklint.source import read_source

    status = Path("/proc/self/status")
    if not status.is_file() or status.stat().st_size:
        pytest.skip("needs a file that states no size (Linux /proc)")
    assert read_source(status, None).startswith(b"Name:")
