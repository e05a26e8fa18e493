"""Canonical records: one dataclass per output table. Field names are the dataset's column names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass
class DocumentRecord:
    """A row of `documents`."""

    doc_id: str
    source: str
    file_name: str
    file_bytes: int
    pages: int | None
    status: str  # ok | partial | failed
    error: str | None
    doc_kind: str | None  # final | budget | performance | other
    scope: str | None  # department | unit
    agency: str | None
    fiscal_year: int | None
    text_pages: int
    image_pages: int
    tables_found: int
    pipeline_version: str
    ingested_at: datetime
    # Completeness (normalizers.completeness): amounts printed in tables vs. placed in typed rows,
    # and the standard tables expected for the document's kind vs. missing without explanation.
    amount_cells: int | None = None
    amount_cells_placed: int | None = None
    standard_tables_expected: int | None = None
    standard_tables_missing: list[str] = field(default_factory=list)
    # Which part of a disclosure the file is: complete (tables and narrative), tables (a 报表 file),
    # narrative (a 情况说明 file whose tables are published separately); null for other documents.
    part: str | None = None


@dataclass
class TableRecord:
    """A row of `tables`: one logical table, possibly stitched over several pages."""

    doc_id: str
    table_id: str
    table_kind: str
    title: str | None
    unit: str | None
    pages: list[int]
    n_rows: int
    n_cols: int
    engine: str
    unit_source: str | None = None  # kinds.UnitSource: printed, text, page, document; null without a unit


@dataclass
class LineItem:
    """A row of `line_items`: one amount cell of a standard table."""

    doc_id: str
    table_id: str
    table_kind: str
    row: int
    side: str | None
    code: str | None
    code_scheme: str | None
    code_level: int | None
    item_name: str | None
    item_name_raw: str | None
    measure: str | None
    measure_raw: str
    amount: Decimal | None  # None when the table's unit could not be determined (amount_raw keeps the text)
    amount_raw: str
    unit_raw: str | None
    page: int
    col: int
    # A second classification printed on the same row (Beijing: 政府经济科目 beside 部门经济科目).
    alt_code: str | None = None
    alt_code_scheme: str | None = None
    alt_item_name: str | None = None
    # The fund source the column names (general_budget, government_fund, state_capital,
    # fiscal_special_account), beside its measure; null when the header names none.
    fund: str | None = None
    # The 单位编码 / 部门编码 the row prints (Beijing's 收入总表 rows 015, 015001 …), digits only.
    unit_code: str | None = None


@dataclass
class CellRecord:
    """A row of `cells`: the raw grid, for audit."""

    doc_id: str
    table_id: str
    page: int
    row: int
    col: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    # OCR only: lowest character score in the cell, and why its amount is doubtful
    # (low_confidence, row_total, column_total); null for text-layer cells and sound amounts.
    confidence: float | None = None
    flag: str | None = None


@dataclass
class ScorecardRecord:
    """A row of `scorecards`: one performance self-evaluation or target table.

    The check_* fields record whether the printed figures add up: pass | rounding | fail | skipped,
    with the printed minus the computed figure beside each (never raised, only recorded).
    """

    doc_id: str
    scorecard_id: str
    kind: str  # project_self_evaluation | department_self_evaluation | performance_target
    title: str | None
    project_name: str | None
    competent_department: str | None
    implementing_unit: str | None
    fiscal_year: int | None
    goal_planned: str | None
    goal_actual: str | None
    total_weight: Decimal | None
    total_score: Decimal | None
    total_weight_raw: str | None
    total_score_raw: str | None
    unit_raw: str | None
    pages: list[int]
    n_indicators: int
    check_scores: str
    scores_difference: Decimal | None
    check_weights: str
    weights_difference: Decimal | None
    check_execution_rate: str
    execution_rate_difference: Decimal | None
    check_funds_lines: str
    funds_lines_difference: Decimal | None  # yuan: printed 年度资金总额 - the sum of its lines


@dataclass
class ScorecardFunds:
    """A row of `scorecard_funds`: one funds line of a scorecard, amounts in yuan."""

    doc_id: str
    scorecard_id: str
    line: str | None  # total | fiscal_appropriation | carryover | other; null for other printed lines
    line_raw: str
    budget_initial: Decimal | None
    budget_initial_raw: str | None
    budget_adjustment: Decimal | None  # 年中调整金额: budget_full_year = budget_initial + this
    budget_adjustment_raw: str | None
    budget_full_year: Decimal | None
    budget_full_year_raw: str | None
    executed: Decimal | None
    executed_raw: str | None
    execution_rate: Decimal | None  # percent, as printed: 90.99 for "90.99%"
    execution_rate_raw: str | None
    balance: Decimal | None  # 结余金额: what is left, budget_full_year - executed
    balance_raw: str | None
    balance_rate: Decimal | None  # 结余率, percent as printed: balance / budget_full_year
    balance_rate_raw: str | None
    weight: Decimal | None
    weight_raw: str | None
    score: Decimal | None
    score_raw: str | None
    unit_raw: str | None
    page: int


@dataclass
class ScorecardIndicator:
    """A row of `scorecard_indicators`: one 三级指标 with its target, actual value and score."""

    doc_id: str
    scorecard_id: str
    row: int
    level1: str | None
    level1_weight: Decimal | None
    level2: str | None
    level3: str | None
    target_raw: str | None
    target_op: str | None  # >= <= = > < range text
    target_value: Decimal | None
    target_value_max: Decimal | None
    target_unit: str | None
    actual_raw: str | None
    actual_op: str | None
    actual_value: Decimal | None
    actual_value_max: Decimal | None
    actual_unit: str | None
    weight: Decimal | None
    weight_raw: str | None
    score: Decimal | None
    score_raw: str | None
    deviation_reason: str | None
    page: int


@dataclass
class FactRecord:
    """A row of `facts`: one figure the narrative states, with its change, share and reason."""

    doc_id: str
    fact: str  # see normalizers.fact_vocabulary.FACT_LABELS
    subject: str | None  # classification code (or name path) for per-item facts, use for vehicles
    period: str  # current | previous | budget
    value: Decimal | None  # as printed, in `unit`
    unit: str | None  # 万元, 元, %, 人, 辆, 个, 平方米 ...
    change_value: Decimal | None  # year-on-year change, in `unit`, negative for 减少
    change_pct: Decimal | None  # 增长/下降 %, or 预决算差异率 on a budget row
    share_pct: Decimal | None  # "占 X%"
    share_of: str | None  # the fact the share is of, when the sentence names it
    relation: (
        str | None
    )  # on budget rows: what the text claims of final vs budget (above|below|equal|about_equal)
    reason: str | None  # the 主要原因 text
    sentence: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class CheckRegion:
    """Where one of a check's two figures is printed (for the report's cropped images)."""

    role: str  # expected | actual
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class CheckRecord:
    """A row of `checks`: one reconciliation (勾稽) or consistency test of a document."""

    doc_id: str
    check_id: str
    scope: str  # table | cross_table | text_vs_table | document | scorecard
    status: str  # pass | rounding | fail | skipped
    expected: Decimal | None
    actual: Decimal | None
    difference: Decimal | None
    tables: list[str]
    pages: list[int]
    detail: str
    regions: list[CheckRegion] = field(default_factory=list)


@dataclass
class LinkedCheckRecord(CheckRecord):
    """A row of `linked_checks`: a narrative file's figure checked against the tables of the other
    file of its disclosure (document_links). `doc_id` and the `actual` region are the narrative's;
    `tables` and the `expected` region are the tables file's, `linked_doc_id`."""

    linked_doc_id: str = ""


@dataclass
class UnplacedAmounts:
    """A row of `unplaced_amounts`: printed amounts of one table column (or unruled page) that no
    typed row holds."""

    doc_id: str
    table_id: str | None  # null for amounts on unruled lines
    table_kind: str | None
    title: str | None
    page: int
    col: int | None
    column_header: str | None
    cells: int
    sample: str  # up to five of the cell texts, " | "-separated


@dataclass
class DocumentSource:
    """A row of `document_sources`: one place a document's bytes were found, and when first."""

    doc_id: str
    source: str
    file_name: str
    first_seen: datetime


@dataclass
class DocumentResult:
    """Everything one document contributes to the dataset."""

    document: DocumentRecord
    tables: list[TableRecord] = field(default_factory=list)
    line_items: list[LineItem] = field(default_factory=list)
    cells: list[CellRecord] = field(default_factory=list)
    scorecards: list[ScorecardRecord] = field(default_factory=list)
    scorecard_funds: list[ScorecardFunds] = field(default_factory=list)
    scorecard_indicators: list[ScorecardIndicator] = field(default_factory=list)
    facts: list[FactRecord] = field(default_factory=list)
    checks: list[CheckRecord] = field(default_factory=list)
    unplaced_amounts: list[UnplacedAmounts] = field(default_factory=list)
