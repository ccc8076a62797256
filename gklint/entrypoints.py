"""The ``gklint`` entry points of the installed distributions, read once and without ``importlib.metadata``.

``importlib.metadata`` parses every distribution's METADATA with the ``email`` package to give a
name and a version, which costs a pre-commit run more than linting its file. This module walks
``sys.path`` as ``importlib.metadata`` does (the first distribution of a name wins), reads only the
entry-point files, and reads the two header lines it needs from the metadata of the distributions
that declare a ``gklint`` entry point. A layout it does not handle (a zipped or ``.egg`` path entry)
sends the whole walk to ``importlib.metadata``.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from dataclasses import dataclass
from functools import reduce

INFO_SUFFIXES = (".dist-info", ".egg-info")
# importlib.metadata's own pattern for an entry point's value: ``module[:attr] [extras]``.
VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


@dataclass(frozen=True, eq=False, repr=False)  # never compared or printed
class EntryPoint:
    """One entry point of the group, with the distribution that declares it."""

    name: str
    value: str
    distribution: str = ""
    version: str = ""
    folder: str = ""  # the distribution's metadata folder

    @property
    def module(self) -> str:
        match = VALUE.match(self.value)
        return match.group("module") if match else self.value

    def load(self) -> object:
        match = VALUE.match(self.value)
        if match is None:
            raise ValueError(f"entry point {self.name} = {self.value!r} is not `module` or `module:object`")
        module = importlib.import_module(match.group("module"))
        attrs = filter(None, (match.group("attr") or "").split("."))
        return reduce(getattr, attrs, module)


class UnusualLayout(Exception):
    """A path entry this reader does not handle; ``importlib.metadata`` then reads them all."""


def entry_points(group: str) -> list[EntryPoint]:
    """The group's entry points, sorted by name (stable: distributions in ``sys.path`` order)."""
    return installation(group)[0]


def installation(group: str) -> tuple[list[EntryPoint], list[str]]:
    """The group's entry points, and the metadata folder of every distribution on ``sys.path``
    (their names carry each distribution's name and, for a wheel's, its version)."""
    try:
        found, folders = _scan(group)
    except UnusualLayout:
        found, folders = _from_importlib(group)
    return sorted(found, key=lambda ep: ep.name), folders


def _scan(group: str) -> tuple[list[EntryPoint], list[str]]:
    seen: set[str] = set()
    found: list[EntryPoint] = []
    folders: list[str] = []
    for entry in sys.path:
        for info in _infos(entry):
            folders.append(info)
            key = normalize(_name_from_folder(info))
            if key in seen:
                continue
            seen.add(key)
            found.extend(_declared(info, group))
    return found, folders


def _infos(entry: str) -> list[str]:
    """The metadata folders directly in one ``sys.path`` entry, in the order the directory lists them."""
    root = entry or "."
    try:
        names = os.listdir(root)
    except NotADirectoryError:
        if os.path.isfile(root):
            raise UnusualLayout(root) from None
        return []
    except OSError:
        return []
    infos = []
    for name in names:
        low = name.lower()
        if low.endswith(INFO_SUFFIXES):
            infos.append(os.path.join(root, name))
        elif low.endswith(".egg"):
            raise UnusualLayout(name)
    return infos


def normalize(name: str) -> str:
    """A distribution's name as ``importlib.metadata`` compares it (PEP 503, with underscores)."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _name_from_folder(info: str) -> str:
    stem = os.path.basename(info).rpartition(".")[0]
    return stem.partition("-")[0]


def _declared(info: str, group: str) -> list[EntryPoint]:
    points = _section(_read(os.path.join(info, "entry_points.txt")), group)
    if not points:
        return []
    metadata = "METADATA" if info.lower().endswith(".dist-info") else "PKG-INFO"
    headers = _headers(_read(os.path.join(info, metadata)))
    name = headers.get("name", _name_from_folder(info))
    version = headers.get("version", "")
    return [EntryPoint(key, value, name, version, info) for key, value in points]


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return ""


def _section(text: str, group: str) -> list[tuple[str, str]]:
    """``name = value`` lines of one ``[group]`` section of an entry_points.txt."""
    points: list[tuple[str, str]] = []
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == group:
            name, _, value = line.partition("=")
            points.append((name.strip(), value.strip()))
    return points


def _headers(text: str) -> dict[str, str]:
    """The first ``Name`` and ``Version`` of a metadata file (its headers end at the first blank line)."""
    headers: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        key = key.strip().lower()
        if sep and key in ("name", "version") and key not in headers:
            headers[key] = value.strip()
    return headers


def _from_importlib(group: str) -> tuple[list[EntryPoint], list[str]]:
    import importlib.metadata as metadata

    folders = [str(getattr(dist, "_path", dist.name)) for dist in metadata.distributions()]
    found = []
    for ep in metadata.entry_points(group=group):
        dist = ep.dist
        folder = str(getattr(dist, "_path", ""))
        found.append(EntryPoint(ep.name, ep.value, dist.name if dist else "", dist.version if dist else "", folder))
    return found, folders
