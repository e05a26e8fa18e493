"""Reconciliation checks (勾稽) and consistency checks of one document.

Scopes: `table` (sums inside one table), `cross_table` (the same figure in two tables),
`text_vs_table` (a narrative fact against its table cell), `document` (completeness, agency and year
consistency, placeholders, the narrative's own arithmetic and comparison words) and `scorecard`.

Rounding rule: documents round every printed figure, so a sum of n printed terms may differ from its
printed total by up to n units of the last printed digit (0.01 万元 per term when amounts print two
decimals). Such a difference is `rounding`, not `fail`; no difference at all is `pass`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from extractors.records import PageContent
from normalizers import check_vocabulary as cv
from normalizers import fact_vocabulary as fv
from normalizers.facts import function_name_key
from normalizers.measures import measure_of
from normalizers.records import (
    CellRecord,
    CheckRecord,
    CheckRegion,
    DocumentRecord,
    FactRecord,
    LineItem,
    ScorecardRecord,
    TableRecord,
)
from normalizers.vocabulary import TABLE_KINDS

ZERO = Decimal("0")
# Two-decimal percentages: one unit of the last printed digit.
PERCENT_STEP = Decimal("0.01")
# "基本持平" (about equal) tolerates this share of the budget.
ABOUT_EQUAL_SHARE = Decimal("0.01")


@dataclass
class Figure:
    """One side of a check: an amount (in yuan, or % for shares) and where it is printed."""

    amount: Decimal
    step: Decimal  # one unit of the last printed digit, in the same unit as amount
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    table_id: str | None = None
    label: str = ""


@dataclass
class CheckContext:
    """Everything the checks read, indexed for lookups."""

    document: DocumentRecord
    tables: list[TableRecord]
    items: list[LineItem]
    cells: dict[tuple[str, int, int], CellRecord]
    facts: list[FactRecord]
    pages: list[PageContent]
    scorecards: list[ScorecardRecord] = field(default_factory=list)
    results: list[CheckRecord] = field(default_factory=list)

    def tables_of(self, kind: str) -> list[TableRecord]:
        return [t for t in self.tables if t.table_kind == kind]

    def items_of(self, kind: str) -> list[LineItem]:
        return [i for i in self.items if i.table_kind == kind]

    def figure(self, item: LineItem) -> Figure:
        """The line item as a check figure, with its cell's box (items with amounts only, see run_checks)."""
        assert item.amount is not None
        cell = self.cells.get((item.table_id, item.row, item.col))
        box = (cell.x0, cell.top, cell.x1, cell.bottom) if cell else None
        return Figure(
            item.amount,
            printed_step(item.amount_raw, item.unit_raw),
            item.page,
            box,
            item.table_id,
            label(item),
        )

    def add(
        self,
        check_id: str,
        scope: str,
        expected: Figure | None,
        actual: Figure | None,
        detail: str,
        terms: int = 1,
        status: str | None = None,
    ) -> CheckRecord:
        """Record a check comparing two figures (or a given status when there is nothing to compare)."""
        difference = None
        if expected is not None and actual is not None:
            difference = actual.amount - expected.amount
            if status is None:
                tolerance = max(expected.step, actual.step) * max(terms, 1)
                status = "pass" if difference == 0 else "rounding" if abs(difference) <= tolerance else "fail"
        figures = [f for f in (expected, actual) if f is not None]
        regions = [
            CheckRegion(role, f.page, *f.box)
            for role, f in (("expected", expected), ("actual", actual))
            if f is not None and f.page is not None and f.box is not None
        ]
        record = CheckRecord(
            doc_id=self.document.doc_id,
            check_id=check_id,
            scope=scope,
            status=status or "skipped",
            expected=expected.amount if expected else None,
            actual=actual.amount if actual else None,
            difference=difference,
            tables=sorted({f.table_id for f in figures if f.table_id}),
            pages=sorted({f.page for f in figures if f.page is not None}),
            detail=detail,
            regions=regions,
        )
        self.results.append(record)
        return record


def label(item: LineItem) -> str:
    """A short human name of a cell: table kind, code or row name, column."""
    name = item.code or item.item_name or f"row {item.row}"
    side = f"{item.side}:" if item.side else ""
    return f"{item.table_kind}[{side}{name}|{item.measure}] {item.amount_raw}"


def printed_step(raw: str, unit: str | None) -> Decimal:
    """One unit of the last printed digit of a number, in yuan ("2,940.05" in 万元 -> 100)."""
    digits = raw.split(".")[1] if "." in raw else ""
    decimals = sum(1 for c in digits if c.isdigit())
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


def name_is(item: LineItem, name: str) -> bool:
    return (item.item_name or "").startswith(name)


# --- within a table -----------------------------------------------------------------------------


def nearest_descendants(parent: LineItem, coded: list[LineItem]) -> list[LineItem]:
    """Rows whose code extends the parent's with no printed code in between.

    Usually the next level (款 under 类); where a table skips a level (3010201 津贴补贴 printed
    under 301 without a 30102 row), the deeper row is the parent's own part.
    """
    prefix = parent.code or ""
    below = [i for i in coded if i.code and i.code != prefix and i.code.startswith(prefix)]
    codes = {i.code for i in below}
    return [
        i
        for i in below
        if i.code is not None
        and not any(other != i.code and i.code.startswith(other) for other in codes if other)
    ]


def section_after(parent: LineItem, coded: list[LineItem]) -> list[LineItem]:
    """The rows below `parent` up to the next row of its level or above, in table order.

    A code printed more than once in a column (301 工资福利支出 under 501 and again under 505, where
    a second classification splits the first) has only the rows of its own section as children.
    """
    ordered = sorted(coded, key=lambda i: i.row)
    section: list[LineItem] = []
    started = False
    for item in ordered:
        if item is parent:
            started = True
            continue
        if not started:
            continue
        if (
            item.code_level is not None
            and parent.code_level is not None
            and item.code_level <= parent.code_level
        ):
            break
        section.append(item)
    return section


def check_hierarchy(ctx: CheckContext) -> None:
    """合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, per column of every coded table."""
    groups: dict[tuple[str, str | None, str | None, int], list[LineItem]] = {}
    for item in ctx.items:
        if item.table_kind == "general_budget_basic_expenditure":
            key = (item.table_id, item.side, item.measure, 0)  # one column group per side: codes decide
        else:
            key = (item.table_id, item.side, item.measure, item.col)
        groups.setdefault(key, []).append(item)
    for (table_id, _side, measure, _col), items in groups.items():
        coded = [i for i in items if i.code and i.code_level]
        if not coded:
            continue
        kind = items[0].table_kind
        tops = [i for i in coded if i.code_level == 1]
        totals = [i for i in items if not i.code and i.item_name == cv.TOTAL]
        if tops and totals and kind != "general_budget_basic_expenditure":
            ctx.add(
                f"{kind}.total_equals_classes.{measure}",
                "table",
                ctx.figure(totals[0]),
                total([ctx.figure(i) for i in tops], table_id),
                f"{kind}: 合计 ({measure}) = Σ 类 ({len(tops)} rows)",
                terms=len(tops),
            )
        repeated = {code for code, n in Counter(i.code for i in coded).items() if n > 1}
        for parent in coded:
            assert parent.code_level is not None  # `coded` keeps only items with a code_level
            candidates = section_after(parent, coded) if parent.code in repeated else coded
            children = nearest_descendants(parent, candidates)
            if children:
                ctx.add(
                    f"{kind}.{parent.code}.equals_children.{measure}",
                    "table",
                    ctx.figure(parent),
                    total([ctx.figure(i) for i in children], table_id),
                    f"{kind}: {parent.code} {parent.item_name} ({measure}) = Σ of its {len(children)} sub-items",
                    terms=len(children),
                )


ROW_PART_KINDS = ("income", "expenditure", "general_budget_expenditure")
# Budget income tables split income by fund and account in ways the final-accounts parts do not cover.
BUDGET_ROW_PART_KINDS = ("expenditure", "general_budget_expenditure")


def check_row_parts(ctx: CheckContext, kinds: tuple[str, ...] = ROW_PART_KINDS) -> None:
    """A row's total column = the sum of its part columns (本年支出合计 = 基本支出 + 项目支出 + …)."""
    for kind, parts in (
        ("income", cv.INCOME_PARTS),
        ("expenditure", cv.EXPENDITURE_PARTS),
        ("general_budget_expenditure", cv.EXPENDITURE_PARTS),
    ):
        if kind not in kinds:
            continue
        rows: dict[tuple[str, int], list[LineItem]] = {}
        for item in ctx.items_of(kind):
            rows.setdefault((item.table_id, item.row), []).append(item)
        for (table_id, _row), items in rows.items():
            totals = [i for i in items if i.measure == "total"]
            # "其中/事业单位经营支出" beside 经营支出 is a part of a part (of which …), not one more
            # part; where 其中 heads every part (小计 | 其中：基本支出 | 项目支出), they are the parts.
            in_parts = [i for i in items if i.measure in parts]
            members = [i for i in in_parts if cv.OF_WHICH not in i.measure_raw] or in_parts
            if not any(i.measure == "basic" for i in items):
                members += [i for i in items if i.measure in cv.BASIC_HALVES]
            if not totals or not members:
                continue
            head = totals[0]
            ctx.add(
                f"{kind}.row_parts.{head.code or head.item_name}",
                "table",
                ctx.figure(head),
                total([ctx.figure(i) for i in members], table_id),
                f"{kind}: {head.code or ''} {head.item_name} total = Σ {', '.join(i.measure or '' for i in members)}",
                terms=len(members),
            )


def side_items(ctx: CheckContext, kind: str, side: str, measure: str | None = None) -> list[LineItem]:
    """Items of one side of a two-sided table: the first amount column of the given measure or fund
    (of any measure when none is given or none matches)."""
    items = [i for i in ctx.items_of(kind) if i.side == side]
    if measure is not None:
        # A fund ("一般公共预算") may head the column alone (measure) or under a period ("预算数/…",
        # whose fund is the column's `fund`).
        chosen = [i for i in items if i.measure == measure] or [i for i in items if i.fund == measure]
        items = chosen or items
    if items:
        first_col = min(i.col for i in items)
        items = [i for i in items if i.col == first_col]
    return items


def find(items: Iterable[LineItem], name: str) -> LineItem | None:
    return next((i for i in items if name_is(i, name)), None)


def check_two_sided(ctx: CheckContext) -> None:
    """收入总计 = 支出总计; 本年收入合计 + 结转 = 总计; Σ income rows = 本年收入合计; same for expenditure."""
    for kind, begin, end in (
        (
            "income_expenditure_summary",
            (cv.NON_FISCAL_BALANCE, cv.CARRYOVER_BEGIN),
            (cv.SURPLUS_DISTRIBUTION, cv.CARRYOVER_END),
        ),
        ("fiscal_appropriation_summary", (cv.FA_CARRYOVER_BEGIN,), (cv.FA_CARRYOVER_END,)),
        ("fiscal_appropriation_summary", (cv.CARRYOVER_BEGIN,), (cv.CARRYOVER_END,)),
    ):
        income = side_items(ctx, kind, "income")
        spending = side_items(ctx, kind, "expenditure", "total")
        income_total, spending_total = find(income, cv.GRAND_TOTAL), find(spending, cv.GRAND_TOTAL)
        if income_total and spending_total:
            ctx.add(
                f"{kind}.income_total_equals_expenditure_total",
                "table",
                ctx.figure(income_total),
                ctx.figure(spending_total),
                f"{kind}: 收入总计 = 支出总计",
            )
        for side_rows, subtotal_name, extra, grand in (
            (income, cv.INCOME_SUBTOTAL, begin, income_total),
            (spending, cv.EXPENDITURE_SUBTOTAL, end, spending_total),
        ):
            subtotal = find(side_rows, subtotal_name)
            if subtotal is None:
                continue
            side = subtotal.side
            extras = [i for name in extra if (i := find(side_rows, name)) is not None]
            if not extras and kind == "fiscal_appropriation_summary":
                continue  # this table's carry-over row has the other of its two printed names
            if grand is not None:
                ctx.add(
                    f"{kind}.{side}.subtotal_plus_carryover_equals_total",
                    "table",
                    ctx.figure(grand),
                    total([ctx.figure(subtotal)] + [ctx.figure(i) for i in extras], subtotal.table_id),
                    f"{kind}: {subtotal_name} + {' + '.join(extra)} = 总计 ({side})",
                    terms=1 + len(extras),
                )
            above = [i for i in side_rows if i.row < subtotal.row and i.table_id == subtotal.table_id]
            if above:
                ctx.add(
                    f"{kind}.{side}.rows_sum_to_subtotal",
                    "table",
                    ctx.figure(subtotal),
                    total([ctx.figure(i) for i in above], subtotal.table_id),
                    f"{kind}: Σ {side} rows above {subtotal_name} = {subtotal_name}",
                    terms=len(above),
                )


def check_basic_split(ctx: CheckContext) -> None:
    """人员经费合计 = Σ 301, 303; 公用经费合计 = Σ the other economic classes."""
    items = ctx.items_of("general_budget_basic_expenditure")
    tops = [i for i in items if i.code_level == 1 and i.code]
    for name, members in (
        (cv.PERSONNEL_TOTAL, [i for i in tops if i.code in cv.PERSONNEL_CLASSES]),
        (cv.PUBLIC_TOTAL, [i for i in tops if i.code not in cv.PERSONNEL_CLASSES]),
    ):
        head = find(items, name)
        if head is not None:
            ctx.add(
                f"general_budget_basic_expenditure.{name}",
                "table",
                ctx.figure(head),
                total([ctx.figure(i) for i in members], head.table_id) if members else None,
                f"一般公共预算基本支出: {name} = Σ {', '.join(i.code or '' for i in members) or 'nothing'}",
                terms=len(members),
                status=None if members else "skipped",
            )


# A 三公 subtotal and the parts it sums; some templates leave the subtotal cell blank.
THREE_PUBLIC_SUBTOTALS = {
    cv.THREE_PUBLIC_VEHICLE: (cv.THREE_PUBLIC_PURCHASE, cv.THREE_PUBLIC_OPERATION),
}


def printed_three_public(ctx: CheckContext, name: str, measure: str) -> Figure | None:
    """The 三公 figure printed under name, or None where its cell is blank."""
    items = [i for i in ctx.items_of("three_public") if i.measure == measure and i.item_name == name]
    return ctx.figure(items[0]) if items else None


def blank_subtotal(ctx: CheckContext, name: str, measure: str) -> bool:
    """A subtotal cell left blank while one of its parts is printed."""
    parts = THREE_PUBLIC_SUBTOTALS.get(name, ())
    return printed_three_public(ctx, name, measure) is None and any(
        printed_three_public(ctx, part, measure) is not None for part in parts
    )


def three_public_value(ctx: CheckContext, name: str, measure: str) -> Figure | None:
    """A 三公 table figure; a blank cell of a printed table is zero.

    A blank subtotal whose parts are printed is not zero: the template left it for the reader
    to add up, so its value is the sum of the printed parts.
    """
    printed_figure = printed_three_public(ctx, name, measure)
    if printed_figure is not None:
        return printed_figure
    if blank_subtotal(ctx, name, measure):
        parts = [
            f
            for part in THREE_PUBLIC_SUBTOTALS[name]
            if (f := printed_three_public(ctx, part, measure)) is not None
        ]
        return total(parts, parts[0].table_id)
    printed = ctx.items_of("three_public")
    tables = ctx.tables_of("three_public")
    # No 三公 table, or a layout not understood (no row carries a 三公 name): a blank says nothing.
    known = {cv.THREE_PUBLIC_TOTAL, cv.THREE_PUBLIC_VEHICLE, *cv.THREE_PUBLIC_CODES}
    if not tables or (printed and not any(i.item_name in known for i in printed)):
        return None
    return Figure(
        ZERO,
        Decimal("100"),
        tables[0].pages[0],
        None,
        tables[0].table_id,
        f"three_public[{name}|{measure}] blank",
    )


def check_three_public(ctx: CheckContext) -> None:
    """三公 合计 = 因公出国 + 公务用车购置及运行 + 公务接待; 公务用车购置及运行 = 购置 + 运行."""
    if not ctx.items_of("three_public"):
        return
    for measure in ("budget", "final"):
        for head, parts in (
            (
                cv.THREE_PUBLIC_TOTAL,
                (cv.THREE_PUBLIC_OVERSEAS, cv.THREE_PUBLIC_VEHICLE, cv.THREE_PUBLIC_RECEPTION),
            ),
            *THREE_PUBLIC_SUBTOTALS.items(),
        ):
            if blank_subtotal(ctx, head, measure):
                continue  # nothing printed to check the parts against
            expected = three_public_value(ctx, head, measure)
            figures = [f for p in parts if (f := three_public_value(ctx, p, measure)) is not None]
            if expected is None or not figures:
                continue
            ctx.add(
                f"three_public.{head}.{measure}",
                "table",
                expected,
                total(figures, expected.table_id),
                f"三公 ({measure}): {head} = {' + '.join(parts)}",
                terms=len(figures),
            )


# --- across tables ------------------------------------------------------------------------------


def top_level_by_name(items: list[LineItem], measure: str) -> dict[str, LineItem]:
    return {i.item_name or "": i for i in items if i.code_level == 1 and i.measure == measure}


def general_column_or_general_only(fa_in: list[LineItem], fa_out: list[LineItem]) -> bool:
    """Whether the fiscal summary's expenditure figures are the general budget's alone.

    They are when they come from its 一般公共预算 column, or when it has one column for all funds
    and the income side shows no 政府性基金 / 国有资本经营 appropriation; otherwise its 本年支出合计
    also counts those funds and cannot equal the 一般公共预算支出表's 合计.
    """
    if any(i.measure == "general_budget" or i.fund == "general_budget" for i in fa_out):
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
        if measure_of([i.item_name or ""], None) == "general_budget"
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
    table_measures = {i.measure for i in table if i.measure not in (None, "total")}
    below = [i for i in summary_side if current.row < i.row < overall.row and i.amount]
    return any(measure_of([i.item_name or ""], None) in table_measures for i in below)


def summary_total(
    summary_side: list[LineItem], subtotal: str, grand: tuple[str, ...], overall: bool
) -> LineItem | None:
    """The summary's current-year total, or its grand total when `overall`."""
    if overall:
        return next((row for name in grand if (row := find(summary_side, name)) is not None), None)
    return find(summary_side, subtotal)


def check_cross_tables(ctx: CheckContext) -> None:
    """The same figure in two tables must agree."""
    summary_in = side_items(ctx, "income_expenditure_summary", "income")
    summary_out = side_items(ctx, "income_expenditure_summary", "expenditure")
    income = ctx.items_of("income")
    spending = ctx.items_of("expenditure")
    general = ctx.items_of("general_budget_expenditure")
    fa_in = side_items(ctx, "fiscal_appropriation_summary", "income")
    fa_out = side_items(ctx, "fiscal_appropriation_summary", "expenditure", "general_budget")

    def total_cell(items: list[LineItem], measure: str) -> LineItem | None:
        return next(
            (i for i in items if not i.code and i.item_name == cv.TOTAL and i.measure == measure), None
        )

    with_carryover = counts_what_follows(summary_in, income, cv.INCOME_SUBTOTAL, cv.INCOME_GRAND_TOTALS)
    # An expenditure table split by source of funds (… 上年结转) spends the carry-over too, when its
    # 合计 row has a carry-over to spend.
    spent_carryover = total_cell(spending, "carryover_begin")
    spends_carryover = bool(spent_carryover and spent_carryover.amount) or counts_what_follows(
        summary_out, spending, cv.EXPENDITURE_SUBTOTAL, cv.EXPENDITURE_GRAND_TOTALS
    )
    this_year_only = general_table_scope(fa_in, fa_out, total_cell(general, "total"))
    fiscal_spending = this_year_only or find(fa_out, cv.EXPENDITURE_SUBTOTAL)
    pairs: list[tuple[str, LineItem | None, LineItem | None, str]] = [
        (
            "summary_vs_income.subtotal",
            summary_total(summary_in, cv.INCOME_SUBTOTAL, cv.INCOME_GRAND_TOTALS, with_carryover),
            total_cell(income, "total"),
            "总表 本年收入合计 (收入总计 when the income table's 合计 also counts what the summary lists "
            "below it) = 收入决算表 合计",
        ),
        (
            "summary_vs_income.other_income",
            find(summary_in, cv.OTHER_INCOME),
            total_cell(income, "other_income"),
            "总表 其他收入 = 收入决算表 其他收入合计",
        ),
        (
            "summary_vs_expenditure.subtotal",
            summary_total(
                summary_out, cv.EXPENDITURE_SUBTOTAL, cv.EXPENDITURE_GRAND_TOTALS, spends_carryover
            ),
            total_cell(spending, "total"),
            "总表 本年支出合计 (支出总计 when the expenditure table's 合计 also counts what the summary "
            "lists below it) = 支出决算表 合计",
        ),
        (
            "fiscal_summary_vs_general_budget.subtotal",
            fiscal_spending if general_column_or_general_only(fa_in, fa_out) else None,
            total_cell(general, "total"),
            "财政拨款总表 本年支出合计 = 一般公共预算支出表 合计"
            if this_year_only is None
            else "财政拨款总表 一般公共预算拨款 (this year's; its 本年支出合计 also spends 上年结转) "
            "= 一般公共预算支出表 合计",
        ),
    ]
    for check_id, left, right, detail in pairs:
        if left is not None and right is not None:
            ctx.add(f"cross.{check_id}", "cross_table", ctx.figure(left), ctx.figure(right), detail)
    # Fiscal-appropriation income: the summary's 财政拨款 rows = the income table's 财政拨款收入 column.
    subtotal = find(summary_in, cv.INCOME_SUBTOTAL)
    fiscal_rows = [
        i
        for i in summary_in
        if subtotal and i.row < subtotal.row and cv.FISCAL_APPROPRIATION_WORD in (i.item_name or "")
    ]
    fiscal_col = total_cell(income, "fiscal_appropriation")
    if fiscal_rows and fiscal_col:
        ctx.add(
            "cross.summary_vs_income.fiscal_appropriation",
            "cross_table",
            ctx.figure(fiscal_col),
            total([ctx.figure(i) for i in fiscal_rows], fiscal_rows[0].table_id),
            "总表 财政拨款收入 rows = 收入决算表 财政拨款收入 合计",
            terms=len(fiscal_rows),
        )
    fa_subtotal = find(fa_in, cv.INCOME_SUBTOTAL)
    if fiscal_rows and fa_subtotal:
        ctx.add(
            "cross.summary_vs_fiscal_summary.income",
            "cross_table",
            ctx.figure(fa_subtotal),
            total([ctx.figure(i) for i in fiscal_rows], fiscal_rows[0].table_id),
            "财政拨款总表 本年收入合计 = 总表 财政拨款收入 rows",
            terms=len(fiscal_rows),
        )
    # Function classes: summary rows vs the expenditure table; fiscal summary vs the general-budget table.
    for check_id, side_rows, table_items, detail in (
        ("summary_vs_expenditure.class", summary_out, spending, "总表 vs 支出决算表"),
        (
            "fiscal_summary_vs_general_budget.class",
            fa_out if general_column_or_general_only(fa_in, fa_out) and this_year_only is None else [],
            general,
            "财政拨款总表 vs 一般公共预算支出表",
        ),
    ):
        classes = top_level_by_name(table_items, "total")
        for row in side_rows:
            match = classes.get(row.item_name or "")
            if match is not None:
                ctx.add(
                    f"cross.{check_id}.{match.code}",
                    "cross_table",
                    ctx.figure(row),
                    ctx.figure(match),
                    f"{detail}: {match.code} {match.item_name}",
                )
    # General-budget basic total = 人员经费合计 + 公用经费合计 of the basic-expenditure table.
    basic_total = total_cell(general, "basic")
    basic_items = ctx.items_of("general_budget_basic_expenditure")
    split = [
        i for name in (cv.PERSONNEL_TOTAL, cv.PUBLIC_TOTAL) if (i := find(basic_items, name)) is not None
    ]
    if basic_total and split:
        ctx.add(
            "cross.general_budget_vs_basic_table.basic",
            "cross_table",
            ctx.figure(basic_total),
            total([ctx.figure(i) for i in split], split[0].table_id),
            "一般公共预算支出表 基本支出合计 = 基本支出表 人员经费合计 + 公用经费合计",
            terms=len(split),
        )
    # 三公 (final, or budget in budgets) vs the basic-expenditure economic codes (basic spending is
    # only part of 三公).
    if ctx.items_of("three_public"):
        measure = "final" if ctx.document.doc_kind == "final" else "budget"
        for name, code in cv.THREE_PUBLIC_CODES.items():
            coded = next((i for i in basic_items if i.code == code), None)
            figure = three_public_value(ctx, name, measure)
            if coded is None or figure is None:
                continue
            basic = ctx.figure(coded)
            status = "pass" if basic.amount <= figure.amount + max(basic.step, figure.step) else "fail"
            ctx.add(
                f"cross.three_public_vs_economic_code.{code}",
                "cross_table",
                figure,
                basic,
                f"三公 {name} ({measure}) ≥ 基本支出表 {code} {coded.item_name}",
                status=status,
            )


# --- narrative against tables -------------------------------------------------------------------


def fact_figure(fact: FactRecord) -> Figure | None:
    """A money fact as a figure in yuan."""
    if fact.value is None or fact.unit not in fv.UNIT_YUAN:
        return None
    scale = Decimal(fv.UNIT_YUAN[fact.unit])
    exponent = fact.value.as_tuple().exponent
    step = scale * (Decimal(10) ** exponent if isinstance(exponent, int) else Decimal(1))
    box = (fact.x0, fact.top, fact.x1, fact.bottom)
    return Figure(
        fact.value * scale, step, fact.page, box, None, f"text[{fact.fact}] {fact.value}{fact.unit}"
    )


def table_reference(ctx: CheckContext, table_id: str | None, kind: str) -> str:
    """The table a check reads, by its printed title (or standard name), id and first page."""
    table = next((t for t in ctx.tables if t.table_id == table_id), None)
    name = (table.title if table and table.title else None) or fv.TABLE_NAMES_ZH.get(kind, kind)
    if table is None:
        return name
    return f"{name} ({table.table_id}, p{table.pages[0]})"


def cell_reference(ctx: CheckContext, item: LineItem) -> str:
    """The exact cell a fact is compared with: table, row (number, code and printed name), column."""
    row_name = " ".join(part for part in (item.code, item.item_name_raw or item.item_name) if part)
    column = item.measure_raw or item.measure or ""
    return (
        f"{table_reference(ctx, item.table_id, item.table_kind)} row {item.row} "
        f"“{row_name}” column “{column}” = {item.amount_raw}"
    )


def function_row(ctx: CheckContext, fact: FactRecord) -> LineItem | None:
    """The general-budget table's total cell of a 类/款/项 fact: by code, or by its name path when the
    narrative's names did not resolve to one code (they are compared without a trailing 支出)."""
    totals = [i for i in ctx.items_of("general_budget_expenditure") if i.measure == "total" and i.code]
    subject = fact.subject or ""
    if subject.isdigit():
        return next((i for i in totals if i.code == subject), None)
    names = subject.split("/")
    level = cv.FUNCTION_FACT_LEVELS[fact.fact]
    found = [
        i
        for i in totals
        if i.code_level == level
        and i.item_name
        and function_name_key(i.item_name) == function_name_key(names[-1])
    ]
    return found[0] if len(found) == 1 else None


def table_counterpart(ctx: CheckContext, fact: FactRecord) -> tuple[Figure | None, str]:
    """The one table cell a fact restates (cv.FACT_CELLS: one table kind and one row per fact) and
    the exact table, row and column it is; or None and why, naming the table and row looked for."""
    if fact.fact in cv.FUNCTION_FACTS:
        kind = "general_budget_expenditure"
        if fact.period != "current":
            return None, "budget figures of items are not in the tables"
        tables = ctx.tables_of(kind)
        if not tables:
            return None, f"no {fv.TABLE_NAMES_ZH[kind]}"
        item = function_row(ctx, fact)
        if item is None:
            return None, f"no row {fact.subject} in {table_reference(ctx, tables[0].table_id, kind)}"
        return ctx.figure(item), cell_reference(ctx, item)
    kind, side, name, measure = cv.FACT_CELLS[fact.fact]
    if kind == "three_public":
        measure = cv.PERIOD_MEASURES.get(fact.period)
        figure = three_public_value(ctx, name, measure) if measure else None
        if figure is None:
            return None, "no 三公 table"
        item = three_public_item(ctx, name, measure)
        if item is not None:
            return figure, cell_reference(ctx, item)
        return figure, f"{table_reference(ctx, figure.table_id, kind)} row “{name}” ({measure}): blank"
    if fact.period != "current":
        return None, "the table prints only the final figure"
    tables = ctx.tables_of(kind)
    if not tables:
        return None, f"no {kind} table"
    items = (
        side_items(ctx, kind, side, measure)
        if side
        else [i for i in ctx.items_of(kind) if i.measure == measure]
    )
    if side is None and measure is None:
        items = ctx.items_of(kind)
    item = next((i for i in items if (i.item_name or "") == name and not i.code), None) or find(items, name)
    if item is None:
        blank = Figure(
            ZERO, Decimal("100"), tables[0].pages[0], None, tables[0].table_id, f"{kind}[{name}] blank"
        )
        reference = table_reference(ctx, tables[0].table_id, kind)
        return blank, f"{reference} row “{name}” column “{measure or side or ''}”: blank"
    return ctx.figure(item), cell_reference(ctx, item)


def three_public_item(ctx: CheckContext, name: str, measure: str | None) -> LineItem | None:
    return next(
        (i for i in ctx.items_of("three_public") if i.measure == measure and i.item_name == name), None
    )


def check_text_vs_tables(ctx: CheckContext) -> None:
    """Every narrative money fact that has a table counterpart agrees with it."""
    for fact in ctx.facts:
        if fact.fact not in cv.FACT_CELLS and fact.fact not in cv.FUNCTION_FACTS:
            continue
        if fact.period != "current" and not fact.fact.startswith("three_public"):
            continue  # only the 三公 table prints budget figures
        text = fact_figure(fact)
        if text is None:
            continue
        cell, reference = table_counterpart(ctx, fact)
        subject = f" {fact.subject}" if fact.subject else ""
        check_id = f"text.{fact.fact}{('.' + fact.subject) if fact.subject else ''}.{fact.period}"
        if cell is None:
            ctx.add(
                check_id,
                "text_vs_table",
                text,
                None,
                f"{fact.fact}{subject} ({fact.period}): {reference}",
                status="skipped",
            )
            continue
        ctx.add(
            check_id,
            "text_vs_table",
            cell,
            text,
            f"narrative {fact.fact}{subject} ({fact.period}) {fact.value}{fact.unit} (page {fact.page}) vs {reference}",
        )


# --- the document as a whole --------------------------------------------------------------------


def text_figure(fact: FactRecord, amount: Decimal, step: Decimal = PERCENT_STEP) -> Figure:
    amount = amount.quantize(Decimal("0.0001"))
    return Figure(amount, step, fact.page, (fact.x0, fact.top, fact.x1, fact.bottom), None, fact.fact)


def percent_status(stated: Decimal, computed: Decimal) -> str:
    """Pass when the stated % is the computed one rounded; rounding within two units; else fail."""
    rounded = computed.quantize(PERCENT_STEP)
    if rounded == stated or computed.quantize(Decimal("1")) == stated:
        return "pass"
    return "rounding" if abs(computed - stated) <= 2 * PERCENT_STEP else "fail"


def check_narrative_arithmetic(ctx: CheckContext) -> None:
    """Changes, variance rates, shares and comparison words agree with the narrative's own figures."""
    current = {(f.fact, f.subject): f for f in ctx.facts if f.period == "current" and f.value is not None}
    for fact in ctx.facts:
        where = f"{fact.fact}{(' ' + fact.subject) if fact.subject else ''} (page {fact.page})"
        if (
            fact.period == "current"
            and fact.value is not None
            and fact.change_value
            and fact.change_pct is not None
        ):
            previous = fact.value - fact.change_value
            if previous:
                computed = fact.change_value / previous * 100
                ctx.add(
                    f"narrative.change_pct.{fact.fact}{('.' + fact.subject) if fact.subject else ''}",
                    "document",
                    text_figure(fact, computed),
                    text_figure(fact, fact.change_pct),
                    f"{where}: change {fact.change_value} on {fact.value} is {computed:.2f}%, text says {fact.change_pct}%",
                    status=percent_status(fact.change_pct, computed),
                )
        if fact.period != "budget" or fact.value is None:
            continue
        final = current.get((fact.fact, fact.subject))
        if final is None or final.value is None:
            continue
        if fact.change_pct is not None and fact.value:
            computed = (final.value - fact.value) / fact.value * 100
            ctx.add(
                f"narrative.variance_rate.{fact.fact}",
                "document",
                text_figure(fact, computed),
                text_figure(fact, fact.change_pct),
                f"{where}: (决算 {final.value} − 预算 {fact.value}) / 预算 = {computed:.2f}%, text says {fact.change_pct}%",
                status=percent_status(fact.change_pct, computed),
            )
        if fact.relation:
            difference = final.value - fact.value
            holds = {
                "above": difference > 0,
                "below": difference < 0,
                "equal": difference == 0,
                "about_equal": abs(difference) <= max(abs(fact.value) * ABOUT_EQUAL_SHARE, Decimal("0.01")),
            }[fact.relation]
            ctx.add(
                f"narrative.relation.{fact.fact}{('.' + fact.subject) if fact.subject else ''}",
                "document",
                text_figure(fact, fact.value, Decimal("0.01")),
                text_figure(final, final.value, Decimal("0.01")),
                f"{where}: the text says 决算 is {fact.relation} 预算, but 预算 {fact.value} vs 决算 {final.value}",
                status="pass" if holds else "fail",
            )
    for fact in ctx.facts:
        if fact.share_pct is None or fact.value is None:
            continue
        base_name = fact.share_of or cv.DEFAULT_SHARE_BASE.get(fact.fact)
        base = next((f for f in ctx.facts if f.fact == base_name and f.period == "current" and f.value), None)
        # `not base.value` never holds (the search above wants a non-zero value); it narrows out None.
        if base is None or not base.value or base.unit != fact.unit:
            continue
        computed = fact.value / base.value * 100
        where = f"{fact.fact}{(' ' + fact.subject) if fact.subject else ''} (page {fact.page})"
        ctx.add(
            f"narrative.share.{fact.fact}{('.' + fact.subject) if fact.subject else ''}",
            "document",
            text_figure(fact, computed),
            text_figure(fact, fact.share_pct),
            f"{where}: {fact.value} of {base_name} {base.value} is {computed:.2f}%, text says {fact.share_pct}%",
            status=percent_status(fact.share_pct, computed),
        )


def line_hits(
    ctx: CheckContext, pattern: Any
) -> list[tuple[int, Any, tuple[float, float, float, float], str]]:
    """(page, match, line box, line text) of every text line a pattern matches."""
    hits = []
    for page in ctx.pages:
        for line in page.lines:
            text = "".join(line.text.split()).translate(fv.QUOTES)
            match = pattern.search(text)
            if match:
                hits.append((page.number, match, (line.x0, line.top, line.x1, line.bottom), text))
    return hits


def marker(page: int, box: tuple[float, float, float, float], value: Decimal, text: str) -> Figure:
    return Figure(value, Decimal("1"), page, box, None, text)


def check_completeness(ctx: CheckContext) -> None:
    """Every standard table of a final-accounts document is present, or the narrative explains its absence."""
    if ctx.document.doc_kind != "final":
        return
    narrative = "".join("".join(p.text.split()) for p in ctx.pages)
    for kind, name in fv.TABLE_NAMES_ZH.items():
        if ctx.tables_of(kind):
            ctx.add(
                f"document.table_present.{kind}", "document", None, None, f"{name} present", status="pass"
            )
            continue
        explained = [
            w
            for w in fv.ABSENCE_EXPLAINED.get(kind, ())
            if w.translate(fv.QUOTES) in narrative.translate(fv.QUOTES)
        ]
        if explained:
            ctx.add(
                f"document.table_present.{kind}",
                "document",
                None,
                None,
                f"{name} absent; the narrative explains it ({explained[0]})",
                status="pass",
            )
            continue
        listed = line_hits(ctx, re.compile(re.escape(name.translate(fv.QUOTES)) + "$"))
        where = f"; listed in the contents on page {listed[0][0]}" if listed else ""
        record = ctx.add(
            f"document.table_present.{kind}",
            "document",
            None,
            marker(listed[0][0], listed[0][2], ZERO, listed[0][3]) if listed else None,
            f"{name} is missing and its absence is not explained{where}",
            status="fail",
        )
        record.actual = None


def check_agency_and_year(ctx: CheckContext) -> None:
    """Agency and fiscal year agree across cover, part headings, table labels and narrative; no placeholders."""
    agency, year = ctx.document.agency, ctx.document.fiscal_year
    seen: dict[int, int] = {}
    for page, match, box, text in line_hits(ctx, fv.PLACEHOLDER_NAME):
        seen[page] = seen.get(page, 0) + 1
        ctx.add(
            f"document.placeholder_name.p{page}" + (f".{seen[page]}" if seen[page] > 1 else ""),
            "document",
            None,
            marker(page, box, ZERO, text),
            f"placeholder name {match.group(0)} on page {page}: {text}",
            status="fail",
        )
    names: list[tuple[int, str, tuple[float, float, float, float], str]] = []
    years: list[tuple[int, int, int, tuple[float, float, float, float], str, str]] = []
    for page, match, box, text in line_hits(ctx, fv.PART_HEADING):
        names.append((page, match.group(1), box, text))
        if year:
            years.append((page, int(match.group(2)), year, box, text, "part heading"))
    for page, match, box, text in line_hits(ctx, fv.AGENCY_LABEL_LINE):
        names.append((page, match.group(1), box, text))
    for page, match, box, text in line_hits(ctx, fv.AS_OF_DATE):
        if year:
            years.append((page, int(match.group(1)), year, box, text, "截至…12月31日"))
    for page, match, box, text in line_hits(ctx, fv.PREVIOUS_YEAR_MENTION):
        if year:
            years.append((page, int(match.group(1)), year - 1, box, text, "comparison year"))
    if agency:
        wrong = [
            n for n in names if n[1] != agency and agency not in n[1] and not fv.PLACEHOLDER_NAME.search(n[1])
        ]
        # A name that is a department's own unit (本级, a sub-unit label) is not a mismatch.
        wrong = [n for n in wrong if not n[1].startswith(agency[:2]) or len(n[1]) >= len(agency)]
        for page, name, box, text in wrong:
            ctx.add(
                f"document.agency.p{page}",
                "document",
                None,
                marker(page, box, ZERO, text),
                f"agency {name} on page {page} differs from the cover's {agency}",
                status="fail",
            )
        if not wrong:
            ctx.add(
                "document.agency",
                "document",
                None,
                None,
                f"{len(names)} headings and labels name {agency}",
                status="pass",
            )
    bad_years = [y for y in years if y[1] != y[2]]
    for page, found, wanted, box, text, what in bad_years:
        ctx.add(
            f"document.year.p{page}.{found}",
            "document",
            Figure(Decimal(wanted), Decimal(1), None, None, None, "fiscal year"),
            marker(page, box, Decimal(found), text),
            f"{what} on page {page} says {found}, expected {wanted} (fiscal year {year}): {text}",
            status="fail",
        )
    if years and not bad_years:
        ctx.add(
            "document.year",
            "document",
            None,
            None,
            f"{len(years)} year mentions agree with {year}",
            status="pass",
        )


# --- scorecards ---------------------------------------------------------------------------------


def scorecard_checks(doc_id: str, scorecards: Iterable[ScorecardRecord]) -> list[CheckRecord]:
    """The score checks recorded on each scorecard, as `checks` rows (scope scorecard).

    expected is the figure computed from the scorecard's parts, actual the printed one.
    """
    rows = []
    for card in scorecards:
        name = card.project_name or card.title or card.scorecard_id
        for check, status, difference, printed, what in (
            (
                "scores",
                card.check_scores,
                card.scores_difference,
                card.total_score,
                "总分 = 资金得分 + Σ 指标得分",
            ),
            (
                "weights",
                card.check_weights,
                card.weights_difference,
                card.total_weight,
                "总分值 = 资金分值 + Σ 指标分值",
            ),
            (
                "execution_rate",
                card.check_execution_rate,
                card.execution_rate_difference,
                None,
                "执行率 = 全年执行数 / 全年预算数",
            ),
        ):
            computed = printed - difference if printed is not None and difference is not None else None
            rows.append(
                CheckRecord(
                    doc_id=doc_id,
                    check_id=f"scorecard.{check}.{card.scorecard_id}",
                    scope="scorecard",
                    status=status,
                    expected=computed,
                    actual=printed,
                    difference=difference,
                    tables=[],
                    pages=list(card.pages),
                    detail=f"{name}: {what}",
                )
            )
    return rows


def check_scorecards(ctx: CheckContext) -> None:
    """Score checks of the scorecards found; a note when scorecard pages exist but none was read."""
    if ctx.scorecards:
        ctx.results.extend(scorecard_checks(ctx.document.doc_id, ctx.scorecards))
        return
    scorecards = [t for t in ctx.tables if cv.SCORECARD_TITLE_WORD in (t.title or "")]
    if scorecards:
        ctx.add(
            "scorecard.scores",
            "scorecard",
            None,
            None,
            f"{len(scorecards)} self-evaluation tables found but no scorecard could be read from them",
            status="skipped",
        )


def run_checks(
    document: DocumentRecord,
    tables: list[TableRecord],
    line_items: list[LineItem],
    cells: list[CellRecord],
    facts: list[FactRecord],
    pages: list[PageContent],
    scorecards: list[ScorecardRecord] | None = None,
) -> list[CheckRecord]:
    """All checks of one document, in scope order."""
    ctx = CheckContext(
        document=document,
        tables=tables,
        # An amount whose table unit is unknown is null: nothing to reconcile it with.
        # Other tables (project lists, procurement …) follow no reconciliation rule of their own.
        items=[item for item in line_items if item.amount is not None and item.table_kind in TABLE_KINDS],
        cells={(c.table_id, c.row, c.col): c for c in cells},
        facts=facts,
        pages=pages,
        scorecards=scorecards or [],
    )
    if document.doc_kind != "final":
        # Budgets get the rules that hold in every budget layout seen (合计 = Σ 类 = Σ 款 = Σ 项, row
        # totals of the expenditure tables, 基本支出 split, 三公 parts, cross-table totals); the
        # two-sided and narrative rules know final-accounts layouts only.
        if document.doc_kind == "budget":
            check_hierarchy(ctx)
            check_row_parts(ctx, BUDGET_ROW_PART_KINDS)
            check_basic_split(ctx)
            check_three_public(ctx)
            check_cross_tables(ctx)
            ctx.add(
                "document.budget_rules",
                "document",
                None,
                None,
                "budget documents: the two-sided summary, text-vs-table and completeness checks are not "
                "applied (budget summaries list sub-rows that these rules would count twice)",
                status="skipped",
            )
        check_scorecards(ctx)
        return ctx.results
    check_hierarchy(ctx)
    check_row_parts(ctx)
    check_two_sided(ctx)
    check_basic_split(ctx)
    check_three_public(ctx)
    check_cross_tables(ctx)
    check_text_vs_tables(ctx)
    check_narrative_arithmetic(ctx)
    check_completeness(ctx)
    check_agency_and_year(ctx)
    check_scorecards(ctx)
    return ctx.results
