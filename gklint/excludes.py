"""Exclude patterns: which files and folders a walk leaves out, gitignore-style, each group of
patterns relative to the folder of the configuration that set it."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from gklint.paths import real_folder, real_location, relative_posix

# Folders a walk never enters unless `exclude` replaces these (`extend-exclude` adds to them).
DEFAULT_EXCLUDE = (".*", "node_modules", "__pycache__", "venv")
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


def _group_matches(group: tuple[str, ...], relative: str) -> bool:
    if group == DEFAULT_EXCLUDE:  # names that match at any depth: no need to import pathspec (it imports asyncio)
        return any(part.startswith(".") or part in _DEFAULT_NAMES for part in relative.split("/"))
    return bool(_spec(group).match_file(relative))


_DEFAULT_NAMES = frozenset(name for name in DEFAULT_EXCLUDE if name != ".*")
