"""Column header path -> canonical measure (final, budget, total, basic, …)."""

from __future__ import annotations

from normalizers.vocabulary import GENERIC_AMOUNT_LABELS, MEASURE_CONTAINS, MEASURE_EXACT, SUBTOTAL_LABELS

# Column groups whose 小计 is a measure of its own; under any other group 小计 is the total.
SUBTOTAL_PARENT_MEASURES = frozenset(
    {
        "basic",
        "project",
        "general_budget",
        "government_fund",
        "state_capital",
        "fiscal_appropriation",
        "fiscal_special_account",
        "personnel",
        "public",
        "carryover_begin",
        "carryover_end",
    }
)


def measure_of(labels: list[str], doc_kind: str | None) -> str | None:
    """The measure a column's header path names: the leaf label exactly, else words up the path.

    A generic "金额" column takes the document's own measure (final in 决算, budget in 预算).
    """
    if not labels:
        return None
    leaf = labels[-1]
    if leaf in SUBTOTAL_LABELS and len(labels) >= 2:
        # "基本支出/小计" is the basic-expenditure subtotal, not the table's total.
        parent = measure_of(labels[:-1], doc_kind)
        if parent in SUBTOTAL_PARENT_MEASURES:
            return parent
    if leaf in MEASURE_EXACT:
        return MEASURE_EXACT[leaf]
    if leaf in GENERIC_AMOUNT_LABELS:
        return "final" if doc_kind == "final" else "budget"
    for label in reversed(labels):
        for word, measure in MEASURE_CONTAINS:
            if word in label:
                return measure
    return None
