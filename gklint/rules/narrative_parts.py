"""The parts lists of report prose (D2): "共N条，其中 a 条、b 条…", read for the narrative rules in
narrative.py (imported by it only). Counts are read as ``narrative_text`` reads them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gklint.plugin import lazy_pattern, to_int
from gklint.rules.narrative_counts import COUNT, exact_counts, is_approximate, is_counted
from gklint.rules.narrative_text import CHANGE, ELSEWHERE, RESPECTIVELY
from gklint.rules.narrative_topics import ANY_NOUN, CHANNELS, MEASURE, OPENER, RESULT_KINDS
from gklint.rules.narrative_years import LAST_YEAR, about_another_year


@dataclass(eq=False, repr=False)
class PartsList:
    """A count and the parts a 其中/包括/分别为 list gives for it."""

    whole: int
    parts: int
    exhaustive: bool  # 分别为: the parts claim to be all of the whole


# A clause that starts something new ends a list; a verb used as a noun ("解读及回应信息",
# "政策解读5条", "发布信息359条") names an item.
_NEW_ACTION = lazy_pattern(
    r"(发布|回应|开展|(?<!其他)(?<!公益)组织|举办|印发|召开|更新|解读|办理|收到|制定|完成|新增|答复|受理|转办"
    r"|推送|转载|报送|采用|刊发|播发)"
    r"(?![及和与、]|信息|类|\s*\d|$)"  # 政务信息发布 403 条: the verb before an item's count names it
)
_RESTATED_TOTAL = lazy_pattern(r"^\s*(共计|合计|总计|累计|共|以上)")
# Parts that may overlap: one item goes out on several channels, or concerns several fields.
_OVERLAPPING = lazy_pattern(r"网站|门户|微信|微博|新媒体|公众号|客户端|抖音|头条|涉及|媒体")
_NESTED = lazy_pattern(r"^\s*(?:其中)?(?:含|包含|包括)")
_SUMMED = lazy_pattern(r"[,，]\s*(?:共计|合计|总计|一共|共(?=\s*\d))")
_SUM_CLAUSE = lazy_pattern(r"^\s*(?:共计|合计|总计|一共|共(?=\s*\d))")
_BRACKETED = lazy_pattern(r"\([^()]*\)")
_CHANNELS_OR_RESULTS = lazy_pattern("|".join((*CHANNELS, *RESULT_KINDS)))


def may_list_parts(text: str) -> bool:
    """Whether any sentence of ``text`` may give a parts list (``parts_list`` needs an opener word,
    ``summed_list`` a total after a list)."""
    return OPENER.search(text) is not None or (_SUMMED.search(text) is not None and "、" in text)


def parts_list(sentence: str, year: int | None = None) -> PartsList | None:
    """The whole and the sum of its parts, when the sentence gives a countable parts list."""
    opener = OPENER.search(sentence)
    if opener is None:
        return None
    head = sentence[: opener.start()]
    if _aside_about_another_year(head, year):
        return None  # 行政复议1件、行政诉讼1件(2022年分别为3件、2件): last year's figures, in brackets
    whole = _whole_before(head)
    named = whole is None  # the parts' names stand between the whole and 分别为: they may be some only
    whole = whole or _whole_before_names(head, opener.group(0))
    if whole is None:
        return None
    total, measure = whole
    # "收到申请20件，办结18件，其中自然人15件、法人5件": the parts may belong to an earlier count.
    before = _counts_of(head, measure)
    wholes = {total, *before, sum(before)}  # or all of them: 收到38件，上年结转3件，其中……
    items, cut = _list_items(sentence[opener.end() :], year, max(wholes), measure)
    if exact_counts(",".join(items)) is None:
        return None
    parts = _counts_of(",".join(items), measure)
    if len(parts) < 2 or _channels(",".join(items)) >= 2:
        return None  # a single part, or parts that overlap: the channels one item went out on, 涉及…
    running = 0
    for part in parts:
        running += part
        if running in wholes:
            return None  # it adds up; whatever follows is not part of this list
    exhaustive = not cut and (
        (opener.group(0) in RESPECTIVELY and not named and _one_count_each(items, measure))
        or _named_to_the_last(items, measure)
    )
    if running > max(wholes):  # more than any whole the sentence gives: named by the largest
        return PartsList(max(wholes), running, exhaustive)
    return PartsList(total, running, exhaustive) if exhaustive else None


def _aside_about_another_year(head: str, year: int | None) -> bool:
    """Whether the opener after ``head`` stands in a bracketed aside that names another year."""
    opened = head.rfind("(")
    if opened <= head.rfind(")"):
        return False
    aside = head[opened + 1 :]
    return bool(LAST_YEAR.search(aside)) or about_another_year(aside, year)


def summed_list(sentence: str, year: int | None = None) -> PartsList | None:
    """A list of counts summed after it (工作动态43条、财政信息20条，共计60条) whose parts exceed
    the sum stated; a list that says it goes on (等) may fall short of it."""
    clauses = re.split(r"[,:]", _unbracketed(sentence))
    for index, clause in enumerate(clauses[1:], 1):
        restated = _SUM_CLAUSE.match(clause)
        listed = clauses[index - 1]
        if restated is None or "、" not in listed or about_another_year(listed, year):
            continue
        whole = _whole_before(clause)
        if whole is None or exact_counts(listed) is None or OPENER.search(listed):
            continue
        total, measure = whole
        parts = _counts_of(listed, measure)
        if len(parts) >= 2 and sum(parts) > total and _channels(listed) < 2:
            return PartsList(total, sum(parts), False)
    return None


def _channels(listed: str) -> int:
    """How many items of a list name a channel or a scope (网站发布30条、微信推送40条: the same items
    counted on each, no parts of one whole); the words in one item count once (通过政府门户网站发布…)."""
    return sum(1 for item in _ITEM_APART.split(listed) if _OVERLAPPING.search(item))


_ITEM_APART = lazy_pattern(r"[、,，;；]")


def _counts_of(text: str, measure: str) -> list[int]:
    return [_count(m) for m in COUNT.finditer(text) if m.group(2) == measure and is_counted(text, m)]


def _count(match: re.Match[str]) -> int:
    return to_int(match.group(1).replace(",", "")) or 0


def _whole_before(head: str) -> tuple[int, str] | None:
    """The last count of the clause right before the opener, with its measure, when exact."""
    clause = re.split(r"[,:]", _unbracketed(head).rstrip(" ,:(、"))[-1]
    matches = [m for m in COUNT.finditer(clause) if m.group(2) in _WHOLE_MEASURES and is_counted(clause, m)]
    if not matches or is_approximate(clause, matches[-1]):
        return None
    return _count(matches[-1]), matches[-1].group(2)


def _whole_before_names(head: str, opener: str) -> tuple[int, str] | None:
    """The count before the names of the parts that 分别为 counts, with no 其中 between (主动公开政府
    信息326条，工作动态、通知公告、政策文件及解读分别为198条、64条、60条): only when the names are of
    kinds of item, not of what the tables count (行政复议、行政诉讼分别为1件、0件 after 收到申请15件)."""
    if opener not in RESPECTIVELY:
        return None
    before, _, names = _unbracketed(head).rstrip(" ,:(、").rpartition(",")
    if not before or not _NAMES.fullmatch(names.strip()):
        return None
    if ANY_NOUN.search(names) or _CHANNELS_OR_RESULTS.search(names):
        return None
    return _whole_before(before)


_NAMES = lazy_pattern(r"[^\d,]+(?:[、和及与][^\d,]+)+")


_WHOLE_MEASURES = MEASURE + "次"  # 开展业务培训5次，其中集中培训2次、专题培训4次: times add up too


def _unbracketed(text: str) -> str:
    """The text without its complete bracketed asides ("10件(含上年结转2件)")."""
    while _BRACKETED.search(text):
        text = _BRACKETED.sub("", text)
    return text


def _list_items(tail: str, year: int | None, whole: int, measure: str) -> tuple[list[str], bool]:
    """The comma clauses of the list an opener starts, and whether something new cut it short (a
    clause that starts something new, or counts more than the whole: no part of it)."""
    tail = re.split(r"\)", _unbracketed(tail), maxsplit=1)[0]  # "…1261条(其中:网站390条、微信871条)"
    kept: list[str] = []
    for index, clause in enumerate(re.split(r",", tail)):
        if index and _NESTED.match(clause):
            continue  # 其中工作动态43条，含图片新闻20条…: a breakdown of the part before
        if index and (_ends_list(clause, year) or any(count > whole for count in _counts_of(clause, measure))):
            return kept, True
        if index and _OVERLAPPING.search(clause) and not _OVERLAPPING.search(",".join(kept)):
            return kept, True  # a channel after kinds of item (…通知公告30条，政务新媒体推送40条): across them
        kept.append(clause)
    return kept, False


def _ends_list(clause: str, year: int | None) -> bool:
    return bool(
        _NEW_ACTION.search(clause)
        or _RESTATED_TOTAL.match(clause)
        or OPENER.search(clause)
        or ELSEWHERE.search(clause)
        or CHANGE.search(clause)  # 较上年增加45条: a difference, no part
        or LAST_YEAR.search(clause)
        or about_another_year(clause, year)
    )


def _named_to_the_last(items: list[str], measure: str) -> bool:
    """Parts named then counted 分别为, the last named 其他… (其中工作动态、通知公告、其他信息分别为642条、
    318条、208条): with "the others" among them, they claim to be the whole."""
    listed = ",".join(items)
    word = next((w for w in RESPECTIVELY if w in listed), None)
    if word is None:
        return False
    names, counted = listed.split(word, 1)
    pieces = [piece.strip() for piece in re.split(r"[、和及与]", names) if piece.strip()]
    others = any(piece.startswith(("其他", "其它")) for piece in pieces)
    return others and len(pieces) == len(_counts_of(counted, measure))


def _one_count_each(items: list[str], measure: str) -> bool:
    """Every piece of the list ("a 3件、b 2件") holds exactly one count of the whole's measure."""
    pieces = [p for item in items for p in re.split(r"[、和及与]", item) if p.strip()]
    return all(sum(1 for m in COUNT.finditer(p) if m.group(2) == measure) == 1 for p in pieces)
