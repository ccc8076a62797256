"""Which files a run reads, the names findings give them, and reading their bytes safely.

Paths come from users and from folders full of downloads: a name may not be valid UTF-8, hold line
breaks or escape sequences, be a symlink loop, name a FIFO or a device, or reach a file another
path reaches too. None of that may crash the run, hang it, or make two findings of one file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gklint.budget import describe_size

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv"}


def display_path(path: Path) -> str:
    """The path as findings show it: relative to the working directory when below it, POSIX.

    Only the folders are resolved: the file keeps the name it was found under (a symlink is not
    replaced by its target, and a symlink loop cannot stop the run). Bytes that are not UTF-8 are
    shown as ``\\xNN``, so every output can encode the name.
    """
    folder = Path(os.path.realpath(path.parent))
    full = folder / path.name if path.name not in ("", ".", "..") else Path(os.path.realpath(path))
    try:
        shown = full.relative_to(Path(os.path.realpath(os.getcwd()))).as_posix()
    except ValueError:
        shown = path.as_posix()
    return shown_name(shown)


def shown_name(name: str) -> str:
    """A file name as text every output can encode: bytes that are not UTF-8 become ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Target:
    """A file to lint; ``explicit`` when named on the command line rather than found in a folder."""

    path: Path
    explicit: bool


def discover(paths: Iterable[str], suffixes: set[str]) -> list[Target]:
    """Files named explicitly are always linted; directories are searched for claimed suffixes.

    In path order; a file reached by several paths (a symlink, a hard link, a folder and a file in
    it) is linted once, under the first of its names."""
    found: dict[Path, bool] = {}
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for file in files:
                    if Path(file).suffix.lower() in suffixes:
                        found.setdefault(Path(root, file), False)
        else:
            found[path] = True
    shown = {path: display_path(path) for path in found}
    chosen: dict[object, Path] = {}  # each file's name: one named on the command line, else the first
    for path in sorted(found, key=lambda p: (not found[p], shown[p], str(p))):
        chosen.setdefault(_identity(path) or shown[path], path)
    kept = sorted(chosen.values(), key=lambda p: (shown[p], str(p)))
    return [Target(path, found[path]) for path in kept]


def _identity(path: Path) -> tuple[int, int] | None:
    """The file a path reaches (device, inode), or None when it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if info.st_ino else None


# --------------------------------------------------------------------------- reading


class Refused(Exception):
    """The file is not read: not a regular file, too large, or it cannot be opened (GK002)."""

    def __init__(self, reason: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.reason = reason  # a stable id: cannot-open, not-a-file, too-large
        self.message = message
        self.message_en = message_en


_KINDS = (
    (stat.S_ISDIR, "目录", "a directory"),
    (stat.S_ISFIFO, "命名管道（FIFO）", "a named pipe (FIFO)"),
    (stat.S_ISCHR, "字符设备", "a character device"),
    (stat.S_ISBLK, "块设备", "a block device"),
    (stat.S_ISSOCK, "套接字", "a socket"),
)


def read_source(path: Path, max_size: int | None) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes (None: any size).

    The file is opened without blocking (a FIFO with no writer would wait forever) and checked
    after opening, so a symlink to ``/dev/zero`` or a pipe is refused, never read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise Refused("cannot-open", f"无法打开文件：{reason}", f"cannot open: {reason}") from None
    try:
        info = os.fstat(fd)
        _check_kind(info.st_mode)
        if max_size is not None and info.st_size > max_size:
            raise _too_large(info.st_size, max_size)
        return _read_all(fd, max_size)
    finally:
        os.close(fd)


def _check_kind(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind, kind_en = next(((zh, en) for test, zh, en in _KINDS if test(mode)), ("特殊文件", "a special file"))
    raise Refused(
        "not-a-file",
        f"不是普通文件（是{kind}），不予读取",
        f"not a regular file ({kind_en}); not read",
    )


def _read_all(fd: int, max_size: int | None) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = os.read(fd, 1 << 20)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise Refused("cannot-open", f"无法读取文件：{reason}", f"cannot read: {reason}") from None
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if max_size is not None and total > max_size:
            raise _too_large(total, max_size)  # the file grew while it was read
        chunks.append(chunk)


def _too_large(size: int, limit: int) -> Refused:
    shown, cap = describe_size(size), describe_size(limit)
    return Refused(
        "too-large",
        f"文件过大（{shown}），超过每个文件 {cap} 的上限（--max-file-size），未读取",
        f"the file is too large ({shown}): over the per-file limit of {cap} (--max-file-size); not read",
    )
