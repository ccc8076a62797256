"""Crashes cannot hide: an internal error (GK099) is never selected, ignored, suppressed or
baselined away, and makes the run exit 2 after printing everything else; a rule that exits, raises
a BaseException, yields junk or prints becomes a GK099 naming its plugin; a formatter that raises
loses no other output; a worker that dies costs one GK099; an output that cannot be written is
exit 2 even with --exit-zero.

Plugins are installed for real (a dist-info folder on PYTHONPATH) and gklint runs in a subprocess.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.test_plugins import gklint, install

RULE = """
import os, sys
from gklint.plugin import Rule, Severity, hookimpl

class Misbehaving(Rule):
    code = "ZZ901"
    name = "misbehaving"
    severity = Severity.WARNING
    summary = ("出错", "misbehaves")

    def check(self, report, ctx):
        {body}
        yield from ()

@hookimpl
def gklint_rules():
    return [Misbehaving]
"""


def misbehaving(tmp_path: Path, body: str) -> Path:
    site = tmp_path / "site"
    modules = {"misbehaving_plugin": RULE.replace("{body}", body)}
    install(site, "gklint-misbehaving", modules, {"bad": "misbehaving_plugin"})
    return site


def findings(result: subprocess.CompletedProcess[str]) -> list[dict[str, str]]:
    return list(json.loads(result.stdout)["findings"])


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("sys.exit(0)", "SystemExit"),
        ("os.sys.exit(3)", "SystemExit: 3"),
        ("raise KeyboardInterrupt", "KeyboardInterrupt"),
        ("raise GeneratorExit('x')", "GeneratorExit"),
        ("raise type('Odd', (BaseException,), {})('odd')", "Odd: odd"),
        ("yield 'not a finding'", "yielded a str, not a Finding"),
        ("print('hello from a rule')", "printed to standard output"),
    ],
)
def test_a_misbehaving_rule_becomes_a_gk099_naming_its_plugin(tmp_path: Path, body: str, words: str) -> None:
    site = misbehaving(tmp_path, body)

    result = gklint(site, "check", str(EXAMPLES / "mistakes-2023.txt"), "--select", "GK,ZZ", "--format", "json")

    found = findings(result)  # the JSON output is intact
    crashes = [f for f in found if f["code"] == "GK099"]
    assert len(crashes) == 1 and "bad" in crashes[0]["message"] and words in crashes[0]["message"]
    assert {"GK201", "GK302", "GK401"} <= {f["code"] for f in found}
    assert result.returncode == 2 and "GK099" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "hide",
    [
        ["--select", "GK4"],
        ["--ignore", "GK0"],
        ["--select", "ZZ", "--ignore", "GK"],
        ["--config", "config.yaml"],
        ["--exit-zero"],
        ["--fail-on", "never"],
    ],
)
def test_an_internal_error_cannot_be_selected_or_configured_away(tmp_path: Path, hide: list[str]) -> None:
    site = misbehaving(tmp_path, "raise RuntimeError('boom')")
    (tmp_path / "config.yaml").write_text("select: [GK, ZZ]\nper-file-ignores:\n  '*.txt': [GK0]\n", encoding="utf-8")
    report = shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / "report.txt")

    result = gklint(site, "check", str(report), "--select", "GK,ZZ", *hide, "--format", "json", cwd=tmp_path)

    assert [f["code"] for f in findings(result)].count("GK099") == 1
    assert result.returncode == 2


def test_neither_an_inline_comment_nor_a_baseline_hides_an_internal_error(tmp_path: Path) -> None:
    site = misbehaving(tmp_path, "raise RuntimeError('boom')")
    text = "<!-- gklint: disable-file=ALL -->\n" + (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    (tmp_path / "report.md").write_text(text, encoding="utf-8")
    args = ("check", "report.md", "--select", "GK,ZZ", "--format", "json")

    first = gklint(site, *args, "--write-baseline", "baseline.json", cwd=tmp_path)
    again = gklint(site, *args, "--baseline", "baseline.json", cwd=tmp_path)

    assert first.returncode == 2
    assert "GK099" not in (tmp_path / "baseline.json").read_text(encoding="utf-8")
    assert [f["code"] for f in findings(again)] == ["GK099"] and again.returncode == 2


FORMATTER = """
import sys
from gklint.plugin import Formatter, hookimpl

class Boom(Formatter):
    name = "boom"
    description = "raises"

    def render(self, run):
        {body}

@hookimpl
def gklint_formatters():
    return [Boom()]
"""


@pytest.mark.parametrize("body", ["raise RuntimeError('kaput')", "sys.exit(0)", "print('junk'); return ''"])
def test_a_formatter_that_fails_loses_no_other_output(tmp_path: Path, body: str) -> None:
    site = tmp_path / "site"
    install(site, "gklint-boom", {"boom_plugin": FORMATTER.replace("{body}", body)}, {"boomfmt": "boom_plugin"})

    result = gklint(
        site, "check", str(EXAMPLES / "mistakes-2023.txt"), "--format", "json",
        "--report", f"boom:{tmp_path / 'boom.out'}", "--report", f"sarif:{tmp_path / 'out.sarif'}", "--exit-zero",
    )  # fmt: skip

    assert {"GK201", "GK302"} <= {f["code"] for f in findings(result)}  # stdout is the JSON alone
    assert json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))["runs"]
    assert result.returncode == 2 and "boomfmt" in result.stderr and "Traceback" not in result.stderr


DYING = """
import os
from gklint.plugin import Rule, Severity, hookimpl

class Dying(Rule):
    code = "ZZ902"
    name = "dying"
    severity = Severity.WARNING
    summary = ("进程退出", "kills its process")

    def check(self, report, ctx):
        if "poison" in report.path:
            os._exit(7)
        yield from ()

@hookimpl
def gklint_rules():
    return [Dying]
"""


def test_a_worker_that_dies_is_a_gk099_for_its_file_and_the_run_completes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "gklint-dying", {"dying_plugin": DYING}, {"dying": "dying_plugin"})
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("a.txt", "b-poison.txt", "c.txt", "d.txt"):
        shutil.copyfile(EXAMPLES / "mistakes-2023.txt", reports / name)

    result = gklint(site, "check", str(reports), "--select", "GK,ZZ", "--jobs", "2", "--format", "json")

    by_file: dict[str, set[str]] = {}
    for finding in findings(result):
        by_file.setdefault(Path(finding["path"]).name, set()).add(finding["code"])
    assert by_file["b-poison.txt"] == {"GK099"}
    assert all({"GK201", "GK302"} <= by_file[name] for name in ("a.txt", "c.txt", "d.txt"))
    assert result.returncode == 2


def test_a_rule_of_another_distribution_that_ends_its_process_on_a_lone_file_is_a_gk099(tmp_path: Path) -> None:
    """One text file alone is linted in the calling process only when every rule is gklint's own:
    a plugin's rule that ends its process still ends only a worker."""
    site = tmp_path / "site"
    install(site, "gklint-dying", {"dying_plugin": DYING}, {"dying": "dying_plugin"})
    poison = shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / "poison.txt")

    result = gklint(site, "check", str(poison), "--no-cache", "--select", "GK,ZZ", "--format", "json")

    assert [f["code"] for f in findings(result)] == ["GK099"] and result.returncode == 2


@pytest.mark.parametrize("target", ["folder", "/dev/full", "/proc/version/x.json"])
def test_an_output_that_cannot_be_written_is_exit_2_even_with_exit_zero(tmp_path: Path, target: str) -> None:
    (tmp_path / "folder").mkdir()
    path = str(tmp_path / target) if target == "folder" else target
    if not Path("/dev/full").exists() and target == "/dev/full":
        pytest.skip("no /dev/full here")

    result = gklint(tmp_path, "check", str(EXAMPLES / "mistakes-2023.txt"), "-o", path, "--exit-zero")

    assert result.returncode == 2
    assert path in result.stderr and "Traceback" not in result.stderr


def test_stdout_on_a_full_disk_is_exit_2(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        result = gklint(tmp_path, "check", str(EXAMPLES / "mistakes-2023.txt"), "--exit-zero", stdout=full)

    assert result.returncode == 2
    assert "stdout" in result.stderr and "Traceback" not in result.stderr
