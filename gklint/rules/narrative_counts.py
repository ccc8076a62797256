"""Counts in report prose, for the narrative rules (imported by them only): where a number with its
measure word stands, whether it counts at all (a Chinese numeral needs a cue before it), and whether
it is exact ("约", "余", "多", "以上" make it approximate, and it is left alone)."""

from __future__ import annotations

import re

from gklint.plugin import lazy_pattern, to_int
from gklint.rules.narrative_topics import MEASURE

UNITS = MEASURE + "个起次"  # for the topics that take them (行政许可 67 个, 行政复议 2 起, 被申请行政复议2次)
_CN_DIGITS = "零〇两一二三四五六七八九十百千万"
# A count starts where its run of digits or numerals starts, and is at most a few dozen characters:
# a run of 300,000 "〇" that no measure word follows is then tried once, not once per character.
COUNT = lazy_pattern(rf"(?<![第\d.])((?<!\d,)\d[\d,]{{0,30}}|(?<![{_CN_DIGITS}])[{_CN_DIGITS}]{{1,20}})\s*([{UNITS}])")
# A Chinese numeral counts only right after a word that introduces a count ("共接到两件"), never
# inside a phrase ("一条龙", "一件事一次办", "每一件").
# 信息六十条, 事项三件, 文件五件, 处罚决定七件, 强制措施三件, 上年结转五件, 维持一件, 纠正两件
_CHINESE_CUE = set("共计到了达为有收接理结复议诉讼许可罚强制请生出作止发效息项件定施转持正")
_PHRASE_AFTER = set("龙事")
_APPROXIMATE_BEFORE = lazy_pattern(r"(约|近|超过|逾|将近|大约|不足|不到)\s*$")
_APPROXIMATE_AFTER = lazy_pattern(r"^\s*(余|多|左右|以上|上下|以内)")
_NEAR = 16  # characters around a number where 约 … 余 are looked for


def is_counted(clause: str, match: re.Match[str]) -> bool:
    """Whether a number is a count at all: Chinese numerals need a cue before them."""
    if match.group(1)[0].isdigit():
        return True
    before = clause[match.start() - 1] if match.start() else ""
    after = clause[match.end()] if match.end() < len(clause) else ""
    return before in _CHINESE_CUE and after not in _PHRASE_AFTER


def is_approximate(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - _NEAR) : match.start()]  # a window: not a copy of the text per number
    return bool(_APPROXIMATE_BEFORE.search(before) or _APPROXIMATE_AFTER.match(text[match.end() : match.end() + _NEAR]))


def exact_counts(clause: str, measures: str = MEASURE) -> list[int] | None:
    """The exact counts in a clause; None when any count in it is approximate."""
    counts = []
    for match in COUNT.finditer(clause):
        if not is_counted(clause, match) or match.group(2) not in measures:
            continue
        if is_approximate(clause, match):
            return None
        value = to_int(match.group(1).replace(",", ""))
        if value is not None:
            counts.append(value)
    return counts
