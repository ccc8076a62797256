"""A one-file run pays only for what it uses: no heavy library, and only the plugins it needs.

Each run here logs every module it imports (a ``sitecustomize`` puts a logging finder first on
``sys.meta_path``, which forked workers inherit) and keeps its plugin manifest in its own cache
folder, so the first run of a test loads every plugin and the next ones load what they need.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tabulate import tabulate

from gklint.entrypoints import entry_points
from gklint.formatters.text import summary_table
from tests.conftest import EXAMPLES
from tests.test_plugins import install

REPORT = EXAMPLES / "mistakes-2023.txt"
# Libraries a text report with no configuration never needs.
HEAVY = ("lxml", "pdfminer", "docx", "charset_normalizer", "ruamel", "tabulate", "wcwidth", "email", "xml")
RULE_MODULES = {ep.module for ep in entry_points("gklint") if ep.name.startswith("rules_")}

LOGGER = """
import os, sys

class _ImportLog:
    def find_spec(self, name, path=None, target=None):
        with open(os.environ["GKLINT_TEST_IMPORT_LOG"], "a", encoding="utf-8") as log:
            log.write(name + "\\n")
        return None

sys.meta_path.insert(0, _ImportLog())
"""


def run(tmp_path: Path, *args: str, site: Path | None = None) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """``python -m gklint ARGS`` and the names of the modules it (and its workers) imported."""
    (tmp_path / ".git").mkdir(exist_ok=True)  # a project: the content cache lives in its root
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(LOGGER, encoding="utf-8")
    log = tmp_path / "imports.log"
    log.unlink(missing_ok=True)
    path = [str(hook), *([str(site), str(Path(__file__).resolve().parents[1])] if site else [])]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(path),
        "GKLINT_MANIFEST_DIR": str(tmp_path / "cache"),
        "GKLINT_TEST_IMPORT_LOG": str(log),
    }
    result = subprocess.run(
        [sys.executable, "-m", "gklint", *args], capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path
    )
    imported = set(log.read_text(encoding="utf-8").split()) if log.exists() else set()
    return result, imported


def heavy(imported: set[str]) -> set[str]:
    return {name for name in imported if name.split(".")[0] in HEAVY or name.startswith("importlib.metadata")}


def plugin_modules(imported: set[str], kind: str) -> set[str]:
    return {name for name in imported if name.startswith(f"gklint.{kind}.")}


def test_a_one_file_text_check_imports_no_heavy_library_and_only_the_plugins_it_needs(tmp_path: Path) -> None:
    first, _ = run(tmp_path, "check", str(REPORT), "--no-cache")  # no manifest yet: every plugin is loaded
    result, imported = run(tmp_path, "check", str(REPORT), "--no-cache")  # the file is read, not taken from a cache
    run(tmp_path, "check", str(REPORT))  # fills the content cache
    cached, from_cache = run(tmp_path, "check", str(REPORT))

    assert cached.stdout == result.stdout and not heavy(from_cache)
    assert not plugin_modules(from_cache, "readers")  # a cached result needs no reader

    assert "gklint.binder" in imported  # the log is real, and covers the worker that linted the file
    assert result.returncode == first.returncode == 1 and result.stdout == first.stdout
    assert "GK" in result.stdout and "count" in result.stdout  # findings, then the summary table
    assert not heavy(imported)
    assert plugin_modules(imported, "readers") == {"gklint.readers.text"}
    assert plugin_modules(imported, "formatters") == {"gklint.formatters.text"}
    assert imported >= RULE_MODULES  # a check runs every rule


def test_version_imports_no_plugin_and_formats_no_rule(tmp_path: Path) -> None:
    run(tmp_path, "plugins")
    version, imported = run(tmp_path, "--version")
    assert version.returncode == 0 and "gklint" in version.stdout
    assert not {name for name in imported if name.startswith(("gklint.readers", "gklint.rules", "gklint.formatters"))}

    formats, imported = run(tmp_path, "formats")
    assert formats.returncode == 0 and "sarif" in formats.stdout
    assert not plugin_modules(imported, "rules") and not plugin_modules(imported, "readers")


SHOUT = """
from gklint.plugin import Formatter, hookimpl

class Shout(Formatter):
    name = "{name}"
    description = "loud"

    def render(self, run):
        return "LOUD\\n"

@hookimpl
def gklint_formatters():
    return [Shout()]
"""


def names(listing: str) -> set[str]:
    return {line.split()[0] for line in listing.splitlines() if line.strip()}


def test_a_plugin_changed_in_place_is_seen_by_the_next_run(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(site, "gklint-shout", {"shout_plugin": SHOUT.format(name="shout")}, {"shout": "shout_plugin"})
    before, _ = run(tmp_path, "formats", site=site)
    assert "shout" in names(before.stdout)

    module = site / "shout_plugin.py"
    module.write_text(textwrap.dedent(SHOUT.format(name="yell")), encoding="utf-8")
    stamp = module.stat().st_mtime_ns + 2_000_000_000
    os.utime(module, ns=(stamp, stamp))  # an edit of an editable install: same folder, newer file
    after, _ = run(tmp_path, "formats", site=site)
    used, imported = run(tmp_path, "check", str(REPORT), "--format", "yell", site=site)

    assert "yell" in names(after.stdout) and "shout" not in names(after.stdout)
    assert used.stdout == "LOUD\n" and "gklint.formatters.text" not in imported


def test_installing_any_distribution_rebuilds_the_manifest(tmp_path: Path) -> None:
    """A plugin's answers may depend on what else is installed (an optional engine, say)."""
    site = tmp_path / "site"
    site.mkdir()
    run(tmp_path, "check", str(REPORT), site=site)
    _, warm = run(tmp_path, "check", str(REPORT), site=site)
    install(site, "unrelated-tool", {"unrelated_tool": "VALUE = 1\n"}, {})

    _, rebuilt = run(tmp_path, "check", str(REPORT), site=site)
    _, again = run(tmp_path, "check", str(REPORT), site=site)

    assert "gklint.readers.pdf" not in warm and "gklint.readers.pdf" not in again
    assert "gklint.readers.pdf" in rebuilt  # every plugin imported once, to learn what it provides


def test_a_broken_plugin_is_reported_by_every_run(tmp_path: Path) -> None:
    site = tmp_path / "site"
    install(
        site, "gklint-broken", {"broken_plugin": "raise ImportError('no such thing')\n"}, {"broken": "broken_plugin"}
    )
    for _ in range(2):
        result, _ = run(tmp_path, "check", str(REPORT), site=site)
        assert result.returncode == 2
        assert "plugin broken failed to load" in result.stderr and "no such thing" in result.stderr


@pytest.mark.parametrize("group", ["gklint", "console_scripts", "pytest11"])
def test_entry_points_are_read_as_importlib_metadata_reads_them(group: str) -> None:
    ours = [(ep.name, ep.value, ep.distribution, ep.version) for ep in entry_points(group)]
    theirs = sorted(
        (
            (ep.name, ep.value, ep.dist.name if ep.dist else "", ep.dist.version if ep.dist else "")
            for ep in metadata.entry_points(group=group)
        ),
        key=lambda point: point[0],
    )
    assert ours == theirs
    assert group != "gklint" or ours


def test_the_summary_table_is_tabulates() -> None:
    rng = random.Random(7)
    words = ["GK101", "HN002", "ZZ901", "blank-cell", "fee-statement-missing", "x", "warning", "error", "info"]
    for _ in range(200):
        rows = [
            (rng.choice(words), rng.choice(words), rng.choice(words), rng.randint(0, 10 ** rng.randint(0, 6)))
            for _ in range(rng.randint(1, 6))
        ]
        assert summary_table(rows) == tabulate(rows, headers=["code", "name", "severity", "count"])
    wide = [("GK105", "标签不符", "warning", 3), ("GK1", "nan", "info", 12)]
    assert summary_table(wide) == tabulate(wide, headers=["code", "name", "severity", "count"])
