"""HN001: §六 reports the 信息处理费 under Hunan's provincial fee notice, 湘财税〔2021〕3号."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gklint.plugin import (
    Finding,
    Location,
    LogicalPlace,
    Paragraph,
    Parameter,
    Report,
    Rule,
    RuleContext,
    Section,
    Severity,
    fold,
    lazy_pattern,
    normalize_label,
)

NOTICE = "湘财税〔2021〕3号"
NOTICE_TITLE = "湖南省财政厅湖南省发展和改革委员会关于政府信息公开信息处理费管理有关事项的通知"

_FEE_STATEMENT = lazy_pattern(r"信息处理费|处理费|收费|收取.{0,8}费")
# A document number as configured: 湘财税〔2021〕3号, in any bracket and width (folded first).
_NUMBER_PARTS = lazy_pattern(
    r"^(?P<prefix>\D+?)\s*[\[(〔【]\s*(?P<year>\d{4})\s*[\])〕】]\s*第?\s*(?P<number>\d+)\s*号$"
)
_OPEN = r"[\[［(（〔【<＜]"
_CLOSE = r"[\]］)）〕】>＞]"
_DIGITS = r"[0-9０-９]"


@dataclass(frozen=True)
class DocumentNumber:
    """A 文号 such as 湘财税〔2021〕3号: issuer prefix, year and serial number."""

    prefix: str
    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> DocumentNumber:
        match = _NUMBER_PARTS.match(normalize_label(text))
        if match is None:
            raise ValueError(f"HN001 notice: {text!r} is not a document number like {NOTICE}")
        return cls(match["prefix"], int(match["year"]), int(match["number"]))

    def pattern(self) -> re.Pattern[str]:
        """Any citation with this prefix as written in running text: brackets of any kind or
        width, full-width digits, spaces, an optional 第 before the serial number."""
        prefix = r"\s*".join(map(re.escape, self.prefix))
        return re.compile(rf"{prefix}\s*{_OPEN}?\s*({_DIGITS}{{4}})\s*{_CLOSE}?\s*第?\s*({_DIGITS}+)\s*号")

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.number}号"


@dataclass(frozen=True)
class Citation:
    """A citation with the notice's prefix found in §六, and where it stands."""

    text: str
    number: DocumentNumber
    location: Location


def _citations(section: Section, notice: DocumentNumber) -> Iterator[Citation]:
    pattern = notice.pattern()
    for paragraph in section.paragraphs:
        for match in pattern.finditer(paragraph.text):
            number = DocumentNumber(notice.prefix, int(fold(match[1])), int(fold(match[2])))
            yield Citation(match[0], number, _span(paragraph, match.start(), match.end()))


def _span(paragraph: Paragraph, start: int, end: int) -> Location:
    location = paragraph.location
    if location.line is None or location.column is None or "\n" in paragraph.text[:end]:
        return location  # PDF, DOCX or a multi-line paragraph: the paragraph is as precise as it gets
    column = location.column + start
    return Location(line=location.line, column=column, end_line=location.line, end_column=location.column + end)


def _cites_title(section: Section, title: str) -> bool:
    wanted = normalize_label(title).strip('《》"')
    return bool(wanted) and wanted in normalize_label(section.text)


class FeeNoticeCitation(Rule):
    code = "HN001"
    name = "hunan-fee-notice"
    severity = Severity.INFO
    summary = (
        "第六部分报告信息处理费时没有引用湖南省的收费通知（湘财税〔2021〕3号）",
        "§六 does not report the 信息处理费 under Hunan's fee notice (湘财税〔2021〕3号)",
    )
    explanation = (
        "湖南省的信息处理费按《湖南省财政厅 湖南省发展和改革委员会关于政府信息公开信息处理费管理有关事项的通知》"
        "（湘财税〔2021〕3号）收取，湖南省各级机关的年度报告通常在“六、其他需要报告的事项”中依据该通知报告收取情况，"
        "没有收取也写明“依据……（湘财税〔2021〕3号），本年度未收取信息处理费”。本规则检查第六部分是否引用了该通知"
        "（文号或标题均可；〔〕、[]、【】、（）和空格、全角数字都视为同一文号），并指出文号写错的引用。\n\n"
        "默认为提示（info）：全国统一格式只要求报告收取情况（GK503 检查这一点），引用省级通知是湖南的通行写法，"
        "便于读者和评估者核对收费依据，但不是条例或格式的硬性要求，不应单独使检查失败。省、市政务公开办评估时"
        "可在 .gklint.yaml 中把它升为 warning 或 error。"
        "2021 年以前的报告（通知尚未施行）不检查。"
    )
    bad_example = "六、其他需要报告的事项\n本年度未收取信息处理费。"
    good_example = (
        "六、其他需要报告的事项\n"
        "依据《湖南省财政厅 湖南省发展和改革委员会关于政府信息公开信息处理费管理有关事项的通知》"
        "（湘财税〔2021〕3号），本年度未收取信息处理费。"
    )
    parameters = {
        "notice": Parameter(NOTICE, "应引用的收费通知文号", "the document number of the fee notice to cite"),
        "title": Parameter(NOTICE_TITLE, "收费通知的标题（引用标题也算引用）", "the notice's title (citing it counts)"),
        "first_year": Parameter(2021, "从该报告年度起检查", "check reports of this year and later"),
    }
    messages = {
        "missing": (
            "第六部分没有依据湖南省信息处理费通知（{notice}）报告信息处理费的收取情况（未收取也应写明）",
            "§六 does not report the 信息处理费 collected under Hunan's fee notice ({notice}); "
            "say so even when none was collected",
        ),
        "uncited": (
            "第六部分报告了信息处理费，但没有引用湖南省信息处理费通知（{notice}）",
            "§六 reports the 信息处理费 but does not cite Hunan's fee notice ({notice})",
        ),
        "wrong-number": (
            "第六部分引用的「{found}」与湖南省信息处理费通知的文号 {expected} 不符",
            "§六 cites {found!r}, but Hunan's fee notice is {expected}",
        ),
    }

    def check(self, report: Report, ctx: RuleContext) -> Iterable[Finding]:
        section = report.sections.get(6)
        if section is None or (report.year is not None and report.year < int(ctx.option("first_year"))):
            return  # no §六 is GK101's finding; before the notice there was nothing to cite
        notice = DocumentNumber.parse(str(ctx.option("notice")))
        citations = list(_citations(section, notice))
        if any(c.number == notice for c in citations) or _cites_title(section, str(ctx.option("title"))):
            return
        for citation in citations:
            yield ctx.finding(
                "wrong-number",
                location=citation.location,
                place=LogicalPlace(part=6, title=section.heading),
                found=citation.text,
                expected=str(notice),
                actual=str(citation.number),
            )
        if citations:
            return
        message = "uncited" if _FEE_STATEMENT.search(fold(section.text)) else "missing"
        place = LogicalPlace(part=6, title=section.heading)
        yield ctx.finding(message, location=section.location, place=place, notice=str(notice))
