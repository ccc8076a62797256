"""A run's settings never depend on argument order, `extends` inherits every key, and nothing
unknown in a configuration or on the command line passes silently (exit 2, naming the file, the key
and the nearest valid value), all before any report is read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gklint.cli import main
from gklint.runner import Linter
from tests.conftest import EXAMPLES


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository with the mistakes example copied in, as the working directory."""
    (tmp_path / ".git").mkdir()
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / "mistakes-2023.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def no_report_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any report is examined: errors must come before reading."""

    def examine(*args: object, **kwargs: object) -> None:
        raise AssertionError("a report was read before the configuration was checked")

    monkeypatch.setattr(Linter, "examine", examine)


def folder(root: Path, name: str, config: str | None = None) -> Path:
    path = root / name
    path.mkdir()
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", path / "mistakes-2023.txt")
    if config is not None:
        (path / ".gklint.yaml").write_text(config, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --------------------------------------------------------------------------- 1. argument order


def test_fail_on_of_one_folder_does_not_depend_on_argument_order(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder(project, "A", "fail-on: never\n")
    folder(project, "B")

    assert run(capsys, "check", "A", "B")[0] == 1  # B's errors fail the run, whichever comes first
    assert run(capsys, "check", "B", "A")[0] == 1
    assert run(capsys, "check", "A")[0] == 0  # A's own fail-on is honoured for A's files


def test_language_comes_from_the_working_directory_not_the_first_path(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder(project, "A", "lang: en\n")
    folder(project, "B")

    code_ab, out_ab, err_ab = run(capsys, "check", "A", "B", "--format", "concise")
    code_ba, out_ba, _ = run(capsys, "check", "B", "A", "--format", "concise")

    assert (code_ab, out_ab) == (code_ba, out_ba)
    assert "共发现" in out_ab  # the working directory has no configuration: Chinese
    assert "lang: en" in err_ab and "--lang" in err_ab  # the ignored setting is said, not silent
    (project / ".gklint.yaml").write_text("lang: en\n", encoding="utf-8")
    assert "Found" in run(capsys, "check", "B", "--format", "concise")[1]


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a"), ("b",)])
def test_a_bad_option_in_any_folder_is_exit_2_before_reading(
    project: Path, capsys: pytest.CaptureFixture[str], no_report_read: None, order: tuple[str, ...]
) -> None:
    folder(project, "a")
    folder(project, "b", "rules:\n  GK502: {max_amout: 10}\n")

    code, out, err = run(capsys, "check", *order)

    assert code == 2 and out == ""
    assert "b/.gklint.yaml:2" in err and "'max_amout'" in err and "did you mean 'max_amount'?" in err


# --------------------------------------------------------------------------- 2. extends


def test_extends_a_config_written_by_init_inherits_fail_on(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    folder(project, "sub", "extends: ../.gklint.yaml\n")

    assert run(capsys, "check", "sub")[0] == 1  # linted, not "'fail-on': unknown setting"
    (project / ".gklint.yaml").write_text("fail-on: never\n", encoding="utf-8")
    assert run(capsys, "check", "sub")[0] == 0  # the parent's fail-on holds in sub/


@pytest.mark.parametrize(
    ("parent", "absent"),
    [
        ("select: [GK2]\n", "GK302"),
        ("ignore: [GK302]\n", "GK302"),
        ("severity:\n  GK302: off\n", "GK302"),
        ("per-file-ignores:\n  'sub/*.txt': [GK302]\n", "GK302"),
        ("rules:\n  GK502: {max_amount: 1}\nselect: [GK5]\n", "GK302"),
        ("extend-exclude: ['sub/mistakes-2023.txt']\n", "mistakes"),
    ],
)
def test_every_key_may_be_inherited(
    project: Path, capsys: pytest.CaptureFixture[str], parent: str, absent: str
) -> None:
    (project / "common.yaml").write_text(parent, encoding="utf-8")
    folder(project, "sub", "extends: ../common.yaml\n")
    shutil.copyfile(EXAMPLES / "clean-2023.md", project / "sub" / "clean-2023.md")

    code, out, err = run(capsys, "check", "sub", "--format", "json")

    assert code in (0, 1), err
    assert absent not in out


@pytest.mark.parametrize(
    ("extends", "words"),
    [
        ("/etc/hostname", "is an absolute path"),
        ("../../outside.yaml", "is outside the project"),
        ("[[1]]", "expected a ruleset name or a file"),
        ("nationl", "did you mean 'national'?"),
        ("missing.yaml", "no such file: missing.yaml"),
    ],
)
def test_extends_names_a_ruleset_or_a_file_under_the_project(
    project: Path, capsys: pytest.CaptureFixture[str], no_report_read: None, extends: str, words: str
) -> None:
    (project.parent / "outside.yaml").write_text("select: [GK2]\n", encoding="utf-8")
    folder(project, "sub", f"extends: {extends}\n")

    code, _, err = run(capsys, "check", "sub")

    assert code == 2 and words in err and "sub/.gklint.yaml:1" in err


@pytest.mark.parametrize(
    "secret",
    ["password: hunter2\n", "lang: hunter2\n", "select: [hunter2\n", "fail-on: [hunter2]\n"],
)
def test_an_error_in_an_extended_file_never_repeats_its_content(
    project: Path, capsys: pytest.CaptureFixture[str], secret: str
) -> None:
    (project / "secret.yaml").write_text(secret, encoding="utf-8")
    folder(project, "sub", "extends: ../secret.yaml\n")

    code, _, err = run(capsys, "check", "sub")

    assert code == 2 and "secret.yaml" in err
    assert "hunter2" not in err and "password" not in err


def test_extends_cycle_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "one.yaml").write_text("extends: two.yaml\n", encoding="utf-8")
    (project / "two.yaml").write_text("extends: one.yaml\n", encoding="utf-8")
    folder(project, "sub", "extends: ../one.yaml\n")

    code, _, err = run(capsys, "check", "sub")

    assert code == 2 and "extends itself" in err


# --------------------------------------------------------------------------- 3. nothing unknown


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("severity:\n  GK9999: error\n", ["key 'severity: GK9999'", "'GK9999' matches no rule", "codes start with GK"]),
        ("ignore: 7\n", ["key 'ignore'", "expected rule codes or prefixes"]),
        ("ignore: [GK1, 7]\n", ["key 'ignore'", "expected rule codes"]),
        ('severity:\n  "GK1,GK2": error\n', ["key 'severity'", "one rule code or prefix per entry"]),
        ("extends: [[1]]\n", ["key 'extends'"]),
        ("selct: [GK2]\n", ["key 'selct'", "did you mean 'select'?"]),
        ("rules:\n  GK305: {department_deadline: '13-45'}\n", ["key 'rules: GK305'", "MM-DD", "'01-31'"]),
        ("rules:\n  GK502: {max_amount: .nan}\n", ["'max_amount'", "expected a number like 100000"]),
        ("rules:\n  GK502: {max_amount: .inf}\n", ["'max_amount'", "expected a number"]),
        ("rules:\n  GK305: {level: banana}\n", ["'level'", "auto, department, government, township"]),
        ("rules:\n  GK305: {level: goverment}\n", ["did you mean 'government'?"]),
        ("rules:\n  GK305: {published: '2024-02-30'}\n", ["'published'", "YYYY-MM-DD"]),
        ("rules:\n  GK305: {published: 2024-02-30}\n", ["invalid YAML", "day is out of range"]),
        ("rules:\n  GK999: {x: 1}\n", ["no rule GK999 is installed", "(see `gklint rules`)"]),
        ("rules:\n  GK503: {x: 1}\n", ["unknown option 'x'", "options of GK503: since"]),
        ("rules:\n  GK3O5: {level: auto}\n", ["no rule GK3O5 is installed", "did you mean 'GK305'?"]),
        ("severity:\n  GK2: warning\n  GK503: errror\n", [".gklint.yaml:3: key 'severity: GK503'", "'error'?"]),
        ("severity:\n  GK999: off\n", [".gklint.yaml:2: key 'severity: GK999'", "did you mean 'GK109'?"]),
        ("fail-on: errors\n", ["key 'fail-on'", "did you mean 'error'?"]),
        ("lang: english\n", ["key 'lang'", "expected zh or en"]),
        ("ignore: [GK099]\n", ["GK099 (internal error) is always reported"]),
        ("severity:\n  GK099: info\n", ["GK099 (internal error) is always reported"]),
        ("exclude: 3\n", ["key 'exclude'", "gitignore-style patterns"]),
    ],
)
def test_a_configuration_mistake_is_exit_2_naming_file_key_and_nearest_value(
    project: Path, capsys: pytest.CaptureFixture[str], no_report_read: None, config: str, words: list[str]
) -> None:
    (project / ".gklint.yaml").write_text(config, encoding="utf-8")

    code, out, err = run(capsys, "check", ".")

    assert code == 2 and out == ""
    assert ".gklint.yaml:" in err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize(
    ("table", "words"),
    [
        (
            'select = ["GK2"]\nseverity = { GK201 = "warning", GK503 = "errror" }\n',
            ["pyproject.toml:6: key 'severity: GK503'"],
        ),
        (
            'select = ["GK2"]\n\n[tool.gklint.severity]\nGK201 = "warning"\nGK999 = "off"\n',
            ["pyproject.toml:9: key 'severity: GK999'"],
        ),
        ('selct = ["GK2"]\n', ["pyproject.toml:5: key 'selct'", "did you mean 'select'?"]),
        ('[tool.gklint.rules.GK305]\nlevel = "banana"\n', ["pyproject.toml:5: key 'rules: GK305'", "'level'"]),
    ],
)
def test_a_mistake_in_pyproject_names_its_line(
    project: Path, capsys: pytest.CaptureFixture[str], no_report_read: None, table: str, words: list[str]
) -> None:
    """[tool.gklint] errors name the line as .gklint.yaml's do (tomllib gives no positions: they
    are found in the text)."""
    (project / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n[tool.gklint]\n{table}', encoding="utf-8")
    code, out, err = run(capsys, "check", ".")
    assert (code, out) == (2, "")
    for word in words:
        assert word in err, err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--select", "XYZ"], ["--select: 'XYZ' matches no rule", "codes start with GK"]),
        (["--select", "GK999"], ["--select: 'GK999'", "did you mean 'GK109'?"]),  # never GK099, which no option sets
        (["--select", "GK4O1"], ["did you mean 'GK401'?"]),
        (["--ignore", "GK1,HX"], ["--ignore: 'HX' matches no rule"]),
        (["--select", "GK-1"], ["not a rule code or prefix: 'GK-1'"]),
        (["--history", "nowhere"], ["--history: no such folder: nowhere"]),
        (["--ruleset", "strct"], ["did you mean 'strict'?"]),
        (["--format", "jsn"], ["unknown format 'jsn'; did you mean 'json'?"]),
        (["-format"], ["unknown format 'ormat'; did you mean --format (two dashes)?"]),  # -f ormat
        (["--published", "2024-13-01"], ["--published: not a date"]),
        (["--config", "nowhere.yaml"], ["--config: no such file"]),
    ],
)
def test_a_command_line_mistake_is_exit_2_before_reading(
    project: Path, capsys: pytest.CaptureFixture[str], no_report_read: None, args: list[str], words: list[str]
) -> None:
    code, out, err = run(capsys, "check", "mistakes-2023.txt", *args)

    assert code == 2 and out == ""
    for word in words:
        assert word in err, err


def test_an_empty_folder_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "empty").mkdir()
    (project / "empty" / "notes.csv").write_text("a,b\n", encoding="utf-8")

    code, _, err = run(capsys, "check", "empty")

    assert code == 2 and "no report files found in empty" in err


def test_codes_of_an_installed_plugin_are_known(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("gklint_hunan")
    code, out, _ = run(capsys, "check", "mistakes-2023.txt", "--select", "HN", "--format", "json")
    assert code in (0, 1) and json.loads(out)["summary"]["files"] == 1
    assert run(capsys, "check", "mistakes-2023.txt", "--select", "HN", "-p", "no:hunan")[0] == 2
