"""Compiled regular expressions kept between runs, as Python keeps compiled modules.

``re`` builds the code of a character class in Python: a class of a few scattered CJK characters
(``[一二三四五六七八九十]``) or a CJK range costs a large share of a millisecond, and a report's
rules use about a hundred patterns. The code it ends with depends only on the pattern, the flags and
the interpreter, so the first run to compile a pattern adds that code to a table beside gklint's
byte-code (one file, read once a process, replaced atomically when a pattern is added, so concurrent
runs are safe) and later runs hand it straight to the regular expression engine. Anything unexpected
(another interpreter, a damaged or foreign file, a folder that cannot be written, an ``re`` without
the internals used here) falls back to ``re.compile``; a pattern is stored only when it equals what
``re.compile`` makes of it.
"""

from __future__ import annotations

import importlib
import re
import sys
from typing import Any

from gklint.kept import kept_path, load_kept, store_kept

_sre: Any = importlib.import_module("_sre")
_STAMP = f"{sys.version}\0{getattr(_sre, 'MAGIC', '')}\0{getattr(_sre, 'CODESIZE', '')}"
TABLE_NAME = "gklint-patterns.marshal"
Parts = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
Table = dict[tuple[str, int], Parts]
_TABLES: dict[str, Table] = {}  # by the table's path: read once a process
_UNWRITABLE: set[str] = set()  # tables a store failed for: this process compiles only once per pattern


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the stored code when an earlier run compiled it."""
    path = table_path()
    table = _table(path)
    stored = table.get((pattern, flags))
    if stored is not None:
        rebuilt = _rebuilt(pattern, stored)
        if rebuilt is not None:
            return rebuilt
    compiled = re.compile(pattern, flags)
    if path in _UNWRITABLE:
        return compiled
    parts = _parts(pattern, flags)
    if parts is not None and _rebuilt(pattern, parts) == compiled:  # equal patterns: same code
        table[(pattern, int(flags))] = parts
        _store(path, table)
    return compiled


def table_path() -> str:
    return kept_path(TABLE_NAME)


def _table(path: str) -> Table:
    table = _TABLES.get(path)
    if table is None:
        table = _TABLES[path] = _load(path)
    return table


def _rebuilt(pattern: str, parts: Parts) -> re.Pattern[str] | None:
    """The pattern made by the engine from ``parts``; None where its signature is not this one."""
    try:
        rebuilt: re.Pattern[str] = _sre.compile(pattern, *parts)
    except Exception:
        return None
    return rebuilt


def _load(path: str) -> Table:
    table = load_kept(path, _STAMP)
    return table if isinstance(table, dict) else {}


def _parts(pattern: str, flags: int) -> Parts | None:
    """What ``re`` hands its engine for the pattern (as ``re._compiler.compile`` computes it)."""
    try:
        compiler: Any = importlib.import_module("re._compiler")
        parser: Any = importlib.import_module("re._parser")
        parsed = parser.parse(pattern, flags)
        code = compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (
            int(flags | parsed.state.flags),
            [int(word) for word in code],
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
    except Exception:  # another interpreter's internals: no stored code
        return None


def _store(path: str, table: Table) -> None:
    """Write ``table`` with what other runs stored meanwhile (a pattern one of them lost in a race
    is only compiled again)."""
    table.update((key, parts) for key, parts in _load(path).items() if key not in table)
    if not store_kept(path, _STAMP, table):  # a read-only installation: every run compiles, as without this module
        _UNWRITABLE.add(path)
