"""Exclude patterns: which files and folders a walk leaves out, gitignore-style, each group of
patterns relative to the folder of the configuration that set it."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gklint.paths import real_folder, real_location, relative_posix

# What a walk never enters or reads unless `exclude` replaces these (`extend-exclude` adds to them):
# hidden files and folders, the owner files Word and WPS keep beside an open document (~$年报.docx,
# no document at all), and tool folders.
DEFAULT_EXCLUDE = (".*", "~$*", "node_modules", "__pycache__", "venv")
_HIDDEN = (".", "~$")  # the default patterns that are a name's start
Patterns = tuple[tuple[str, tuple[str, ...]], ...]  # (base directory, gitignore-style patterns)


@functools.lru_cache(maxsize=256)
def _spec(patterns: tuple[str, ...]) -> Any:
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def matches(patterns: Patterns, path: Path | str, root: Path) -> bool:
    """Whether a gitignore-style pattern excludes ``path``: each group relative to its base (the
    folder of the file that set it; ``root``, the folder walked, for the defaults)."""
    cwd = os.getcwd()
    target = real_location(path, cwd)
    for base, group in patterns:
        relative = relative_posix(target, base or real_folder(str(root), cwd))
        if relative is None:
            continue  # patterns say nothing about files outside their folder
        if relative != "." and _group_matches(group, relative):
            return True
    return False


def folder_matcher(patterns: Patterns, folder: Path | str, root: Path) -> Callable[[str], bool]:
    """``matches`` for the files of one folder, asked by name: the folder is resolved and placed
    against each group's base once, not once a file (a folder of a thousand notes)."""
    cwd = os.getcwd()
    here = real_folder(os.fspath(folder), cwd)
    groups: list[tuple[str, tuple[str, ...]]] = []
    defaults = False  # the default names apply: a file's own name is all there is to look at
    for base, group in patterns:
        relative = relative_posix(here, base or real_folder(str(root), cwd))
        if relative is None:
            continue
        if group != DEFAULT_EXCLUDE:
            groups.append(("" if relative == "." else relative + "/", group))
        elif relative != "." and _group_matches(group, relative):
            return _every_name  # the folder's own path matches: so does every file's in it
        else:
            defaults = True
    if not groups:
        return _default_name if defaults else _no_name
    return lambda name: (
        (defaults and _default_name(name)) or any(_group_matches(group, prefix + name) for prefix, group in groups)
    )


def _default_name(name: str) -> bool:
    """Whether the default patterns exclude a file of this name (whatever its folder)."""
    return name.startswith(_HIDDEN) or name in _DEFAULT_NAMES


def _every_name(name: str) -> bool:
    return True


def _no_name(name: str) -> bool:
    return False


def _group_matches(group: tuple[str, ...], relative: str) -> bool:
    if group == DEFAULT_EXCLUDE:  # names that match at any depth: no need to import pathspec (it imports asyncio)
        return any(part.startswith(_HIDDEN) or part in _DEFAULT_NAMES for part in relative.split("/"))
    return bool(_spec(group).match_file(relative))


_DEFAULT_NAMES = frozenset(name for name in DEFAULT_EXCLUDE if not name.endswith("*"))
