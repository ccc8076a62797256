"""The PDF reader's sixth round of lean paths: what each shortcut must keep.

* the guard counts a page's operators and operands where pdfminer's content parser hands them on
  (``flush``), not in a wrapper of ``nextobject``: the same count as the objects the interpreter
  gets, and the cap still refuses a page past it;
* references are followed by a resolver whose classes are bound once: a chain reaches its object,
  a missing object or a loop gives the default;
* segments are grouped by their position without a key call each, glyphs placed in a grid's cell
  without a method call, lines sorted top down by keys looked up by index, a one-piece line's
  piece taken from the line, a one-glyph cell read without making its line: each the same as the
  plain way on random input.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest

from gklint.readers.pdf import guard
from gklint.readers.pdf.borderless import CELL_GAP, TABLE_GAP, _chunk, _chunks
from gklint.readers.pdf.collect import Glyph, Segment
from gklint.readers.pdf.guard import Meter, TooLarge, bounded, bounded_resolve
from gklint.readers.pdf.layout import _place
from gklint.readers.pdf.lines import _top_down, lines_of
from gklint.readers.pdf.ruled import (
    TOL,
    _fills,
    _Grid,
    _link_crossings,
    _merge_collinear,
    _one_glyph_cell,
    _UnionFind,
    ruled_grids,
)

# --------------------------------------------------------------------------- counting operators

CONTENT = (
    b"q 1 0 0 1 10 20 cm BT /F1 12 Tf 40 700 Td [(A) -250 (B) 120 (C)] TJ ET Q\n"
    b"/P << /MCID 3 /Alt (x) >> BDC 0 0 m 100 0 l S EMC\n"
    b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xff EI\n"
    b"[1 2 [3 4] << /A [5] >>] 0 d 1 w 0.5 g 10 10 50 50 re f\n"
)


def content_objects(content: bytes, guarded: bool) -> tuple[int, int]:
    """(objects the interpreter gets, objects the guard counted) for one content stream."""
    from pdfminer import pdfinterp, psparser
    from pdfminer.pdftypes import PDFStream

    meter = Meter()
    received = 0
    with bounded(meter) if guarded else _nothing():
        parser = pdfinterp.PDFContentParser([PDFStream({}, content)])
        while True:
            try:
                parser.nextobject()
            except psparser.PSEOF:
                break
            received += 1
    return received, meter.page_objects


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.mark.parametrize("copies", [1, 3, 40])
def test_the_guard_counts_every_object_the_interpreter_gets(copies: int) -> None:
    plain, _ = content_objects(CONTENT * copies, guarded=False)
    received, counted = content_objects(CONTENT * copies, guarded=True)
    assert received == plain > 30 * copies
    assert counted == plain


def test_a_page_past_the_cap_of_objects_is_refused(monkeypatch: Any) -> None:
    objects, _ = content_objects(CONTENT, guarded=False)
    monkeypatch.setattr(guard, "MAX_PAGE_OBJECTS", objects)
    assert content_objects(CONTENT, guarded=True)[1] == objects  # at the cap: read
    monkeypatch.setattr(guard, "MAX_PAGE_OBJECTS", objects - 1)
    with pytest.raises(TooLarge, match="drawing operations"):
        content_objects(CONTENT, guarded=True)


# --------------------------------------------------------------------------- references


class Missing(Exception):
    pass


class Ref:
    def __init__(self, doc: Doc, objid: int) -> None:
        self.doc, self.objid = doc, objid


class Doc:
    def __init__(self, objects: dict[int, object]) -> None:
        self.objects = objects

    def getobj(self, objid: int) -> object:
        if objid not in self.objects:
            raise Missing(objid)
        return self.objects[objid]


def test_a_reference_chain_reaches_its_object_and_a_loop_or_a_gap_gives_the_default() -> None:
    resolve = bounded_resolve(Missing, Ref)
    doc = Doc({})
    doc.objects.update(
        {1: Ref(doc, 2), 2: Ref(doc, 3), 3: "the object", 4: Ref(doc, 5), 5: Ref(doc, 4), 6: Ref(doc, 7)}
    )
    assert resolve(Ref(doc, 1)) == "the object"
    assert resolve(Ref(doc, 4), "default") == "default"  # a loop
    assert resolve(Ref(doc, 6), "default") == "default"  # 7 is missing
    chain = Doc({})
    chain.objects.update({n: Ref(chain, n + 1) for n in range(guard.MAX_HOPS + 5)})
    chain.objects[guard.MAX_HOPS + 5] = "too far"
    assert resolve(Ref(chain, 0)) is None


# --------------------------------------------------------------------------- layout shortcuts


def random_segments(rng: random.Random, count: int) -> list[Segment]:
    out = []
    for _ in range(count):
        at = rng.choice([rng.uniform(0, 500), round(rng.uniform(0, 500) / 20) * 20 + rng.uniform(-1, 1)])
        lo = rng.uniform(0, 400)
        out.append(Segment(rng.random() < 0.5, at, lo, lo + rng.uniform(1, 200)))
    return out


def plain_merge(segments: list[Segment]) -> list[Segment]:
    """``_merge_collinear`` as first written: groups found with a key function."""
    out: list[Segment] = []
    ordered = sorted(segments, key=lambda s: s.at)
    groups: list[list[Segment]] = []
    for s in ordered:
        if groups and s.at - groups[-1][0].at <= TOL:
            groups[-1].append(s)
        else:
            groups.append([s])
    for group in groups:
        at = sum(s.at for s in group) / len(group)
        spans = sorted((s.lo, s.hi) for s in group)
        lo, hi = spans[0]
        for start, end in spans[1:]:
            if start <= hi + TOL:
                hi = max(hi, end)
            else:
                out.append(Segment(group[0].horizontal, at, lo, hi))
                lo, hi = start, end
        out.append(Segment(group[0].horizontal, at, lo, hi))
    return out


@pytest.mark.parametrize("seed", range(30))
def test_collinear_segments_merge_as_the_plain_grouping_merges_them(seed: int) -> None:
    rng = random.Random(seed)
    segments = [s for s in random_segments(rng, rng.choice([0, 1, 2, 10, 300])) if s.horizontal]
    assert _merge_collinear(segments) == plain_merge(segments)


def random_glyphs(rng: random.Random, count: int, width: float = 500, height: float = 700) -> list[Glyph]:
    out = []
    for _ in range(count):
        size = rng.choice([9.0, 10.5, 12.0, rng.uniform(0.2, 20)])
        x0, y0 = (
            rng.uniform(-20, width),
            rng.choice([rng.uniform(-20, height), round(rng.uniform(0, height) / 14) * 14]),
        )
        out.append(Glyph(rng.choice("一二ab1 ，。\ud800"), x0, y0, x0 + size * rng.uniform(0.3, 1.0), y0 + size, size))
    return out


def ruled_page(rng: random.Random) -> list[Segment]:
    """Two or three crossing grids of ruling lines, some boxes merged (a border left out)."""
    segments = []
    for top in rng.sample([700, 500, 300], rng.choice([1, 2, 3])):
        xs = sorted(rng.sample(range(20, 480, 10), rng.randint(2, 8)))
        ys = sorted(rng.sample(range(top - 180, top, 6), rng.randint(2, 10)))
        segments += [Segment(True, y, xs[0], xs[-1]) for y in ys]
        segments += [Segment(False, x, ys[0], ys[-1]) for x in xs if x in (xs[0], xs[-1]) or rng.random() < 0.8]
    return segments


def plain_place(glyphs: list[Glyph], grids: list[_Grid]) -> tuple[list[Glyph], list[dict[int, list[Glyph]]]]:
    free: list[Glyph] = []
    cells: list[dict[int, list[Glyph]]] = [{} for _ in grids]
    for g in glyphs:
        if g.size < 0.5:
            continue
        x, y = (g.x0 + g.x1) / 2, (g.y0 + g.y1) / 2
        for n, grid in enumerate(grids):
            cell = grid.locate(x, y)
            if cell is not None:
                cells[n].setdefault(cell, []).append(g)
                break
        else:
            free.append(g)
    return free, cells


@pytest.mark.parametrize("seed", range(30))
def test_glyphs_fall_into_the_cells_the_grid_locates(seed: int) -> None:
    rng = random.Random(seed)
    grids = ruled_grids(1, ruled_page(rng))
    assert grids
    glyphs = random_glyphs(rng, rng.choice([1, 50, 800]))
    placed = _place(glyphs, grids)
    assert placed == plain_place(glyphs, grids)
    assert list(map(list, (cells.items() for cells in placed[1]))) == [
        list(cells.items()) for cells in plain_place(glyphs, grids)[1]
    ]  # in the same order too


@pytest.mark.parametrize("seed", range(20))
def test_lines_are_sorted_top_down_stably(seed: int) -> None:
    rng = random.Random(seed)
    glyphs = random_glyphs(rng, rng.choice([0, 1, 2, 30, 500]), height=50)
    glyphs += glyphs[: len(glyphs) // 3]  # equal keys: their order must stay
    assert _top_down(glyphs) == sorted(glyphs, key=lambda g: -(g.y0 + g.y1))


@pytest.mark.parametrize("seed", range(30))
def test_a_one_glyph_cell_reads_as_its_line_would(seed: int) -> None:
    rng = random.Random(seed)
    for glyph in random_glyphs(rng, 50):
        box = (glyph.x0 - rng.uniform(0, 30), glyph.y0 - rng.uniform(0, 30), glyph.x1 + rng.uniform(0, 30), glyph.y1)
        lines = lines_of([glyph], 1)
        plain = ("".join(line.text.strip() for line in lines), bool(lines) and _fills(lines[-1], box))
        assert _one_glyph_cell(glyph, box) == plain


def plain_chunks(glyphs: list[Glyph], gap: float) -> Iterator[list[Glyph]]:
    run: list[Glyph] = []
    last: Glyph | None = None
    for g in glyphs:
        # full-width punctuation inks the left half of its box: beside a number, the rest is space
        hang = (
            0.4 * last.size
            if last is not None and last.text in "，。、；：！？）》」』”’" and g.text.isdigit()
            else 0.0
        )
        if not g.text.isspace() and last is not None and g.x0 - last.x1 + hang > gap * max(last.size, g.size):
            yield run
            run = []
        run.append(g)
        last = g if not g.text.isspace() else last
    if run:
        yield run


@pytest.mark.parametrize("seed", range(30))
def test_a_line_s_pieces_are_those_of_the_plain_cut(seed: int) -> None:
    rng = random.Random(seed)
    glyphs = random_glyphs(rng, rng.choice([1, 5, 60]), width=rng.choice([30, 500]), height=3)
    for line in lines_of(glyphs, 1):
        for gap in (TABLE_GAP, CELL_GAP):
            assert _chunks(line, gap) == [c for c in map(_chunk, plain_chunks(line.glyphs, gap)) if c.text]


def components(links: _UnionFind, size: int) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for i in range(size):
        groups.setdefault(links.find(i), []).append(i)
    return list(groups.values())


@pytest.mark.parametrize("seed", range(30))
def test_crossing_segments_join_as_the_plain_pairwise_test_joins_them(seed: int) -> None:
    rng = random.Random(seed)
    segments = random_segments(rng, rng.choice([2, 20, 200])) + ruled_page(rng)
    hs = _merge_collinear([s for s in segments if s.horizontal])
    vs = _merge_collinear([s for s in segments if not s.horizontal])
    plain = _UnionFind(len(hs) + len(vs))
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if v.lo - TOL <= h.at <= v.hi + TOL and h.lo - TOL <= v.at <= h.hi + TOL:
                plain.union(i, len(hs) + j)
    links = _UnionFind(len(hs) + len(vs))
    _link_crossings(hs, vs, links)
    assert components(links, len(hs) + len(vs)) == components(plain, len(hs) + len(vs))
    assert len(components(links, len(hs) + len(vs))) < len(hs) + len(vs)
