"""A command line with ruff's manners: no abbreviations, "did you mean", global options anywhere,
no traceback on a closed pipe or an ASCII terminal, --quiet, --statistics, --exit-zero, colour on a
terminal only (NO_COLOR, FORCE_COLOR), libraries kept quiet, exclude patterns and .gitignore in
folder walks, a report on stdin, and Chinese text aligned in every table."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from wcwidth import wcswidth

from gklint.cli import main
from tests.conftest import EXAMPLES
from tests.test_plugins import gklint, install

MISTAKES = str(EXAMPLES / "mistakes-2023.txt")
ANSI = "\x1b["


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / "mistakes-2023.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_options_are_never_abbreviated(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", MISTAKES, "--form", "json")
    assert code == 2 and out == ""
    assert "unrecognized arguments: --form" in err and "did you mean '--format'?" in err


def test_an_option_of_another_command_is_named_as_such(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "extract", MISTAKES, "--no-cache")
    assert code == 2 and out == ""
    assert "unrecognized arguments: --no-cache; --no-cache is an option of 'gklint check'" in err
    assert "did you mean '--no-cache'" not in err


def test_a_misspelt_command_gets_did_you_mean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "chek", ".")
    assert code == 2 and "unknown command 'chek'; did you mean 'check'?" in err
    (project / "chek").mkdir()  # a folder of that name is what the user means
    shutil.copyfile(EXAMPLES / "clean-2023.md", project / "chek" / "clean-2023.md")
    assert run(capsys, "chek")[0] == 0


@pytest.mark.parametrize("where", ["before", "after"])
def test_plugin_flags_work_before_or_after_the_subcommand(capsys: pytest.CaptureFixture[str], where: str) -> None:
    flags = ["-p", "no:rules_totals", "--require-plugins", "rules_period"]
    args = [*flags, "check", MISTAKES] if where == "before" else ["check", MISTAKES, *flags]
    code, out, _ = run(capsys, *args, "--format", "json")
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert "GK302" in codes and not {"GK201", "GK203"} & codes and code == 1


def test_a_closed_pipe_prints_no_traceback() -> None:
    done = subprocess.run(
        f"{sys.executable} -m gklint rules | head -1", shell=True, capture_output=True, text=True, encoding="utf-8"
    )
    assert done.stdout.startswith("code") and done.stderr == ""


def test_an_ascii_terminal_does_not_crash(tmp_path: Path) -> None:
    result = gklint(tmp_path, "check", MISTAKES, PYTHONIOENCODING="ascii")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "GK302 [error] \\u7edf" in result.stdout  # escaped, still readable by a program


def test_quiet_prints_the_findings_only(capsys: pytest.CaptureFixture[str]) -> None:
    _, full, _ = run(capsys, "check", MISTAKES)
    code, quiet, _ = run(capsys, "check", MISTAKES, "--quiet")
    assert code == 1 and quiet and full.startswith(quiet)
    assert "检查 1 个文件" in full and "检查" not in quiet and "count" not in quiet
    assert "共发现" not in run(capsys, "check", MISTAKES, "-q", "--format", "concise")[1]


def test_statistics_prints_the_count_table_alone(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", MISTAKES, "--statistics")
    lines = out.splitlines()
    assert code == 1 and lines[0].split() == ["count", "code", "name", "severity"]
    assert len(lines) == 2 + 9 and all(line.split()[0] == "1" for line in lines[2:])
    code, out, _ = run(capsys, "check", MISTAKES, "--statistics", "--format", "json")
    assert {row["code"] for row in json.loads(out)} >= {"GK201", "GK302"}


@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "junit", "github"])
def test_statistics_refuse_a_format_they_cannot_be_written_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, err = run(capsys, "check", MISTAKES, "--statistics", "--format", fmt, "-o", str(tmp_path / "out"))
    assert code == 2 and out == "" and f"cannot be written as {fmt}" in err
    assert not (tmp_path / "out").exists()  # refused before anything is linted or written


def test_statistics_as_json_lines_are_one_record_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", MISTAKES, "--statistics", "--format", "json-lines")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and {"GK201", "GK302"} <= {record["code"] for record in records}


@pytest.mark.parametrize(
    ("outputs", "refusal"),
    [
        (["--format", "json", "-o", "same.out", "--report", "sarif:same.out"], "json and sarif would both be written"),
        (["--report", "sarif", "--report", "json"], "3 outputs (text, sarif, json) would go to stdout"),
    ],
)
def test_two_outputs_in_one_place_are_refused(
    project: Path, capsys: pytest.CaptureFixture[str], outputs: list[str], refusal: str
) -> None:
    code, out, err = run(capsys, "check", "mistakes-2023.txt", *outputs)
    assert code == 2 and out == "" and refusal in err
    assert not (project / "same.out").exists()


@pytest.mark.parametrize("jobs", ["-1", "two"])
def test_a_number_of_processes_below_zero_or_not_a_number_is_refused(
    capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    code, out, err = run(capsys, "check", MISTAKES, "--jobs", jobs)
    assert code == 2 and out == ""
    assert f"--jobs/-j: {jobs}: give a number of processes, or 0 to choose automatically" in err


def test_english_counts_are_singular_for_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.txt"
    report.write_text(Path(MISTAKES).read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(report), "--lang", "en", "--select", "GK302")
    assert code == 1 and out.splitlines()[-1].startswith("1 finding in 1 of 1 file (")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a /proc where no folder can be made")
def test_an_output_folder_that_cannot_be_made_is_refused_before_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", MISTAKES, "--report", "sarif:/proc/no-such/out.sarif")
    assert code == 2 and out == "" and "--report: cannot create /proc/no-such/out.sarif" in err


def test_exit_zero_turns_findings_into_success(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", MISTAKES, "--exit-zero")
    assert code == 0 and "GK302" in out


def _in_a_terminal(env: dict[str, str]) -> str:
    """Run gklint with stdout on a pseudo-terminal; return what it printed."""
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "gklint", "check", MISTAKES, "--format", "concise"],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={k: v for k, v in {**os.environ, **env}.items() if v},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert done.returncode == 1
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_colour_on_a_terminal_only_honouring_no_color_and_force_color(tmp_path: Path) -> None:
    plain = {"NO_COLOR": "", "FORCE_COLOR": "", "TERM": "xterm"}
    assert ANSI + "31m[error]" in _in_a_terminal(plain)
    assert ANSI not in _in_a_terminal({**plain, "NO_COLOR": "1"})
    assert ANSI not in gklint(tmp_path, "check", MISTAKES, NO_COLOR="", FORCE_COLOR="").stdout  # a pipe
    assert ANSI + "1mGK302" in gklint(tmp_path, "check", MISTAKES, NO_COLOR="", FORCE_COLOR="1").stdout
    assert ANSI not in gklint(tmp_path, "check", MISTAKES, NO_COLOR="1", FORCE_COLOR="1").stdout
    assert ANSI not in gklint(tmp_path, "check", MISTAKES, "--format", "json", FORCE_COLOR="1").stdout


NOISY = """
import logging, warnings
from gklint.plugin import Rule, Severity, hookimpl

class Noisy(Rule):
    code = "ZZ903"
    name = "noisy"
    severity = Severity.INFO
    summary = ("日志", "logs")

    def check(self, report, ctx):
        for _ in range(65):
            logging.getLogger("somelib.pdffont").warning("Could not get FontBBox from font descriptor")
        warnings.warn("a library's warning")
        yield from ()

@hookimpl
def gklint_rules():
    return [Noisy]
"""


def test_library_log_noise_never_reaches_the_user(tmp_path: Path) -> None:
    install(tmp_path / "site", "gklint-noisy", {"noisy_plugin": NOISY}, {"noisy": "noisy_plugin"})
    result = gklint(tmp_path / "site", "check", MISTAKES, "--select", "GK,ZZ")
    assert result.returncode == 1 and result.stderr == ""


def test_exclude_patterns_and_gitignore_in_folder_walks(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("drafts", "archive", "build", "keep"):
        (project / name).mkdir()
        shutil.copyfile(EXAMPLES / "clean-2023.md", project / name / "report.md")
    (project / ".gitignore").write_text("build/\n*.md\n!keep/*.md\n", encoding="utf-8")
    (project / ".gklint.yaml").write_text("extend-exclude: [drafts/]\n", encoding="utf-8")

    def linted(*args: str) -> list[str]:
        code, out, err = run(capsys, "check", *args, "--format", "json")
        assert code in (0, 1), err
        return sorted(f["path"] for f in json.loads(out)["files"])

    assert linted(".") == ["keep/report.md", "mistakes-2023.txt"]  # .gitignore with `!`, and extend-exclude
    assert linted(".", "--extend-exclude", "*.txt") == ["keep/report.md"]
    assert linted(".", "--exclude", "keep") == ["mistakes-2023.txt"]  # replaces: drafts stays ignored by git
    assert linted("drafts/report.md") == ["drafts/report.md"]  # a file named explicitly is linted
    code, out, err = run(capsys, "check", "drafts/report.md", "--force-exclude")  # pre-commit's way
    assert code == 0 and "excluded" in err and "检查 0 个文件" in out


def test_a_report_read_from_stdin(project: Path) -> None:
    (project / "sub").mkdir()
    (project / "sub" / ".gklint.yaml").write_text("ignore: [GK7]\n", encoding="utf-8")
    data = (EXAMPLES / "mistakes-2023.txt").read_bytes()
    command = [sys.executable, "-m", "gklint", "check", "-"]

    named = subprocess.run([*command, "--stdin-filename", "sub/年报.txt"], input=data, capture_output=True, cwd=project)
    anonymous = subprocess.run([*command, "--format", "concise"], input=data, capture_output=True, cwd=project)

    out = named.stdout.decode("utf-8")
    assert named.returncode == 1 and "sub/年报.txt:3:59: GK302 [error]" in out
    assert " 3 | …的要求编制" in out  # the source line comes from stdin, not from a file
    assert "GK701" not in out  # the configuration of the name given applies
    assert "-:3:59: GK302" in anonymous.stdout.decode("utf-8")


def _column_starts(line: str, cells: list[str]) -> list[int]:
    starts, position = [], 0
    for cell in cells:
        position = line.index(cell, position)
        starts.append(wcswidth(line[:position]))
        position += len(cell)
    return starts


def test_chinese_text_is_aligned_in_every_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    rows = json.loads(run(capsys, "rules", "--format", "json")[1])
    lines = out.splitlines()[2:]
    starts = {tuple(_column_starts(line, [r["code"], r["summary"], r["plugin"]])) for line, r in zip(lines, rows)}
    assert code == 0 and len(lines) == len(rows)
    assert len(starts) == 1  # every row's summary and plugin start in the same terminal column
    assert any(wcswidth(r["summary"]) != len(r["summary"]) for r in rows)  # the table does hold wide text


UNLUCKY_CTRL_C = """
import signal, sys
import gklint.runner as runner

class Unlucky:
    def __del__(self):
        signal.raise_signal(signal.SIGINT)  # Ctrl-C while a finaliser runs: Python ignores its exception

original = runner.Linter.run

def run(self, *args, **kwargs):
    Unlucky()
    return original(self, *args, **kwargs)

runner.Linter.run = run
from gklint.cli import main
sys.exit(main(["check", "--no-cache", sys.argv[1]]))
"""


def test_ctrl_c_whose_interrupt_python_ignored_still_ends_with_130() -> None:
    done = subprocess.run(
        [sys.executable, "-c", UNLUCKY_CTRL_C, str(EXAMPLES / "clean-2023.md")], capture_output=True, timeout=120
    )
    assert b"Exception ignored" in done.stderr, "the interrupt was raised inside the finaliser"
    assert done.returncode == 130 and b"interrupted" in done.stderr
