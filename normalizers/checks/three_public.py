"""The 三公 table: its figures (a blank cell of a printed table is zero, a blank subtotal the sum of
its printed parts) and its rule 合计 = 因公出国 + 公务用车购置及运行 + 公务接待.
"""

from __future__ import annotations

from decimal import Decimal

from disclosure.normalizers import check_vocabulary as cv
from disclosure.normalizers.checks.context import CheckContext, Scope
from disclosure.normalizers.checks.tolerance import ZERO, Figure, total
from disclosure.normalizers.kinds import Measure, TableKind
from disclosure.normalizers.records import (
    LineItem,
)

# A 三公 subtotal and the parts it sums; some templates leave the subtotal cell blank.
THREE_PUBLIC_SUBTOTALS = {
    cv.THREE_PUBLIC_VEHICLE: (cv.THREE_PUBLIC_PURCHASE, cv.THREE_PUBLIC_OPERATION),
}


def printed_three_public(ctx: CheckContext, name: str, measure: str) -> Figure | None:
    """The 三公 figure printed under name, or None where its cell is blank."""
    items = [i for i in ctx.items_of(TableKind.THREE_PUBLIC) if i.measure == measure and i.item_name == name]
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
    printed = ctx.items_of(TableKind.THREE_PUBLIC)
    tables = ctx.tables_of(TableKind.THREE_PUBLIC)
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


def printed_measures(ctx: CheckContext) -> set[str | None]:
    """The measures the 三公 table prints a figure of (预算数, 全年预算数, 决算数)."""
    return {item.measure for item in ctx.items_of(TableKind.THREE_PUBLIC)}


def check_three_public(ctx: CheckContext) -> None:
    """三公 合计 = 因公出国 + 公务用车购置及运行 + 公务接待; 公务用车购置及运行 = 购置 + 运行, for
    each measure the table prints a figure of (a budget's table has no 决算数 to check), the year
    before's and the change included (the parts of a change are the parts' changes)."""
    printed = printed_measures(ctx)
    for measure in (
        Measure.BUDGET,
        Measure.ADJUSTED_BUDGET,
        Measure.FINAL,
        Measure.PREVIOUS_YEAR,
        Measure.CHANGE,
    ):
        if measure not in printed:
            continue
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
                Scope.TABLE,
                expected,
                total(figures, expected.table_id),
                f"三公 ({measure}): {head} = {' + '.join(parts)}",
                terms=len(figures),
            )


def three_public_item(ctx: CheckContext, name: str, measure: str | None) -> LineItem | None:
    return next(
        (i for i in ctx.items_of(TableKind.THREE_PUBLIC) if i.measure == measure and i.item_name == name),
        None,
    )
