"""The content cache: a file's phase-one outcome, kept under a key of everything that decides it.

A key is a hash of the file's bytes, the name findings show for it, gklint's and every plugin's
version, and the effective settings for that file (with the run's flags that change a file's
findings). An entry is written to a temporary file and renamed into place, so concurrent runs
never see half an entry; an entry that cannot be read back is treated as missing and rewritten.
The folder holds a ``CACHEDIR.TAG`` so that backup tools skip it.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gklint.digest import sha256, sha256_hex
from gklint.digests import Digests
from gklint.entries import decode, encode

DEFAULT_DIR = ".gklint_cache"
ENV_DIR = "GKLINT_CACHE_DIR"
SCHEMA = "7"  # bump when the shape of an entry changes
TAG_NAME = "CACHEDIR.TAG"
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by gklint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def cache_dir(setting: str = "", start: Path | None = None) -> Path | None:
    """Where the cache lives: the setting (flag or config), else ``$GKLINT_CACHE_DIR``, else
    ``.gklint_cache`` in the project the working folder belongs to (the nearest folder up with
    ``.git`` or a gklint configuration, as ruff keeps its cache in the project's root). Outside a
    project, None: a sweep of a folder of downloads writes nothing but its output."""
    chosen = setting or os.environ.get(ENV_DIR)
    if chosen:
        return Path(chosen)
    root = project_root(start or Path.cwd())
    return root / DEFAULT_DIR if root is not None else None


def project_root(start: Path) -> Path | None:
    from gklint.config import CONFIG_FILES, has_gklint_table

    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists() or any((folder / name).is_file() for name in CONFIG_FILES):
            return folder
        if has_gklint_table(folder / "pyproject.toml"):
            return folder
    return None


def fingerprint(value: Any) -> str:
    """A stable text form of settings: mappings sorted by key, so equal settings give equal text."""
    if isinstance(value, Mapping):
        items = sorted((str(k), fingerprint(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(fingerprint(v) for v in value) + "]"
    return repr(value)


def code_stamp(files: Iterable[str]) -> str:
    """Size and modification time of gklint's own sources and of ``files``: an edited checkout
    (same version, other code) does not reuse entries made by the code it had before."""
    stamps = []
    for path in sorted({*_package_sources(), *files}):
        with contextlib.suppress(OSError):
            info = os.stat(path)
            stamps.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return sha256_hex("\n".join(stamps).encode("utf-8", "surrogateescape"))


def _package_sources() -> list[str]:
    """gklint's own ``.py`` files, as ``Path.rglob`` names them, from a walk of text paths (every
    run with the cache asks: path objects cost a warm run more than the walk)."""
    found: list[str] = []
    for folder, _, names in os.walk(os.path.dirname(os.path.abspath(__file__))):
        found += [os.path.join(folder, name) for name in names if name.endswith(".py")]
    return found


@dataclass(frozen=True)
class Cache:
    """Entries in ``directory``, all under one ``salt`` (the versions of gklint and its plugins)."""

    directory: Path
    salt: str

    @classmethod
    def for_versions(cls, directory: Path, versions: Iterable[tuple[str, str]]) -> Cache:
        """A cache for these versions; gklint's own environment variables (an engine choice, say)
        are part of the key too."""
        where = (ENV_DIR, "GKLINT_MANIFEST_DIR")  # where things are kept changes no finding
        settings = sorted((k, v) for k, v in os.environ.items() if k.startswith("GKLINT_") and k not in where)
        python = ("python", "{}.{}".format(*sys.version_info[:2]))  # an entry is marshal's format of that version
        salt = fingerprint([SCHEMA, python, *sorted(versions), *settings])
        return cls(directory, salt)

    def key(self, content: str, shown: str, context: str) -> str:
        """The key of a file whose bytes hash to ``content`` (hexadecimal SHA-256, as
        ``gklint.digests`` gives it), shown as ``shown``, under settings ``context``."""
        digest = _prefix(self.salt, context).copy()  # the salt and each file's settings hashed once a run
        digest.update(_framed(shown))
        digest.update(content.encode("ascii"))
        key: str = digest.hexdigest()
        return key

    def digests(self) -> Digests:
        """The digests of files' bytes this cache remembers (see ``gklint.digests``)."""
        return Digests(os.fspath(self.directory), functools.partial(_tagged, self.directory))

    def get(self, key: str) -> Any | None:
        """The entry under ``key``; None when there is none or it cannot be read (damaged, truncated)."""
        try:
            stored_key, value = decode(_read_whole(self._path(key)))
        except Exception:  # any damage at all means: not cached
            return None
        return value if stored_key == key else None

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` atomically; a cache that cannot be written is simply not used."""
        target = self._path(key)
        folder = os.path.dirname(target)
        with contextlib.suppress(OSError, TypeError, AttributeError, ValueError):
            import tempfile  # not on the path of a run without the cache (it imports random)

            self._prepare(folder)
            fd, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(encode(key, value))
                os.replace(temporary, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise

    def _path(self, key: str) -> str:
        return f"{self._entries}{key[:2]}{os.sep}{key}"  # text: a path object per entry cost a warm run

    @functools.cached_property
    def _entries(self) -> str:
        """The folder of the entries' folders, with a separator at its end."""
        return os.path.join(self.directory, "v1", "")

    def _prepare(self, folder: str) -> None:
        if not os.path.isdir(folder):
            os.makedirs(folder, exist_ok=True)
            write_tag(self.directory)


def _tagged(directory: Path) -> None:
    """Make the cache's folder, tagged, if it is not there (``gklint clean`` removes only a tagged one)."""
    with contextlib.suppress(OSError):
        os.makedirs(directory, exist_ok=True)
        write_tag(directory)


@functools.lru_cache(maxsize=64)
def _prefix(salt: str, context: str) -> Any:
    """A hash that has read ``salt`` and ``context``, framed (kept here, not on the cache, which a
    cluster's workers unpickle). A run has a few contexts, one for each folder's settings."""
    return sha256(_framed(salt) + _framed(context))


def _framed(part: str) -> bytes:
    """A part of a key as it is hashed: its length, then its text."""
    encoded = part.encode("utf-8", "surrogateescape")
    return len(encoded).to_bytes(8, "big") + encoded


def _read_whole(path: str) -> bytes:
    """A file's bytes in one read of its size (an entry is never written in place: it is whole)."""
    fd = os.open(path, _READ_FLAGS)
    try:
        return os.read(fd, os.fstat(fd).st_size)
    finally:
        os.close(fd)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)


def write_tag(directory: Path) -> None:
    tag = directory / TAG_NAME
    if not tag.exists():
        with contextlib.suppress(OSError):
            tag.write_text(TAG, encoding="ascii")
    ignore = directory / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            ignore.write_text("# Created by gklint.\n*\n", encoding="ascii")


def clean_cache(directory: Path) -> bool:
    """Remove the cache folder; False when there was none. Only a folder gklint tagged is removed."""
    import shutil

    if not (directory / TAG_NAME).is_file():
        return False
    shutil.rmtree(directory, ignore_errors=True)
    return True
