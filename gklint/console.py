"""The terminal: streams that never crash on encoding or a closed pipe, colour only where wanted,
libraries kept quiet, and text padded by display width (a Chinese character takes two cells).
"""

from __future__ import annotations

import enum
import os
import sys
import warnings
from types import ModuleType
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
        _CONFIGURED = True
        if "logging" in sys.modules:
            _quiet(sys.modules["logging"])
        else:  # a text report's run never imports it: quiet it when a library does
            sys.meta_path.insert(0, _QuietWhenImported())
            warnings.showwarning = _show_through_logging


def _quiet(logging: ModuleType) -> None:
    """With a handler on the root logger, Python's last-resort handler (which prints every WARNING
    of pdfminer and friends to stderr) never runs, and warnings go to logging; workers inherit this."""
    if warnings.showwarning is _show_through_logging:
        warnings.showwarning = _SHOW_WARNING
    logging.getLogger().addHandler(logging.NullHandler())
    logging.captureWarnings(True)


_SHOW_WARNING = warnings.showwarning


def _show_through_logging(*args: Any, **kwargs: Any) -> None:
    """A warning before anything imported ``logging``: import it (and so quiet it), then show the
    warning as a quieted ``logging`` does."""
    import logging

    if warnings.showwarning is _show_through_logging:  # imported by a route that did not quiet it
        _quiet(logging)
    warnings.showwarning(*args, **kwargs)


class _QuietWhenImported:
    """First on ``sys.meta_path`` until ``logging`` is imported: finds it as the finders after it do,
    and quiets it as soon as its module has run, before any library can log through it."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "logging":
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec = getattr(finder, "find_spec", lambda *args: None)(name, path, target)
            if spec is not None:
                break
        else:
            return None
        run = getattr(spec.loader, "exec_module", None)
        if run is not None:

            def exec_module(module: ModuleType) -> None:
                run(module)
                _quiet(module)

            spec.loader.exec_module = exec_module
        return spec


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
