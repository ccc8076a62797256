"""The source lines a file's findings point at travel with its result, read from the bytes that were
linted: the text output shows them without reading the file again (a warm run reads no report)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from gklint.cli import main
from gklint.formatters.text import TextFormatter
from gklint.lines import split_lines
from gklint.linting import LONGEST_CARRIED
from gklint.model import FileResult, RunResult
from gklint.testing import _test_linter, base_report

KEPT = "| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 1 | 2 | 3 |"
BROKEN = KEPT[:-3] + "5 |"
COMMENTED = "<!-- gklint: disable-next-line=GK999 -->\n"  # names no rule that fires here: unused


def _result(folder: Path, name: str, text: str) -> FileResult:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    linter = _test_linter(None, None, None)
    return linter.finish(linter.examine(path, True, shown=name))


def _text(result: FileResult, folder: Path) -> str:
    linter = _test_linter(None, None, None)
    run = RunResult((result,), linter.plugins.rule_infos(), "0", root=str(folder))
    return TextFormatter().render(run)


@pytest.mark.parametrize("suffix", [".md", ".txt"])
def test_a_result_carries_the_lines_its_findings_point_at(tmp_path: Path, suffix: str) -> None:
    text = base_report().replace(KEPT, BROKEN)
    if suffix == ".md":
        text = text.replace(BROKEN, COMMENTED + BROKEN)
    result = _result(tmp_path, f"report{suffix}", text)
    lines = split_lines(text)
    pointed = {f.location.line for f in result.findings if f.location.line}
    assert pointed and {number for number, _ in result.source_lines} >= pointed
    assert all(lines[number - 1] == line for number, line in result.source_lines)
    if suffix == ".md":
        assert any(line == COMMENTED.strip() for _, line in result.source_lines)  # the comment's own line


def test_the_text_output_shows_the_lines_as_linted_without_the_file(tmp_path: Path) -> None:
    result = _result(tmp_path, "report.md", base_report().replace(KEPT, BROKEN))
    shown = _text(result, tmp_path)
    assert BROKEN.strip() in shown  # the offending row under its finding
    (tmp_path / "report.md").unlink()
    assert _text(result, tmp_path) == shown  # from the lines the result carries
    assert BROKEN.strip() not in _text(replace(result, source_lines=()), tmp_path)  # nothing to read now


def test_a_line_the_result_lacks_is_read_from_the_file(tmp_path: Path) -> None:
    result = _result(tmp_path, "report.md", base_report().replace(KEPT, BROKEN))
    without_one = replace(result, source_lines=result.source_lines[1:])
    assert _text(without_one, tmp_path) == _text(result, tmp_path)


def test_cached_and_streamed_outputs_show_the_same_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for year in (2022, 2023):
        text = base_report().replace("2023", str(year))
        (reports / f"示例市示例局-{year}.md").write_text(text.replace(KEPT, BROKEN), encoding="utf-8")
    outputs = []
    for flags in (["--no-cache"], ["--cache-dir", str(tmp_path / "cache")], ["--cache-dir", str(tmp_path / "cache")]):
        main(["check", *flags, str(reports)])
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] == outputs[2]
    assert BROKEN.strip() in outputs[0] and "GK6" in outputs[0]  # cross-year findings read their lines


def test_a_very_long_line_is_not_carried_but_still_shown(tmp_path: Path) -> None:
    padding = "说明" * LONGEST_CARRIED  # the offending row's line made longer than is carried
    text = base_report().replace(KEPT, BROKEN + "<!-- " + padding + " -->")
    result = _result(tmp_path, "report.md", text)
    long_line = next(number for number, line in enumerate(split_lines(text), 1) if padding in line)
    assert any(f.location.line == long_line for f in result.findings)
    assert long_line not in dict(result.source_lines)
    assert "5 |" in _text(result, tmp_path)  # read from the file, as before
