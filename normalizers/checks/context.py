"""What the checks read (a document's tables, line items, cells, facts, pages) and how they record a result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from disclosure.extractors.records import PageContent
from disclosure.normalizers import fact_vocabulary as fv
from disclosure.normalizers.checks.tolerance import Box, Figure, Status, figure_status, printed_step
from disclosure.normalizers.records import (
    CellRecord,
    CheckRecord,
    CheckRegion,
    DocumentRecord,
    FactRecord,
    LineItem,
    TableRecord,
)


class Scope(StrEnum):
    """What a check compares (the `scope` of `checks`)."""

    TABLE = "table"  # sums inside one table
    CROSS_TABLE = "cross_table"  # the same figure in two tables
    TEXT_VS_TABLE = "text_vs_table"  # a narrative fact against its table cell
    DOCUMENT = "document"  # completeness, agency and year, the narrative's own arithmetic
    SCORECARD = "scorecard"  # a scorecard's points and execution rate


@dataclass
class CheckContext:
    """Everything the checks read, indexed for lookups."""

    document: DocumentRecord
    tables: list[TableRecord]
    items: list[LineItem]
    cells: dict[tuple[str, int, int], CellRecord]
    facts: list[FactRecord]
    pages: list[PageContent]
    scorecard_checks: list[CheckRecord] = field(default_factory=list)  # see scorecard_rules
    results: list[CheckRecord] = field(default_factory=list)
    # folded_lines, made on first use (the document rules search every line with several patterns)
    folded: list[tuple[int, Box, str]] | None = field(default=None, repr=False)
    # items_of's groups: (the items list and its length when grouped, kind -> its items in order)
    by_kind: tuple[list[LineItem], int, dict[str, list[LineItem]]] | None = field(default=None, repr=False)

    def folded_lines(self) -> list[tuple[int, Box, str]]:
        """(page, line box, line text without whitespace, quotes folded) of every text line."""
        if self.folded is None:
            self.folded = [
                (
                    page.number,
                    (line.x0, line.top, line.x1, line.bottom),
                    "".join(line.text.split()).translate(fv.QUOTES),
                )
                for page in self.pages
                for line in page.lines
            ]
        return self.folded

    def tables_of(self, kind: str) -> list[TableRecord]:
        return [t for t in self.tables if t.table_kind == kind]

    def items_of(self, kind: str) -> list[LineItem]:
        """The items of one table kind, in order (a new list; the rules ask for each kind often)."""
        if self.by_kind is None or self.by_kind[0] is not self.items or self.by_kind[1] != len(self.items):
            groups: dict[str, list[LineItem]] = {}
            for item in self.items:
                groups.setdefault(item.table_kind, []).append(item)
            self.by_kind = (self.items, len(self.items), groups)
        return list(self.by_kind[2].get(kind, ()))

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
        scope: Scope,
        expected: Figure | None,
        actual: Figure | None,
        detail: str,
        terms: int = 1,
        status: Status | None = None,
    ) -> CheckRecord:
        """Record a check comparing two figures: the printed `expected` against `actual`, a sum of
        `terms` printed figures (tolerance.figure_status), unless the rule decided the `status`
        itself; skipped when there is nothing to compare."""
        difference = None
        if expected is not None and actual is not None:
            difference = actual.amount - expected.amount
            if status is None:
                status = figure_status(expected, actual, terms)
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
            status=status or Status.SKIPPED,
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


def name_is(item: LineItem, name: str) -> bool:
    return (item.item_name or "").startswith(name)


def side_items(
    ctx: CheckContext, kind: str, side: str, measure: str | None = None, every_column: bool = False
) -> list[LineItem]:
    """Items of one side of a two-sided table: the first amount column of the given measure or fund
    (of any measure when none is given or none matches); every such column with `every_column`."""
    items = [i for i in ctx.items_of(kind) if i.side == side]
    if measure is not None:
        # A fund ("一般公共预算") may head the column alone (measure) or under a period ("预算数/…",
        # whose fund is the column's `fund`).
        chosen = [i for i in items if i.measure == measure] or [i for i in items if i.fund == measure]
        items = chosen or items
    if items and not every_column:
        first_col = min(i.col for i in items)
        items = [i for i in items if i.col == first_col]
    return items


def find(items: Iterable[LineItem], name: str) -> LineItem | None:
    return next((i for i in items if name_is(i, name)), None)
