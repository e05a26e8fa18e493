"""The kinds the dataset names: standard table kinds and document kinds (their values are the data)."""

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
