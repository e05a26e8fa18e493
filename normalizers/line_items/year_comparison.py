"""Year-comparison tables: the items stand in the columns, the periods in the rows (2021 | 2022 | 变化)."""

from __future__ import annotations

from disclosure.normalizers.kinds import Measure, own_measure
from disclosure.normalizers.layout import Column
from disclosure.normalizers.line_items.labels import RowLabel, normalise_item_name
from disclosure.normalizers.vocabulary import CHANGE_ROW_LABELS, YEAR_ROW_LABEL
from disclosure.normalizers.whitespace import squash


def row_period(row_name: str, doc_kind: str | None, fiscal_year: int | None) -> str | None:
    """The period a row of a year-comparison table names: the document's own for its fiscal year,
    previous_year for the year before, change for its 变化 / 增减 row; None for any other year (or
    any year, when the document's own is unknown)."""
    text = squash(row_name)
    if text in CHANGE_ROW_LABELS:
        return Measure.CHANGE
    match = YEAR_ROW_LABEL.match(text)
    if match is None or fiscal_year is None:
        return None
    year = int(match.group(1))
    if year == fiscal_year:
        return own_measure(doc_kind)
    if year == fiscal_year - 1:
        return Measure.PREVIOUS_YEAR
    return None


def year_comparison_cell(
    column: Column, label: RowLabel, doc_kind: str | None, fiscal_year: int | None
) -> tuple[str | None, str | None, str | None]:
    """(item_name, item_name_raw, measure) of an amount of a year-comparison table: the item its
    column heads, the period its row names."""
    measure = row_period(label.item_name_raw or "", doc_kind, fiscal_year)
    return normalise_item_name(column.leaf) or None, column.label, measure
