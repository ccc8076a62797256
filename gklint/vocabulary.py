"""One vocabulary for the places of the national format: canonical table, row and column keys and the
ids of the relations, as typed constants.

Rules, formatters and plugins write ``report.cell(TableKey.APPLICATIONS, RowKey.NEW, ColumnKey.TOTAL)``,
never a string spelled by hand. The members are ``str`` subclasses whose values are the keys of
domain.md, so they index bound tables and compare equal to the keys in output formats. A test checks
that every key of every installed template is here and nothing else, and the key list in
docs/plugins.md is generated from the templates.
"""

from __future__ import annotations

from enum import Enum


class Key(str, Enum):
    """A canonical key; ``str(key)`` is its value (``"applications"``), as in every output format."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    __hash__ = str.__hash__  # Enum hashes the name; a key must hash as its value to index a table


class TableKey(Key):
    ACTIVE = "active"  # 二、主动公开政府信息情况
    APPLICATIONS = "applications"  # 三、收到和处理政府信息公开申请情况
    REVIEW_LITIGATION = "review_litigation"  # 四、政府信息公开行政复议、行政诉讼情况


class RowKey(Key):
    # table A (2021; 2019 adds OTHER_SERVICES and PROCUREMENT)
    REGULATIONS = "regulations"
    NORMATIVE_DOCUMENTS = "normative_documents"
    LICENSING = "licensing"
    OTHER_SERVICES = "other_services"
    PENALTY = "penalty"
    ENFORCEMENT = "enforcement"
    FEES = "fees"
    PROCUREMENT = "procurement"
    # table B
    NEW = "new"
    CARRIED_IN = "carried_in"
    DISCLOSED = "disclosed"
    PARTLY_DISCLOSED = "partly_disclosed"
    WITHHELD_1 = "withheld.1"
    WITHHELD_2 = "withheld.2"
    WITHHELD_3 = "withheld.3"
    WITHHELD_4 = "withheld.4"
    WITHHELD_5 = "withheld.5"
    WITHHELD_6 = "withheld.6"
    WITHHELD_7 = "withheld.7"
    WITHHELD_8 = "withheld.8"
    UNAVAILABLE_1 = "unavailable.1"
    UNAVAILABLE_2 = "unavailable.2"
    UNAVAILABLE_3 = "unavailable.3"
    NOT_PROCESSED_1 = "not_processed.1"
    NOT_PROCESSED_2 = "not_processed.2"
    NOT_PROCESSED_3 = "not_processed.3"
    NOT_PROCESSED_4 = "not_processed.4"
    NOT_PROCESSED_5 = "not_processed.5"
    OTHER = "other"  # the 2019 format's single （六）其他处理 row
    OTHER_1 = "other.1"
    OTHER_2 = "other.2"  # 申请人逾期未按收费通知要求缴纳费用
    OTHER_3 = "other.3"
    RESULTS_TOTAL = "results_total"  # （七）总计
    CARRIED_OUT = "carried_out"  # 四、结转下年度继续办理
    # table C
    REVIEW = "review"
    LITIGATION_DIRECT = "litigation_direct"
    LITIGATION_AFTER_REVIEW = "litigation_after_review"


class ColumnKey(Key):
    # table A, 2021
    ISSUED = "issued"
    ABOLISHED = "abolished"
    IN_FORCE = "in_force"
    DECISIONS = "decisions"
    AMOUNT = "amount"  # 本年收费金额（单位：万元）; also 2019's 采购总金额
    # table A, 2019
    MADE = "made"
    PUBLISHED = "published"
    TOTAL_PUBLIC = "total_public"
    PREVIOUS = "previous"
    CHANGE = "change"  # 本年增/减, signed
    COUNT = "count"
    # table B
    NATURAL_PERSON = "natural_person"
    COMMERCIAL = "commercial"
    RESEARCH = "research"
    PUBLIC_INTEREST = "public_interest"
    LEGAL_SERVICE = "legal_service"
    OTHER_ORG = "other_org"
    TOTAL = "total"  # also table C's 总计
    # table C
    UPHELD = "upheld"
    CORRECTED = "corrected"
    OTHER = "other"
    PENDING = "pending"


class RelationId(Key):
    T1 = "T1"  # （七）总计 = the result rows, per column
    T2 = "T2"  # a table B row's 总计 = its six applicant columns
    T3 = "T3"  # 一 + 二 = 三（七） + 四, per column
    C1 = "C1"  # a table C group's 总计 = 维持 + 纠正 + 其他 + 尚未审结


APPLICANTS = (
    ColumnKey.NATURAL_PERSON,
    ColumnKey.COMMERCIAL,
    ColumnKey.RESEARCH,
    ColumnKey.PUBLIC_INTEREST,
    ColumnKey.LEGAL_SERVICE,
    ColumnKey.OTHER_ORG,
    ColumnKey.TOTAL,
)
OUTCOMES = (ColumnKey.UPHELD, ColumnKey.CORRECTED, ColumnKey.OTHER, ColumnKey.PENDING, ColumnKey.TOTAL)
REVIEW_GROUPS = (RowKey.REVIEW, RowKey.LITIGATION_DIRECT, RowKey.LITIGATION_AFTER_REVIEW)
PART_NAMES = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六"}  # the six parts' numerals, for messages
