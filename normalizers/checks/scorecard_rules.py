"""Scorecard rules (scope scorecard): do a scorecard's printed points and execution rate add up?

Computed once, while the scorecard is built (normalizers.scorecards.build): `card_checks` gives a
card's three checks; the card's record keeps their status and difference (the `check_*` and
`*_difference` fields of `scorecards`) and `check_rows` turns the same checks into `checks` rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from disclosure.normalizers.check_vocabulary import (
    FUNDS_CHECKED_COLUMNS,
    FUNDS_LINES_WHAT,
    FUNDS_PART_LINES,
    FUNDS_TOTAL_LINE,
    SCORECARD_TITLE_WORD,
)
from disclosure.normalizers.checks.context import CheckContext, Scope
from disclosure.normalizers.checks.tolerance import (
    Figure,
    Status,
    figure_status,
    points_status,
    printed_step,
    rate_status,
    total,
)
from disclosure.normalizers.records import CheckRecord, ScorecardFunds, ScorecardIndicator, ScorecardRecord

# Which of two checks of one card is reported: the worse status, then the larger difference.
STATUS_ORDER = {Status.SKIPPED: 0, Status.PASS: 1, Status.ROUNDING: 2, Status.FAIL: 3}


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


def funds_lines_check(funds: Sequence[ScorecardFunds]) -> ScorecardCheck:
    """年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, in each amount column where the total and at
    least two of its lines print a figure (one line alone may be a 其中 part of it, and a line left
    blank or "—" is not printed). The column whose figures differ most gives the check; skipped when
    no column has such figures, or a card prints one line twice."""
    skipped = ScorecardCheck("funds_lines", Status.SKIPPED, None, None, None, FUNDS_LINES_WHAT)
    lines = [f.line for f in funds if f.line is not None]
    by_line = {f.line: f for f in funds if f.line is not None}
    total_line = by_line.get(FUNDS_TOTAL_LINE)
    if total_line is None or len(lines) != len(by_line):
        return skipped
    worst: ScorecardCheck | None = None
    for column, header in FUNDS_CHECKED_COLUMNS:
        printed = funds_figure(total_line, column)
        parts = [
            figure
            for line in FUNDS_PART_LINES
            if line in by_line and (figure := funds_figure(by_line[line], column)) is not None
        ]
        if printed is None or len(parts) < 2:
            continue
        computed = total(parts)
        status = figure_status(computed, printed, terms=len(parts))
        check = ScorecardCheck(
            "funds_lines",
            status,
            printed.amount - computed.amount,
            computed.amount,
            printed.amount,
            f"{FUNDS_LINES_WHAT} ({header})",
        )
        if worst is None or (STATUS_ORDER[status], abs(check.difference or 0)) > (
            STATUS_ORDER[worst.status],
            abs(worst.difference or 0),
        ):
            worst = check
    return worst or skipped


def funds_figure(funds: ScorecardFunds, column: str) -> Figure | None:
    """A funds line's amount in one column as a check figure (its step: the printed last digit)."""
    amount, raw = getattr(funds, column), getattr(funds, f"{column}_raw")
    if amount is None or raw is None:
        return None
    return Figure(amount, printed_step(raw, funds.unit_raw), page=funds.page, label=funds.line_raw)


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
    funds: Sequence[ScorecardFunds],
    indicators: Sequence[ScorecardIndicator],
) -> list[ScorecardCheck]:
    """总分 = 资金得分 + Σ 指标得分; 总分值 = 资金分值 + Σ 指标分值; 执行率 = 全年执行数 / 全年预算数;
    年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金."""
    total_funds = next((f for f in funds if f.line == FUNDS_TOTAL_LINE), None)
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
        funds_lines_check(funds),
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
