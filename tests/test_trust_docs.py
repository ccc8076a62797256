"""The documentation says only what is true: every `gklint` command shown in README.md and
docs/guide.md runs against the bundled examples with the exit code it is known to give (the commands
are parsed from the docs, so they cannot drift); no help URI points at a site that does not exist;
the pre-commit `rev:` examples name a revision of this repository; the LICENSE matches pyproject."""

from __future__ import annotations

import io
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gklint.cli import main
from tests.conftest import EXAMPLES, ROOT

DOCS = ("README.md", "docs/guide.md")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
# What each documented command exits with in the sandbox below: reports/ holds the bundled examples
# (the mistakes example has errors, so linting it exits 1) and the clean report by year; the PDF
# and HTML are the clean example rendered. A command added to the docs must be added here.
EXPECTED = {
    "gklint check examples/": 1,
    "gklint check reports/": 1,
    "gklint check 年报.pdf --format json": 0,
    "gklint check reports/ --select GK2,GK4": 1,
    "gklint check reports/ --ignore GK503 --fail-on warning": 1,
    "gklint check reports/ --lang en": 1,
    "gklint check reports/ --quiet": 1,
    "gklint check reports/ --format sarif -o gklint.sarif": 1,
    "gklint check reports/2023 --history reports/2022": 0,
    "gklint check reports/ --ruleset strict": 1,
    'gklint check reports/ --extend-exclude "drafts/"': 1,
    "gklint check - --stdin-filename 年报.txt < 年报.txt": 1,
    "gklint config show reports/": 0,
    "gklint extract reports/ --format sqlite -o reports.db": 0,
    "gklint rules": 0,
    "gklint rule GK401": 0,
    "gklint plugins": 0,
    "gklint formats": 0,
    "gklint check reports/ --ruleset hunan": 1,
    "gklint check 2023年报.pdf 2023年报.html": 0,
    "gklint check reports/ --ignore GK107": 1,
    "gklint check reports/ --fail-on warning": 1,
    "gklint check reports/ --write-baseline .gklint-baseline.json": 0,
    "gklint check reports/ --baseline .gklint-baseline.json": 0,
    "gklint check reports/ --diff": 1,
    "gklint check reports/ --fix": 1,
    "gklint check reports/2023/ --history reports/2022/": 0,
    "gklint extract reports/ --format csv -o dataset/": 0,
    "gklint extract reports/ --format sqlite -o reports.db --findings": 0,
    "gklint check reports/ --report sarif:gklint.sarif --report junit:gklint.xml": 1,
    "gklint check reports/ --format html -o 年报检查.html": 1,
    "gklint check reports/ --report html:年报检查.html": 1,
    "gklint stats reports/": 0,
    "gklint stats reports/ --format json": 0,
}


def _without_comment(line: str) -> str:
    """The command without its trailing `# comment` (a # inside quotes stays)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].strip()
    return line.strip()


def documented_commands() -> list[str]:
    """Every gklint command in the docs' shell blocks (and `$ gklint …` lines of their examples),
    in document order; `a && b` counts each part; pip and pytest commands are CI's to run."""
    commands: list[str] = []
    for doc in DOCS:
        for language, body in FENCE.findall((ROOT / doc).read_text(encoding="utf-8")):
            for raw in body.splitlines():
                line = raw.removeprefix("$ ") if language == "text" and raw.startswith("$ ") else raw
                if language not in ("bash", "sh") and line == raw:
                    continue
                for part in _without_comment(line).split("&&"):
                    if part.strip().startswith("gklint"):
                        commands.append(part.strip())
    return commands


def test_every_documented_command_is_known() -> None:
    found = documented_commands()
    assert found, "no commands found: the parser no longer reads the docs"
    assert set(found) - set(EXPECTED) == set(), "a new command in the docs: add its exit code to EXPECTED"
    assert set(EXPECTED) - set(found) == set(), "EXPECTED lists a command the docs no longer show"


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the bundled examples where the docs expect reports."""
    from gklint.binder import bind
    from gklint.manager import load_plugins
    from tests.render.content import from_report
    from tests.render.html import render_html
    from tests.render.pdf import render_pdf

    (tmp_path / ".git").mkdir()
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    shutil.copytree(EXAMPLES, tmp_path / "reports")
    for year in ("2022", "2023"):
        (tmp_path / "reports" / year).mkdir()
        shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "reports" / year / f"clean-{year}.md")
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / "年报.txt")
    plugins = load_plugins()
    reader = next(r for r, _ in plugins.readers if ".md" in r.suffixes)
    document = reader.read("clean-2023.md", (EXAMPLES / "clean-2023.md").read_bytes())
    content = from_report(bind(document, [t for t, _ in plugins.templates]))
    pdf = render_pdf(content)
    (tmp_path / "年报.pdf").write_bytes(pdf)
    (tmp_path / "2023年报.pdf").write_bytes(pdf)
    (tmp_path / "2023年报.html").write_bytes(render_html(content))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(command: str, monkeypatch: pytest.MonkeyPatch) -> int:
    words = shlex.split(command)
    if "<" in words:  # `… < file`: the file on standard input
        at = words.index("<")
        data = Path(words[at + 1]).read_bytes()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
        words = words[:at]
    return main(words[1:])


def test_every_documented_command_runs_with_its_exit_code(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    has_hunan = _installed("gklint_hunan")
    for command in dict.fromkeys(documented_commands()):
        if "--ruleset hunan" in command and not has_hunan:
            continue
        code = _run(command, monkeypatch)
        err = capsys.readouterr().err
        assert code == EXPECTED[command], f"{command}: exit {code}\n{err}"
        assert "Traceback" not in err


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


# --------------------------------------------------------------------------- claims of the docs

ALL_DOCS = ("README.md", "docs/guide.md", "docs/formats.md", "docs/plugins.md", "plugins/gklint-hunan/README.md")


def test_no_doc_or_code_points_at_a_site_that_does_not_exist() -> None:
    texts = [(ROOT / doc).read_text(encoding="utf-8") for doc in ALL_DOCS]
    texts += [path.read_text(encoding="utf-8") for path in (ROOT / "gklint").rglob("*.py")]
    assert not [t for t in texts if "readthedocs" in t or "github.com/OWNER" in t]


def test_docs_install_from_the_repository_while_gklint_is_not_published() -> None:
    for doc in ALL_DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        assert not re.search(r"pip install (gklint|gklint-hunan)(\s|$|`)", text), doc


def test_every_pre_commit_rev_in_the_docs_names_a_revision_of_this_repository() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    revs = {
        rev
        for doc in ALL_DOCS
        for rev in re.findall(r"^\s*rev:\s*(\S+)", (ROOT / doc).read_text(encoding="utf-8"), re.M)
    }
    assert revs
    for rev in revs:
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=ROOT)
        assert done.returncode == 0, f"rev: {rev} is not a revision of this repository"


def test_the_license_file_matches_pyproject() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = { text = "MIT" }' in pyproject
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text


def test_built_in_rules_have_no_help_uri() -> None:
    from gklint.manager import load_plugins

    infos = load_plugins().rule_infos()
    assert all(info.url == "" for info in infos.values() if info.plugin != "hunan")


def test_the_sarif_result_shown_in_the_formats_page_is_what_gklint_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    page = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    shown = json.loads(re.search(r'```json\n(\{\n  "ruleId": "GK501".*?)\n```', page, re.S)[1])  # type: ignore[index]
    monkeypatch.chdir(ROOT)
    main(["check", "--no-cache", "examples/", "--format", "sarif"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert shown in results


def test_every_name_gklint_plugin_exports_is_in_the_plugin_guide() -> None:
    import gklint.plugin

    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    missing = [name for name in gklint.plugin.__all__ if not re.search(rf"`[^`]*\b{re.escape(name)}\b", guide)]
    assert missing == []
