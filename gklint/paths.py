"""Where a file really is, as text: the real path of its folder (each folder resolved once) and
its own name, and paths relative to a folder.

A sweep asks this of every file several times (the name findings show, excludes, per-file
ignores), so it works on strings: ``pathlib`` objects and a walk of every component through
``os.path.realpath`` per call were most of what a cached run spent on a file.

Only folders are resolved: a file keeps the name it was found under, so a symlink is not replaced
by its target (gitignore patterns and findings speak of the link), and a symlink loop cannot
stop a run.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

_SPECIAL_NAMES = ("", ".", "..")
V = TypeVar("V")


@functools.lru_cache(maxsize=4096)
def real_folder(folder: str, cwd: str) -> str:
    """A folder's real path; ``cwd`` is part of the key: a relative folder means another one there."""
    return os.path.realpath(os.path.join(cwd, folder))


def real_location(path: Path | str, cwd: str | None = None) -> str:
    """``path`` with its folder resolved and its own name kept."""
    cwd = cwd or os.getcwd()
    text = os.fspath(path)
    folder, name = os.path.split(text)
    if name in _SPECIAL_NAMES:
        return real_folder(text, cwd)
    return os.path.join(real_folder(folder or os.curdir, cwd), name)


def relative_posix(target: str, base: str) -> str | None:
    """``target`` relative to the folder ``base`` (both real paths), in POSIX form; ``"."`` for
    the folder itself; None when ``target`` is not below it."""
    if target == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not target.startswith(prefix):
        return None
    relative = target[len(prefix) :]
    return relative if os.sep == "/" else relative.replace(os.sep, "/")


def relative_to_folder(path: Path | str, folder: Path | str) -> str | None:
    """``path`` (its folder resolved) relative to ``folder`` (resolved), or None when outside it."""
    cwd = os.getcwd()
    return relative_posix(real_location(path, cwd), real_folder(os.fspath(folder), cwd))


def first_of_each_folder(names: Iterable[str]) -> list[str]:
    """The first of ``names`` in each folder (``os.path.dirname``), in order. A sweep's files come a
    folder at a time: a name whose last separator is where its forerunner's was, behind the same
    text, is in the same folder, found without a ``dirname`` call (two passes asked it of every file)."""
    firsts: dict[str, str] = {}
    prefix: str | None = None
    for name in names:
        if prefix is not None and name.startswith(prefix) and name.find(os.sep, len(prefix)) < 0:
            continue
        firsts.setdefault(os.path.dirname(name), name)
        prefix = None if os.altsep else name[: name.rfind(os.sep) + 1]
    return list(firsts.values())


class FolderShared(Generic[V]):
    """``value_of(name)`` for names that come a folder at a time, where most folders' files share
    one value (the settings of a folder without per-file parts): once two files of a folder in a
    row give the very same object, the folder's next files get it without asking. A folder whose
    files get objects of their own is asked for every file, as before."""

    def __init__(self, value_of: Callable[[str], V]) -> None:
        self.value_of = value_of
        self.prefix: str | None = None  # the folder of the last name, with its separator
        self.last: V | None = None
        self.shared = False  # the last two names of the folder got the same object

    def __call__(self, name: str) -> V:
        same_folder = (
            self.prefix is not None and name.startswith(self.prefix) and name.find(os.sep, len(self.prefix)) < 0
        )
        if same_folder and self.shared:
            return self.last  # type: ignore[return-value]
        value = self.value_of(name)
        self.shared = same_folder and value is self.last
        self.prefix = None if os.altsep else name[: name.rfind(os.sep) + 1]
        self.last = value
        return value


def suffixes_of(names: Iterable[str]) -> set[str]:
    """``{os.path.splitext(name)[1].lower() for name in names}``, with ``splitext`` asked only of
    names whose last dot is not plainly their suffix's (a sweep's hundred thousand names)."""
    found: set[str] = set()
    awkward: list[str] = []
    for name in names:
        dot = name.rfind(".")
        plain = dot > 0 and name[dot - 1] not in _NOT_BEFORE_SUFFIX and name.find(os.sep, dot) < 0
        if plain and not (os.altsep and name.find(os.altsep, dot) >= 0):
            found.add(name[dot:])
        else:  # no dot, a dot in a folder's name, or a name that starts with dots
            awkward.append(name)
    return {suffix.lower() for suffix in found} | {os.path.splitext(name)[1].lower() for name in awkward}


def suffix_of(path: Path | str) -> str:
    """A file's suffix as ``PurePath.suffix`` gives it (``""`` for ``.bashrc`` and ``report.``),
    without making a path object."""
    text = os.fspath(path)
    if text.endswith(_AWKWARD_ENDS):  # pathlib drops trailing separators and "." components
        text = text.rstrip(_SEPARATORS)
        while text.endswith(_DOT_COMPONENTS):
            text = text[:-2].rstrip(_SEPARATORS)
    name = os.path.basename(text)
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


_SEPARATORS = os.sep + (os.altsep or "")
_DOT_COMPONENTS = tuple(f"{sep}." for sep in _SEPARATORS)
_AWKWARD_ENDS = (*_SEPARATORS, *_DOT_COMPONENTS)
_NOT_BEFORE_SUFFIX = "." + _SEPARATORS  # one of these before the last dot: splitext decides
