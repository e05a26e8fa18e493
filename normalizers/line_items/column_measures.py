"""The measure of every amount column of a table (one overall total, unlabelled columns inherit)."""

from __future__ import annotations

from disclosure.normalizers.kinds import Measure, own_measure
from disclosure.normalizers.layout import Column
from disclosure.normalizers.measures import amount_column_measure, measure_of
from disclosure.normalizers.vocabulary import SUBTOTAL_LABELS


def overall_total_columns(groups: list[list[Column]]) -> set[int]:
    """Columns that are their table's overall 合计/小计 whatever group header sits above them.

    "基本支出预算/小计 | 人员支出 | 日常公用支出": when every amount column of a column group stands
    under one header, the first one's 小计 is the table's total, not a part of it.
    """
    found: set[int] = set()
    for group in groups:
        amounts = [c for c in group if c.role == "amount"]
        if len(amounts) < 2 or len(amounts[0].labels) < 2 or amounts[0].leaf not in SUBTOTAL_LABELS:
            continue
        if all(c.labels and c.labels[0] == amounts[0].labels[0] for c in amounts):
            found.add(amounts[0].index)
    return found


def inherit_unlabelled(amounts: list[Column], measures: dict[int, str | None], doc_kind: str | None) -> None:
    """Amount columns without a header label of their own take their nearest labelled neighbour's measure.

    Jiangsu's budgets print a sub-item's amount one column left of its parent's, under a single
    金额 header cell: the grid has two amount columns and one header. A group with no labelled
    amount column at all (a headerless grid) is a plain amount column: the document's own measure.
    """
    labelled = [c for c in amounts if c.labels and measures[c.index] is not None]
    for column in amounts:
        if column.labels or measures[column.index] is not None:
            continue
        if labelled:
            nearest = min(labelled, key=lambda c: (abs(c.index - column.index), -c.index))
            measures[column.index] = measures[nearest.index]
        else:
            measures[column.index] = own_measure(doc_kind)


def measures_of_columns(groups: list[list[Column]], doc_kind: str | None) -> dict[int, str | None]:
    """Each amount column's measure, with one `total` per column group.

    The table's overall 合计/小计 is `total` whatever group header sits above it (overall_total_columns);
    where a group has a 合计 of its own beside the table's ("合计 | 本年收入/小计 | 本年收入/…"), the
    group subtotal takes the group's measure (income), so that `total` means one column.
    """
    overall = overall_total_columns(groups)
    measures: dict[int, str | None] = {}
    for group in groups:
        amounts = [c for c in group if c.role == "amount"]
        for column in amounts:
            measures[column.index] = (
                Measure.TOTAL if column.index in overall else amount_column_measure(column.labels, doc_kind)
            )
        inherit_unlabelled(amounts, measures, doc_kind)
        totals = [c for c in amounts if measures[c.index] == Measure.TOTAL]
        if len(totals) > 1:
            keep = min(totals, key=lambda c: (len(c.labels), c.index))
            for column in totals:
                if column is not keep and len(column.labels) >= 2:
                    measures[column.index] = measure_of(column.labels[:-1], doc_kind) or Measure.TOTAL
    return measures
