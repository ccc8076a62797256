"""Which files a run lints: files named on the command line always; in a folder, the files whose
suffix a reader claims, less what the configuration's ``exclude``/``extend-exclude`` patterns and
the repository's ``.gitignore`` files exclude (gitignore semantics, through pathspec).
"""

from __future__ import annotations

import functools
import operator
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from gklint.excludes import DEFAULT_EXCLUDE, Patterns, folder_matcher, matches
from gklint.paths import real_folder, real_location, relative_posix

if TYPE_CHECKING:
    from gklint.config import Resolver

GITIGNORE = ".gitignore"
VCS_FOLDERS = {".git", ".hg", ".svn"}  # never walked, whatever `exclude` says
_SEPARATORS = tuple(sep for sep in (os.sep, os.altsep) if sep)


def display_path(path: Path | str) -> str:
    """The path as findings show it: relative to the working directory when below it, POSIX.

    Only the folders are resolved: the file keeps the name it was found under (a symlink is not
    replaced by its target, and a symlink loop cannot stop the run). Bytes that are not UTF-8 are
    shown as ``\\xNN``, so every output can encode the name.
    """
    cwd = os.getcwd()
    shown = relative_posix(real_location(path, cwd), real_folder(cwd, cwd))
    return shown_name(Path(path).as_posix() if shown is None else shown)


def shown_name(name: str) -> str:
    """A file name as text every output can encode: bytes that are not UTF-8 become ``\\xNN``."""
    if name.isascii():  # most names: nothing to replace (checked in C, without encoding)
        return name
    return os.fsencode(name).decode("utf-8", "backslashreplace")


class Target(NamedTuple):
    """A file to lint: its path as named or found, ``explicit`` when named on the command line
    rather than found in a folder, and the name findings show for it. A sweep holds one per file
    for the whole run, so it is a small tuple of strings, not path objects."""

    name: str
    explicit: bool
    shown: str

    @classmethod
    def of(cls, path: Path | str, explicit: bool, shown: str | None = None) -> Target:
        """The target for ``path``; ``shown``: its ``display_path``, when the caller knows it."""
        name = os.fspath(path)
        shown = display_path(name) if shown is None else shown
        return cls(name, explicit, name if shown == name else shown)  # one string when they agree

    @property
    def path(self) -> Path:
        return Path(self.name)


@functools.lru_cache(maxsize=1024)
def _ignore_file(folder: str) -> Any:
    """The compiled ``.gitignore`` of one folder, or None."""
    file = Path(folder, GITIGNORE)
    if not file.is_file():
        return None
    import pathspec

    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _repository(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


@dataclass(frozen=True)
class GitIgnores:
    """The ``.gitignore`` files that apply below a folder: those of the repository from its root
    down (each relative to its own folder). Outside a repository, none apply."""

    root: Path | None

    @classmethod
    def around(cls, start: Path) -> GitIgnores:
        return cls(_repository(start.resolve()))

    def ignored(self, path: Path | str, is_dir: bool) -> bool:
        if self.root is None:
            return False
        relative = relative_posix(real_location(path), str(self.root))
        if relative is None or relative == ".":
            return False
        parts = relative.split("/")
        folder, decided = str(self.root), False
        for depth in range(len(parts)):
            spec = _ignore_file(folder)
            if spec is not None:  # the deepest .gitignore with a matching pattern decides (`!` re-includes)
                verdict = spec.check_file("/".join(parts[depth:]) + ("/" if is_dir else "")).include
                decided = decided if verdict is None else verdict
            folder = os.path.join(folder, parts[depth])
        return decided


def _walk(root: Path, resolver: Resolver | None, suffixes: set[str]) -> Iterator[tuple[str, str]]:
    """Each file to lint below ``root``, with the name findings show for it."""
    ignores = GitIgnores.around(root)
    cwd = os.getcwd()
    real_cwd = real_folder(cwd, cwd)
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        kept = (d for d in dirs if d not in VCS_FOLDERS)
        dirs[:] = sorted(d for d in kept if not _folder_skipped(here / d, root, resolver, ignores))
        excluded = folder_matcher(_patterns(here, resolver), here, root)  # a folder's files exclude alike
        shown_folder = relative_posix(real_folder(folder, cwd), real_cwd)  # as display_path, once a folder
        start = folder if folder.endswith(_SEPARATORS) else folder + os.sep  # as os.path.join(folder, name)
        for name in files:
            if _suffix(name) not in suffixes:
                continue
            path = start + name
            if (ignores.root is not None and ignores.ignored(path, False)) or excluded(name):
                continue
            if shown_folder is None:
                yield path, display_path(path)
            else:
                yield path, shown_name(name if shown_folder == "." else f"{shown_folder}/{name}")


def _suffix(name: str) -> str:
    """``os.path.splitext(name)[1].lower()`` for a file's own name (no separator in it), without
    its general case: a folder of a hundred thousand notes asks it of every name."""
    dot = name.rfind(".")
    if dot <= 0 or (name[0] == "." and not name[:dot].lstrip(".")):
        return ""  # no dot, or only leading ones: ".bashrc" and "..md" have none
    return name[dot:].lower()


def _folder_skipped(folder: Path, root: Path, resolver: Resolver | None, ignores: GitIgnores) -> bool:
    """Whether a walk leaves ``folder`` out: by the settings that apply in it, as its files."""
    return ignores.ignored(folder, True) or matches(_patterns(folder, resolver), folder, root)


def _patterns(folder: Path, resolver: Resolver | None) -> Patterns:
    """The exclude patterns that apply in ``folder``: its settings', or the defaults without any."""
    if resolver is None:
        return (("", DEFAULT_EXCLUDE),)
    return resolver.settings_for(folder / "_", is_file=True).exclude


def discover(
    paths: Iterable[str], suffixes: set[str], resolver: Resolver | None = None, force_exclude: bool = False
) -> list[Target]:
    """Files named explicitly are linted (unless ``force_exclude`` and a pattern excludes them);
    folders are searched for the suffixes the readers claim, minus excluded and ignored files."""
    found: dict[str, bool] = {}
    shown: dict[str, str] = {}  # the names a walk worked out, for its files
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for file, file_shown in _walk(path, resolver, suffixes):
                found.setdefault(file, False)
                shown.setdefault(file, file_shown)
        elif not (force_exclude and resolver is not None and _forced_out(path, resolver)):
            found[str(path)] = True
    return _once_each(found, shown)


def _once_each(found: dict[str, bool], shown: dict[str, str]) -> list[Target]:
    """In the order of shown names; a file reached by several paths (a symlink, a hard link, a
    folder and a file in it) once, under a name given on the command line, else its first."""
    made = (_target(path, explicit, shown.get(path)) for path, explicit in found.items())
    targets = sorted(made, key=_BY_SHOWN_NAME)
    chosen: dict[object, Target] = {}
    identities = []
    for target in targets:  # in order: the first of each file, unless a later one was named
        identity = _identity(target.name) or target.shown
        identities.append(identity)
        first = chosen.setdefault(identity, target)
        if target.explicit and not first.explicit:
            chosen[identity] = target
    return [target for target, identity in zip(targets, identities) if chosen[identity] is target]


_BY_SHOWN_NAME = operator.attrgetter("shown", "name")


def _target(path: str, explicit: bool, shown: str | None) -> Target:
    """``Target.of`` for a path that is text already."""
    if shown is None:
        return Target.of(path, explicit)
    return Target(path, explicit, path if shown == path else shown)  # one string when they agree


def _identity(path: str) -> tuple[int, int] | None:
    """The file a path reaches (device, inode), or None when it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return (info.st_dev, info.st_ino) if info.st_ino else None


def _forced_out(path: Path, resolver: Resolver) -> bool:
    root = Path.cwd()
    excluded = matches(resolver.settings_for(path).exclude, path, root)
    return excluded or GitIgnores.around(path.parent).ignored(path, False)
