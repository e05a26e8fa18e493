"""The kinds the dataset names: standard table kinds, document kinds and measures (their values are the data)."""

from __future__ import annotations

from enum import StrEnum


class TableKind(StrEnum):
    """The standard tables ("the nine tables") of budgets and final accounts (`tables.table_kind`)."""

    INCOME_EXPENDITURE_SUMMARY = "income_expenditure_summary"
    INCOME = "income"
    EXPENDITURE = "expenditure"
    FISCAL_APPROPRIATION_SUMMARY = "fiscal_appropriation_summary"
    GENERAL_BUDGET_EXPENDITURE = "general_budget_expenditure"
    GENERAL_BUDGET_BASIC_EXPENDITURE = "general_budget_basic_expenditure"
    THREE_PUBLIC = "three_public"
    GOVERNMENT_FUND = "government_fund"
    STATE_CAPITAL = "state_capital"


class DocKind(StrEnum):
    """What a document is (`documents.doc_kind`)."""

    FINAL = "final"  # 决算
    BUDGET = "budget"  # 预算
    PERFORMANCE = "performance"  # scorecards / targets only
    OTHER = "other"


class Measure(StrEnum):
    """What an amount column holds (`line_items.measure`): a period, a category or a fund of money.

    The vocabulary maps printed header words onto these (vocabulary.MEASURE_EXACT, MEASURE_CONTAINS,
    THREE_PUBLIC_PERIODS); README "line_items" says what each means.
    """

    FINAL = "final"  # 决算数
    BUDGET = "budget"  # 预算数
    ADJUSTED_BUDGET = "adjusted_budget"  # 调整预算数 / 全年预算数
    PREVIOUS_YEAR = "previous_year"  # 上年数
    CHANGE = "change"  # 增减
    TOTAL = "total"  # 合计
    BASIC = "basic"  # 基本支出
    PROJECT = "project"  # 项目支出
    PERSONNEL = "personnel"  # 人员经费
    PUBLIC = "public"  # 公用经费
    INCOME = "income"
    EXPENDITURE = "expenditure"
    CARRYOVER_BEGIN = "carryover_begin"  # 年初结转和结余
    CARRYOVER_END = "carryover_end"  # 年末结转和结余
    ACCOUNT_BALANCE_BEGIN = "account_balance_begin"  # 实户资金余额
    FISCAL_APPROPRIATION = "fiscal_appropriation"  # 财政拨款
    GENERAL_BUDGET = "general_budget"  # 一般公共预算
    GOVERNMENT_FUND = "government_fund"  # 政府性基金
    STATE_CAPITAL = "state_capital"  # 国有资本经营
    FISCAL_SPECIAL_ACCOUNT = "fiscal_special_account"  # 财政专户
    SUPERIOR_SUBSIDY = "superior_subsidy"  # 上级补助收入
    SUBSIDY_TO_AFFILIATES = "subsidy_to_affiliates"  # 对附属单位补助支出
    AFFILIATED_REMITTANCE = "affiliated_remittance"  # 附属单位上缴收入
    REMITTANCE_TO_SUPERIOR = "remittance_to_superior"  # 上缴上级支出
    BUSINESS_INCOME = "business_income"  # 事业收入
    OPERATING_INCOME = "operating_income"  # 经营收入
    OPERATING_EXPENDITURE = "operating_expenditure"  # 经营支出
    OTHER_INCOME = "other_income"  # 其他收入
    OTHER_FUNDS = "other_funds"  # 其他资金
    BUSINESS_FUND_OFFSET = "business_fund_offset"  # 用事业基金弥补收支差额
    CONTINGENCY_RESERVE = "contingency_reserve"  # 单位预留机动经费
    SURPLUS_DISTRIBUTION = "surplus_distribution"  # 结余分配
    RUNNING_COSTS = "running_costs"  # 机关运行经费
    SPECIAL_OPERATIONS = "special_operations"  # 专项业务经费
    QUANTITY = "quantity"  # 数量 (not money)
    UNIT_PRICE = "unit_price"  # 单价


class UnitSource(StrEnum):
    """Where a table's unit comes from (`tables.unit_source`)."""

    PRINTED = "printed"  # printed near the table or in its first rows ("单位：万元")
    TEXT = "text"  # the unit the narrative states two or more of the table's figures in
    PAGE = "page"  # the unit the other tables on its page print
    DOCUMENT = "document"  # the unit every table of the document prints


def own_measure(doc_kind: str | None) -> Measure:
    """The measure of an amount that names no period: the document's own (final in 决算, else budget)."""
    return Measure.FINAL if doc_kind == DocKind.FINAL else Measure.BUDGET
