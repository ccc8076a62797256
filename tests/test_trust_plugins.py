"""Plugins are validated when they load, as flake8 and pluggy do: a misspelt hook, a malformed
rule code, two plugins claiming one format, a reader that claims no file are errors naming the
plugin (exit 2); the kernel's required parts cannot be blocked; `python -m gklint` loads nothing
from the working directory; and gklint's pytest plugin is opt-in."""

from __future__ import annotations

import importlib.metadata as metadata
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.test_plugins import gklint, install

REPORT = str(EXAMPLES / "clean-2023.md")


def plugin_module(hooks: str) -> str:
    return "from gklint.plugin import Formatter, Parameter, Reader, Rule, Severity, hookimpl\n" + textwrap.dedent(hooks)


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (
            "@hookimpl\ndef gklint_rule():\n    return []\n",
            ["unknown hook 'gklint_rule'", "did you mean 'gklint_rules'?"],
        ),
        (
            """
            class R(Rule):
                code = "ZZ01"
                name = "short-code"
            @hookimpl
            def gklint_rules():
                return [R]
            """,
            ["'ZZ01'", "two or three capitals and three digits"],
        ),
        (
            "@hookimpl\ndef gklint_rules():\n    return ['GK999']\n",
            ["is not a Rule subclass"],
        ),
        *(
            (
                f"""
                class R(Rule):
                    code = "ZZ001"
                    name = "odd-rule"
                    summary = ("中文", "English")
                    {attribute}
                @hookimpl
                def gklint_rules():
                    return [R]
                """,
                words,
            )
            for attribute, words in [
                ('explanation = ("说明。", "Explanation.")', ["explanation is tuple, not a text"]),
                ('severity = "warning"', ["severity 'warning'", "Severity.ERROR"]),
                ('summary = "只有中文"', ["a (Chinese, English) pair of texts"]),
                ('name = "Odd Rule"', ["lowercase words joined by hyphens"]),
                ('messages = {"m": "只有中文"}', ["message 'm'", "a (Chinese, English) pair"]),
                ('parameters = {"day": Parameter("01-31", "日", minimum=1)}', ["option 'day' has bounds"]),
            ]
        ),
        (
            """
            class Blind(Reader):
                name = "blind"
            @hookimpl
            def gklint_readers():
                return [Blind()]
            """,
            ["reader 'blind' claims no file"],
        ),
        (
            "@hookimpl\ndef gklint_rulesets():\n    return ['/nonexistent/rules.yaml']\n",
            ["ruleset file /nonexistent/rules.yaml does not exist"],
        ),
        (
            "@hookimpl\ndef gklint_rules(config):\n    return []\n",
            ["config"],  # pluggy: an argument the spec does not have
        ),
    ],
)
def test_a_plugin_that_breaks_the_contract_is_exit_2_naming_it(tmp_path: Path, source: str, words: list[str]) -> None:
    install(tmp_path / "site", "gklint-odd", {"odd_plugin": plugin_module(source)}, {"odd": "odd_plugin"})

    result = gklint(tmp_path / "site", "check", REPORT)

    assert result.returncode == 2, result.stderr
    assert "plugin odd failed to load" in result.stderr
    for word in words:
        assert word in result.stderr
    assert "Traceback" not in result.stderr


def test_two_plugins_claiming_one_format_is_exit_2_naming_both(tmp_path: Path) -> None:
    source = plugin_module(
        """
        class Text(Formatter):
            name = "text"
            def render(self, run):
                return ""
        @hookimpl
        def gklint_formatters():
            return [Text()]
        """
    )
    install(tmp_path / "site", "gklint-text2", {"text2_plugin": source}, {"text2": "text2_plugin"})

    result = gklint(tmp_path / "site", "check", REPORT)

    assert result.returncode == 2
    assert "format 'text'" in result.stderr and "text2" in result.stderr and "formatter_text" in result.stderr


@pytest.mark.parametrize("name", ["templates_national", "rulesets"])
def test_the_kernels_required_parts_cannot_be_blocked(tmp_path: Path, name: str) -> None:
    result = gklint(tmp_path, "-p", f"no:{name}", "check", REPORT)

    assert result.returncode == 2
    assert f"{name} is a required part of gklint" in result.stderr


def test_blocking_an_unknown_plugin_is_an_error_with_a_hint(tmp_path: Path) -> None:
    result = gklint(tmp_path, "check", REPORT, "-p", "no:rules_total")

    assert result.returncode == 2
    assert "no plugin 'rules_total' is installed; did you mean 'rules_totals'?" in result.stderr


def test_python_m_gklint_loads_no_plugin_from_the_working_directory(tmp_path: Path) -> None:
    rule = plugin_module("@hookimpl\ndef gklint_rules():\n    raise RuntimeError('loaded from cwd')\n")
    install(tmp_path, "gklint-sneaky", {"sneaky_plugin": rule}, {"sneaky": "sneaky_plugin"})  # in the cwd itself

    result = subprocess.run(
        [sys.executable, "-m", "gklint", "plugins"], cwd=tmp_path, capture_output=True, text=True, encoding="utf-8"
    )

    assert result.returncode == 0, result.stderr
    assert "sneaky" not in result.stdout + result.stderr
    assert "rules_totals" in result.stdout


# --------------------------------------------------------------------------- the pytest plugin


def test_installing_gklint_registers_no_pytest_plugin() -> None:
    assert not [ep for ep in metadata.entry_points(group="pytest11") if ep.value.startswith("gklint")]


def test_pytest_in_another_project_does_not_collect_its_rules_yaml_files(tmp_path: Path) -> None:
    (tmp_path / "rules_deploy.yaml").write_text("servers: [a, b]\n", encoding="utf-8")  # someone else's YAML
    (tmp_path / "test_app.py").write_text("def test_app():\n    assert True\n", encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)]

    plain = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    opted_in = subprocess.run([*command, "-p", "gklint.testing"], cwd=tmp_path, capture_output=True, text=True)

    assert plain.returncode == 0 and "1 passed" in plain.stdout, plain.stdout
    assert opted_in.returncode != 0 and "rules_deploy.yaml" in opted_in.stdout  # now it is read as rule cases


def test_gklints_own_rule_cases_are_still_collected() -> None:
    from tests.conftest import ROOT

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests/rules"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and "rules_fees.yaml::" in done.stdout
