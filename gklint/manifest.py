"""What each plugin provided when it last loaded cleanly, kept between runs beside gklint's byte-code.

A run imports a plugin's module only when it needs something the plugin provides (the reader of a
file's suffix, the chosen formatter, every rule for a check), so it must know who provides what
without importing anyone. The manifest says so. It is valid only for the exact installation that
wrote it: every distribution on ``sys.path`` (a plugin's answer may depend on what else is
installed), the entry points and their distributions (name, version, metadata folder and its
modification time), where each plugin's top-level module is and, for an editable or path install,
the newest modification time of its source files, gklint's version and the interpreter. Anything
else and it is rebuilt by loading every plugin, as a run without a manifest does. Writing is
atomic and failures are silent: where the folder cannot be written every run loads every plugin.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gklint import __version__
from gklint.entrypoints import EntryPoint
from gklint.kept import kept_path, load_kept, store_kept

FORMAT = 4  # 4: with the rules' metadata; 3: kept by gklint.kept (a stamp and a value); 2: a mapping with the key in it
Provides = dict[str, list[Any]]  # hook name -> the keys it returned (reader: [name, [suffixes]])


def cache_file() -> str:
    """One file per environment (interpreter prefix and gklint's own location), beside gklint's own
    byte-code in its ``__pycache__`` (as Python keeps compiled modules; ``$GKLINT_MANIFEST_DIR``
    elsewhere): a run writes nothing in the user's home or working folder."""
    where = f"{sys.prefix}\0{Path(__file__).parent}".encode()
    return kept_path(f"gklint-plugins-{zlib.crc32(where):08x}.marshal")


def installation_key(points: Iterable[EntryPoint], distributions: Iterable[str]) -> str:
    """Everything the plugins' answers may depend on (see the module's docstring)."""
    points = list(points)
    # the interpreter resolved: a console script starts ``python3`` and ``python -m gklint`` starts
    # ``python``, links to one program, and must not take turns rebuilding the manifest
    interpreter = os.path.realpath(sys.executable)
    parts: list[Any] = [FORMAT, __version__, sys.version, interpreter, sorted(distributions)]
    parts.append([(p.name, p.value, p.distribution, p.version, p.folder, _mtime(p.folder)) for p in points])
    homes: dict[str, set[str]] = {}  # top-level module -> the folders holding its distributions' metadata
    for p in points:
        homes.setdefault(p.module.partition(".")[0], set()).add(os.path.dirname(p.folder))
    parts.append([(top, _package_stamp(top, homes[top])) for top in sorted(homes)])
    return repr(parts)  # strings, numbers and lists of them: repr is exact


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _package_stamp(top: str, homes: set[str]) -> list[Any]:
    """Where a top-level module is, and the newest modification time and the count of its source files.

    A package installed beside its metadata (a normal install) is not walked: reinstalling it makes
    a new metadata folder, whose time is in the key already. An editable or path install is walked.
    """
    spec = _spec(top)
    if spec is None:
        return [0, 0]
    if spec.submodule_search_locations:
        folders = list(spec.submodule_search_locations)
        if all(os.path.dirname(folder) in homes for folder in folders):
            return [folders]
        stamps = [_tree_stamp(folder) for folder in folders]
        return [folders, max((s[0] for s in stamps), default=0), sum(s[1] for s in stamps)]
    return [spec.origin, _mtime(spec.origin or ""), 1]


def module_file(module: str) -> str | None:
    """The file a module would be loaded from, without running it (its package is imported)."""
    parent, _, leaf = module.rpartition(".")
    if not parent:
        spec = _spec(module)
        return spec.origin if spec is not None else None
    try:
        package = importlib.import_module(parent)
    except Exception:  # a broken plugin: its load reports it
        return None
    for folder in getattr(package, "__path__", []):
        for candidate in (os.path.join(folder, leaf, "__init__.py"), os.path.join(folder, f"{leaf}.py")):
            if os.path.isfile(candidate):
                return candidate
    return None


def _spec(top: str) -> Any:
    module = sys.modules.get(top)
    if module is not None and getattr(module, "__spec__", None) is not None:
        return module.__spec__
    import importlib.util

    try:
        return importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return None


def _tree_stamp(folder: str) -> tuple[int, int]:
    newest, count = _mtime(folder), 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return newest, count
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        if entry.is_dir(follow_symlinks=False):
            sub_newest, sub_count = _tree_stamp(entry.path)
            newest, count = max(newest, sub_newest), count + sub_count
        elif entry.name.endswith((".py", ".yaml", ".json")):
            try:
                newest, count = max(newest, entry.stat().st_mtime_ns), count + 1
            except OSError:
                continue
    return newest, count


def read(key: str) -> dict[str, Provides]:
    """The manifest written for ``key``; empty when there is none, it is stale or unreadable."""
    plugins = load_kept(cache_file(), key)
    return plugins if isinstance(plugins, dict) else {}


def write(key: str, plugins: dict[str, Provides]) -> None:
    """Keep ``plugins`` for ``key``; where that fails (a read-only folder, an answer marshal cannot
    keep), every run loads every plugin."""
    store_kept(cache_file(), key, plugins)


def forget() -> None:
    """Drop the manifest (a plugin it vouched for failed): the next run loads every plugin again."""
    with contextlib.suppress(OSError):
        os.unlink(cache_file())
