"""One model for every check: a printed figure against the figure its parts make, within rounding.

Documents round every printed figure to its last printed digit (its *step*: 0.01 for "2,940.05",
100 yuan for the same number in 万元). So a figure computed from printed parts may differ from the
printed one although both are right. Every check decides its status the same way
(`rounding_status`): no difference is `pass`, a difference within the rounding the figures allow is
`rounding`, anything more is `fail`; `skipped` when there is nothing to compare.

How much rounding a comparison allows depends on what was printed, and those are the named
variants of the one model (each keeps the outputs the rule has always produced):

- `per_term_tolerance`: a sum of n printed terms against a printed total (the table, cross-table
  and text-vs-table checks): one step of the coarser figure per term.
- `percent_status`: a percentage stated in the narrative against the one its figures make: it
  passes when it is the computed one rounded (to two places or to a whole percent), and is
  rounding within two units of the last place (`PERCENT_TOLERANCE`).
- `POINTS_TOLERANCE`: scorecard points (总分 = Σ 得分, 总分值 = Σ 分值): a fixed 0.05, as points
  print with at most two decimals and a card sums many of them.
- `rate_status`: a printed rate against the rate computed from printed amounts and rounded to the
  rate's own printed places: one unit of that place.
- `within_half_steps`: the OCR plausibility test (normalizers.arithmetic), where a rule is learnt
  from the table: each of the n parts and the total rounds by half a step, so (n + 1) half steps.
- `at_most_status`: an inequality (a part printed in one table never exceeds its whole printed in
  another), one step of slack.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import lru_cache

from disclosure.normalizers import fact_vocabulary as fv

ZERO = Decimal("0")
# Two-decimal percentages: one unit of the last printed digit.
PERCENT_STEP = Decimal("0.01")
# A stated percentage may be two units of its last place off the computed one.
PERCENT_TOLERANCE = 2 * PERCENT_STEP
# Scorecard points: a printed sum may differ from the printed total by this much.
POINTS_TOLERANCE = Decimal("0.05")


class Status(StrEnum):
    """The outcome of a check (the `status` of `checks`, the `check_*` fields of `scorecards`)."""

    PASS = "pass"
    ROUNDING = "rounding"
    FAIL = "fail"
    SKIPPED = "skipped"


Box = tuple[float, float, float, float]


@dataclass
class Figure:
    """One side of a check: an amount (in yuan, or % for shares) and where it is printed."""

    amount: Decimal
    step: Decimal  # one unit of the last printed digit, in the same unit as amount
    page: int | None = None
    box: Box | None = None
    table_id: str | None = None
    label: str = ""


def rounding_status(difference: Decimal, tolerance: Decimal) -> Status:
    """The one rule: equal is pass, within the tolerance is rounding, beyond it fail."""
    if difference == 0:
        return Status.PASS
    return within(difference, tolerance)


def within(difference: Decimal, tolerance: Decimal) -> Status:
    """A difference that is not a pass: rounding within the tolerance, else fail."""
    return Status.ROUNDING if abs(difference) <= tolerance else Status.FAIL


def decimal_step(value: Decimal) -> Decimal:
    """One unit of the last digit a Decimal keeps: 0.01 for Decimal("90.99"), 1 for Decimal("98")."""
    exponent = value.as_tuple().exponent
    return Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)


def finest_step(values: Iterable[Decimal]) -> Decimal:
    """The finest step among the values: 0.01 for "2,940.05" beside "367"."""
    exponents = [v.as_tuple().exponent for v in values]
    return Decimal(1).scaleb(min((e for e in exponents if isinstance(e, int)), default=0))


def printed_step(raw: str, unit: str | None) -> Decimal:
    """One unit of the last printed digit of a number, in yuan ("2,940.05" in 万元 -> 100)."""
    digits = raw.split(".")[1] if "." in raw else ""
    decimals = sum(1 for c in digits if c.isdigit())
    return unit_step(decimals, unit)


@lru_cache(maxsize=256)
def unit_step(decimals: int, unit: str | None) -> Decimal:
    """One unit of the `decimals`-th decimal place of an amount in `unit`, in yuan (a few values,
    asked for every figure a check compares)."""
    scale = Decimal(fv.UNIT_YUAN.get(unit or "元", 1))
    return scale / (Decimal(10) ** decimals)


def total(figures: Sequence[Figure], table_id: str | None = None) -> Figure:
    """The sum of figures, as a figure without a single location."""
    step = max((f.step for f in figures), default=Decimal("0.01"))
    return Figure(
        sum((f.amount for f in figures), ZERO),
        step,
        table_id=table_id,
        label=" + ".join(f.label for f in figures),
    )


def per_term_tolerance(expected: Figure, actual: Figure, terms: int) -> Decimal:
    """A sum of `terms` printed figures: one step of the coarser side per term."""
    return max(expected.step, actual.step) * max(terms, 1)


def figure_status(expected: Figure, actual: Figure, terms: int = 1) -> Status:
    """Printed figure against the sum of `terms` printed figures."""
    return rounding_status(actual.amount - expected.amount, per_term_tolerance(expected, actual, terms))


def percent_status(stated: Decimal, computed: Decimal) -> Status:
    """Pass when the stated % is the computed one rounded (to 0.01, to a whole number, or to the
    places it is printed with: "增长3.9%" for 3.94 %); rounding within two units; else fail."""
    if computed.quantize(PERCENT_STEP) == stated or computed.quantize(Decimal("1")) == stated:
        return Status.PASS
    if computed.quantize(decimal_step(stated), rounding=ROUND_HALF_UP) == stated:
        return Status.PASS
    return within(computed - stated, PERCENT_TOLERANCE)


def rate_within_figures(
    stated: Decimal, change: Decimal, before: Decimal, change_slack: Decimal, base_slack: Decimal
) -> bool:
    """Is a stated % a change can be on its base when both come from figures printed rounded: the
    change within `change_slack`, the base within `base_slack` of what they are? (0.12万元 on 0.50万元
    is 24 %, but 0.615 on 0.505 is 21.8 %: "增加22.22%" is the unrounded figures' rate.)"""
    if before - base_slack <= 0:
        return False
    rates = [
        (change + dc) / (before + db) * 100
        for dc in (-change_slack, change_slack)
        for db in (-base_slack, base_slack)
    ]
    return min(rates) <= stated <= max(rates)


def points_status(printed: Decimal | None, addends: list[Decimal | None]) -> tuple[Status, Decimal | None]:
    """Printed points against the sum of printed points (skipped when any is missing)."""
    if printed is None or not addends or any(a is None for a in addends):
        return Status.SKIPPED, None
    difference = printed - sum((a for a in addends if a is not None), Decimal(0))
    return rounding_status(difference, POINTS_TOLERANCE), difference


def rate_status(printed: Decimal, computed: Decimal) -> tuple[Status, Decimal]:
    """A printed rate against the computed one rounded to the printed places (one place of slack)."""
    places = decimal_step(printed)
    difference = printed - computed.quantize(places, rounding=ROUND_HALF_UP)
    return rounding_status(difference, places), difference


def within_half_steps(printed: Decimal, parts: list[Decimal]) -> bool:
    """Is `printed` the sum of `parts`, each of the n + 1 figures rounded by half its finest step?"""
    step = finest_step([printed, *parts])
    return abs(printed - sum(parts, Decimal(0))) <= step / 2 * (len(parts) + 1)


def at_most_status(part: Figure, whole: Figure) -> Status:
    """A part never exceeds its whole, up to one step of the coarser figure."""
    return Status.PASS if part.amount <= whole.amount + max(part.step, whole.step) else Status.FAIL
