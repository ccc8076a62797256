"""Where the keys of ``pyproject.toml``'s ``[tool.gklint]`` table were written.

``tomllib`` gives values without positions, so a mistake in ``[tool.gklint]`` could name its key
but not its line. The lines are found again in the text: table headers (``[tool.gklint.severity]``),
``key = value`` lines under them and the keys of inline tables (``severity = { GK503 = "error" }``).
The mapping comes back with ruamel's ``.lc.key(name)`` as ``gklint.plainyaml`` gives it, so the
configuration reads positions alike from either file. A key not found (a dotted key, say) simply
has no line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as AnyMapping
from typing import Any

from gklint.plainyaml import Mapping

Path = tuple[str, ...]

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*("?)([A-Za-z0-9_.-]+)\1\s*=')
_INLINE_KEY = re.compile(r'[{,]\s*("?)([A-Za-z0-9_-]+)\1\s*=')


def placed(table: AnyMapping[str, Any], text: str) -> Mapping:
    """``table`` (the ``[tool.gklint]`` table ``text`` holds), every mapping in it knowing the
    0-based line of each of its keys."""
    return _with_places(table, ("tool", "gklint"), _key_lines(text))


def _key_lines(text: str) -> dict[Path, int]:
    lines: dict[Path, int] = {}
    current: Path = ()
    for number, line in enumerate(text.splitlines()):
        header = _HEADER.match(line)
        if header is not None:
            current = tuple(part.strip().strip('"') for part in header.group(1).split("."))
            lines.setdefault(current, number)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        path = (*current, *key.group(2).split("."))
        lines.setdefault(path, number)
        for inner in _INLINE_KEY.finditer(line, key.end()):
            lines.setdefault((*path, inner.group(2)), number)
    return lines


def _with_places(table: AnyMapping[str, Any], path: Path, lines: dict[Path, int]) -> Mapping:
    out = Mapping()
    for key, value in table.items():
        inner = _with_places(value, (*path, key), lines) if isinstance(value, AnyMapping) else value
        out[key] = inner
        line = lines.get((*path, key))
        if line is not None:
            out.lc.keys[key] = (line, 0)
    return out
