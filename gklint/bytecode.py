"""gklint's own modules loaded from one table of their byte-code, kept between runs.

A one-file check imports about a hundred of gklint's modules. Python finds each on its own: it
looks at the package's folder, at the source's size and time, opens the cached byte-code, reads
it and checks its header, some ten system calls and much Python-level work a module. While
``modules_kept()`` is active, a finder placed just before Python's own path finder serves
gklint's modules from one table (a file beside gklint's byte-code, as the plugin manifest): the
byte-code Python had compiled for each, under the source's path, size and modification time, so
that a module costs one look at its source (2% fewer instructions for a one-file check, a
thousand fewer system calls). A module whose source is not as the table says (an edited
checkout, an upgrade) is left to Python's own import, and the table takes its new byte-code when
the command ends: from the cache file Python has checked against the source, or compiled as
Python compiles it where there is none (``PYTHONDONTWRITEBYTECODE``, a folder Python may not
write): the table is gklint's, as its other kept tables are. Nothing else changes: the
module's file, package path and cached file are those Python would give it, and anything
unexpected (another interpreter or optimisation level, a damaged or foreign table, a folder that
cannot be written) costs only the saving.
"""

from __future__ import annotations

import contextlib
import marshal
import mmap
import os
import sys
from collections.abc import Iterator, Sequence
from importlib.machinery import ModuleSpec, PathFinder, SourceFileLoader
from importlib.util import MAGIC_NUMBER
from types import CodeType, ModuleType

from gklint.kept import kept_path, store_bytes

TABLE_NAME = "gklint-modules.bin"
_STAMP = f"{sys.version}\0{sys.implementation.cache_tag}\0{MAGIC_NUMBER.hex()}\0{sys.flags.optimize}"
# One module: its source file, the size and modification time (ns) that source had, its cached
# byte-code file, whether it is a package, and where its byte-code lies among the table's blobs.
Entry = tuple[str, int, int, str, bool, int, int]
Fresh = tuple[str, int, int, str, bool, bytes]  # as an entry, with the byte-code itself
_SIZE = 8  # the table begins with the size of its index: (stamp, entries) marshalled; the blobs follow
_HEADER = 16  # magic, flags, source time, source size (importlib's timestamp-checked .pyc)


class KeptLoader(SourceFileLoader):
    """Python's loader for a source file, with the byte-code taken from the table."""

    def __init__(self, fullname: str, path: str, code: memoryview) -> None:
        super().__init__(fullname, path)
        self._code = code

    def get_code(self, fullname: str) -> CodeType:
        if fullname != self.name:  # asked about another module: as Python would answer
            return super().get_code(fullname)  # type: ignore[return-value]
        code: CodeType = marshal.loads(self._code)
        return code


class ModuleTable:
    """A finder for the modules under ``prefix`` that the table at ``path`` holds, up to date.

    The blobs are mapped, not read: a run touches only the pages of the modules it imports, and
    makes no copy of them (a read of the whole table cost more in fresh memory than it saved)."""

    def __init__(self, path: str, prefix: str = "gklint.") -> None:
        self.path = path
        self.prefix = prefix
        self.entries, self.blobs = _opened(path)
        self.missed = False  # a module of ours Python imported itself: the table takes it at the end

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if not name.startswith(self.prefix):
            return None
        entry = self.entries.get(name)
        if entry is None or not path or not _current(entry, path):
            self.missed = True
            return None
        source, _, _, cached, package, offset, length = entry
        code = self.blobs[offset : offset + length]
        spec = ModuleSpec(name, KeptLoader(name, source, code), origin=source, is_package=package)
        spec.has_location = True
        spec.cached = cached or None
        if package:
            spec.submodule_search_locations = [os.path.dirname(source)]
        return spec

    def invalidate_caches(self) -> None:
        """``importlib.invalidate_caches()``: nothing here is cached beyond the file checks."""

    def store(self) -> None:
        """Add the modules Python imported itself."""
        if not self.missed:
            return
        self.missed = False
        added = {name: _fresh(module) for name, module in list(sys.modules.items()) if name.startswith(self.prefix)}
        fresh = {name: entry for name, entry in added.items() if entry is not None}
        if all(name in self.entries and self.entries[name][:5] == entry[:5] for name, entry in fresh.items()):
            return  # nothing the table lacks (a name asked of it that is no module of ours, say): not rewritten
        kept = {
            name: (*entry[:5], bytes(self.blobs[entry[5] : entry[5] + entry[6]]))
            for name, entry in self.entries.items()
        }
        kept.update(fresh)
        _write(self.path, kept)


def _opened(path: str) -> tuple[dict[str, Entry], memoryview]:
    """The table's entries and its blobs, mapped; none where the table is missing, damaged or
    stamped otherwise."""
    nothing: tuple[dict[str, Entry], memoryview] = ({}, memoryview(b""))
    try:
        with open(path, "rb") as handle:
            size = int.from_bytes(handle.read(_SIZE), "little")
            stamp, entries = marshal.loads(handle.read(size))
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except Exception:  # missing, damaged, empty: made again
        return nothing
    blobs = memoryview(mapped)[_SIZE + size :]
    if stamp != _STAMP or not isinstance(entries, dict) or not _within(entries, len(blobs)):
        return nothing
    return entries, blobs


def _within(entries: dict[str, Entry], size: int) -> bool:
    try:
        return all(entry[5] >= 0 and entry[5] + entry[6] <= size for entry in entries.values())
    except (TypeError, IndexError):
        return False


def _write(path: str, modules: dict[str, Fresh]) -> None:
    entries: dict[str, Entry] = {}
    blobs: list[bytes] = []
    offset = 0
    for name, (source, size, mtime_ns, cached, package, code) in sorted(modules.items()):
        entries[name] = (source, size, mtime_ns, cached, package, offset, len(code))
        blobs.append(code)
        offset += len(code)
    index = marshal.dumps((_STAMP, entries))
    store_bytes(path, [len(index).to_bytes(_SIZE, "little"), index, *blobs])


def _current(entry: Entry, parent_path: Sequence[str]) -> bool:
    """Whether the module's source is where the package looks and as the table saw it."""
    source, size, mtime_ns, _, package, _, _ = entry
    folder = os.path.dirname(os.path.dirname(source) if package else source)
    if folder not in parent_path:
        return False
    try:
        info = os.stat(source)
    except OSError:
        return False
    return info.st_size == size and info.st_mtime_ns == mtime_ns


def _fresh(module: ModuleType) -> Fresh | None:
    """The module as the table keeps it: the byte-code Python cached for it where that matches the
    source, else the source compiled as Python compiles it; None for a module not from a source."""
    spec = getattr(module, "__spec__", None)
    if spec is None or isinstance(spec.loader, KeptLoader):
        return None  # not from a file, or already in the table as it is
    source, cached = spec.origin, spec.cached if isinstance(spec.cached, str) else ""
    if not isinstance(source, str) or not source.endswith(".py"):
        return None
    try:
        with open(source, "rb") as handle:
            info, text = os.fstat(handle.fileno()), handle.read()
        code = _cached_code(cached, info) or _compiled(text, source)
    except (OSError, SyntaxError, ValueError):
        return None
    package = spec.submodule_search_locations is not None
    return (source, info.st_size, info.st_mtime_ns, cached, package, code)


def _cached_code(cached: str, info: os.stat_result) -> bytes | None:
    """The byte-code in Python's cache file for a source with these times; None where there is none
    that matches (no file, a stale one, one checked by hash)."""
    try:
        with open(cached, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return data[_HEADER:] if data[:_HEADER] == _header(info) else None


def _compiled(text: bytes, source: str) -> bytes:
    """The source compiled as Python's own import compiles it (where it left no cache file)."""
    return marshal.dumps(compile(text, source, "exec", dont_inherit=True, optimize=sys.flags.optimize))


def _header(info: os.stat_result) -> bytes:
    """The header of a cached file Python checks against a source with these times: magic number,
    no flags (checked by time, not hash), then the source's time and size, each in 32 bits."""
    fields = (0, int(info.st_mtime) & 0xFFFFFFFF, info.st_size & 0xFFFFFFFF)
    return MAGIC_NUMBER + b"".join(value.to_bytes(4, "little") for value in fields)


def table_path() -> str:
    """Beside gklint's byte-code (``$GKLINT_MANIFEST_DIR`` elsewhere), as the plugin manifest."""
    return kept_path(TABLE_NAME)


@contextlib.contextmanager
def modules_kept(prefix: str = "gklint.") -> Iterator[ModuleTable]:
    """While active, the modules under ``prefix`` are imported through a ``ModuleTable``, which
    takes at the end the ones it did not have."""
    table = ModuleTable(table_path(), prefix)
    sys.meta_path.insert(_path_finder_index(), table)
    try:
        yield table
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(table)
        table.store()


def _path_finder_index() -> int:
    """Where Python's own finder of modules on paths stands: the table goes just before it, after
    any hook installed before it (a coverage tool's, an import log's)."""
    for index, finder in enumerate(sys.meta_path):
        if finder is PathFinder:
            return index
    return len(sys.meta_path)
