"""Which template a document follows: the one whose table labels its cells hit most."""

from __future__ import annotations

from collections.abc import Sequence

from gklint.binder.labels import Labels
from gklint.model import (
    Document,
)
from gklint.template import Template
from gklint.text import (
    normalize_label,
)


def choose_template(document: Document, templates: Sequence[Template]) -> Template:
    """The template whose table labels the document's cells hit most (first one on a tie)."""
    if len(templates) == 1:
        return templates[0]
    cells = {normalize_label(c.text) for t in document.tables for row in t.rows for c in row}

    def score(template: Template) -> int:
        return sum(len(cells & set(Labels.of(spec).exact)) for spec in template.tables)

    return max(templates, key=lambda t: (score(t), t.first_year))  # a tie goes to the newer format
