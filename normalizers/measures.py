"""Column header path -> canonical measure (final, budget, total, basic, …)."""

from __future__ import annotations

from normalizers.vocabulary import GENERIC_AMOUNT_LABELS, MEASURE_CONTAINS, MEASURE_EXACT


def measure_of(labels: list[str], doc_kind: str | None) -> str | None:
    """The measure a column's header path names: the leaf label exactly, else words up the path.

    A generic "金额" column takes the document's own measure (final in 决算, budget in 预算).
    """
    if not labels:
        return None
    leaf = labels[-1]
    if leaf in MEASURE_EXACT:
        return MEASURE_EXACT[leaf]
    if leaf in GENERIC_AMOUNT_LABELS:
        return "final" if doc_kind == "final" else "budget"
    for label in reversed(labels):
        for word, measure in MEASURE_CONTAINS:
            if word in label:
                return measure
    return None
