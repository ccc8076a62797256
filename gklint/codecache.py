"""The code ``@dataclass`` generates, compiled once and kept between runs, as Python keeps compiled modules.

``dataclasses`` writes the source of every method it adds (``__init__``, a frozen class's
``__setattr__`` and ``__delattr__``, ``__eq__``, ``__repr__``...) and hands it to ``exec``: for the
sixty-odd classes a check declares, compiling that source was about a quarter of a one-file run.
The source depends only on a class's declaration, so while ``generated_code_kept()`` is active
``dataclasses`` finds, as its ``exec``, one that looks the source up in a table (one file beside
gklint's byte-code, replaced atomically, so concurrent runs are safe) and compiles only what the
table lacks. ``exec`` of the code compiled from a source, with the same namespaces and the same
compiler flags, does exactly what ``exec`` of that source does. Anything unexpected (another
interpreter, a damaged or foreign file, a folder that cannot be written) costs only the compiling.
"""

from __future__ import annotations
import __future__

import builtins
import contextlib
import sys
from collections.abc import Iterator
from types import CodeType
from typing import Any

from gklint.kept import kept_path, load_kept, store_kept

_STAMP = f"{sys.version}\0{sys.implementation.cache_tag}"
_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag
MAX_ENTRIES = 4096  # classes made on the fly (a test's, say) must not grow the file without end
Key = tuple[int, str]  # the compiler flags the caller's code passes on, and the source


class CodeTable:
    """Compiled sources by (flags, source); ``store()`` writes what was added since loading."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.code = _load(path)
        self.added = 0

    def exec(self, source: Any, globals: Any = None, locals: Any = None, /, **kwargs: Any) -> None:
        """``exec`` for the caller in ``dataclasses``: a source string is compiled as ``exec`` would
        compile it there (inheriting that module's ``__future__`` flags), or taken from the table."""
        if not isinstance(source, str):
            return builtins.exec(source, globals, locals, **kwargs)
        flags = sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        code = self.code.get((flags, source))
        if code is None:
            code = compile(source, "<string>", "exec", flags=flags, dont_inherit=True)
            if len(self.code) < MAX_ENTRIES:
                self.code[(flags, source)] = code
                self.added += 1
        return builtins.exec(code, globals, locals, **kwargs)

    def store(self) -> None:
        if self.added:  # a read-only installation fails to: every run compiles, as without this module
            store_kept(self.path, _STAMP, self.code)
            self.added = 0


def _load(path: str) -> dict[Key, CodeType]:
    table = load_kept(path, _STAMP)
    return table if isinstance(table, dict) else {}


def table_path() -> str:
    """Beside gklint's byte-code (``$GKLINT_MANIFEST_DIR`` elsewhere), as the plugin manifest."""
    return kept_path("gklint-generated-code.marshal")


@contextlib.contextmanager
def generated_code_kept() -> Iterator[CodeTable | None]:
    """While active, ``dataclasses`` compiles through a ``CodeTable`` (stored at the end); where
    ``dataclasses`` already has an ``exec`` of its own, nothing changes (None)."""
    import dataclasses

    if "exec" in vars(dataclasses):
        yield None
        return
    table = CodeTable(table_path())
    dataclasses.exec = table.exec  # type: ignore[attr-defined]
    try:
        yield table
    finally:
        if vars(dataclasses).get("exec") == table.exec:
            del dataclasses.exec  # type: ignore[attr-defined]
        table.store()
