"""What a clause of report prose must say to be about one table value (a topic of the narrative
rules): the nouns, verbs and words that rule it out, for the statements ``narrative_text`` reads."""

from __future__ import annotations

import re
from dataclasses import dataclass

from gklint.plugin import lazy_pattern

MEASURE = "件条项宗份"  # not 个/起/次: 一个, 一起, 一次 are rarely counts
OPENER = lazy_pattern(r"其中|(?:主要|具体)?(?:包括|包含)|具体为|分别为|分别是|分别有")


@dataclass(eq=False, repr=False)
class Topic:
    """What a clause must say to be about one table value."""

    nouns: tuple[str, ...]  # the clause names one of these
    verbs: tuple[str, ...] = ()  # and one of these, when any are given
    excluded: tuple[str, ...] = ()  # and none of these
    measures: str = MEASURE
    next_year: bool = False  # the report's next year ("结转至2025年") counts as a verb
    sentence: tuple[str, ...] = ()  # the sentence names one of these, when any are given
    parts: tuple[str, ...] = ()  # a sentence naming two of these breaks the count down: its clauses are parts
    unless: tuple[str, ...] = ()  # the sentence names none of these
    # with one of these words (涉及城市管理的行政诉讼) the clause must name information disclosure too
    disclosure_if: tuple[str, ...] = ()


OTHER_BUSINESS = ("咨询", "留言", "信件", "来电", "投诉", "建议", "提案")
# Applications for something else than information (行政许可申请, 办事申请, 户外广告设置申请).
OTHER_APPLICATIONS = ("许可申请", "行政许可", "办事申请", "审批申请", "设置申请", "登记申请", "补贴申请", "救助申请")
# Applications of some applicants, months or matters only, or some of the answers: parts of the total.
_SOME_APPLICATIONS = (
    "自然人",
    "法人",
    "月份",
    "撤回",
    "关于",
    "方面",
    "另有",
    "尚在",
    "延期",
    "当场",
    "期限",
    "跨年",
    "又",
)
# 申请 after a word that makes it an application for something else (占道经营申请, 诉求申请, 网上申请):
# only these may stand right before it in a count of information-disclosure applications.
_OTHER_APPLICATION = lazy_pattern(r"(?<=[\u4e00-\u9fff])(?<![开到收理结复共计类了的件新年度内期间中依并与和及])申请")
# Reviews and suits the agency handled as the reviewing body, defended on other matters, studied, or
# a part of them (结果维持2件, 直接提起行政诉讼2件).
_NOT_AS_RESPONDENT = ("办理", "审理", "受理", "决定", "作出", "应诉", "复议申请", "案例", "学习", "旁听", "庭审")
_PART_OF_CASES = ("维持", "结果", "审结", "直接", "复议后", "一审", "二审")
# Decisions of one kind or way only, or what is no decision (准予许可250件, 裁量基准156项, 案卷30宗).
# A time limit or a list of powers is no count of decisions either (审批时限压缩至3个工作日, 行政许可权力12项).
_PART_OF_DECISIONS = (
    *("准予", "不予", "网上", "承诺", "基准", "案卷", "抽查", "简易", "程序"),
    *("工作日", "时限", "时间", "平均", "权力", "职权", "权责", "清单"),
    "立案",  # cases opened, not decided
    *("培训", "会议", "演练", "宣传", "学习", "督查", "评查"),  # work about the powers (行政强制执法培训3次)
)
# A count of applications qualified by how, about what or from where they came is a part of the total
# (当面申请收到3件, 收到涉及环评的申请10件, 收到上级转办申请2件); a sentence naming two channels is a breakdown.
QUALIFIED = ("渠道", "涉及", "转办", "转交", "转来", "当面", "信函", "传真", "邮寄")
CHANNELS = ("当面", "网上", "网络", "在线", "信函", "邮寄", "传真", "电子邮件", "邮箱", "来电", "平台")
# "同意公开答复9件": one kind of result, not the number handled.
RESULT_KINDS = ("同意公开", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
CARRYING = ("结转", "顺延", "转入", "转至", "转下", "延至")
NEXT_YEAR = ("下年", "下一年", "次年", "明年")
CARRIED_IN = ("上年结转", "上年度结转", "上一年结转", "上一年度结转")
# "未发生被行政复议纠错": an outcome of reviews, not their number.
_OUTCOMES = ("纠错", "纠正", "败诉", "撤销", "确认违法")
_COUNTED_APPLICATIONS = tuple(
    f"{noun}{word}" for noun in ("申请", "申请公开") for word in ("数量", "总数", "总量", "量为", "共", "合计", "总计")
)
_ISSUING = ("制定", "制发", "印发", "出台", "制作", "新增")
_NORMATIVE_ELSE = ("规章", "其他", "清理", "审查", "审核", "备案", "修改", "修订", "宣布失效", "申请")


# The kinds of result of table 二's 三、本年度办理结果 a text counts (予以公开2件、不予公开1件).
_RESULT_NOUNS = {
    "disclosed": ("予以公开", "同意公开", "全部公开"),
    "partly_disclosed": ("部分公开", "部分同意公开"),
    "withheld": ("不予公开", "不同意公开"),
    "unavailable": ("无法提供",),
    "not_processed": ("不予处理",),
    "other_processing": ("其他处理",),
}


def _result(nouns: tuple[str, ...]) -> Topic:
    # another kind's noun written inside one of this kind's (同意公开 in 不同意公开) rules out nothing
    others = tuple(
        noun
        for kind in _RESULT_NOUNS.values()
        if kind != nouns
        for noun in kind
        if not any(noun in own for own in nouns)
    )
    # one kind a clause, counted in 件, of applications as a whole (not of 网上申请 or 自然人 alone, nor
    # of those carried in: 上年结转的3件申请中，2件予以公开), nor the 公开属性 of documents drafted
    return Topic(
        nouns,
        (),
        (*others, *CHANNELS, "自然人", "法人", "主动公开", "率", "因"),
        measures="件",
        unless=("公文", "属性", "申请中", "主动公开"),
    )


def _review_outcome(nouns: tuple[str, ...], others: tuple[str, ...]) -> Topic:
    """One outcome of the reviews the agency was the respondent of (其中维持2件, 被纠错1件): the
    sentence is about 行政复议 and not about suits too, nor about reviews it decided."""
    return Topic(
        nouns,
        (),
        (*others, "其他", "审结", "率"),
        measures="件起",
        sentence=("行政复议",),
        unless=("诉讼", *_NOT_AS_RESPONDENT),
    )


RECEIVING = ("收到", "接到", "接收", "新收", "新增")
# Applications still being handled (2件正在办理中): not handled, whatever verb they share.
PENDING = ("正在办理", "尚在办理", "仍在办理", "尚未办结", "未办结", "办理中")
HANDLING = ("受理", "办理", "办结", "答复")


def _applications(verbs: tuple[str, ...], *others: str) -> Topic:
    """A count of information-disclosure applications said with one of ``verbs`` and none of ``others``,
    nor of reviews, suits, other business or other applications, nor of a part of them."""
    excluded = (
        *others,
        "复议",
        "诉讼",
        *CARRYING,
        *OTHER_BUSINESS,
        *QUALIFIED,
        *OTHER_APPLICATIONS,
        *_SOME_APPLICATIONS,
    )
    return Topic(("申请",), verbs, excluded, parts=CHANNELS)


def _normative(verbs: tuple[str, ...], *others: str) -> Topic:
    return Topic(("规范性文件",), verbs, (*others, *_NORMATIVE_ELSE), measures="件")


TOPICS: dict[str, Topic] = {
    "received": _applications(RECEIVING, *HANDLING),
    "handled": _applications(HANDLING, *RECEIVING, *RESULT_KINDS, *PENDING),
    # 申请数量为5件, 依申请公开总数5件, 申请共5件: a count of applications with no verb, which may be
    # any the verbs give (new, handled, or new and carried in together)
    "applications": _applications(_COUNTED_APPLICATIONS, *RECEIVING, *HANDLING, *RESULT_KINDS, "率"),
    "carried_out": Topic(CARRYING, NEXT_YEAR, CARRIED_IN, "件条", next_year=True, sentence=("申请", "答复", "结转")),
    "carried_in": Topic(CARRIED_IN, (), (*NEXT_YEAR, "结转至", "转入下"), "件", sentence=("申请",)),
    "licensing": Topic(("行政许可",), (), ("行政处罚", "行政强制", "申请", *_PART_OF_DECISIONS), measures="件项宗个起"),
    "penalty": Topic(("行政处罚",), (), ("行政许可", "行政强制", "申请", *_PART_OF_DECISIONS), measures="件项宗个起"),
    # 实施行政强制措施5次: measures taken are counted in times
    "enforcement": Topic(
        ("行政强制",), (), ("行政许可", "行政处罚", "申请", *_PART_OF_DECISIONS), measures="件项宗个起次"
    ),
    "review": Topic(
        ("行政复议",),
        (),
        ("行政诉讼", *_OUTCOMES, *_NOT_AS_RESPONDENT, *_PART_OF_CASES),
        measures=MEASURE + "起次",
        disclosure_if=("涉及",),
    ),
    "litigation": Topic(
        ("行政诉讼",),
        (),
        ("行政复议", *_OUTCOMES, *_NOT_AS_RESPONDENT, *_PART_OF_CASES),
        measures=MEASURE + "起次",
        disclosure_if=("涉及",),
    ),
    "review_upheld": _review_outcome(("维持",), _OUTCOMES),
    "review_corrected": _review_outcome(("纠错", "纠正", "撤销"), ("维持",)),
    "normative_issued": _normative(_ISSUING, "废止", "现行有效", "公开"),
    "normative_published": _normative(("新公开",), *_ISSUING, "废止", "现行有效"),
    "normative_abolished": _normative(("废止",), *_ISSUING, "现行有效", "公开"),
    "normative_in_force": _normative(("现行有效",), *_ISSUING, "废止", "公开"),
    **{name: _result(nouns) for name, nouns in _RESULT_NOUNS.items()},
}
RESULTS = tuple(_RESULT_NOUNS)
OUTCOMES = ("review_upheld", "review_corrected")
DECISIONS = ("licensing", "penalty", "enforcement")
_NOUNS = tuple(dict.fromkeys(noun for topic in TOPICS.values() for noun in topic.nouns))
ANY_NOUN = lazy_pattern("|".join(map(re.escape, _NOUNS)))  # one search, not a test per noun
# The topics each noun may introduce: a clause is tried only against the topics whose nouns it names.
_TOPICS_OF_NOUN = {noun: tuple(name for name, topic in TOPICS.items() if noun in topic.nouns) for noun in _NOUNS}
_RECEIVED_AND = lazy_pattern(r"(?:收到|接到)并(?:答复|办结|办理|受理)")
# "规章和规范性文件4件", "规范性文件及其他文件29件": two kinds of document in one clause are ambiguous.
AMONG_OTHERS = lazy_pattern(r"[及和与、]\s*(?:行政)?规范性文件|规范性文件\s*(?:[及和与、]|以及)")


def topic_of(clause: str, sentence: str, next_year: str) -> str | None:
    if ANY_NOUN.search(clause) is None:
        return None  # every topic needs one of its nouns: most clauses are about none of them
    return named_topic(clause, sentence, next_year)


def named_topic(clause: str, sentence: str, next_year: str) -> str | None:
    """``topic_of`` of a clause known to name some topic's noun."""
    if "并" in clause:
        clause = _RECEIVED_AND.sub("收到", clause)  # 收到并答复申请5件: received, and answered too
    named = {name for noun in _NOUNS if noun in clause for name in _TOPICS_OF_NOUN[noun]}
    found = [name for name, topic in TOPICS.items() if name in named and _is_about(topic, clause, sentence, next_year)]
    return found[0] if len(found) == 1 else None


# "在办结的36件申请中，予以公开16件", "所有办结的信息公开申请中", "在15件申请中": the applications
# handled as a whole, not some of them.
_AMONG_ALL = lazy_pattern(
    r"(?:办结|办理|答复|收到|受理|处理)的\s*\d*\s*件?(?:政府)?(?:信息公开)?申请中|(?:所有|全部)的?(?:政府)?(?:信息公开)?申请中"
    r"|在\s*\d+\s*件(?:政府)?(?:信息公开)?申请中"
)


def _is_about(topic: Topic, clause: str, sentence: str, next_year: str) -> bool:
    if not any(w in clause for w in topic.nouns) or any(w in clause for w in topic.excluded):
        return False
    if topic.sentence and not any(w in sentence for w in topic.sentence):
        return False
    if topic.unless and "申请中" in sentence:
        sentence = _AMONG_ALL.sub("", sentence)
    if any(w in sentence for w in topic.unless):
        return False
    # 涉及的行政诉讼数为0件: "involved", not a matter named after it
    if any(w in clause.replace("涉及的", "") for w in topic.disclosure_if) and "信息公开" not in clause:
        return False
    if topic.nouns == ("申请",) and _OTHER_APPLICATION.search(clause):
        return False
    if topic.parts and sum(1 for w in topic.parts if w in _before_parts(sentence)) >= 2:
        return False
    verbs = (*topic.verbs, next_year) if topic.next_year else topic.verbs
    return not verbs or any(v in clause for v in verbs)


def _before_parts(sentence: str) -> str:
    """The sentence up to the word that opens its list of parts (其中…): the channels named after it
    break those parts down, not the total before it."""
    opener = OPENER.search(sentence)
    return sentence[: opener.start()] if opener else sentence
