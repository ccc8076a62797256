"""The text output's source lines: split as the text reader splits them, whatever the line ends."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gklint.formatters.text import split_lines
from tests.conftest import EXAMPLES

READER_SPLIT = re.compile(r"\r\n|\r|\n")  # the text reader's own split, written out


@given(st.lists(st.sampled_from(["\r", "\n", "\r\n", "\u2028", "\x0b", "a", "年", " ", "\t"])).map("".join))
def test_split_lines_is_the_readers_split(text: str) -> None:
    assert split_lines(text) == READER_SPLIT.split(text)


def _text_output(report: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "gklint", "check", "--no-cache", "--format", "text", report.name],
        cwd=report.parent,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    return done.stdout


def test_findings_show_the_same_source_lines_for_every_kind_of_line_end(tmp_path: Path) -> None:
    text = (EXAMPLES / "mistakes-2023.txt").read_text(encoding="utf-8")
    outputs = {}
    for name, end in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
        folder = tmp_path / name
        folder.mkdir()
        report = folder / "report.txt"
        report.write_bytes(end.join(text.splitlines()).encode("utf-8"))
        outputs[name] = _text_output(report)
    assert " | " in outputs["lf"]  # findings with their source lines under them
    assert outputs["crlf"] == outputs["lf"]
    assert outputs["cr"] == outputs["lf"]
