"""Bounded stand-ins for the parts of pdfminer that read a font's tables.

pdfminer expands every range a font names, one code at a time: ``/W [0 4000000000 500]``, a
ToUnicode ``bfrange`` from ``<00000000>`` to ``<FFFFFFFF>`` and a TrueType cmap group over all
codes are a few bytes each and loop for hours. Each stand-in counts the codes first (or as they
come) on the document's ``Meter``, which refuses the file past its cap, and then lets pdfminer do
the same work it would have done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gklint.readers.pdf.guard import Meter

_CMAP_FORMATS = ("0", "2", "4", "6", "10", "12")
_COUNTED_AT_ONCE = 1024


def range_codes(objects: Iterable[object], width: int) -> int:
    """Codes named by the ranges in a ``/W`` (``width`` 3) or ``/W2`` (``width`` 5) array: numbers
    ``first last …`` name ``last - first + 1`` codes, an array after a number one code per entry."""
    total = 0
    numbers: list[object] = []
    for value in objects:
        if isinstance(value, list):
            total += len(value) if numbers else 0
            numbers = []
        elif isinstance(value, (int, float)):
            numbers.append(value)
            if len(numbers) == width:
                first, last = numbers[0], numbers[1]
                if isinstance(first, int) and isinstance(last, int):
                    total += max(0, last - first + 1)
                numbers = []
    return total


def cmap_range_codes(operands: list[object]) -> int:
    """Codes named by the ``start end destination`` triples of a CMap's ``bfrange`` or ``cidrange``."""
    total = 0
    for index in range(0, len(operands) - 2, 3):
        start, end = operands[index], operands[index + 1]
        if isinstance(start, bytes) and isinstance(end, bytes) and start and end:
            total += max(0, int.from_bytes(end[-4:], "big") - int.from_bytes(start[-4:], "big") + 1)
    return total


def bounded_widths(original: Callable[[Any], Any], width: int, meter: Meter) -> Callable[[Any], Any]:
    """``pdffont.get_widths`` (``width`` 3) or ``get_widths2`` (5) counting the codes first."""
    from pdfminer.pdftypes import resolve1

    def widths(seq: Iterable[object]) -> Any:
        values = [resolve1(value) for value in seq]
        meter.font_code(range_codes(values, width))
        return original(values)

    return widths


def counting_parsers(meter: Meter) -> tuple[type, type]:
    """The CMap parser and the Type 1 font header parser, counting their tokens and range codes."""
    from pdfminer.cmapdb import CMapParser
    from pdfminer.pdffont import Type1FontHeaderParser

    from gklint.readers.pdf.guard import MAX_FONT_TOKENS

    cmap_token, type1_token = CMapParser.nexttoken, Type1FontHeaderParser.nexttoken

    # Counted inline, the cap checked by ``Meter.font_token`` only once it is passed: these run for
    # every token of every CMap and font header.
    class CountingCMapParser(CMapParser):
        def nexttoken(self) -> Any:
            meter.font_tokens += 1
            if meter.font_tokens > MAX_FONT_TOKENS:
                meter.font_token()
            return cmap_token(self)

        def do_keyword(self, pos: int, token: Any) -> None:
            if token is self.KEYWORD_ENDBFRANGE or token is self.KEYWORD_ENDCIDRANGE:
                meter.font_code(cmap_range_codes([value for _, value in self.curstack]))
            super().do_keyword(pos, token)

    class CountingType1Parser(Type1FontHeaderParser):
        def nexttoken(self) -> Any:
            meter.font_tokens += 1
            if meter.font_tokens > MAX_FONT_TOKENS:
                meter.font_token()
            return type1_token(self)

    return CountingCMapParser, CountingType1Parser


class _CountingCodes(dict[int, int]):
    """The code-to-glyph table a TrueType cmap subtable fills, counted entry by entry."""

    def __init__(self, meter: Meter) -> None:
        super().__init__()
        self.meter = meter
        self.count = 0

    def __setitem__(self, code: int, glyph: int) -> None:
        self.count += 1
        if not self.count % _COUNTED_AT_ONCE:
            self.meter.font_code(_COUNTED_AT_ONCE)
        super().__setitem__(code, glyph)


def truetype_patches(meter: Meter) -> list[tuple[Any, str, Any]]:
    """(owner, name, stand-in) for each cmap subtable parser of pdfminer's ``TrueTypeFont``."""
    from pdfminer.pdffont import TrueTypeFont

    def counted(parse: Callable[[Any, Any, dict[int, int]], None]) -> Callable[[Any, Any, dict[int, int]], None]:
        def parse_counted(self: Any, fp: Any, char2gid: dict[int, int]) -> None:
            codes = _CountingCodes(meter)
            try:
                parse(self, fp, codes)
            finally:
                char2gid.update(codes)

        return parse_counted

    names = [f"parse_cmap_format_{number}" for number in _CMAP_FORMATS]
    return [(TrueTypeFont, name, counted(getattr(TrueTypeFont, name))) for name in names if hasattr(TrueTypeFont, name)]


def font_patches(meter: Meter) -> list[tuple[Any, str, Any]]:
    """Every (owner, name, stand-in) of this module, for ``guard.bounded``."""
    from pdfminer import pdffont

    cmap_parser, type1_parser = counting_parsers(meter)
    return [
        (pdffont, "get_widths", bounded_widths(pdffont.get_widths, 3, meter)),
        (pdffont, "get_widths2", bounded_widths(pdffont.get_widths2, 5, meter)),
        (pdffont, "CMapParser", cmap_parser),
        (pdffont, "Type1FontHeaderParser", type1_parser),
        *truetype_patches(meter),
    ]
