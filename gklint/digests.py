"""What each file's bytes hash to, remembered by what the file system says of the file, as git's
index remembers it.

A warm run finds every file's cache entry by the hash of its bytes, and reading and hashing each
file was a sixth of its work. A file whose device, inode, size, modification and change times
(in nanoseconds) are those it had when it was hashed holds the same bytes: writing to a file sets
its change time to the clock's present, and no program can set a change time back. So the digests
of a folder's files are kept in one file of the cache under those five numbers, and a file that
still shows them is not read again.

A digest is remembered only for a file whose change time was at least ``SETTLED_NS`` old when it
was looked at: a file hashed within the clock tick it was written in could be written again
within that tick, its times unchanged ("racily clean", in git's words). A file that is not a
regular file, or that cannot be looked at, is never remembered: it is read as before, and refused
as before. On Windows ``st_ctime`` is when the file was created, not when it last changed, so
nothing is remembered there: every file is read, as without this module.
"""

from __future__ import annotations

import os
import stat
import struct
import sys
import time
from collections import OrderedDict
from collections.abc import Callable

from gklint.digest import sha256_hex
from gklint.kept import load_kept, store_kept
from gklint.source import read_source

SETTLED_NS = 2_000_000_000  # a change time at least this old cannot share its tick with a later write
CHANGE_TIMES = sys.platform != "win32"  # whether st_ctime is the time of the last change
FOLDERS_HELD = 8  # folders' tables in memory at once: a sweep goes folder by folder
_STAMP = "gklint file digests 1: sha256 of the bytes, under <2Q3q of dev, ino, size, mtime_ns, ctime_ns"
_SEEN = struct.Struct("<2Q3q")
Table = dict[str, bytes]  # a file's name in its folder -> its packed stat numbers, then its digest


class Digests:
    """The SHA-256 of files' bytes, from the tables under ``directory`` where a file is unchanged.
    ``store()`` writes the tables that learnt something (it is also done as a table leaves memory)."""

    def __init__(self, directory: str, prepare: Callable[[], None] = lambda: None) -> None:
        self.directory = directory
        self._prepare: Callable[[], None] | None = prepare  # run before a table is first written
        self._tables: OrderedDict[str, tuple[Table, bool]] = OrderedDict()  # folder -> (table, changed)
        self._folders: dict[str, str] = {}  # a folder as named -> where it is (a sweep names few folders)

    def of(self, name: str, max_size: int | None) -> str:
        """The digest of the file's bytes in hexadecimal; ``gklint.source.Refused`` when it is not
        read (not a regular file, over ``max_size``, cannot be opened)."""
        named, base = os.path.split(name)
        folder = self._folders.get(named)
        if folder is None:
            folder = self._folders[named] = os.path.abspath(named or os.curdir)
        seen = _seen(name)
        table = self._table(folder)
        if seen is not None:
            known = table.get(base)
            if known is not None and known[: _SEEN.size] == seen and (max_size is None or _size(seen) <= max_size):
                return known[_SEEN.size :].hex()
        looked_at = time.time_ns()
        digest = _hash(read_source(name, max_size))
        if seen is not None and _ctime(seen) <= looked_at - SETTLED_NS:
            table[base] = seen + bytes.fromhex(digest)
            self._tables[folder] = (table, True)
        return digest

    def store(self) -> None:
        for folder, (table, changed) in self._tables.items():
            if changed:
                self._write(folder, table)
                self._tables[folder] = (table, False)

    def _table(self, folder: str) -> Table:
        held = self._tables.get(folder)
        if held is not None:
            self._tables.move_to_end(folder)
            return held[0]
        while len(self._tables) >= FOLDERS_HELD:
            old, (table, changed) = self._tables.popitem(last=False)
            if changed:
                self._write(old, table)
        loaded = load_kept(self._path(folder), _STAMP)
        table = loaded if isinstance(loaded, dict) else {}
        self._tables[folder] = (table, False)
        return table

    def _write(self, folder: str, table: Table) -> None:
        if self._prepare is not None:
            self._prepare()
            self._prepare = None
        store_kept(self._path(folder), _STAMP, table)

    def _path(self, folder: str) -> str:
        return os.path.join(self.directory, "digests", sha256_hex(os.fsencode(folder))[:40])


def _seen(name: str) -> bytes | None:
    """The five numbers that change with a regular file's bytes, packed; None for anything else,
    and wherever the file system gives no change time."""
    if not CHANGE_TIMES:
        return None
    try:
        info = os.stat(name)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    try:
        return _SEEN.pack(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    except struct.error:  # a number wider than 64 bits (some file systems' inodes): not remembered
        return None


def _size(seen: bytes) -> int:
    return int(_SEEN.unpack(seen)[2])


def _ctime(seen: bytes) -> int:
    return int(_SEEN.unpack(seen)[4])


def _hash(data: bytes) -> str:
    import hashlib  # OpenSSL: a whole file is hashed, and only when its digest is not known

    return hashlib.sha256(data).hexdigest()
