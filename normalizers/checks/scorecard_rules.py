"""Scorecard rules (scope scorecard): do a scorecard's printed points and execution rate add up?

Computed once, while the scorecard is built (normalizers.scorecards.build): `card_checks` gives a
card's three checks; the card's record keeps their status and difference (the `check_*` and
`*_difference` fields of `scorecards`) and `check_rows` turns the same checks into `checks` rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure.normalizers.check_vocabulary import SCORECARD_TITLE_WORD
from disclosure.normalizers.checks.context import CheckContext, Scope
from disclosure.normalizers.checks.tolerance import Status, points_status, rate_status
from disclosure.normalizers.records import CheckRecord, ScorecardFunds, ScorecardIndicator, ScorecardRecord


@dataclass(frozen=True)
class ScorecardCheck:
    """One check of a scorecard: expected is the figure computed from the card's parts, actual the
    printed one (the execution rate's row names neither: the rates are in `scorecard_funds`)."""

    name: str  # scores | weights | execution_rate
    status: Status
    difference: Decimal | None
    expected: Decimal | None
    actual: Decimal | None
    what: str


def execution_rate_status(funds: ScorecardFunds | None) -> tuple[Status, Decimal | None]:
    """Does the printed rate equal executed / budget_full_year (to the printed decimals)?"""
    if funds is None or funds.execution_rate is None or funds.execution_rate_raw is None:
        return Status.SKIPPED, None
    budget, executed = funds.budget_full_year, funds.executed
    if budget is None or executed is None or budget == 0:
        return Status.SKIPPED, None
    return rate_status(funds.execution_rate, executed / budget * 100)


def points_check(
    name: str, printed: Decimal | None, addends: list[Decimal | None], what: str
) -> ScorecardCheck:
    """A printed total of points against the sum of the printed points (none printed: skipped)."""
    status, difference = points_status(printed, addends)
    expected = printed - difference if printed is not None and difference is not None else None
    return ScorecardCheck(name, status, difference, expected, printed, what)


def card_checks(
    total_score: Decimal | None,
    total_weight: Decimal | None,
    total_funds: ScorecardFunds | None,
    indicators: Sequence[ScorecardIndicator],
) -> list[ScorecardCheck]:
    """总分 = 资金得分 + Σ 指标得分; 总分值 = 资金分值 + Σ 指标分值; 执行率 = 全年执行数 / 全年预算数."""
    funds_score: list[Decimal | None] = (
        [total_funds.score] if total_funds is not None and total_funds.score is not None else []
    )
    funds_weight: list[Decimal | None] = (
        [total_funds.weight] if total_funds is not None and total_funds.weight is not None else []
    )
    scores = [i.score for i in indicators]
    weights = [i.weight for i in indicators]
    rate, rate_difference = execution_rate_status(total_funds)
    return [
        points_check(
            "scores", total_score, funds_score + scores if scores else [], "总分 = 资金得分 + Σ 指标得分"
        ),
        points_check(
            "weights",
            total_weight,
            funds_weight + weights if weights else [],
            "总分值 = 资金分值 + Σ 指标分值",
        ),
        ScorecardCheck(
            "execution_rate", rate, rate_difference, None, None, "执行率 = 全年执行数 / 全年预算数"
        ),
    ]


def check_rows(card: ScorecardRecord, checks: Sequence[ScorecardCheck]) -> list[CheckRecord]:
    """A card's checks as `checks` rows."""
    name = card.project_name or card.title or card.scorecard_id
    return [
        CheckRecord(
            doc_id=card.doc_id,
            check_id=f"scorecard.{check.name}.{card.scorecard_id}",
            scope=Scope.SCORECARD,
            status=check.status,
            expected=check.expected,
            actual=check.actual,
            difference=check.difference,
            tables=[],
            pages=list(card.pages),
            detail=f"{name}: {check.what}",
        )
        for check in checks
    ]


def check_scorecards(ctx: CheckContext) -> None:
    """Score checks of the scorecards found; a note when scorecard pages exist but none was read."""
    if ctx.scorecard_checks:
        ctx.results.extend(ctx.scorecard_checks)
        return
    scorecards = [t for t in ctx.tables if SCORECARD_TITLE_WORD in (t.title or "")]
    if scorecards:
        ctx.add(
            "scorecard.scores",
            Scope.SCORECARD,
            None,
            None,
            f"{len(scorecards)} self-evaluation tables found but no scorecard could be read from them",
            status=Status.SKIPPED,
        )
