"""A one-file run pays only for what it uses: no heavy library, and only the plugins it needs.

Each run here logs every module it imports (a ``sitecustomize`` puts a logging finder first on
``sys.meta_path``, which forked workers inherit) and keeps its plugin manifest in its own cache
folder, so the first run of a test loads every plugin and the next ones load what they need.
"""

from __future__ import annotations

import argparse
import importlib.metadata as metadata
import json
import os
import pickle
import random
import re
import subprocess
import sys
import textwrap
import time
from dataclasses import FrozenInstanceError, dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from tabulate import tabulate

from gklint.cli import Formatter, _all_parsers, build_parser, implied_check
from gklint.digests import SETTLED_NS
from gklint.entrypoints import entry_points
from gklint.formatters.text import summary_table
from gklint.manager import load_plugins
from gklint.model import Finding, Location, LogicalPlace, Paragraph, Severity, TextCell
from gklint.model.values import by_value
from tests.conftest import EXAMPLES
from tests.test_plugins import install

REPORT = EXAMPLES / "mistakes-2023.txt"
# Libraries a text report with no configuration never needs.
HEAVY = ("lxml", "pdfminer", "docx", "charset_normalizer", "ruamel", "tabulate", "wcwidth", "email", "xml")
RULE_MODULES = {ep.module for ep in entry_points("gklint") if ep.name.startswith("rules_")}
# Modules of other subcommands and formats, which a one-file text check never needs.
OTHER_COMMANDS = {"gklint.extract", "gklint.extract_sqlite", "gklint.extract_write", "gklint.stats", "gklint.fixes"}

LOGGER = """
import os, sys

class _ImportLog:
    def find_spec(self, name, path=None, target=None):
        with open(os.environ["GKLINT_TEST_IMPORT_LOG"], "a", encoding="utf-8") as log:
            log.write(name + "\\n")
        return None

sys.meta_path.insert(0, _ImportLog())
"""


def run(
    tmp_path: Path, *args: str, site: Path | None = None, python: str = sys.executable
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
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
        [python, "-m", "gklint", *args], capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path
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
    settled = time.time_ns() - REPORT.stat().st_ctime_ns > SETTLED_NS  # its digest can be remembered
    run(tmp_path, "check", str(REPORT))  # fills the content cache
    cached, from_cache = run(tmp_path, "check", str(REPORT))

    assert cached.stdout == result.stdout and not heavy(from_cache)
    assert "pickle" not in from_cache  # a cache entry of findings is read with marshal (gklint.entries)
    assert not plugin_modules(from_cache, "rules") and not plugin_modules(
        from_cache, "templates"
    )  # the manifest knows them
    assert not plugin_modules(from_cache, "readers")  # a cached result needs no reader

    assert "gklint.binder" in imported  # the log is real, and covers the worker that linted the file
    assert result.returncode == first.returncode == 1 and result.stdout == first.stdout
    assert "GK" in result.stdout and "count" in result.stdout  # findings, then the summary table
    assert not heavy(imported) and not imported & OTHER_COMMANDS
    assert "hashlib" not in imported  # OpenSSL only where the cache hashes a file whose digest it does not know
    assert ("hashlib" in from_cache) == (not settled)
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


TALKING = """
import os

from gklint.plugin import Rule, Severity, hookimpl

with open(os.environ["TALKING_LOG"], "a", encoding="utf-8") as log:  # its code ran
    log.write("imported\\n")

class Talking(Rule):
    code = "ZZ903"
    name = "talking"
    severity = Severity.{severity}
    summary = ("说话", "talks")
    messages = {{"m": ("说：{word}", "says: {word}")}}

    def check(self, report, ctx):
        yield ctx.finding("m")

@hookimpl
def gklint_rules():
    return [Talking]
"""


def test_a_rule_plugin_changed_in_place_is_never_served_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs answered by the cache import no rule, yet an edit of a rule plugin's code (an editable
    install) reaches the next run: its findings and its metadata are the new code's."""
    imports = tmp_path / "talking.log"
    monkeypatch.setenv("TALKING_LOG", str(imports))
    site = tmp_path / "site"
    install(
        site,
        "gklint-talking",
        {"talking_plugin": TALKING.format(severity="WARNING", word="一")},
        {"talk": "talking_plugin"},
    )
    talk = ("check", "--format", "json", "--select", "GK,ZZ", str(REPORT))  # a plugin's rules are opt-in
    first, _ = run(tmp_path, *talk, site=site)
    imported_before = imports.read_text(encoding="utf-8")
    again, imported = run(tmp_path, *talk, site=site)
    assert again.stdout == first.stdout and "说：一" in first.stdout
    assert imports.read_text(encoding="utf-8") == imported_before  # from the cache: the plugin's code did not run
    assert not plugin_modules(imported, "rules")

    module = site / "talking_plugin.py"
    module.write_text(textwrap.dedent(TALKING.format(severity="ERROR", word="二")), encoding="utf-8")
    stamp = module.stat().st_mtime_ns + 2_000_000_000
    os.utime(module, ns=(stamp, stamp))
    edited, imported = run(tmp_path, *talk, site=site)
    listed, _ = run(tmp_path, "rules", site=site)

    assert "说：二" in edited.stdout and "说：一" not in edited.stdout and "gklint.binder" in imported
    talking = [f for f in json.loads(edited.stdout)["findings"] if f["code"] == "ZZ903"]
    assert [f["severity"] for f in talking] == ["error"]
    assert re.search(r"^ZZ903\s.*error", listed.stdout, re.M), listed.stdout


def test_rules_known_from_the_manifest_are_the_rules_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rule's metadata as the manifest keeps it (no rule imported) equals its class's own."""
    monkeypatch.setenv("GKLINT_MANIFEST_DIR", str(tmp_path))
    loaded = load_plugins()
    assert loaded.rule_infos() and not loaded._pending  # no manifest yet: every plugin was imported
    known = load_plugins()
    assert known._pending and all(not items.get("gklint_rules") for items in known._items.values())
    assert known.rule_infos() == loaded.rule_infos()
    assert known.history_codes() == loaded.history_codes() == {c for c, (r, _) in loaded.rules.items() if r.history}
    assert known.code_files() == loaded.code_files()


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


def test_two_names_of_one_interpreter_share_the_manifest(tmp_path: Path) -> None:
    """A console script starts ``python3`` where a user types ``python -m gklint``: links to one
    program, whose runs must not take turns rebuilding the manifest."""
    here = Path(sys.executable)
    other = next((here.with_name(n) for n in ("python3", "python") if here.with_name(n).name != here.name), None)
    if other is None or not other.exists() or other.resolve() != here.resolve():
        pytest.skip("this interpreter has no second name")
    run(tmp_path, "check", "--no-cache", str(REPORT))
    _, warm = run(tmp_path, "check", "--no-cache", str(REPORT), python=str(other))
    _, back = run(tmp_path, "check", "--no-cache", str(REPORT))

    assert "gklint.binder" in warm and "gklint.binder" in back  # the logs are real
    assert "gklint.readers.pdf" not in warm and "gklint.readers.pdf" not in back


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


ARGUMENTS = [
    ["check", "a.txt", "--format", "json", "--no-cache", "-j", "2"],
    ["-p", "no:hunan", "check", "--select", "GK1", "a.txt"],
    ["--require-plugins=hunan", "rule", "GK101"],
    ["extract", "a.txt", "-f", "csv", "-o", "out"],
    ["stats", "--format", "json", "reports"],
    ["reports/"],
    ["config", "show"],
    [],
]


@pytest.mark.parametrize("argv", ARGUMENTS, ids=" ".join)
def test_the_parser_built_for_a_command_line_parses_it_as_the_whole_one_does(argv: list[str]) -> None:
    argv = implied_check(argv)
    assert vars(build_parser(argv).parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [["check", "a.txt", "--outptu", "x"], ["check", "--bogus"], ["rule", "GK101", "--require-plugin", "x"]],
    ids=" ".join,
)
def test_a_usage_error_reads_the_same_from_the_parser_built_for_it(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    errors = []
    for parser in (build_parser(argv), build_parser()):
        with pytest.raises(SystemExit):
            parser.parse_args(argv)
        errors.append(capsys.readouterr().err)
    assert errors[0] == errors[1] and "did you mean" in errors[0]


def test_the_help_names_every_subcommand() -> None:
    text = build_parser(["--help"]).format_help()
    assert text == build_parser().format_help()
    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            assert all(name in text for name in action.choices)


def _twins(body: dict[str, Any]) -> tuple[type, type]:
    """The same class made by ``@dataclass(frozen=True)`` and by ``@by_value`` on a leaner dataclass."""
    generated = dataclass(frozen=True)(type("Twin", (), dict(body)))
    lean = by_value(dataclass(frozen=True, eq=False, repr=False)(type("Twin", (), dict(body))))
    return generated, lean


BODIES: list[dict[str, Any]] = [
    {"__annotations__": {}},
    {"__annotations__": {"a": "Any"}},
    {"__annotations__": {"a": "Any", "b": "Any"}, "b": None},
    {
        "__annotations__": {"a": "Any", "b": "Any", "c": "Any", "d": "Any"},
        "b": field(default=0, compare=False),
        "c": field(default="", repr=False),
        "d": field(default=(), hash=False),
    },
    {"__annotations__": {"a": "Any", "b": "Any"}, "b": field(default=1, compare=False, hash=True)},
]
VALUES: list[Any] = [0, 1, -1, 2**70, 1.5, float("nan"), "", "汉字", None, (), (1, "x"), frozenset({3}), True]


@pytest.mark.parametrize("body", BODIES, ids=lambda body: ",".join(body["__annotations__"]) or "none")
def test_by_value_gives_what_a_frozen_dataclass_gives(body: dict[str, Any]) -> None:
    generated, lean = _twins(body)
    names = [f.name for f in fields(generated)]
    rng = random.Random(len(names))
    for _ in range(300):
        first, second = ([rng.choice(VALUES) for _ in names] for _ in range(2))
        second = [rng.choice([a, b]) for a, b in zip(first, second, strict=True)]
        g1, g2, l1, l2 = generated(*first), generated(*second), lean(*first), lean(*second)
        assert (l1 == l2, l1 != l2, repr(l1), hash(l1)) == (g1 == g2, g1 != g2, repr(g1), hash(g1))
        assert (l1 == g1) is False and l1.__eq__(g1) is NotImplemented  # another class, as between dataclasses
    looped: list[Any] = []
    if names:
        looped.append(lean(looped, *[0] * (len(names) - 1)))
        twin: list[Any] = []
        twin.append(generated(twin, *[0] * (len(names) - 1)))
        assert repr(looped) == repr(twin)  # recursion shows as ...


def test_the_model_classes_keep_the_behaviour_of_frozen_dataclasses() -> None:
    location = Location(3, 5, 3, 9)
    finding = Finding("GK101", "x", Severity.ERROR, "消息", "message", "a.txt", location)
    for obj in (location, finding, TextCell("a", location), Paragraph("p", location)):
        assert is_dataclass(obj) and type(obj).__eq__ is not object.__eq__
        assert obj == replace(obj) == pickle.loads(pickle.dumps(obj)) and hash(obj) == hash(replace(obj))
        values = tuple(getattr(obj, f.name) for f in fields(obj) if f.compare)
        assert hash(obj) == hash(values)
        shown = ", ".join(f"{f.name}={getattr(obj, f.name)!r}" for f in fields(obj) if f.repr)
        assert repr(obj) == f"{type(obj).__qualname__}({shown})"
        with pytest.raises(FrozenInstanceError):
            obj.extra = 1  # type: ignore[attr-defined]
    assert finding != replace(finding, plugin="other")
    place = LogicalPlace(2, "applications", "new", "total")
    assert place == replace(place, title="shown, not compared") and hash(place) == hash(replace(place, title="x"))
    assert Location(1) != Location(2) and len({Location(1), Location(1), Location(2)}) == 2


# Modules a one-file text check does without: the logging machinery (quieted when a library first
# imports it), shutil (argparse's terminal width), tempfile (a run that spills), json (a JSON output,
# a baseline), threading (asked only whether this is the main thread).
NOT_FOR_ONE_TEXT_FILE = {"logging", "shutil", "tempfile", "traceback", "random", "bz2", "lzma", "json", "threading"}
# The pool of worker processes: a file is linted in this process where every plugin is gklint's own
# (another distribution's rule may run C code or end its process: see ``gklint.inplace``).
WORKER_POOL = {"gklint.workers", "gklint.serving"}
OWN_PLUGINS_ONLY = all(ep.distribution == "gklint" for ep in entry_points("gklint"))
# What a run the content cache answers whole does without: phase one (the binder and its kin).
NOT_FOR_A_CACHED_RUN = {"gklint.linting", "gklint.binder", "gklint.sheet", "gklint.readers.text", "tempfile"}
# What ``--version`` does without: every module of a command, and what they import.
NOT_FOR_THE_VERSION = {"dataclasses", "inspect", "pluggy", "logging", "json", "pathlib", "gklint.model", "gklint.check"}


def test_a_one_file_text_check_imports_none_of_what_it_does_not_use(tmp_path: Path) -> None:
    run(tmp_path, "check", str(REPORT), "--no-cache")  # the manifest, the stored patterns and code
    result, imported = run(tmp_path, "check", str(REPORT), "--no-cache")
    assert result.returncode == 1 and "GK" in result.stdout and "gklint.binder" in imported
    assert not imported & NOT_FOR_ONE_TEXT_FILE
    assert bool(imported & WORKER_POOL) == (not OWN_PLUGINS_ONLY)


def test_a_run_the_cache_answers_imports_nothing_of_phase_one(tmp_path: Path) -> None:
    first, imported_first = run(tmp_path, "check", str(REPORT))  # fills the cache (and the manifest)
    again, imported = run(tmp_path, "check", str(REPORT))
    assert again.returncode == first.returncode == 1 and again.stdout == first.stdout
    assert NOT_FOR_A_CACHED_RUN & imported_first  # the first run lints: the test can see the difference
    assert not imported & NOT_FOR_A_CACHED_RUN


def test_version_stays_light(tmp_path: Path) -> None:
    version, imported = run(tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.startswith("gklint ")
    assert not imported & NOT_FOR_THE_VERSION
    assert not {
        name
        for name in imported
        if name.startswith("gklint.") and name not in ("gklint.__main__", "gklint.cli", "gklint.console")
    }


def test_a_library_that_logs_or_warns_after_a_run_began_stays_quiet(tmp_path: Path) -> None:
    probe = (
        "import sys, warnings\n"
        "from gklint.console import setup_streams\n"
        "setup_streams()\n"
        "assert 'logging' not in sys.modules\n"
        "warnings.warn('a warning before logging')\n"
        "import logging\n"
        "logging.getLogger('library').warning('a record')\n"
        "warnings.warn('a warning after logging', RuntimeWarning)\n"
        "print(type(logging.getLogger().handlers[0]).__name__)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert result.stdout == "NullHandler\n" and result.stderr == ""


@pytest.mark.parametrize("columns", ["33", "61", "200", "", "-5", "wide"])
def test_help_is_as_wide_as_argparse_makes_it(columns: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert Formatter("gklint")._width == argparse.HelpFormatter("gklint")._width
    for parser in _all_parsers(build_parser(["check", "--help"])):
        ours = parser.format_help()
        assert isinstance(parser._get_formatter(), Formatter)
        parser.formatter_class = argparse.HelpFormatter
        assert parser.format_help() == ours


def test_the_built_in_sha256_gives_the_digest_hashlib_gives() -> None:
    import hashlib

    from gklint.digest import sha256_hex

    for data in (b"", b"abc", "汉字".encode() * 1000, bytes(range(256)) * 300):
        assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
