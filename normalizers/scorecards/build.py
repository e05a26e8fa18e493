"""A document's scorecard records: every card found, read in its form (grid, list or block), checked."""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure.extractors.records import PageContent
from disclosure.normalizers.checks.scorecard_rules import ScorecardCheck, card_checks, check_rows
from disclosure.normalizers.records import CheckRecord, ScorecardFunds, ScorecardIndicator, ScorecardRecord
from disclosure.normalizers.scorecard_vocabulary import (
    DEPARTMENT_SELF_EVALUATION,
    DEPARTMENT_TITLE_WORDS,
    TITLE_PROJECT_SUFFIX,
)
from disclosure.normalizers.scorecards.block_form import read_block_form
from disclosure.normalizers.scorecards.cells import CardContent
from disclosure.normalizers.scorecards.find import ScorecardGrid, find_scorecards
from disclosure.normalizers.scorecards.grid_form import read_card
from disclosure.normalizers.scorecards.list_form import read_list_form
from disclosure.normalizers.scorecards.values import parse_points
from disclosure.normalizers.whitespace import squash


@dataclass
class ScorecardSet:
    """The scorecard rows of one document."""

    scorecards: list[ScorecardRecord] = field(default_factory=list)
    funds: list[ScorecardFunds] = field(default_factory=list)
    indicators: list[ScorecardIndicator] = field(default_factory=list)
    checks: list[CheckRecord] = field(default_factory=list)  # the scorecards' checks, as `checks` rows


def card_record(
    card: ScorecardGrid,
    content: CardContent,
    doc_id: str,
    scorecard_id: str,
    fiscal_year: int | None,
    pages: list[int],
) -> tuple[ScorecardRecord, list[ScorecardCheck]]:
    """The scorecards row, with the checks (their status and difference)."""
    total_weight = parse_points(content.total_weight_raw)
    total_score = parse_points(content.total_score_raw)
    scores, weights, rate, funds_lines = card_checks(
        total_score, total_weight, content.funds, content.indicators
    )
    project = content.project_name
    department = content.department_name or card.department
    if department and not project and is_department_card(card):  # 部门（单位）名称
        project = department
    if not project and card.title and not card.list_form and not card.block_form:
        project = TITLE_PROJECT_SUFFIX.sub("", card.title) or None
    record = ScorecardRecord(
        doc_id=doc_id,
        scorecard_id=scorecard_id,
        kind=card.kind,
        title=card.title,
        project_name=squash(project) if project else None,
        competent_department=content.competent_department or content.department_name,
        implementing_unit=content.implementing_unit,
        fiscal_year=card.fiscal_year or fiscal_year,
        goal_planned=content.goal_planned,
        goal_actual=content.goal_actual,
        total_weight=total_weight,
        total_score=total_score,
        total_weight_raw=content.total_weight_raw,
        total_score_raw=content.total_score_raw,
        unit_raw=card.unit,
        pages=pages,
        n_indicators=len(content.indicators),
        check_scores=scores.status,
        scores_difference=scores.difference,
        check_weights=weights.status,
        weights_difference=weights.difference,
        check_execution_rate=rate.status,
        execution_rate_difference=rate.difference,
        check_funds_lines=funds_lines.status,
        funds_lines_difference=funds_lines.difference,
    )
    return record, [scores, weights, rate, funds_lines]


def is_department_card(card: ScorecardGrid) -> bool:
    """A department's own scorecard (部门整体支出绩效自评表 / 绩效目标表), not one project's."""
    return card.kind == DEPARTMENT_SELF_EVALUATION or any(
        word in (card.title or "") for word in DEPARTMENT_TITLE_WORDS
    )


def build_scorecards(pages: list[PageContent], doc_id: str, fiscal_year: int | None) -> ScorecardSet:
    """All scorecard rows of a document, numbered `<doc_id[:12]>-sNNN` in page order."""
    result = ScorecardSet()
    list_unit: str | None = None  # the unit a list-form 绩效目标表 named last, on the page before
    previous_page = 0
    for card in find_scorecards(pages):
        if not (card.list_form and card.pages[0] == previous_page + 1):
            list_unit = None
        previous_page = card.pages[-1]
        if card.list_form:
            rows, list_unit = read_list_form(card, list_unit)
            contents = [(content, [page]) for content, page in rows]
        elif card.block_form:
            contents = read_block_form(card)
        else:
            contents = [(read_card(card), card.pages)]
        for content, card_pages in contents:
            scorecard_id = f"{doc_id[:12]}-s{len(result.scorecards) + 1:03d}"
            for record in content.funds + content.indicators:
                record.doc_id, record.scorecard_id = doc_id, scorecard_id
            row, checks = card_record(card, content, doc_id, scorecard_id, fiscal_year, card_pages)
            result.scorecards.append(row)
            result.checks += check_rows(row, checks)
            result.funds += content.funds
            result.indicators += content.indicators
    return result
