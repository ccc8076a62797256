"""The progress bar: on a terminal only, never piped, in CI or with --quiet; erased when done."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from gklint import progress
from gklint.cli import main
from gklint.progress import ProgressBar, line, progress_bar, wanted
from tests.conftest import EXAMPLES


class Terminal(io.StringIO):
    """Standard error as a terminal shows it: a text stream that says it is a TTY."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_line_counts_rate_and_time_left() -> None:
    text = line(30, 120, 10.0, 80)
    assert text.startswith(" 30/120 [") and "3.0 files/s" in text and text.endswith("ETA 0:30")
    assert len(text) <= 80
    assert "ETA" not in line(0, 5, 1.0, 80)  # no rate yet, no estimate
    assert len(line(7, 1000, 3.0, 24)) <= 24  # a narrow terminal drops the bar, not the count


def test_bar_waits_redraws_now_and_then_and_erases_itself() -> None:
    stream, clock = Terminal(), Clock()
    bar = ProgressBar(stream, now=clock)
    bar(1, 4)
    assert stream.getvalue() == ""  # a quick run shows nothing
    clock.now = 1.0
    bar(2, 4)
    clock.now = 1.05
    bar(3, 4)  # too soon to redraw
    drawn = stream.getvalue()
    assert drawn.count("\r") == 1 and drawn.startswith("\r2/4 [")
    clock.now = 2.0
    bar(4, 4)
    assert stream.getvalue().endswith("\r\x1b[K")


def test_wanted_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert wanted(Terminal())
    assert not wanted(io.StringIO())  # piped or redirected
    assert not wanted(Terminal(), quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not wanted(Terminal())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert progress_bar(stream=Terminal()) is None


@pytest.fixture
def many(tmp_path: Path) -> Path:
    for index in range(6):
        shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / f"report-{index}.md")
    return tmp_path


def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """Standard error a terminal, for the rest of the test (pytest's own capture is set up before
    the test body runs, so this has to be called from the body)."""
    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REDRAW", 0.0)
    return stream


def test_check_and_stats_show_progress_on_a_terminal(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stream = terminal(monkeypatch)
    out = many / "out.json"
    assert main(["check", str(many), "--format", "json", "-o", str(out)]) == 0
    shown = stream.getvalue()
    assert "5/6 [" in shown and shown.endswith("\r\x1b[K")  # erased before the output
    assert out.read_text(encoding="utf-8").startswith("{")  # the report itself holds no progress

    stream.seek(0)
    stream.truncate()
    assert main(["stats", str(many)]) == 0
    assert "/6 [" in stream.getvalue()


def test_no_progress_with_quiet_in_ci_or_piped(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stream = terminal(monkeypatch)
    assert main(["stats", str(many), "--quiet"]) == 0
    assert main(["check", str(many), "--quiet"]) == 0
    monkeypatch.setenv("CI", "1")
    assert main(["check", str(many)]) == 0
    assert stream.getvalue() == ""
    monkeypatch.delenv("CI")
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert main(["check", str(many)]) == 0
