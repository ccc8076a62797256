"""Reading counts out of report prose, for the narrative rules in narrative.py (imported by it only).

Only unambiguous statements are read: one clause, one topic, one exact count. "约", "余", "多",
"以上" make a number approximate and it is left alone; a clause naming two topics, or two counts,
is left alone too. A linter that cries wolf on prose is switched off.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gklint.plugin import Location, Paragraph, fold, lazy_pattern, to_int
from gklint.rules.narrative_counts import COUNT, UNITS, exact_counts, is_approximate, is_counted
from gklint.rules.narrative_sentences import (
    clause_spans,
    count_at,
    goes_on_handling,
    sentence_run_back,
    sentence_run_on,
    sentence_spans,
)
from gklint.rules.narrative_topics import (
    AMONG_OTHERS,
    ANY_NOUN,
    CHANNELS,
    DECISIONS,
    OPENER,
    OUTCOMES,
    PENDING,
    RESULTS,
    TOPICS,
    named_topic,
    topic_of,
)
from gklint.rules.narrative_years import about_another_year, another_year, years_told

_NONE = r"(均为|为)\s*0|(均为|为)零|零发生"
# 未收到…, 未被申请行政复议, 没有因…被提起行政诉讼, 无…行政复议案件
_NEGATIVE = lazy_pattern(
    rf"(未|没有|无)(收到|接到|接收到|接收|发生|新收|出现|结转|顺延|被|因|实施|采取)|^[^0-9０-９]*?无[^0-9０-９]{{0,16}}案件|{_NONE}"
)
# "未制定规范性文件", "无新增规范性文件", but not "未出现违规制发规范性文件的情况".
_NEGATIVE_NORMATIVE = lazy_pattern(rf"(未|没有|无)(新增|新?(制定|制发|印发|出台|废止|现行有效))|{_NONE}")
# Clauses about something else than this agency's year: other years, totals over years or over
# a whole area (a government aggregating its departments), the agency acting as review body.
ELSEWHERE = lazy_pattern(
    # 累计 over years, but not within the year (全年累计) nor before a stock, which is one (累计现行有效)
    r"以来|(?<!全年)(?<!本年)(?<!年度)(?<!年内)(?<!今年)累计(?!现行有效)|历年|全市|全区|全县|全省|全州|全旗|各级|各地|"
    r"各部门|各单位|全系统|"
    r"(?<!被)复议机关|各乡镇|各街道|乡镇街道|"
    r"[市区县]直(?:各)?(?:部门|单位)|各县市区|各县区|各区县|乡镇|区县|[市区县]级部门|区县[(（]市[)）]|县[(（]市、?区[)）]|"
    r"下属|所属|[局委厅办]属|[局委厅办]机关|"  # a unit's share (局属执法大队作出行政处罚决定30件, 局机关收到…)
    r"上半年|下半年|季度|至今"  # part of the year's (上半年收到申请6件), or up to now
)
# A plan for the coming year (计划制定规范性文件3件): not a count of what was done.
_PLAN = lazy_pattern(r"计划|拟|预计|力争|争取|将(?:制定|出台|印发|制发|于|在)")
# A change against another year (较上年减少3件, 同比增加2件): its number is a difference, not a count.
CHANGE = lazy_pattern(
    r"(?:较|比|同比|与)[^，,。；;]{0,10}?(?:增加|减少|增长|下降|上升|多|少|持平)"
    r"|(?:增加|减少|增长|下降|上升)了?\s*\d"  # 与上年相比，申请数量增加37件: what follows 增加 is a difference
)
_ABOUT_APPLICATIONS = lazy_pattern(r"信息公开申请|依申请公开|公开申请")
# Words that open a breakdown of a count given just before: what follows are parts, not totals.
RESPECTIVELY = ("分别为", "分别是", "分别有")  # such a list names every part: it must add up exactly
# "1件正在办理中，结转至2025年继续办理": the carried count stands in the clause before.
# Every application dealt with within the year: none carried over (全部按时办结 too; not 均已按时答复,
# which says only when those answered were answered).
_ALL_HANDLED = lazy_pattern(
    r"^\s*(?:且|并)?(?:已|均已|均|已经)?全部(?:按时|按期|依法)?(?:办结|办理完毕|办理完成)|^\s*(?:且|并)?(?:已|均已|均|已经)?全部答复完毕"
    r"|^\s*(?:且|并)?均已(?:按时|按期|依法)?(?:办结|办理完毕)"
)
# The same said of the applications of the sentences before (上述申请均已按期办结, 所有申请均已按要求办理完成).
_ALL_OF_THEM_HANDLED = lazy_pattern(
    r"^\s*(?:上述|以上|所有|全部)的?(?:政府信息公开|信息公开)?申请(?:均已|均|已全部|全部|都已)"
    r"(?:按时|按期|依法|按要求)?(?:办结|办理完毕|办理完成)"
)
# Every review the agency was the respondent of upheld (结果均为维持, 均被维持, 复议机关均维持了原行政行为).
_ALL_UPHELD = lazy_pattern(r"(?:均|全部|都)(?:为|被|予以|已被|已)?维持")
_NEGATED = lazy_pattern(r"[未不非没]")  # 未全部维持, 不是全部维持, 并非都被维持: not all upheld


def _all_upheld(clause: str) -> bool:
    found = _ALL_UPHELD.search(clause)
    return found is not None and _NEGATED.search(clause, 0, found.start()) is None


_PENDING = lazy_pattern("|".join(PENDING))
_AT_YEAR_END = lazy_pattern(
    r"(?:截至|截止|到)\s*(?:本年度?|今年|年度|(?:19|20)\d{2}\s*年)?\s*(?:12\s*月\s*31\s*日|年底|年末)"
)
# A clause that names some other document than the 规范性文件 of the clause before it.
_OTHER_DOCUMENT = lazy_pattern(r"文件|规章|申请|行政许可|行政处罚|行政强制|复议|诉讼|《")


@dataclass(eq=False, repr=False)
class Statement:
    """A count stated in the text: its topic, value, the clause and where it stands."""

    topic: str
    value: int
    clause: str
    location: Location


def statements(paragraphs: Iterable[Paragraph], year: int | None = None, area: str = "") -> Iterator[Statement]:
    """Unambiguous counts: one topic, one exact count, this agency, this year, not in a breakdown.
    ``area``: the word for the whole area of a government whose report this is (全县 in a county
    government's): its counts are the report's own, not some other body's."""
    next_year = str(year + 1) if year else "\0"
    listed = list(paragraphs)
    texts = [fold(paragraph.text) for paragraph in listed]
    for n, paragraph in enumerate(listed):
        own = texts[n]
        head = sentence_run_back(listed, texts, n)
        text = head + own + sentence_run_on(texts, n)
        if area and area in text:
            text = text.replace(area, "本" + area[1:])  # 全县共受理… as 本县共受理…: offsets kept
        if ANY_NOUN.search(text) is None:
            continue  # every statement needs a topic's noun in its sentence: most paragraphs have none
        same_length = len(own) == len(paragraph.text)  # then offsets map back to the source text
        before = 0  # where the sentence before begins
        for begin, finish in sentence_spans(text):
            subject = ""
            if "申请" not in text[begin:finish] and goes_on_handling(text, before, begin, finish):
                subject = "申请"  # 收到申请749件，其中…；共办理718件，结转下一年31件: the same applications
            before = begin
            if (not subject and ANY_NOUN.search(text, begin, finish) is None) or finish <= len(head):
                continue
            read = _without_asides(subject + text[begin:finish])
            for start, end, topic, value in _stated_once(_sentence_statements(read, year, next_year)):
                start, end = begin + max(start - len(subject), 0), begin + end - len(subject)
                if not 0 <= count_at(text, start, end) - len(head) < len(own):
                    continue  # the count stands in the paragraph before or after: that one states it
                first, last = max(start - len(head), 0), end - len(head)  # in this paragraph's own text
                written = text[len(head) + first : len(head) + last]
                if same_length and last <= len(own):
                    written = paragraph.text[first:last]
                yield Statement(
                    topic, value, written.strip(), clause_location(paragraph, first, written[: len(own) - first])
                )


# A bracketed aside that breaks a count down or dates it: （其中自然人4件、法人1件）.
_ASIDE = lazy_pattern(r"[（(][^（）()]{0,60}[）)]")
# An aside that says what the count includes (含上年结转2件, 含部分公开) is part of what the count means.
_INCLUDING = lazy_pattern(r"^[（(]\s*(?:含|包含|包括)")
# Such an aside right after a count (17件(含上年结转1件)) says what the count holds and is read apart
# from its clause by ``_sentence_statements``; before the count (同意公开(含部分公开)3件) it names it.
_INCLUDED = lazy_pattern(r"(?<=[件条项个宗起])\(含[^()]*\)")


def _without_asides(sentence: str) -> str:
    """The sentence with its bracketed asides blanked out (offsets kept): a count before a bracketed
    breakdown is the whole, and the breakdown's counts are parts."""
    if "（" not in sentence and "(" not in sentence:
        return sentence
    return _ASIDE.sub(
        lambda aside: aside.group(0) if _INCLUDING.search(aside.group(0)) else " " * len(aside.group(0)), sentence
    )


def _stated_once(found: Iterable[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    """A sentence's statements but those of a topic it states twice (以市政府名义印发规范性文件3件，以市
    政府办公室名义印发规范性文件4件; 1件因…不予公开，1件因…不予公开): such counts are parts, not the whole."""
    found = list(found)
    stated: dict[str, int] = {}
    for _, _, topic, _ in found:
        stated[topic] = stated.get(topic, 0) + 1
    return [statement for statement in found if stated[statement[2]] == 1]


def _sentence_statements(sentence: str, year: int | None, next_year: str) -> Iterator[tuple[int, int, str, int]]:
    """(start, end, topic, value) of each statement in one sentence, offsets within it."""
    previous: tuple[int, int] | None = None  # the clause before: its span
    previous_topic: str | None = None  # and what it was about
    previous_value: int | None = None  # and the count it stated
    normative = False  # the clause before spoke of 规范性文件: "制发规范性文件4件，废止2件"
    received = False  # a clause before counted the applications received
    # The sentence is read once for what each clause would be searched for: past the clause that holds
    # its first opener word (no opener, noun or separator overlaps another's start) only results are
    # read; a clause the last year named before its end makes another year's is skipped; a clause
    # names a topic's noun when one starts within it.
    opener = OPENER.search(sentence)
    told = years_told(sentence, year)
    # past the opener only results are read: 办结5件，其中予以公开2件、不予公开3件 gives each kind's count
    results_only = opener.start() + 1 if opener else math.inf
    nouns = [noun.start() for noun in ANY_NOUN.finditer(sentence)]
    next_noun = 0
    for clause_start, clause_end in clause_spans(sentence):
        clause = sentence[clause_start:clause_end]
        included = _INCLUDED.search(clause) if "(含" in clause else None
        carried_included = included is not None and "结转" in included.group(0)  # 收到16件(含上年结转1件)
        if included is not None:
            clause = _INCLUDED.sub("", clause)
        if told and another_year(told, clause_end):  # "2022年，本局收到申请98件"
            previous, previous_topic, previous_value, normative = None, None, None, False
            continue
        if clause_end >= results_only:  # a breakdown of a count given before, or counts given respectively
            paired = _respectively(clause_start, clause_end, clause, sentence, next_year)
            yield from paired or _results(clause_start, clause, sentence, year, next_year)
            continue
        while next_noun < len(nouns) and nouns[next_noun] < clause_start:
            next_noun += 1
        named = next_noun < len(nouns) and nouns[next_noun] < clause_end
        topic = (named_topic(clause, sentence, next_year) if named else None) or (
            _inherited(clause, sentence, next_year) if normative else None
        )
        if topic is None and not named and previous_topic in _ABOUT_APPLICATIONS_TOPICS:
            topic = _handled_after(clause, sentence, next_year, previous_topic)  # 收到申请37件，共办结35件
        if topic is None and named and _LIST_MARK.search(clause):
            yield from _listed(clause_start, clause, sentence, year, next_year)
        if carried_included and topic == "received":
            topic = "applications"  # any count of applications: the new ones with those carried in, here
        normative = topic is not None and topic.startswith("normative")
        value = _value(clause, topic, year) if topic else None
        pieces = _normative_pieces(clause_start, clause, sentence, year, next_year) if named and value is None else []
        if pieces:  # 制发规范性文件4件、废止1件、现行有效25件: a clause of pieces
            yield from pieces
            previous, previous_topic, previous_value = (clause_start, clause_end), pieces[-1][2], pieces[-1][3]
            normative = True
            continue
        start = clause_start
        if topic == "carried_out" and value is None and previous is not None and _countless(clause):
            value, start = _pending_count(sentence[previous[0] : previous[1]]), previous[0]
        # 共收到申请3件，已全部办结 (or 收到15件，上年结转1件，均已按期办结: the new and the carried in): none
        # carried over
        handled_all = previous_topic in ("received", "handled", CONCLUDED) or (
            previous_topic == "carried_in" and received
        )
        all_of_them = _ALL_OF_THEM_HANDLED.search(clause) and exact_counts(clause) == []
        if (topic is None and handled_all and _ALL_HANDLED.search(clause)) or all_of_them:
            topic, value = "carried_out", 0
        if topic is None and _PENDING.search(clause) and _AT_YEAR_END.search(sentence, 0, clause_end):
            value = _pending_count(clause)  # 截至12月31日，尚有2件申请正在办理中: carried over
            topic = "carried_out" if value is not None and "申请" in sentence else None
        if previous_topic == "review" and topic in (None, "review_upheld") and _all_upheld(clause):
            topic, value = "review_upheld", previous_value  # 被申请行政复议3件，结果均为维持: all 3 upheld
        if topic is not None and value is not None:
            received = received or topic == "received"
            yield start, clause_end, topic, value
        if topic is None and not named and exact_counts(clause) == []:
            continue  # 收到申请15件，全部在法定期限内答复，办结12件: a clause between that counts nothing
        previous, previous_topic, previous_value = (clause_start, clause_end), topic, value


def _respectively(start: int, end: int, clause: str, sentence: str, next_year: str) -> list[tuple[int, int, str, int]]:
    """行政许可、行政处罚、行政强制决定数量分别为264件、12000件、19件: each topic listed before 分别为
    with the count in its place after it, when there are as many of both."""
    word = next((w for w in RESPECTIVELY if w in clause), None)
    if word is None:
        return []
    named, counted = clause.split(word, 1)
    pieces = [piece.group(0) for piece in _LIST_PIECE.finditer(named)]
    topics = [named_topic(piece, sentence, next_year) for piece in pieces]
    if any(topic and topic.startswith("normative") for topic in topics):  # 规范性文件制发、废止…分别为3件、1件
        topics = [topic or _inherited(piece, sentence, next_year) for topic, piece in zip(topics, pieces, strict=True)]
    counts = [match for match in COUNT.finditer(counted) if is_counted(counted, match)]
    if any(is_approximate(counted, m) for m in counts):
        return []
    pairs = [(match.group(1), match.group(2)) for match in counts]
    if len(pairs) == 1 and (shared := _SHARED_MEASURE.match(counted)) is not None:
        pairs = [(number, shared.group(2)) for number in shared.group(1).split("、")]  # 1332、278、29件
    if len(topics) < 2 or len(topics) != len(pairs):
        return []
    found = []
    for topic, (number, measure) in zip(topics, pairs, strict=True):
        value = to_int(number.strip().replace(",", ""))
        if topic is None or value is None or measure not in TOPICS[topic].measures:
            return []  # a piece that names no topic, or a count in a measure its topic never takes
        found.append((start, end, topic, value))
    return found


# Numbers listed with one measure after the last (分别为1332、278、29件).
_SHARED_MEASURE = lazy_pattern(rf"^\s*((?:\d[\d,]*\s*、\s*)+\d[\d,]*)\s*([{UNITS}])")


def _results(
    start: int, clause: str, sentence: str, year: int | None, next_year: str
) -> Iterator[tuple[int, int, str, int]]:
    """The counts of kinds of result in a clause of a breakdown, alone or listed."""
    if _SOME_APPLICANTS.search(sentence):
        return  # the breakdown is of some applications only (其中网上申请6件，予以公开4件)
    topic = named_topic(clause, sentence, next_year)
    if topic in _BROKEN_DOWN:
        value = _value(clause, topic, year)
        if value is not None:
            yield start, start + len(clause), topic, value
    elif topic is None and _LIST_MARK.search(clause):
        yield from (found for found in _listed(start, clause, sentence, year, next_year) if found[2] in _BROKEN_DOWN)


_BROKEN_DOWN = (*RESULTS, *OUTCOMES)  # what a breakdown after 其中 may count: kinds of result, outcomes


_SOME_APPLICANTS = lazy_pattern("|".join((*CHANNELS, "自然人", "法人", "企业")))
_EACH = lazy_pattern(r"各\s*(?:\d+|[一二两三四五六七八九十]+)\s*[件起次]")
_LIST_MARK = lazy_pattern(r"[、和及与]")
_LIST_PIECE = lazy_pattern(r"[^、和及与]+")
_NONE_OF = lazy_pattern(rf"未|没有|无|{_NONE}")


def _listed(
    start: int, clause: str, sentence: str, year: int | None, next_year: str
) -> Iterator[tuple[int, int, str, int]]:
    """The statements of a clause that lists several, each with its count (被申请行政复议4件、提起行政
    诉讼3件) or all of them none (未发生行政复议、行政诉讼案件): only when every piece between its 、
    (和, 及, 与) is one."""
    counts = exact_counts(clause)
    # 未发生行政复议、行政诉讼案件; 行政复议、行政诉讼均为0件
    none = counts is not None and not any(counts) and _NONE_OF.search(clause) is not None
    each = _EACH.search(clause)  # 行政复议和行政诉讼各1件
    found, unchecked = [], False
    for piece in _LIST_PIECE.finditer(clause):
        topic = named_topic(piece.group(0), sentence, next_year)
        value = _value(piece.group(0), topic, year) if topic else None
        if topic is not None and value is None and none:
            value = 0
        if topic is not None and value is None and each is not None and counts is not None and len(counts) == 1:
            value = counts[0]
        if topic is None and _UNCHECKED_OUTCOME.match(piece.group(0)):
            unchecked = True  # 维持3件、纠正1件、其他2件、尚未审结1件: outcomes no statement names alone
            continue
        if topic is None or value is None:
            return
        found.append((start + piece.start(), start + piece.end(), topic, value))
    if not unchecked or all(topic in OUTCOMES for _, _, topic, _ in found):
        yield from found


_UNCHECKED_OUTCOME = lazy_pattern(r"^\s*(?:其他(?:结果)?|尚未审结|未审结|正在审理|审理中)\s*\d")


def _normative_pieces(
    start: int, clause: str, sentence: str, year: int | None, next_year: str
) -> list[tuple[int, int, str, int]]:
    """The statements of a 规范性文件 clause whose counts stand apart by 、 or ; (制发行政规范性文件4件、
    废止1件、现行有效25件), each piece read as a clause of its own: the first names the documents,
    the others go on about them. None unless two pieces or more state a count."""
    if "规范性文件" not in clause or not _PIECE_MARK.search(clause):
        return []  # the usual answer
    found, offset = [], start
    for index, piece in enumerate(_PIECE_MARK.split(clause)):
        own = named_topic(piece, sentence, next_year) if index == 0 else _inherited(piece, sentence, next_year)
        value = _value(piece, own, year) if own is not None and own.startswith("normative") else None
        if own is not None and value is not None:
            found.append((offset, offset + len(piece), own, value))
        elif index == 0:
            return []  # the first piece names no count of the documents: no such clause
        offset += len(piece) + 1
    return found if len(found) >= 2 else []


_PIECE_MARK = lazy_pattern(r"[、;；]")


def _inherited(clause: str, sentence: str, next_year: str) -> str | None:
    """The 规范性文件 topic of a clause that names no document and continues the clause before."""
    if _OTHER_DOCUMENT.search(clause):
        return None
    topic = topic_of("规范性文件" + clause, sentence, next_year)
    return topic if topic is not None and topic.startswith("normative") else None


# A count of applications concluded (答复/办结) said after the count handled (受理) in one sentence:
# a statement of its own beside that one (not the same topic stated twice), compared as it is.
CONCLUDED = "concluded"
_ABOUT_APPLICATIONS_TOPICS = ("received", "applications", "carried_in", "handled")
# Those concluded in time, or late: some of the applications handled, not all of them.
_TIMELINESS = lazy_pattern("按时|按期|如期|及时|逾期|超期|延期|期限内|时限内")


def _handled_after(clause: str, sentence: str, next_year: str, previous: str | None) -> str | None:
    """The count of applications handled in a clause that names none but follows a count of them
    (收到申请37件，共办结35件): the applications of the clause before; after a count handled, the
    count concluded (受理申请40件，答复38件)."""
    if _OTHER_DOCUMENT.search(clause) or _PENDING.search(clause) or not exact_counts(clause):
        return None  # 已全部办结 says none is carried over (read so below); 5件正在办理中 counts none handled
    topic = topic_of("申请" + clause, sentence, next_year)
    if topic != "handled":
        return None
    if previous != "handled":
        return topic
    return None if _TIMELINESS.search(clause) else CONCLUDED  # 受理15件，按时答复14件: those in time


def _countless(clause: str) -> bool:
    return exact_counts(clause) == [] and not ELSEWHERE.search(clause) and not _NEGATIVE.search(clause)


def _pending_count(clause: str) -> int | None:
    counts = exact_counts(clause)
    if not _PENDING.search(clause) or not counts or len(counts) != 1:
        return None
    return counts[0]


def _value(clause: str, topic: str, year: int | None) -> int | None:
    if ELSEWHERE.search(clause) or about_another_year(clause, year) or CHANGE.search(clause) or _PLAN.search(clause):
        return None
    if topic in DECISIONS and ("信息" in clause or "事项" in clause):
        return None  # "公开行政许可信息2000条", "行政许可事项120个": published items or kinds, not decisions
    if topic.startswith("normative") and AMONG_OTHERS.search(clause):
        return None
    counts = exact_counts(clause, TOPICS["handled" if topic == CONCLUDED else topic].measures)
    if counts is None:
        return None
    negative = _NEGATIVE_NORMATIVE if topic.startswith("normative") else _NEGATIVE
    if not counts and negative.search(clause) and (
        topic not in ("received", "handled", CONCLUDED) or
                                                     _ABOUT_APPLICATIONS.search(clause)):  # fmt: skip
        counts = [0]
    return counts[0] if len(counts) == 1 else None


def clause_location(paragraph: Paragraph, offset: int, clause: str) -> Location:
    lead = len(clause) - len(clause.lstrip())
    return paragraph.location.within(offset + lead, len(clause.strip()))
