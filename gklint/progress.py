"""A progress bar for people: files done / total, rate and time left, on standard error.

Only on a terminal: never when standard error is piped or redirected, in CI (``CI`` set), on a
``dumb`` terminal, or with ``--quiet``. It appears only once a run has lasted a moment (a quick run
shows nothing) and erases itself when the last file is done, so the output that follows starts on
a clean line. Plain ASCII, so that any console encoding can print it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY = 0.5  # seconds before the bar first appears
REDRAW = 0.1  # seconds between two redraws


def wanted(stream: TextIO, quiet: bool = False) -> bool:
    """Whether a progress bar belongs on ``stream``."""
    if quiet or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def line(done: int, total: int, elapsed: float, width: int) -> str:
    """`` 37/120 [=====>      ] 12.3 files/s ETA 0:07``, at most ``width`` characters."""
    rate = done / elapsed if elapsed > 0 else 0.0
    left = f"ETA {clock((total - done) / rate)}" if rate > 0 and done < total else ""
    count = f"{done:>{len(str(total))}}/{total}"
    tail = f" {rate:.1f} files/s {left}".rstrip()
    room = width - len(count) - len(tail) - 4
    if room < 5:
        return (count + tail)[:width]
    filled = room * done // total if total else room
    bar = "=" * filled + (">" if filled < room else "") + " " * max(0, room - filled - 1)
    return f"{count} [{bar}]{tail}"


class ProgressBar:
    """Call it with (done, total) as each file is done; it draws now and then, and erases itself
    after the last file."""

    def __init__(self, stream: TextIO, now: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.now = now
        self.started = now()
        self.drawn_at: float | None = None

    def __call__(self, done: int, total: int) -> None:
        moment = self.now()
        if done >= total:
            self.clear()
            return
        if moment - self.started < DELAY or (self.drawn_at is not None and moment - self.drawn_at < REDRAW):
            return
        import shutil  # only once the bar is drawn: shutil imports the compression modules

        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        self.stream.write("\r" + line(done, total, moment - self.started, width) + "\x1b[K")
        self.stream.flush()
        self.drawn_at = moment

    def clear(self) -> None:
        if self.drawn_at is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn_at = None


def progress_bar(quiet: bool = False, stream: TextIO | None = None) -> ProgressBar | None:
    """A progress bar on standard error (or ``stream``) when one belongs there, else None."""
    target = stream if stream is not None else sys.stderr
    return ProgressBar(target) if wanted(target, quiet) else None
