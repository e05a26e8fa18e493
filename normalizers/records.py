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
    amount: Decimal
    amount_raw: str
    unit_raw: str | None
    page: int
    col: int


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
class DocumentResult:
    """Everything one document contributes to the dataset."""

    document: DocumentRecord
    tables: list[TableRecord] = field(default_factory=list)
    line_items: list[LineItem] = field(default_factory=list)
    cells: list[CellRecord] = field(default_factory=list)
    facts: list[FactRecord] = field(default_factory=list)
    checks: list[CheckRecord] = field(default_factory=list)
