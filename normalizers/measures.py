"""Column header path -> canonical measure (final, budget, total, basic, …)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from disclosure.normalizers.kinds import Measure, own_measure
from disclosure.normalizers.vocabulary import (
    FUND_WORDS,
    GENERIC_AMOUNT_LABELS,
    GENERIC_AMOUNT_WORDS,
    MEASURE_CONTAINS,
    MEASURE_EXACT,
    SIDE_LABELS,
    SUBTOTAL_LABELS,
)

# Column groups whose 小计 is a measure of its own; under any other group 小计 is the total.
SUBTOTAL_PARENT_MEASURES = frozenset(
    {
        Measure.BASIC,
        Measure.PROJECT,
        Measure.GENERAL_BUDGET,
        Measure.GOVERNMENT_FUND,
        Measure.STATE_CAPITAL,
        Measure.FISCAL_APPROPRIATION,
        Measure.FISCAL_SPECIAL_ACCOUNT,
        Measure.PERSONNEL,
        Measure.PUBLIC,
        Measure.CARRYOVER_BEGIN,
        Measure.CARRYOVER_END,
    }
)


# Measures that only say which fund pays: under a period or category group (上年结转 / 本年收入 /
# 基本支出 …) the group is the measure and the fund goes to `fund_of`.
FUND_MEASURES = frozenset(
    {Measure.GENERAL_BUDGET, Measure.GOVERNMENT_FUND, Measure.STATE_CAPITAL, Measure.FISCAL_SPECIAL_ACCOUNT}
)


def fund_of(labels: list[str]) -> str | None:
    """The fund source a column's header path names (一般公共预算 / 政府性基金 / 国有资本经营 / 财政专户)."""
    for label in reversed(labels):
        for word, fund in FUND_WORDS:
            if word in label:
                return fund
    return None


def measure_of(labels: Sequence[str], doc_kind: str | None) -> str | None:
    """The measure a column's header path names: the leaf label exactly, else words up the path.

    A generic "金额" column takes the document's own measure (final in 决算, budget in 预算). A fund
    leaf under a period or category group ("上年结转结余/一般公共预算资金") takes the group's measure:
    the fund is a dimension of its own (fund_of), so that one measure means one column.
    """
    return path_measure(tuple(labels), doc_kind)


@lru_cache(maxsize=1 << 14)
def path_measure(labels: tuple[str, ...], doc_kind: str | None) -> str | None:
    """measure_of, cached by header path: layout asks it of every header cell and path of every
    grid, and the same headers recur table after table."""
    if not labels:
        return None
    measure = leaf_measure(labels, doc_kind)
    if measure in FUND_MEASURES and len(labels) >= 2:
        group = leaf_measure(labels[:-1], doc_kind)
        if group is not None and group not in FUND_MEASURES and group != Measure.FISCAL_APPROPRIATION:
            return group
    return measure


def amount_column_measure(labels: list[str], doc_kind: str | None) -> str | None:
    """The measure of a column already known to hold amounts: measure_of, else the document's own.

    A header that only says amount ("项目金额", "预算金额（万元）") or only names the side of a
    two-sided summary (收入 / 支出) is an amount of the document's own measure (final or budget).
    """
    measure = measure_of(labels, doc_kind)
    if measure is None and (
        any(word in label for label in labels for word in GENERIC_AMOUNT_WORDS)
        or (labels and all(label in SIDE_LABELS for label in labels))
    ):
        return own_measure(doc_kind)
    return measure


def leaf_measure(labels: Sequence[str], doc_kind: str | None) -> str | None:
    """measure_of without the fund rule."""
    if not labels:
        return None
    leaf = labels[-1]
    if leaf in SUBTOTAL_LABELS and len(labels) >= 2:
        # "基本支出/小计" is the basic-expenditure subtotal, not the table's total.
        parent = leaf_measure(labels[:-1], doc_kind)
        if parent in SUBTOTAL_PARENT_MEASURES:
            return parent
    if leaf in MEASURE_EXACT:
        return MEASURE_EXACT[leaf]
    if leaf in GENERIC_AMOUNT_LABELS:
        return own_measure(doc_kind)
    for label in reversed(labels):
        for word, measure in MEASURE_CONTAINS:
            if word in label:
                return measure
    joined = "".join(labels)  # a header word broken over two header rows ("数" / "量")
    if joined in MEASURE_EXACT:
        return MEASURE_EXACT[joined]
    return None
