"""Rules across tables: the same figure printed in two tables must agree (scope cross_table).

The figures restated from one table in another are a data table (`SAME_TOTALS`, `SAME_CLASSES`):
which summary row (`SummaryRows`) and which 合计 column of which table. Which summary row a table's
合计 restates depends on the document (a budget's tables may count the carry-over), decided by the
functions before the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure.normalizers import check_vocabulary as cv
from disclosure.normalizers.checks.context import CheckContext, Scope, find, side_items
from disclosure.normalizers.checks.three_public import three_public_value
from disclosure.normalizers.checks.tolerance import at_most_status, total
from disclosure.normalizers.kinds import Measure, TableKind, own_measure
from disclosure.normalizers.measures import measure_of
from disclosure.normalizers.records import (
    LineItem,
)


def top_level_by_name(items: list[LineItem], measure: str) -> dict[str, LineItem]:
    return {i.item_name or "": i for i in items if i.code_level == 1 and i.measure == measure}


def general_column_or_general_only(fa_in: list[LineItem], fa_out: list[LineItem]) -> bool:
    """Whether the fiscal summary's expenditure figures are the general budget's alone.

    They are when they come from its 一般公共预算 column, or when it has one column for all funds
    and the income side shows no 政府性基金 / 国有资本经营 appropriation; otherwise its 本年支出合计
    also counts those funds and cannot equal the 一般公共预算支出表's 合计.
    """
    if any(i.measure == Measure.GENERAL_BUDGET or i.fund == "general_budget" for i in fa_out):
        return True
    other_funds = [
        i for i in fa_in if any(word in (i.item_name or "") for word in cv.OTHER_FUND_WORDS) and i.amount
    ]
    return not other_funds


def current_year_appropriation(fa_in: list[LineItem]) -> LineItem | None:
    """The fiscal summary's 一般公共预算 appropriation row of this year (above 本年收入合计)."""
    subtotal = find(fa_in, cv.INCOME_SUBTOTAL)
    rows = [
        i
        for i in fa_in
        if measure_of([i.item_name or ""], None) == Measure.GENERAL_BUDGET
        and (subtotal is None or i.row < subtotal.row)
    ]
    return rows[0] if rows else None


def general_table_scope(
    fa_in: list[LineItem], fa_out: list[LineItem], general_total: LineItem | None
) -> LineItem | None:
    """The fiscal-summary row the 一般公共预算支出表's 合计 restates, where it is not 本年支出合计.

    A budget's fiscal summary may spend the carry-over on its expenditure side (本年支出合计 =
    本年收入合计 + 上年结转, by function class too) while its 一般公共预算支出表 lists this year's
    appropriation only. The table then restates the summary's 一般公共预算 income row, and the
    summary's class rows cannot be compared with it. Returns that income row, or None where the
    summary spends only this year's income or the table restates its 本年支出合计.
    """
    spent = find(fa_out, cv.EXPENDITURE_SUBTOTAL)
    received = find(fa_in, cv.INCOME_SUBTOTAL)
    appropriation = current_year_appropriation(fa_in)
    if spent is None or received is None or appropriation is None or general_total is None:
        return None
    if spent.amount == received.amount or general_total.amount == spent.amount:
        return None
    return appropriation if general_total.amount == appropriation.amount else None


def counts_what_follows(
    summary_side: list[LineItem], table: list[LineItem], subtotal: str, grand: tuple[str, ...]
) -> bool:
    """Whether a table's 合计 also counts what the summary lists between `subtotal` and its grand total.

    Usually the income table's 合计 is the summary's 本年收入合计. But a budget's 收入总表 may count
    in its 合计 what the summary lists below 本年收入合计 (上年结转结余, 上级补助收入 in Yantai): when
    the table has a column of the same measure as a non-zero row between the two totals, its 合计 is
    the grand total (收入总计 / 收入合计).
    """
    current = find(summary_side, subtotal)
    overall = next((row for name in grand if (row := find(summary_side, name)) is not None), None)
    if current is None or overall is None:
        return False
    table_measures = {i.measure for i in table if i.measure not in (None, Measure.TOTAL)}
    below = [i for i in summary_side if current.row < i.row < overall.row and i.amount]
    return any(measure_of([i.item_name or ""], None) in table_measures for i in below)


def summary_total(
    summary_side: list[LineItem], subtotal: str, grand: tuple[str, ...], overall: bool
) -> LineItem | None:
    """The summary's current-year total, or its grand total when `overall`."""
    if overall:
        return next((row for name in grand if (row := find(summary_side, name)) is not None), None)
    return find(summary_side, subtotal)


def total_cell(items: list[LineItem], measure: str) -> LineItem | None:
    """The 合计 row's cell of one column (by measure) of a table."""
    return next((i for i in items if not i.code and i.item_name == cv.TOTAL and i.measure == measure), None)


@dataclass
class SummaryRows:
    """The summary tables' sides, and the rows another table's 合计 restates."""

    summary_in: list[LineItem]
    summary_out: list[LineItem]
    fa_in: list[LineItem]
    fa_out: list[LineItem]
    general_only: bool  # the fiscal summary's expenditure is the general budget's alone
    this_year_only: LineItem | None  # see general_table_scope
    rows: dict[str, LineItem | None] = field(default_factory=dict)
    sides: dict[str, list[LineItem]] = field(default_factory=dict)


def summary_rows(ctx: CheckContext) -> SummaryRows:
    """Both summaries' sides and the rows the other tables' totals restate, named for the data tables."""
    summary_in = side_items(ctx, TableKind.INCOME_EXPENDITURE_SUMMARY, "income")
    summary_out = side_items(ctx, TableKind.INCOME_EXPENDITURE_SUMMARY, "expenditure")
    income = ctx.items_of(TableKind.INCOME)
    spending = ctx.items_of(TableKind.EXPENDITURE)
    general = ctx.items_of(TableKind.GENERAL_BUDGET_EXPENDITURE)
    fa_in = side_items(ctx, TableKind.FISCAL_APPROPRIATION_SUMMARY, "income")
    fa_out = side_items(ctx, TableKind.FISCAL_APPROPRIATION_SUMMARY, "expenditure", Measure.GENERAL_BUDGET)
    with_carryover = counts_what_follows(summary_in, income, cv.INCOME_SUBTOTAL, cv.INCOME_GRAND_TOTALS)
    # An expenditure table split by source of funds (… 上年结转) spends the carry-over too, when its
    # 合计 row has a carry-over to spend.
    spent_carryover = total_cell(spending, "carryover_begin")
    spends_carryover = bool(spent_carryover and spent_carryover.amount) or counts_what_follows(
        summary_out, spending, cv.EXPENDITURE_SUBTOTAL, cv.EXPENDITURE_GRAND_TOTALS
    )
    this_year_only = general_table_scope(fa_in, fa_out, total_cell(general, Measure.TOTAL))
    general_only = general_column_or_general_only(fa_in, fa_out)
    found = SummaryRows(summary_in, summary_out, fa_in, fa_out, general_only, this_year_only)
    found.rows = {
        "income_subtotal": summary_total(
            summary_in, cv.INCOME_SUBTOTAL, cv.INCOME_GRAND_TOTALS, with_carryover
        ),
        "other_income": find(summary_in, cv.OTHER_INCOME),
        "expenditure_subtotal": summary_total(
            summary_out, cv.EXPENDITURE_SUBTOTAL, cv.EXPENDITURE_GRAND_TOTALS, spends_carryover
        ),
        "fiscal_expenditure": (this_year_only or find(fa_out, cv.EXPENDITURE_SUBTOTAL))
        if general_only
        else None,
    }
    found.sides = {
        "summary_expenditure": summary_out,
        "fiscal_expenditure": fa_out if general_only and this_year_only is None else [],
    }
    return found


@dataclass(frozen=True)
class SameTotal:
    """A summary row that another table's 合计 restates."""

    check_id: str
    summary_row: str  # a key of SummaryRows.rows
    table: TableKind
    column: str  # the measure of the table's column whose 合计 is compared
    detail: str
    # The detail where the table restates this year's appropriation only (SummaryRows.this_year_only).
    this_year_detail: str | None = None


SAME_TOTALS = (
    SameTotal(
        "summary_vs_income.subtotal",
        "income_subtotal",
        TableKind.INCOME,
        Measure.TOTAL,
        "总表 本年收入合计 (收入总计 when the income table's 合计 also counts what the summary lists "
        "below it) = 收入决算表 合计",
    ),
    SameTotal(
        "summary_vs_income.other_income",
        "other_income",
        TableKind.INCOME,
        Measure.OTHER_INCOME,
        "总表 其他收入 = 收入决算表 其他收入合计",
    ),
    SameTotal(
        "summary_vs_expenditure.subtotal",
        "expenditure_subtotal",
        TableKind.EXPENDITURE,
        Measure.TOTAL,
        "总表 本年支出合计 (支出总计 when the expenditure table's 合计 also counts what the summary "
        "lists below it) = 支出决算表 合计",
    ),
    SameTotal(
        "fiscal_summary_vs_general_budget.subtotal",
        "fiscal_expenditure",
        TableKind.GENERAL_BUDGET_EXPENDITURE,
        Measure.TOTAL,
        "财政拨款总表 本年支出合计 = 一般公共预算支出表 合计",
        this_year_detail="财政拨款总表 一般公共预算拨款 (this year's; its 本年支出合计 also spends 上年结转) "
        "= 一般公共预算支出表 合计",
    ),
)


@dataclass(frozen=True)
class SameClasses:
    """A summary side whose function-class rows restate a table's 类 rows (matched by name)."""

    check_id: str
    summary_side: str  # a key of SummaryRows.sides
    table: TableKind
    detail: str


SAME_CLASSES = (
    SameClasses(
        "summary_vs_expenditure.class", "summary_expenditure", TableKind.EXPENDITURE, "总表 vs 支出决算表"
    ),
    SameClasses(
        "fiscal_summary_vs_general_budget.class",
        "fiscal_expenditure",
        TableKind.GENERAL_BUDGET_EXPENDITURE,
        "财政拨款总表 vs 一般公共预算支出表",
    ),
)


def check_same_totals(ctx: CheckContext, found: SummaryRows) -> None:
    """Each row of SAME_TOTALS: the summary row = the table's 合计 of the column."""
    for rule in SAME_TOTALS:
        left = found.rows[rule.summary_row]
        right = total_cell(ctx.items_of(rule.table), rule.column)
        detail = rule.this_year_detail if rule.this_year_detail and found.this_year_only else rule.detail
        if left is not None and right is not None:
            ctx.add(f"cross.{rule.check_id}", Scope.CROSS_TABLE, ctx.figure(left), ctx.figure(right), detail)


def check_fiscal_income(ctx: CheckContext, found: SummaryRows) -> None:
    """The summary's 财政拨款 rows = the income table's 财政拨款收入 column = the fiscal summary's income."""
    subtotal = find(found.summary_in, cv.INCOME_SUBTOTAL)
    fiscal_rows = [
        i
        for i in found.summary_in
        if subtotal and i.row < subtotal.row and cv.FISCAL_APPROPRIATION_WORD in (i.item_name or "")
    ]
    if not fiscal_rows:
        return
    fiscal_col = total_cell(ctx.items_of(TableKind.INCOME), "fiscal_appropriation")
    fa_subtotal = find(found.fa_in, cv.INCOME_SUBTOTAL)
    for check_id, printed, detail in (
        (
            "summary_vs_income.fiscal_appropriation",
            fiscal_col,
            "总表 财政拨款收入 rows = 收入决算表 财政拨款收入 合计",
        ),
        (
            "summary_vs_fiscal_summary.income",
            fa_subtotal,
            "财政拨款总表 本年收入合计 = 总表 财政拨款收入 rows",
        ),
    ):
        if printed is not None:
            ctx.add(
                f"cross.{check_id}",
                Scope.CROSS_TABLE,
                ctx.figure(printed),
                total([ctx.figure(i) for i in fiscal_rows], fiscal_rows[0].table_id),
                detail,
                terms=len(fiscal_rows),
            )


def check_same_classes(ctx: CheckContext, found: SummaryRows) -> None:
    """Each row of SAME_CLASSES: every summary row named like a 类 row of the table = that row."""
    for rule in SAME_CLASSES:
        classes = top_level_by_name(ctx.items_of(rule.table), Measure.TOTAL)
        for row in found.sides[rule.summary_side]:
            match = classes.get(row.item_name or "")
            if match is not None:
                ctx.add(
                    f"cross.{rule.check_id}.{match.code}",
                    Scope.CROSS_TABLE,
                    ctx.figure(row),
                    ctx.figure(match),
                    f"{rule.detail}: {match.code} {match.item_name}",
                )


def check_basic_tables(ctx: CheckContext) -> None:
    """General-budget basic total = 人员经费合计 + 公用经费合计 of the basic-expenditure table; 三公 (final,
    or budget in budgets) ≥ the basic-expenditure economic codes (basic spending is only part of 三公)."""
    basic_total = total_cell(ctx.items_of(TableKind.GENERAL_BUDGET_EXPENDITURE), Measure.BASIC)
    basic_items = ctx.items_of(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
    split = [
        i for name in (cv.PERSONNEL_TOTAL, cv.PUBLIC_TOTAL) if (i := find(basic_items, name)) is not None
    ]
    if basic_total and split:
        ctx.add(
            "cross.general_budget_vs_basic_table.basic",
            Scope.CROSS_TABLE,
            ctx.figure(basic_total),
            total([ctx.figure(i) for i in split], split[0].table_id),
            "一般公共预算支出表 基本支出合计 = 基本支出表 人员经费合计 + 公用经费合计",
            terms=len(split),
        )
    if not ctx.items_of(TableKind.THREE_PUBLIC):
        return
    measure = own_measure(ctx.document.doc_kind)
    for name, code in cv.THREE_PUBLIC_CODES.items():
        coded = next((i for i in basic_items if i.code == code), None)
        figure = three_public_value(ctx, name, measure)
        if coded is None or figure is None:
            continue
        basic = ctx.figure(coded)
        ctx.add(
            f"cross.three_public_vs_economic_code.{code}",
            Scope.CROSS_TABLE,
            figure,
            basic,
            f"三公 {name} ({measure}) ≥ 基本支出表 {code} {coded.item_name}",
            status=at_most_status(basic, figure),
        )


def check_cross_tables(ctx: CheckContext) -> None:
    """The same figure in two tables must agree."""
    found = summary_rows(ctx)
    check_same_totals(ctx, found)
    check_fiscal_income(ctx, found)
    check_same_classes(ctx, found)
    check_basic_tables(ctx)
