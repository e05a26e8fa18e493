"""The names the dataset uses for measures are one StrEnum: every vocabulary table maps onto it."""

from __future__ import annotations

from disclosure.normalizers.kinds import DocKind, Measure, own_measure
from disclosure.normalizers.measures import FUND_MEASURES, SUBTOTAL_PARENT_MEASURES, measure_of
from disclosure.normalizers.vocabulary import MEASURE_CONTAINS, MEASURE_EXACT, THREE_PUBLIC_PERIODS


def test_every_measure_the_vocabulary_names_is_a_measure() -> None:
    named = {
        *MEASURE_EXACT.values(),
        *(m for _, m in MEASURE_CONTAINS),
        *(m for _, m in THREE_PUBLIC_PERIODS),
    }
    assert named <= set(Measure), named - set(Measure)
    assert set(Measure) >= FUND_MEASURES | SUBTOTAL_PARENT_MEASURES


def test_an_amount_naming_no_period_is_the_documents_own() -> None:
    assert own_measure(DocKind.FINAL) is Measure.FINAL
    assert own_measure("final") is Measure.FINAL
    for kind in (DocKind.BUDGET, DocKind.PERFORMANCE, DocKind.OTHER, None):
        assert own_measure(kind) is Measure.BUDGET
    # 金额 in a final account is its final figure; in a budget, its budget figure
    assert measure_of(["金额"], "final") == "final"
    assert measure_of(["金额"], "budget") == "budget"
    assert measure_of(["项目", "基本支出", "小计"], "final") == Measure.BASIC
