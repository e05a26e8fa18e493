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
    # OCR only: lowest character score in the cell, and why its amount is doubtful
    # (low_confidence, row_total, column_total); null for text-layer cells and sound amounts.
    confidence: float | None = None
    flag: str | None = None


@dataclass
class DocumentResult:
    """Everything one document contributes to the dataset."""

    document: DocumentRecord
    tables: list[TableRecord] = field(default_factory=list)
    line_items: list[LineItem] = field(default_factory=list)
    cells: list[CellRecord] = field(default_factory=list)
