"""All checks of one document, in scope order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import partial

from disclosure.extractors.records import PageContent
from disclosure.normalizers import check_vocabulary as cv
from disclosure.normalizers import fact_vocabulary as fv
from disclosure.normalizers.checks.context import CheckContext, Scope
from disclosure.normalizers.checks.cross_table_rules import check_cross_tables
from disclosure.normalizers.checks.document_rules import check_agency_and_year, check_completeness
from disclosure.normalizers.checks.narrative_arithmetic import check_narrative_arithmetic
from disclosure.normalizers.checks.narrative_rules import check_text_vs_tables
from disclosure.normalizers.checks.scorecard_rules import check_scorecards
from disclosure.normalizers.checks.table_rules import (
    BUDGET_ROW_PART_KINDS,
    check_basic_split,
    check_hierarchy,
    check_row_parts,
    check_two_sided,
    check_year_change,
)
from disclosure.normalizers.checks.three_public import check_three_public
from disclosure.normalizers.checks.tolerance import Status
from disclosure.normalizers.kinds import DocKind
from disclosure.normalizers.records import (
    CellRecord,
    CheckRecord,
    DocumentRecord,
    FactRecord,
    LineItem,
    LinkedCheckRecord,
    TableRecord,
)
from disclosure.normalizers.vocabulary import TABLE_KINDS, YEAR_COMPARISON

Rule = Callable[[CheckContext], None]
CHECKED_KINDS = frozenset({*TABLE_KINDS, cv.ECONOMIC_FACT_TABLE, YEAR_COMPARISON})

FINAL_RULES: tuple[Rule, ...] = (
    check_hierarchy,
    check_row_parts,
    check_two_sided,
    check_basic_split,
    check_three_public,
    check_year_change,
    check_cross_tables,
    check_text_vs_tables,
    check_narrative_arithmetic,
    check_completeness,
    check_agency_and_year,
)
# Budgets get the rules that hold in every budget layout seen (合计 = Σ 类 = Σ 款 = Σ 项, row totals
# of the expenditure tables, 基本支出 split, 三公 parts, cross-table totals, the narrative against its
# cells by the budget cell map, the narrative's own arithmetic); the two-sided and
# completeness rules know final-accounts layouts only.
BUDGET_RULES: tuple[Rule, ...] = (
    check_hierarchy,
    partial(check_row_parts, kinds=BUDGET_ROW_PART_KINDS),
    check_basic_split,
    check_three_public,
    check_year_change,
    check_cross_tables,
    check_text_vs_tables,
    check_narrative_arithmetic,
)


def note_budget_rules(ctx: CheckContext) -> None:
    ctx.add(
        "document.budget_rules",
        Scope.DOCUMENT,
        None,
        None,
        "budget documents: the two-sided summary and completeness checks are not applied (budget "
        "summaries list sub-rows that these rules would count twice)",
        status=Status.SKIPPED,
    )


def rules_of(doc_kind: str | None) -> tuple[Rule, ...]:
    """The rules a document of this kind gets, scorecard rules last (every kind has scorecards)."""
    if doc_kind == DocKind.FINAL:
        return (*FINAL_RULES, check_scorecards)
    if doc_kind == DocKind.BUDGET:
        return (*BUDGET_RULES, note_budget_rules, check_scorecards)
    return (check_scorecards,)


def run_checks(
    document: DocumentRecord,
    tables: list[TableRecord],
    line_items: list[LineItem],
    cells: list[CellRecord],
    facts: list[FactRecord],
    pages: list[PageContent],
    scorecard_checks: list[CheckRecord] | None = None,
) -> list[CheckRecord]:
    """All checks of one document, in scope order (`scorecard_checks`: the rows the scorecards
    were built with, normalizers.scorecards.ScorecardSet.checks)."""
    ctx = CheckContext(
        document=document,
        tables=tables,
        # An amount whose table unit is unknown is null: nothing to reconcile it with.
        # Other tables (project lists, procurement …) follow no reconciliation rule of their own;
        # the general budget by economic class is what the narrative's economic classes restate,
        # and a year comparison's change is its two years' difference.
        items=[item for item in line_items if item.amount is not None and item.table_kind in CHECKED_KINDS],
        cells={(c.table_id, c.row, c.col): c for c in cells},
        facts=facts,
        pages=pages,
        scorecard_checks=scorecard_checks or [],
    )
    for rule in rules_of(document.doc_kind):
        rule(ctx)
    return with_unique_ids(ctx.results)


def run_linked_checks(
    narrative: DocumentRecord,
    facts: list[FactRecord],
    linked: DocumentRecord,
    tables: list[TableRecord],
    line_items: list[LineItem],
    cells: list[CellRecord],
) -> list[LinkedCheckRecord]:
    """The text-vs-table checks of a narrative file against the tables file of its disclosure
    (`linked`): each of the narrative's facts against the other file's cells, by the rules a
    document holding both parts gets (its own are skipped: "no expenditure table")."""
    ctx = CheckContext(
        document=narrative,
        tables=tables,
        items=[item for item in line_items if item.amount is not None and item.table_kind in CHECKED_KINDS],
        cells={(c.table_id, c.row, c.col): c for c in cells},
        facts=[with_printed_value(fact) for fact in facts],
        pages=[],
    )
    check_text_vs_tables(ctx)
    return [
        LinkedCheckRecord(**vars(check), linked_doc_id=linked.doc_id)
        for check in with_unique_ids(ctx.results)
    ]


def with_printed_value(fact: FactRecord) -> FactRecord:
    """A fact read back from a dataset, its value to the places its sentence prints it with: the
    dataset keeps four (facts.value is decimal(20,4), "1048475.7300"), and a check allows the
    rounding of the places printed ("1048475.73万元": 100 yuan)."""
    if fact.value is None:
        return fact
    for match in fv.FIGURE.finditer(fact.sentence):
        printed = Decimal((match.group(1) + (match.group(2) or "")).replace(",", ""))
        if printed == fact.value:  # equal whatever the places: 1048475.73 == 1048475.7300
            return replace(fact, value=printed)
    return fact


def with_unique_ids(checks: list[CheckRecord]) -> list[CheckRecord]:
    """The checks, each id once in the document: an id a rule gives more than one check (a table
    printed twice for two units, one code on several rows that print no second code, a fact
    stated twice) is numbered #1, #2 … in the order the rules ran, which follows the pages."""
    repeated = {check_id for check_id, n in Counter(c.check_id for c in checks).items() if n > 1}
    seen: Counter[str] = Counter()
    unique = []
    for check in checks:
        if check.check_id in repeated:
            seen[check.check_id] += 1
            check = replace(check, check_id=f"{check.check_id}#{seen[check.check_id]}")
        unique.append(check)
    return unique
