"""GitHub's ``primaryLocationLineHash`` of each line of a text file, as codeql-action computes it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path


class LineHashes:
    """GitHub's ``primaryLocationLineHash`` of each line of a UTF-8 text file (codeql-action's
    ``fingerprints.ts``), so uploads by any means carry the hash upload-sarif would compute."""

    def __init__(self, texts: Mapping[str, str] | None = None) -> None:
        self._texts = texts or {}  # shown path -> the text linted, for a report read from stdin
        self._cache: dict[Path | str, dict[int, str] | None] = {}

    def get(self, path: Path, line: int, shown: str = "") -> str | None:
        """The hash of ``line`` of the text linted as ``shown``: the one given, else the file at ``path``
        (a report read from stdin may share its name with another text on disk)."""
        key: Path | str = shown if shown in self._texts else path
        if key not in self._cache:
            self._cache[key] = line_hashes(self._texts[shown]) if shown in self._texts else _file_line_hashes(path)
        hashes = self._cache[key]
        return None if hashes is None else hashes.get(line)


def _file_line_hashes(path: Path) -> dict[int, str] | None:
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # GitHub would hash replacement characters: let upload-sarif compute it
    return line_hashes(text)


BLOCK_SIZE = 100
MOD = 37
MASK = (1 << 64) - 1
FIRST_MOD = pow(MOD, BLOCK_SIZE, 1 << 64)
EOF_UNIT = 65535


def line_hashes(text: str) -> dict[int, str]:
    """Line number -> ``hex:occurrence``: a rolling hash of the 100 non-blank UTF-16 code units from the
    start of each line; spaces and tabs skipped, CR LF and CR read as LF."""
    hasher = _RollingHash()
    line_start, previous_cr = True, False
    for unit in [*_utf16_units(text), EOF_UNIT]:
        if unit in (0x20, 0x09) or (previous_cr and unit == 0x0A):
            previous_cr = False
            continue
        previous_cr = unit == 0x0D
        unit = 0x0A if previous_cr else unit
        hasher.emit_if_due()
        if line_start:
            hasher.start_line()
        line_start = unit == 0x0A
        hasher.update(unit)
    for _ in range(BLOCK_SIZE):
        hasher.emit_if_due()
        hasher.update(0)
    return hasher.hashes


class _RollingHash:
    """The window of the last 100 code units, which of them start a line, and the hashes emitted."""

    def __init__(self) -> None:
        self.window = [0] * BLOCK_SIZE
        self.starts = [-1] * BLOCK_SIZE  # the line number a window slot starts, or -1
        self.value = 0
        self.index = 0
        self.line = 0
        self.seen: Counter[str] = Counter()
        self.hashes: dict[int, str] = {}

    def start_line(self) -> None:
        self.line += 1
        self.starts[self.index] = self.line

    def emit_if_due(self) -> None:
        """A line's hash is complete once the window has come round to the slot where the line began."""
        if self.starts[self.index] == -1:
            return
        text = format(self.value, "x")
        self.seen[text] += 1
        self.hashes[self.starts[self.index]] = f"{text}:{self.seen[text]}"
        self.starts[self.index] = -1

    def update(self, unit: int) -> None:
        oldest, self.window[self.index] = self.window[self.index], unit
        self.value = (MOD * self.value + unit - FIRST_MOD * oldest) & MASK
        self.index = (self.index + 1) % BLOCK_SIZE


def _utf16_units(text: str) -> list[int]:
    data = text.encode("utf-16-le", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]
