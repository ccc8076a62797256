"""What is known of a document besides its text, and what its reader's sources are like."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from gklint.model.values import by_value

PUBLISHED = "published"  # the key under which the publication date reads as text (``metadata["published"]``)


@dataclass(frozen=True, eq=False)
class DocumentMetadata(Mapping[str, str]):
    """A document's metadata: the publication date as a typed field, any other field a reader found
    (a PDF's producer) as text in ``fields``.

    It reads as a mapping of text too (``metadata.get("published")`` is the date as YYYY-MM-DD), so
    plugins written before the typed field keep working; gklint's own code reads ``published``.
    """

    published: date | None = None  # when the report was published (a page's metadata, its opening, --published)
    fields: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, given: Mapping[str, str] | None) -> DocumentMetadata:
        """The metadata a mapping of text gives: its ``published`` read as a date when it is one."""
        if isinstance(given, DocumentMetadata):
            return given
        fields = dict(given or {})
        published = parse_date(fields.get(PUBLISHED, ""))
        if published is not None:
            del fields[PUBLISHED]
        return cls(published, fields)

    def with_published(self, published: date) -> DocumentMetadata:
        return replace(self, published=published)

    @property
    def published_text(self) -> str | None:
        """The publication date as YYYY-MM-DD, or None."""
        return self.published.isoformat() if self.published else None

    def as_text(self) -> dict[str, str]:
        dated = {PUBLISHED: self.published.isoformat()} if self.published else {}
        return {**self.fields, **dated}

    def __getitem__(self, key: str) -> str:
        return self.as_text()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.as_text())

    def __len__(self) -> int:
        return len(self.as_text())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self.as_text() == dict(other.items())
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to a dict, so unhashable like one


def parse_date(text: str) -> date | None:
    """The date a ``YYYY-MM-DD`` text starts with (a time may follow), or None."""
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


@by_value
@dataclass(frozen=True, eq=False, repr=False)
class SourceTraits:
    """What a reader's sources are like, for formatters: whether a location's line and column point
    into the file's own text (so the line can be shown, a SARIF region given), whether locations are
    pages, and the files' MIME type. Readers declare them; formatters ask the run."""

    line_based: bool = False
    paged: bool = False
    mime_type: str = ""
