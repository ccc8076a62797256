"""Where things stand in a source file, and how much a finding matters."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from gklint.model.values import by_value


class Severity(enum.IntEnum):
    """Severity of a finding; ordered so that ``error > warning > info``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @property
    def label_zh(self) -> str:
        return _LABELS_ZH[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (error, warning, info)") from None


_LABELS_ZH = {Severity.INFO: "提示", Severity.WARNING: "警告", Severity.ERROR: "错误"}


@by_value
@dataclass(frozen=True, init=False, eq=False, repr=False)  # the __init__ below
class Location:
    """Where something stands in its source file.

    Text-like sources fill ``line``/``column`` (1-based, columns in code points, the end
    exclusive); HTML fills ``line``; PDF fills ``page`` and ``bbox`` (x0, y0, x1, y1 in points);
    DOCX fills ``element`` (e.g. ``table 2 / row 5 / cell 3``). Anything unknown stays ``None``.
    A PDF paragraph that runs on to later pages lists in ``breaks`` (offset in its text, page) where
    each later page begins, so that a span of its text is placed on its own page (``within``).
    """

    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    element: str | None = None
    breaks: tuple[tuple[int, int], ...] = ()

    def __init__(  # readers make one per cell: filled in one step, not one frozen setattr per field
        self,
        line: int | None = None,
        column: int | None = None,
        end_line: int | None = None,
        end_column: int | None = None,
        page: int | None = None,
        bbox: tuple[float, float, float, float] | None = None,
        element: str | None = None,
        breaks: tuple[tuple[int, int], ...] = (),
    ) -> None:
        self.__dict__.update(
            line=line, column=column, end_line=end_line, end_column=end_column, page=page, bbox=bbox, element=element
        )
        if breaks:  # few locations have any: the others keep the class's empty default
            self.__dict__["breaks"] = breaks

    def within(self, start: int, length: int) -> Location:
        """The span of ``length`` code points from offset ``start`` of the text this location
        starts; for a text-like source, else the location itself (a PDF box, a DOCX element), or the
        later page of a PDF paragraph the span begins on."""
        if self.line is None or self.column is None:
            page = self.page
            for offset, later in self.breaks:
                if offset > start:
                    break
                page = later
            return self if page == self.page else Location(page=page)
        column = self.column + start
        return Location(line=self.line, column=column, end_line=self.line, end_column=column + length)

    def describe(self) -> str:
        """A short human form: ``12:5``, ``p.3``, ``table 2 / row 4`` or empty."""
        if self.line is not None:
            return f"{self.line}:{self.column or 1}"
        if self.page is not None:
            return f"p.{self.page}"
        return self.element or ""

    def sort_key(self) -> tuple[int, int, int, float, float, tuple[int, ...]]:
        """Reading order: page, line, column; on a PDF page top to bottom, left to right (PDF y grows
        upwards); then the numbers of a DOCX element ("表格 2 / 行 10")."""
        numbers = tuple(int(n) for n in re.findall(r"\d+", self.element)) if self.element else ()
        top, left = (-self.bbox[3], self.bbox[0]) if self.bbox else (0.0, 0.0)
        return (self.page or 0, self.line or 0, self.column or 0, top, left, numbers)


NOWHERE = Location()


class DeferredLocation:
    """The ``location`` of a model object made without one (``TextCell.at``, ``TextCell.on_line``,
    ``TextCell.in_element``, ``TextCell.in_box``, ``Cell.deferred``, ``BoundRow.deferred``): made on
    first use from what the object was made at, its ``_at``, and kept (a report's cells number some
    400, and only those a finding names are ever asked where they stand).

    ``_at`` is a text source's (line, column, end column), an HTML source line (an int), a DOCX
    element's name as its stem and number (``("表格 1 / 行 2 / 列 ", 3)``), a PDF page and box
    (``(3, (x0, y0, x1, y1))``), a ``Location``, or anything with a ``location`` (a source cell or
    paragraph). A non-data descriptor: an object made with its ``location`` holds it in its own
    ``__dict__``, which is read first, and never comes here."""

    def __init__(self, default: Location) -> None:
        self.default = default

    def __get__(self, obj: object, owner: type | None = None) -> Location:
        if obj is None:
            return self.default  # the class's own attribute: the field's default
        fields = obj.__dict__
        at = fields.pop("_at", None)
        if at is None:
            raise AttributeError("location")
        fields["location"] = location = _located(at)
        return location


def _located(at: Any) -> Location:
    """The ``Location`` an object's ``_at`` stands for (see ``DeferredLocation``)."""
    if isinstance(at, tuple):
        if len(at) == 3:
            return Location(at[0], at[1], at[0], at[2])
        first, second = at
        return Location(page=first, bbox=second) if isinstance(second, tuple) else Location(element=f"{first}{second}")
    if isinstance(at, int):
        return Location(line=at)
    return at if isinstance(at, Location) else at.location


def settled(state: dict[str, Any]) -> dict[str, Any]:
    """An object's state to pickle (``__getstate__``), its ``_at`` as plain data: a never-read source
    cell's own ``_at`` (a text span, a line, an element's stem and number), else its source's
    ``Location``; not the source object, which the history would pack beside every bound cell of every
    report."""
    at = state.get("_at")
    if at is None or isinstance(at, tuple | int | Location):
        return state
    spot = at.__dict__.get("_at")
    return {**state, "_at": spot if isinstance(spot, tuple | int) else at.location}
