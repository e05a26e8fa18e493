"""The narrative's own arithmetic (scope document): changes, variance rates, shares, comparison
words and the parts of a whole agree with the figures the narrative states."""

from __future__ import annotations

from decimal import Decimal

from disclosure.normalizers import check_vocabulary as cv
from disclosure.normalizers import fact_vocabulary as fv
from disclosure.normalizers.checks.context import CheckContext, Scope
from disclosure.normalizers.checks.tolerance import (
    PERCENT_STEP,
    Figure,
    Status,
    decimal_step,
    percent_status,
    rate_within_figures,
)
from disclosure.normalizers.records import FactRecord

# "基本持平" (about equal) tolerates this share of the budget (at least 0.01).
ABOUT_EQUAL_SHARE = Decimal("0.01")
MONEY_STEP = Decimal("0.01")


def text_figure(fact: FactRecord, amount: Decimal, step: Decimal = PERCENT_STEP) -> Figure:
    amount = amount.quantize(Decimal("0.0001"))
    return Figure(amount, step, fact.page, (fact.x0, fact.top, fact.x1, fact.bottom), None, fact.fact)


def subject_suffix(fact: FactRecord) -> str:
    return f".{fact.subject}" if fact.subject else ""


def where(fact: FactRecord) -> str:
    return f"{fact.fact}{(' ' + fact.subject) if fact.subject else ''} (page {fact.page})"


def check_change(ctx: CheckContext, fact: FactRecord, previous: FactRecord | None = None) -> None:
    """A current figure's stated change in % = its change / (figure − change); where the text states
    no change amount, (figure − the year before's figure it states) / that figure ("2025年当年预算执行数为
    2149.45万元，2026年预算安排2170.39万元，比2025年预算执行数增加0.97%")."""
    if fact.period != "current" or fact.value is None or fact.change_pct is None:
        return
    # each printed figure is within half its last digit of what it rounds: a change stated with its
    # figure is off by its own half step, its base (figure − change) by both; a base stated as the
    # year before's figure by its own, the change (figure − base) by both
    value_slack = decimal_step(fact.value) / 2
    if fact.change_value:
        change, before = fact.change_value, fact.value - fact.change_value
        change_slack = decimal_step(fact.change_value) / 2
        base_slack = value_slack + change_slack
    elif fact.change_value is None and previous is not None and previous.value is not None:
        change, before = fact.value - previous.value, previous.value
        base_slack = decimal_step(previous.value) / 2
        change_slack = value_slack + base_slack
    else:
        return
    if not before:
        return
    computed = change / before * 100
    status = percent_status(fact.change_pct, computed)
    if status == Status.FAIL and rate_within_figures(
        fact.change_pct, change, before, change_slack, base_slack
    ):
        status = Status.ROUNDING
    ctx.add(
        f"narrative.change_pct.{fact.fact}{subject_suffix(fact)}",
        Scope.DOCUMENT,
        text_figure(fact, computed),
        text_figure(fact, fact.change_pct),
        f"{where(fact)}: change {change} on {fact.value} is {computed:.2f}%, text says {fact.change_pct}%",
        status=status,
    )


def check_previous(ctx: CheckContext, fact: FactRecord, previous: FactRecord) -> None:
    """A current figure's change = the figure − the year before's figure the text states ("收入预算
    9626.78万元，比2025年年初预算数9819.98万元减少193.20万元"), each to the places printed."""
    if fact.value is None or fact.change_value is None or previous.value is None:
        return
    computed = fact.value - fact.change_value
    step = max(decimal_step(v) for v in (fact.value, fact.change_value, previous.value))
    ctx.add(
        f"narrative.previous.{fact.fact}{subject_suffix(fact)}",
        Scope.DOCUMENT,
        text_figure(previous, previous.value, step),
        text_figure(fact, computed, step),
        f"{where(fact)}: {fact.value} less its change {fact.change_value} is {computed}, the text states "
        f"{previous.value} for the year before (page {previous.page})",
        terms=2,  # the figure and its change, each rounded
    )


def relation_holds(relation: str, budget: Decimal, final: Decimal) -> bool:
    """Does the comparison word (above, below, equal, about equal) describe 决算 against 预算?"""
    difference = final - budget
    return {
        "above": difference > 0,
        "below": difference < 0,
        "equal": difference == 0,
        "about_equal": abs(difference) <= max(abs(budget) * ABOUT_EQUAL_SHARE, MONEY_STEP),
    }[relation]


def check_against_budget(ctx: CheckContext, fact: FactRecord, final: FactRecord) -> None:
    """A budget figure against the final one: the stated variance rate and comparison word."""
    assert fact.value is not None and final.value is not None
    if fact.change_pct is not None and fact.value:
        computed = (final.value - fact.value) / fact.value * 100
        ctx.add(
            f"narrative.variance_rate.{fact.fact}",
            Scope.DOCUMENT,
            text_figure(fact, computed),
            text_figure(fact, fact.change_pct),
            f"{where(fact)}: (决算 {final.value} − 预算 {fact.value}) / 预算 = {computed:.2f}%, "
            f"text says {fact.change_pct}%",
            status=percent_status(fact.change_pct, computed),
        )
    if fact.relation:
        holds = relation_holds(fact.relation, fact.value, final.value)
        ctx.add(
            f"narrative.relation.{fact.fact}{subject_suffix(fact)}",
            Scope.DOCUMENT,
            text_figure(fact, fact.value, MONEY_STEP),
            text_figure(final, final.value, MONEY_STEP),
            f"{where(fact)}: the text says 决算 is {fact.relation} 预算, but 预算 {fact.value} vs 决算 {final.value}",
            status=Status.PASS if holds else Status.FAIL,
        )


def check_share(ctx: CheckContext, fact: FactRecord) -> None:
    """A stated share in % = the figure / its base figure (same unit)."""
    if fact.share_pct is None or fact.value is None:
        return
    base_name = fact.share_of or cv.DEFAULT_SHARE_BASE.get(fact.fact)
    base = next((f for f in ctx.facts if f.fact == base_name and f.period == "current" and f.value), None)
    # `not base.value` never holds (the search above wants a non-zero value); it narrows out None.
    if base is None or not base.value or base.unit != fact.unit:
        return
    computed = fact.value / base.value * 100
    ctx.add(
        f"narrative.share.{fact.fact}{subject_suffix(fact)}",
        Scope.DOCUMENT,
        text_figure(fact, computed),
        text_figure(fact, fact.share_pct),
        f"{where(fact)}: {fact.value} of {base_name} {base.value} is {computed:.2f}%, text says {fact.share_pct}%",
        status=percent_status(fact.share_pct, computed),
    )


def check_parts(ctx: CheckContext, whole: FactRecord, part_names: tuple[str, ...]) -> None:
    """A whole the narrative splits into parts it names in full = the sum of the parts it states
    ("政府采购安排349.59万元，其中：货物类采购预算115.69万元，工程类…7万元，服务类…226.9万元"): the
    first statement of each part after the whole, on its page or the next, in the whole's unit;
    skipped unless every part is stated."""
    if whole.value is None:
        return
    parts = []
    for name in part_names:
        part = next(
            (
                f
                for f in ctx.facts
                if f.fact == name
                and f.period == whole.period
                and f.value is not None
                and f.unit == whole.unit
                and whole.page <= f.page <= whole.page + 1
            ),
            None,
        )
        if part is None or part.value is None:
            return
        parts.append(part.value)
    step = max(decimal_step(v) for v in (whole.value, *parts))
    computed = sum(parts, Decimal(0))
    ctx.add(
        f"narrative.parts.{whole.fact}{subject_suffix(whole)}",
        Scope.DOCUMENT,
        text_figure(whole, whole.value, step),
        text_figure(whole, computed, step),
        f"{where(whole)}: {whole.value} = {' + '.join(part_names)} ({' + '.join(str(v) for v in parts)})",
        terms=len(parts),
    )


def check_narrative_arithmetic(ctx: CheckContext) -> None:
    """Changes, variance rates, shares and comparison words agree with the narrative's own figures."""
    current = {(f.fact, f.subject): f for f in ctx.facts if f.period == "current" and f.value is not None}
    previous = {(f.fact, f.subject): f for f in ctx.facts if f.period == fv.PREVIOUS and f.value is not None}
    for fact in ctx.facts:
        before = previous.get((fact.fact, fact.subject)) if fact.period == fv.CURRENT else None
        check_change(ctx, fact, before)
        if before is not None:
            check_previous(ctx, fact, before)
        if fact.period not in fv.BUDGET_PERIODS or fact.value is None:
            continue
        final = current.get((fact.fact, fact.subject))
        if final is not None and final.value is not None:
            check_against_budget(ctx, fact, final)
    for fact in ctx.facts:
        check_share(ctx, fact)
    for fact in ctx.facts:
        if fact.fact in cv.NARRATIVE_PARTS and fact.period == fv.CURRENT:
            check_parts(ctx, fact, cv.NARRATIVE_PARTS[fact.fact])
