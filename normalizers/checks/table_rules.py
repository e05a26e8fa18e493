"""Rules inside one table (scope table): 合计 = Σ 类 = Σ 款 = Σ 项, a row's total column = Σ its
part columns, the two-sided summaries' totals and carry-overs, the 基本支出 split, a row's change
against its two years.
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter

from disclosure.normalizers import check_vocabulary as cv
from disclosure.normalizers.checks.context import CheckContext, Scope, find, side_items
from disclosure.normalizers.checks.tolerance import Figure, Status, total
from disclosure.normalizers.kinds import Measure, TableKind, own_measure
from disclosure.normalizers.records import (
    LineItem,
)


def row_key(item: LineItem) -> str:
    """A row's name in a check id: its code, with its second classification where the row prints
    one (2070199/30227: a table listing one function code once per economic code), else its name."""
    if item.code and item.alt_code:
        return f"{item.code}/{item.alt_code}"
    return item.code or item.item_name or f"row{item.row}"


def nearest_descendants(parent: LineItem, coded: list[LineItem]) -> list[LineItem]:
    """Rows whose code extends the parent's with no printed code in between.

    Usually the next level (款 under 类); where a table skips a level (3010201 津贴补贴 printed
    under 301 without a 30102 row), the deeper row is the parent's own part.
    """
    prefix = parent.code or ""
    return nearest_of([i for i in coded if i.code and i.code != prefix and i.code.startswith(prefix)])


def nearest_of(below: list[LineItem]) -> list[LineItem]:
    """The rows of `below` (the rows under one parent) that no shorter code of `below` begins.

    A row's proper prefixes are looked up (at most six), not every code compared.
    """
    codes = {i.code for i in below}
    return [
        i for i in below if i.code is not None and not any(i.code[:n] in codes for n in range(1, len(i.code)))
    ]


def rows_below(coded: list[LineItem]) -> dict[str, list[LineItem]]:
    """Code -> the rows whose code extends it, in table order: nearest_descendants' `below` for
    every parent at once (one pass instead of one scan of the column per parent)."""
    below: dict[str, list[LineItem]] = {}
    for item in coded:
        code = item.code or ""
        for n in range(1, len(code)):
            below.setdefault(code[:n], []).append(item)
    return below


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
        if item.table_kind == TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE:
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
        if tops and totals and kind != TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE:
            ctx.add(
                f"{kind}.total_equals_classes.{measure}",
                Scope.TABLE,
                ctx.figure(totals[0]),
                total([ctx.figure(i) for i in tops], table_id),
                f"{kind}: 合计 ({measure}) = Σ 类 ({len(tops)} rows)",
                terms=len(tops),
            )
        repeated = {code for code, n in Counter(i.code for i in coded).items() if n > 1}
        below = rows_below(coded)
        for parent in coded:
            assert parent.code_level is not None  # `coded` keeps only items with a code_level
            if parent.code in repeated:
                children = nearest_descendants(parent, section_after(parent, coded))
            else:  # the same rows as nearest_descendants(parent, coded)
                children = nearest_of(below.get(parent.code or "", []))
            if children:
                ctx.add(
                    f"{kind}.{row_key(parent)}.equals_children.{measure}",
                    Scope.TABLE,
                    ctx.figure(parent),
                    total([ctx.figure(i) for i in children], table_id),
                    f"{kind}: {parent.code} {parent.item_name} ({measure}) = Σ of its {len(children)} sub-items",
                    terms=len(children),
                )


ROW_PART_KINDS = (
    TableKind.INCOME,
    TableKind.EXPENDITURE,
    TableKind.GENERAL_BUDGET_EXPENDITURE,
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
)


# Budget income tables split income by fund and account in ways the final-accounts parts do not cover.
BUDGET_ROW_PART_KINDS = (
    TableKind.EXPENDITURE,
    TableKind.GENERAL_BUDGET_EXPENDITURE,
    TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE,
)


def check_row_parts(ctx: CheckContext, kinds: tuple[str, ...] = ROW_PART_KINDS) -> None:
    """A row's total column = the sum of its part columns (本年支出合计 = 基本支出 + 项目支出 + …)."""
    for kind, parts in (
        (TableKind.INCOME, cv.INCOME_PARTS),
        (TableKind.EXPENDITURE, cv.EXPENDITURE_PARTS),
        (TableKind.GENERAL_BUDGET_EXPENDITURE, cv.EXPENDITURE_PARTS),
        (TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE, cv.BASIC_HALVES),
    ):
        if kind not in kinds:
            continue
        # A row's items by their label too: a 基本支出 table printing its 人员经费 and 公用经费 halves
        # side by side holds two economic items on one grid row.
        rows: dict[tuple[str, int, str | None, str | None], list[LineItem]] = {}
        for item in ctx.items_of(kind):
            rows.setdefault((item.table_id, item.row, item.code, item.item_name), []).append(item)
        for (table_id, *_), items in rows.items():
            totals = [i for i in items if i.measure == Measure.TOTAL]
            # "其中/事业单位经营支出" beside 经营支出 is a part of a part (of which …), not one more
            # part; where 其中 heads every part (小计 | 其中：基本支出 | 项目支出), they are the parts.
            in_parts = [i for i in items if i.measure in parts]
            members = [i for i in in_parts if cv.OF_WHICH not in i.measure_raw] or in_parts
            if not any(i.measure == Measure.BASIC for i in items):
                members += [i for i in items if i.measure in cv.BASIC_HALVES and i not in members]
            if not totals or not members:
                continue
            head = totals[0]
            ctx.add(
                f"{kind}.row_parts.{row_key(head)}",
                Scope.TABLE,
                ctx.figure(head),
                total([ctx.figure(i) for i in members], table_id),
                f"{kind}: {head.code or ''} {head.item_name} total = Σ {', '.join(i.measure or '' for i in members)}",
                terms=len(members),
            )


def check_two_sided(ctx: CheckContext) -> None:
    """收入总计 = 支出总计; 本年收入合计 + 结转 = 总计; Σ income rows = 本年收入合计; same for expenditure."""
    totals_checked: set[str] = set()
    for kind, begin, end in (
        (
            TableKind.INCOME_EXPENDITURE_SUMMARY,
            (cv.NON_FISCAL_BALANCE, cv.CARRYOVER_BEGIN),
            (cv.SURPLUS_DISTRIBUTION, cv.CARRYOVER_END),
        ),
        (TableKind.FISCAL_APPROPRIATION_SUMMARY, (cv.FA_CARRYOVER_BEGIN,), (cv.FA_CARRYOVER_END,)),
        (TableKind.FISCAL_APPROPRIATION_SUMMARY, (cv.CARRYOVER_BEGIN,), (cv.CARRYOVER_END,)),
    ):
        income = side_items(ctx, kind, "income")
        spending = side_items(ctx, kind, "expenditure", Measure.TOTAL)
        income_total, spending_total = find(income, cv.GRAND_TOTAL), find(spending, cv.GRAND_TOTAL)
        # the fiscal summary comes twice, once per printed name of its carry-over rows: its
        # totals are one check
        if income_total and spending_total and kind not in totals_checked:
            totals_checked.add(kind)
            ctx.add(
                f"{kind}.income_total_equals_expenditure_total",
                Scope.TABLE,
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
            if not extras and kind == TableKind.FISCAL_APPROPRIATION_SUMMARY:
                continue  # this table's carry-over row has the other of its two printed names
            if grand is not None:
                ctx.add(
                    f"{kind}.{side}.subtotal_plus_carryover_equals_total",
                    Scope.TABLE,
                    ctx.figure(grand),
                    total([ctx.figure(subtotal)] + [ctx.figure(i) for i in extras], subtotal.table_id),
                    f"{kind}: {subtotal_name} + {' + '.join(extra)} = 总计 ({side})",
                    terms=1 + len(extras),
                )
            above = [i for i in side_rows if i.row < subtotal.row and i.table_id == subtotal.table_id]
            if above:
                ctx.add(
                    f"{kind}.{side}.rows_sum_to_subtotal",
                    Scope.TABLE,
                    ctx.figure(subtotal),
                    total([ctx.figure(i) for i in above], subtotal.table_id),
                    f"{kind}: Σ {side} rows above {subtotal_name} = {subtotal_name}",
                    terms=len(above),
                )


def check_basic_split(ctx: CheckContext) -> None:
    """人员经费合计 = Σ 301, 303; 公用经费合计 = Σ the other economic classes."""
    items = ctx.items_of(TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE)
    tops = [i for i in items if i.code_level == 1 and i.code]
    for name, members in (
        (cv.PERSONNEL_TOTAL, [i for i in tops if i.code in cv.PERSONNEL_CLASSES]),
        (cv.PUBLIC_TOTAL, [i for i in tops if i.code not in cv.PERSONNEL_CLASSES]),
    ):
        head = find(items, name)
        if head is not None:
            ctx.add(
                f"{TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE}.{name}",
                Scope.TABLE,
                ctx.figure(head),
                total([ctx.figure(i) for i in members], head.table_id) if members else None,
                f"一般公共预算基本支出: {name} = Σ {', '.join(i.code or '' for i in members) or 'nothing'}",
                terms=len(members),
                status=None if members else Status.SKIPPED,
            )


def check_year_change(ctx: CheckContext) -> None:
    """增减 = 本年 − 上年 for every item a table prints the year's figure, the year before's and
    their change of (Xi'an's 三公 table: 2021年 | 2022年 | 增减变化情况 column blocks, one row per
    unit; a year-comparison table: one row per year and a 变化 row)."""
    own = own_measure(ctx.document.doc_kind)
    for previous, current, change in year_triples(ctx.items, own):
        before, now = ctx.figure(previous), ctx.figure(current)
        difference = Figure(
            now.amount - before.amount,
            max(now.step, before.step),
            table_id=change.table_id,
            label=f"{now.label} − {before.label}",
        )
        ctx.add(
            f"{change.table_kind}.{row_key(change)}.row{change.row}.year_change",
            Scope.TABLE,
            ctx.figure(change),
            difference,
            f"{change.table_kind}: {change.item_name or row_key(change)} 增减 = {own} − previous_year",
            terms=2,
        )


def year_triples(items: list[LineItem], own: str) -> list[tuple[LineItem, LineItem, LineItem]]:
    """(year before, year, change) of each item printing all three: one item is one table, side,
    code, name and fund, on one row (the periods are columns) or else in one column (the periods
    are rows). An item with two figures of one period is ambiguous and left out."""
    periods = (Measure.PREVIOUS_YEAR, own, Measure.CHANGE)
    dated = [item for item in items if item.measure in periods]
    triples: list[tuple[LineItem, LineItem, LineItem]] = []
    for place in (attrgetter("row"), attrgetter("col")):
        groups: dict[tuple[object, ...], list[LineItem]] = {}
        for item in dated:
            key = (item.table_id, place(item), item.side, item.code, item.item_name, item.fund)
            groups.setdefault(key, []).append(item)
        complete = []
        for group in groups.values():
            found = [[i for i in group if i.measure == period] for period in periods]
            if all(len(period) == 1 for period in found):
                complete.append((found[0][0], found[1][0], found[2][0]))
        used = {id(item) for triple in complete for item in triple}
        dated = [item for item in dated if id(item) not in used]
        triples += complete
    return triples
