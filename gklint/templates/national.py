"""The national formats: 2021 (国办公开办函〔2021〕30号), for the 2021 reports onwards, and the trial
format of 2019 (国办公开办函〔2019〕60号), for the 2019 and 2020 reports. They share the six parts,
most of table B and all of table C; table A and the （六）其他处理 rows differ."""

from __future__ import annotations

from gklint.plugin import HeaderSpec, RelationSpec, RowSpec, SectionSpec, TableSpec, Template, hookimpl

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
    ),
    SectionSpec(6, "其他需要报告的事项", ("其他需报告的事项", "其他需要报告事项")),
)

# Table A -------------------------------------------------------------------------------------

ACTIVE = TableSpec(
    key="active",
    part=2,
    title="主动公开政府信息情况",
    rows=(
        RowSpec("regulations", "规章", ("issued", "abolished", "in_force")),
        RowSpec("normative_documents", "行政规范性文件", ("issued", "abolished", "in_force")),
        RowSpec("licensing", "行政许可", ("decisions",)),
        RowSpec("penalty", "行政处罚", ("decisions",)),
        RowSpec("enforcement", "行政强制", ("decisions",)),
        RowSpec("fees", "行政事业性收费", ("amount",)),
    ),
    headers=(
        HeaderSpec("第二十条第（一）项"),
        HeaderSpec("第二十条第（五）项"),
        HeaderSpec("第二十条第（六）项"),
        HeaderSpec("第二十条第（八）项"),
        HeaderSpec("信息内容"),
        HeaderSpec("本年制发件数", "issued"),
        HeaderSpec("本年废止件数", "abolished"),
        HeaderSpec("现行有效件数", "in_force"),
        HeaderSpec("本年处理决定数量", "decisions"),
        HeaderSpec("本年收费金额", "amount", prefix=True, aliases=("收费金额",)),
    ),
    column_titles={
        "issued": "本年制发件数",
        "abolished": "本年废止件数",
        "in_force": "现行有效件数",
        "decisions": "本年处理决定数量",
        "amount": "本年收费金额（单位：万元）",
    },
)

# Table B -------------------------------------------------------------------------------------

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_service", "other_org", "total")

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
    return tuple(RowSpec(f"{group}.{i}", f"{i}.{label}", APPLICANTS) for i, label in enumerate(labels, 1))


RESULT_ROWS = (
    RowSpec("disclosed", "（一）予以公开", APPLICANTS),
    RowSpec(
        "partly_disclosed",
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
        key="applications",
        part=3,
        title="收到和处理政府信息公开申请情况",
        rows=(
            RowSpec("new", "一、本年新收政府信息公开申请数量", APPLICANTS),
            RowSpec("carried_in", "二、上年结转政府信息公开申请数量", APPLICANTS),
            *result_rows,
            RowSpec("results_total", "（七）总计", APPLICANTS, aliases=("（七）合计",)),
            RowSpec("carried_out", "四、结转下年度继续办理", APPLICANTS),
        ),
        headers=(*APPLICATION_HEADERS, *(HeaderSpec(label) for label in group_headers)),
        column_titles=APPLICANT_TITLES,
    )


APPLICATION_HEADERS = (
    HeaderSpec(
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        prefix=True,
        aliases=("（本列数据的勾稽关系为",),
    ),
    HeaderSpec("申请人情况"),
    HeaderSpec("自然人", "natural_person"),
    HeaderSpec("法人或其他组织"),
    HeaderSpec("商业企业", "commercial"),
    HeaderSpec("科研机构", "research"),
    HeaderSpec("社会公益组织", "public_interest"),
    HeaderSpec("法律服务机构", "legal_service"),
    HeaderSpec("其他", "other_org"),
    HeaderSpec("总计", "total", aliases=("合计",)),
    HeaderSpec("三、本年度办理结果"),
)
APPLICANT_TITLES = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "public_interest": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
GROUPS = ("（三）不予公开", "（四）无法提供", "（五）不予处理")
APPLICATIONS = applications_table(RESULT_ROWS, (*GROUPS, "（六）其他处理"))

# Table C -------------------------------------------------------------------------------------

OUTCOMES = ("upheld", "corrected", "other", "pending", "total")
REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")

REVIEW_LITIGATION = TableSpec(
    key="review_litigation",
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
    row_titles={"review": "行政复议", "litigation_direct": "未经复议直接起诉", "litigation_after_review": "复议后起诉"},
)


def relations(result_rows: tuple[RowSpec, ...]) -> tuple[RelationSpec, ...]:
    return (
        # T2: each row's 总计 is the sum of the six applicant columns
        RelationSpec("T2", "applications", "row", APPLICANTS[:-1], ("total",)),
        # T1: （七）总计 is the sum of the result rows, per column
        RelationSpec("T1", "applications", "column", tuple(r.key for r in result_rows), ("results_total",)),
        # T3: 一 + 二 = 三（七）+ 四, per column
        RelationSpec("T3", "applications", "column", ("new", "carried_in"), ("results_total", "carried_out")),
        # C1: in each group of table C, 总计 = 维持 + 纠正 + 其他 + 尚未审结
        RelationSpec("C1", "review_litigation", "row", OUTCOMES[:-1], ("total",)),
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

_PROJECTS = ("previous", "change", "decisions")  # 上一年项目数量, 本年增/减, 处理决定数量

ACTIVE_2019 = TableSpec(
    key="active",
    part=2,
    title="主动公开政府信息情况",
    rows=(
        RowSpec("regulations", "规章", ("made", "published", "total_public")),
        RowSpec("normative_documents", "规范性文件", ("made", "published", "total_public")),
        RowSpec("licensing", "行政许可", _PROJECTS),
        RowSpec("other_services", "其他对外管理服务事项", _PROJECTS),
        RowSpec("penalty", "行政处罚", _PROJECTS),
        RowSpec("enforcement", "行政强制", _PROJECTS),
        RowSpec("fees", "行政事业性收费", ("previous", "change")),
        RowSpec("procurement", "政府集中采购", ("count", "amount")),
    ),
    headers=(
        *(HeaderSpec(f"第二十条第（{n}）项") for n in ("一", "五", "六", "八", "九")),
        HeaderSpec("信息内容"),
        HeaderSpec("本年新制作数量", "made"),
        HeaderSpec("本年新公开数量", "published"),
        HeaderSpec("对外公开总数量", "total_public"),
        HeaderSpec("上一年项目数量", "previous"),
        HeaderSpec("本年增/减", "change"),
        HeaderSpec("处理决定数量", "decisions"),
        HeaderSpec("采购项目数量", "count"),
        HeaderSpec("采购总金额", "amount", prefix=True),
    ),
    column_titles={
        "made": "本年新制作数量",
        "published": "本年新公开数量",
        "total_public": "对外公开总数量",
        "previous": "上一年项目数量",
        "change": "本年增/减",
        "decisions": "处理决定数量",
        "count": "采购项目数量",
        "amount": "采购总金额",
    },
)

RESULT_ROWS_2019 = (*RESULT_ROWS[: -len(_OTHER)], RowSpec("other", "（六）其他处理", APPLICANTS))

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
