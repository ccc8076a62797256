"""A list kept on disk, for what a sweep holds per file until the run ends.

A run over tens of thousands of reports must hold each file's outcome until the cross-year rules
have run and each file's result until every output is written. In memory that grows with the
corpus (a few KiB a file); ``Slots`` pickles each item into a temporary file as it is set and
keeps only its offset, so memory stays flat. Small runs keep plain lists: a spill pays only when
there are many files.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable
from typing import IO, Any, TypeVar

from gklint.sequences import ItemSequence

T = TypeVar("T")
SPILL_AFTER = 2000  # files: below this, in memory (a few KiB a file; a spill costs a pickle round trip a file)
SPILL_BUFFER = 64 << 10  # bytes written at once: a few dozen results


def spill_file(prefix: str) -> IO[bytes]:
    """An anonymous temporary file, read and written, that vanishes when closed.

    Made as ``tempfile.TemporaryFile`` makes one on Linux (a file with no name, ``O_TMPFILE``, in
    the temporary folder), without importing ``tempfile``: it imports ``random``, ``shutil``, ``bz2``
    and ``lzma``, a share of a warm run. Elsewhere, or where that folder cannot hold such a file,
    ``tempfile`` makes it (``prefix`` names it there)."""
    folder = next((f for f in _temporary_folders() if os.path.isdir(f)), None)
    flags = getattr(os, "O_TMPFILE", 0)
    if folder is not None and flags:
        try:
            fd = os.open(folder, flags | os.O_RDWR, 0o600)
        except OSError:
            pass
        else:
            return open(fd, "w+b", buffering=SPILL_BUFFER)
    import tempfile

    return tempfile.TemporaryFile(prefix=prefix, buffering=SPILL_BUFFER)


def _temporary_folders() -> list[str]:
    """Where ``tempfile`` looks first: ``$TMPDIR``, ``$TEMP``, ``$TMP``, then the usual folders."""
    named = [os.environ.get(name, "") for name in ("TMPDIR", "TEMP", "TMP")]
    return [folder for folder in named if folder] + ["/tmp", "/var/tmp", "/usr/tmp"]


class Appended:
    """A file written only at its end and read anywhere. The end is counted here, not asked of the
    file: ``seek(0, 2)`` flushes a buffered file, which made every item a system call of its own."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.end = file.seek(0, 2)
        self.at_end = True

    def append(self, data: bytes) -> int:
        """Write ``data`` at the end; where it starts."""
        if not self.at_end:
            self.file.seek(self.end)
            self.at_end = True
        start = self.end
        self.file.write(data)
        self.end += len(data)
        return start

    def read(self, start: int, size: int) -> bytes:
        self.at_end = False
        self.file.seek(start)
        return self.file.read(size)

    def close(self) -> None:
        self.file.close()


class Slots(ItemSequence[T]):
    """``size`` slots, each set once (in any order) and read back as often as asked; on disk when
    ``size`` is over ``SPILL_AFTER``."""

    def __init__(
        self,
        size: int,
        pack: Callable[[T], Any] | None = None,
        unpack: Callable[[Any], T] | None = None,
        small: Callable[[Any], bool] | None = None,
    ) -> None:
        """``pack`` and ``unpack``: what an item is pickled as on disk, and back (a sweep reads
        each result several times: a plain tuple unpickles in a fraction of a dataclass's time).
        ``small(packed)``: the packed items to keep in memory even then (a skipped note's result is
        its name: a round trip through the file costs more than holding it)."""
        if (pack is None) != (unpack is None) or (small is not None and pack is None):
            raise ValueError("pack and unpack go together, and small needs them")
        self._pack, self._unpack, self._small = pack, unpack, small
        self._held: list[Any] | None = [None] * size if size <= SPILL_AFTER else None
        self._file: Appended | None = None
        if self._held is None:
            self._file = Appended(spill_file("gklint-spill-"))  # only a run too large to hold in memory spills
            self._kept: list[Any] = [None] * size if small is not None else []
        self._offsets = array("q", [-1]) * size
        self._sizes = array("q", [0]) * size

    def __len__(self) -> int:
        return len(self._offsets)

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    def __setitem__(self, index: int, value: T) -> None:
        self._offsets[index] = 0
        if self._file is None:
            assert self._held is not None
            self._held[index] = value
            return
        packed = value if self._pack is None else self._pack(value)
        if self._small is not None and self._small(packed):
            self._kept[index] = packed
            return
        import pickle  # a run small enough to be held in memory never spills

        data = pickle.dumps(packed, protocol=pickle.HIGHEST_PROTOCOL)
        self._offsets[index] = self._file.append(data)
        self._sizes[index] = len(data)

    def item(self, index: int) -> T:
        if self._offsets[index] < 0:
            raise LookupError(f"slot {index} was never set")
        if self._file is None:
            value = self._held[index] if self._held is not None else None
            assert value is not None
            return value
        if self._small is not None and self._kept[index] is not None:
            assert self._unpack is not None
            return self._unpack(self._kept[index])
        import pickle

        loaded = pickle.loads(self._file.read(self._offsets[index], self._sizes[index]))
        return loaded if self._unpack is None else self._unpack(loaded)

    def get(self, index: int, default: T) -> T:
        """The slot's value, or ``default`` when it was never set (for slots only some files fill)."""
        return default if self._offsets[index] < 0 else self[index]

    def __del__(self) -> None:
        if self._file is not None:
            self._file.close()
