"""One page's cells, locations and cell texts, made once each: cells are immutable values, and a report table
repeats the same few (``0`` on the same source line, the empty cells a merge covers)."""

from __future__ import annotations

from gklint.plugin import Location, TextCell
from gklint.readers.html.text import collapse

_NO_LINE = Location()


class Shared:
    """Locations by source line, cells by (text, line, merged) and collapsed cell texts, for one page."""

    def __init__(self) -> None:
        self.locations: dict[int | None, Location] = {None: _NO_LINE}
        self.cells: dict[tuple[str, int | None, bool], TextCell] = {}
        self.texts: dict[str, str] = {}
        self.raw_cells: dict[tuple[str, int | None], TextCell] = {}
        self.merged_cells: dict[int | None, TextCell] = {}

    def collapsed(self, raw: str) -> str:
        """``collapse(raw)``, worked out once per distinct text of the page."""
        found = self.texts.get(raw)
        if found is None:
            found = self.texts[raw] = collapse(raw)
        return found

    def location(self, line: int | None) -> Location:
        found = self.locations.get(line)
        if found is None:
            found = self.locations[line] = Location(line=line)
        return found

    def cell(self, text: str, line: int | None, merged: bool = False) -> TextCell:
        key = (text, line, merged)
        found = self.cells.get(key)
        if found is None:
            found = self.cells[key] = TextCell(text, self.location(line), merged=merged)
        return found

    def merged(self, line: int | None) -> TextCell:
        """The empty cell a merge covers, for a merged cell on ``line``: ``cell("", line, merged=True)``."""
        found = self.merged_cells.get(line)
        if found is None:
            found = self.merged_cells[line] = self.cell("", line, merged=True)
        return found

    def cell_of(self, raw: str, line: int | None) -> TextCell:
        """The (unmerged) cell of a raw cell text on a source line, kept by (raw, line) for the caller's
        lookup: a new raw text or line makes its cell straight away, with no second lookup by its text."""
        found = self.raw_cells[raw, line] = TextCell(self.collapsed(raw), self.location(line))
        return found
