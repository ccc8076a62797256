"""What readers produce: a source file as blocks in reading order, each with its ``Location``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from gklint.model.location import NOWHERE, DeferredLocation, Location
from gklint.model.metadata import DocumentMetadata, parse_date
from gklint.model.values import by_value

_new = object.__new__


@by_value
@dataclass(frozen=True, init=False, eq=False, repr=False)  # the __init__ below
class TextCell:
    """One table cell as the source shows it.

    A merged cell stands once, at its top-left grid position; every other position it covers is
    a ``TextCell`` with ``merged=True`` (and no text), so rows stay rectangular while the binder
    can tell a covered position from a cell the author left blank.
    """

    text: str
    location: Location = NOWHERE
    merged: bool = False

    # Readers make one per cell: each constructor fills the instance's own ``__dict__`` item by item,
    # cheaper than a frozen dataclass's setattr per field or a keyword ``update``.
    def __init__(self, text: str, location: Location = NOWHERE, merged: bool = False) -> None:
        fields = self.__dict__
        fields["text"] = text
        fields["location"] = location
        fields["merged"] = merged

    @classmethod
    def at(cls, text: str, line: int, column: int, end_column: int) -> TextCell:
        """``TextCell(text, Location(line, column, line, end_column))``, its location made when first
        read: a text reader's cells, of which findings name a few."""
        cell = _new(cls)
        fields = cell.__dict__
        fields["text"] = text
        fields["_at"] = (line, column, end_column)
        fields["merged"] = False
        return cell

    @classmethod
    def row_at(cls, line: int, spans: Iterable[tuple[str, int, int]]) -> tuple[TextCell, ...]:
        """``at`` for each (text, column, end column) of one source line: a text row's cells made in
        one call, not one call per cell (a report's tables hold some 400)."""
        row = []
        for text, column, end_column in spans:
            cell = _new(cls)
            fields = cell.__dict__
            fields["text"] = text
            fields["_at"] = (line, column, end_column)
            fields["merged"] = False
            row.append(cell)
        return tuple(row)

    @classmethod
    def split_at(
        cls, line: int, text: str, separator: str, offset: int = 0, stripped: bool = False
    ) -> tuple[TextCell, ...]:
        """The cells of ``text`` between ``separator`` characters, ``text`` standing on source line
        ``line`` from 0-based column ``offset``: ``row_at`` of the spans the split makes, in one pass
        (a row's cells are split, spanned and made in one loop, not three). Each cell stands at the
        1-based columns of its stripped text; with ``stripped`` its text is that stripped text and a
        blank cell stands at its end (a Markdown cell), else its text is as written and a blank cell
        stands at its start."""
        row = []
        start = offset
        for part in text.split(separator):
            body = part.strip()
            column = start + (len(part) - len(part.lstrip()) if body or stripped else 0) + 1
            cell = _new(cls)
            fields = cell.__dict__
            fields["text"] = body if stripped else part
            fields["_at"] = (line, column, column + len(body))
            fields["merged"] = False
            row.append(cell)
            start += len(part) + 1
        return tuple(row)

    @classmethod
    def on_line(cls, text: str, line: int | None, merged: bool = False) -> TextCell:
        """``TextCell(text, Location(line=line), merged)``, its location made when first read: an HTML
        page's cells."""
        if line is None:
            return cls(text, NOWHERE, merged)
        cell = _new(cls)
        fields = cell.__dict__
        fields["text"] = text
        fields["_at"] = line
        fields["merged"] = merged
        return cell

    @classmethod
    def in_element(cls, text: str, stem: str, number: int, merged: bool = False) -> TextCell:
        """``TextCell(text, Location(element=f"{stem}{number}"), merged)``, its location (and the
        element's name) made when first read: a Word table's cells."""
        cell = _new(cls)
        fields = cell.__dict__
        fields["text"] = text
        fields["_at"] = (stem, number)
        fields["merged"] = merged
        return cell

    @classmethod
    def in_box(cls, text: str, page: int, bbox: tuple[float, float, float, float], merged: bool = False) -> TextCell:
        """``TextCell(text, Location(page=page, bbox=bbox), merged)``, its location made when first read:
        a PDF table's cells."""
        cell = _new(cls)
        fields = cell.__dict__
        fields["text"] = text
        fields["_at"] = (page, bbox)
        fields["merged"] = merged
        return cell


setattr(TextCell, "location", DeferredLocation(NOWHERE))  # noqa: B010 (the field's default, made lazy for at())


IMAGE = "\ufffc"  # OBJECT REPLACEMENT CHARACTER: Unicode's own stand-in for an embedded object


@by_value
@dataclass(frozen=True, init=False, eq=False, repr=False)  # the __init__ below
class Paragraph:
    """A paragraph or line of running text; ``heading_level`` > 0 when the source marks a heading."""

    text: str
    location: Location = NOWHERE
    heading_level: int = 0

    def __init__(self, text: str, location: Location = NOWHERE, heading_level: int = 0) -> None:
        self.__dict__.update(text=text, location=location, heading_level=heading_level)  # see Location

    @classmethod
    def image(cls, location: Location = NOWHERE) -> Paragraph:
        """A picture standing in the text (``<img>``, ``![](…)``, a drawing in Word, an image on a
        PDF page): a paragraph of ``IMAGE`` alone, so that the binder can tell a table published as a
        picture from a table left out."""
        return cls(IMAGE, location)

    @property
    def is_image(self) -> bool:
        return self.text == IMAGE


@by_value
@dataclass(frozen=True, init=False, eq=False, repr=False)  # the __init__ below
class Table:
    """A table as rows of cells in reading order.

    ``sparse`` marks a table whose source drops empty cells (lines copied from a page where a blank
    cell leaves no trace): a row label followed directly by the next label has lost its cells, which
    were blank, not missing.
    """

    rows: tuple[tuple[TextCell, ...], ...]
    location: Location = NOWHERE
    sparse: bool = False

    def __init__(
        self, rows: tuple[tuple[TextCell, ...], ...], location: Location = NOWHERE, sparse: bool = False
    ) -> None:
        self.__dict__.update(rows=rows, location=location, sparse=sparse)  # see Location


Block = Paragraph | Table


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class Directive:
    """An inline suppression comment, e.g. ``<!-- gklint: disable-next-line=GK107 -->``.

    ``kind`` is ``disable`` (until a matching ``enable`` or the end of the file), ``enable``,
    ``disable-next-line`` (the line ``target_line``) or ``disable-file``; ``codes`` are codes or
    prefixes (``ALL`` for every code). ``kind`` is ``invalid`` when the comment names gklint but
    cannot be understood; ``text`` keeps the comment as written.
    """

    kind: str
    codes: tuple[str, ...]
    location: Location
    text: str = ""
    target_line: int | None = None


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class ReadNote:
    """Something a reader cut or replaced to read a file within bounds (reported as GK003): bytes
    that were not text in the file's encoding, a row past the cap on cells, a table past the cap on
    rows. The rest of the document was read."""

    message: str
    message_en: str
    location: Location = NOWHERE


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class Document:
    """A source file read into blocks; readers make these, the binder consumes them."""

    path: str
    format: str
    blocks: tuple[Block, ...]
    encoding: str | None = None
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    directives: tuple[Directive, ...] = ()
    notes: tuple[ReadNote, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.metadata, DocumentMetadata):  # a plain mapping, as readers gave before
            object.__setattr__(self, "metadata", DocumentMetadata.of(self.metadata))

    @property
    def published(self) -> date | None:
        """The publication date, when the reader, the opening or ``--published`` gave one."""
        return self.metadata.published

    def with_published(self, published: date | str) -> Document:
        """The document published on that day (a date or its YYYY-MM-DD text); empty text changes nothing."""
        day = parse_date(published) if isinstance(published, str) else published
        return self if day is None else replace(self, metadata=self.metadata.with_published(day))

    @property
    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def tables(self) -> Iterator[Table]:
        return (b for b in self.blocks if isinstance(b, Table))
