"""The terminal: streams that never crash on encoding or a closed pipe, colour only where wanted,
libraries kept quiet, and text padded by display width (a Chinese character takes two cells).
"""

from __future__ import annotations

import enum
import logging
import os
import sys
from typing import IO, Any, TextIO

_CONFIGURED = False


class Exit(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2  # usage, configuration, plugin or output errors, and internal errors (GK099)
    INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT


def note(message: str) -> None:
    """A message for the person running gklint, on stderr (never mixed into the output)."""
    print(f"gklint: {message}", file=sys.stderr)


def setup_streams() -> None:
    """Characters the terminal's encoding lacks are escaped (``PYTHONIOENCODING=ascii`` must not
    crash a run); library log records and warnings go nowhere."""
    global _CONFIGURED
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    if not _CONFIGURED:
        # With a handler on the root logger, Python's last-resort handler (which prints every
        # WARNING of pdfminer and friends to stderr) never runs; worker processes inherit this.
        logging.getLogger().addHandler(logging.NullHandler())
        logging.captureWarnings(True)
        _CONFIGURED = True


def wants_color(stream: IO[str]) -> bool:
    """Colour on a terminal only; ``NO_COLOR`` turns it off and ``FORCE_COLOR`` on (NO_COLOR wins)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def silence_stdout() -> None:
    """After a broken pipe or a full disk, point stdout at the null device so that the
    interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (tests capture stdout): nothing will flush to it


class StdoutGone(Exception):
    """Standard output cannot be written (a full disk, a closed file); exit 2."""


def write_stdout(text: str, stream: TextIO | None = None) -> None:
    """Write and flush (to ``stream``: stdout as it was when a streamed output began); a reader that
    went away (``| head``) is not an error, anything else is."""
    out = stream or sys.stdout
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as exc:
        silence_stdout()
        raise StdoutGone(exc.strerror or str(exc)) from None


def width(text: str) -> int:
    """Display width in terminal cells."""
    from wcwidth import wcswidth

    measured = wcswidth(text)
    return measured if measured >= 0 else len(text)


def pad(text: str, cells: int) -> str:
    """``text`` followed by spaces up to ``cells`` display cells."""
    return text + " " * max(0, cells - width(text))


def table(rows: list[tuple[Any, ...]], headers: list[str], numbers: bool = False) -> str:
    """A plain text table aligned by display width (tabulate measures with wcwidth); with
    ``numbers`` the first column is right-aligned."""
    from tabulate import tabulate

    align = ("right", *["left"] * (len(headers) - 1)) if numbers else None
    return tabulate(rows, headers=headers, disable_numparse=True, colalign=align)
