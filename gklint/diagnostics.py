"""The kernel's own diagnostics: what gklint itself reports about a file, described like any rule.

GK001 (no reader claims the file), GK002 (it cannot be read, or is no report), GK003 (part of it was
cut to read it within bounds), GK090/GK091 (suppression comments) and GK099 (a component raised)
list, select, document and format like the rules of a plugin; their findings are made here.
"""

from __future__ import annotations

from gklint.model import NOWHERE, Directive, Document, Finding, Location, Report, Severity
from gklint.rule import RuleInfo

KERNEL = "gklint"
NOT_A_REPORT = "not-a-report"  # the message id of a GK002 for a file that is no annual report

UNSUPPORTED_FORMAT = RuleInfo(
    code="GK001",
    name="unsupported-format",
    severity=Severity.ERROR,
    summary="没有读取器能读取该文件",
    summary_en="no reader claims the file",
    explanation="文件的格式不受支持（或需要的转换工具未安装），因此未作检查。请另存为受支持的格式（txt、md、html、docx、pdf）。",
    bad_example="2023年报.wps（本机未安装 LibreOffice）；2023年报.xyz",
    good_example="2023年报.docx；2023年报.pdf",
    plugin=KERNEL,
    distribution=KERNEL,
)
UNREADABLE_DOCUMENT = RuleInfo(
    code="GK002",
    name="unreadable-document",
    severity=Severity.ERROR,
    summary="文件无法读取：损坏、加密、为空，是没有文本层的扫描件，或超出时间、内存、大小上限",
    summary_en="corrupt, encrypted, empty, a PDF with no text layer (scanned), or over a time, memory or size limit",
    explanation="读取器无法从文件中取得报告文本，或取得的文本中找不到年度报告的任何章节和表格；"
    "或者文件不是普通文件（命名管道、设备），或超出了每个文件的时间、内存、大小上限（发现项写明是哪一个，"
    "见 --timeout、--memory-limit、--max-file-size），或含有远超任何年度报告的内容（解压后数百 MB 的数据流、"
    "一页数十万个字符）。该文件的其他规则都没有运行：修复文件（或放宽上限）后重新检查。",
    bad_example="扫描版 PDF（每页只是一张图片，没有文字层）；加密的 DOCX；空文件；1 MB 解压成 2 GB 的 PDF",
    good_example="从 Word/WPS 直接导出的 PDF；未加密的 DOCX",
    plugin=KERNEL,
    distribution=KERNEL,
)
PARTLY_READ = RuleInfo(
    code="GK003",
    name="partly-read",
    severity=Severity.WARNING,
    summary="文件有一部分无法读取：无效字节已替换，或超出上限的内容已截断；其余内容照常检查",
    summary_en="part of the file was cut or replaced to read it within limits; the rest is checked",
    explanation="读取器在文件中遇到无法按其编码解读的字节（以 � 代替），或遇到远超年度报告篇幅的内容"
    "（一行中成千上万个单元格，整个文件超过 2000 个段落和表格行或 100 万个字符），为在时间和内存上限内读完文件"
    "而将其截断。发现项写明位置和原因；文件的其余部分照常检查。",
    bad_example="UTF-8 网页中夹有一个损坏的字节；一行 10 MB 的竖线“|||…”",
    good_example="完整、编码正确的文件",
    plugin=KERNEL,
    distribution=KERNEL,
)
INTERNAL_ERROR = RuleInfo(
    code="GK099",
    name="internal-error",
    severity=Severity.ERROR,
    summary="读取器、规则或格式化器出错；其他检查照常进行",
    summary_en="a reader, rule or formatter raised; the run goes on",
    explanation="某个插件在处理该文件时抛出了异常。发现项中写明了插件和规则；请把它报告给插件的作者。",
    plugin=KERNEL,
    distribution=KERNEL,
)
UNUSED_SUPPRESSION = RuleInfo(
    code="GK090",
    name="unused-suppression",
    severity=Severity.INFO,
    summary="抑制注释没有抑制任何发现项",
    summary_en="a suppression comment suppresses nothing",
    explanation="注释所列的规则在该处没有发现项：问题已经修正，或规则代码写错了。删除这条注释，以免它日后掩盖新的问题。",
    bad_example="<!-- gklint: disable-next-line=GK107 -->\n二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0",  # noqa: E501
    good_example="二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0",
    plugin=KERNEL,
    distribution=KERNEL,
)
INVALID_SUPPRESSION = RuleInfo(
    code="GK091",
    name="invalid-suppression",
    severity=Severity.WARNING,
    summary="无法识别的抑制注释",
    summary_en="a suppression comment that cannot be understood",
    explanation="以 gklint 开头的注释必须写成 `gklint: disable=CODE`、`enable=CODE`、`disable-next-line=CODE` 或 "
    "`disable-file=CODE`，并列出规则代码（全部规则写 ALL；全角的：＝，也可以）。"
    "列出的代码不是任何已安装规则的代码时（GK3O2 误写了字母 O），也报告本规则，并给出最接近的代码。",
    bad_example="<!-- gklint: disable -->",
    good_example="<!-- gklint: disable=GK107 -- 原因 -->",
    plugin=KERNEL,
    distribution=KERNEL,
)
KERNEL_RULES = {
    info.code: info
    for info in (
        UNSUPPORTED_FORMAT,
        UNREADABLE_DOCUMENT,
        PARTLY_READ,
        INTERNAL_ERROR,
        UNUSED_SUPPRESSION,
        INVALID_SUPPRESSION,
    )
}


def kernel_finding(
    info: RuleInfo,
    path: str,
    message: str,
    message_en: str,
    location: Location = NOWHERE,
    severity: Severity | None = None,
    message_id: str = "",
    args: tuple[tuple[str, str], ...] = (),
) -> Finding:
    """A finding of a kernel code; its message id is the code's name unless ``message_id`` says."""
    return Finding(
        code=info.code,
        name=info.name,
        severity=severity or info.severity,
        message=message,
        message_en=message_en,
        path=path,
        location=location,
        message_id=message_id or info.name,
        args=args,
        plugin=KERNEL,
    )


def crash_finding(path: str, component: tuple[str, str], plugin: str, exc: BaseException) -> Finding:
    """A GK099 for a component that raised: which plugin, which component (Chinese, English),
    which exception; the plugin and the component are its arguments too, for tools that sort
    crashes by their cause."""
    import traceback  # only for a crash: with textwrap, it costs every run a share of its start

    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    origin = f" ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})" if where else ""
    detail = f"{type(exc).__name__}: {exc}{origin}"
    return kernel_finding(
        INTERNAL_ERROR,
        path,
        f"插件 {plugin} 的 {component[0]} 出错：{detail}",
        f"{component[1]} of plugin {plugin} raised {detail}",
        args=(("component", component[1]), ("plugin", plugin)),
    )


def worker_died(path: str) -> Finding:
    """A GK099 for a file whose worker process ended without a result."""
    return kernel_finding(
        INTERNAL_ERROR,
        path,
        "检查该文件的工作进程意外终止（某个插件退出或崩溃），该文件的检查结果缺失",
        "the worker process linting this file died (a plugin exited or crashed); its findings are missing",
    )


def suppression_finding(info: RuleInfo, path: str, directive: Directive) -> Finding:
    """A GK090 for a comment that suppresses nothing, a GK091 for one that cannot be understood."""
    if info is UNUSED_SUPPRESSION:
        zh = f"抑制注释「{directive.text}」没有抑制任何发现项，可以删除"
        en = f"the suppression comment {directive.text!r} suppresses nothing; remove it"
    else:
        zh = f"无法识别的抑制注释「{directive.text}」（应写成 gklint: disable=代码）"
        en = f"cannot understand the suppression comment {directive.text!r} (write gklint: disable=CODE)"
    return kernel_finding(info, path, zh, en, directive.location)


def unknown_code_finding(path: str, directive: Directive, code: str, near: str | None) -> Finding:
    """A GK091 for a code in a suppression comment that names no installed rule (``near``: the
    installed code it most looks like, if any)."""
    zh = f"抑制注释「{directive.text}」中的「{code}」不是已安装规则的代码" + (f"，是否应为「{near}」？" if near else "")
    en = f"{code!r} in the suppression comment {directive.text!r} names no installed rule" + (
        f"; did you mean {near!r}?" if near else ""
    )
    return kernel_finding(INVALID_SUPPRESSION, path, zh, en, directive.location)


def partly_read(document: Document, shown: str) -> list[Finding]:
    """GK003 for what the reader cut or replaced to read the file within bounds."""
    return [kernel_finding(PARTLY_READ, shown, n.message, n.message_en, n.location) for n in document.notes]


def not_a_report(path: str, message: str, message_en: str) -> Finding:
    """A GK002 for a file that is no annual report: skipped in folder runs, reported when named."""
    return kernel_finding(UNREADABLE_DOCUMENT, path, message, message_en, message_id=NOT_A_REPORT)


def not_linted(report: Report | None, kind: str, path: str) -> Finding | None:
    """Why a bound file is not linted, or None when it is: a look-alike or blank form is no report;
    a report that binds nothing is never skipped in silence; one older than the national formats
    is linted (its rules know it) even when none of the template is found. ``report`` None: the
    file was plainly no report, and nothing of it was bound."""
    from gklint.binder.completeness import predates_formats  # the binder only where a file is linted
    from gklint.binder.opening import FORM, LOOK_ALIKE, REPORT

    if kind == FORM:
        return not_a_report(
            path,
            "这是空白的年度报告格式（没有机关名称和年度），不是某个机关的年度报告",
            "the blank national report form (no agency, no year), not an agency's annual report",
        )
    if kind == LOOK_ALIKE:
        return not_a_report(
            path,
            "这是其他文件（政府工作报告、决算、统计公报等），不是政府信息公开工作年度报告",
            "another kind of document (a work report, final accounts, a statistical bulletin), not an annual report",
        )
    if report is not None and (report.recognised or (kind == REPORT and predates_formats(report.year))):
        return None
    if kind == REPORT:
        title_text = report.title if report is not None else None
        title = f"标题「{title_text}」" if title_text else "没有标题"
        title_en = f"titled {title_text!r}" if title_text else "untitled"
        attached = _attachment(report.document) if report is not None else None
        if attached is not None:
            return kernel_finding(
                UNREADABLE_DOCUMENT,
                path,
                f"文件只有年度报告的标题（{title}），正文在附件「{attached}」中，无法在此检查：请检查附件",
                f"the file holds only the annual report's title ({title_en}); the report is the attachment "
                f"{attached!r}, which is not here to check: check the attachment",
            )
        return kernel_finding(
            UNREADABLE_DOCUMENT,
            path,
            f"文件开头是政府信息公开工作年度报告（{title}），但找不到六个部分的标题，也找不到统计表格，无法检查："
            "正文可能被合并成了一行，或者表格无法读取",
            f"the opening reads as an annual report ({title_en}), but none of the six part headings and none of "
            "the tables could be found, so nothing was checked: the text may be run together or the tables unreadable",
        )
    return not_a_report(
        path,
        "未识别出政府信息公开年度报告：找不到六个部分的标题，也找不到统计表格",
        "not recognised as an annual report: none of the six part headings and none of the tables found",
    )


_ATTACHED_REPORT_NAME = 120  # a line naming an attachment is short


def _attachment(document: Document) -> str | None:
    """The file a page names as its attachment (附件：…年度报告.pdf), when one of its short lines
    names one: a portal page that holds the report only as a download."""
    import re

    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if len(text) <= _ATTACHED_REPORT_NAME:
            found = re.search(r"([^\s:：/]+\.(?:pdf|docx?|wps|ofd|xlsx?))\s*$", text, re.IGNORECASE)
            if found is not None and ("附件" in text or "年度报告" in found.group(1) or "年报" in found.group(1)):
                return found.group(1)
    return None
