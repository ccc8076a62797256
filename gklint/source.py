"""Reading a file's bytes safely: only a regular file, and no more than the size limit.

Paths come from folders full of downloads: one may name a FIFO (a read would wait forever), a
device (``/dev/zero`` never ends), or a file far larger than any report. Each is refused with a
reason, before or while it is read, never read in full.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from gklint.budget import describe_size


class Refused(Exception):
    """The file is not read: not a regular file, too large, or it cannot be opened (GK002)."""

    def __init__(self, reason: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.reason = reason  # a stable id: cannot-open, not-a-file, too-large
        self.message = message
        self.message_en = message_en


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
FIRST_READ = 1 << 16  # a file that states no size (a pipe, a file of /proc)
NEXT_READ = 1 << 20
_KINDS = (
    (stat.S_ISDIR, "目录", "a directory"),
    (stat.S_ISFIFO, "命名管道（FIFO）", "a named pipe (FIFO)"),
    (stat.S_ISCHR, "字符设备", "a character device"),
    (stat.S_ISBLK, "块设备", "a block device"),
    (stat.S_ISSOCK, "套接字", "a socket"),
)


# Why a file cannot be opened, as the system says it in English: the common reasons in Chinese.
_IN_CHINESE = {
    errno.ENOENT: "文件不存在（或是指向不存在文件的链接）",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有读取权限",
    errno.ELOOP: "符号链接循环指向自身",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EISDIR: "这是文件夹，不是文件",
    errno.EIO: "读取磁盘时出错",
}


def read_source(path: Path | str, max_size: int | None) -> bytes:
    """The bytes of a regular file of at most ``max_size`` bytes (None: any size).

    The file is opened without blocking (a FIFO with no writer would wait forever) and checked
    after opening, so a symlink to ``/dev/zero`` or a pipe is refused, never read."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        said = _IN_CHINESE.get(getattr(exc, "errno", None) or 0, reason)
        raise Refused("cannot-open", f"无法打开文件：{said}", f"cannot open: {reason}") from None
    try:
        info = os.fstat(fd)
        _check_kind(info.st_mode)
        if max_size is not None and info.st_size > max_size:
            raise _too_large(info.st_size, max_size)
        return _read_all(fd, max_size, info.st_size)
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


def _read_all(fd: int, max_size: int | None, size: int = 0) -> bytes:
    """The file's bytes to its end; a file whose ``size`` is read whole in one call is not asked
    again (a folder of small files saves a system call each).

    The first read asks for one byte more than the stated size, not for a large chunk: ``os.read``
    allocates what it is asked for, and a megabyte asked for each small file cost four times the
    read itself (the allocator maps and unmaps it)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            chunk = os.read(fd, (size + 1 if size else FIRST_READ) if not chunks else NEXT_READ)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise Refused("cannot-open", f"无法读取文件：{reason}", f"cannot read: {reason}") from None
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if max_size is not None and total > max_size:
            raise _too_large(total, max_size)  # the file grew while it was read
        chunks.append(chunk)
        if total == size and len(chunks) == 1:
            return chunk


def _too_large(size: int, limit: int) -> Refused:
    shown, cap = describe_size(size), describe_size(limit)
    return Refused(
        "too-large",
        f"文件过大（{shown}），超过每个文件 {cap} 的上限（--max-file-size），未读取",
        f"the file is too large ({shown}): over the per-file limit of {cap} (--max-file-size); not read",
    )
