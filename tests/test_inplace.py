"""A run of one file whose reader a signal can stop reads it in the calling process, still within
its time and memory limits; any other run forks its workers as before."""

from __future__ import annotations

import os
import re
import resource
import signal
import threading
from pathlib import Path

import pytest

from gklint.cli import main
from gklint.inplace import run_here
from gklint.manager import load_plugins
from gklint.workers import Exceeded, can_isolate
from tests.conftest import EXAMPLES, run_json

pytestmark = pytest.mark.skipif(not can_isolate(), reason="the comparison is with forked workers")

FORKS: list[int] = []
os.register_at_fork(before=lambda: FORKS.append(1))  # every fork this process makes, counted


def _own_plugins_only() -> list[str]:
    """``-p no:NAME`` for every installed plugin of another distribution (a province's rules fork:
    ``tests/test_trust_crashes.py``)."""
    records = load_plugins().records
    return [f"-p=no:{record.name}" for record in records if record.distribution not in ("gklint", "")]


def _backtracking(size: int) -> object:
    """A regular expression that backtracks for ages: the ``re`` engine must take the timer's signal."""
    return re.match(r"(a+)+$", "a" * size + "b")


def _greedy(size: int) -> int:
    return len(bytearray(size))


def test_a_task_over_its_time_here_is_stopped_even_inside_a_regular_expression() -> None:
    before = signal.getsignal(signal.SIGALRM)
    assert run_here(_backtracking, 40, timeout=0.5, memory=None) == Exceeded("time", "0.5")
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_task_over_its_memory_here_is_stopped_and_the_limit_put_back() -> None:
    before = resource.getrlimit(resource.RLIMIT_AS)
    assert run_here(_greedy, 2 << 30, timeout=None, memory=256 << 20) == Exceeded("memory", "")
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    assert len(bytearray(512 << 20)) == 512 << 20  # the cap is gone: the process may grow again


def test_a_task_within_its_limits_here_gives_its_value_and_a_crash_is_told() -> None:
    assert run_here(_greedy, 10, timeout=5, memory=256 << 20) == 10
    assert run_here(_greedy, -1, timeout=5, memory=None) == Exceeded("crash", "ValueError: negative count")


def test_another_thread_cannot_take_signals_and_runs_nothing_here() -> None:
    answers: list[object] = []
    thread = threading.Thread(target=lambda: answers.append(run_here(_greedy, 10, timeout=5, memory=None)))
    thread.start()
    thread.join()
    assert answers == [None]


def test_one_text_report_is_linted_without_a_fork_and_other_runs_fork(capsys: pytest.CaptureFixture[str]) -> None:
    forks = len(FORKS)
    own = _own_plugins_only()
    code, alone = run_json(capsys, str(EXAMPLES / "clean-2023.md"), "--no-cache", *own)
    assert (code, len(FORKS)) == (0, forks)
    code, both = run_json(
        capsys, str(EXAMPLES / "clean-2023.md"), str(EXAMPLES / "mistakes-2023.txt"), "--no-cache", *own
    )
    assert len(FORKS) > forks  # two files: the workers as before
    first = [f for f in both["findings"] if f["path"].endswith("clean-2023.md")]
    assert first == alone["findings"] == []


def test_one_text_report_over_its_time_limit_here_gets_one_gk002(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    forks = len(FORKS)
    own = _own_plugins_only()
    code, data = run_json(capsys, str(EXAMPLES / "mistakes-2023.txt"), "--no-cache", "--timeout", "0.0001", *own)
    assert len(FORKS) == forks
    assert [(f["code"], f["message_id"]) for f in data["findings"]] == [("GK002", "time-limit")]
    assert code == 1
    assert main(["check", str(EXAMPLES / "clean-2023.md"), "--no-cache", *own]) == 0  # the process goes on as before
