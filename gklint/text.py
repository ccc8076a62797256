"""Text helpers shared by the kernel and plugins: label normalisation, numbers (decoding: ``gklint.decoding``).

Everything here is pure and cheap; readers and rules reach it through ``gklint.plugin``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from gklint.patterncache import compile_pattern

if TYPE_CHECKING:
    from collections.abc import Sequence

# --------------------------------------------------------------------------- patterns


class _LazyPattern:
    """A regular expression compiled the first time one of its methods is asked for.

    Compiling every module-level expression at import was a large share of a one-file run, and
    most reports need only some of them. Once compiled, the pattern's methods are kept on the
    instance, so later calls cost what they cost on the compiled pattern.
    """

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy and pickle probing for hooks: not the pattern's business
            raise AttributeError(name)
        compiled = self.__dict__.get("compiled")
        if compiled is None:
            compiled = self.compiled = compile_pattern(self.pattern, self._flags)
            for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"):
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_pattern({self.pattern!r})"


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used (see ``_LazyPattern``)."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))


# --------------------------------------------------------------------------- labels

_SPACES = lazy_pattern(r"[\s\u00a0\u3000\u200b\ufeff]+")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟〝〞＂'‘’`"})
# dashes, the minus sign (&minus; in portal pages) and hyphens (PDF text layers) all read as "-"
_DASHES = str.maketrans({c: "-" for c in "—–‒―－─−‐‑"})
_LEAF_NUMBER = lazy_pattern(r"^(\d{1,2})[、.．,，]")
_BRACKETED_LEAF_NUMBER = lazy_pattern(r"^\((\d{1,2})\)")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """NFKC-fold, unify quotes and dashes, and fold Traditional script to Simplified; keeps spaces
    (use for running text). After NFKC the fold is one character for one, so columns still hold."""
    return fold_uncached(text)


def fold_uncached(text: str) -> str:
    """``fold`` without keeping the answer: for a whole document's text, which would only fill the
    cache (and a worker's memory, run after run) with texts never asked about again."""
    # Quotes, dashes and Traditional characters in one pass over the text (their tables share no
    # character, nor map to one another's), then to_simplified's words. Most texts hold none of
    # them: a search for one is far cheaper than a translation looking up every character.
    text = unicodedata.normalize("NFKC", text)
    return _simplified_words(text.translate(_FOLD) if _FOLDED.search(text) else text)


# 、 reads as a comma; square and lenticular brackets as 〔〕 (document numbers); angle brackets, as
# OCR reads round ones (〈二〉部分公开), as round brackets.
# Quotation marks are no part of a label's words: a label quoted otherwise, or not at all (危及三安全一
# 稳定), is the label, and a PDF converter may move them (危“及三安全一”稳定).
_UNQUOTED = dict.fromkeys("\"'「」『』", None)
_LABEL_MARKS = str.maketrans(
    {"、": ",", "[": "〔", "]": "〕", "【": "〔", "】": "〕", "〈": "(", "〉": ")", **_UNQUOTED}
)


@lru_cache(maxsize=8192)  # table cells repeat ("0", labels) and every layer normalises them
def normalize_label(text: str) -> str:
    """The comparable form of a table label or heading.

    Full- and half-width forms fold together, Traditional script becomes Simplified, pinyin that
    mirror sites insert after characters is dropped, spaces and NBSP vanish, quotation marks go,
    dash variants unify, the enumeration comma 、 reads as a comma (OCR and converters swap them), angle
    brackets as round ones (OCR), and leaf numbering ``1、`` / ``1．`` / ``（1）`` becomes ``1.``.
    """
    folded = fold(text)
    text = strip_pinyin(folded)
    if len(text) != len(folded):  # the pinyin parted words the fold spells otherwise (復議(yì)後 is 复议后)
        text = _simplified_words(text)
    if " " in text or not text.isprintable():  # what _SPACES matches is the space or not printable
        text = _SPACES.sub("", text)
    text = text.replace("其它", "其他").translate(_LABEL_MARKS)  # both spellings are standard
    if text[:1] == "(" and text[1:2].isdigit():
        return _BRACKETED_LEAF_NUMBER.sub(r"\1.", text)  # (1)属于国家秘密: a leaf numbered in brackets
    return _LEAF_NUMBER.sub(r"\1.", text) if text[:1].isdigit() else text  # \d is a digit (isdigit holds more)


# --------------------------------------------------------------------------- script

# Traditional characters of gklint's vocabulary (template labels, part headings, the cue words of the
# binder and the rules) and their Simplified forms, one for one, derived from the Unicode Han
# Database (kSimplifiedVariant). No key is a character that Simplified text uses itself (none is in
# GB 2312), so folding never changes a Simplified report.
_TRADITIONAL = (
    "並併來係個備傢優內兩別刪則動務匯區卻參員問啟單噹國圖團埰執報壓壞實審寫將對導層屬帶幹庫廢廳張強彈彙徑從復惡態應戠拋捲掃採換損擊據擴敗數斷時曆曏會條業構標機檔檢檯欄權歷殘決沒沖況減測瀏為無獨獲現異當發眾"
    "瞭確碼礙稅種稱穩穫節範簽糾約納級細組結絕給統經綜維網緊線編緻縣縮總織繫繳繼續纍纔罰義聲臺與舉舊萬蓋處號衕衝補裝裡製複見規視覽訂計訊記訟訪設許訴註評詞詢試該認誤說請論識議護讀變負財費資購載轉辦迴這連進運"
    "過達違適邊鄉鄰釋銷錄錯錶鎮鏈長門開間閤闆關隊隻電韆頁項順須預頭題額類顯颱餘館驗體髮鬚麵點齣龍"
    "際險書滿責祕佈"
)
_SIMPLIFIED = (
    "并并来系个备家优内两别删则动务汇区却参员问启单当国图团采执报压坏实审写将对导层属带干库废厅张强弹汇径从复恶态应只抛卷扫采换损击据扩败数断时历向会条业构标机档检台栏权历残决没冲况减测浏为无独获现异当发众"
    "了确码碍税种称稳获节范签纠约纳级细组结绝给统经综维网紧线编致县缩总织系缴继续累才罚义声台与举旧万盖处号同冲补装里制复见规视览订计讯记讼访设许诉注评词询试该认误说请论识议护读变负财费资购载转办回这连进运"
    "过达违适边乡邻释销录错表镇链长门开间合板关队只电千页项顺须预头题额类显台余馆验体发须面点出龙"
    "际险书满责秘布"
)
_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)
_FOLD: dict[int, str | int | None] = {**_QUOTES, **_DASHES, **_TO_SIMPLIFIED}  # fold's three tables as one
_FOLDED = lazy_pattern(f"[{re.escape(''.join(map(chr, sorted(_FOLD))))}]")  # a character the fold changes
# Taiwan-style words of the template vocabulary, after the character fold, with the mainland word of
# the same length: 規範性檔案 is 规范性文件, 政府資訊 is 政府信息.
# 於 is also a Simplified character (a surname), so it folds only in the words that use it for 于.
_WORDS = (
    ("规范性档案", "规范性文件"),
    ("资讯", "信息"),
    ("反覆", "反复"),  # 覆 is Simplified too (覆盖)
    *((f"{word}後", f"{word}后") for word in ("正", "议", "之", "以")),  # 後 is in GB 2312 as well
    *((f"{word}於", f"{word}于") for word in ("属", "关", "对", "由", "至", "等", "位")),
)
_WORD_ENDS = lazy_pattern(f"[{re.escape(''.join(sorted({word[-1] for word, _ in _WORDS})))}]")
# A syllable with a tone mark (or ü) in brackets right after a character: 數(shù)據(jù). Bare letters such
# as (a) are left alone.
_PINYIN = lazy_pattern(r"(?<=[\u3400-\u9fff])\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü][a-zü]*\)")


def to_simplified(text: str) -> str:
    """Traditional characters and words of the template vocabulary in Simplified form; same length."""
    return _simplified_words(text.translate(_TO_SIMPLIFIED))


def _simplified_words(text: str) -> str:
    if _WORD_ENDS.search(text) is None:  # no word's last character: no word (most texts)
        return text
    for word, simplified in _WORDS:
        if word in text:
            text = text.replace(word, simplified)
    return text


def strip_pinyin(text: str) -> str:
    """``數(shù)據(jù)`` as ``數據``: the text without the pinyin some mirror sites insert after characters."""
    return _PINYIN.sub("", text) if "(" in text else text


def strip_pinyin_mapped(text: str) -> tuple[str, Sequence[int]]:
    """The text without inserted pinyin, and for each of its characters (and its end) the offset in
    ``text``, so that a match in the stripped text maps back to the columns of the original."""
    if "(" not in text:  # most paragraphs: the text itself, each character where it stands
        return text, range(len(text) + 1)
    kept: list[int] = []
    position = 0
    for match in _PINYIN.finditer(text):
        kept.extend(range(position, match.start()))
        position = match.end()
    kept.extend(range(position, len(text) + 1))
    return "".join(text[i] for i in kept[:-1]), tuple(kept)


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, giving up (returning ``limit + 1``) once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit or not _shares_a_piece(a, b, limit):
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _shares_a_piece(a: str, b: str, limit: int) -> bool:
    """Whether ``a`` holds one of ``limit + 1`` consecutive pieces of ``b`` unchanged, as it must to
    be within ``limit`` edits of it: each edit spoils at most one piece. Unlike labels are told
    apart by a few substring searches instead of a table of distances (a folder of notes asks
    this of every short line against every label of every template)."""
    pieces = limit + 1
    if limit < 0 or len(b) < pieces:
        return True  # pieces would be empty: no test
    size, start = len(b) // pieces, 0
    for _ in range(limit):
        if b[start : start + size] in a:
            return True
        start += size
    return b[start:] in a  # the last piece takes the remainder


def typo_budget(label: str) -> int:
    """How many edits a label may carry and still be recognised as a typo of itself."""
    return 0 if len(label) < 4 else 1 if len(label) < 12 else 2


def has_cjk(text: str) -> bool:
    """True when the text holds a CJK unified ideograph (a Chinese character, not punctuation)."""
    return _CJK.search(text) is not None


_CJK = lazy_pattern("[\u4e00-\u9fff]")


def is_cjk_char(ch: str) -> bool:
    """A CJK ideograph (any plane), kana, CJK or full-width punctuation: characters written with no
    space between them, so a line break between two of them is no word break. False for ``""``."""
    code = ord(ch[0]) if ch else 0
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFE30 <= code <= 0xFFEF or code >= 0x20000


# --------------------------------------------------------------------------- numbers

NOT_APPLICABLE = frozenset({"/", "-", "无", "不适用", "\\", "--", "---"})

_NUMBER = lazy_pattern(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# No count or amount in a report has more digits than these; a cell of 5,000 digits is not a number
# (and Python refuses to print an int of more than 4,300 digits).
MAX_DIGITS = 15
MAX_DECIMALS = 20


@lru_cache(maxsize=8192)  # the same few cells ("0", "1") are typed by several layers, in every file
def parse_number(raw: str) -> int | Decimal | None:
    """Parse a table cell as a number: Arabic digits (any width), thousands separators, a sign.

    Returns ``None`` when the text is not a plain number (or has more digits than any report's
    number). Whole numbers come back as ``int``.
    """
    if len(raw) > 4 * (MAX_DIGITS + MAX_DECIMALS):
        return None
    folded = fold(raw)
    text = _SPACES.sub("", folded)
    if not _NUMBER.match(text):
        return None
    if _run_together(folded, text):
        return None  # 13 0: two numbers run together (``numbers_run_together``), not one
    text = text.replace(",", "")
    whole, _, decimals = text.lstrip("+-").partition(".")
    if len(whole) > MAX_DIGITS or len(decimals) > MAX_DECIMALS:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if "." not in text:
        return int(value)
    return value


def numbers_run_together(raw: str) -> bool:
    """Whether a cell holds several numbers apart by spaces (``13 0``: the border between two cells
    lost by a converter or OCR), not one number spaced out (``1 3 0``, ``1 234``)."""
    folded = fold(raw)
    text = _SPACES.sub("", folded)
    return bool(_NUMBER.match(text)) and _run_together(folded, text)


def _run_together(folded: str, text: str) -> bool:
    """Whether ``folded`` (``text`` without its spaces) has spaces inside that part two numbers."""
    return len(text) < len(folded.strip()) and not _spaced_as_one_number(folded)


def _spaced_as_one_number(folded: str) -> bool:
    """Whether the spaces inside a number are spacing, not a lost cell border: every digit spaced
    (1 3 0, letter-spaced type in a PDF), or groups of three after the first (1 234)."""
    groups = [group for group in _SPACES.split(folded.lstrip("+-").replace(",", "")) if group]
    if len(groups) <= 1:
        return True  # a zero-width space or a mark beside the number, no space inside it
    if groups[0] == "0":
        return False  # 0 5, 0 123: two numbers, for no number spaced out starts with 0
    if all(len(group) == 1 for group in groups):
        return True
    return 1 <= len(groups[0]) <= 3 and all(len(group.partition(".")[0]) == 3 for group in groups[1:])


_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def chinese_numeral(text: str) -> int | None:
    """Value of a Chinese numeral (``十二``, ``两``, ``一百零五``, ``二〇二三``), or None."""
    if not text or len(text) > 2 * MAX_DIGITS:
        return None
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1 or "两" not in text:
            return int("".join(str(_CN_DIGITS[ch]) for ch in text))
        return None
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


# Letters OCR reads for digits (O for 0, l and I for 1), and the Chinese zero circles, among digits.
_DIGIT_LOOKALIKES = str.maketrans("OolI〇○", "001100")
_LOOKALIKE_COUNT = lazy_pattern(r"^[0-9OolI〇○]{1,15}$")
_CN_COUNT = lazy_pattern(r"^[零〇○一二两三四五六七八九十百千]{1,8}$")
_COUNT_WITH_UNIT = lazy_pattern(r"^(\d{1,15})(?:件|个|项|条|次|宗|起|份)$")


@lru_cache(maxsize=1024)
def count_written_otherwise(text: str) -> int | None:
    """A count in a table cell written otherwise than in Arabic digits: in Chinese numerals
    (``〇``, ``十二``, ``一百零五``), or with letters that OCR read for digits (``O`` for 0, ``l`` and
    ``I`` for 1, as in ``1O``), or with its unit (``3件``). None for anything else (a word, a
    label, a plain number)."""
    if _LOOKALIKE_COUNT.match(text):
        return int(text.translate(_DIGIT_LOOKALIKES))
    if found := _COUNT_WITH_UNIT.match(text):
        return int(found.group(1))
    if _CN_COUNT.match(text):
        return chinese_numeral(text)
    return None


def to_int(text: str) -> int | None:
    """An integer written in Arabic (any width) or Chinese numerals."""
    folded = fold(text).strip()
    if folded.isdecimal():  # not isdigit(): "²" and "፩" are digits that int() refuses
        return int(folded) if len(folded) <= MAX_DIGITS else None
    return chinese_numeral(folded)
