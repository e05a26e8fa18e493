"""Narrative against tables (scope text_vs_table): every money fact of the 情况说明 that restates a
table cell agrees with that cell.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from disclosure.normalizers import check_vocabulary as cv
from disclosure.normalizers import fact_vocabulary as fv
from disclosure.normalizers.checks.context import CheckContext, Scope, find, name_is, side_items
from disclosure.normalizers.checks.three_public import printed_measures, three_public_item, three_public_value
from disclosure.normalizers.checks.tolerance import ZERO, Figure, Status, figure_status, total
from disclosure.normalizers.fact_labels import function_name_key, resolve_function_code
from disclosure.normalizers.kinds import DocKind, Measure, TableKind
from disclosure.normalizers.records import (
    FactRecord,
    LineItem,
    TableRecord,
)

# A figure the table does not print is 0, with the step of a figure printed to 0.01 万元 (100 元).
UNPRINTED_STEP = Decimal("100")


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


def standard_name(ctx: CheckContext, kind: str) -> str:
    """A standard table's name (fv.TABLE_NAMES_ZH, the final accounts'), its budget counterpart's in
    a budget (预算 for 决算)."""
    name = fv.TABLE_NAMES_ZH.get(kind, kind)
    return name.replace(fv.FINAL_WORD, fv.BUDGET_WORD) if is_budget(ctx) else name


def table_reference(ctx: CheckContext, table_id: str | None, kind: str) -> str:
    """The table a check reads, by its printed title (or standard name), id and first page."""
    table = next((t for t in ctx.tables if t.table_id == table_id), None)
    name = (table.title if table and table.title else None) or standard_name(ctx, kind)
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


def function_row(ctx: CheckContext, fact: FactRecord, kind: str) -> LineItem | None:
    """A table's total cell of a 类/款/项 fact: by code, or by its name path resolved in this table,
    or by its one name (names compared without a trailing 支出). A path of two names that does not
    resolve names no row: its 项 under another 款 ("审计事务/事业运行" is not 2080150 社会保障和就业/…/
    事业运行). A table without a 合计 column (one 预算数 or 金额 column) gives each row's first
    amount."""
    items = ctx.items_of(kind)
    measure = cv.FUNCTION_FACT_MEASURES.get(fact.fact)
    if measure is not None:  # one column of the table (the income table's 财政拨款), none without it
        items = [i for i in items if i.measure == measure]
    coded = [i for i in items if i.code]
    if not coded and items:  # a table printing its 类, 款 and 项 by name only
        return named_path_row(first_amounts(items), (fact.subject or "").split("/"))
    totals = [i for i in coded if i.measure == Measure.TOTAL] or first_amounts(coded)
    subject = fact.subject or ""
    if subject.isdigit():
        return next((i for i in totals if i.code == subject), None)
    names = subject.split("/")
    level = cv.FUNCTION_FACT_LEVELS[fact.fact]
    # The path resolved in this table (the narrative's were looked up in the general budget's only).
    code = resolve_function_code([None] * (level - len(names)) + names, totals)
    if code is not None:
        return next(i for i in totals if i.code == code)
    if len(names) > 1:
        return None
    found = [
        i
        for i in totals
        if i.code_level == level
        and i.item_name
        and function_name_key(i.item_name) == function_name_key(names[-1])
    ]
    return found[0] if len(found) == 1 else None


def first_amounts(items: list[LineItem]) -> list[LineItem]:
    """Each row's first amount (its total where the table prints a 合计 column first, its only
    amount where it prints one 预算数 or 金额 column), in the table's order."""
    return list(leftmost_by(items, lambda item: f"{item.table_id}:{item.row}").values())


def named_path_row(rows: list[LineItem], names: list[str]) -> LineItem | None:
    """The row of a 类/款/项 name path in a table of names without codes, rows in the table's order
    (类, then its 款, each followed by its 项): each name's row is the first after its parent's."""
    start, found = 0, None
    for name in names:
        key = function_name_key(name)
        index = next(
            (n for n in range(start, len(rows)) if function_name_key(rows[n].item_name or "") == key), None
        )
        if index is None:
            return None
        found, start = rows[index], index + 1
    return found


def unprinted(table: TableRecord, label: str) -> Figure:
    """The 0 a table means by a row or cell it does not print (on its first page, no box)."""
    return Figure(ZERO, UNPRINTED_STEP, table.pages[0], None, table.table_id, label)


def function_counterpart(ctx: CheckContext, fact: FactRecord) -> tuple[Figure | None, str]:
    """The row of a 类/款/项 fact: its fund's spending table's (cv.FUNCTION_FACT_TABLES); for the
    general budget's in a budget, the 支出总表's where the narrative's figure is that row's and not
    the general budget's (cv.BUDGET_FUNCTION_TABLES); for every fund's, the 支出总表's, else the
    general budget's where nothing is spent beyond it (cv.EVERY_FUND_FUNCTION_TABLES); for the
    财政拨款's, the income table's 财政拨款 column (cv.FUNCTION_FACT_MEASURES)."""
    kinds: tuple[str, ...] = (cv.FUNCTION_FACT_TABLES[fact.fact],)
    every_fund = kinds[0] == TableKind.EXPENDITURE
    if every_fund:
        kinds = cv.EVERY_FUND_FUNCTION_TABLES
    elif is_budget(ctx) and kinds[0] == TableKind.GENERAL_BUDGET_EXPENDITURE:
        kinds = cv.BUDGET_FUNCTION_TABLES
    text = fact_figure(fact)
    found: list[LineItem] = []
    for kind in kinds:
        item = function_row(ctx, fact, kind)
        if item is not None:
            found.append(item)
            if text is not None and figure_status(ctx.figure(item), text) != Status.FAIL:
                return ctx.figure(item), cell_reference(ctx, item)
    kind = kinds[0]
    if (
        every_fund and not found
    ):  # the table that lists the 类/款/项 spent on: the 支出预算表, else the general budget's
        kind = next((k for k in kinds if lists_items(ctx, k)), kind)
    # Only the general budget's table to go by: its 类 may count every fund, which no table prints by class.
    general_only = bool(found) and not any(i.table_kind == TableKind.EXPENDITURE for i in found)
    if ((is_budget(ctx) or every_fund) and general_only) or kind != kinds[0]:
        other_funds = spending_beyond_general_budget(ctx)
        if other_funds:
            return None, f"no table prints the 类 of every fund ({other_funds})"
    if found:  # no table's row agrees: the first table's is the one the fact is checked against
        return ctx.figure(found[0]), cell_reference(ctx, found[0])
    tables = ctx.tables_of(kind)
    if not tables:
        return None, f"no {standard_name(ctx, kind)}"
    reference = table_reference(ctx, tables[0].table_id, kind)
    measure = cv.FUNCTION_FACT_MEASURES.get(fact.fact)
    if measure is not None and not any(i.measure == measure for i in ctx.items_of(kind)):
        return None, f"{reference}: no {measure} column"
    if not (fact.subject or "").isdigit() and fact.fact not in cv.FUNCTION_CLASS_FACTS and fact.value:
        # A 款 or 项 known by name only, spent on: the table may print it under another name.
        return None, f"{reference}: no row named {fact.subject}"
    # The table lists the 类/款/项 it spends on: one it does not print is spent nothing (a narrative's
    # "城乡社区支出（类）支出0万元，与上年相比减少…" beside a table without 212).
    return unprinted(
        tables[0], f"{kind}[{fact.subject}] absent"
    ), f"{reference}: no row {fact.subject} (not printed: 0)"


def lists_items(ctx: CheckContext, kind: str) -> bool:
    """Does the document's table of this kind print any row besides its 合计?"""
    return any(item.code or (item.item_name or cv.TOTAL) != cv.TOTAL for item in ctx.items_of(kind))


def economic_counterpart(ctx: CheckContext, fact: FactRecord) -> tuple[Figure | None, str]:
    """The row of an economic-class fact, by its code, in the general budget's table by economic
    class (cv.ECONOMIC_FACT_TABLE). The table lists the classes it spends on: one of its own
    classification and level that it does not print is spent nothing."""
    tables = ctx.tables_of(cv.ECONOMIC_FACT_TABLE)
    if not tables:
        return None, "no table of the general budget by economic class"
    reference = table_reference(ctx, tables[0].table_id, cv.ECONOMIC_FACT_TABLE)
    coded = [i for i in ctx.items_of(cv.ECONOMIC_FACT_TABLE) if i.code]
    totals = [i for i in coded if i.measure == Measure.TOTAL] or first_amounts(coded)
    code = fact.subject or ""
    item = next((i for i in totals if i.code == code), None)
    if item is not None:
        return ctx.figure(item), cell_reference(ctx, item)
    members = second_code_members(totals, code)
    if members:
        codes = ", ".join(f"{i.code} ({i.alt_code}) = {i.amount_raw}" for i in members)
        return total([ctx.figure(i) for i in members], members[0].table_id), f"{reference} Σ {codes}"
    if not any(i.code and i.code[0] == code[:1] and len(i.code) == len(code) for i in totals):
        return None, f"{reference}: prints no code of {code}'s classification and level"
    return unprinted(
        tables[0], f"{cv.ECONOMIC_FACT_TABLE}[{code}] absent"
    ), f"{reference}: no row {code} (not printed: 0)"


def second_code_members(rows: list[LineItem], code: str) -> list[LineItem]:
    """The rows a class of the second economic classification sums, where the table prints it only
    as each row's second code ("30101 基本工资" under 50101 and again under 50501, Xi'an): the rows
    with that second code, else those whose 款-level second code lies in the class."""
    same = [i for i in rows if i.alt_code == code]
    if same:
        return same
    return [i for i in rows if i.alt_code and len(i.alt_code) > len(code) and i.alt_code.startswith(code)]


def spending_beyond_general_budget(ctx: CheckContext) -> str | None:
    """Where a budget spends more than its general budget (the 支出总表's 合计 above the
    general-budget table's), the two totals as printed; else None."""
    totals = []
    for kind in (TableKind.EXPENDITURE, TableKind.GENERAL_BUDGET_EXPENDITURE):
        rows = leftmost_by(
            [i for i in ctx.items_of(kind) if (i.item_name or "") == cv.TOTAL and not i.code],
            lambda item: item.table_id,
        )
        totals.append(next(iter(rows.values()), None))
    every_fund, general = totals
    if every_fund is None or general is None or every_fund.amount == general.amount:
        return None
    return f"支出 合计 {every_fund.amount_raw}, 一般公共预算 合计 {general.amount_raw}"


def is_budget(ctx: CheckContext) -> bool:
    return ctx.document.doc_kind == DocKind.BUDGET


def row_names(ctx: CheckContext, side: str | None, name: str) -> tuple[str, ...]:
    """The printed names a fact's row goes by, most specific first: a budget summary's grand total
    and carry-overs by its template's names (cv.BUDGET_GRAND_TOTALS, cv.BUDGET_CARRYOVER_BEGIN,
    cv.BUDGET_CARRYOVER_END); any other row by its one name."""
    if is_budget(ctx) and name == cv.GRAND_TOTAL and side in cv.BUDGET_GRAND_TOTALS:
        return cv.BUDGET_GRAND_TOTALS[side]
    if is_budget(ctx) and name == cv.CARRYOVER_BEGIN:
        return cv.BUDGET_CARRYOVER_BEGIN
    if is_budget(ctx) and name == cv.CARRYOVER_END:
        return cv.BUDGET_CARRYOVER_END
    return (name,)


def named_row(items: list[LineItem], names: tuple[str, ...]) -> LineItem | None:
    """The row of the first name some item goes by: an uncoded row of exactly that name, else the
    first whose name begins with it."""
    for name in names:
        item = next((i for i in items if (i.item_name or "") == name and not i.code), None) or find(
            items, name
        )
        if item is not None:
            return item
    return None


def table_counterpart(ctx: CheckContext, fact: FactRecord) -> tuple[Figure | None, str]:
    """The one table cell a fact restates (cv.FACT_CELLS, for budgets cv.BUDGET_FACT_CELLS: one
    table kind and one row per fact) and the exact table, row and column it is; or None and why,
    naming the table and row looked for."""
    budget = is_budget(ctx)
    if fact.fact in cv.FUNCTION_FACTS or fact.fact in cv.ECONOMIC_FACTS:
        if fact.period != "current":
            return None, "budget figures of items are not in the tables"
        if fact.fact in cv.ECONOMIC_FACTS:
            return economic_counterpart(ctx, fact)
        return function_counterpart(ctx, fact)
    kind, side, name, measure = (cv.BUDGET_FACT_CELLS if budget else cv.FACT_CELLS)[fact.fact]
    if kind == TableKind.THREE_PUBLIC:
        measure = (cv.BUDGET_PERIOD_MEASURES if budget else cv.PERIOD_MEASURES).get(fact.period)
        if measure in cv.PERIOD_FALLBACK and measure not in printed_measures(ctx):
            measure = cv.PERIOD_FALLBACK[measure]
        figure = three_public_value(ctx, name, measure) if measure else None
        if figure is None:
            return None, "no 三公 table"
        item = three_public_item(ctx, name, measure)
        if item is not None:
            return figure, cell_reference(ctx, item)
        return figure, f"{table_reference(ctx, figure.table_id, kind)} row “{name}” ({measure}): blank"
    if fact.period not in stated_periods(ctx):
        return None, "the table prints only the final figure"
    tables = ctx.tables_of(kind)
    if not tables:
        return None, f"no {kind} table"
    item = located_item(ctx, kind, side, name, measure)
    if item is None and budget and fact.fact in cv.BASIC_HALF_CLASSES:
        return economic_class_sum(ctx, fact.fact)
    if item is None and measure in cv.COLUMN_PARTS:
        summed = column_parts_sum(ctx, kind, name, measure)
        if summed is not None:
            return summed
    if item is None and budget and fact.fact in cv.BUDGET_FACT_SECOND_CELLS:
        # the table prints neither the row's column nor its parts: the cell another table prints
        item = located_item(ctx, *cv.BUDGET_FACT_SECOND_CELLS[fact.fact])
    if item is None:
        reference = table_reference(ctx, tables[0].table_id, kind)
        return unprinted(
            tables[0], f"{kind}[{name}] blank"
        ), f"{reference} row “{name}” column “{measure or side or ''}”: blank"
    return ctx.figure(item), cell_reference(ctx, item)


def located_item(
    ctx: CheckContext, kind: str, side: str | None, name: str, measure: str | None
) -> LineItem | None:
    """The cell of a row (by name, row_names) on a side of a table, in a measure's column (the
    row's first amount when neither side nor measure is given); None when the table prints no such
    row. A budget's side printed as two column groups (功能分类 | 支出用途) has its total under the
    second."""
    if side:
        items = side_items(ctx, kind, side, measure)
    elif measure is None:
        items = ctx.items_of(kind)
    else:
        items = [i for i in ctx.items_of(kind) if i.measure == measure]
    item = named_row(items, row_names(ctx, side, name))
    if item is None and is_budget(ctx) and side:
        item = named_row(side_items(ctx, kind, side, measure, every_column=True), row_names(ctx, side, name))
    return item


def economic_class_sum(ctx: CheckContext, fact_name: str) -> tuple[Figure | None, str]:
    """A budget's 人员经费 or 公用经费 where its 基本支出 table prints no such column: the sum of the
    economic classes it is made of (cv.BASIC_HALF_CLASSES), each class's first amount (its total,
    or its half's where the table prints two halves side by side)."""
    kind = TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE
    classes = [item for item in ctx.items_of(kind) if item.code and item.code_level == 1]
    first = leftmost_by(classes, lambda item: item.code or "")
    personnel = cv.BASIC_HALF_CLASSES[fact_name]
    members = [item for code, item in sorted(first.items()) if (code in cv.PERSONNEL_CLASSES) == personnel]
    if not members:
        return None, f"no economic class of {fact_name} in the {standard_name(ctx, kind)}"
    reference = table_reference(ctx, members[0].table_id, kind)
    codes = ", ".join(f"{item.code} = {item.amount_raw}" for item in members)
    return total([ctx.figure(item) for item in members], members[0].table_id), f"{reference} Σ {codes}"


def column_parts_sum(
    ctx: CheckContext, kind: str, name: str, measure: str
) -> tuple[Figure | None, str] | None:
    """A row's column the table does not print, as the sum of the columns it splits into
    (cv.COLUMN_PARTS: 财政拨款 into the funds' columns, each fund's first — its 小计 before its 其中;
    基本支出 into 人员经费 and 公用经费); None when the row prints none of them."""
    key, parts = cv.COLUMN_PARTS[measure]
    columns = [item for item in ctx.items_of(kind) if part_key(item, key) in parts and name_is(item, name)]
    first = leftmost_by(columns, lambda item: part_key(item, key))
    if not first:
        return None
    members = [first[part] for part in parts if part in first]
    reference = table_reference(ctx, members[0].table_id, kind)
    printed = ", ".join(f"“{item.measure_raw or item.measure}” = {item.amount_raw}" for item in members)
    return total([ctx.figure(item) for item in members], members[0].table_id), (
        f"{reference} row “{name}” Σ {printed}"
    )


def part_key(item: LineItem, key: str) -> str:
    """What names a column as a part: its fund (else its measure) for "fund", its measure else."""
    if key == "fund":
        return item.fund or item.measure or ""
    return item.measure or ""


def leftmost_by(items: list[LineItem], key: Callable[[LineItem], str]) -> dict[str, LineItem]:
    """Per key, the item of the leftmost column (a row's total before the columns that split it)."""
    first: dict[str, LineItem] = {}
    for item in items:
        found = key(item)
        if found not in first or item.col < first[found].col:
            first[found] = item
    return first


def stated_periods(ctx: CheckContext) -> frozenset[str]:
    """The periods of facts the tables print (other than 三公's, whose table prints both): the
    final accounts' year; a budget's year, which its narrative states as "current" or 预算数."""
    return frozenset(cv.BUDGET_PERIOD_MEASURES) if is_budget(ctx) else frozenset({"current"})


def check_text_vs_tables(ctx: CheckContext) -> None:
    """Every narrative money fact that has a table counterpart agrees with it."""
    for fact in ctx.facts:
        if fact.fact not in cv.FACT_CELLS and fact.fact not in cv.FUNCTION_FACTS | cv.ECONOMIC_FACTS:
            continue
        if fact.period not in stated_periods(ctx) and not fact.fact.startswith("three_public"):
            continue  # in final accounts only the 三公 table prints budget figures
        text = fact_figure(fact)
        if text is None:
            continue
        cell, reference = table_counterpart(ctx, fact)
        subject = f" {fact.subject}" if fact.subject else ""
        check_id = f"text.{fact.fact}{('.' + fact.subject) if fact.subject else ''}.{fact.period}"
        if cell is None:
            ctx.add(
                check_id,
                Scope.TEXT_VS_TABLE,
                text,
                None,
                f"{fact.fact}{subject} ({fact.period}): {reference}",
                status=Status.SKIPPED,
            )
            continue
        ctx.add(
            check_id,
            Scope.TEXT_VS_TABLE,
            cell,
            text,
            f"narrative {fact.fact}{subject} ({fact.period}) {fact.value}{fact.unit} (page {fact.page}) vs {reference}",
        )
