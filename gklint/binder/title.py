"""The title, the agency and the report year, from the lines before the first part heading.

Titles arrive wrapped over two lines, repeated (page title and body title), after portal
breadcrumbs, or inside the one long line a crawler made of the whole page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from gklint.model import (
    NOWHERE,
    Document,
    Location,
    Paragraph,
)
from gklint.text import (
    chinese_numeral,
    fold,
    has_cjk,
    lazy_pattern,
    strip_pinyin,
)

YEAR = r"(?:19|20)\d{2}|[〇零○一二三四五六七八九]{4}"
_TITLE_WORDS = lazy_pattern(r"(?:政府)?(?:信息公开|政务公开)")
_TITLE_END = lazy_pattern(
    rf"(?:年度报告|年报|报告)(?:\((?:全文|正文)\))?(?:\((?:{YEAR})(?:年度?)?\)|\((?P<agency>[^()]{{2,30}})\))?$"
)
_BRACKETED_YEAR = lazy_pattern(rf"\(({YEAR})\)$")  # 某局政府信息公开工作年度报告（2023）
_YEAR_IN_TITLE = lazy_pattern(rf"({YEAR})年度?")
_YEAR_AT_END = lazy_pattern(rf"(?:{YEAR})年度?$")
_BRACKETS = "【】[]()（）〔〕<>《》"
_AGENCY_NOISE = lazy_pattern(r"^(?:关于|现予公布|现公布|现公开|现发布|现将|特发布|公布|公开|发布)|(?:关于|的)$")
_OWN_LEVEL = lazy_pattern(r"[(（](?:本级|本部|机关本级|本机关)[)）]?")  # 某市人民政府（本级）
_SENTENCE = lazy_pattern(r"[,，;；。]")  # a title is no sentence: 根据《条例》，现公布…年度报告 is not one
# A crawler's header fields other than the title (本地目录: …/80629_某区2022年度…年度报告).
_OTHER_FIELD = lazy_pattern(r"^(?:本地目录|原文链接|链接|网址|栏目|文号|索引号|发布机构|来源|分类|主题分类)[:：]")
_FIELD_LABEL = lazy_pattern(
    r"^(?:(?:标题|题目|文章标题|名称|信息名称|文件名称|题名|主题)\s*[:：]|[【\[](?:标题|题目|名称|题名)[】\]][:：]?)\s*"
)
# Portal chrome: a breadcrumb trail, or a toolbar line (今天是 智能问答无障碍浏览长者模式).
NAVIGATION = lazy_pattern(r"^(?:当前位置|您的位置|你的位置|您现在的位置|您所在的位置|所在位置|今天是|首页)")
_CRUMB = lazy_pattern(r"\s*[>»›→]+\s*")
_CRUMB_TRAIL = lazy_pattern(r"^(?:当前位置|您的位置|你的位置|您现在的位置|您所在的位置|所在位置)[:：]?\s*\S*")
_PAGE_FIELDS = lazy_pattern(
    r"(?:(?:来源|发布时间|发布日期|发布机构|时间|日期|浏览次数|点击数|字号)[:：]|【字体|\[字体).*$"
)
# What an agency's name ends with: an office, a government or a place.
AGENCY_END = lazy_pattern(
    r"(?:局|委|办|办公室|中心|政府|管委会|委员会|街道|办事处|镇|乡|区|县|市|省|州|盟|旗|院|厅|部|署|室|所|站|会|馆|队|处|团|社)$"
)
_TITLE_CUT = lazy_pattern(r"(?:年度报告|年报)")
_LONG = 80  # a title is never longer; a longer paragraph can only hold one among other text
_HEAD = 300  # how far into a long paragraph a title may stand


_SPACE_RUNS = lazy_pattern(r"\s+")
_DIGIT_OR_MARK = lazy_pattern(r"\d|[。，,:：>]")


def year_value(text: str) -> int | None:
    if text.isdecimal():  # not isdigit(): int() refuses "²"; and no year has more than a few digits
        return int(text) if len(text) <= 9 else None
    return chinese_numeral(text)


def comparable(text: str) -> str:
    """A line as titles are matched: folded, pinyin dropped, no spaces, no Markdown heading marks."""
    return _SPACE_RUNS.sub("", strip_pinyin(fold(text.lstrip("#"))))  # lstrip: re.sub(r"^#+", "", text)


def title_parts(norm: str) -> tuple[str, int | None] | None:
    """(agency, year or None) of a title such as 某局2023年政府信息公开工作年度报告, or None.

    Also 2023年某局政府信息公开…, 某局政府信息公开工作2023年度报告, 某市人民政府关于2023年度…的年度报告,
    某局政府信息公开工作年度报告(2024年度), and a title in 《》 or ending in （全文）.
    """
    if _SENTENCE.search(norm) or _OTHER_FIELD.match(norm):
        return None
    norm = _FIELD_LABEL.sub("", norm.replace("《", "").replace("》", "").strip('"'))
    words, end = _TITLE_WORDS.search(norm), _TITLE_END.search(norm)
    if words is None or end is None or end.start() < words.end():
        return None
    year = _YEAR_IN_TITLE.search(norm) or _BRACKETED_YEAR.search(norm)
    if year is not None and year.start() < words.start():  # 【2022年】某局…: the brackets are no agency
        agency = _unpaired_off(norm[: year.start()]) or _unpaired_off(norm[year.end() : words.start()])
    else:
        agency = norm[: words.start()]
    trailing = end.group("agency")
    if not agency.strip(_BRACKETS) and trailing and AGENCY_END.search(trailing):
        agency = trailing  # 2023年政府信息公开工作年度报告（某市某局）
    agency = _OWN_LEVEL.sub("", agency)
    agency = _AGENCY_NOISE.sub("", _AGENCY_NOISE.sub("", agency.strip(" ：:，,")))
    if agency.endswith("人民") and norm[words.start() : words.start() + 2] == "政府":
        agency += "政府"  # 某市人民政府信息公开工作年度报告: the title words took the government's 政府
    value = year_value(year.group(1)) if year else None
    return agency, value


def _unpaired_off(text: str) -> str:
    """``text`` without the brackets at its ends that pair with none inside it (``【2022年】某局``
    leaves 】某局 and 【 around the year), keeping a bracketed second name (某局（某办）)."""
    while text:
        first, last = text[0], text[-1]
        if first in _CLOSING or (first in _OPENING and _OPENING[first] not in text[1:]):
            text = text[1:]
        elif last in _OPENING or (last in _CLOSING and _CLOSING[last] not in text[:-1]):
            text = text[:-1]
        else:
            break
    return text


_OPENING = dict(zip("【[(（〔<《", "】])）〕>》"))
_CLOSING = {close: open_ for open_, close in _OPENING.items()}
# An agency with a second name after it (一个机构两块牌子): 某市发展和改革局（某市粮食局）.
_SECOND_NAME = lazy_pattern(r"[(（][^()（）]{2,30}[)）]$")


def is_agency_line(text: str) -> bool:
    """A line that names an agency on its own: short, no digits, not a sentence, not portal chrome;
    a second name in brackets after it must name an agency too."""
    second = _SECOND_NAME.search(text)
    named = text[: second.start()] if second else text
    return (
        0 < len(text) <= 40
        and has_cjk(text)
        and not _DIGIT_OR_MARK.search(text)
        and not NAVIGATION.match(text)
        and bool(AGENCY_END.search(named))
        and (second is None or bool(AGENCY_END.search(second.group(0)[1:-1])))
    )


def strip_navigation(text: str) -> str:
    """The line without a breadcrumb trail before the title and page fields after it."""
    if _CRUMB.search(text) and (NAVIGATION.match(text.strip()) or len(_CRUMB.split(text)) > 2):
        text = _CRUMB.split(text)[-1]
    elif _CRUMB_TRAIL.match(text.strip()):
        text = _CRUMB_TRAIL.sub("", text.strip(), count=1)
    return _FIELD_LABEL.sub("", _PAGE_FIELDS.sub("", text).strip()).strip()


@dataclass(eq=False, repr=False)
class Candidate:
    """A title-like line: where it stands, what it names, and whether the source marks it a heading."""

    text: str
    location: Location
    agency: str | None
    year: int | None
    marked: bool
    index: int

    def rank(self) -> tuple[bool, bool, int]:
        """A title with its year first, then a marked heading, then the last."""
        return (self.year is not None, self.marked, self.index)


def _title_start(norm: str) -> bool:
    """A line a wrapped title may begin with: with the title words, ending in the year or in the
    title words cut short (…2023年政府信息 / 公开工作年度报告), or an agency."""
    return bool(
        _TITLE_WORDS.search(norm) or _YEAR_AT_END.search(norm) or _CUT_WORDS.search(norm) or is_agency_line(norm)
    )


# A year and the first characters of the title words after it, where a line wrapped them.
_CUT_WORDS = lazy_pattern(rf"(?:{YEAR})年度?(?:政府信息公?|政府信?|政务公?|信息公?|政)$")


def _joined(first: str, second: str) -> tuple[str, int | None] | None:
    """The title two lines make together, when the second is no complete title on its own."""
    alone = title_parts(second)
    if (alone and alone[1] is not None) or len(first + second) > _LONG:
        return None
    joined = title_parts(first + second)
    return joined if joined and joined[1] is not None else None


def _short_candidates(lines: list[tuple[int, Paragraph, str]]) -> Iterator[Candidate]:
    """Titles standing on a line of their own, or wrapped over two (市政府研究室2019年政府信息公开 / 工作年度报告)."""
    previous = earlier = ""
    skip = -1
    for n, (index, block, text) in enumerate(lines):
        if n == skip:
            continue
        norm = comparable(strip_navigation(text))
        if not norm or len(norm) > _LONG:
            previous = earlier = ""
            continue
        parts = title_parts(norm)
        following = lines[n + 1] if n + 1 < len(lines) else None
        if following and not _TITLE_END.search(norm) and _title_start(norm):
            joined = _joined(norm, comparable(strip_navigation(following[2])))
            if joined:
                parts, text, skip = joined, text.strip() + following[2].strip(), n + 1
        if parts:
            after = n + 2 if skip == n + 1 else n + 1  # the line under the title, wrapped or not
            below = comparable(lines[after][2]) if after < len(lines) else ""
            # the agency on the line above the title, or on the line under it (a title block)
            above = _with_second_name(earlier, previous)
            agency = parts[0] or next((line for line in (above, below) if is_agency_line(line)), "")
            marked = block.heading_level > 0
            yield Candidate(strip_navigation(text), block.location, agency or None, parts[1], marked, index)
        previous, earlier = norm, previous


def _with_second_name(agency: str, second: str) -> str:
    """The agency with its second name, when a title block sets that on a line of its own (某市发展和
    改革局 / （某市粮食局） / 2023年…年度报告); else the line above the title as it is."""
    if _BRACKETED.fullmatch(second) and is_agency_line(agency) and is_agency_line(second[1:-1]):
        return agency + second
    return second


_BRACKETED = lazy_pattern(r"\([^()]+\)")


def _tokens(text: str) -> Iterator[tuple[int, str]]:
    """(offset, token) of the whitespace-separated tokens at the head of a long paragraph."""
    head = text[:_HEAD].split("。", 1)[0]
    for match in re.finditer(r"\S+", head):
        yield match.start(), match.group()


def _long_candidates(index: int, block: Paragraph) -> Iterator[Candidate]:
    """A title among other text at the head of a long line (a crawler's flattened page:
    ``当前位置： 首页… 某区2021年度政府信息公开工作年度报告 来源：…``)."""
    previous = ""
    for offset, token in _tokens(block.text):
        norm = comparable(token)
        parts = title_parts(norm) if len(norm) <= _LONG and not NAVIGATION.match(norm) else None
        if parts and parts[1] is not None:
            agency = parts[0] or (previous if is_agency_line(previous) else "")
            location = block.location.within(offset, len(token))
            yield Candidate(_FIELD_LABEL.sub("", token), location, agency or None, parts[1], False, index)
        previous = norm


def _run_into_text(index: int, block: Paragraph) -> Candidate | None:
    """A title the first paragraph starts with, run into the text after it (a PDF whose title is set
    as the body is: ``某镇人民政府2023年政府信息公开工作年度报告本报告根据…``): asked only when no
    title stands apart, and only of one that names its agency and its year."""
    cut = _TITLE_CUT.search(block.text[:_LONG])
    if cut is None:
        return None
    head = block.text[: cut.end()]
    if block.text[cut.end() : cut.end() + 1] in ("，", ",", "、", "是"):
        return None  # 某局2023年…年度报告，是根据…: a sentence that names the report, no title
    parts = title_parts(comparable(head))
    if parts is None or parts[1] is None or not AGENCY_END.search(parts[0]):
        return None
    return Candidate(head.strip(), block.location.within(0, len(head)), parts[0], parts[1], False, index)


def find_title(document: Document, first_heading: int) -> tuple[str | None, Location, str | None, int | None]:
    """(title, location, agency, year) from the paragraphs before the first part heading.

    A title with its year wins over one without; then a marked heading; then the last, since portal
    pages put links to other years' reports above the report itself.
    """
    lines = [
        (index, block, block.text)
        for index, block in enumerate(document.blocks[: max(first_heading, 1)])
        if isinstance(block, Paragraph) and block.text.strip()
    ]
    found = list(_short_candidates(lines))
    for index, block, text in lines:
        if len(comparable(text)) > _LONG:
            found.extend(_long_candidates(index, block))
    if not found:
        found = [c for c in (_run_into_text(index, block) for index, block, _ in lines[:1]) if c is not None]
    if not found:  # no title: the year and agency of the report the opening names, for the other rules
        year = _named_year(lines)
        return None, NOWHERE, _named_agency(lines, year) if year else None, year
    found.sort(key=lambda c: c.index)
    best = max(found, key=Candidate.rank)
    own = title_parts(comparable(best.text))
    if own is not None and not own[0]:
        # A title without its agency: the report its opening names (本报告是某局2023年…年度报告) says
        # whose it is better than a line beside the title, which may be the site's banner.
        named = _named_agency(lines, best.year)
        if named and not (best.agency and (best.agency in named or named in best.agency)):
            return best.text, best.location, named, best.year
    # A body title without the agency under a page title with it (the same year) names it too; a
    # link to another year's report does not.
    agency = best.agency or next((c.agency for c in reversed(found) if c.agency and c.year == best.year), None)
    # a title without its year: the year of the report the opening names, if it names one
    return best.text, best.location, agency, best.year if best.year is not None else _named_year(lines)


_BEFORE_AGENCY = lazy_pattern(r"[,，。;；:：\s《》“”\"]")


def _named_agency(lines: list[tuple[int, Paragraph, str]], year: int | None) -> str | None:
    """The agency of the report of ``year`` the opening names in a sentence, if it names one."""
    for _, _, text in lines:
        head = fold(text[:_HEAD])
        found = _NAMED_REPORT.search(head)
        if found is None or year_value(found.group(1)) != year:
            continue
        agency = _AGENCY_NOISE.sub("", _BEFORE_AGENCY.split(head[: found.start()])[-1])
        if agency and AGENCY_END.search(agency):
            return agency
    return None


_NAMED_REPORT = lazy_pattern(rf"({YEAR})\s*年度?\s*(?:政府)?(?:信息公开|政务公开)(?:工作)?年度报告")


def _named_year(lines: list[tuple[int, Paragraph, str]]) -> int | None:
    """The year of the report a report without a title names in its opening (根据《条例》规定，现公布
    市商务局2023年政府信息公开工作年度报告): the report's year, which its statistics period must give."""
    for _, _, text in lines:
        found = _NAMED_REPORT.search(fold(text[:_HEAD]))
        if found is not None:
            return year_value(found.group(1))
    return None
