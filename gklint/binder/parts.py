"""The six parts: finding their headings (numbered, paraphrased, run into their text) and what stands under each."""

from __future__ import annotations

from collections.abc import Sequence

from gklint.binder.memo import made_once
from gklint.model import (
    BindingNote,
    Document,
    LogicalPlace,
    Paragraph,
    Section,
)
from gklint.template import SectionSpec, Template
from gklint.text import (
    chinese_numeral,
    edit_distance,
    has_cjk,
    lazy_pattern,
    normalize_label,
    typo_budget,
)

Headings = dict[int, tuple[SectionSpec, BindingNote | None]]  # block index -> the part heading there

_ORDINAL = lazy_pattern(r"^#*(?:第)?([一二三四五六七八九十]{1,2})(部分|[、.,:])?")
_HEADING_TAIL = "。.:;,"
_LONGEST_TITLE = 40  # longer text is no part's title alone


def numbered(text: str) -> bool:
    """Whether ``text`` opens with a part's number and its mark (``四、``, ``第四部分``)."""
    found = _ORDINAL.match(normalize_label(text))
    return found is not None and bool(found.group(2)) and chinese_numeral(found.group(1)) is not None


def match_section(text: str, template: Template) -> tuple[SectionSpec, int] | None:
    """(section, rank) when ``text`` is a part heading such as ``四、政府信息公开行政复议…``: rank 0 for
    the template's own title, 1 for an alias, 2 for a typo.

    The heading may run into its text (``六、其他需要报告的事项。本年度…``); typos are tolerated only
    in a line that is nothing but a numbered heading.
    """
    norm = normalize_label(text).replace("《", "").replace("》", "")
    found = _ORDINAL.match(norm)
    if not found or chinese_numeral(found.group(1)) is None:
        return unnumbered_part(norm, template)
    rest = norm[found.end() :]
    for spec in template.sections:
        for rank, form in enumerate(spec.forms()):
            if rest == form or (rest.startswith(form) and rest[len(form)] in _HEADING_TAIL):
                return spec, min(rank, 1)
    if found.group(2):
        titles = _titles(template)
        qualified = next((titles[plain] for plain in _unqualified(rest) if plain in titles), None)
        if qualified is not None:
            return qualified, 1
        worded = _worded_own_way(chinese_numeral(found.group(1)), rest, template)
        if worded is not None:
            return worded, 1
    rest = rest.rstrip(_HEADING_TAIL)
    if not found.group(2) or len(rest) > 40:
        return None
    best: tuple[int, SectionSpec] | None = None
    for spec in template.sections:
        for form in spec.forms():
            distance = edit_distance(rest, form, limit=typo_budget(form))
            if distance <= typo_budget(form) and (best is None or distance < best[0]):
                best = (distance, spec)
    return (best[1], 2) if best else None


def _worded_own_way(number: int | None, rest: str, template: Template) -> SectionSpec | None:
    """The part a heading numbered as it words in its own way (五、存在的不足及改进措施, 六、其他事项):
    the number and one of the part's words say which part it is."""
    if len(rest) > _LONGEST_TITLE:
        return None
    spec = next((s for s in template.sections if s.number == number), None)
    return spec if spec is not None and any(word in rest for word in spec.words) else None


def unnumbered_part(norm: str, template: Template) -> tuple[SectionSpec, int] | None:
    """A part's title alone on its line, its number left to a list's numbering that the source did
    not keep (``<ol><li>总体情况``, as LibreOffice writes a Word list): rank 3, taken only for a part
    no numbered heading names. So too a title numbered as a subsection (``（一）总体情况``) or in
    Arabic numerals (``1、总体情况``): some reports number their six parts so."""
    if len(norm) > _LONGEST_TITLE or not has_cjk(norm):
        return None
    spec = _titles(template).get(norm)
    if spec is None and (found := _SUBSECTION_NUMBER.match(norm)):
        spec = _titles(template).get(norm[found.end() :])
    return None if spec is None else (spec, 3)


def part_titles(templates: Sequence[Template]) -> frozenset[str]:
    """Every form of every part's title of ``templates``, for ``names_a_part``."""
    return frozenset(form for template in templates for form in _titles(template))


def names_a_part(norm: str, titles: frozenset[str]) -> bool:
    """Whether ``unnumbered_part`` finds a part in ``norm`` for some template whose ``part_titles``
    are ``titles``: asked of every line of every note of a sweep, so the line is looked at once."""
    if len(norm) > _LONGEST_TITLE or not has_cjk(norm):
        return False
    found = _SUBSECTION_NUMBER.match(norm)
    return norm in titles or (found is not None and norm[found.end() :] in titles)


# What agencies put around a part's title: the year before it (2023年度, 本年度) and the table it
# holds after it ((表一), 统计表); part 一's title also gets the words 政府信息公开(工作).
_QUALIFIED = lazy_pattern(
    r"^(?:(?:\d{4}|[〇零一二三四五六七八九]{4})年度?|本年度?)?(.+?)(?:\(表[一二三四1-4]\)|统计表|统计|表)?$"
)
_SUBJECT = lazy_pattern(r"^政府信息公开(?:工作)?")


def _unqualified(rest: str) -> list[str]:
    """A part's title as it may stand in ``rest`` without what an agency put around it."""
    found = _QUALIFIED.match(rest.rstrip(_HEADING_TAIL))
    if found is None:
        return []
    plain = found.group(1)
    return [plain, _SUBJECT.sub("", plain)]


_SUBSECTION_NUMBER = lazy_pattern(r"^(?:[(（][一二三四五六七八九十]{1,2}[)）]|[1-6][,.])")


def _titles(template: Template) -> dict[str, SectionSpec]:
    """The parts' titles of ``template``, each form to its part (made once a template: a report asks
    for every short line)."""
    return made_once(_TITLES, template, lambda t: {form: spec for spec in t.sections for form in spec.forms()})


_TITLES: dict[int, tuple[Template, dict[str, SectionSpec]]] = {}


def find_headings(document: Document, template: Template) -> Headings:
    """Block index -> the part heading standing there.

    A part named twice (a subsection of 一 reads 四、政府信息公开申请情况, an alias of part 三) keeps
    its best-worded heading, the first of equals.
    """
    best: dict[int, tuple[int, int, SectionSpec]] = {}  # part -> (rank, block index, spec)
    for index, block in enumerate(document.blocks):
        if not isinstance(block, Paragraph):
            continue
        match = match_section(block.text, template)
        if match is not None and (match[0].number not in best or match[1] < best[match[0].number][0]):
            best[match[0].number] = (match[1], index, match[0])
    if sum(1 for rank, _, _ in best.values() if rank < 3) >= 2:  # the parts are numbered 一、二、…
        best = {part: entry for part, entry in best.items() if not _numbered_as_subsection(entry, document)}
    found: Headings = {}
    for rank, index, spec in sorted(best.values(), key=lambda entry: entry[1]):
        block = document.blocks[index]
        assert isinstance(block, Paragraph)
        note = None
        if rank == 2:
            note = BindingNote(
                "label-mismatch",
                block.location,
                LogicalPlace(part=spec.number),
                found=block.text.strip(),
                expected=spec.title,
            )
        found[index] = (spec, note)
    return found


def _numbered_as_subsection(entry: tuple[int, int, SectionSpec], document: Document) -> bool:
    """A part's title numbered as a subsection (``1. 主动公开政府信息`` under 一、总体情况) in a report
    whose parts are numbered as parts: a subsection's title, not the part's heading."""
    rank, index, _ = entry
    block = document.blocks[index]
    return rank == 3 and isinstance(block, Paragraph) and bool(_SUBSECTION_NUMBER.match(normalize_label(block.text)))


def sections_of(document: Document, headings: Headings) -> dict[int, Section]:
    sections: dict[int, Section] = {}
    starts = sorted(headings)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(document.blocks)
        heading = document.blocks[start]
        assert isinstance(heading, Paragraph)
        spec = headings[start][0]
        body = tuple(b for b in document.blocks[start + 1 : end] if isinstance(b, Paragraph) and b.text.strip())
        sections[spec.number] = Section(spec.number, heading.text.strip(), heading.location, body)
    return dict(sorted(sections.items()))
