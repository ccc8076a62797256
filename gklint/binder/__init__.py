"""The binder: map a ``Document`` onto a template and produce a ``Report``.

Robust to layout, strict about meaning. Tables are read as a stream of cells in reading order;
each template row is found by its *label* (normalised, with small typos tolerated and noted), and
its values are the cells that follow, up to the next label, trimmed to the count the template
row must hold. Blank cells the source shows stay blank; cells it lacks are marked missing; every
deviation becomes a ``BindingNote`` for rules to report. Nothing here knows a rule code.
"""

from __future__ import annotations

from collections.abc import Sequence

from gklint.binder.balances import balances
from gklint.binder.choice import as_followed, choose_template
from gklint.binder.completeness import completed
from gklint.binder.loose import gather_loose_tables
from gklint.binder.opening import with_page_metadata
from gklint.binder.parts import find_headings, sections_of
from gklint.binder.period import find_period
from gklint.binder.runon import flattened_tables, split_run_on
from gklint.binder.stream import cell_norms
from gklint.binder.tables import bind_tables, make_cell
from gklint.binder.title import find_title
from gklint.model import Document, Report
from gklint.template import Template

__all__ = ["bind", "make_cell"]


def bind(document: Document, templates: Sequence[Template]) -> Report:
    """Bind ``document`` to the template it matches best."""
    if not templates:
        raise ValueError("no report template is installed")
    document = with_page_metadata(document)
    document = split_run_on(document, templates[0])
    first_headings = find_headings(document, templates[0])
    gathered = gather_loose_tables(document, templates, list(first_headings))
    norms = cell_norms(gathered)  # each table's cell texts, normalised once for both votes
    template = choose_template(gathered, templates, norms)
    same = gathered is document and template is templates[0]  # then the headings are those just found
    document = gathered
    headings = first_headings if same else find_headings(document, template)
    sections = sections_of(document, headings)
    first_heading = min(headings, default=len(document.blocks))
    title, title_location, agency, title_year = find_title(document, first_heading)
    period = find_period(document)
    tables, notes = bind_tables(document, template, headings, templates, norms)
    notes.extend(flattened_tables(document, template, headings, tables))
    followed = as_followed(template, templates, notes)  # each table's rows and relations, from its format
    heading_notes = [note for _, (_, note) in sorted(headings.items()) if note is not None]
    year = title_year or (period.end[0] if period else None) or (period.start[0] if period else None)
    notes = completed(followed, sections, tables, heading_notes + notes, year)
    return Report(
        document=document,
        template=template.name,
        template_last_year=template.last_year,
        title=title,
        title_location=title_location,
        agency=agency,
        year=year,
        period=period,
        sections=sections,
        tables=tables,
        notes=tuple(notes),
        balances=balances(followed, tables),
    )
