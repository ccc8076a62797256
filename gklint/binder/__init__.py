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
from gklint.binder.digitruns import tables_from_runs
from gklint.binder.loose import gather_loose_tables, label_pieces_joined
from gklint.binder.mirror import without_pinyin
from gklint.binder.notes import holds_no_part_or_table
from gklint.binder.opening import (
    LOOK_ALIKE,
    UNKNOWN,
    kind_of,
    may_name_another_kind,
    opening_names_another_kind,
    with_page_metadata,
)
from gklint.binder.parts import Headings, find_headings, sections_of
from gklint.binder.period import find_period
from gklint.binder.rowsplit import rows_apart
from gklint.binder.runon import flattened_tables, split_run_on
from gklint.binder.spacing import despaced
from gklint.binder.stray import laid_straight
from gklint.binder.stream import cell_norms
from gklint.binder.tables import bind_tables, make_cell
from gklint.binder.title import find_title
from gklint.model import BindingNote, Document, Paragraph, Report
from gklint.signed import report_year, signed_date, signed_line, work_year
from gklint.template import Template
from gklint.text import fold_uncached, lazy_pattern

_NOT_DISCLOSURE_WORDS = lazy_pattern(r"[^信息政务公开]+")
OPEN_FORMS = ("开", "開", "\U0002f9ee")  # every character that folds to 开 (none but 公 itself folds to 公)

__all__ = ["bind", "full_glance", "make_cell", "plainly_not_a_report"]


def bind(document: Document, templates: Sequence[Template]) -> Report:
    """Bind ``document`` to the template it matches best."""
    if not templates:
        raise ValueError("no report template is installed")
    document, template, headings, norms = _laid_out(document, templates)
    sections = sections_of(document, headings)
    first_heading = min(headings, default=len(document.blocks))
    title, title_location, agency, title_year = find_title(document, first_heading)
    period = find_period(document)
    tables, notes = bind_tables(document, template, headings, templates, norms)
    notes.extend(flattened_tables(document, template, headings, tables))
    followed = as_followed(template, templates, notes)  # each table's rows and relations, from its format
    heading_notes = [note for _, (_, note) in sorted(headings.items()) if note is not None]
    told = title_year if title_year is not None else work_year(sections)  # a crawler may have lost the title
    year = report_year(told, period, document.published or signed_date(signed_line(sections)), work_year(sections))
    notes = completed(followed, sections, tables, heading_notes + notes, year)
    named = _named(template, templates, year, set(tables), notes)
    return Report(
        document=document,
        template=named.name,
        template_last_year=named.last_year,
        title=title,
        title_location=title_location,
        agency=agency,
        year=year,
        title_year=title_year,
        period=period,
        sections=sections,
        tables=tables,
        notes=tuple(notes),
        balances=balances(followed, tables),
    )


def _named(
    template: Template, templates: Sequence[Template], year: int | None, bound: set[str], notes: Sequence[BindingNote]
) -> Template:
    """The format a report is said to follow: the one its tables voted for, unless none was bound
    (no table voted), or that format was not yet in force in ``year``, a table of the report
    follows the one in force and every other table bound is the same in both (a 2020 report with
    the 2019 rows of table 三, its table 二 unread): then the newest format in force in ``year``."""
    if not bound:
        return _of_its_year(template, templates, year)
    if year is None or template.first_year <= year:
        return template
    in_force = _of_its_year(template, templates, year)
    following = {n.place.table for n in notes if n.kind == "template-mixed" and n.found == in_force.name}
    keys = {spec.key for spec in in_force.tables}
    same = all(key in keys and template.table(key) == in_force.table(key) for key in bound - following)
    return in_force if following and same else template


def _of_its_year(template: Template, templates: Sequence[Template], year: int | None) -> Template:
    """The newest format in force in ``year`` (a 2019 or 2020 report whose tables could not be read
    followed the 2019 format), else ``template``."""
    if year is None:
        return template
    in_force = [t for t in templates if t.first_year <= year]
    return max(in_force, key=lambda t: t.first_year) if in_force else template


def plainly_not_a_report(document: Document, templates: Sequence[Template]) -> str | None:
    """``LOOK_ALIKE`` or ``UNKNOWN`` when ``document`` is plainly no annual report, as ``bind`` and
    ``kind_of`` would find at greater cost; else None. Plainly: none of it reads 信息公开 or 政务公开
    (so neither its opening nor any title it has can call it an annual report), and its opening names another
    kind of document, or it holds no part heading and no table. A folder of notes beside the
    reports is mostly that, and each is told at a fraction of a whole binding: most from a glance at
    their lines (``holds_no_part_or_table``), the rest laid out. Its paragraphs' text is run together
    once, for both questions asked of all of it: may it read 信息公开, may it name another kind."""
    if not templates:
        return None
    text = _paragraph_text(document)
    if _may_read_disclosure(text):
        return None
    if may_name_another_kind(text) and opening_names_another_kind(document):
        return LOOK_ALIKE  # kind_of's answer, for a text that reads no 信息公开
    return UNKNOWN if holds_no_part_or_table(document, templates) else _bare_when_laid_out(document, templates)


def full_glance(document: Document, templates: Sequence[Template]) -> str | None:
    """``plainly_not_a_report`` without its glance at the lines: the document laid out whenever its
    opening leaves the question open (what the glance must agree with)."""
    if not templates or _may_name_disclosure(document):
        return None
    kind = kind_of(document)
    if kind != UNKNOWN:
        return kind if kind == LOOK_ALIKE else None
    return _bare_when_laid_out(document, templates)


def _bare_when_laid_out(document: Document, templates: Sequence[Template]) -> str | None:
    """UNKNOWN when the document, laid out, shows no part heading and binds no table; else None."""
    laid_out, template, headings, norms = _laid_out(document, templates)
    if headings:
        return None
    tables, _ = bind_tables(laid_out, template, headings, templates, norms)
    return None if tables else UNKNOWN


def _paragraph_text(document: Document) -> str:
    """The text of every paragraph of ``document``, run together."""
    return "".join([block.text for block in document.blocks if isinstance(block, Paragraph)])


def _may_name_disclosure(document: Document) -> bool:
    """Whether any line, or lines joined, may read 信息公开 or 政务公开 once folded: the characters of
    those words are looked for alone, everything else between them dropped, so a title wrapped
    over lines or broken by spaces, pinyin or marks is never missed (办公 alone is no match)."""
    return _may_read_disclosure(_paragraph_text(document))


def _may_read_disclosure(text: str) -> bool:
    """``_may_name_disclosure`` of the document whose paragraphs' text is ``text``."""
    if "信息公开" in text or "政务公开" in text:
        return True  # written plainly, as nearly every report has it: folding keeps these characters as they are
    if "公" not in text or not any(form in text for form in OPEN_FORMS):
        return False  # folded, it would hold no 公 or no 开: most notes are told without folding them
    text = _NOT_DISCLOSURE_WORDS.sub("", fold_uncached(text))
    return "信息公开" in text or "政务公开" in text


def _laid_out(
    document: Document, templates: Sequence[Template]
) -> tuple[Document, Template, Headings, dict[int, set[str]]]:
    """The document with its run-on text split and its bare-line tables gathered, the template it
    follows, its part headings, and its tables' cell texts normalised (for both template votes)."""
    document = with_page_metadata(document)
    document = laid_straight(tables_from_runs(split_run_on(document, templates[0]), templates), templates[0])
    document = rows_apart(label_pieces_joined(document, templates), templates)
    first_headings = find_headings(document, templates[0])
    gathered = without_pinyin(despaced(gather_loose_tables(document, templates, list(first_headings))))
    norms = cell_norms(gathered)  # each table's cell texts, normalised once for both votes
    template = choose_template(gathered, templates, norms)
    same = gathered is document and template is templates[0]  # then the headings are those just found
    return gathered, template, first_headings if same else find_headings(gathered, template), norms
