"""Narrative versus tables (D1, D2): numbers the text states must agree with the tables.

Only unambiguous statements are checked: one clause, one topic, one exact count. "约", "余",
"多", "以上" make a number approximate and it is left alone; a clause naming two topics, or two
counts, is left alone too. A linter that cries wolf on prose is switched off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gklint.plugin import (
    Cell,
    Finding,
    Location,
    LogicalPlace,
    Paragraph,
    Report,
    Rule,
    RuleContext,
    Severity,
    fold,
    hookimpl,
    to_int,
)

_MEASURE = "件条项宗份"  # not 个/起/次: 一个, 一起, 一次 are rarely counts
_NUMBER = re.compile(rf"(?<![第\d.])(\d[\d,]*|[零〇两一二三四五六七八九十百千万]+)\s*([{_MEASURE}])")
# A Chinese numeral counts only right after a word that introduces a count ("共接到两件"), never
# inside a phrase ("一条龙", "一件事一次办", "每一件").
_CHINESE_CUE = set("共计到了达为有收接理结复议诉讼许可罚强制请生出作")
_PHRASE_AFTER = set("龙事")
_APPROXIMATE_BEFORE = re.compile(r"(约|近|超过|逾|将近|大约|不足|不到)\s*$")
_APPROXIMATE_AFTER = re.compile(r"^\s*(余|多|左右|以上|上下|以内)")
# Clauses end at full stops, semicolons and commas, but not at the comma of "1,300".
_CLAUSES = re.compile(r"(?:[^。；;！？!?\n,]|(?<=\d),(?=\d{3}))+")
_NEGATIVE = re.compile(r"(未|没有|无)(收到|接到|接收到|接收|发生|新收|出现)|(均为|为)\s*0|(均为|为)零")
# Clauses about something else than this agency's year: other years, totals over years or over
# a whole area (a government aggregating its departments), the agency acting as review body.
_ELSEWHERE = re.compile(r"以来|累计|历年|全市|全区|全县|全省|全州|全旗|各级|各地|各部门|各单位|全系统|复议机关")
_YEAR_MENTION = re.compile(r"((?:19|20)\d{2})\s*年")
_ABOUT_APPLICATIONS = re.compile(r"信息公开申请|依申请公开|公开申请")


@dataclass(frozen=True)
class Statement:
    """A count stated in the text: its topic, value, the clause and where it stands."""

    topic: str
    value: int
    clause: str
    location: Location


OTHER_BUSINESS = ("咨询", "留言", "信件", "来电", "投诉", "建议", "提案")

# topic -> (words the clause must contain, words that make it about something else)
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "received": (("申请",), ("受理", "办理", "办结", "答复", "结转", "复议", "诉讼", *OTHER_BUSINESS)),
    "handled": (("申请",), ("收到", "接到", "接收", "新收", "结转", "复议", "诉讼", *OTHER_BUSINESS)),
    "carried_out": (("结转",), ("上年结转",)),
    "licensing": (("行政许可",), ("行政处罚", "行政强制", "申请")),
    "penalty": (("行政处罚",), ("行政许可", "行政强制", "申请")),
    "enforcement": (("行政强制",), ("行政许可", "行政处罚", "申请")),
    "review": (("行政复议",), ("行政诉讼",)),
    "litigation": (("行政诉讼",), ("行政复议",)),
}
VERBS = {
    "received": ("收到", "接到", "接收", "新收"),
    "handled": ("受理", "办理", "办结", "答复"),
    "carried_out": ("下年", "下一年", "次年", "明年"),
}
DECISIONS = ("licensing", "penalty", "enforcement")


def _topic(clause: str, next_year: str) -> str | None:
    found = []
    for topic, (needed, excluded) in TOPICS.items():
        if all(w in clause for w in needed) and not any(w in clause for w in excluded):
            verbs = VERBS.get(topic)
            if verbs is None or any(v in clause for v in verbs) or (topic == "carried_out" and next_year in clause):
                found.append(topic)
    return found[0] if len(found) == 1 else None


def _counted(clause: str, match: re.Match[str]) -> bool:
    """Whether a number is a count at all: Chinese numerals need a cue before them."""
    if match.group(1)[0].isdigit():
        return True
    before = clause[match.start() - 1] if match.start() else ""
    after = clause[match.end()] if match.end() < len(clause) else ""
    return before in _CHINESE_CUE and after not in _PHRASE_AFTER


def _exact_counts(clause: str, measures: str = _MEASURE) -> list[int] | None:
    """The exact counts in a clause; None when any count in it is approximate."""
    counts = []
    for match in _NUMBER.finditer(clause):
        if not _counted(clause, match) or match.group(2) not in measures:
            continue
        if _APPROXIMATE_BEFORE.search(clause[: match.start()]) or _APPROXIMATE_AFTER.match(clause[match.end() :]):
            return None
        value = to_int(match.group(1).replace(",", ""))
        if value is not None:
            counts.append(value)
    return counts


def _about_another_year(clause: str, year: int | None) -> bool:
    return year is not None and any(int(y) not in (year, year + 1) for y in _YEAR_MENTION.findall(clause))


def statements(paragraphs: Iterable[Paragraph], year: int | None = None) -> Iterator[Statement]:
    """Unambiguous counts: one topic, one exact count, this agency, this year, not after 其中."""
    next_year = str(year + 1) if year else "\0"
    for paragraph in paragraphs:
        text = fold(paragraph.text)
        same_length = len(text) == len(paragraph.text)  # then offsets map back to the source text
        for sentence in re.finditer(r"[^。；;！？!?\n]+", text):
            for match in _CLAUSES.finditer(sentence.group(0)):
                clause = match.group(0)
                if "其中" in clause:
                    break  # the breakdown of a count given before: its parts are not the totals
                if _about_another_year(sentence.group(0)[: match.end()], year):
                    break  # "2022年，本局收到申请98件": the year stands in an earlier clause
                statement = _statement(clause, year, next_year)
                if statement is not None:
                    offset = sentence.start() + match.start()
                    written = paragraph.text[offset : offset + len(clause)] if same_length else clause
                    yield Statement(*statement, written.strip(), _clause_location(paragraph, offset, clause))


def _statement(clause: str, year: int | None, next_year: str) -> tuple[str, int] | None:
    topic = _topic(clause, next_year)
    if topic is None or _ELSEWHERE.search(clause) or _about_another_year(clause, year):
        return None
    if topic in DECISIONS and "信息" in clause:
        return None  # "公开行政许可信息2000条": published items, not decisions
    counts = _exact_counts(clause, "件项宗" if topic in DECISIONS else _MEASURE)
    if counts is None:
        return None
    if not counts and _NEGATIVE.search(clause) and (
        topic not in ("received", "handled") or
                                                     _ABOUT_APPLICATIONS.search(clause)):  # fmt: skip
        counts = [0]
    return (topic, counts[0]) if len(counts) == 1 else None


def _clause_location(paragraph: Paragraph, offset: int, clause: str) -> Location:
    lead = len(clause) - len(clause.lstrip())
    return paragraph.location.within(offset + lead, len(clause.strip()))


def _sum(cells: Iterable[Cell | None]) -> int | None:
    values = list(cells)
    if any(c is None for c in values):
        return None
    return sum(int(c.number) for c in values if c is not None)


def table_values(report: Report, topic: str) -> tuple[set[int], Cell | None]:
    """(the values the table allows for the topic, the cell to name in the finding)."""

    def total(table: str, row: str) -> Cell | None:
        return report.cell(table, row, "total", numeric=True)

    b, c = "applications", "review_litigation"
    if topic in ("received", "handled", "carried_out"):
        new, carried_in, results, carried_out = (
            total(b, r) for r in ("new", "carried_in", "results_total", "carried_out")
        )
        if topic == "received":
            return ({int(new.number)} if new else set()), new
        if topic == "carried_out":
            return ({int(carried_out.number)} if carried_out else set()), carried_out
        # 受理/办理 may mean the results total, or everything to be handled (new + carried in)
        allowed = {int(x.number) for x in (results, new) if x is not None}
        both = _sum((new, carried_in))
        return (allowed | ({both} if both is not None else set())), results
    if topic in ("licensing", "penalty", "enforcement"):
        cell = report.cell("active", topic, "decisions", numeric=True)
        return ({int(cell.number)} if cell else set()), cell
    if topic == "review":
        cell = total(c, "review")
        return ({int(cell.number)} if cell else set()), cell
    cells = [total(c, "litigation_direct"), total(c, "litigation_after_review")]
    sum_total = _sum(cells)
    return ({sum_total} if sum_total is not None else set()), cells[0]


class NarrativeContradiction(Rule):
    code = "GK701"
    name = "narrative-contradiction"
    severity = Severity.WARNING
    summary = ("总体情况中的数字与统计表不一致", "a number stated in the text contradicts the table")
    explanation = (
        "“一、总体情况”中写到的申请数量（收到、受理/办理、结转）、行政许可/处罚/强制决定数、行政复议/诉讼数，"
        "应与统计表一致。只检查含义明确的句子：一个分句只说一件事、只有一个确切数字；“约”“余”“多”“以上”不作为确数。"
    )
    bad_example = "2023年，我局共收到政府信息公开申请5件。（表二“本年新收”总计为 3）"
    good_example = "2023年，我局共收到政府信息公开申请3件。（表二“本年新收”总计为 3）"
    messages = {
        "contradiction": (
            "正文「{clause}」中的数字 {actual} 与统计表「{cell}」的 {expected} 不一致",
            "the text {clause!r} states {actual}, but the table's {cell!r} holds {expected}",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        section = report.sections.get(1)
        if section is None:
            return
        # A cell whose own table arithmetic fails is the likelier culprit; the totals rules already
        # point at it, and blaming the sentence too would send the reader the wrong way.
        doubtful = {c.place for b in report.all_balances() if b.fails() for c in b.cells}
        for statement in statements(section.paragraphs, report.year):
            allowed, cell = table_values(report, statement.topic)
            if cell is None or not allowed or statement.value in allowed or cell.place in doubtful:
                continue
            yield ctx.finding(
                "contradiction",
                location=statement.location,
                place=cell.place,
                clause=statement.clause,
                cell=cell.place.title,
                expected=min(allowed, key=lambda v: abs(v - statement.value)),
                actual=statement.value,
            )


class NarrativePartsSum(Rule):
    code = "GK702"
    name = "narrative-parts-sum"
    severity = Severity.INFO
    summary = ("“共N条，其中……”的分项之和超过总数", "the parts listed after 其中 exceed the stated whole")
    explanation = (
        "“共N条，其中a条、b条……”中，分项之和不应超过总数。“其中”可能只列举一部分，"
        "所以分项之和小于总数不报告；大于总数一定有误。"
    )
    bad_example = "主动公开政府信息60条，其中工作动态43条、政策文件20条。"
    good_example = "主动公开政府信息60条，其中工作动态43条、政策文件17条。"
    messages = {
        "exceeds": (
            "「{sentence}」：分项之和 {actual} 超过了总数 {expected}",
            "{sentence!r}: the parts add up to {actual}, more than the whole {expected}",
        )
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        for paragraph in report.document.paragraphs:
            text = fold(paragraph.text)
            for sentence in re.finditer(r"[^。；;]+", text):
                found = self._exceeding(sentence.group(0))
                if found is None:
                    continue
                whole, parts = found
                location = _clause_location(paragraph, sentence.start(), sentence.group(0))
                short = sentence.group(0).strip()
                yield ctx.finding(
                    "exceeds",
                    location=location,
                    place=LogicalPlace(title="正文"),
                    sentence=short if len(short) <= 60 else short[:58] + "……",
                    expected=whole,
                    actual=parts,
                )

    @staticmethod
    def _exceeding(sentence: str) -> tuple[int, int] | None:
        head, sep, tail = sentence.partition("其中")
        if not sep:
            return None
        whole = None
        for match in _NUMBER.finditer(head):
            whole = match  # the count nearest before 其中
        if whole is None or _APPROXIMATE_AFTER.match(head[whole.end() :]):
            return None
        total = to_int(whole.group(1).replace(",", ""))
        measure = whole.group(2)
        tail = _list_after(tail)
        counts = _exact_counts(tail)
        parts = [m for m in _NUMBER.finditer(tail) if m.group(2) == measure]
        if total is None or counts is None or len(parts) < 2:
            return None
        summed = sum(to_int(m.group(1).replace(",", "")) or 0 for m in parts)
        return (total, summed) if summed > total else None


_NEW_ACTION = re.compile(r"发布|回应|开展|组织|举办|印发|召开|更新|解读|办理|收到|制定|完成|新增")


def _list_after(tail: str) -> str:
    """The list that 其中 opens: its comma clauses up to one that starts something new (a verb)."""
    kept = []
    for index, clause in enumerate(re.split(r"[,，]", tail)):
        if index and _NEW_ACTION.search(clause):
            break
        kept.append(clause)
    return ",".join(kept)


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [NarrativeContradiction, NarrativePartsSum]
