"""Scoring scorecards against scorecards.csv truth rows.

A truth row is found when the dataset holds a scorecard of the same document with the same project
name whose pages include the truth row's page, and within it the same funds line (header, funds),
indicator (level1, level2, level3, on that page) or total, carrying the same value: numbers are
compared as numbers ("9.10分" = "9.10 分" = 9.1), texts with whitespace removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from disclosure.normalizers.records import ScorecardFunds, ScorecardIndicator, ScorecardRecord
from disclosure.pipeline.evaluate_scoring import match_each_once
from disclosure.pipeline.evaluate_truth import (
    ScorecardTruthRow,
    funds_line_of_label,
    value_figure,
    without_whitespace,
)

FUND_FIELDS = (
    "budget_initial",
    "budget_adjustment",
    "budget_full_year",
    "executed",
    "weight",
    "execution_rate",
    "balance",
    "balance_rate",
    "score",
)
INDICATOR_FIELDS = ("target", "actual", "weight", "score")
HEADER_FIELDS = ("project_name", "competent_department", "implementing_unit")


@dataclass(frozen=True)
class ScorecardFact:
    """One printed value of a scorecard in the dataset, keyed like a truth row."""

    project_name: str
    pages: tuple[int, ...]
    row_kind: str
    level1: str
    level2: str
    level3: str
    field: str
    value: str
    page: int | None  # None: any page of the scorecard


@dataclass(frozen=True)
class CardRow:
    """A scorecard's header and total, as the dataset's `scorecards` table holds them."""

    scorecard_id: str
    project_name: str | None
    pages: list[int]
    competent_department: str | None
    implementing_unit: str | None
    total_weight_raw: str | None
    total_score_raw: str | None


@dataclass(frozen=True)
class FundsRow:
    """A scorecard's funds line: {field: printed value} (FUND_FIELDS) and its page."""

    scorecard_id: str
    line: str  # the canonical line; for a line without one, its label as printed (fact_line)
    values: dict[str, str | None]
    page: int


def fact_line(line: str | None, line_raw: str) -> str:
    """How a funds record's line is compared: its canonical line, else its label without whitespace."""
    return line or without_whitespace(line_raw)


@dataclass(frozen=True)
class IndicatorRow:
    """A scorecard's indicator: its levels, {field: printed value} (INDICATOR_FIELDS) and its page."""

    scorecard_id: str
    level1: str | None
    level2: str | None
    level3: str | None
    values: dict[str, str | None]
    page: int


@dataclass
class ScorecardScore:
    """Recall on one scorecards.csv truth file."""

    total: int
    found: int
    missing: list[ScorecardTruthRow] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0


Card = tuple[str, tuple[int, ...]]  # (project name, pages): what facts of one scorecard share


def card_facts(card: CardRow, key: Card) -> list[ScorecardFact]:
    """A scorecard's header and total facts (on any of its pages)."""
    values = {("header", name): getattr(card, name) for name in HEADER_FIELDS} | {
        ("total", "weight"): card.total_weight_raw,
        ("total", "score"): card.total_score_raw,
    }
    return [
        ScorecardFact(*key, kind, "", "", "", name, value or "", None)
        for (kind, name), value in values.items()
    ]


def scorecard_facts(
    scorecards: Iterable[CardRow], funds: Iterable[FundsRow], indicators: Iterable[IndicatorRow]
) -> list[ScorecardFact]:
    """Facts from scorecard rows (of the dataset, or of a processed document's records)."""
    cards: dict[str, Card] = {}
    facts: list[ScorecardFact] = []
    for card in scorecards:
        cards[card.scorecard_id] = (without_whitespace(card.project_name or ""), tuple(card.pages))
        facts.extend(card_facts(card, cards[card.scorecard_id]))
    for row in funds:
        levels = ("", "", row.line)
        facts.extend(
            ScorecardFact(*cards[row.scorecard_id], "funds", *levels, name, value, row.page)
            for name, value in row.values.items()
            if value is not None
        )
    for indicator in indicators:
        levels = tuple(
            without_whitespace(level or "")
            for level in (indicator.level1, indicator.level2, indicator.level3)
        )
        facts.extend(
            ScorecardFact(*cards[indicator.scorecard_id], "indicator", *levels, name, value, indicator.page)
            for name, value in indicator.values.items()
            if value is not None
        )
    return facts


def facts_of_records(
    scorecards: list[ScorecardRecord], funds: list[ScorecardFunds], indicators: list[ScorecardIndicator]
) -> list[ScorecardFact]:
    """Facts from a processed document's scorecard records (what the dataset would hold)."""
    return scorecard_facts(
        [
            CardRow(
                c.scorecard_id,
                c.project_name,
                list(c.pages),
                c.competent_department,
                c.implementing_unit,
                c.total_weight_raw,
                c.total_score_raw,
            )
            for c in scorecards
        ],
        [
            FundsRow(
                f.scorecard_id,
                fact_line(f.line, f.line_raw),
                {k: getattr(f, f"{k}_raw") for k in FUND_FIELDS},
                f.page,
            )
            for f in funds
        ],
        [
            IndicatorRow(
                i.scorecard_id,
                i.level1,
                i.level2,
                i.level3,
                {k: getattr(i, f"{k}_raw") for k in INDICATOR_FIELDS},
                i.page,
            )
            for i in indicators
        ],
    )


def same_value(truth: str, printed: str | None) -> bool:
    """Equal as numbers when both read as one ("9.10分", "90.99%", "2,352.00"), else as text without whitespace."""
    if printed is None:
        return False
    a, b = value_figure(truth), value_figure(printed)
    if a is not None and b is not None:
        return a == b
    return without_whitespace(truth) == without_whitespace(printed)


def truth_funds_line(label: str) -> str:
    """A truth row's funds line as the dataset's facts name it: the canonical line of a label that
    names one ("年度资金总额" -> total), else the label as printed ("①中央财政资金")."""
    return funds_line_of_label(label) or without_whitespace(label)


def scorecard_matches(truth: ScorecardTruthRow, fact: ScorecardFact) -> bool:
    """Does this dataset fact carry the truth row's value?"""
    if (truth.row_kind, truth.field, truth.project_name) != (fact.row_kind, fact.field, fact.project_name):
        return False
    if truth.page not in fact.pages or (fact.page is not None and fact.page != truth.page):
        return False
    if truth.row_kind == "funds" and truth_funds_line(truth.level3) != fact.level3:
        return False
    truth_levels, fact_levels = (
        (truth.level1, truth.level2, truth.level3),
        (fact.level1, fact.level2, fact.level3),
    )
    if truth.row_kind == "indicator" and truth_levels != fact_levels:
        return False
    return same_value(truth.value, fact.value)


def score_scorecards(truth_rows: list[ScorecardTruthRow], facts: list[ScorecardFact]) -> ScorecardScore:
    """Recall of one document's scorecard truth rows among its facts (each fact used once)."""
    found, missing = match_each_once(truth_rows, facts, scorecard_matches)
    return ScorecardScore(total=len(truth_rows), found=found, missing=missing)
