"""Narrative against tables (scope text_vs_table): every money fact of the 情况说明 that restates a
table cell agrees with that cell.
"""

from __future__ import annotations

from decimal import Decimal

from disclosure.normalizers import check_vocabulary as cv
from disclosure.normalizers import fact_vocabulary as fv
from disclosure.normalizers.checks.context import CheckContext, Scope, find, side_items
from disclosure.normalizers.checks.three_public import three_public_item, three_public_value
from disclosure.normalizers.checks.tolerance import ZERO, Figure, Status
from disclosure.normalizers.fact_labels import function_name_key
from disclosure.normalizers.kinds import Measure, TableKind
from disclosure.normalizers.records import (
    FactRecord,
    LineItem,
)


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
    totals = [
        i for i in ctx.items_of(TableKind.GENERAL_BUDGET_EXPENDITURE) if i.measure == Measure.TOTAL and i.code
    ]
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
        kind: str = TableKind.GENERAL_BUDGET_EXPENDITURE
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
    if kind == TableKind.THREE_PUBLIC:
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
