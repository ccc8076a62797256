"""Rulesets, configuration files and their precedence, as a user sets them up."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gklint.cli import main
from gklint.config import Settings
from tests.conftest import EXAMPLES, run_json


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository of reports: the mistakes example at the top and in a folder `archive/`."""
    (tmp_path / ".git").mkdir()  # bounds the config search, as a real repository does
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / "report.txt")
    (tmp_path / "archive").mkdir()
    shutil.copyfile(EXAMPLES / "mistakes-2023.txt", tmp_path / "archive" / "report.txt")
    return tmp_path


def _codes(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, dict[str, str]]:
    """file name (relative to the repo) -> code -> severity."""
    _, data = run_json(capsys, *args)
    out: dict[str, dict[str, str]] = {}
    for f in data["findings"]:
        name = "archive/report.txt" if "/archive/" in f["path"] else "report.txt"
        out.setdefault(name, {})[f["code"]] = f["severity"]
    return out


def test_selection_by_longest_prefix_with_ignore_winning_ties() -> None:
    settings = Settings(select=("GK2", "GK401"), ignore=("GK20", "GK203"))
    assert [settings.selects(c) for c in ("GK201", "GK203", "GK401", "GK402", "GK105")] == [
        False, False, True, False, False,
    ]  # fmt: skip
    assert Settings(ignore=("GK4",)).selects("GK201") and not Settings(ignore=("GK4",)).selects("GK401")
    assert Settings(select=("GK",), ignore=("GK5",)).selects("GK501") is False
    assert Settings(select=("GK501",), ignore=("GK5",)).selects("GK501") is True


def test_ruleset_extends_national_and_a_folder_config_turns_a_rule_off(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "province.yaml").write_text(
        "name: province\nextends: national\nseverity:\n  GK503: error\n", encoding="utf-8"
    )
    (repo / ".gklint.yaml").write_text("extends: province.yaml\n", encoding="utf-8")
    (repo / "archive" / ".gklint.yaml").write_text(
        "extends: ../province.yaml\nseverity:\n  GK503: off\n", encoding="utf-8"
    )

    codes = _codes(capsys, str(repo))

    assert codes["report.txt"]["GK503"] == "error"
    assert "GK503" not in codes["archive/report.txt"]
    assert codes["archive/report.txt"]["GK302"] == "error"  # everything else still checked


def test_config_show_says_where_each_setting_came_from(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(__file__).parent)  # paths below the working folder would be shown relative to it
    (repo / "province.yaml").write_text("extends: national\nseverity:\n  GK503: error\n", encoding="utf-8")
    (repo / "archive" / ".gklint.yaml").write_text(
        "extends: ../province.yaml\nseverity:\n  GK503: off\nfail-on: warning\n", encoding="utf-8"
    )

    assert main(["config", "show", str(repo / "archive")]) == 0
    out = capsys.readouterr().out

    assert "select: GK    # from: ruleset national" in out
    assert f"severity GK503: error    # from: {repo / 'province.yaml'}" in out
    assert f"ignore GK503: off    # from: {repo / 'archive' / '.gklint.yaml'}" in out
    assert "fail-on: warning" in out


def test_config_show_of_a_folder_lists_its_per_file_ignores(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo)
    (repo / ".gklint.yaml").write_text("per-file-ignores:\n  'archive/**': [GK3, GK105]\n", encoding="utf-8")
    assert main(["config", "show", "."]) == 0
    assert "per-file-ignores 'archive/**': GK3, GK105    # from: .gklint.yaml" in capsys.readouterr().out


def test_a_wrong_code_in_per_file_ignores_is_named_at_its_own_line(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / ".gklint.yaml").write_text("fail-on: error\nper-file-ignores:\n  '*.txt': [GK1O7]\n", encoding="utf-8")
    assert main(["check", str(repo)]) == 2
    err = capsys.readouterr().err
    assert ".gklint.yaml:3: key 'per-file-ignores: *.txt': 'GK1O7' matches no rule" in err and "'GK107'" in err


def test_per_file_ignores_by_glob(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".gklint.yaml").write_text("per-file-ignores:\n  'archive/**': [GK3, GK105]\n", encoding="utf-8")

    codes = _codes(capsys, str(repo))

    assert {"GK302", "GK105"} <= set(codes["report.txt"])
    assert not {"GK302", "GK105"} & set(codes["archive/report.txt"])
    assert "GK201" in codes["archive/report.txt"]


def test_pyproject_tool_table_is_read(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "pyproject.toml").write_text('[tool.gklint]\nignore = ["GK2"]\n', encoding="utf-8")

    codes = _codes(capsys, str(repo / "report.txt"))

    assert "GK201" not in codes["report.txt"] and "GK401" in codes["report.txt"]


def test_command_line_flags_beat_the_config_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / ".gklint.yaml").write_text("select: [GK2]\n", encoding="utf-8")

    assert set(_codes(capsys, str(repo / "report.txt"))["report.txt"]) == {"GK201", "GK203"}
    assert set(_codes(capsys, str(repo / "report.txt"), "--select", "GK4")["report.txt"]) == {"GK401"}


def test_fail_on_from_config(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = repo / "clean"
    clean.mkdir()
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8").replace("本局2023年度未收取信息处理费。", "无。")
    (clean / "report.md").write_text(text, encoding="utf-8")  # only a GK503 warning
    assert run_json(capsys, str(clean))[0] == 0
    (clean / ".gklint.yaml").write_text("fail-on: warning\n", encoding="utf-8")
    assert run_json(capsys, str(clean))[0] == 1
    assert run_json(capsys, str(clean), "--fail-on", "error")[0] == 0


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("selct: [GK2]\n", ":1: key 'selct'"),
        ("select: [GK2]\nseverity:\n  GK503: loud\n", ":3: key 'severity: GK503'"),  # the entry's own line
        ("fail-on: sometimes\n", ":1: key 'fail-on'"),
        ("select: [GK2\n", "invalid YAML"),
        ("extends: nowhere\n", "unknown ruleset 'nowhere'"),
    ],
)
def test_invalid_configuration_exits_2_naming_file_line_and_key(
    repo: Path, capsys: pytest.CaptureFixture[str], content: str, words: str
) -> None:
    (repo / ".gklint.yaml").write_text(content, encoding="utf-8")

    assert main(["check", str(repo)]) == 2

    err = capsys.readouterr().err
    assert words in err
    assert ".gklint.yaml" in err or "nowhere" in err


def test_unknown_ruleset_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES), "--ruleset", "nope"]) == 2
    assert "unknown ruleset 'nope'" in capsys.readouterr().err


def test_strict_ruleset_makes_warnings_errors(capsys: pytest.CaptureFixture[str]) -> None:
    codes = _codes(capsys, str(EXAMPLES / "mistakes-2023.txt"), "--ruleset", "strict")["report.txt"]
    assert codes["GK107"] == "error" and codes["GK503"] == "error"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("rules:\n  GK502: {max_amout: 10}\n", "unknown option 'max_amout'"),
        ("rules:\n  GK502: {max_amount: lots}\n", "option 'max_amount' is 'lots': expected a number like 100000"),
        ("rules:\n  GK502: {max_amount: -5}\n", "option 'max_amount' is -5: expected at least 0"),
    ],
)
def test_invalid_rule_option_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str], content: str, words: str
) -> None:
    (repo / ".gklint.yaml").write_text(content, encoding="utf-8")
    assert main(["check", str(repo)]) == 2
    assert words in capsys.readouterr().err


def test_published_date_reaches_every_rule_that_reads_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(capsys, str(EXAMPLES / "clean-2023.md"), "--published", "2024-03-01")
    assert [f["code"] for f in data["findings"]] == ["GK305"] and code == 0
    assert main(["check", str(EXAMPLES), "--published", "2024-13-01"]) == 2


def test_init_writes_a_starter_config_that_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    assert main(["init"]) == 0
    assert "id: gklint" in capsys.readouterr().out
    assert main(["init"]) == 2  # never overwrites by accident
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "report.md")
    assert main(["config", "show", "report.md"]) == 0
    assert "fail-on: error    # from: " in capsys.readouterr().out


def test_a_file_that_could_not_be_checked_says_so_whatever_is_selected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--select narrows the rules, never hides that a file was not checked at all; --ignore can."""
    note = tmp_path / "note.txt"
    note.write_text("会议纪要：下周一上午九点在三楼会议室开会。\n", encoding="utf-8")
    for selection in (["--select", "GK201"], ["--select", "GK2,GK4"], []):
        code, data = run_json(capsys, str(note), "--no-cache", *selection)
        assert (code, [f["code"] for f in data["findings"]]) == (1, ["GK002"])
    code, data = run_json(capsys, str(note), "--no-cache", "--select", "GK201", "--ignore", "GK002")
    assert (code, data["findings"]) == (0, [])
    settings = Settings(select=("GK2",))
    assert settings.selects("GK001") and settings.selects("GK002") and not settings.selects("GK003")
    assert not Settings(select=("GK2",), ignore=("GK0",)).selects("GK002")


@pytest.mark.parametrize(("value", "problem"), [(-5, "expected at least 0"), (5000, "expected at most 1000"), (10, "")])
def test_a_numeric_option_may_be_bounded(value: int, problem: str) -> None:
    from gklint.options import option_problem
    from gklint.plugin import Parameter

    assert option_problem(Parameter(100, "上限", "limit", minimum=0, maximum=1000), value) == problem
