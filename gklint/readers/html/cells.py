"""One page's cells, locations and cell texts, made once each: cells are immutable values, and a report table
repeats the same few (``0`` on the same source line, the empty cells a merge covers). A cell's location is
made only when something asks where it stands (``TextCell.on_line``): most never are."""

from __future__ import annotations

from gklint.plugin import Location, TextCell

_NO_LINE = Location()


class Shared:
    """Locations by source line, cells by line and raw text, and collapsed cell texts, for one page."""

    def __init__(self) -> None:
        self.locations: dict[int | None, Location] = {None: _NO_LINE}
        self.texts: dict[str, str] = {}
        self.raw_cells: dict[int | None, dict[str, TextCell]] = {}  # by line, then raw text
        self.merged_cells: dict[int | None, TextCell] = {}
        self.gaps: dict[int | None, TextCell] = {}

    def location(self, line: int | None) -> Location:
        found = self.locations.get(line)
        if found is None:
            found = self.locations[line] = Location(line=line)
        return found

    def merged(self, line: int | None) -> TextCell:
        """The empty cell a merge covers, for a merged cell on ``line``."""
        found = self.merged_cells.get(line)
        if found is None:
            found = self.merged_cells[line] = TextCell.on_line("", line, merged=True)
        return found

    def gap(self, line: int | None) -> TextCell:
        """The empty cell standing where a row on ``line`` has no cell at all, left of a merge from above."""
        found = self.gaps.get(line)
        if found is None:
            found = self.gaps[line] = TextCell.on_line("", line)
        return found
