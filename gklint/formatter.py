"""The formatter base class: the run's results in, text out."""

from __future__ import annotations

from typing import ClassVar

from gklint.model import RunResult


class Formatter:
    """Base class of output formats. ``render`` returns the whole output as text."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    file_extension: ClassVar[str] = ".txt"
    human_readable: ClassVar[bool] = False

    def render(self, run: RunResult) -> str:
        raise NotImplementedError
