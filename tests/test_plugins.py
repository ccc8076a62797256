"""Plugins are found through the `gklint` entry-point group, like a province's would be.

Each test installs a throwaway distribution (a dist-info folder with entry_points.txt on
PYTHONPATH) and runs gklint in a subprocess, so discovery goes through importlib.metadata for real.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES

RAISING_RULE = """
from gklint.plugin import Rule, Severity, hookimpl

class Exploding(Rule):
    code = "ZZ901"
    name = "exploding"
    severity = Severity.WARNING
    summary = ("总是出错", "always raises")

    def check(self, report, ctx):
        raise RuntimeError("boom")

@hookimpl
def gklint_rules():
    return [Exploding]
"""


def install(site: Path, dist: str, modules: dict[str, str], entry_points: dict[str, str]) -> None:
    site.mkdir(parents=True, exist_ok=True)
    for name, source in modules.items():
        (site / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    info = site / f"{dist.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n", encoding="utf-8")
    lines = "\n".join(f"{name} = {target}" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[gklint]\n{lines}\n", encoding="utf-8")


def gklint(
    site: Path, *args: str, cwd: Path | None = None, stdout: Any = subprocess.PIPE, **env_vars: str
) -> subprocess.CompletedProcess[str]:
    """``python -m gklint ARGS`` with the distributions installed in ``site``."""
    path = os.pathsep.join([str(site), str(Path(__file__).resolve().parents[1])])
    env = {**os.environ, "PYTHONPATH": path, **env_vars}
    return subprocess.run(
        [sys.executable, "-m", "gklint", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        encoding="utf-8",
        cwd=cwd,
    )


def test_a_rule_that_raises_becomes_one_gk099_and_the_others_still_run(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "gklint-explode", {"explode_plugin": RAISING_RULE}, {"explode": "explode_plugin"})

    # A plugin's rules are opt-in (its ruleset, or --select): the national ruleset selects GK only.
    result = gklint(site, "check", str(EXAMPLES / "mistakes-2023.txt"), "--format", "json", "--select", "GK,ZZ")

    findings = json.loads(result.stdout)["findings"]
    crashes = [f for f in findings if f["code"] == "GK099"]
    assert len(crashes) == 1
    assert "explode" in crashes[0]["message"] and "ZZ901" in crashes[0]["message"] and "boom" in crashes[0]["message"]
    assert crashes[0]["message_en"].startswith("rule ZZ901 of plugin explode raised RuntimeError: boom")
    assert {"GK201", "GK302", "GK401", "GK501"} <= {f["code"] for f in findings}
    assert result.returncode == 2  # an internal error in the run: exit 2, after everything is printed
    assert "GK099" in result.stderr


def test_a_plugin_that_fails_to_import_is_named_and_the_run_goes_on(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "gklint-broken", {"broken_plugin": "def broken(:\n    pass\n"}, {"broken": "broken_plugin"})

    result = gklint(site, "check", str(EXAMPLES / "mistakes-2023.txt"), "--format", "json")

    assert "broken" in result.stderr and "SyntaxError" in result.stderr
    assert {"GK201", "GK302"} <= {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert result.returncode == 2


def test_a_broken_plugin_can_be_blocked(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "gklint-broken", {"broken_plugin": "raise ImportError('nope')"}, {"broken": "broken_plugin"})

    result = gklint(site, "-p", "no:broken", "check", str(EXAMPLES / "clean-2023.md"))

    assert result.returncode == 0, result.stderr
    assert "broken" not in result.stderr


def test_two_plugins_claiming_one_code_is_a_usage_error_naming_both(tmp_path: Path) -> None:
    site = tmp_path / "site"
    clash = RAISING_RULE.replace("ZZ901", "GK201")
    install(site, "gklint-clash", {"clash_plugin": clash}, {"clash": "clash_plugin"})

    result = gklint(site, "check", str(EXAMPLES / "clean-2023.md"))

    assert result.returncode == 2
    assert "GK201" in result.stderr and "clash" in result.stderr and "rules_totals" in result.stderr


def test_plugins_command_lists_builtins_and_third_party(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "gklint-explode", {"explode_plugin": RAISING_RULE}, {"explode": "explode_plugin"})

    result = gklint(site, "plugins")

    assert "rules_totals" in result.stdout and "reader_text" in result.stdout
    assert "gklint-explode" in result.stdout


def test_third_party_rule_is_listed_by_rules(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "gklint-explode", {"explode_plugin": RAISING_RULE}, {"explode": "explode_plugin"})

    result = gklint(site, "rules")

    assert "ZZ901" in result.stdout and "GK401" in result.stdout


def test_a_required_plugin_that_is_missing_is_a_usage_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "gklint-explode", {"explode_plugin": RAISING_RULE}, {"explode": "explode_plugin"})

    assert gklint(site, "--require-plugins", "gklint-explode", "rules").returncode == 0
    missing = gklint(site, "--require-plugins", "gklint-zhejiang,explode", "rules")
    assert missing.returncode == 2 and "gklint-zhejiang" in missing.stderr and "explode" not in missing.stderr


MESSAGE_RULE = """
from gklint.plugin import Rule, Severity, hookimpl

class Talking(Rule):
    code = "ZZ902"
    name = "talking"
    severity = Severity.WARNING
    summary = ("说话", "talks")
    messages = {"m": ("消息 {x}", "message {x}")}

    def check(self, report, ctx):
        yield ctx.finding(MESSAGE_ID)

@hookimpl
def gklint_rules():
    return [Talking]
"""


@pytest.mark.parametrize(
    ("message_id", "words"), [("m", ["message 'm' needs the argument 'x'"]), ("nope", ["no message 'nope'", "m"])]
)
def test_a_message_the_rule_cannot_fill_is_its_crash_not_a_template_printed(
    tmp_path: Path, message_id: str, words: list[str]
) -> None:
    """A placeholder no argument fills, or a message id the rule lacks: one GK099 saying which,
    never a finding that prints ``{x}``."""
    site = tmp_path / "site"
    source = MESSAGE_RULE.replace("MESSAGE_ID", repr(message_id))
    install(site, "gklint-talk", {"talk_plugin": source}, {"talk": "talk_plugin"})

    result = gklint(site, "check", str(EXAMPLES / "clean-2023.md"), "--format", "json", "--select", "ZZ")

    findings = json.loads(result.stdout)["findings"]
    assert [f["code"] for f in findings] == ["GK099"]
    assert all(word in findings[0]["message_en"] for word in words), findings[0]["message_en"]
    assert "{x}" not in result.stdout
