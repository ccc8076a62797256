"""Word's automatic list numbering: the label (``一、``, ``（二）``, ``1.2``) Word shows before a
numbered paragraph, which is not in the paragraph's text.

A paragraph is numbered by ``w:numPr`` (``w:numId``, ``w:ilvl``) in its properties or in its style's
(through ``w:basedOn``). ``w:num`` points to a ``w:abstractNum``, whose ``w:lvl`` give each level's
format (``w:numFmt``), label text (``w:lvlText``, ``%1``…``%9`` standing for the levels' counters) and
start (``w:start``); ``w:lvlOverride`` may restart a level (``w:startOverride``) or replace it.
Nums of one abstractNum share their counters, as in Word, unless a start override gives a num its own.
A level's counter starts again when a level above it is used (``w:lvlRestart`` may say otherwise).
Formats not known here, and bullets, give no label; the counters still advance.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from gklint.readers.docx.names import MC_FALLBACK, VAL, W, find, int_val, number
from gklint.readers.docx.package import Package
from gklint.readers.docx.styles import StyleNumber, StyleNumbers

if TYPE_CHECKING:
    from lxml.etree import _Element

LEVELS = 9  # w:ilvl 0-8
_MAX_STYLE_CHAIN = 64  # w:basedOn hops followed; a longer chain (or a cycle) ends there
_MAX_STYLE_LINKS = 4  # w:numStyleLink hops from an abstractNum to the list it stands for
_PLACEHOLDER = re.compile(r"%([1-9])")
_MAX_TEXT = 64  # w:lvlText is a label ("第%1章"); a longer one is not shown, rather than copied to every paragraph
_MAX_LETTERS = 780  # Word's letters go up to ZZ…Z (26 × 30); decimal past it


@dataclass(frozen=True)
class Level:
    """One level of a list: its number format, label text, start, and the level that restarts it."""

    format: str = "decimal"
    text: str = ""
    start: int = 0
    restart: int = -1  # w:lvlRestart (1-based); -1: any level above restarts this one, 0: none
    legal: bool = False  # w:isLgl: every counter of the label in decimal
    style: str = ""  # w:pStyle: the paragraph style bound to this level
    suffix: str = "tab"  # w:suff: what follows the label (tab, space, nothing)


@dataclass
class _Num:
    abstract: str
    levels: dict[int, Level] = field(default_factory=dict)  # overriding levels; once resolved, all of them
    starts: dict[int, int] = field(default_factory=dict)  # w:startOverride by level


class Numbering:
    """The lists of a document and their counters, advanced paragraph by paragraph in reading order."""

    def __init__(self, load: Callable[[], _Element | None] | None = None, styles: StyleNumbers | None = None) -> None:
        self.load = load  # numbering.xml, parsed when a paragraph first names a list (or its style does)
        self.abstracts: dict[str, _Element] = {}
        self.num_elements: dict[str, _Element] = {}
        self.nums: dict[str, _Num | None] = {}  # numId -> the list, its levels resolved when first used
        self.styles = styles
        self.counters: dict[str, list[int | None]] = {}
        self._style_memo: dict[str, StyleNumber | None] = {}

    def label(self, properties: _Element | None) -> str:
        """The label to put before the text of the paragraph with these properties (``w:pPr``), counting
        the paragraph; "" if it has none."""
        num_id, ilvl = self.numbered(properties)
        if not num_id or num_id == "0":  # numId 0: numbering switched off
            return ""
        num = self.num(num_id)
        if num is None or ilvl is None or not 0 <= ilvl < LEVELS or ilvl not in num.levels:
            return ""
        key = f"n:{num_id}" if num.starts else f"a:{num.abstract}"  # a restarted list counts on its own
        values = self.counters.setdefault(key, [None] * LEVELS)
        self.advance(values, num.levels, ilvl)
        return _prefix(render(num.levels, values, ilvl), num.levels[ilvl].suffix)

    def numbered(self, properties: _Element | None) -> tuple[str, int | None]:
        """(numId, ilvl) of a paragraph: its own ``w:numPr``, completed by its style's."""
        num_pr = find(properties, "numPr")
        num_id = _val(find(num_pr, "numId"))
        level = _val(find(num_pr, "ilvl"))
        style_el = find(properties, "pStyle") if properties is not None else None
        style_id = style_el.get(VAL, "") if style_el is not None else ""
        if style_id and (num_id is None or level is None) and self.styles is not None:
            from_style = self.style_number(style_id)
            if from_style is not None:
                num_id = from_style[0] if num_id is None else num_id
                level = from_style[1] if level is None else level
            if num_id is not None and level is None:
                level = self.level_of_style(num_id, style_id)
        if level is None:
            return num_id or "", 0
        return num_id or "", number(level)

    def style_number(self, style_id: str) -> StyleNumber | None:
        """The ``w:numPr`` a style has or inherits through ``w:basedOn``."""
        if style_id in self._style_memo:
            return self._style_memo[style_id]
        styles = self.styles
        if styles is None:
            return None
        found = None
        current: str | None = style_id
        for _ in range(_MAX_STYLE_CHAIN):
            if current is None or current in self._style_memo:
                found = self._style_memo.get(current) if current is not None else None
                break
            found, current = styles.lookup(current)
            if found is not None:
                break
        self._style_memo[style_id] = found
        return found

    def level_of_style(self, num_id: str, style_id: str) -> str:
        """The level bound to ``style_id`` by its ``w:pStyle`` in the list, else level 0."""
        num = self.num(num_id)
        for ilvl, level in (num.levels if num is not None else {}).items():
            if level.style == style_id:
                return str(ilvl)
        return "0"

    def num(self, num_id: str) -> _Num | None:
        """The list ``num_id`` names, with its levels; None if there is no such list."""
        if self.load is not None:
            root, self.load = self.load(), None
            for el in root.iterchildren(W + "abstractNum", W + "num") if root is not None else ():
                if el.tag == W + "num":
                    self.num_elements[el.get(W + "numId", "")] = el
                else:
                    self.abstracts[el.get(W + "abstractNumId", "")] = el
        if num_id not in self.nums:
            el = self.num_elements.get(num_id)
            self.nums[num_id] = self.resolve(_num(el)) if el is not None else None
        return self.nums[num_id]

    def resolve(self, num: _Num) -> _Num | None:
        """The num with its abstractNum's levels; an abstractNum that only links to a numbering style
        (``w:numStyleLink``) stands for the list that style numbers with."""
        abstract = num.abstract
        for _ in range(_MAX_STYLE_LINKS):
            link = find(self.abstracts.get(abstract), "numStyleLink")
            if link is None:
                break
            linked = self.style_number(link.get(VAL, ""))
            target = self.num_elements.get(linked[0]) if linked is not None else None
            if target is None:
                return None
            abstract = _num(target).abstract
        if abstract not in self.abstracts:
            return None
        levels = {**_levels(self.abstracts[abstract]), **num.levels}
        for ilvl, start in num.starts.items():
            if ilvl in levels:
                levels[ilvl] = replace(levels[ilvl], start=start)
        return _Num(abstract, levels, num.starts)

    @staticmethod
    def advance(values: list[int | None], levels: dict[int, Level], ilvl: int) -> None:
        """Count a paragraph at level ``ilvl``: its counter goes on (or starts), the levels below it that
        it restarts start again."""
        current = values[ilvl]
        values[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, LEVELS):
            level = levels.get(deeper)
            restart = level.restart if level is not None else -1
            if restart < 0 or ilvl < restart:
                values[deeper] = None


def render(levels: dict[int, Level], values: list[int | None], ilvl: int) -> str:
    """The label of level ``ilvl`` with the counters ``values``; "" for a bullet or a format not known."""
    level = levels[ilvl]
    if level.format == "bullet" or len(level.text) > _MAX_TEXT:
        return ""
    parts: list[str] = []
    end = 0
    for match in _PLACEHOLDER.finditer(level.text):
        parts.append(level.text[end : match.start()])
        end = match.end()
        shown = int(match.group(1)) - 1
        other = levels.get(shown)
        if other is None:
            return ""
        value = values[shown]
        fmt = "decimal" if level.legal and other.format != "none" else other.format
        text = format_number(fmt, other.start if value is None else value)
        if text is None:
            return ""
        parts.append(text)
    parts.append(level.text[end:])
    return "".join(parts).strip()


def _prefix(label: str, suffix: str) -> str:
    """The label as it goes before the text. Word puts a tab (or a space) between them, which this reader
    reads as a space; after closing punctuation (``一、``, ``（一）``, ``1.``) it is left out, as a typed
    number is written."""
    if not label or suffix == "nothing" or not label[-1].isalnum():
        return label
    return label + " "


# --------------------------------------------------------------------------- reading the parts


def load_numbering(package: Package, document_name: str) -> Numbering:
    """The document's lists: ``word/numbering.xml`` and the styles that number their paragraphs."""
    base = posixpath.dirname(document_name)
    rels = posixpath.join(base, "_rels", posixpath.basename(document_name) + ".rels")
    name = package.target(rels, "numbering", base) or posixpath.join(base, "numbering.xml")
    if name not in package.names:
        return Numbering()
    styles_name = package.target(rels, "styles", base) or posixpath.join(base, "styles.xml")
    styles = StyleNumbers(lambda: package.open(styles_name) if styles_name in package.names else None)
    return Numbering(lambda: package.xml(name), styles)


def _levels(abstract: _Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in abstract.iterchildren(W + "lvl"):
        ilvl = number(lvl.get(W + "ilvl", ""))
        if ilvl is not None and ilvl < LEVELS:
            levels[ilvl] = _level(lvl)
    return levels


def _level(lvl: _Element) -> Level:
    fmt, text, suffix = find(lvl, "numFmt"), find(lvl, "lvlText"), find(lvl, "suff")
    if fmt is None:
        fmt = _fallback_format(lvl)
    restart, style, legal = find(lvl, "lvlRestart"), find(lvl, "pStyle"), find(lvl, "isLgl")
    return Level(
        format=fmt.get(VAL, "decimal") if fmt is not None else "decimal",
        text=text.get(VAL, "")[: _MAX_TEXT + 1] if text is not None else "",
        start=int_val(find(lvl, "start"), 0),  # 0 when left out, as the standard says
        restart=int_val(restart, -1) if restart is not None else -1,
        legal=legal is not None and legal.get(VAL, "true") in ("true", "1", "on"),
        style=style.get(VAL, "") if style is not None else "",
        suffix=suffix.get(VAL, "tab") if suffix is not None else "tab",
    )


def _fallback_format(lvl: _Element) -> _Element | None:
    """The number format Word 2010 and later write for older readers, when the level's own is a
    custom one they alone know (``mc:AlternateContent``: ``w14`` custom in the choice, Chinese
    counting, say, in the fallback)."""
    for fallback in lvl.iter(MC_FALLBACK):
        found = find(fallback, "numFmt")
        if found is not None:
            return found
    return None


def _num(num: _Element) -> _Num:
    """A ``w:num``: its abstractNum and its level overrides (joined to the abstractNum's in ``_resolve``)."""
    abstract = find(num, "abstractNumId")
    out = _Num(abstract.get(VAL, "") if abstract is not None else "")
    for override in num.iterchildren(W + "lvlOverride"):
        ilvl = number(override.get(W + "ilvl", ""))
        if ilvl is None or ilvl >= LEVELS:
            continue
        lvl = find(override, "lvl")
        if lvl is not None:
            out.levels[ilvl] = _level(lvl)
        start = number(_val(find(override, "startOverride")) or "")
        if start is not None:
            out.starts[ilvl] = start
    return out


def _val(el: _Element | None) -> str | None:
    return el.get(VAL, "") if el is not None else None


# --------------------------------------------------------------------------- number formats

_CJK_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_LEGAL_TRADITIONAL_DIGITS = "零壹貳參肆伍陸柒捌玖"
_SERIES = {  # formats that run through a fixed set of signs, and decimal past its end (as Word does)
    "ideographTraditional": "甲乙丙丁戊己庚辛壬癸",
    "ideographZodiac": "子丑寅卯辰巳午未申酉戌亥",
    "decimalEnclosedCircle": "".join(map(chr, range(0x2460, 0x2474))),
    "decimalEnclosedCircleChinese": "".join(map(chr, range(0x2460, 0x2474))),
    "decimalEnclosedFullstop": "".join(map(chr, range(0x2488, 0x249C))),
    "decimalEnclosedParen": "".join(map(chr, range(0x2474, 0x2488))),
    "ideographEnclosedCircle": "".join(map(chr, range(0x3220, 0x322A))),
}
# Chinese counting (一, 十一, 九十九); LibreOffice writes the Taiwanese name for what Word calls Chinese
_COUNTING = frozenset(
    {"chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"}
)
_ROMAN: tuple[tuple[int, str], ...] = (
    *((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L")),
    *((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")),
)


def format_number(fmt: str, value: int) -> str | None:
    """``value`` in the number format ``fmt`` (``w:numFmt``); None for a format not known here."""
    if fmt == "decimal" or (fmt in _SERIES and not 1 <= value <= len(_SERIES[fmt])):
        return str(value)
    if fmt in _SERIES:
        return _SERIES[fmt][value - 1]
    if fmt in _COUNTING:
        return counting(value, _CJK_DIGITS, "十百千")
    if fmt == "ideographDigital":  # digit by digit: 一, 二 … 九, 一〇, 一一
        return "".join(_CJK_DIGITS[int(digit)] for digit in str(value))
    if fmt == "chineseLegalSimplified":
        return counting(value, _LEGAL_DIGITS, "拾佰仟", legal=True)
    if fmt == "ideographLegalTraditional":
        return counting(value, _LEGAL_TRADITIONAL_DIGITS, "拾佰仟", legal=True)
    if fmt == "none":
        return ""
    return _western(fmt, value)


def _western(fmt: str, value: int) -> str | None:
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(value).translate({ord(d): 0xFF10 + ord(d) - 0x30 for d in "0123456789"})
    if fmt in ("upperLetter", "lowerLetter", "upperRoman", "lowerRoman"):
        text = _letters(value) if fmt.endswith("Letter") else _roman(value)
        return text.lower() if fmt.startswith("lower") else text
    return None


def _letters(value: int) -> str:
    """A, B… Z, AA, BB…; decimal past ``_MAX_LETTERS`` (and for zero)."""
    if not 0 < value <= _MAX_LETTERS:
        return str(value)
    return chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    """I, II… MMMCMXCIX; decimal past it (and for zero)."""
    if not 0 < value < 4000:
        return str(value)
    out = ""
    for worth, signs in _ROMAN:
        count, value = divmod(value, worth)
        out += signs * count
    return out


def counting(value: int, digits: str, units: str, legal: bool = False) -> str:
    """A number in Chinese counting: 十一, 二十, 一百零五; up to 9999, decimal past it. ``legal`` (大写)
    writes the one of 十 (壹拾)."""
    if not 0 <= value < 10_000:
        return str(value)
    if value < 10:
        return digits[value]
    if value < 20 and not legal:
        return units[0] + (digits[value - 10] if value > 10 else "")
    out = ""
    zero = False  # a zero digit waits to be written, before the next non-zero one
    for place in (3, 2, 1, 0):
        digit = value // 10**place % 10
        if digit == 0:
            zero = zero or bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += digits[digit] + (units[place - 1] if place else "")
    return out
