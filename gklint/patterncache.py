"""Compiled regular expressions kept between runs, as Python keeps compiled modules.

``re`` builds the code of a character class in Python: a class of a few scattered CJK characters
(``[一二三四五六七八九十]``) or a CJK range costs a large share of a millisecond, and a report's
rules use about a hundred patterns. The code it ends with depends only on the pattern, the flags and
the interpreter, so the first run to compile a pattern writes that code beside gklint's byte-code
(one small file per pattern, replaced atomically, so concurrent runs are safe) and later runs hand it
straight to the regular expression engine. Anything unexpected (another interpreter, a damaged or
foreign file, a folder that cannot be written, an ``re`` without the internals used here) falls back
to ``re.compile``; a pattern is stored only when it equals what ``re.compile`` makes of it.
"""

from __future__ import annotations

import contextlib
import importlib
import marshal
import os
import re
import sys
import zlib
from pathlib import Path
from typing import Any

from gklint.manifest import MANIFEST_DIR

_sre: Any = importlib.import_module("_sre")
_STAMP = f"{sys.version}\0{getattr(_sre, 'MAGIC', '')}\0{getattr(_sre, 'CODESIZE', '')}"
Parts = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_UNWRITABLE: set[Path] = set()  # folders a store failed in: this process compiles only once per pattern


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the stored code when an earlier run compiled it."""
    path = _path(pattern, flags)
    stored = _load(path, pattern, flags)
    if stored is not None:
        return stored
    compiled = re.compile(pattern, flags)
    if path.parent in _UNWRITABLE:
        return compiled
    parts = _parts(pattern, flags)
    if parts is not None and _rebuilt(pattern, parts) == compiled:  # equal patterns: same code
        _store(path, pattern, flags, parts)
    return compiled


def _rebuilt(pattern: str, parts: Parts) -> re.Pattern[str] | None:
    """The pattern made by the engine from ``parts``; None where its signature is not this one."""
    try:
        rebuilt: re.Pattern[str] = _sre.compile(pattern, *parts)
    except Exception:
        return None
    return rebuilt


def _folder() -> Path:
    return Path(os.environ.get(MANIFEST_DIR) or Path(__file__).parent / "__pycache__") / "gklint-patterns"


def _path(pattern: str, flags: int) -> Path:
    key = f"{_STAMP}\0{int(flags)}\0{pattern}".encode("utf-8", "surrogatepass")
    return _folder() / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.marshal"


def _load(path: Path, pattern: str, flags: int) -> re.Pattern[str] | None:
    try:
        stamp, stored_pattern, stored_flags, parts = marshal.loads(path.read_bytes())
        if (stamp, stored_pattern, stored_flags) != (_STAMP, pattern, flags):
            return None
    except Exception:  # a missing, damaged or foreign file: compile afresh
        return None
    return _rebuilt(pattern, parts)


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


def _store(path: Path, pattern: str, flags: int, parts: Parts) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(marshal.dumps((_STAMP, pattern, int(flags), parts)))
        os.replace(temporary, path)
    except (OSError, ValueError):  # a read-only installation: every run compiles, as without this module
        _UNWRITABLE.add(path.parent)
        with contextlib.suppress(OSError):
            temporary.unlink()
