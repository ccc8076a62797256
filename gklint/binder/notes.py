"""A glance at a short document: can any line of it open a part or stand in a table?

A folder of notes beside the reports is mostly two-line texts with no part heading and no table.
Laying each out and binding its tables, only to find nothing, was most of what such a note cost.
Each line is instead tested against what any heading or table label must contain, worked out once
from the loaded templates: a heading starts with a Chinese ordinal, and a label, matched exactly,
by a prefix, glued to a group label, with a typo or with its beginning lost, holds one of a few
pieces of some label of some template. A line with neither is no heading and no label, so a
document of such lines (and no table of its own) is told without binding; any other is laid out
and bound as before. ``tests/test_tiny_notes.py`` holds the glance to the whole binding.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from gklint.binder.labels import Labels
from gklint.binder.parts import names_a_part, part_titles
from gklint.binder.runon import split_run_on
from gklint.model import Document, Paragraph
from gklint.patterncache import compile_pattern
from gklint.template import Template
from gklint.text import lazy_pattern, normalize_label, typo_budget

# What a part heading's normalised text starts with, whatever follows (parts' own pattern, less its tail).
_HEADING_START = lazy_pattern(r"#*\(?第?[一二三四五六七八九十]")  # (一)总体情况 too
_TRUNCATED_TAIL = 4  # a label missing its beginning keeps at least its last four characters
_EVERYTHING = re.compile("")  # a label form too short to be split into pieces matches any line


def holds_no_part_or_table(document: Document, templates: Sequence[Template]) -> bool:
    """True when no line of ``document`` can be a part heading or a table label of any of
    ``templates`` and it has no table of its own: laid out, it would show no part and bind no table.
    False says nothing (the document must be laid out to know)."""
    if not templates:
        return False
    split = split_run_on(document, templates[0])  # as the layout cuts a long line before a heading in it
    shapes = _shapes(tuple(templates))
    for block in split.blocks:
        if not isinstance(block, Paragraph):
            return False  # a table of its own
        norm = normalize_label(block.text)
        if "\x00" in norm:
            return False  # the label matcher joins its forms with NUL: leave such a line to it
        if _HEADING_START.match(norm.replace("《", "").replace("》", "")) or shapes.may_label(norm):
            return False
        if names_a_part(norm, shapes.titles):
            return False  # a part's title alone, or numbered as a subsection or in Arabic (1、总体情况)
    return True


class _Shapes:
    """What a label of some template must look like: begin with one of ``starts`` (matched exactly,
    by a prefix or after a group label, or a row's label before its values), or hold one of the
    pieces (a typo of a longer label, or a label missing its beginning).

    Both are asked of every line of every note, so each is one regular expression over the fewest
    words that give the same answer: a piece that holds another piece is dropped (a line that holds
    it holds the other), and so is a start that begins with another start or holds a piece (the
    pieces answer for it); the words left are spelt as a tree of their characters (``_tree``), so
    that a position of a line is tried against the words sharing its character, not every word."""

    def __init__(self, templates: tuple[Template, ...]) -> None:
        self.templates = templates
        self.titles = part_titles(templates)
        starts, pieces = label_words(templates)
        self.starts = tuple(sorted(starts))
        self.pieces = _EVERYTHING if "" in pieces else compile_pattern(_tree(_fewest(pieces, _holds)))
        kept = [start for start in _fewest(starts, str.startswith) if self.pieces.search(start) is None]
        self.start = _EVERYTHING if "" in starts else compile_pattern(_tree(kept)) if kept else None

    def may_label(self, norm: str) -> bool:
        start = self.start
        return (start is not None and start.match(norm) is not None) or self.pieces.search(norm) is not None


def label_words(templates: Sequence[Template]) -> tuple[set[str], set[str]]:
    """The words a label of ``templates`` may begin with, and the pieces one may hold (see ``_Shapes``)."""
    starts: set[str] = set()
    pieces: set[str] = set()
    for labels in (Labels.of(spec) for template in templates for spec in template.tables):
        starts.update(labels.exact, (prefix for prefix, _ in labels.prefixes), labels.groups)
        pieces.update(piece for form, _ in labels.forms for piece in _typo_pieces(form))
        pieces.update(form[-_TRUNCATED_TAIL:] for form, _ in labels.forms if len(form) >= _TRUNCATED_TAIL)
    return starts, pieces


_SHAPES: dict[tuple[int, ...], _Shapes] = {}


def _shapes(templates: tuple[Template, ...]) -> _Shapes:
    """The shapes of ``templates``' labels, worked out once (kept by the templates' identity: the
    same few are asked of every note of a run)."""
    key = tuple(map(id, templates))
    shapes = _SHAPES.get(key)
    if shapes is None or shapes.templates != templates:
        shapes = _SHAPES[key] = _Shapes(templates)
    return shapes


def _holds(word: str, other: str) -> bool:
    return other in word


def _fewest(words: set[str], implies: Callable[[str, str], bool]) -> list[str]:
    """``words`` less each that ``implies`` another (begins with it, or holds it), shortest first: a
    text that begins with or holds a word dropped begins with or holds one kept."""
    kept: list[str] = []
    for word in sorted(words, key=lambda word: (len(word), word)):
        if not any(implies(word, other) for other in kept):
            kept.append(word)
    return kept


def _tree(words: list[str]) -> str:
    """A regular expression that matches exactly ``words`` (none empty, none beginning with another),
    spelt as a tree: the words that share a first character share one branch for it."""
    branches: dict[str, list[str]] = {}
    for word in words:
        branches.setdefault(word[0], []).append(word[1:])
    spelt = [re.escape(first) + ("" if rest == [""] else _tree(rest)) for first, rest in sorted(branches.items())]
    return spelt[0] if len(spelt) == 1 else f"(?:{'|'.join(spelt)})"


def _typo_pieces(form: str) -> Iterator[str]:
    """The ``typo_budget(form) + 1`` consecutive pieces of ``form``, as ``edit_distance`` cuts it: a
    text within budget of it holds one of them unchanged. A form with no budget is matched whole,
    as an exact label (one of the starts)."""
    count = typo_budget(form) + 1
    if count == 1:
        return
    if len(form) < count:
        yield ""  # no piece is sure to survive: any text may be a typo of it
        return
    size = len(form) // count
    yield from (form[n * size : (n + 1) * size] for n in range(count - 1))
    yield form[(count - 1) * size :]
