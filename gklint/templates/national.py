"""The national formats: 2021 (国办公开办函〔2021〕30号), for the 2021 reports onwards, and the trial
format of 2019 (国办公开办函〔2019〕60号), for the 2019 and 2020 reports. They share the six parts,
most of table B and all of table C; table A and the （六）其他处理 rows differ."""

from __future__ import annotations

from gklint.plugin import (
    APPLICANTS,
    OUTCOMES,
    REVIEW_GROUPS,
    ColumnKey,
    HeaderSpec,
    RelationId,
    RelationSpec,
    RowKey,
    RowSpec,
    SectionSpec,
    TableKey,
    TableSpec,
    Template,
    hookimpl,
)

SECTIONS = (
    SectionSpec(1, "总体情况"),
    SectionSpec(2, "主动公开政府信息情况", ("主动公开政府信息的情况", "主动公开政府信息")),
    SectionSpec(
        3,
        "收到和处理政府信息公开申请情况",
        ("收到和处理政府信息公开申请的情况", "政府信息公开申请情况"),
    ),
    SectionSpec(
        4,
        "政府信息公开行政复议、行政诉讼情况",
        (
            "因政府信息公开工作被申请行政复议、提起行政诉讼的情况",
            "政府信息公开行政复议、行政诉讼的情况",
            "因政府信息公开被申请行政复议、提起行政诉讼情况",
        ),
    ),
    SectionSpec(
        5,
        "存在的主要问题及改进情况",
        (
            "政府信息公开工作存在的主要问题及改进情况",
            "存在的主要问题和改进情况",
            "存在的主要问题及改进措施",
            "存在的主要问题和改进措施",
        ),
        ("问题", "不足"),
    ),
    SectionSpec(6, "其他需要报告的事项", ("其他需报告的事项", "其他需要报告事项"), ("其他",)),
)

# Table A -------------------------------------------------------------------------------------

ACTIVE = TableSpec(
    key=TableKey.ACTIVE,
    part=2,
    title="主动公开政府信息情况",
    rows=(
        RowSpec(RowKey.REGULATIONS, "规章", (ColumnKey.ISSUED, ColumnKey.ABOLISHED, ColumnKey.IN_FORCE)),
        RowSpec(
            RowKey.NORMATIVE_DOCUMENTS, "行政规范性文件", (ColumnKey.ISSUED, ColumnKey.ABOLISHED, ColumnKey.IN_FORCE)
        ),
        RowSpec(RowKey.LICENSING, "行政许可", (ColumnKey.DECISIONS,)),
        RowSpec(RowKey.PENALTY, "行政处罚", (ColumnKey.DECISIONS,)),
        RowSpec(RowKey.ENFORCEMENT, "行政强制", (ColumnKey.DECISIONS,)),
        RowSpec(RowKey.FEES, "行政事业性收费", (ColumnKey.AMOUNT,)),
    ),
    headers=(
        HeaderSpec("第二十条第（一）项"),
        HeaderSpec("第二十条第（五）项"),
        HeaderSpec("第二十条第（六）项"),
        HeaderSpec("第二十条第（八）项"),
        HeaderSpec("信息内容"),
        HeaderSpec("本年制发件数", ColumnKey.ISSUED),
        HeaderSpec("本年废止件数", ColumnKey.ABOLISHED),
        HeaderSpec("现行有效件数", ColumnKey.IN_FORCE),
        HeaderSpec("本年处理决定数量", ColumnKey.DECISIONS),
        HeaderSpec("本年收费金额", ColumnKey.AMOUNT, prefix=True, aliases=("收费金额",)),
    ),
    column_titles={
        ColumnKey.ISSUED: "本年制发件数",
        ColumnKey.ABOLISHED: "本年废止件数",
        ColumnKey.IN_FORCE: "现行有效件数",
        ColumnKey.DECISIONS: "本年处理决定数量",
        ColumnKey.AMOUNT: "本年收费金额（单位：万元）",
    },
)

# Table B -------------------------------------------------------------------------------------


_WITHHELD = (
    "属于国家秘密",
    "其他法律行政法规禁止公开",
    "危及“三安全一稳定”",
    "保护第三方合法权益",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "属于行政执法案卷",
    "属于行政查询事项",
)
_UNAVAILABLE = ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")
_NOT_PROCESSED = (
    "信访举报投诉类申请",
    "重复申请",
    "要求提供公开出版物",
    "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息",
)
_OTHER = (
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他",
)


def _leaves(group: str, labels: tuple[str, ...]) -> tuple[RowSpec, ...]:
    return tuple(RowSpec(RowKey(f"{group}.{i}"), f"{i}.{label}", APPLICANTS) for i, label in enumerate(labels, 1))


RESULT_ROWS = (
    RowSpec(RowKey.DISCLOSED, "（一）予以公开", APPLICANTS),
    RowSpec(
        RowKey.PARTLY_DISCLOSED,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        APPLICANTS,
        short="（二）部分公开",
    ),
    *_leaves("withheld", _WITHHELD),
    *_leaves("unavailable", _UNAVAILABLE),
    *_leaves("not_processed", _NOT_PROCESSED),
    *_leaves("other", _OTHER),
)


def applications_table(result_rows: tuple[RowSpec, ...], group_headers: tuple[str, ...]) -> TableSpec:
    return TableSpec(
        key=TableKey.APPLICATIONS,
        part=3,
        title="收到和处理政府信息公开申请情况",
        rows=(
            RowSpec(RowKey.NEW, "一、本年新收政府信息公开申请数量", APPLICANTS),
            RowSpec(RowKey.CARRIED_IN, "二、上年结转政府信息公开申请数量", APPLICANTS),
            *result_rows,
            RowSpec(RowKey.RESULTS_TOTAL, "（七）总计", APPLICANTS, aliases=("（七）合计",)),
            RowSpec(RowKey.CARRIED_OUT, "四、结转下年度继续办理", APPLICANTS),
        ),
        headers=(*APPLICATION_HEADERS, *(HeaderSpec(label) for label in group_headers)),
        column_titles=APPLICANT_TITLES,
        group_titles=dict(zip(("withheld", "unavailable", "not_processed", "other"), group_headers)),
    )


APPLICATION_HEADERS = (
    HeaderSpec(
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        prefix=True,
        aliases=("（本列数据的勾稽关系为",),
    ),
    HeaderSpec("申请人情况"),
    HeaderSpec("自然人", ColumnKey.NATURAL_PERSON),
    HeaderSpec("法人或其他组织"),
    HeaderSpec("商业企业", ColumnKey.COMMERCIAL),
    HeaderSpec("科研机构", ColumnKey.RESEARCH),
    HeaderSpec("社会公益组织", ColumnKey.PUBLIC_INTEREST),
    HeaderSpec("法律服务机构", ColumnKey.LEGAL_SERVICE),
    HeaderSpec("其他", ColumnKey.OTHER_ORG),
    HeaderSpec("总计", ColumnKey.TOTAL, aliases=("合计",)),
    HeaderSpec("三、本年度办理结果"),
)
APPLICANT_TITLES: dict[str, str] = {
    ColumnKey.NATURAL_PERSON: "自然人",
    ColumnKey.COMMERCIAL: "商业企业",
    ColumnKey.RESEARCH: "科研机构",
    ColumnKey.PUBLIC_INTEREST: "社会公益组织",
    ColumnKey.LEGAL_SERVICE: "法律服务机构",
    ColumnKey.OTHER_ORG: "其他",
    ColumnKey.TOTAL: "总计",
}
GROUPS = ("（三）不予公开", "（四）无法提供", "（五）不予处理")
APPLICATIONS = applications_table(RESULT_ROWS, (*GROUPS, "（六）其他处理"))

# Table C -------------------------------------------------------------------------------------


REVIEW_LITIGATION = TableSpec(
    key=TableKey.REVIEW_LITIGATION,
    part=4,
    title="政府信息公开行政复议、行政诉讼情况",
    headers=(
        HeaderSpec("行政复议"),
        HeaderSpec("行政诉讼"),
        HeaderSpec("未经复议直接起诉"),
        HeaderSpec("复议后起诉"),
        HeaderSpec("结果维持"),
        HeaderSpec("结果纠正"),
        HeaderSpec("其他结果"),
        HeaderSpec("尚未审结"),
        HeaderSpec("总计", aliases=("合计",)),
    ),
    unlabeled_rows=tuple(RowSpec(group, "", OUTCOMES) for group in REVIEW_GROUPS),
    column_titles=dict(zip(OUTCOMES, ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))),
    row_titles={
        RowKey.REVIEW: "行政复议",
        RowKey.LITIGATION_DIRECT: "未经复议直接起诉",
        RowKey.LITIGATION_AFTER_REVIEW: "复议后起诉",
    },
)


def relations(result_rows: tuple[RowSpec, ...]) -> tuple[RelationSpec, ...]:
    return (
        # T2: each row's 总计 is the sum of the six applicant columns
        RelationSpec(RelationId.T2, TableKey.APPLICATIONS, "row", APPLICANTS[:-1], (ColumnKey.TOTAL,)),
        # T1: （七）总计 is the sum of the result rows, per column
        RelationSpec(
            RelationId.T1, TableKey.APPLICATIONS, "column", tuple(r.key for r in result_rows), (RowKey.RESULTS_TOTAL,)
        ),
        # T3: 一 + 二 = 三（七）+ 四, per column
        RelationSpec(
            RelationId.T3,
            TableKey.APPLICATIONS,
            "column",
            (RowKey.NEW, RowKey.CARRIED_IN),
            (RowKey.RESULTS_TOTAL, RowKey.CARRIED_OUT),
        ),
        # C1: in each group of table C, 总计 = 维持 + 纠正 + 其他 + 尚未审结
        RelationSpec(RelationId.C1, TableKey.REVIEW_LITIGATION, "row", OUTCOMES[:-1], (ColumnKey.TOTAL,)),
    )


RELATIONS = relations(RESULT_ROWS)

NATIONAL_2021 = Template(
    name="national-2021",
    title="政府信息公开工作年度报告格式（2021）",
    first_year=2021,
    last_year=None,
    sections=SECTIONS,
    tables=(ACTIVE, APPLICATIONS, REVIEW_LITIGATION),
    citation="国办公开办函〔2021〕30号",
    relations=RELATIONS,
)


# The 2019 trial format ----------------------------------------------------------------------

_PROJECTS = (ColumnKey.PREVIOUS, ColumnKey.CHANGE, ColumnKey.DECISIONS)  # 上一年项目数量, 本年增/减, 处理决定数量

ACTIVE_2019 = TableSpec(
    key=TableKey.ACTIVE,
    part=2,
    title="主动公开政府信息情况",
    rows=(
        RowSpec(RowKey.REGULATIONS, "规章", (ColumnKey.MADE, ColumnKey.PUBLISHED, ColumnKey.TOTAL_PUBLIC)),
        RowSpec(
            RowKey.NORMATIVE_DOCUMENTS, "规范性文件", (ColumnKey.MADE, ColumnKey.PUBLISHED, ColumnKey.TOTAL_PUBLIC)
        ),
        RowSpec(RowKey.LICENSING, "行政许可", _PROJECTS),
        RowSpec(RowKey.OTHER_SERVICES, "其他对外管理服务事项", _PROJECTS),
        RowSpec(RowKey.PENALTY, "行政处罚", _PROJECTS),
        RowSpec(RowKey.ENFORCEMENT, "行政强制", _PROJECTS),
        RowSpec(RowKey.FEES, "行政事业性收费", (ColumnKey.PREVIOUS, ColumnKey.CHANGE)),
        RowSpec(RowKey.PROCUREMENT, "政府集中采购", (ColumnKey.COUNT, ColumnKey.AMOUNT)),
    ),
    headers=(
        *(HeaderSpec(f"第二十条第（{n}）项") for n in ("一", "五", "六", "八", "九")),
        HeaderSpec("信息内容"),
        HeaderSpec("本年新制作数量", ColumnKey.MADE),
        HeaderSpec("本年新公开数量", ColumnKey.PUBLISHED),
        HeaderSpec("对外公开总数量", ColumnKey.TOTAL_PUBLIC),
        HeaderSpec("上一年项目数量", ColumnKey.PREVIOUS),
        HeaderSpec("本年增/减", ColumnKey.CHANGE),
        HeaderSpec("处理决定数量", ColumnKey.DECISIONS),
        HeaderSpec("采购项目数量", ColumnKey.COUNT),
        HeaderSpec("采购总金额", ColumnKey.AMOUNT, prefix=True),
    ),
    column_titles={
        ColumnKey.MADE: "本年新制作数量",
        ColumnKey.PUBLISHED: "本年新公开数量",
        ColumnKey.TOTAL_PUBLIC: "对外公开总数量",
        ColumnKey.PREVIOUS: "上一年项目数量",
        ColumnKey.CHANGE: "本年增/减",
        ColumnKey.DECISIONS: "处理决定数量",
        ColumnKey.COUNT: "采购项目数量",
        ColumnKey.AMOUNT: "采购总金额",
    },
)

RESULT_ROWS_2019 = (*RESULT_ROWS[: -len(_OTHER)], RowSpec(RowKey.OTHER, "（六）其他处理", APPLICANTS))

NATIONAL_2019 = Template(
    name="national-2019",
    title="政府信息公开工作年度报告格式（2019 试行）",
    first_year=2019,
    last_year=2020,
    sections=SECTIONS,
    tables=(ACTIVE_2019, applications_table(RESULT_ROWS_2019, GROUPS), REVIEW_LITIGATION),
    citation="国办公开办函〔2019〕60号",
    relations=relations(RESULT_ROWS_2019),
)


@hookimpl
def gklint_templates() -> list[Template]:
    return [NATIONAL_2021, NATIONAL_2019]
